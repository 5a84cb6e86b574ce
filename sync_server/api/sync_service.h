// SyncService: protocol v1 as plain request → response, with no HTTP library in it, so the
// rules (signatures, replay, rights, idempotent push, paginated pull) are testable directly and
// the HTTP layer stays thin. docs/protocol.md describes every request it answers.
//
// Thread safety: handle() may be called from many threads at once.
#pragma once

#include "api/api_types.h"
#include "catalog/catalog.h"
#include "domain/discussion.h"
#include "ops/server_keys.h"
#include "storage/sync_storage.h"
#include "sync/messages_pull.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace osm::server {

struct ServiceOptions {
    std::function<std::int64_t()> now;  // unix seconds
    // Correctly signed requests, per device; and refused unauthenticated ones, per source address.
    double requestsPerSecond = 20;  // sustained
    double burst = 60;
    // The weakest Argon2id parameters a PIN set through /pins may carry (tests lower it).
    crypto::KdfParams pinKdfFloor = sync::pinKdfFloor();
};

class SyncService {
public:
    SyncService(SyncStorage& storage, const ServerKeys& keys, ServiceOptions options);

    ApiResponse handle(const ApiRequest& request);

    // The checks a push makes of a record before storing it, for one the server writes itself on
    // its author's behalf (the leaders' web): who may write it (kind, id, roster), its form (kind
    // and the subject's role), and for a submission (`plain` not empty) its content against the
    // catalogue. nullopt: it may be stored; else the refusal and a message naming the field.
    std::optional<std::pair<sync::Refusal, std::string>> writtenOnServerRefusal(const sync::RecordEnvelope& envelope,
                                                                                const sync::RosterEntry& owner,
                                                                                const std::string& plain);

private:
    struct Caller {
        DeviceRecord device;
        std::optional<sync::RosterEntry> person;  // present when the person signed too
    };
    ApiResponse dispatch(const ApiRequest& request);
    ApiResponse enrol(const ApiRequest& request);
    ApiResponse push(const Caller& caller, const ApiRequest& request);
    ApiResponse pull(const Caller& caller, const ApiRequest& request);
    ApiResponse pins(const Caller& caller, const ApiRequest& request);
    ApiResponse catalog(const ApiRequest& request);
    // A 200 answer with the server instance added (kiosks compare it with the one they know).
    template <typename Answer>
    ApiResponse answerWithInstance(Answer answer);
    Result<Caller> authenticate(const ApiRequest& request, sync::Refusal& refusal);
    // The person a request names, when their signature verifies and they are of the device's unit.
    Result<sync::RosterEntry> authenticatePerson(const ApiRequest& request, const std::string& signedText,
                                                 const DeviceRecord& device);
    // Takes one token from the bucket of `key` (a device id, or "source:" and an address).
    bool allowRate(const std::string& key);
    std::optional<std::string> writeRefusal(const sync::RecordEnvelope& envelope, const sync::RosterEntry& owner);
    // The catalogue a record of `year` is checked against: the year's published one, or the
    // newest earlier one (as kiosks and HR use); null when none is published. Parsed once per
    // published text (cached by hash), looked up once per push request (`memo`).
    using CatalogMemo = std::map<int, std::shared_ptr<const catalog::Catalog>>;
    std::shared_ptr<const catalog::Catalog> catalogFor(int year, CatalogMemo& memo);
    // A submission's content that is not of its kind, not about what its id says, or (with a
    // catalogue published) names what its form does not have: an answer key, a competence, a
    // method, a rating off the scale, a group kind (the field is named).
    // `webAuthor`: the author of a record written on the leaders' web, null for a terminal's push.
    // A group discussion naming a service area (a cross-unit group's) is written only on the web,
    // by a member of that group with members of it as participants; the web writes no other.
    std::optional<std::pair<sync::Refusal, std::string>> contentRefusal(const sync::RecordEnvelope& envelope,
                                                                        const std::string& plain, CatalogMemo& memo,
                                                                        const sync::RosterEntry* webAuthor);
    std::optional<std::pair<sync::Refusal, std::string>> crossUnitRefusal(const domain::GroupDiscussion& discussion,
                                                                          const sync::RosterEntry* webAuthor);
    // A pre-form or group discussion on a form that is not of its kind, not in the catalogue, or
    // not for its author's role (a manager's form for an employee, or the other way round).
    std::optional<std::pair<sync::Refusal, std::string>> formRefusal(const sync::RecordEnvelope& envelope,
                                                                     const sync::RosterEntry& owner, CatalogMemo& memo);
    // A submitted record's content, opened with the storage key.
    Result<std::string> openSubmitted(const ServerRecord& record);
    // What the person's role lets them read, decrypted for them, and their team's states; each
    // record handed to anyone but its author is logged as read through `channel` (an error: not logged).
    Status addReadable(const sync::RosterEntry& me, const std::string& channel, sync::PullAnswer& answer);
    // A record's owner as the device's unit knows them: on its roster, or departed from it
    // (their last entry there); no entry when neither. `failed`: the storage failed.
    struct OwnerLookup {
        bool failed = false;
        std::optional<sync::RosterEntry> entry;
    };
    OwnerLookup lookUpOwner(const Caller& caller, const std::string& staffNumber);
    // What a push batch's records are checked against that does not depend on their order: each
    // owner looked up once, and each record's author signature checked (on two threads: they are
    // most of a push's CPU time). push_checks.cpp.
    struct BatchChecks {
        std::map<std::string, OwnerLookup> owners;  // by staff number
        std::vector<std::uint8_t> signatureOk;      // by index in the batch
    };
    BatchChecks checkBatch(const Caller& caller, const std::vector<sync::PushedRecord>& batch);
    // Checks one pushed record (owner, hash, author's signature, submitted content) against the
    // stored one, or against `earlier` (the same id earlier in the batch), and returns it as it
    // will be stored, or fills `result` with the refusal. `owner` and `signatureOk` come from
    // checkBatch.
    std::optional<ServerRecord> prepareRecord(const Caller& caller, const sync::RecordEnvelope& envelope,
                                              const OwnerLookup& owner, bool signatureOk, const ServerRecord* earlier,
                                              CatalogMemo& catalogs, sync::PushResult& result);

    SyncStorage& m_storage;
    const ServerKeys& m_keys;
    ServiceOptions m_options;
    std::mutex m_catalogMutex;
    std::map<std::string, std::shared_ptr<const catalog::Catalog>> m_parsedCatalogs;  // by the text's hash
    std::mutex m_rateMutex;
    struct Bucket {
        double tokens;
        double at;
    };
    std::map<std::string, Bucket> m_buckets;
    crypto::PublicKey m_decoyKey{};  // checked against when a named person has no key here
};

// The enrolment code as stored (hashed); codes are typed with or without dashes, any case.
std::string enrolmentCodeHash(const std::string& code);

}  // namespace osm::server

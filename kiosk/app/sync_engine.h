// SyncEngine: the kiosk's side of protocol v1 (docs/protocol.md), without any HTTP code: it
// builds and signs requests, hands them to a SyncTransport, and applies the answers to its own
// connection to the kiosk's store. Offline first: every failure leaves the queue as it was.
//
// Thread safety: one thread at a time (the SyncWorker's).
#pragma once

#include "crypto/signing.h"
#include "sync/messages_pull.h"
#include "sync/messages_push.h"

#include "local_store.h"
#include "record_sealing.h"  // envelopeOf, recordSigningTextOf
#include "tpm_device.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace osm::kiosk {

struct HttpReply {
    int status = 0;
    std::string body;
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// The network, as the engine needs it. An implementation returns an Io error when the server
// cannot be reached (no connection, timeout, reset) and a reply for any HTTP answer.
class SyncTransport {
public:
    virtual ~SyncTransport() = default;
    // Called by one thread at a time, not always the same one: a push sends its batches from a
    // helper thread while the engine's prepares the next (SyncEngine::pushRecords).
    virtual Result<HttpReply> post(const std::string& baseUrl, const std::string& path, const HttpHeaders& headers,
                                   const std::string& body) = 0;
    // A sync's (or a person pull's) last request has been answered, and the next comes in tens of
    // seconds: a transport lets go of its connection now, so that the server's worker is not
    // held for the keep-alive tail (docs/decisions.md, "A kiosk closes its connection").
    virtual void endOfBurst() {}
};

// From a manager's person pull: where each direct report stands (docs/protocol.md).
using TeamStatus = sync::TeamStatus;

struct SyncReport {
    bool reachable = false;
    std::string refusal;  // a protocol error code when the server refused us (e.g. revoked_device)
    int stored = 0;       // records the server took (new versions)
    int unchanged = 0;    // already there (a retried push)
    int conflicts = 0;
    int refused = 0;
    int rosterChanges = 0;
    int departed = 0;  // people who left this unit, removed from the roster here
    int erased = 0;    // records of people no longer here, erased once the server held them
    int purged = 0;    // records of years past the server's retention period
    int pinsSent = 0;
    int receivedRecords = 0;  // from a person pull
    int catalogsUpdated = 0;  // new or changed catalogue years stored
    // Their texts (loaded whole): the year in use is swapped in when no one is signed in
    // (KioskApp::applySyncReport); another year is taken at the next start.
    std::vector<std::pair<int, std::string>> catalogTexts;
    bool serverRestored = false;  // the server's instance changed: what it acknowledged went out again
    // From a person pull: what their role lets them read (a manager's reports' submitted
    // pre-forms, a director's unit's group discussions), as plaintext JSON. Never written to
    // disk; the app keeps it in the session and wipes it at logout.
    std::string sharedFor;  // the staff number these were pulled for
    std::vector<sync::RecordEnvelope> shared;
    std::vector<TeamStatus> teamStatus;
    // Who the server handed the person's records to, and when (in memory only, like the rest).
    std::vector<sync::RecordReads> reads;
    // The person's own records on the server, without content ("own_records").
    std::vector<sync::OwnRecordListing> ownRecords;
    // The completions from Priima and Oss of the person and a manager's reports ("completions").
    std::vector<sync::Completion> completions;
};

// Overwrites the plaintext of the shared records (others' submitted forms) in a report.
void wipeShared(SyncReport& report);

class SyncEngine {
public:
    // `deviceKeyPath` holds the device's Ed25519 seed (mode 0600, device_key.h), beside the store. A roster
    // entry's PIN verifier with Argon2id parameters below `pinKdfFloor` is not taken (tests lower it).
    SyncEngine(KioskStore store, std::filesystem::path deviceKeyPath, SyncTransport& transport,
               crypto::KdfParams pinKdfFloor = sync::pinKdfFloor());

    bool enrolled();
    // What the kiosk tells the server at enrolment about its TPM: "tpm" or "none" (tpm_report.h).
    void setTpmKind(std::string kind) { m_tpmKind = std::move(kind); }
    // The terminal's TPM: the device key is sealed to it (device_key.h) and the roster's
    // credentials are sealed to it as they arrive (roster_seal.h). Null: neither.
    void setTpm(std::shared_ptr<tpm::TpmDevice> tpm) { m_tpm = std::move(tpm); }
    // POST /api/v1/enrol with a one-time code; creates the device key; stores the device.
    Result<DeviceInfo> enrol(const std::string& serverUrl, const std::string& code, std::int64_t now);
    // Push everything queued (records and PINs set here), then pull roster changes.
    SyncReport syncOnce(std::int64_t now);
    // Pull the person's own records (and what their role lets them read), signed with their key.
    SyncReport pullForPerson(const std::string& staffNumber, const crypto::SigningKeyPair& personKey, std::int64_t now);

private:
    // One sync or one person pull: the device key is read (on a TPM terminal, unsealed) once for
    // all its requests and dropped at the end, when the transport is also told (endOfBurst).
    class Burst {
    public:
        explicit Burst(SyncEngine& engine) : m_engine(engine) {}
        ~Burst() {
            m_engine.m_burstKey.reset();
            m_engine.m_transport.endOfBurst();
        }
        Burst(const Burst&) = delete;
        Burst& operator=(const Burst&) = delete;

    private:
        SyncEngine& m_engine;
    };

    Result<HttpReply> signedPost(const DeviceInfo& device, const std::string& path, const std::string& body,
                                 std::int64_t now, const crypto::SigningKeyPair* person = nullptr,
                                 const std::string& staffNumber = {});
    Result<HttpHeaders> signedHeaders(const DeviceInfo& device, const std::string& path, const std::string& body,
                                      std::int64_t now, const crypto::SigningKeyPair* person = nullptr,
                                      const std::string& staffNumber = {});
    Result<crypto::SigningKeyPair> deviceKey();
    // One push batch, read from the queue, encoded and signed (preparePush); once sent, only
    // `records` is kept, to apply the answer to.
    struct PushBatch {
        std::vector<StoredRecord> records;
        HttpHeaders headers;
        std::string body;
    };
    void pushRecords(const DeviceInfo& device, std::int64_t now, SyncReport& report);
    // The next batch after `after` (moved past it), leaving out records of the batch still in
    // flight; nothing when the queue has no more, or on an error (recorded in the report).
    std::optional<PushBatch> preparePush(const DeviceInfo& device, std::int64_t now, KioskStore::QueuePosition& after,
                                         const std::vector<StoredRecord>* inFlight, SyncReport& report);
    // Applies the server's answer to a batch in one durable commit; false when that failed.
    bool acknowledgePush(const std::vector<StoredRecord>& sent, const sync::PushAnswer& answer, SyncReport& report);
    void pushPins(const DeviceInfo& device, std::int64_t now, SyncReport& report);
    void pullRoster(DeviceInfo& device, std::int64_t now, SyncReport& report);
    // Stores one roster entry as this terminal keeps it; false when the TPM could not seal it.
    bool storeRosterEntry(sync::RosterEntry& entry, SyncReport& report);
    // Notes the server instance an answer names (KioskStore::noteServerInstance); true when it
    // changed. Inside the caller's transaction.
    bool noteInstance(const std::string& instance, SyncReport& report);
    void fetchCatalogs(const DeviceInfo& device, const std::vector<sync::CatalogListing>& listed, std::int64_t now,
                       SyncReport& report);

    KioskStore m_store;
    std::filesystem::path m_keyPath;
    SyncTransport& m_transport;
    crypto::KdfParams m_pinKdfFloor;
    std::string m_tpmKind;
    std::shared_ptr<tpm::TpmDevice> m_tpm;
    std::optional<crypto::SigningKeyPair> m_burstKey;  // only while a Burst lasts
};

}  // namespace osm::kiosk

// The pull and catalogue messages of protocol v1 (docs/protocol.md, "POST /api/v1/pull" and
// "POST /api/v1/catalog"): roster entries, the pull request and its paginated answer with a
// person's drafts, what they may read and their team's states, and a catalogue year's fetch.
#pragma once

#include "sync/messages_push.h"
#include "sync/roster.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osm::sync {

// A roster entry: "pin" and "setup_code" are null when empty.
nlohmann::json toJson(const RosterEntry& entry);
Result<RosterEntry> rosterEntryFromJson(const nlohmann::json& json, std::string_view where);
bool sameEntry(const RosterEntry& a, const RosterEntry& b);

// {"cursor": n, "limit"?: n, "person"?: "staff number"}
struct PullRequest {
    std::int64_t cursor = 0;
    std::optional<int> limit;  // 1..kMaxPullLimit; the server takes 100 when left out
    std::string person;        // "" for a roster pull; a person's pull needs their signature
    bool operator==(const PullRequest&) const = default;
};

std::string encode(const PullRequest& request);
// Needs a whole "cursor" of 0 or more; "limit", when given, a whole number 1..kMaxPullLimit; a
// "person" that is not a string is taken as none (as servers always have).
Result<PullRequest> decodePullRequest(std::string_view body);

// A published catalogue year in a pull answer: {"year", "hash"}.
struct CatalogListing {
    int year = 0;
    std::string hash;  // hash() of the catalogue file's text
    bool operator==(const CatalogListing&) const = default;
};

// From a manager's person pull: where each direct report stands in a year.
struct TeamStatus {
    std::string staffNumber;
    int year = 0;
    std::string preForm = "none";        // "none", "draft", "submitted"
    std::uint64_t agreementVersion = 0;  // the submitted agreement's version (0: none)
    std::uint64_t confirmedVersion = 0;  // the version the employee confirmed (0: none)
    bool operator==(const TeamStatus&) const = default;
};

// From a person pull: one version of a record about the person (their own, or an agreement about
// them) handed to one reader through one channel, `count` times from `firstAt` to `lastAt`.
struct RecordReads {
    std::string record;  // the record's id
    std::uint64_t version = 0;
    std::string reader;      // a staff number, or "hr:<account>"
    std::string readerName;  // "" when the server does not know it
    std::string channel;     // the kiosk's device id, or "web"
    std::int64_t firstAt = 0;
    std::int64_t lastAt = 0;
    std::int64_t count = 0;
    bool operator==(const RecordReads&) const = default;
};

// From a person pull: one of the person's own records as the server holds it, without its
// content ("own_records"), so a terminal can list what was written elsewhere.
struct OwnRecordListing {
    std::string id;
    RecordKindWire kind = RecordKindWire::Development;
    std::string formId;
    int year = 0;
    std::uint64_t version = 0;
    RecordStateWire state = RecordStateWire::Draft;
    std::int64_t savedAt = 0;  // when the server stored this version (unix seconds)
    bool operator==(const OwnRecordListing&) const = default;
};

// From a person pull: a course or training someone completed, as imported from the city's systems
// (docs/integrations.md): a Priima course completion (`source` "priima", `course` its code, the goal's
// method being "priima.<course>") or a training from Oss (`source` "oss", `name` and `minutes`).
struct Completion {
    std::string staffNumber;
    std::string source;  // "priima" or "oss"
    std::string course;  // Priima's course code (a–z, 0–9, _); "" for Oss
    std::string name;    // Oss's training name; "" for Priima (the catalogue names the course)
    std::string date;    // completed on, "YYYY-MM-DD"
    int minutes = 0;     // Oss's hours as minutes; 0 when not given
    bool operator==(const Completion&) const = default;
};
// A completion's hours as a Finnish text writes them, to a tenth: "7,5", "2"; "" for none.
std::string hoursText(const Completion& completion);

struct PullAnswer {
    std::vector<RosterEntry> roster;  // changed since the cursor, oldest first
    // Staff numbers that left the device's unit since the cursor (left the organisation or moved
    // to another unit): "departed", left out when empty, so older kiosks read the answer as before.
    std::vector<std::string> departed;
    // The first year whose records the server keeps (0: none purged): "kept_from", left out when 0.
    int keptFrom = 0;
    std::int64_t nextCursor = 0;
    bool more = false;  // ask again at once
    std::vector<CatalogListing> catalogs;
    std::vector<RecordEnvelope> records;  // with a person: their own drafts, sealed by them
    // With a person (forPerson): "shared" (submitted records they may read, payload in plain)
    // and "team_status" are on the wire; without one both are left out.
    bool forPerson = false;
    std::vector<RecordEnvelope> shared;
    std::vector<TeamStatus> teamStatus;
    // With a person: who was handed their records' content (docs/protocol.md, "reads"); left out
    // when empty, so older kiosks read the answer as before.
    std::vector<RecordReads> reads;
    // With a person: every record they own on the server, any state, without content
    // (docs/protocol.md, "own_records"); left out when empty.
    std::vector<OwnRecordListing> ownRecords;
    // With a person: the completions of the person and, for a manager, of their direct reports
    // (docs/protocol.md, "completions"); left out when empty.
    std::vector<Completion> completions;
    std::string serverInstance;
};
bool operator==(const PullAnswer& a, const PullAnswer& b);

std::string encode(const PullAnswer& answer);
// Needs "roster" (an array) and a whole "next_cursor"; the rest may be left out. Items that do
// not read (a roster entry, a catalogue listing, a record, a team status, a read) are left out, as a
// kiosk always has. The decoded text's copies of shared payloads are wiped before returning.
Result<PullAnswer> decodePullAnswer(std::string_view body);

// {"year": n}
struct CatalogRequest {
    int year = 0;
    bool operator==(const CatalogRequest&) const = default;
};

std::string encode(const CatalogRequest& request);
Result<CatalogRequest> decodeCatalogRequest(std::string_view body);

// {"year": n, "hash": "...", "catalog": "<the catalogue file as a JSON string>"}
struct CatalogAnswer {
    int year = 0;
    std::string hash;
    std::string catalog;
    bool operator==(const CatalogAnswer&) const = default;
};

std::string encode(const CatalogAnswer& answer);
// Needs "catalog" as a string; "year" and "hash" read as 0 and "" when left out (a kiosk checks
// the text against the hash the pull listed).
Result<CatalogAnswer> decodeCatalogAnswer(std::string_view body);

}  // namespace osm::sync

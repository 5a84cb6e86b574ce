// KioskStore: the terminal's own SQLite file. It keeps the roster of the terminal's unit (with
// salts and PIN verifiers, never PINs), the login guard per person, and each person's records
// as sealed blobs: ids, owners, versions and states are readable, content never is.
//
// Thread safety: one thread at a time; in the kiosk only the Worker thread touches it.
#pragma once

#include "core/result.h"
#include "crypto/encoding.h"
#include "domain/organisation.h"
#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace osm::kiosk {

struct Credential {
    std::string kdfParams;  // KdfParams::toString()
    std::string saltHex;
    std::string verifierHex;
    bool empty() const { return verifierHex.empty(); }
};

struct RosterEntry {
    domain::Person person;
    Credential pin;        // empty until the person has set a PIN
    Credential setupCode;  // a one-time code for first use; empty when none is pending
};

struct GuardState {
    int failures = 0;              // wrong PINs in a row
    std::int64_t lastFailureAt = 0;  // unix seconds
    std::int64_t lockedUntil = 0;    // unix seconds; 0 when not locked
};

enum class RecordKind { Development, Group };
enum class RecordState { Draft, Ready, Sent, Received };
const char* recordKindName(RecordKind kind);
const char* recordStateName(RecordState state);

struct StoredRecord {
    std::string id;
    std::string owner;
    RecordKind kind = RecordKind::Development;
    std::string formId;
    int year = 0;
    std::uint64_t version = 0;
    RecordState state = RecordState::Draft;
    crypto::Bytes sealed;
    std::int64_t updatedAt = 0;
};

class KioskStore {
public:
    static Result<KioskStore> open(const std::string& path);

    Status putPerson(const RosterEntry& entry);
    Result<std::optional<RosterEntry>> person(const std::string& staffNumber);
    Result<std::vector<RosterEntry>> people();
    // Stores a new PIN credential and drops the pending one-time code, in one transaction.
    Status setPin(const std::string& staffNumber, const Credential& pin);

    Result<GuardState> guard(const std::string& staffNumber);
    Status putGuard(const std::string& staffNumber, const GuardState& state);

    Result<std::vector<StoredRecord>> recordsOf(const std::string& owner);
    Result<std::optional<StoredRecord>> record(const std::string& id);
    // Writes the record if the stored version is still `record.version - 1` (0: a new record);
    // otherwise Conflict. Durable when it returns (synchronous=FULL).
    Status saveRecord(const StoredRecord& record);

    Result<std::string> setting(const std::string& key, const std::string& fallback = {});
    Status putSetting(const std::string& key, const std::string& value);

    storage::Database& database() { return m_db; }

private:
    explicit KioskStore(storage::Database db) : m_db(std::move(db)) {}
    storage::Database m_db;
};

}  // namespace osm::kiosk

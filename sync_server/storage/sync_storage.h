// SyncStorage: everything the sync server keeps, behind one interface. The embedded default is
// SQLite (SqliteSyncStorage, one file, WAL, synchronous=FULL); a PostgreSQL backend for
// county-sized deployments is another implementation of the same interface.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"
#include "crypto/encoding.h"
#include "crypto/signing.h"
#include "domain/organisation.h"
#include "sync/protocol.h"
#include "sync/roster.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace osm::server {

struct DeviceRecord {
    std::string id;
    std::string unitId;
    crypto::PublicKey publicKey{};
    std::int64_t enrolledAt = 0;
    std::int64_t revokedAt = 0;  // 0 while active
    std::int64_t lastSeen = 0;
};

// A record as the server keeps it. `payload` is the author's sealed blob for a draft, and for a
// submitted record the content sealed with the server's storage key (never plaintext on disk).
struct ServerRecord {
    std::string id;
    std::string owner;
    std::string unitId;
    sync::RecordKindWire kind = sync::RecordKindWire::Development;
    std::string formId;
    int year = 0;
    std::uint64_t version = 0;
    sync::RecordStateWire state = sync::RecordStateWire::Draft;
    std::string contentHash;  // of the payload as the kiosk pushed it
    crypto::Bytes payload;
    crypto::Bytes authorSignature;
    std::int64_t updatedAt = 0;
};

enum class PutOutcome { Stored, Unchanged, Conflict };

// One record of a push batch, and what became of it (see SyncStorage::putRecords).
struct RecordPut {
    ServerRecord record;
    std::uint64_t baseVersion = 0;
    // The server instance that acknowledged baseVersion, as the kiosk reports it ("" unknown).
    // Another instance than this one means the base was acknowledged before this server's data
    // was restored from a backup: see putRecords.
    std::string baseInstance;
};
struct RecordPutResult {
    PutOutcome outcome = PutOutcome::Stored;
    std::uint64_t serverVersion = 0;
};

struct HrAccount {
    std::string username;
    std::string passwordHash;  // crypto_pwhash_str (Argon2id, parameters inside)
    int failures = 0;
    std::int64_t lockedUntil = 0;
};

struct HrSession {
    std::string username;
    std::string csrf;
    std::int64_t expiresAt = 0;
};
enum class CodeOutcome { Ok, Unknown, Used, Expired };

// HR's training plans as stored (see training_plan.h for the workflow). States and actions are
// kept as their ids; the history and every version's content are append-only.
struct PlanEventRow {
    int seq = 0;                // 1, 2, … per plan
    std::uint64_t version = 0;  // the content version the step acted on (or created)
    std::string action;         // edit | compile | review | confirm
    std::string fromState;
    std::string toState;
    std::string actor;          // the HR account acting
    std::string body;           // the management group or committee, where it applies
    std::string reference;      // their meeting reference, e.g. "Yt-nk 2.11.2026 § 4"
    std::int64_t at = 0;
};

struct PlanVersionRow {
    std::uint64_t version = 0;
    std::string contentJson;
    std::int64_t savedAt = 0;
};

struct PlanRow {
    int year = 0;
    std::string scope;  // a service area id, or the central plan's scope
    std::string state;
    std::uint64_t version = 0;
    std::vector<PlanVersionRow> versions;  // oldest first
    std::vector<PlanEventRow> history;     // oldest first
};

struct RosterChange {
    std::int64_t seq = 0;
    sync::RosterEntry entry;
};

class SyncStorage {
public:
    virtual ~SyncStorage() = default;

    // Organisation and roster. Importing keeps the credentials of people already known.
    virtual Status importOrganisation(const domain::Organisation& org) = 0;
    virtual Result<std::optional<domain::Unit>> unit(const std::string& id) = 0;
    virtual Result<std::vector<domain::Unit>> units() = 0;
    virtual Result<std::vector<domain::ServiceArea>> serviceAreas() = 0;
    virtual Result<std::optional<sync::RosterEntry>> person(const std::string& staffNumber) = 0;
    virtual Result<std::vector<sync::RosterEntry>> people() = 0;
    virtual Result<std::vector<RosterChange>> rosterSince(const std::string& unitId, std::int64_t cursor, int limit) = 0;
    virtual Status setSetupCode(const std::string& staffNumber, const sync::Credential& code, const std::string& setupKeyHex) = 0;
    virtual Status setPin(const std::string& staffNumber, const sync::Credential& pin, const std::string& personKeyHex) = 0;

    virtual Status publishCatalog(int year, const std::string& json) = 0;
    virtual Result<std::vector<int>> catalogYears() = 0;
    virtual Result<std::optional<std::string>> catalog(int year) = 0;

    // Kiosks.
    virtual Status addEnrolmentCode(const std::string& codeHash, const std::string& unitId, std::int64_t expiresAt) = 0;
    // Marks the code used when it is valid; returns its unit through `unitId`.
    virtual Result<CodeOutcome> useEnrolmentCode(const std::string& codeHash, std::int64_t now, std::string& unitId) = 0;
    virtual Status addDevice(const DeviceRecord& device) = 0;
    virtual Result<std::optional<DeviceRecord>> device(const std::string& id) = 0;
    virtual Result<std::vector<DeviceRecord>> devices() = 0;
    virtual Result<bool> revokeDevice(const std::string& id, std::int64_t now) = 0;
    virtual Status touchDevice(const std::string& id, std::int64_t now) = 0;
    // False when this device used this nonce before (a replay). Forgets nonces older than
    // `forgetBefore`, which the timestamp window already refuses.
    virtual Result<bool> rememberNonce(const std::string& deviceId, const std::string& nonce, std::int64_t now,
                                       std::int64_t forgetBefore) = 0;

    // Records. putRecord stores `record` if it is based on the version the server holds
    // (`baseVersion`), answers Unchanged for a version it already has with the same hash, and
    // otherwise keeps the record as a conflict copy beside the current one.
    virtual Result<PutOutcome> putRecord(const ServerRecord& record, std::uint64_t baseVersion, std::uint64_t& serverVersion) = 0;
    // A push batch: each record as putRecord() would store it, in order, as one durable commit
    // (one sync to disk for the batch, not one per record). On an error nothing of the batch
    // is stored.
    // A record whose base was acknowledged by another server instance (RecordPut::baseInstance)
    // was acknowledged before this server's data was restored from an older backup, so the
    // server may now hold less than the kiosk was told it holds. Such a record is stored when it
    // is newer than the server's version and its base is not older than it (the kiosk's history
    // continues the server's); a version the kiosk had acknowledged and not changed since, which
    // the server has since replaced by a newer one, is Unchanged; anything else is a Conflict.
    virtual Result<std::vector<RecordPutResult>> putRecords(const std::vector<RecordPut>& puts) = 0;
    virtual Result<std::optional<ServerRecord>> record(const std::string& id) = 0;
    virtual Result<std::vector<ServerRecord>> recordsOwnedBy(const std::string& owner) = 0;
    virtual Result<std::vector<ServerRecord>> submittedDevelopmentOf(const std::vector<std::string>& owners) = 0;
    virtual Result<std::vector<ServerRecord>> submittedGroupOfUnit(const std::string& unitId) = 0;
    virtual Result<int> conflictCount(const std::string& id) = 0;

    // HR's web sign-in. Sessions are kept by the hash of their token only.
    virtual Status putHrAccount(const std::string& username, const std::string& passwordHash) = 0;
    virtual Result<std::optional<HrAccount>> hrAccount(const std::string& username) = 0;
    virtual Status setHrFailures(const std::string& username, int failures, std::int64_t lockedUntil) = 0;
    virtual Status putHrSession(const std::string& tokenHash, const HrSession& session) = 0;
    virtual Result<std::optional<HrSession>> hrSession(const std::string& tokenHash) = 0;
    virtual Status deleteHrSession(const std::string& tokenHash) = 0;

    // Training plans. appendPlanStep does one step in one transaction: it checks that the plan
    // has exactly `expectedSteps` recorded steps (false, nothing changed, when someone else
    // acted meanwhile), stores `contentJson` as the content of `version` unless it is empty,
    // appends `event` and sets the plan's state and version. The history cannot be rewritten,
    // nor can the content of a version once compiled (the database refuses it).
    virtual Result<std::optional<PlanRow>> trainingPlan(int year, const std::string& scope) = 0;
    virtual Result<bool> appendPlanStep(int year, const std::string& scope, int expectedSteps, const std::string& state,
                                        std::uint64_t version, const std::string& contentJson, const PlanEventRow& event) = 0;

    virtual bool isIntact() = 0;
    // This server's instance id (sync::isServerInstanceId): made with the database, replaced by
    // newInstance() when the data is restored from a backup. Kiosks learn it from every answer.
    virtual Result<std::string> instanceId() = 0;
    virtual Result<std::string> newInstance() = 0;
};

// Opens (creating) the SQLite file and migrates it.
Result<std::unique_ptr<SyncStorage>> openSqliteStorage(const std::string& path);

}  // namespace osm::server

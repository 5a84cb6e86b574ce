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
#include "sync/protocol.h"
#include "sync/roster.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace osm::kiosk {

using sync::Credential;
using sync::RosterEntry;

struct GuardState {
    int failures = 0;                // wrong PINs in a row
    std::int64_t lastFailureAt = 0;  // unix seconds
    std::int64_t lockedUntil = 0;    // unix seconds; 0 when not locked
};

using RecordKind = sync::RecordKindWire;
enum class RecordState { Draft, Ready, Sent, Received };
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
    // Sync bookkeeping (protocol v1): what the server has acknowledged, and what goes out.
    std::uint64_t syncedVersion = 0;  // the last version the server acknowledged (0: none)
    std::string payloadHash;          // BLAKE2b of the payload as pushed
    crypto::Bytes authorSignature;    // the owner's signature over id, owner, version, hash
    crypto::Bytes serverBox;          // submitted: the content sealed to the server
    bool conflict = false;            // the server kept another version: the author must choose
    // Set by unsynced(): the server instance that acknowledged syncedVersion, when the server has
    // since been restored from a backup (noteServerInstance) and the record must go out again.
    std::string resendFrom;
};

// A person's PIN bound to this terminal's TPM (pin_vault.h). While one is stored, the person's
// row keeps no salt and the verifier "tpm" (once the server has the PIN, for one set here).
struct PinBinding {
    std::string kdfParams;       // of the local Argon2id (crypto::KdfParams::toString())
    std::string saltHex;         // the local salt: this terminal's only, never sent anywhere
    crypto::Bytes sealedSecret;  // the TPM's blob: opens only on this TPM, with the right PIN
    crypto::Bytes vault;         // the network master and credential, sealed under secret and PIN
    std::string personKeyHex;    // the roster's public key of the PIN this binds
};
constexpr const char* kTpmBoundVerifier = "tpm";

// The terminal's enrolment: who it is to the server and which unit it serves.
struct DeviceInfo {
    std::string deviceId;
    std::string unitId;
    std::string serverUrl;
    std::string serverKeyHex;  // the server's Ed25519 public key
    std::int64_t pullCursor = 0;
    std::string unitName;  // from the enrolment answer (kept as the unit_name setting)
    bool enrolled() const { return !deviceId.empty(); }
};

class KioskStore {
public:
    static Result<KioskStore> open(const std::string& path);

    Status putPerson(const RosterEntry& entry);
    Result<std::optional<RosterEntry>> person(const std::string& staffNumber);
    Result<std::vector<RosterEntry>> people();
    // Stores a new PIN credential and the person's public key, and drops the pending one-time
    // code, in one transaction. The change is queued for the server (pendingPins()).
    // `proof` is the pinProofText() signed with the key derived from the one-time code.
    Status setPin(const std::string& staffNumber, const Credential& pin, const std::string& personKeyHex,
                  std::span<const std::uint8_t> proof);
    // PINs set on this terminal that the server has not acknowledged yet.
    struct PendingPin {
        RosterEntry entry;
        crypto::Bytes proof;
        bool resend = false;  // acknowledged before, sent again to a restored server
    };
    Result<std::vector<PendingPin>> pendingPins();
    Status markPinSynced(const std::string& staffNumber, const std::string& verifierHex);
    // A PIN or record sent again to a restored server and refused there (its one-time code or
    // its owner's unit is not the restored server's any more): not sent again; for a PIN, the
    // roster's copy wins from the next pull.
    Status giveUpPinResend(const std::string& staffNumber);
    Status giveUpResend(const std::string& id);

    // Stores the binding and, unless the PIN still waits to be sent, blanks the person's salt and
    // verifier, in one transaction (local_store_tpm.cpp).
    Status putPinBinding(const std::string& staffNumber, const PinBinding& binding);
    Result<std::optional<PinBinding>> pinBinding(const std::string& staffNumber);
    // The binding is not this TPM's (a replaced mainboard, a cleared TPM): forgotten, and the
    // roster is pulled again from the start, so the server's credential lets the person in again.
    Status dropPinBinding(const std::string& staffNumber);
    // A roster credential sealed to the TPM (roster_seal.h) in place of the clear one it had,
    // while that is still stored and not waiting to be sent (local_store_tpm.cpp).
    Status replaceStoredPin(const std::string& staffNumber, const std::string& clearVerifierHex,
                            const Credential& sealed, const std::string& identity);
    // A sealed credential that is not this TPM's (a replaced mainboard): forgotten, and the roster
    // is pulled again from the start, so it arrives again and is sealed to this TPM.
    Status dropSealedPin(const std::string& staffNumber);
    // A PIN set here and bound to the TPM, which a restored server lost (noteServerInstance): true
    // while it waits for its person's next login, which opens its credential (kept only in the
    // PIN vault) and queues it again with requeueBoundPin.
    Result<bool> boundPinAwaitsResend(const std::string& staffNumber);
    Status requeueBoundPin(const std::string& staffNumber, const Credential& network, const std::string& personKeyHex);
    // Writes the write-ahead log into the file and empties it, so that pages overwritten since
    // (with secure_delete on, freed ones are zeroed) keep no old copy in it.
    Status dropOldPages();

    // Someone who has left this terminal's unit (the pull's "departed"): their roster row, login
    // guard and TPM binding go at once, so they can no longer log in here, and they are marked
    // departed, so their records go once the server holds them (local_store_erasure.cpp).
    Status removePerson(const std::string& staffNumber);
    // Erases the records of people the server named as departed (removePerson; not merely
    // missing from the roster, which is empty until the first roster pull completes) that the
    // server holds as they are here (acknowledged, unchanged since, not in conflict), overwriting the freed space
    // and emptying the write-ahead log. A record still to be pushed stays until the server
    // acknowledges it. Returns how many records were erased.
    Result<int> eraseDeparted();
    // Erases every record of a year before `year` (the server's retention period: it holds no
    // such year any more and takes none), the same way. Returns how many records were erased.
    Result<int> eraseYearsBefore(int year);

    Result<GuardState> guard(const std::string& staffNumber);
    Status putGuard(const std::string& staffNumber, const GuardState& state);

    Result<std::vector<StoredRecord>> recordsOf(const std::string& owner);
    Result<std::optional<StoredRecord>> record(const std::string& id);
    // Writes the record if the stored version is still `record.version - 1` (for a record new
    // here: its syncedVersion, 0 unless it continues the server's copy);
    // otherwise Conflict. Durable when it returns (synchronous=FULL).
    Status saveRecord(const StoredRecord& record);

    // Records whose latest version the server has not acknowledged, oldest change first (by
    // updated_at, then id).
    Result<std::vector<StoredRecord>> unsynced(std::size_t limit);
    // The same, only those after `after` in that order: a push pass reads its batches one after
    // the other this way, so it sends each queued record once (SyncEngine::pushRecords).
    struct QueuePosition {
        std::int64_t updatedAt = std::numeric_limits<std::int64_t>::min();
        std::string id;
    };
    Result<std::vector<StoredRecord>> unsyncedAfter(const QueuePosition& after, std::size_t limit);
    // The server acknowledged `version` of the record (by id and payload hash); a record
    // changed since keeps its newer version queued. Returns false when nothing matched.
    Result<bool> markSynced(const std::string& id, std::uint64_t version, const std::string& payloadHash);
    Status markConflict(const std::string& id, std::uint64_t version);
    // The server instance an answer named. A different one than before means the server's data
    // was restored from a backup and may lack what it acknowledged since: every acknowledged
    // record is queued again (based on the old instance), PINs set here are queued again (a PIN
    // bound to the TPM at its person's next login: boundPinAwaitsResend), and
    // the roster is pulled from the start. Returns true then. Call inside a transaction.
    Result<bool> noteServerInstance(const std::string& instance);
    Result<std::string> serverInstance();  // "" until the first answer that named one
    // A record received from the server (the person's own, from another terminal): stored when
    // newer than what this terminal has, and already acknowledged; when this terminal has
    // changes the server has not seen, kept beside them as a conflict (true in both cases).
    Result<bool> storeFromServer(const StoredRecord& record);

    // The server's version of a record in conflict with this terminal's, when it has arrived.
    Result<std::optional<StoredRecord>> incoming(const std::string& id);
    // The sync replaced the record while its author was editing it: keep the replacement as the
    // incoming (server's) version and store `mine` on top of it as a conflict for the author to
    // resolve. `mine.version` must be the stored version + 1.
    Status saveAsConflict(const StoredRecord& mine);
    // Replaces the record with the version its author chose (theirs, or theirs-based mine)
    // and forgets the incoming copy, in one transaction.
    Status resolveConflict(const StoredRecord& chosen);

    Result<DeviceInfo> device();
    Status putDevice(const DeviceInfo& device);
    Status setPullCursor(std::int64_t cursor);

    Result<std::string> setting(const std::string& key, const std::string& fallback = {});
    Status putSetting(const std::string& key, const std::string& value);

    storage::Database& database() { return m_db; }

private:
    explicit KioskStore(storage::Database db) : m_db(std::move(db)) {}
    // Deletes the records matching `condition` (SQL on table record, with `parameter` as ?1) and
    // their incoming copies, then truncates the write-ahead log (local_store_erasure.cpp).
    Result<int> eraseRecordsWhere(const std::string& condition, std::optional<int> parameter);
    storage::Database m_db;
};

}  // namespace osm::kiosk

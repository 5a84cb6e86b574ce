// RecordStorage: the records kiosks push (drafts sealed by their authors, submissions sealed
// with the server's storage key), every version's hash, and the conflict copies kept beside them.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"
#include "crypto/encoding.h"
#include "sync/protocol.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace osm::server {

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
    // A draft written on the leaders' web, sealed with the storage key like a submission (bound to
    // id, owner, version) because its author has no key there; never handed to a kiosk.
    bool sealedByServer = false;
};

enum class PutOutcome { Stored, Unchanged, Conflict };

// One version of a record as the server's history keeps it.
struct RecordVersionInfo {
    std::uint64_t version = 0;
    std::string contentHash;
    std::int64_t storedAt = 0;
};

// One record of a push batch, and what became of it (see RecordStorage::putRecords).
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

// A payload the storage key may have sealed: a submitted record's, a draft written on the web, or a conflict copy's (a copy
// of a submission is sealed like one; a draft's copy is sealed by its author). The AEAD binding
// of each is (id, owner, version).
struct SealedPayload {
    bool conflictCopy = false;
    std::string id;
    std::string owner;
    std::uint64_t version = 0;
    crypto::Bytes payload;
};

// Given a payload, its replacement, nothing to leave it as it is, or an error to give up.
using Reseal = std::function<Result<std::optional<crypto::Bytes>>(const SealedPayload&)>;

class RecordStorage {
public:
    virtual ~RecordStorage() = default;

    // putRecord stores `record` if it is based on the version the server holds (`baseVersion`),
    // answers Unchanged for a version it already has with the same hash, and otherwise keeps the
    // record as a conflict copy beside the current one.
    virtual Result<PutOutcome> putRecord(const ServerRecord& record, std::uint64_t baseVersion,
                                         std::uint64_t& serverVersion) = 0;
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
    // What the server holds about one person: the records they own and the agreements their
    // managers recorded about them (ids "agreement:<year>:<staff number>"), oldest first.
    virtual Result<std::vector<ServerRecord>> recordsAbout(const std::string& staffNumber) = 0;
    // Every version of the record the server has stored, oldest first.
    virtual Result<std::vector<RecordVersionInfo>> versionHistory(const std::string& id) = 0;
    virtual Result<std::vector<ServerRecord>> submittedDevelopmentOf(const std::vector<std::string>& owners) = 0;
    // The submitted group discussions filed under `unitId`; with kCrossUnit, the cross-unit
    // groups' (written on the leaders' web, filed under no unit: docs/decisions.md).
    virtual Result<std::vector<ServerRecord>> submittedGroupOfUnit(const std::string& unitId) = 0;
    static constexpr const char* kCrossUnit = "";
    virtual Result<int> conflictCount(const std::string& id) = 0;
    virtual Result<std::int64_t> recordCount() = 0;

    // The submitted records' payloads, and with `withConflictCopies` every conflict copy's too.
    virtual Result<std::vector<SealedPayload>> sealedPayloads(bool withConflictCopies) = 0;
    // Offers `reseal` every payload sealedPayloads(true) lists and stores what it answers, all in
    // one transaction: on an error from `reseal` (or the database) nothing is changed. Returns
    // how many payloads were replaced.
    virtual Result<std::int64_t> resealPayloads(const Reseal& reseal) = 0;
};

}  // namespace osm::server

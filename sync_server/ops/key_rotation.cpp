// Storage-key rotation. Re-sealing works on the database file directly (the server is stopped
// and holds no cache); the AEAD binding (id, owner, version) is unchanged, so each record opens
// under the new key exactly where it opened under the old one.
#include "ops/key_rotation.h"

#include "ops/backup.h"
#include "crypto/aead.h"
#include "storage/database.h"

namespace osm::server {
namespace {

using storage::Database;

struct Sealed {
    std::string table;  // record or record_conflict
    std::int64_t rowid = 0;
    crypto::RecordBinding binding;
    crypto::Bytes payload;
};

// Every blob that may be sealed with the storage key: submitted records, and the conflict
// copies of records (a conflict copy of a submission is sealed like one; drafts' copies are
// sealed by their authors, which the key simply does not open).
Result<std::vector<Sealed>> sealedBlobs(Database& db) {
    std::vector<Sealed> out;
    for (const char* sql : {"SELECT 'record', rowid, id, owner, version, payload FROM record WHERE state = 'submitted'",
                            "SELECT 'record_conflict', rowid, id, owner, version, payload FROM record_conflict"}) {
        auto rows = db.prepare(sql);
        if (!rows) return rows.error();
        auto read = storage::collectRows<Sealed>(*rows, [](const storage::Statement& s) {
            return Sealed{s.getText(0), s.getInt(1), {s.getText(2), s.getText(3), static_cast<std::uint64_t>(s.getInt(4))}, s.getBlob(5)};
        });
        if (!read) return read.error();
        out.insert(out.end(), std::make_move_iterator(read->begin()), std::make_move_iterator(read->end()));
    }
    return out;
}

bool opens(const crypto::SecretBuffer& key, const Sealed& blob) {
    auto plain = crypto::open(key, blob.binding, blob.payload);
    if (!plain) return false;
    crypto::wipe(*plain);
    return true;
}

}  // namespace

Result<RotationReport> rotateStorageKey(const ServerPaths& paths) {
    if (auto status = refuseRootOnForeignData(paths.dataDir); !status) return status.error();
    auto lock = DataLock::acquire(paths.dataDir);
    if (!lock) return lock.error();
    auto keys = loadServerKeys(paths.keyDir);
    if (!keys) return keys.error();
    // Brings the schema up to date first, as the server would.
    if (auto storage = openSqliteStorage(paths.databasePath()); !storage) return storage.error();
    auto db = Database::open(paths.databasePath());
    if (!db) return db.error();
    auto blobs = sealedBlobs(*db);
    if (!blobs) return blobs.error();

    RotationReport report;
    auto waiting = loadNextStorageKey(paths.keyDir);
    if (!waiting) return waiting.error();
    if (waiting->has_value()) {
        bool committed = true;
        for (const Sealed& blob : *blobs) {
            if (blob.table == "record" && !opens(**waiting, blob)) committed = false;
        }
        if (committed) {
            if (auto status = promoteNextStorageKey(paths.keyDir); !status) return status.error();
            report.resumed = true;
            return report;
        }
        std::filesystem::remove(paths.keyDir / kNextStorageKeyFile);
    }

    const crypto::SecretBuffer next = crypto::SecretBuffer::copyOf(crypto::randomBytes(32));
    if (auto status = writeNextStorageKey(paths.keyDir, next); !status) return status.error();
    auto transaction = storage::Transaction::begin(*db);
    if (!transaction) return transaction.error();
    for (const Sealed& blob : *blobs) {
        auto plain = crypto::open(keys->storage, blob.binding, blob.payload);
        if (!plain) {
            if (blob.table == "record") {
                return makeError(ErrorCode::Refused, "submitted record " + blob.binding.recordId +
                                                         " does not open with the current storage key; nothing was changed");
            }
            continue;  // a draft's conflict copy: its author's, not ours
        }
        auto resealed = crypto::seal(next, blob.binding, *plain);
        crypto::wipe(*plain);
        if (!resealed) return resealed.error();
        auto update = db->prepare("UPDATE " + blob.table + " SET payload = ? WHERE rowid = ?");
        if (!update) return update.error();
        if (auto status = update->bindBlob(1, *resealed).bind(2, blob.rowid).run(); !status) return status.error();
        ++report.resealed;
    }
    if (auto status = transaction->commit(); !status) return status.error();
    if (auto status = promoteNextStorageKey(paths.keyDir); !status) return status.error();
    return report;
}

}  // namespace osm::server

// Storage-key rotation. Re-sealing goes through the record storage while the server is stopped
// (it holds no cache); the AEAD binding (id, owner, version) is unchanged, so each record opens
// under the new key exactly where it opened under the old one.
#include "ops/key_rotation.h"

#include "ops/backup.h"
#include "crypto/aead.h"
#include "storage/sync_storage.h"

#include <algorithm>

namespace osm::server {

Result<RotationReport> rotateStorageKey(const ServerPaths& paths) {
    if (auto status = refuseRootOnForeignData(paths.dataDir); !status) return status.error();
    auto lock = DataLock::acquire(paths.dataDir);
    if (!lock) return lock.error();
    auto keys = loadServerKeys(paths.keyDir);
    if (!keys) return keys.error();
    // Brings the schema up to date first, as the server would.
    auto storage = openSqliteStorage(paths.databasePath());
    if (!storage) return storage.error();
    RecordStorage& records = **storage;

    RotationReport report;
    auto waiting = loadNextStorageKey(paths.keyDir);
    if (!waiting) return waiting.error();
    if (waiting->has_value()) {
        auto submitted = records.sealedPayloads(false);
        if (!submitted) return submitted.error();
        const bool committed = std::all_of(submitted->begin(), submitted->end(),
                                           [&](const SealedPayload& p) { return opensWith(**waiting, p); });
        if (committed) {
            if (auto status = promoteNextStorageKey(paths.keyDir); !status) return status.error();
            report.resumed = true;
            return report;
        }
        std::filesystem::remove(paths.keyDir / kNextStorageKeyFile);
    }

    const crypto::SecretBuffer next = crypto::SecretBuffer::copyOf(crypto::randomBytes(32));
    if (auto status = writeNextStorageKey(paths.keyDir, next); !status) return status.error();
    // Every payload that may be sealed with the storage key: submitted records, and the conflict
    // copies of records (a conflict copy of a submission is sealed like one; drafts' copies are
    // sealed by their authors, which the key simply does not open).
    auto resealed = records.resealPayloads([&](const SealedPayload& p) -> Result<std::optional<crypto::Bytes>> {
        auto plain = crypto::open(keys->storage, bindingOf(p), p.payload);
        if (!plain) {
            if (!p.conflictCopy) {
                return makeError(ErrorCode::Refused, "submitted record " + p.id +
                                                         " does not open with the current storage key; "
                                                         "nothing was changed");
            }
            return std::optional<crypto::Bytes>();  // a draft's conflict copy: its author's, not ours
        }
        auto sealed = crypto::seal(next, bindingOf(p), *plain);
        crypto::wipe(*plain);
        if (!sealed) return sealed.error();
        return std::optional<crypto::Bytes>(std::move(*sealed));
    });
    if (!resealed) return resealed.error();
    report.resealed = *resealed;
    if (auto status = promoteNextStorageKey(paths.keyDir); !status) return status.error();
    return report;
}

}  // namespace osm::server

// SqliteRecordStorage. A push batch is one transaction and one sync to disk; a version is never
// overwritten: a record based on an older version than the server's is kept as a conflict copy.
#include "storage/sqlite_record_storage.h"

namespace osm::server {
namespace {

using storage::Statement;
using storage::Transaction;

constexpr const char* kRecordColumns =
    "id, owner, unit_id, kind, form_id, year, version, state, content_hash, payload, author_signature, updated_at, "
    "sealed_by_server";

ServerRecord readRecord(const Statement& s) {
    ServerRecord r;
    r.id = s.getText(0);
    r.owner = s.getText(1);
    r.unitId = s.getText(2);
    r.kind = sync::kindFromName(s.getText(3)).value_or(sync::RecordKindWire::Development);
    r.formId = s.getText(4);
    r.year = static_cast<int>(s.getInt(5));
    r.version = static_cast<std::uint64_t>(s.getInt(6));
    r.state = s.getText(7) == "submitted" ? sync::RecordStateWire::Submitted : sync::RecordStateWire::Draft;
    r.contentHash = s.getText(8);
    r.payload = s.getBlob(9);
    r.authorSignature = s.getBlob(10);
    r.updatedAt = s.getInt(11);
    r.sealedByServer = s.getInt(12) != 0;
    return r;
}

// A sealed payload with where it is kept, for writing it back.
struct StoredPayload {
    std::string table;  // record or record_conflict
    std::int64_t rowid = 0;
    SealedPayload sealed;
};

Result<std::vector<StoredPayload>> readSealed(storage::Database& db, bool withConflictCopies) {
    std::vector<StoredPayload> out;
    std::vector<const char*> queries{
        "SELECT 'record', rowid, id, owner, version, payload FROM record WHERE state = 'submitted' OR "
        "sealed_by_server = 1"};
    if (withConflictCopies) {
        queries.push_back("SELECT 'record_conflict', rowid, id, owner, version, payload FROM record_conflict");
    }
    for (const char* sql : queries) {
        auto rows = db.prepare(sql);
        if (!rows) return rows.error();
        auto read = storage::collectRows<StoredPayload>(*rows, [](const Statement& s) {
            const bool conflictCopy = s.getText(0) == "record_conflict";
            return StoredPayload{
                s.getText(0),
                s.getInt(1),
                {conflictCopy, s.getText(2), s.getText(3), static_cast<std::uint64_t>(s.getInt(4)), s.getBlob(5)}};
        });
        if (!read) return read.error();
        out.insert(out.end(), std::make_move_iterator(read->begin()), std::make_move_iterator(read->end()));
    }
    return out;
}

}  // namespace

Result<PutOutcome> SqliteRecordStorage::putRecord(const ServerRecord& r, std::uint64_t baseVersion,
                                                  std::uint64_t& serverVersion) {
    std::lock_guard lock(m_mutex);
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    auto outcome = putInTransaction(r, baseVersion, {}, serverVersion);
    if (!outcome) return outcome.error();
    if (auto st = tx->commit(); !st) return st.error();
    return outcome;
}

// One commit for the batch: with synchronous=FULL each commit waits for the disk, and a
// commit per record made a push of 200 drafts 200 syncs (docs/performance.md).
Result<std::vector<RecordPutResult>> SqliteRecordStorage::putRecords(const std::vector<RecordPut>& puts) {
    std::lock_guard lock(m_mutex);
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    std::vector<RecordPutResult> results;
    results.reserve(puts.size());
    for (const RecordPut& put : puts) {
        RecordPutResult result;
        auto outcome = putInTransaction(put.record, put.baseVersion, put.baseInstance, result.serverVersion);
        if (!outcome) return outcome.error();
        result.outcome = *outcome;
        results.push_back(result);
    }
    if (auto st = tx->commit(); !st) return st.error();
    return results;
}

Result<PutOutcome> SqliteRecordStorage::putInTransaction(const ServerRecord& r, std::uint64_t baseVersion,
                                                         const std::string& baseInstance,
                                                         std::uint64_t& serverVersion) {
    // A version seen before with the same content: a retry. Changes nothing.
    auto seen = m_db.prepare("SELECT content_hash FROM record_version WHERE id = ? AND version = ?");
    if (!seen) return seen.error();
    seen->bind(1, r.id).bind(2, static_cast<std::int64_t>(r.version));
    auto seenRow = seen->step();
    if (!seenRow) return seenRow.error();
    const bool known = *seenRow;
    const std::string knownHash = known ? seen->getText(0) : std::string();
    (void)seen->reset();

    auto current = m_db.prepare("SELECT version, instance FROM record WHERE id = ?");
    if (!current) return current.error();
    current->bind(1, r.id);
    auto row = current->step();
    if (!row) return row.error();
    serverVersion = *row ? static_cast<std::uint64_t>(current->getInt(0)) : 0;
    const std::string rowInstance = *row ? current->getText(1) : std::string();
    (void)current->reset();

    if (known && knownHash == r.contentHash) return PutOutcome::Unchanged;
    auto instance = m_connection->currentInstance();
    if (!instance) return instance.error();
    // The base was acknowledged by the server this one was restored from (putRecords), and
    // the server's version is one from before the restore (or taken back since from such a
    // base): nothing written here since the restore can be passed over.
    const bool acknowledgedBeforeRestore =
        !baseInstance.empty() && baseInstance != *instance && rowInstance != *instance;
    if (acknowledgedBeforeRestore && !known && r.version == baseVersion && r.version < serverVersion) {
        return PutOutcome::Unchanged;
    }
    const bool continuesServer =
        acknowledgedBeforeRestore ? serverVersion <= baseVersion : serverVersion == baseVersion;
    if (known || !continuesServer || r.version <= serverVersion) {
        auto s = m_db.prepare("INSERT OR IGNORE INTO record_conflict VALUES(?, ?, ?, ?, ?, ?, ?)");
        if (!s) return s.error();
        s->bind(1, r.id).bind(2, static_cast<std::int64_t>(r.version)).bind(3, r.contentHash).bind(4, r.owner);
        s->bindBlob(5, r.payload).bindBlob(6, r.authorSignature).bind(7, r.updatedAt);
        if (auto st = s->run(); !st) return st.error();
        // The same conflicting version sent again (a retry whose first answer was lost) is kept
        // once, and answered `conflict` again: `unchanged` would tell the kiosk its version is the
        // server's (the fault tests' convergence case lost exactly that).
        return PutOutcome::Conflict;
    }
    if (auto st = storeCurrent(r, acknowledgedBeforeRestore ? baseInstance : *instance); !st) return st.error();
    serverVersion = r.version;
    return PutOutcome::Stored;
}

Status SqliteRecordStorage::storeCurrent(const ServerRecord& r, const std::string& instance) {
    auto s = m_db.prepare(std::string("INSERT OR REPLACE INTO record(") + kRecordColumns +
                          ", instance) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!s) return s.error();
    s->bind(13, r.sealedByServer ? 1 : 0).bind(14, instance);
    s->bind(1, r.id).bind(2, r.owner).bind(3, r.unitId).bind(4, sync::kindName(r.kind));
    s->bind(5, r.formId).bind(6, r.year).bind(7, static_cast<std::int64_t>(r.version));
    s->bind(8, r.state == sync::RecordStateWire::Submitted ? "submitted" : "draft").bind(9, r.contentHash);
    s->bindBlob(10, r.payload).bindBlob(11, r.authorSignature).bind(12, r.updatedAt);
    if (auto st = s->run(); !st) return st;
    auto history = m_db.prepare("INSERT INTO record_version VALUES(?, ?, ?, ?)");
    if (!history) return history.error();
    history->bind(1, r.id).bind(2, static_cast<std::int64_t>(r.version)).bind(3, r.contentHash);
    return history->bind(4, r.updatedAt).run();
}

Result<std::optional<ServerRecord>> SqliteRecordStorage::record(const std::string& id) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("SELECT ") + kRecordColumns + " FROM record WHERE id = ?");
    if (!s) return s.error();
    s->bind(1, id);
    return storage::firstRow<ServerRecord>(*s, readRecord);
}

Result<std::vector<ServerRecord>> SqliteRecordStorage::recordsOwnedBy(const std::string& owner) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("SELECT ") + kRecordColumns + " FROM record WHERE owner = ? ORDER BY updated_at");
    if (!s) return s.error();
    s->bind(1, owner);
    return storage::collectRows<ServerRecord>(*s, readRecord);
}

Result<std::vector<ServerRecord>> SqliteRecordStorage::recordsAbout(const std::string& staffNumber) {
    std::lock_guard lock(m_mutex);
    // The agreement's id ends in the staff number; substr() rather than LIKE, so that no character
    // of a staff number is taken as a pattern.
    auto s = m_db.prepare(std::string("SELECT ") + kRecordColumns +
                          " FROM record WHERE owner = ?1 OR (kind = 'agreement' AND substr(id, 1, 10) = 'agreement:'"
                          " AND substr(id, length(id) - length(?1)) = ':' || ?1) ORDER BY year, updated_at, id");
    if (!s) return s.error();
    s->bind(1, staffNumber);
    return storage::collectRows<ServerRecord>(*s, readRecord);
}

Result<std::vector<RecordVersionInfo>> SqliteRecordStorage::versionHistory(const std::string& id) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT version, content_hash, stored_at FROM record_version WHERE id = ? ORDER BY version");
    if (!s) return s.error();
    s->bind(1, id);
    return storage::collectRows<RecordVersionInfo>(*s, [](const Statement& row) {
        return RecordVersionInfo{static_cast<std::uint64_t>(row.getInt(0)), row.getText(1), row.getInt(2)};
    });
}

Result<std::vector<ServerRecord>> SqliteRecordStorage::submittedDevelopmentOf(const std::vector<std::string>& owners) {
    std::vector<ServerRecord> out;
    for (const std::string& owner : owners) {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare(std::string("SELECT ") + kRecordColumns +
                              " FROM record WHERE owner = ? AND kind = 'development' AND state = 'submitted'");
        if (!s) return s.error();
        s->bind(1, owner);
        auto rows = storage::collectRows<ServerRecord>(*s, readRecord);
        if (!rows) return rows.error();
        out.insert(out.end(), rows->begin(), rows->end());
    }
    return out;
}

Result<std::vector<ServerRecord>> SqliteRecordStorage::submittedGroupOfUnit(const std::string& unitId) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("SELECT ") + kRecordColumns +
                          " FROM record WHERE unit_id = ? AND kind = 'group' AND state = 'submitted'");
    if (!s) return s.error();
    s->bind(1, unitId);
    return storage::collectRows<ServerRecord>(*s, readRecord);
}

Result<int> SqliteRecordStorage::conflictCount(const std::string& id) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT count(*) FROM record_conflict WHERE id = ?");
    if (!s) return s.error();
    s->bind(1, id);
    auto count = singleNumber(*s);
    if (!count) return count.error();
    return static_cast<int>(*count);
}

Result<std::int64_t> SqliteRecordStorage::recordCount() {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT count(*) FROM record");
    if (!s) return s.error();
    return singleNumber(*s);
}

Result<std::vector<SealedPayload>> SqliteRecordStorage::sealedPayloads(bool withConflictCopies) {
    std::lock_guard lock(m_mutex);
    auto stored = readSealed(m_db, withConflictCopies);
    if (!stored) return stored.error();
    std::vector<SealedPayload> out;
    out.reserve(stored->size());
    for (StoredPayload& p : *stored) out.push_back(std::move(p.sealed));
    return out;
}

// Read and written back inside one transaction: a key rotation either re-seals everything or,
// on any failure, nothing (the old key still opens every row).
Result<std::int64_t> SqliteRecordStorage::resealPayloads(const Reseal& reseal) {
    std::lock_guard lock(m_mutex);
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    auto stored = readSealed(m_db, true);
    if (!stored) return stored.error();
    std::int64_t replaced = 0;
    for (const StoredPayload& p : *stored) {
        auto next = reseal(p.sealed);
        if (!next) return next.error();
        if (!next->has_value()) continue;
        auto update = m_db.prepare("UPDATE " + p.table + " SET payload = ? WHERE rowid = ?");
        if (!update) return update.error();
        if (auto st = update->bindBlob(1, **next).bind(2, p.rowid).run(); !st) return st.error();
        ++replaced;
    }
    if (auto st = tx->commit(); !st) return st.error();
    return replaced;
}

}  // namespace osm::server

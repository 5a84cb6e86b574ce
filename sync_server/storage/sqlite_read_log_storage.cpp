// SqliteReadLogStorage. Repeated deliveries of a version to the same reader through the same
// channel add to one row (first and last time, count). A pull's reads go in as one relaxed commit: the log must not make every
// person pull wait for the disk (docs/performance.md, the pull's cost with the log).
#include "storage/sqlite_read_log_storage.h"

namespace osm::server {

using storage::Statement;
using storage::Transaction;

Status SqliteReadLogStorage::logReads(const std::vector<RecordRead>& reads) {
    if (reads.empty()) return {};
    std::lock_guard lock(m_mutex);
    const RelaxedCommits relaxed(m_db);
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    auto s = m_db.prepare(
        "INSERT INTO record_read(record_id, subject, version, reader, channel, first_at, last_at, count) "
        "VALUES(?1,?2,?3,?4,?5,?6,?6,1) ON CONFLICT(record_id, version, reader, channel) DO UPDATE SET "
        "first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at), count = count + 1");
    if (!s) return s.error();
    for (const RecordRead& r : reads) {
        s->bind(1, r.recordId).bind(2, r.subject).bind(3, static_cast<std::int64_t>(r.version)).bind(4, r.reader);
        if (auto st = s->bind(5, r.channel).bind(6, r.at).run(); !st) return st;
    }
    return tx->commit();
}

Result<std::vector<ReadSummary>> SqliteReadLogStorage::readsAbout(const std::string& staffNumber) {
    std::lock_guard lock(m_mutex);
    // The records about the person are those whose subject they are, and those they own (a
    // manager's agreements about others): both looked up by index, never by scanning the log.
    auto s = m_db.prepare(
        "SELECT l.record_id, l.version, l.reader, coalesce(p.name, ''), l.channel, l.first_at, l.last_at, l.count "
        "FROM record_read l LEFT JOIN person p ON p.staff_number = l.reader "
        "WHERE l.subject = ?1 OR l.record_id IN (SELECT id FROM record WHERE owner = ?1) "
        "ORDER BY l.record_id, l.version, l.first_at, l.reader, l.channel");
    if (!s) return s.error();
    s->bind(1, staffNumber);
    return storage::collectRows<ReadSummary>(*s, [](const Statement& row) {
        return ReadSummary{row.getText(0), static_cast<std::uint64_t>(row.getInt(1)),
                           row.getText(2), row.getText(3),
                           row.getText(4), row.getInt(5),
                           row.getInt(6),  row.getInt(7)};
    });
}

Result<std::int64_t> SqliteReadLogStorage::readCount() {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT coalesce(sum(count), 0) FROM record_read");
    if (!s) return s.error();
    return singleNumber(*s);
}

}  // namespace osm::server

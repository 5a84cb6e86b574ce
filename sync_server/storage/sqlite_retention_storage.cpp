// SqliteRetentionStorage. secure_delete is on for the purge, so a purged record's content does
// not stay in the file's free pages.
#include "storage/sqlite_retention_storage.h"

#include <algorithm>
#include <string>

namespace osm::server {

using storage::Transaction;

Result<int> SqliteRetentionStorage::metaNumber(const char* key) {
    auto s = m_db.prepare("SELECT value FROM server_meta WHERE key = ?");
    if (!s) return s.error();
    s->bind(1, key);
    auto row = s->step();
    if (!row) return row.error();
    return *row ? std::stoi("0" + s->getText(0)) : 0;
}

Status SqliteRetentionStorage::setMetaNumber(const char* key, int value) {
    auto s = m_db.prepare("INSERT INTO server_meta VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!s) return s.error();
    return s->bind(1, key).bind(2, std::to_string(value)).run();
}

Result<int> SqliteRetentionStorage::keptFrom() {
    std::lock_guard lock(m_mutex);
    return metaNumber("kept_from");
}

Result<std::map<int, std::int64_t>> SqliteRetentionStorage::recordYearsBefore(int year) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT year, count(*) FROM record WHERE year < ? GROUP BY year ORDER BY year");
    if (!s) return s.error();
    s->bind(1, year);
    std::map<int, std::int64_t> years;
    while (true) {
        auto row = s->step();
        if (!row) return row.error();
        if (!*row) return years;
        years[static_cast<int>(s->getInt(0))] = s->getInt(1);
    }
}

Result<std::int64_t> SqliteRetentionStorage::purgeBefore(int year) {
    std::lock_guard lock(m_mutex);
    if (auto st = m_db.exec("PRAGMA secure_delete=ON"); !st) return st.error();
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    for (const char* table : {"record_version", "record_conflict"}) {
        auto s =
            m_db.prepare(std::string("DELETE FROM ") + table + " WHERE id IN (SELECT id FROM record WHERE year < ?)");
        if (!s) return s.error();
        if (auto st = s->bind(1, year).run(); !st) return st.error();
    }
    auto records = m_db.prepare("DELETE FROM record WHERE year < ?");
    if (!records) return records.error();
    if (auto st = records->bind(1, year).run(); !st) return st.error();
    const std::int64_t deleted = m_db.changes();
    // A read of someone's completions is tied to no record, so it goes by the year it was read
    // (its last delivery, in the server's local time), the same years as the records.
    auto completionReads = m_db.prepare(
        "DELETE FROM record_read WHERE record_id LIKE 'completions:%' AND "
        "CAST(strftime('%Y', last_at, 'unixepoch', 'localtime') AS INTEGER) < ?");
    if (!completionReads) return completionReads.error();
    if (auto st = completionReads->bind(1, year).run(); !st) return st.error();
    auto kept = metaNumber("kept_from");
    if (!kept) return kept.error();
    if (auto st = setMetaNumber("kept_from", std::max(*kept, year)); !st) return st.error();
    if (auto st = tx->commit(); !st) return st.error();
    return deleted;
}

Result<int> SqliteRetentionStorage::retentionYears() {
    std::lock_guard lock(m_mutex);
    return metaNumber("retention_years");
}

Status SqliteRetentionStorage::setRetentionYears(int years) {
    std::lock_guard lock(m_mutex);
    return setMetaNumber("retention_years", years);
}

}  // namespace osm::server

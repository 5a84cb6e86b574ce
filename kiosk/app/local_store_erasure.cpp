// The kiosk store's erasures: a departed person (docs/decisions.md, "Leavers and transfers") is
// removed from the roster here at once, their records only once the server holds them, so
// nothing unsent is lost; the years past the server's retention period go whole.
#include "local_store.h"

namespace osm::kiosk {

namespace {

// Deleted content is overwritten in the file (secure_delete, set at open), and once committed
// the write-ahead log, which still holds the old pages, is checkpointed and truncated.
Status eraseFromDisk(storage::Database& db) { return db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

}  // namespace

Status KioskStore::removePerson(const std::string& staffNumber) {
    {
        auto tx = storage::Transaction::begin(m_db);
        if (!tx) return tx.error();
        for (const char* table : {"person", "login_guard", "pin_binding"}) {
            auto s = m_db.prepare(std::string("DELETE FROM ") + table + " WHERE staff_number = ?");
            if (!s) return s.error();
            if (auto status = s->bind(1, staffNumber).run(); !status) return status;
        }
        auto mark = m_db.prepare("INSERT OR IGNORE INTO departed(staff_number) VALUES(?)");
        if (!mark) return mark.error();
        if (auto status = mark->bind(1, staffNumber).run(); !status) return status;
        if (auto status = tx->commit(); !status) return status;
    }
    return eraseFromDisk(m_db);
}

Result<int> KioskStore::eraseDeparted() {
    auto erased = eraseRecordsWhere(
        "owner IN (SELECT staff_number FROM departed) AND version = synced_version AND resend_from = '' AND "
        "conflict = 0",
        std::nullopt);
    if (!erased) return erased;
    // A mark whose records are all gone has done its work.
    if (auto status = m_db.exec("DELETE FROM departed WHERE staff_number NOT IN (SELECT owner FROM record)"); !status)
        return status.error();
    return erased;
}

Result<int> KioskStore::eraseYearsBefore(int year) { return eraseRecordsWhere("year < ?1", year); }

Result<int> KioskStore::eraseRecordsWhere(const std::string& condition, std::optional<int> parameter) {
    int erased = 0;
    {
        auto tx = storage::Transaction::begin(m_db);
        if (!tx) return tx.error();
        auto incoming =
            m_db.prepare("DELETE FROM record_incoming WHERE id IN (SELECT id FROM record WHERE " + condition + ")");
        if (!incoming) return incoming.error();
        if (parameter) incoming->bind(1, *parameter);
        if (auto status = incoming->run(); !status) return status.error();
        auto records = m_db.prepare("DELETE FROM record WHERE " + condition);
        if (!records) return records.error();
        if (parameter) records->bind(1, *parameter);
        if (auto status = records->run(); !status) return status.error();
        erased = m_db.changes();
        if (auto status = tx->commit(); !status) return status.error();
    }
    if (erased == 0) return 0;
    if (auto status = eraseFromDisk(m_db); !status) return status.error();
    return erased;
}

}  // namespace osm::kiosk

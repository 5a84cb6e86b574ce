// SqliteDepartureStorage. A departure takes the roster's next change number, so a kiosk pulling
// its unit's changes from a cursor sees the departure in order with the entries.
#include "storage/sqlite_departure_storage.h"

#include "sync/messages_pull.h"

namespace osm::server {
namespace {

using storage::Statement;
using storage::Transaction;

constexpr const char* kColumns = "staff_number, seq, unit_id, departed_at, left_organisation, entry";

Departure readDeparture(const Statement& s) {
    Departure d;
    d.seq = s.getInt(1);
    d.unitId = s.getText(2);
    d.at = s.getInt(3);
    d.left = s.getInt(4) != 0;
    // Written by recordDepartures from a roster entry; a row that no longer reads keeps its
    // staff number only (the departure still counts).
    const auto doc = nlohmann::json::parse(s.getText(5), nullptr, false);
    if (auto entry = sync::rosterEntryFromJson(doc, "departure"); entry) d.entry = std::move(*entry);
    d.entry.person.staffNumber = s.getText(0);
    return d;
}

}  // namespace

Status SqliteDepartureStorage::recordDepartures(std::vector<Departure>& departures) {
    std::lock_guard lock(m_mutex);
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    for (Departure& d : departures) {
        auto value = nextRosterSeq(m_db);
        if (!value) return value.error();
        d.seq = *value;
        sync::RosterEntry kept;  // no credential of someone who is gone from here
        kept.person = d.entry.person;
        kept.personKeyHex = d.entry.personKeyHex;
        auto s = m_db.prepare(
            "INSERT INTO roster_departure(staff_number, seq, unit_id, departed_at, left_organisation, entry) "
            "VALUES(?,?,?,?,?,?) ON CONFLICT(staff_number, unit_id) DO UPDATE SET seq = excluded.seq, "
            "departed_at = excluded.departed_at, left_organisation = excluded.left_organisation, "
            "entry = excluded.entry");
        if (!s) return s.error();
        s->bind(1, d.entry.person.staffNumber).bind(2, d.seq).bind(3, d.unitId).bind(4, d.at);
        if (auto st = s->bind(5, d.left ? 1 : 0).bind(6, sync::toJson(kept).dump()).run(); !st) return st;
        if (!d.left) continue;
        auto remove = m_db.prepare("DELETE FROM person WHERE staff_number = ?");
        if (!remove) return remove.error();
        if (auto st = remove->bind(1, d.entry.person.staffNumber).run(); !st) return st;
    }
    return tx->commit();
}

Result<std::vector<Departure>> SqliteDepartureStorage::departuresSince(const std::string& unitId, std::int64_t cursor,
                                                                       int limit) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("SELECT ") + kColumns +
                          " FROM roster_departure d WHERE unit_id = ?1 AND seq > ?2 AND NOT EXISTS("
                          "SELECT 1 FROM person p WHERE p.staff_number = d.staff_number AND p.unit_id = ?1) "
                          "ORDER BY seq LIMIT ?3");
    if (!s) return s.error();
    s->bind(1, unitId).bind(2, cursor).bind(3, limit);
    return storage::collectRows<Departure>(*s, readDeparture);
}

Result<std::vector<Departure>> SqliteDepartureStorage::departuresOf(const std::string& staffNumber) {
    std::lock_guard lock(m_mutex);
    auto s =
        m_db.prepare(std::string("SELECT ") + kColumns + " FROM roster_departure WHERE staff_number = ? ORDER BY seq");
    if (!s) return s.error();
    s->bind(1, staffNumber);
    return storage::collectRows<Departure>(*s, readDeparture);
}

}  // namespace osm::server

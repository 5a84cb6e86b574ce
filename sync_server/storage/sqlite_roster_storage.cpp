// SqliteRosterStorage. Every change to a person takes the next roster_seq, so a kiosk pulling
// from its cursor sees each change once and in order.
#include "storage/sqlite_roster_storage.h"

namespace osm::server {
namespace {

using storage::Statement;
using storage::Transaction;

constexpr const char* kPersonColumns =
    "staff_number, name, title, unit_id, service_area_id, sector, roles, manager, pin_params, pin_salt, pin_verifier, "
    "person_key, setup_params, setup_salt, setup_verifier, setup_key, seq";
constexpr const char* kUnitColumns = "id, name, service_area_id, sector, has_kiosk";

sync::RosterEntry readPerson(const Statement& s) {
    sync::RosterEntry e;
    e.person.staffNumber = s.getText(0);
    e.person.name = s.getText(1);
    e.person.title = s.getText(2);
    e.person.unitId = s.getText(3);
    e.person.serviceAreaId = s.getText(4);
    e.person.sector = s.getText(5);
    e.person.roles = domain::splitRoles(s.getText(6));
    e.person.managerStaffNumber = s.getText(7);
    e.pin = {s.getText(8), s.getText(9), s.getText(10)};
    e.personKeyHex = s.getText(11);
    e.setupCode = {s.getText(12), s.getText(13), s.getText(14)};
    e.setupKeyHex = s.getText(15);
    return e;
}

domain::Unit readUnit(const Statement& s) {
    return domain::Unit{s.getText(0), s.getText(1), s.getText(2), s.getText(3), s.getInt(4) != 0};
}

}  // namespace

Status SqliteRosterStorage::importOrganisation(const domain::Organisation& org) {
    std::lock_guard lock(m_mutex);
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    for (const domain::ServiceArea& area : org.serviceAreas) {
        auto s =
            m_db.prepare("INSERT INTO service_area VALUES(?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name");
        if (!s) return s.error();
        if (auto st = s->bind(1, area.id).bind(2, area.name).run(); !st) return st;
    }
    for (const domain::Unit& unit : org.units) {
        auto s = m_db.prepare(
            "INSERT INTO unit VALUES(?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
            "service_area_id = excluded.service_area_id, sector = excluded.sector, has_kiosk = excluded.has_kiosk");
        if (!s) return s.error();
        s->bind(1, unit.id).bind(2, unit.name).bind(3, unit.serviceAreaId).bind(4, unit.sector);
        if (auto st = s->bind(5, unit.hasKiosk ? 1 : 0).run(); !st) return st;
    }
    for (const domain::Person& p : org.people) {
        auto seq = nextSeq();
        if (!seq) return seq.error();
        auto s = m_db.prepare(
            "INSERT INTO person(staff_number, name, title, unit_id, service_area_id, sector, roles, manager, seq) "
            "VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(staff_number) DO UPDATE SET name = excluded.name, "
            "title = excluded.title, unit_id = excluded.unit_id, service_area_id = excluded.service_area_id, "
            "sector = excluded.sector, roles = excluded.roles, manager = excluded.manager, seq = excluded.seq");
        if (!s) return s.error();
        s->bind(1, p.staffNumber).bind(2, p.name).bind(3, p.title).bind(4, p.unitId).bind(5, p.serviceAreaId);
        s->bind(6, p.sector).bind(7, domain::joinRoles(p.roles)).bind(8, p.managerStaffNumber).bind(9, *seq);
        if (auto st = s->run(); !st) return st;
    }
    return tx->commit();
}

Result<std::optional<domain::Unit>> SqliteRosterStorage::unit(const std::string& id) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("SELECT ") + kUnitColumns + " FROM unit WHERE id = ?");
    if (!s) return s.error();
    s->bind(1, id);
    return storage::firstRow<domain::Unit>(*s, readUnit);
}

Result<std::vector<domain::Unit>> SqliteRosterStorage::units() {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("SELECT ") + kUnitColumns + " FROM unit ORDER BY id");
    if (!s) return s.error();
    return storage::collectRows<domain::Unit>(*s, readUnit);
}

Result<std::vector<domain::ServiceArea>> SqliteRosterStorage::serviceAreas() {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT id, name FROM service_area ORDER BY id");
    if (!s) return s.error();
    return storage::collectRows<domain::ServiceArea>(*s, [](const Statement& row) {
        return domain::ServiceArea{row.getText(0), row.getText(1)};
    });
}

Result<std::optional<sync::RosterEntry>> SqliteRosterStorage::person(const std::string& staffNumber) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("SELECT ") + kPersonColumns + " FROM person WHERE staff_number = ?");
    if (!s) return s.error();
    s->bind(1, staffNumber);
    return storage::firstRow<sync::RosterEntry>(*s, readPerson);
}

Result<std::vector<sync::RosterEntry>> SqliteRosterStorage::people() {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("SELECT ") + kPersonColumns + " FROM person ORDER BY staff_number");
    if (!s) return s.error();
    return storage::collectRows<sync::RosterEntry>(*s, readPerson);
}

Result<std::int64_t> SqliteRosterStorage::personCount() {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT count(*) FROM person");
    if (!s) return s.error();
    return singleNumber(*s);
}

Result<std::vector<RosterChange>> SqliteRosterStorage::rosterSince(const std::string& unitId, std::int64_t cursor,
                                                                   int limit) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("SELECT ") + kPersonColumns +
                          " FROM person WHERE unit_id = ? AND seq > ? ORDER BY seq LIMIT ?");
    if (!s) return s.error();
    s->bind(1, unitId).bind(2, cursor).bind(3, limit);
    return storage::collectRows<RosterChange>(*s, [](const Statement& row) {
        return RosterChange{row.getInt(16), readPerson(row)};
    });
}

Status SqliteRosterStorage::setSetupCode(const std::string& staffNumber, const sync::Credential& code,
                                         const std::string& setupKeyHex) {
    return updatePerson("setup_params = ?, setup_salt = ?, setup_verifier = ?, setup_key = ?",
                        {code.kdfParams, code.saltHex, code.verifierHex, setupKeyHex}, staffNumber);
}

Status SqliteRosterStorage::setPin(const std::string& staffNumber, const sync::Credential& pin,
                                   const std::string& personKeyHex) {
    return updatePerson(
        "pin_params = ?, pin_salt = ?, pin_verifier = ?, person_key = ?, setup_params = '', setup_salt = '', "
        "setup_verifier = '', setup_key = ''",
        {pin.kdfParams, pin.saltHex, pin.verifierHex, personKeyHex}, staffNumber);
}

Result<std::int64_t> SqliteRosterStorage::nextSeq() { return nextRosterSeq(m_db); }

Status SqliteRosterStorage::updatePerson(const std::string& assignments, const std::vector<std::string>& values,
                                         const std::string& staffNumber) {
    std::lock_guard lock(m_mutex);
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    auto seq = nextSeq();
    if (!seq) return seq.error();
    auto s = m_db.prepare("UPDATE person SET " + assignments + ", seq = ? WHERE staff_number = ?");
    if (!s) return s.error();
    int index = 1;
    for (const std::string& value : values) s->bind(index++, value);
    s->bind(index, *seq);
    s->bind(index + 1, staffNumber);
    if (auto st = s->run(); !st) return st;
    if (m_db.changes() != 1) return makeError(ErrorCode::NotFound, "no person with staff number " + staffNumber);
    return tx->commit();
}

}  // namespace osm::server

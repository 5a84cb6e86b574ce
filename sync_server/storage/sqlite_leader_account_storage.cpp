// SqliteLeaderAccountStorage: plain rows; codes, passwords and tokens are hashed by the leaders'
// web before they get here.
#include "storage/sqlite_leader_account_storage.h"

#include "storage/sqlite_session_rows.h"

namespace osm::server {

using storage::Statement;

Status SqliteLeaderAccountStorage::putLeaderCode(const std::string& staffNumber, const std::string& codeHash,
                                                 std::int64_t expiresAt) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(
        "INSERT INTO leader_account(staff_number, code_hash, code_expires_at) VALUES(?, ?, ?) "
        "ON CONFLICT(staff_number) DO UPDATE SET code_hash = excluded.code_hash, "
        "code_expires_at = excluded.code_expires_at");
    if (!s) return s.error();
    return s->bind(1, staffNumber).bind(2, codeHash).bind(3, expiresAt).run();
}

Status SqliteLeaderAccountStorage::setLeaderPassword(const std::string& staffNumber, const std::string& passwordHash) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(
        "INSERT INTO leader_account(staff_number, password_hash) VALUES(?, ?) ON CONFLICT(staff_number) DO UPDATE "
        "SET password_hash = excluded.password_hash, code_hash = '', code_expires_at = 0");
    if (!s) return s.error();
    return s->bind(1, staffNumber).bind(2, passwordHash).run();
}

Result<std::optional<LeaderAccount>> SqliteLeaderAccountStorage::leaderAccount(const std::string& staffNumber) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(
        "SELECT staff_number, password_hash, code_hash, code_expires_at FROM leader_account WHERE staff_number = ?");
    if (!s) return s.error();
    s->bind(1, staffNumber);
    return storage::firstRow<LeaderAccount>(*s, [](const Statement& row) {
        return LeaderAccount{row.getText(0), row.getText(1), row.getText(2), row.getInt(3)};
    });
}

namespace {
constexpr SessionTableNames kLeaderSessions{"leader_session", "staff_number"};
}  // namespace

Status SqliteLeaderAccountStorage::putLeaderSession(const std::string& tokenHash, const LeaderSession& session) {
    std::lock_guard lock(m_mutex);
    return putSessionRow(m_db, kLeaderSessions, tokenHash, session);
}

Result<std::optional<LeaderSession>> SqliteLeaderAccountStorage::leaderSession(const std::string& tokenHash) {
    std::lock_guard lock(m_mutex);
    return sessionRow(m_db, kLeaderSessions, tokenHash);
}

Status SqliteLeaderAccountStorage::deleteLeaderSession(const std::string& tokenHash) {
    std::lock_guard lock(m_mutex);
    return deleteSessionRow(m_db, kLeaderSessions, tokenHash);
}

Status SqliteLeaderAccountStorage::deleteLeaderSessionsOf(const std::string& staffNumber) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("DELETE FROM leader_session WHERE staff_number = ?");
    if (!s) return s.error();
    return s->bind(1, staffNumber).run();
}

Status SqliteLeaderAccountStorage::purgeLeaderSessions(std::int64_t now, std::int64_t createdBefore) {
    std::lock_guard lock(m_mutex);
    return purgeSessionRows(m_db, kLeaderSessions, now, createdBefore);
}

}  // namespace osm::server

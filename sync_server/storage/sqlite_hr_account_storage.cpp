// SqliteHrAccountStorage: plain rows; the hashing of passwords and tokens happens in hr_web.
#include "storage/sqlite_hr_account_storage.h"

#include "storage/sqlite_session_rows.h"

namespace osm::server {

using storage::Statement;

Status SqliteHrAccountStorage::putHrAccount(const std::string& username, const std::string& passwordHash) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("INSERT OR REPLACE INTO hr_account VALUES(?, ?, 0, 0)");
    if (!s) return s.error();
    return s->bind(1, username).bind(2, passwordHash).run();
}

Result<std::optional<HrAccount>> SqliteHrAccountStorage::hrAccount(const std::string& username) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT username, password_hash FROM hr_account WHERE username = ?");
    if (!s) return s.error();
    s->bind(1, username);
    return storage::firstRow<HrAccount>(*s, [](const Statement& row) {
        return HrAccount{row.getText(0), row.getText(1)};
    });
}

namespace {
constexpr SessionTableNames kHrSessions{"hr_session", "username"};
}  // namespace

Status SqliteHrAccountStorage::putHrSession(const std::string& tokenHash, const HrSession& session) {
    std::lock_guard lock(m_mutex);
    return putSessionRow(m_db, kHrSessions, tokenHash, session);
}

Result<std::optional<HrSession>> SqliteHrAccountStorage::hrSession(const std::string& tokenHash) {
    std::lock_guard lock(m_mutex);
    return sessionRow(m_db, kHrSessions, tokenHash);
}

Status SqliteHrAccountStorage::deleteHrSession(const std::string& tokenHash) {
    std::lock_guard lock(m_mutex);
    return deleteSessionRow(m_db, kHrSessions, tokenHash);
}

Status SqliteHrAccountStorage::purgeHrSessions(std::int64_t now, std::int64_t createdBefore) {
    std::lock_guard lock(m_mutex);
    return purgeSessionRows(m_db, kHrSessions, now, createdBefore);
}

}  // namespace osm::server

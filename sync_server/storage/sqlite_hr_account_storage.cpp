// SqliteHrAccountStorage: plain rows; the hashing of passwords and tokens happens in hr_web.
#include "storage/sqlite_hr_account_storage.h"

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

Status SqliteHrAccountStorage::putHrSession(const std::string& tokenHash, const HrSession& session) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(
        "INSERT OR REPLACE INTO hr_session(token_hash, username, csrf, expires_at, created_at) VALUES(?, ?, ?, ?, ?)");
    if (!s) return s.error();
    return s->bind(1, tokenHash)
        .bind(2, session.username)
        .bind(3, session.csrf)
        .bind(4, session.expiresAt)
        .bind(5, session.createdAt)
        .run();
}

Result<std::optional<HrSession>> SqliteHrAccountStorage::hrSession(const std::string& tokenHash) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT username, csrf, expires_at, created_at FROM hr_session WHERE token_hash = ?");
    if (!s) return s.error();
    s->bind(1, tokenHash);
    return storage::firstRow<HrSession>(*s, [](const Statement& row) {
        return HrSession{row.getText(0), row.getText(1), row.getInt(2), row.getInt(3)};
    });
}

Status SqliteHrAccountStorage::deleteHrSession(const std::string& tokenHash) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("DELETE FROM hr_session WHERE token_hash = ?");
    if (!s) return s.error();
    return s->bind(1, tokenHash).run();
}

Status SqliteHrAccountStorage::purgeHrSessions(std::int64_t now, std::int64_t createdBefore) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("DELETE FROM hr_session WHERE expires_at <= ? OR created_at < ?");
    if (!s) return s.error();
    return s->bind(1, now).bind(2, createdBefore).run();
}

}  // namespace osm::server

// Session rows. Table and column names come from the callers' constants, never from input.
#include "storage/sqlite_session_rows.h"

namespace osm::server {

using storage::Statement;

Status putSessionRow(storage::Database& db, const SessionTableNames& names, const std::string& tokenHash,
                     const HrSession& session) {
    auto s = db.prepare(std::string("INSERT OR REPLACE INTO ") + names.table + "(token_hash, " + names.subject +
                        ", csrf, expires_at, created_at) VALUES(?, ?, ?, ?, ?)");
    if (!s) return s.error();
    return s->bind(1, tokenHash)
        .bind(2, session.username)
        .bind(3, session.csrf)
        .bind(4, session.expiresAt)
        .bind(5, session.createdAt)
        .run();
}

Result<std::optional<HrSession>> sessionRow(storage::Database& db, const SessionTableNames& names,
                                            const std::string& tokenHash) {
    auto s = db.prepare(std::string("SELECT ") + names.subject + ", csrf, expires_at, created_at FROM " + names.table +
                        " WHERE token_hash = ?");
    if (!s) return s.error();
    s->bind(1, tokenHash);
    return storage::firstRow<HrSession>(*s, [](const Statement& row) {
        return HrSession{row.getText(0), row.getText(1), row.getInt(2), row.getInt(3)};
    });
}

Status deleteSessionRow(storage::Database& db, const SessionTableNames& names, const std::string& tokenHash) {
    auto s = db.prepare(std::string("DELETE FROM ") + names.table + " WHERE token_hash = ?");
    if (!s) return s.error();
    return s->bind(1, tokenHash).run();
}

Status purgeSessionRows(storage::Database& db, const SessionTableNames& names, std::int64_t now,
                        std::int64_t createdBefore) {
    auto s = db.prepare(std::string("DELETE FROM ") + names.table + " WHERE expires_at <= ? OR created_at < ?");
    if (!s) return s.error();
    return s->bind(1, now).bind(2, createdBefore).run();
}

}  // namespace osm::server

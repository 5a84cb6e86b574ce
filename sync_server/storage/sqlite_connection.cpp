// SqliteConnection's cached instance id and the number-query helper.
#include "storage/sqlite_connection.h"

namespace osm::server {

Result<std::string> SqliteConnection::currentInstance() {
    if (!m_instance.empty()) return m_instance;
    auto s = m_db.prepare("SELECT value FROM server_meta WHERE key = 'instance'");
    if (!s) return s.error();
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return makeError(ErrorCode::Internal, "the database has no server instance id");
    m_instance = s->getText(0);
    return m_instance;
}

Result<std::int64_t> singleNumber(storage::Statement& statement) {
    auto row = statement.step();
    if (!row) return row.error();
    return *row ? statement.getInt(0) : 0;
}

Result<std::int64_t> nextRosterSeq(storage::Database& db) {
    if (auto st = db.exec("UPDATE counter SET value = value + 1 WHERE name = 'roster_seq'"); !st) return st.error();
    auto s = db.prepare("SELECT value FROM counter WHERE name = 'roster_seq'");
    if (!s) return s.error();
    return singleNumber(*s);
}

}  // namespace osm::server

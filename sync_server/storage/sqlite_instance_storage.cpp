// SqliteInstanceStorage. The instance id is cached by the connection (every answer carries it),
// so replacing it drops the cached copy in the same locked step.
#include "storage/sqlite_instance_storage.h"

namespace osm::server {

bool SqliteInstanceStorage::isIntact() {
    std::lock_guard lock(m_mutex);
    return m_db.isIntact();
}

Result<std::string> SqliteInstanceStorage::instanceId() {
    std::lock_guard lock(m_mutex);
    return m_connection->currentInstance();
}

Result<std::string> SqliteInstanceStorage::newInstance() {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("UPDATE server_meta SET value = lower(hex(randomblob(16))) WHERE key = 'instance'");
    if (!s) return s.error();
    if (auto st = s->run(); !st) return st.error();
    m_connection->forgetInstance();
    return m_connection->currentInstance();
}

}  // namespace osm::server

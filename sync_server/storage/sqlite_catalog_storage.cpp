// SqliteCatalogStorage: one row per year; the text is kept as published (kiosks compare hashes).
#include "storage/sqlite_catalog_storage.h"

namespace osm::server {

Status SqliteCatalogStorage::publishCatalog(int year, const std::string& json) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("INSERT OR REPLACE INTO catalog VALUES(?, ?)");
    if (!s) return s.error();
    return s->bind(1, year).bind(2, json).run();
}

Result<std::vector<int>> SqliteCatalogStorage::catalogYears() {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT year FROM catalog ORDER BY year");
    if (!s) return s.error();
    return storage::collectRows<int>(*s, [](const storage::Statement& row) { return static_cast<int>(row.getInt(0)); });
}

Result<std::optional<std::string>> SqliteCatalogStorage::catalog(int year) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT json FROM catalog WHERE year = ?");
    if (!s) return s.error();
    s->bind(1, year);
    return storage::firstRow<std::string>(*s, [](const storage::Statement& row) { return row.getText(0); });
}

}  // namespace osm::server

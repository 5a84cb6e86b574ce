// SqliteCatalogStorage: one row per year; the text is kept as published (kiosks compare hashes).
#include "storage/sqlite_catalog_storage.h"

#include "crypto/encoding.h"

namespace osm::server {

Status SqliteCatalogStorage::publishCatalog(int year, const std::string& json) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("INSERT OR REPLACE INTO catalog VALUES(?, ?)");
    if (!s) return s.error();
    m_hashes.reset();
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

Result<std::vector<sync::CatalogListing>> SqliteCatalogStorage::catalogHashes() {
    std::lock_guard lock(m_mutex);
    auto version = m_db.prepare("PRAGMA data_version");
    if (!version) return version.error();
    auto current =
        storage::firstRow<std::int64_t>(*version, [](const storage::Statement& row) { return row.getInt(0); });
    if (!current) return current.error();
    const std::int64_t dataVersion = current->value_or(-1);
    if (m_hashes && dataVersion == m_hashesDataVersion) return *m_hashes;
    auto s = m_db.prepare("SELECT year, json FROM catalog ORDER BY year");
    if (!s) return s.error();
    auto hashes = storage::collectRows<sync::CatalogListing>(*s, [](const storage::Statement& row) {
        return sync::CatalogListing{static_cast<int>(row.getInt(0)), crypto::contentHash(row.getText(1))};
    });
    if (!hashes) return hashes.error();
    m_hashes = *hashes;
    m_hashesDataVersion = dataVersion;
    return hashes;
}

}  // namespace osm::server

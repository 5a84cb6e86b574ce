// SqliteCatalogStorage: CatalogStorage on the server's SQLite connection (table catalog).
#pragma once

#include "storage/catalog_storage.h"
#include "storage/sqlite_connection.h"

#include <cstdint>
#include <optional>

namespace osm::server {

class SqliteCatalogStorage : public virtual CatalogStorage, private SqliteStorageBase {
public:
    explicit SqliteCatalogStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    Status publishCatalog(int year, const std::string& json) override;
    Result<std::vector<int>> catalogYears() override;
    Result<std::optional<std::string>> catalog(int year) override;
    Result<std::vector<sync::CatalogListing>> catalogHashes() override;

private:
    // The hashes as of SQLite's data_version: it changes when another connection (an operator
    // command publishing a catalogue) commits; this connection's own publishing clears the cache.
    std::optional<std::vector<sync::CatalogListing>> m_hashes;
    std::int64_t m_hashesDataVersion = -1;
};

}  // namespace osm::server

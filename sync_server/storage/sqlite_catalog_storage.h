// SqliteCatalogStorage: CatalogStorage on the server's SQLite connection (table catalog).
#pragma once

#include "storage/catalog_storage.h"
#include "storage/sqlite_connection.h"

namespace osm::server {

class SqliteCatalogStorage : public virtual CatalogStorage, private SqliteStorageBase {
public:
    explicit SqliteCatalogStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    Status publishCatalog(int year, const std::string& json) override;
    Result<std::vector<int>> catalogYears() override;
    Result<std::optional<std::string>> catalog(int year) override;
};

}  // namespace osm::server

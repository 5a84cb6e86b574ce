// SqliteReleaseStorage: ReleaseStorage on the server's SQLite connection (table hr_release,
// whose triggers keep it append-only).
#pragma once

#include "storage/release_storage.h"
#include "storage/sqlite_connection.h"

namespace osm::server {

class SqliteReleaseStorage : public virtual ReleaseStorage, private SqliteStorageBase {
public:
    explicit SqliteReleaseStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    Result<std::vector<ReleaseRow>> releases(int year) override;
    Result<ReleaseAppend> appendRelease(ReleaseRow& row) override;
};

}  // namespace osm::server

// SqliteInstanceStorage: InstanceStorage on the server's SQLite connection (the integrity check,
// and server_meta's instance id).
#pragma once

#include "storage/instance_storage.h"
#include "storage/sqlite_connection.h"

namespace osm::server {

class SqliteInstanceStorage : public virtual InstanceStorage, private SqliteStorageBase {
public:
    explicit SqliteInstanceStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    bool isIntact() override;
    Result<std::string> instanceId() override;
    Result<std::string> newInstance() override;
};

}  // namespace osm::server

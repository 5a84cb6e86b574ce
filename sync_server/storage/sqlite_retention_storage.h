// SqliteRetentionStorage: RetentionStorage on the server's SQLite connection (tables record,
// record_version, record_conflict; server_meta's 'kept_from' and 'retention_years').
#pragma once

#include "storage/retention_storage.h"
#include "storage/sqlite_connection.h"

namespace osm::server {

class SqliteRetentionStorage : public virtual RetentionStorage, private SqliteStorageBase {
public:
    explicit SqliteRetentionStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    Result<int> keptFrom() override;
    Result<std::map<int, std::int64_t>> recordYearsBefore(int year) override;
    Result<std::int64_t> purgeBefore(int year) override;
    Result<int> retentionYears() override;
    Status setRetentionYears(int years) override;

private:
    // server_meta's number under `key` (0 when absent). The caller holds the mutex.
    Result<int> metaNumber(const char* key);
    Status setMetaNumber(const char* key, int value);
};

}  // namespace osm::server

// SqliteReadLogStorage: ReadLogStorage on the server's SQLite connection (table record_read,
// whose rows a trigger deletes with their record).
#pragma once

#include "storage/read_log_storage.h"
#include "storage/sqlite_connection.h"

namespace osm::server {

class SqliteReadLogStorage : public virtual ReadLogStorage, private SqliteStorageBase {
public:
    explicit SqliteReadLogStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    Status logReads(const std::vector<RecordRead>& reads) override;
    Result<std::vector<ReadSummary>> readsAbout(const std::string& staffNumber) override;
    Result<std::int64_t> readCount() override;
};

}  // namespace osm::server

// SqliteRecordStorage: RecordStorage on the server's SQLite connection (tables record,
// record_version, record_conflict; each record names the server instance whose history it continues).
#pragma once

#include "storage/record_storage.h"
#include "storage/sqlite_connection.h"

namespace osm::server {

class SqliteRecordStorage : public virtual RecordStorage, private SqliteStorageBase {
public:
    explicit SqliteRecordStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    Result<PutOutcome> putRecord(const ServerRecord& record, std::uint64_t baseVersion,
                                 std::uint64_t& serverVersion) override;
    Result<std::vector<RecordPutResult>> putRecords(const std::vector<RecordPut>& puts) override;
    Result<std::optional<ServerRecord>> record(const std::string& id) override;
    Result<std::vector<ServerRecord>> recordsOwnedBy(const std::string& owner) override;
    Result<std::vector<ServerRecord>> recordsAbout(const std::string& staffNumber) override;
    Result<std::vector<RecordVersionInfo>> versionHistory(const std::string& id) override;
    Result<std::vector<ServerRecord>> submittedDevelopmentOf(const std::vector<std::string>& owners) override;
    Result<std::vector<ServerRecord>> submittedGroupOfUnit(const std::string& unitId) override;
    Result<int> conflictCount(const std::string& id) override;
    Result<std::int64_t> recordCount() override;
    Result<std::vector<SealedPayload>> sealedPayloads(bool withConflictCopies) override;
    Result<std::int64_t> resealPayloads(const Reseal& reseal) override;

private:
    // putRecord's rules; the caller holds the mutex and a transaction.
    Result<PutOutcome> putInTransaction(const ServerRecord& r, std::uint64_t baseVersion,
                                        const std::string& baseInstance, std::uint64_t& serverVersion);
    // Stores `r` as the record's current version continuing `instance`'s history. Same caller.
    Status storeCurrent(const ServerRecord& r, const std::string& instance);
};

}  // namespace osm::server

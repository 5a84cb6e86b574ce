// SqliteHrAccountStorage: HrAccountStorage on the server's SQLite connection (tables hr_account,
// hr_session).
#pragma once

#include "storage/hr_account_storage.h"
#include "storage/sqlite_connection.h"

namespace osm::server {

class SqliteHrAccountStorage : public virtual HrAccountStorage, private SqliteStorageBase {
public:
    explicit SqliteHrAccountStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    Status putHrAccount(const std::string& username, const std::string& passwordHash) override;
    Result<std::optional<HrAccount>> hrAccount(const std::string& username) override;
    Status putHrSession(const std::string& tokenHash, const HrSession& session) override;
    Result<std::optional<HrSession>> hrSession(const std::string& tokenHash) override;
    Status deleteHrSession(const std::string& tokenHash) override;
    Status purgeHrSessions(std::int64_t now, std::int64_t createdBefore) override;
};

}  // namespace osm::server

// SqliteLeaderAccountStorage: LeaderAccountStorage on the server's SQLite connection (tables
// leader_account, leader_session; migration 8).
#pragma once

#include "storage/leader_account_storage.h"
#include "storage/sqlite_connection.h"

namespace osm::server {

class SqliteLeaderAccountStorage : public virtual LeaderAccountStorage, private SqliteStorageBase {
public:
    explicit SqliteLeaderAccountStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    Status putLeaderCode(const std::string& staffNumber, const std::string& codeHash, std::int64_t expiresAt) override;
    Status setLeaderPassword(const std::string& staffNumber, const std::string& passwordHash) override;
    Result<std::optional<LeaderAccount>> leaderAccount(const std::string& staffNumber) override;
    Status putLeaderSession(const std::string& tokenHash, const LeaderSession& session) override;
    Result<std::optional<LeaderSession>> leaderSession(const std::string& tokenHash) override;
    Status deleteLeaderSession(const std::string& tokenHash) override;
    Status deleteLeaderSessionsOf(const std::string& staffNumber) override;
    Status purgeLeaderSessions(std::int64_t now, std::int64_t createdBefore) override;
};

}  // namespace osm::server

// SqliteDeviceStorage: DeviceStorage on the server's SQLite connection (tables enrolment_code,
// device, nonce).
#pragma once

#include "storage/device_storage.h"
#include "storage/sqlite_connection.h"

#include <limits>

namespace osm::server {

class SqliteDeviceStorage : public virtual DeviceStorage, private SqliteStorageBase {
public:
    explicit SqliteDeviceStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    Status addEnrolmentCode(const std::string& codeHash, const std::string& unitId, std::int64_t expiresAt) override;
    Result<CodeOutcome> useEnrolmentCode(const std::string& codeHash, std::int64_t now, std::string& unitId) override;
    Status addDevice(const DeviceRecord& device) override;
    Result<std::optional<DeviceRecord>> device(const std::string& id) override;
    Result<std::vector<DeviceRecord>> devices() override;
    Result<bool> revokeDevice(const std::string& id, std::int64_t now) override;
    Status touchDevice(const std::string& id, std::int64_t now) override;
    Result<bool> rememberNonce(const std::string& deviceId, const std::string& nonce, std::int64_t now,
                               std::int64_t forgetBefore) override;

private:
    // The `forgetBefore` of the last prune. Only when it moves (once a second, as the service
    // calls it) are old nonces deleted again: a request then writes its nonce and nothing else.
    // Kept by this connection alone, and safely so: it decides only when rows that the timestamp
    // window already refuses are deleted, never whether a nonce is taken (that is in the table).
    std::int64_t m_prunedBefore = std::numeric_limits<std::int64_t>::min();
};

}  // namespace osm::server

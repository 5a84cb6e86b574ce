// SqliteDeviceStorage: DeviceStorage on the server's SQLite connection (tables enrolment_code,
// device, nonce).
#pragma once

#include "storage/device_storage.h"
#include "storage/sqlite_connection.h"

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
};

}  // namespace osm::server

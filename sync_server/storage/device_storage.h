// DeviceStorage: the enrolled kiosks, the one-time codes that enrol them, and the request nonces
// each has used (the replay check).
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"
#include "crypto/signing.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace osm::server {

struct DeviceRecord {
    std::string id;
    std::string unitId;
    crypto::PublicKey publicKey{};
    std::int64_t enrolledAt = 0;
    std::int64_t revokedAt = 0;  // 0 while active
    std::int64_t lastSeen = 0;
    std::string tpm;  // as the kiosk said at enrolment: "tpm", "none", or "" (not said)
};

enum class CodeOutcome { Ok, Unknown, Used, Expired };

class DeviceStorage {
public:
    virtual ~DeviceStorage() = default;

    virtual Status addEnrolmentCode(const std::string& codeHash, const std::string& unitId, std::int64_t expiresAt) = 0;
    // Marks the code used when it is valid; returns its unit through `unitId`.
    virtual Result<CodeOutcome> useEnrolmentCode(const std::string& codeHash, std::int64_t now,
                                                 std::string& unitId) = 0;
    virtual Status addDevice(const DeviceRecord& device) = 0;
    virtual Result<std::optional<DeviceRecord>> device(const std::string& id) = 0;
    virtual Result<std::vector<DeviceRecord>> devices() = 0;
    // False when the device was unknown or revoked already.
    virtual Result<bool> revokeDevice(const std::string& id, std::int64_t now) = 0;
    virtual Status touchDevice(const std::string& id, std::int64_t now) = 0;
    // False when this device used this nonce before (a replay). Forgets nonces older than
    // `forgetBefore`, which the timestamp window already refuses, when `forgetBefore` has moved
    // since it last did (as the service calls it, once a second).
    virtual Result<bool> rememberNonce(const std::string& deviceId, const std::string& nonce, std::int64_t now,
                                       std::int64_t forgetBefore) = 0;
};

}  // namespace osm::server

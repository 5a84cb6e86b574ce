// HrAccountStorage: HR's web sign-in: accounts with their password hashes, and sessions, kept
// by the hash of their token only. (Failed sign-ins are throttled in memory: hr/signin_guard.h.)
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"

#include <cstdint>
#include <optional>
#include <string>

namespace osm::server {

struct HrAccount {
    std::string username;
    std::string passwordHash;  // crypto::hashPassword's string (Argon2id, parameters inside)
};

struct HrSession {
    std::string username;
    std::string csrf;
    std::int64_t expiresAt = 0;  // when it ends unless used before (idle timeout)
    std::int64_t createdAt = 0;  // sign-in time: no session outlives its absolute lifetime
};

class HrAccountStorage {
public:
    virtual ~HrAccountStorage() = default;

    // Adds the account, or replaces its password.
    virtual Status putHrAccount(const std::string& username, const std::string& passwordHash) = 0;
    virtual Result<std::optional<HrAccount>> hrAccount(const std::string& username) = 0;
    virtual Status putHrSession(const std::string& tokenHash, const HrSession& session) = 0;
    virtual Result<std::optional<HrSession>> hrSession(const std::string& tokenHash) = 0;
    virtual Status deleteHrSession(const std::string& tokenHash) = 0;
    // Deletes every session that expired by `now` or was created before `createdBefore`.
    virtual Status purgeHrSessions(std::int64_t now, std::int64_t createdBefore) = 0;
};

}  // namespace osm::server

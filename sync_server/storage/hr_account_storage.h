// HrAccountStorage: HR's web sign-in: accounts with their password hashes and failed attempts,
// and sessions, kept by the hash of their token only.
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
    int failures = 0;
    std::int64_t lockedUntil = 0;
};

struct HrSession {
    std::string username;
    std::string csrf;
    std::int64_t expiresAt = 0;
};

class HrAccountStorage {
public:
    virtual ~HrAccountStorage() = default;

    // Adds the account, or replaces its password and clears its failures.
    virtual Status putHrAccount(const std::string& username, const std::string& passwordHash) = 0;
    virtual Result<std::optional<HrAccount>> hrAccount(const std::string& username) = 0;
    virtual Status setHrFailures(const std::string& username, int failures, std::int64_t lockedUntil) = 0;
    virtual Status putHrSession(const std::string& tokenHash, const HrSession& session) = 0;
    virtual Result<std::optional<HrSession>> hrSession(const std::string& tokenHash) = 0;
    virtual Status deleteHrSession(const std::string& tokenHash) = 0;
};

}  // namespace osm::server

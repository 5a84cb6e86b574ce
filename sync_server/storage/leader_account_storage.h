// LeaderAccountStorage: the leaders' web sign-in: per roster person who leads, a password hash
// (set by the person), or a one-time sign-in code's hash and expiry (issued by an operator), and
// the sessions, kept by the hash of their token only. A session names the person by staff number
// whatever signed them in, so another sign-in (the city's OpenID Connect) can start one too.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"
#include "storage/hr_account_storage.h"

#include <cstdint>
#include <optional>
#include <string>

namespace osm::server {

struct LeaderAccount {
    std::string staffNumber;
    std::string passwordHash;  // crypto::hashPassword's string; empty until the person sets one
    std::string codeHash;      // the one-time code's, empty once used
    std::int64_t codeExpiresAt = 0;
};

// A leader's session: HrSession's fields, `username` holding the staff number.
using LeaderSession = HrSession;

class LeaderAccountStorage {
public:
    virtual ~LeaderAccountStorage() = default;

    // A new one-time code for the person (any earlier code stops working; a password stays until
    // the code is used).
    virtual Status putLeaderCode(const std::string& staffNumber, const std::string& codeHash,
                                 std::int64_t expiresAt) = 0;
    // Sets the password and uses up the code.
    virtual Status setLeaderPassword(const std::string& staffNumber, const std::string& passwordHash) = 0;
    virtual Result<std::optional<LeaderAccount>> leaderAccount(const std::string& staffNumber) = 0;
    virtual Status putLeaderSession(const std::string& tokenHash, const LeaderSession& session) = 0;
    virtual Result<std::optional<LeaderSession>> leaderSession(const std::string& tokenHash) = 0;
    virtual Status deleteLeaderSession(const std::string& tokenHash) = 0;
    // Ends every session of the person (a new password), and the expired ones of everyone.
    virtual Status deleteLeaderSessionsOf(const std::string& staffNumber) = 0;
    virtual Status purgeLeaderSessions(std::int64_t now, std::int64_t createdBefore) = 0;
};

}  // namespace osm::server

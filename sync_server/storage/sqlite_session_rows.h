// The rows of a web area's sessions (HR's hr_session, the leaders' leader_session): the same
// columns (token_hash, the subject's column, csrf, expires_at, created_at) under each table's
// own names. The caller holds the connection's mutex.
#pragma once

#include "core/result.h"
#include "storage/database.h"
#include "storage/hr_account_storage.h"

#include <optional>
#include <string>

namespace osm::server {

struct SessionTableNames {
    const char* table;    // "hr_session"
    const char* subject;  // "username"
};

Status putSessionRow(storage::Database& db, const SessionTableNames& names, const std::string& tokenHash,
                     const HrSession& session);
Result<std::optional<HrSession>> sessionRow(storage::Database& db, const SessionTableNames& names,
                                            const std::string& tokenHash);
Status deleteSessionRow(storage::Database& db, const SessionTableNames& names, const std::string& tokenHash);
Status purgeSessionRows(storage::Database& db, const SessionTableNames& names, std::int64_t now,
                        std::int64_t createdBefore);

}  // namespace osm::server

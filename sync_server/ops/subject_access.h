// A person's own data for a subject-access request (GDPR art. 15): everything the server holds
// about one person of the roster, as a readable text file an operator hands over (docs/operations.md,
// "A person's own data").
//
// What it holds: the roster entry; every record the person owns and every agreement their
// manager recorded about them, each with its version history, conflict copies and who was handed
// which version when (the read log); the content
// of each submitted record about them (opened with the server's storage key), named with the
// catalogue's wording. What it leaves out, and says so: a draft's content (sealed to its author:
// the person reads it at a terminal with their PIN, the server cannot open it) and the content of
// group discussions (they hold the words of others); of those only the facts are listed.
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"
#include "ops/server_keys.h"
#include "storage/sync_storage.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace osm::server {

struct SubjectAccessRequest {
    std::string staffNumber;
    catalog::Lang lang = catalog::Lang::Fi;
    std::int64_t now = 0;  // unix seconds, printed as the time of the export
};

// NotFound for a staff number the roster does not know.
Result<std::string> subjectAccessExport(SyncStorage& storage, const ServerKeys& keys,
                                        const std::filesystem::path& assetsDir, const SubjectAccessRequest& request);

}  // namespace osm::server

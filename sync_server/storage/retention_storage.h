// RetentionStorage: records older than the retention period leave the server (ops/retention.h).
// The first year still kept is remembered, so that kiosks purge the same years at their next
// pull and no push brings a purged year back.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"

#include <cstdint>
#include <map>

namespace osm::server {

class RetentionStorage {
public:
    virtual ~RetentionStorage() = default;

    // The first year whose records are kept (0 while nothing was ever purged).
    virtual Result<int> keptFrom() = 0;
    // The number of records per year before `year`.
    virtual Result<std::map<int, std::int64_t>> recordYearsBefore(int year) = 0;
    // Deletes every record of a year before `year` with its version history, conflict copies and
    // read-log rows, the read-log rows of completions (`completions:<staff>`) last read in a year
    // before `year`, and makes `year` the first kept (never moving it back), in one transaction.
    // Returns how many records were deleted.
    virtual Result<std::int64_t> purgeBefore(int year) = 0;
    // The retention period in years as the operator last set it (0: never set).
    virtual Result<int> retentionYears() = 0;
    virtual Status setRetentionYears(int years) = 0;
};

}  // namespace osm::server

// Retention: a discussion's records are kept for a number of years (default 5, at least 4: the
// alternating-year follow-up looks back at the previous two cycles), then deleted from the
// server; kiosks purge the same years at their next pull (docs/protocol.md, "kept_from"). A
// year is deleted only once HR has released its figures: the frozen releases (hr_release.h)
// are HR's aggregates of that year, and they stay.
#pragma once

#include "storage/sync_storage.h"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace osm::server {

constexpr int kDefaultRetentionYears = 5;
constexpr int kMinRetentionYears = 4;

struct RetentionReport {
    int keepYears = 0;
    int keptFrom = 0;                      // the first year kept: this year - keepYears + 1
    std::map<int, std::int64_t> toDelete;  // records per year before it
    std::vector<int> unreleased;           // of those years, the ones without an HR release
    std::int64_t deleted = 0;
    bool applied = false;
};

// With `keepYears` (else the period last set, else the default): lists the years before the
// kept ones and, unless `dryRun`, deletes them and remembers the period, all or nothing:
// nothing is deleted while any of those years has no HR release. A period below the minimum
// is refused with InvalidInput.
Result<RetentionReport> applyRetention(SyncStorage& storage, std::optional<int> keepYears, int thisYear, bool dryRun);

}  // namespace osm::server

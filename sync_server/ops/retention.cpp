// Retention. The period is checked before anything is read, and the unreleased years before
// anything is deleted, so a refused run changes nothing.
#include "ops/retention.h"

#include <string>

namespace osm::server {

Result<RetentionReport> applyRetention(SyncStorage& storage, std::optional<int> keepYears, int thisYear, bool dryRun) {
    RetentionReport report;
    if (keepYears) {
        report.keepYears = *keepYears;
    } else {
        auto stored = storage.retentionYears();
        if (!stored) return stored.error();
        report.keepYears = *stored > 0 ? *stored : kDefaultRetentionYears;
    }
    if (report.keepYears < kMinRetentionYears) {
        return makeError(ErrorCode::InvalidInput, "records are kept at least " + std::to_string(kMinRetentionYears) +
                                                      " years (the alternating-year follow-up needs two cycles)");
    }
    report.keptFrom = thisYear - report.keepYears + 1;
    auto years = storage.recordYearsBefore(report.keptFrom);
    if (!years) return years.error();
    report.toDelete = std::move(*years);
    for (const auto& [year, count] : report.toDelete) {
        auto released = storage.releases(year);
        if (!released) return released.error();
        if (released->empty()) report.unreleased.push_back(year);
    }
    if (dryRun || !report.unreleased.empty()) return report;
    auto deleted = storage.purgeBefore(report.keptFrom);
    if (!deleted) return deleted.error();
    report.deleted = *deleted;
    if (keepYears) {
        if (auto status = storage.setRetentionYears(*keepYears); !status) return status.error();
    }
    report.applied = true;
    return report;
}

}  // namespace osm::server

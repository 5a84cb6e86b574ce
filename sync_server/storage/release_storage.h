// ReleaseStorage: HR's released aggregate figures (docs/privacy.md). A release is written once
// and never changed or deleted (the database refuses it), and a year's releases together never
// spend more than the year's privacy budget: the check and the append are one transaction.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace osm::server {

struct ReleaseRow {
    int year = 0;
    int seq = 0;  // 1, 2, … per year
    std::int64_t releasedAt = 0;
    std::string releasedBy;   // the HR account, or "cli:<name>"
    double epsilon = 0;       // privacy loss this release spends
    double yearBudget = 0;    // the year's budget in force (the first release's)
    std::string contentJson;  // the noisy, suppressed figures HR sees
    // Server-only: true response counts per group and cell, for the rule that a later release
    // needs every changed cell to change by at least the minimum. Never served.
    std::string basisJson;
};

enum class ReleaseAppend { Stored, OverBudget, Stale };

class ReleaseStorage {
public:
    virtual ~ReleaseStorage() = default;

    // The year's releases, oldest first.
    virtual Result<std::vector<ReleaseRow>> releases(int year) = 0;
    // Appends `row` as the year's release number row.seq, unless another release took that
    // number meanwhile (Stale: the caller computed it against an older previous release) or the
    // year's releases with it would spend more than the budget: the first release's yearBudget
    // (row.yearBudget is set to it), or row's own when it is the first.
    virtual Result<ReleaseAppend> appendRelease(ReleaseRow& row) = 0;
};

}  // namespace osm::server

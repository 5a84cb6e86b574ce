// PlanStorage: HR's training plans as stored (see hr/training_plan.h for the workflow). States
// and actions are kept as their ids; the history and every version's content are append-only.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace osm::server {

struct PlanEventRow {
    int seq = 0;                // 1, 2, … per plan
    std::uint64_t version = 0;  // the content version the step acted on (or created)
    std::string action;         // edit | compile | review | confirm
    std::string fromState;
    std::string toState;
    std::string actor;      // the HR account acting
    std::string body;       // the management group or committee, where it applies
    std::string reference;  // their meeting reference, e.g. "Yt-nk 2.11.2026 § 4"
    std::int64_t at = 0;
};

struct PlanVersionRow {
    std::uint64_t version = 0;
    std::string contentJson;
    std::int64_t savedAt = 0;
};

struct PlanRow {
    int year = 0;
    std::string scope;  // a service area id, or the central plan's scope
    std::string state;
    std::uint64_t version = 0;
    std::vector<PlanVersionRow> versions;  // oldest first
    std::vector<PlanEventRow> history;     // oldest first
};

class PlanStorage {
public:
    virtual ~PlanStorage() = default;

    virtual Result<std::optional<PlanRow>> trainingPlan(int year, const std::string& scope) = 0;
    // One step in one transaction: checks that the plan has exactly `expectedSteps` recorded
    // steps (false, nothing changed, when someone else acted meanwhile), stores `contentJson` as
    // the content of `version` unless it is empty, appends `event` and sets the plan's state and
    // version. The history cannot be rewritten, nor can the content of a version once compiled
    // (the database refuses it).
    virtual Result<bool> appendPlanStep(int year, const std::string& scope, int expectedSteps, const std::string& state,
                                        std::uint64_t version, const std::string& contentJson,
                                        const PlanEventRow& event) = 0;
};

}  // namespace osm::server

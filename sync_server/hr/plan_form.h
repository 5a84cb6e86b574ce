// A training plan's step asked for by a web form, HR's (/hr/plan) or the leaders' (/leaders/plan):
// the form's fields turned into a PlanRequest (training_plan.h). Both pages send the same fields:
// action, steps (how many steps the plan had when shown), and per action reference, body, name,
// competence, method, audience, timing, responsible, index, notes. Who may ask for which action
// is the page's to decide before; what the plan's state allows is applyPlanStep's.
#pragma once

#include "hr/training_plan.h"
#include "ops/server_keys.h"
#include "storage/sync_storage.h"

#include <map>
#include <string>

namespace osm::server {

// The needs a compile step puts into the plan of `scope`: from the year's latest release only (a
// plan is published too, so it must not hold live figures) and the units' and cross-unit groups'
// training needs.
Result<std::vector<PlanNeed>> neededForPlan(SyncStorage& storage, const ServerKeys& keys, const HrData& data, int year,
                                            const std::string& scope);

// The request for `action` of the form (compile, review, confirm, add-training, remove-training,
// notes, consolidate: the areas' plans compiled or later into the central plan) on `plan` by `actor` (its body for review and confirm given by the caller); InvalidInput
// when the form is incomplete or names no such training or action.
Result<PlanRequest> planRequestFromForm(SyncStorage& storage, const ServerKeys& keys, const HrData& data,
                                        const TrainingPlan& plan, std::map<std::string, std::string>& form,
                                        PlanActor actor);

}  // namespace osm::server

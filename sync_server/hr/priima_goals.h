// HR's Priima figure (docs/privacy.md, "Priima in the agreed goals"): per person, how many of the
// year's agreed goals name a Priima course and how many of those the person has completed in
// Priima. Only these two numbers leave here; the agreement is open in memory while counted.
#pragma once

#include "domain/discussion.h"
#include "hr/hr_reports.h"
#include "ops/server_keys.h"
#include "storage/sync_storage.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace osm::server {

// Per staff number: the Priima course codes the person has a completion of.
using PriimaCompleted = std::map<std::string, std::set<std::string>>;

Result<PriimaCompleted> priimaCompleted(CompletionStorage& storage, const std::vector<std::string>& staffNumbers);

// Counts into `s` the goals (at most kCountedGoals of them, hr_release.h) naming a Priima course
// (`priima.<code>` among their methods), and of those, the ones with a completion of one of
// their courses in `completed`.
void countPriimaGoals(const std::vector<domain::LearningGoal>& goals, const std::set<std::string>& completed,
                      SubmittedDiscussion& s);

// The same for the person's submitted agreement of `year`, when there is one that opens; nothing
// is counted otherwise. An error only when the storage fails.
Status countAgreedPriimaGoals(RecordStorage& storage, const ServerKeys& keys, int year, const std::string& staffNumber,
                              const PriimaCompleted& completed, SubmittedDiscussion& s);

}  // namespace osm::server

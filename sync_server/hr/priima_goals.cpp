// HR's Priima figure: agreed goals naming a Priima course, and their completions.
#include "hr/priima_goals.h"

#include "crypto/aead.h"
#include "hr/hr_release.h"

#include <algorithm>

namespace osm::server {

Result<PriimaCompleted> priimaCompleted(CompletionStorage& storage, const std::vector<std::string>& staffNumbers) {
    auto completions = storage.completionsOf(staffNumbers);
    if (!completions) return completions.error();
    PriimaCompleted out;
    for (const sync::Completion& c : *completions) {
        if (c.source == "priima") out[c.staffNumber].insert(c.course);
    }
    return out;
}

void countPriimaGoals(const std::vector<domain::LearningGoal>& goals, const std::set<std::string>& completed,
                      SubmittedDiscussion& s) {
    constexpr std::string_view kPrefix = "priima.";
    for (const domain::LearningGoal& goal : goals) {
        if (s.priimaGoals == kCountedGoals) break;
        bool names = false;
        bool done = false;
        for (const std::string& method : goal.methodIds) {
            if (method.rfind(kPrefix, 0) != 0) continue;
            names = true;
            done = done || completed.count(method.substr(kPrefix.size())) != 0;
        }
        if (!names) continue;
        ++s.priimaGoals;
        if (done) ++s.priimaCompleted;
    }
}

Status countAgreedPriimaGoals(RecordStorage& storage, const ServerKeys& keys, int year, const std::string& staffNumber,
                              const PriimaCompleted& completed, SubmittedDiscussion& s) {
    auto agreement = storage.record(domain::agreementRecordId(year, staffNumber));
    if (!agreement) return agreement.error();
    if (!agreement->has_value() || (*agreement)->state != sync::RecordStateWire::Submitted) return {};
    const ServerRecord& r = **agreement;
    auto plain = crypto::open(keys.storage, {r.id, r.owner, r.version}, r.payload);
    if (!plain) return {};  // a damaged row never reaches a figure
    auto content =
        domain::agreementFromJson(std::string_view(reinterpret_cast<const char*>(plain->data()), plain->size()));
    crypto::wipe(*plain);
    if (!content) return {};
    static const std::set<std::string> none;
    const auto courses = completed.find(staffNumber);
    countPriimaGoals(content->discussion.goals, courses == completed.end() ? none : courses->second, s);
    return {};
}

}  // namespace osm::server

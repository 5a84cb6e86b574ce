// Plan steps from web forms (plan_form.h).
#include "hr/plan_form.h"

#include "hr/hr_release.h"

namespace osm::server {

namespace {

// A small count from a form field; nullopt for anything else.
std::optional<std::size_t> countOf(const std::string& text) {
    if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return static_cast<std::size_t>(std::stoul(text));
}

}  // namespace

Result<std::vector<PlanNeed>> neededForPlan(SyncStorage& storage, const ServerKeys& keys, const HrData& data, int year,
                                            const std::string& scope) {
    auto needs = unitTrainingNeeds(storage, keys, year);
    if (!needs) return needs.error();
    auto releases = chooseRelease(storage, year, {});
    if (!releases) return releases.error();
    return compiledNeeds(scope, data.organisation, data.catalog, releases->groups(), *needs);
}

Result<PlanRequest> planRequestFromForm(SyncStorage& storage, const ServerKeys& keys, const HrData& data,
                                        const TrainingPlan& plan, std::map<std::string, std::string>& form,
                                        PlanActor actor) {
    PlanRequest step{plan.year, plan.scope, PlanAction::Edit, std::move(actor), std::nullopt, -1};
    const auto steps = countOf(form["steps"]);
    if (!steps) return makeError(ErrorCode::InvalidInput, "the form is incomplete; look at the plan again");
    step.expectedSteps = static_cast<int>(*steps);
    const std::string& action = form["action"];
    if (action == "compile") {
        auto needs = neededForPlan(storage, keys, data, plan.year, plan.scope);
        if (!needs) return needs.error();
        step.action = PlanAction::Compile;
        step.content = plan.content;
        step.content->needs = std::move(*needs);
    } else if (action == "review" || action == "confirm") {
        step.action = action == "review" ? PlanAction::Review : PlanAction::Confirm;
        step.actor.reference = form["reference"];
    } else if (action == "add-training") {
        step.content = plan.content;
        step.content->trainings.push_back(
            {form["name"], form["competence"], form["method"], form["audience"], form["timing"], form["responsible"]});
    } else if (action == "remove-training") {
        step.content = plan.content;
        const auto at = countOf(form["index"]);
        if (!at || *at >= step.content->trainings.size())
            return makeError(ErrorCode::InvalidInput, "no such training in the plan");
        step.content->trainings.erase(step.content->trainings.begin() + static_cast<std::ptrdiff_t>(*at));
    } else if (action == "consolidate") {
        // The areas' plans as compiled or later; a draft is still its area's work in progress.
        std::vector<TrainingPlan> areas;
        for (const domain::ServiceArea& area : data.organisation.serviceAreas) {
            auto areaPlan = loadTrainingPlan(storage, data.catalog, plan.year, area.id);
            if (!areaPlan) return areaPlan.error();
            if (areaPlan->state != PlanState::Draft) areas.push_back(std::move(*areaPlan));
        }
        step.action = PlanAction::Consolidate;
        step.content = consolidatedContent(plan.content, areas, data.organisation);
    } else if (action == "notes") {
        step.content = plan.content;
        step.content->notes = form["notes"];
    } else {
        return makeError(ErrorCode::InvalidInput, "unknown action");
    }
    return step;
}

}  // namespace osm::server

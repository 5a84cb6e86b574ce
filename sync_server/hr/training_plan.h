// Training plans (docs/model.md, "Training plans"): one per service area and year, compiled by the
// service area's management group on the leaders' web, plus HR's central training plan
// (keskitetty koulutussuunnitelma), into which HR consolidates the areas' plans. A plan moves
// draft → compiled → reviewed (by the management groups) → confirmed (by the co-operation
// committee, Yt-neuvottelukunta, on the leaders' web; by HR for it if the operator says so). Every
// step records who acted, for which body and meeting, and when; the history is never rewritten.
// Editing a compiled or reviewed plan sends it back to draft as a new version; old versions are
// kept. A confirmed plan is not edited (next year's plan is a new plan).
//
// Errors: a refused step comes back as InvalidInput (bad content, missing who/body/reference),
// Refused (the step is not allowed in the plan's state), Conflict (someone acted meanwhile) or
// NotFound (an unknown service area); nothing is stored then.
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"
#include "domain/annual_clock.h"
#include "domain/organisation.h"
#include "hr/hr_reports.h"
#include "storage/plan_storage.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osm::server {

// The central plan's scope; every other plan's scope is its service area's id.
inline constexpr const char* kCentralPlanScope = "keskitetty";

enum class PlanState { Draft, Compiled, Reviewed, Confirmed };
// Consolidate: HR takes the service areas' planned trainings into the central plan (an edit that
// says where its content came from).
enum class PlanAction { Edit, Compile, Review, Confirm, Consolidate };

std::string_view planStateId(PlanState state);  // "draft", "compiled", "reviewed", "confirmed"
std::optional<PlanState> parsePlanState(std::string_view id);
std::string_view planActionId(PlanAction action);  // "edit", "compile", "review", "confirm", "consolidate"
std::optional<PlanAction> parsePlanAction(std::string_view id);

// A prioritised training need: from the anonymous aggregates (learning goals aimed at a
// competence and the methods they chose) and from the units' summaries.
struct PlanNeed {
    std::string competenceId;  // empty: not tied to a common competence
    std::string text;
    std::vector<std::string> methodIds;
    int learningGoals = 0;             // from the aggregates of groups that are shown
    std::vector<std::string> unitIds;  // units whose summary names it
};

struct PlannedTraining {
    std::string name;
    std::string competenceId;  // optional
    std::string methodId;      // optional, a 70-20-10 method
    std::string audience;
    std::string timing;
    std::string responsible;
};

struct PlanContent {
    std::vector<PlanNeed> needs;
    std::vector<PlannedTraining> trainings;
    std::string notes;
};

std::string planContentToJson(const PlanContent& content);
// Parses and checks against the catalogue: every training has a name, ids are known, texts are
// of a sane length. The message names the field, e.g. "trainings[2].method_id: unknown method".
Result<PlanContent> planContentFromJson(std::string_view json, const catalog::Catalog& catalog);
Status validatePlanContent(const PlanContent& content, const catalog::Catalog& catalog);

// Who acts: an HR account's name, or a roster person on the leaders' web as "Name (staff
// number)" (leaderActorName); for review the management group and its meeting, for confirm the
// co-operation committee's meeting.
struct PlanActor {
    std::string hrUser;
    std::string body;
    std::string reference;
};

struct PlanStep {
    int seq = 0;
    std::uint64_t version = 0;
    PlanAction action = PlanAction::Edit;
    PlanState from = PlanState::Draft;
    PlanState to = PlanState::Draft;
    PlanActor actor;
    std::int64_t at = 0;
};

struct PlanVersion {
    std::uint64_t version = 0;
    PlanContent content;
    std::int64_t savedAt = 0;
};

struct TrainingPlan {
    int year = 0;
    std::string scope;
    PlanState state = PlanState::Draft;
    std::uint64_t version = 1;
    PlanContent content;                // of `version`
    std::vector<PlanVersion> versions;  // every stored version, oldest first (the current one last)
    std::vector<PlanStep> history;      // oldest first
};

// The scope's plan for the year; a plan nobody has touched is an empty draft, version 1.
Result<TrainingPlan> loadTrainingPlan(PlanStorage& storage, const catalog::Catalog& catalog, int year,
                                      const std::string& scope);

struct PlanRequest {
    int year = 0;
    std::string scope;
    PlanAction action = PlanAction::Edit;
    PlanActor actor;
    // Edit: the new content. Compile: the content compiled (its needs from compiledNeeds()).
    std::optional<PlanContent> content;
    // How many steps the plan had when the person looked at it; -1: do not check.
    int expectedSteps = -1;
};

// Checks the step against the plan's state and records it (see the file comment).
Result<TrainingPlan> applyPlanStep(PlanStorage& storage, const domain::Organisation& org,
                                   const catalog::Catalog& catalog, const PlanRequest& request, std::int64_t now);

// The prioritised needs for a plan: a service area's plan from that area's shown aggregates,
// its units' needs and its cross-unit groups' priorities (each its own line, of no unit), the
// central plan from all of them. Highest priority first: the number
// of units naming a need counts twice, each learning goal once; ties go to the competence
// rated lowest. Suppressed groups contribute nothing.
std::vector<PlanNeed> compiledNeeds(const std::string& scope, const domain::Organisation& org,
                                    const catalog::Catalog& catalog, const std::vector<GroupAggregate>& groups,
                                    const std::vector<UnitTrainingNeeds>& unitNeeds);

// A roster person as a plan's history names them.
std::string leaderActorName(const domain::Person& person);

// Consolidate: the central plan's content with every planned training of `areaPlans` that it does
// not already hold (a training's audience left blank becomes its service area's name).
PlanContent consolidatedContent(const PlanContent& central, const std::vector<TrainingPlan>& areaPlans,
                                const domain::Organisation& org);

// A service area's plan is due compiled by the end of the planning window: the last day of the
// catalogue's `staff_training_planning` event (May–September: 30 September), else of September.
domain::Date areaPlanDeadline(const catalog::Catalog& catalog, int year);
// When the plan was first compiled; 0: never.
std::int64_t firstCompiledAt(const TrainingPlan& plan);
// Not compiled by its deadline: compiled after it, or not yet and the deadline has passed by
// `now`. The deadline is a target: nothing is locked by it.
bool areaPlanLate(const TrainingPlan& plan, const catalog::Catalog& catalog, std::int64_t now);

// The scopes HR plans for: every service area, then the central plan.
std::vector<std::string> planScopes(const domain::Organisation& org);
std::string planScopeName(const domain::Organisation& org, const std::string& scope);
// The management groups that review a scope's plan: the service area's own group, then the city
// manager's; the central plan only the latter. A review names one of these.
std::vector<std::string> reviewBodies(const domain::Organisation& org, const std::string& scope);

}  // namespace osm::server

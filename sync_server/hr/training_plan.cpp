// Training plans. Sections: [names] [content] [workflow] [compiled needs].
#include "hr/training_plan.h"

#include "core/utf8_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <map>

namespace osm::server {

// [names] --------------------------------------------------------------------------------------

namespace {

template <typename E>
struct Named {
    E value;
    const char* id;
};
// Their names for people are web texts: hr.plan.state.<id>, hr.plan.action.<id>.
constexpr std::array<Named<PlanState>, 4> kStates{{{PlanState::Draft, "draft"},
                                                   {PlanState::Compiled, "compiled"},
                                                   {PlanState::Reviewed, "reviewed"},
                                                   {PlanState::Confirmed, "confirmed"}}};
constexpr std::array<Named<PlanAction>, 5> kActions{{{PlanAction::Edit, "edit"},
                                                     {PlanAction::Compile, "compile"},
                                                     {PlanAction::Review, "review"},
                                                     {PlanAction::Confirm, "confirm"},
                                                     {PlanAction::Consolidate, "consolidate"}}};

template <typename E, std::size_t N>
std::optional<E> parseNamed(const std::array<Named<E>, N>& names, std::string_view id) {
    for (const Named<E>& n : names) {
        if (id == n.id) return n.value;
    }
    return std::nullopt;
}

}  // namespace

std::string_view planStateId(PlanState state) { return kStates[static_cast<std::size_t>(state)].id; }
std::optional<PlanState> parsePlanState(std::string_view id) { return parseNamed(kStates, id); }
std::string_view planActionId(PlanAction action) { return kActions[static_cast<std::size_t>(action)].id; }
std::optional<PlanAction> parsePlanAction(std::string_view id) { return parseNamed(kActions, id); }

std::vector<std::string> planScopes(const domain::Organisation& org) {
    std::vector<std::string> scopes;
    for (const domain::ServiceArea& area : org.serviceAreas) scopes.push_back(area.id);
    scopes.push_back(kCentralPlanScope);
    return scopes;
}

std::string planScopeName(const domain::Organisation& org, const std::string& scope) {
    if (scope == kCentralPlanScope) return "Keskitetty koulutussuunnitelma";
    const domain::ServiceArea* area = org.findServiceArea(scope);
    return area != nullptr ? area->name : scope;
}

// [content] ------------------------------------------------------------------------------------

namespace {

constexpr std::size_t kMaxField = 500;
constexpr std::size_t kMaxNotes = 20000;
constexpr std::size_t kMaxItems = 500;

}  // namespace

std::string planContentToJson(const PlanContent& content) {
    nlohmann::json needs = nlohmann::json::array();
    for (const PlanNeed& n : content.needs) {
        needs.push_back({{"competence_id", n.competenceId},
                         {"text", n.text},
                         {"method_ids", n.methodIds},
                         {"learning_goals", n.learningGoals},
                         {"unit_ids", n.unitIds}});
    }
    nlohmann::json trainings = nlohmann::json::array();
    for (const PlannedTraining& t : content.trainings) {
        trainings.push_back({{"name", t.name},
                             {"competence_id", t.competenceId},
                             {"method_id", t.methodId},
                             {"audience", t.audience},
                             {"timing", t.timing},
                             {"responsible", t.responsible}});
    }
    return nlohmann::json{{"needs", needs}, {"trainings", trainings}, {"notes", content.notes}}.dump();
}

Status validatePlanContent(const PlanContent& content, const catalog::Catalog& catalog) {
    auto fail = [](const std::string& field, const std::string& problem) {
        return makeError(ErrorCode::InvalidInput, field + ": " + problem);
    };
    if (content.needs.size() > kMaxItems || content.trainings.size() > kMaxItems) return fail("plan", "too many items");
    if (content.notes.size() > kMaxNotes) return fail("notes", "longer than " + std::to_string(kMaxNotes) + " bytes");
    auto checkCompetence = [&](const std::string& field, const std::string& id) -> Status {
        if (!id.empty() && catalog.findCompetence(id) == nullptr)
            return fail(field, "unknown competence \"" + id + "\"");
        return {};
    };
    auto checkMethod = [&](const std::string& field, const std::string& id) -> Status {
        if (!id.empty() && catalog.findMethod(id) == nullptr) return fail(field, "unknown method \"" + id + "\"");
        return {};
    };
    for (std::size_t i = 0; i < content.needs.size(); ++i) {
        const PlanNeed& n = content.needs[i];
        const std::string at = "needs[" + std::to_string(i) + "]";
        if (auto st = checkCompetence(at + ".competence_id", n.competenceId); !st) return st;
        for (const std::string& m : n.methodIds) {
            if (auto st = checkMethod(at + ".method_ids", m); !st) return st;
        }
        if (n.text.size() > 4 * kMaxField) return fail(at + ".text", "too long");
    }
    for (std::size_t i = 0; i < content.trainings.size(); ++i) {
        const PlannedTraining& t = content.trainings[i];
        const std::string at = "trainings[" + std::to_string(i) + "]";
        if (t.name.find_first_not_of(" \t\r\n") == std::string::npos) return fail(at + ".name", "missing");
        if (auto st = checkCompetence(at + ".competence_id", t.competenceId); !st) return st;
        if (auto st = checkMethod(at + ".method_id", t.methodId); !st) return st;
        for (const std::string* field : {&t.name, &t.audience, &t.timing, &t.responsible}) {
            if (field->size() > kMaxField)
                return fail(at, "a field is longer than " + std::to_string(kMaxField) + " bytes");
        }
    }
    return {};
}

Result<PlanContent> planContentFromJson(std::string_view json, const catalog::Catalog& catalog) {
    const nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return makeError(ErrorCode::InvalidInput, "plan: not a JSON object");
    PlanContent content;
    auto text = [](const nlohmann::json& item, const char* key) -> std::optional<std::string> {
        if (!item.contains(key) || item[key].is_null()) return std::string();
        if (!item[key].is_string()) return std::nullopt;
        return item[key].get<std::string>();
    };
    auto list = [&](const char* key) -> Result<nlohmann::json> {
        if (!doc.contains(key)) return nlohmann::json::array();
        if (!doc[key].is_array()) return makeError(ErrorCode::InvalidInput, std::string(key) + ": not a list");
        return doc[key];
    };
    auto needs = list("needs");
    if (!needs) return needs.error();
    for (std::size_t i = 0; i < needs->size(); ++i) {
        const nlohmann::json& item = (*needs)[i];
        const std::string at = "needs[" + std::to_string(i) + "]";
        const auto competence = item.is_object() ? text(item, "competence_id") : std::nullopt;
        const auto needText = item.is_object() ? text(item, "text") : std::nullopt;
        if (!competence || !needText)
            return makeError(ErrorCode::InvalidInput, at + ": competence_id and text must be text");
        PlanNeed need{*competence, *needText, {}, 0, {}};
        try {
            need.methodIds = item.value("method_ids", std::vector<std::string>{});
            need.learningGoals = item.value("learning_goals", 0);
            need.unitIds = item.value("unit_ids", std::vector<std::string>{});
        } catch (const nlohmann::json::exception&) {
            return makeError(ErrorCode::InvalidInput,
                             at + ": method_ids, unit_ids must be lists of text, learning_goals a number");
        }
        content.needs.push_back(std::move(need));
    }
    auto trainings = list("trainings");
    if (!trainings) return trainings.error();
    for (std::size_t i = 0; i < trainings->size(); ++i) {
        const nlohmann::json& item = (*trainings)[i];
        const std::string at = "trainings[" + std::to_string(i) + "]";
        if (!item.is_object()) return makeError(ErrorCode::InvalidInput, at + ": not an object");
        PlannedTraining t;
        const std::pair<const char*, std::string*> fields[] = {
            {"name", &t.name},          {"competence_id", &t.competenceId},
            {"method_id", &t.methodId}, {"audience", &t.audience},
            {"timing", &t.timing},      {"responsible", &t.responsible}};
        for (const auto& [key, target] : fields) {
            const auto value = text(item, key);
            if (!value) return makeError(ErrorCode::InvalidInput, at + "." + key + ": not text");
            *target = *value;
        }
        content.trainings.push_back(std::move(t));
    }
    const auto notes = text(doc, "notes");
    if (!notes) return makeError(ErrorCode::InvalidInput, "notes: not text");
    content.notes = *notes;
    if (auto st = validatePlanContent(content, catalog); !st) return st.error();
    return content;
}

// [workflow] -----------------------------------------------------------------------------------

Result<TrainingPlan> loadTrainingPlan(PlanStorage& storage, const catalog::Catalog& catalog, int year,
                                      const std::string& scope) {
    TrainingPlan plan;
    plan.year = year;
    plan.scope = scope;
    auto row = storage.trainingPlan(year, scope);
    if (!row) return row.error();
    if (!row->has_value()) return plan;
    const PlanRow& stored = **row;
    const auto state = parsePlanState(stored.state);
    if (!state) return makeError(ErrorCode::Internal, "training plan " + scope + ": unknown state " + stored.state);
    plan.state = *state;
    plan.version = stored.version;
    for (const PlanVersionRow& v : stored.versions) {
        // Checked against this year's catalogue when saved; read back as saved.
        auto content = planContentFromJson(v.contentJson, catalog);
        if (!content)
            return makeError(ErrorCode::Internal, "training plan " + scope + " version " + std::to_string(v.version) +
                                                      ": " + content.error().message);
        plan.versions.push_back({v.version, *content, v.savedAt});
        if (v.version == plan.version) plan.content = std::move(*content);
    }
    for (const PlanEventRow& e : stored.history) {
        const auto action = parsePlanAction(e.action);
        const auto from = parsePlanState(e.fromState);
        const auto to = parsePlanState(e.toState);
        if (!action || !from || !to)
            return makeError(ErrorCode::Internal,
                             "training plan " + scope + ": unreadable step " + std::to_string(e.seq));
        plan.history.push_back({e.seq, e.version, *action, *from, *to, {e.actor, e.body, e.reference}, e.at});
    }
    return plan;
}

namespace {

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

// Which state a step leads to, or why it is refused.
Result<PlanState> nextState(const TrainingPlan& plan, const PlanRequest& request) {
    const std::string in = " (the plan is " + std::string(planStateId(plan.state)) + ")";
    switch (request.action) {
    case PlanAction::Consolidate:
        if (plan.scope != kCentralPlanScope)
            return makeError(ErrorCode::Refused, "only the central plan takes in the service areas' plans");
        [[fallthrough]];
    case PlanAction::Edit:
        if (plan.state == PlanState::Confirmed) {
            return makeError(ErrorCode::Refused,
                             "a confirmed plan is not edited; it stays as the co-operation committee confirmed it");
        }
        return PlanState::Draft;
    case PlanAction::Compile:
        if (plan.state != PlanState::Draft) return makeError(ErrorCode::Refused, "only a draft can be compiled" + in);
        return PlanState::Compiled;
    case PlanAction::Review:
        if (plan.state != PlanState::Compiled && plan.state != PlanState::Reviewed) {
            return makeError(ErrorCode::Refused, "only a compiled plan can be reviewed by a management group" + in);
        }
        for (const PlanStep& step : plan.history) {
            if (step.action == PlanAction::Review && step.version == plan.version &&
                step.actor.body == request.actor.body) {
                return makeError(ErrorCode::Refused,
                                 request.actor.body + " has already reviewed version " + std::to_string(plan.version));
            }
        }
        return PlanState::Reviewed;
    case PlanAction::Confirm:
        if (plan.state != PlanState::Reviewed) {
            return makeError(ErrorCode::Refused, "only a plan reviewed by a management group can be confirmed" + in);
        }
        return PlanState::Confirmed;
    }
    return makeError(ErrorCode::Internal, "unknown plan action");
}

Status checkActor(const PlanRequest& request) {
    if (blank(request.actor.hrUser)) return makeError(ErrorCode::InvalidInput, "who acts: the HR account is missing");
    if (request.action == PlanAction::Review && blank(request.actor.body)) {
        return makeError(ErrorCode::InvalidInput, "review: the management group's name is missing");
    }
    if ((request.action == PlanAction::Review || request.action == PlanAction::Confirm) &&
        blank(request.actor.reference)) {
        return makeError(ErrorCode::InvalidInput,
                         std::string(planActionId(request.action)) + ": the meeting reference is missing");
    }
    for (const std::string* field : {&request.actor.hrUser, &request.actor.body, &request.actor.reference}) {
        if (field->size() > kMaxField)
            return makeError(ErrorCode::InvalidInput, "who acts: a field is longer than 500 bytes");
    }
    if ((request.action == PlanAction::Edit || request.action == PlanAction::Consolidate) && !request.content)
        return makeError(ErrorCode::InvalidInput, "edit: no content given");
    return {};
}

// Text typed in is well-formed UTF-8 with no control characters but tab and line breaks (an ESC
// or NUL would reach terminals and files raw; an overlong form would stop the JSON writer).
// Checked on new steps only: what is stored is read as it is.
Status checkTypedText(const PlanRequest& request) {
    auto plain = [](const std::string& text) { return isPlainUtf8(text, "\t\r\n"); };
    std::vector<const std::string*> fields{&request.actor.hrUser, &request.actor.body, &request.actor.reference};
    if (request.content) {
        fields.push_back(&request.content->notes);
        for (const PlanNeed& n : request.content->needs) fields.push_back(&n.text);
        for (const PlannedTraining& t : request.content->trainings) {
            for (const std::string* f : {&t.name, &t.audience, &t.timing, &t.responsible}) fields.push_back(f);
        }
    }
    for (const std::string* field : fields) {
        if (!plain(*field))
            return makeError(ErrorCode::InvalidInput,
                             "a text holds a control character (such as ESC or NUL) or is not UTF-8");
    }
    return {};
}

}  // namespace

Result<TrainingPlan> applyPlanStep(PlanStorage& storage, const domain::Organisation& org,
                                   const catalog::Catalog& catalog, const PlanRequest& request, std::int64_t now) {
    if (request.scope != kCentralPlanScope && org.findServiceArea(request.scope) == nullptr) {
        return makeError(ErrorCode::NotFound, "no service area \"" + request.scope + "\" (or \"" + kCentralPlanScope +
                                                  "\" for the central plan)");
    }
    if (auto st = checkActor(request); !st) return st.error();
    if (auto st = checkTypedText(request); !st) return st.error();
    if (request.action == PlanAction::Review) {
        const auto bodies = reviewBodies(org, request.scope);
        if (std::find(bodies.begin(), bodies.end(), request.actor.body) == bodies.end())
            return makeError(ErrorCode::InvalidInput,
                             "review: \"" + request.actor.body + "\" is not a management group of this plan");
    }
    if (request.content) {
        if (auto st = validatePlanContent(*request.content, catalog); !st) return st.error();
    }
    auto plan = loadTrainingPlan(storage, catalog, request.year, request.scope);
    if (!plan) return plan.error();
    const int steps = static_cast<int>(plan->history.size());
    if (request.expectedSteps >= 0 && request.expectedSteps != steps) {
        return makeError(ErrorCode::Conflict, "the plan has changed since it was shown; look at it again");
    }
    auto to = nextState(*plan, request);
    if (!to) return to.error();

    // Content changes only in a draft: editing a compiled or reviewed plan opens a new version,
    // so what the bodies saw stays as it was.
    std::uint64_t version = plan->version;
    std::string contentJson;
    const bool edits = request.action == PlanAction::Edit || request.action == PlanAction::Consolidate;
    if (edits && plan->state != PlanState::Draft) ++version;
    if (request.content)
        contentJson = planContentToJson(*request.content);
    else if (plan->versions.empty())
        contentJson = planContentToJson(plan->content);
    const PlanEventRow event{0,
                             version,
                             std::string(planActionId(request.action)),
                             std::string(planStateId(plan->state)),
                             std::string(planStateId(*to)),
                             request.actor.hrUser,
                             request.actor.body,
                             request.actor.reference,
                             now};
    auto stored = storage.appendPlanStep(request.year, request.scope, steps, std::string(planStateId(*to)), version,
                                         contentJson, event);
    if (!stored) return stored.error();
    if (!*stored) return makeError(ErrorCode::Conflict, "the plan has changed since it was shown; look at it again");
    return loadTrainingPlan(storage, catalog, request.year, request.scope);
}

// [compiled needs] -----------------------------------------------------------------------------

std::vector<PlanNeed> compiledNeeds(const std::string& scope, const domain::Organisation& org,
                                    const catalog::Catalog& catalog, const std::vector<GroupAggregate>& groups,
                                    const std::vector<UnitTrainingNeeds>& unitNeeds) {
    auto inScope = [&](const std::string& area) { return scope == kCentralPlanScope || area == scope; };
    struct Tally {
        PlanNeed need;
        std::map<std::string, int> methods;
        double ratingSum = 0;
        int ratings = 0;
        std::vector<std::string> texts;
    };
    std::map<std::string, Tally> byCompetence;  // "" collects goals tied to no competence
    std::vector<PlanNeed> untied;               // unit needs without a competence keep their own line
    for (const GroupAggregate& g : groups) {
        if (!g.unitId.empty() || g.suppressed || !inScope(g.serviceAreaId)) continue;
        for (const auto& [competence, count] : g.goalCompetences) {
            Tally& t = byCompetence[competence];
            t.need.competenceId = competence;
            t.need.learningGoals += count;
            if (auto it = g.goalMethods.find(competence); it != g.goalMethods.end()) {
                for (const auto& [method, n] : it->second) t.methods[method] += n;
            }
        }
        for (const CompetenceAggregate& c : g.competences) {
            auto it = byCompetence.find(c.competenceId);
            if (it == byCompetence.end()) continue;
            it->second.ratingSum += c.mean * c.responses;
            it->second.ratings += c.responses;
        }
    }
    for (const UnitTrainingNeeds& u : unitNeeds) {
        const domain::Unit* unit = org.findUnit(u.unitId);
        if (unit == nullptr || !inScope(unit->serviceAreaId)) continue;
        if (u.competenceId.empty() || catalog.findCompetence(u.competenceId) == nullptr) {
            std::vector<std::string> methods;
            for (const std::string& m : u.methods) {
                if (catalog.findMethod(m) != nullptr) methods.push_back(m);
            }
            untied.push_back({"", u.unitName + ": " + u.text, methods, 0, {u.unitId}});
            continue;
        }
        Tally& t = byCompetence[u.competenceId];
        t.need.competenceId = u.competenceId;
        if (std::find(t.need.unitIds.begin(), t.need.unitIds.end(), u.unitId) == t.need.unitIds.end())
            t.need.unitIds.push_back(u.unitId);
        t.texts.push_back(u.unitName + ": " + u.text);
        for (const std::string& m : u.methods) {
            if (catalog.findMethod(m) != nullptr) t.methods[m] += 1;
        }
    }
    for (const UnitTrainingNeeds& u : unitNeeds)  // a cross-unit group's priority: its area's own, of no unit
        if (u.unitId.empty() && !u.serviceAreaId.empty() && inScope(u.serviceAreaId))
            untied.push_back({"", u.unitName + ": " + u.text, {}, 0, {}});
    std::vector<std::pair<double, PlanNeed>> ranked;  // (mean rating, need)
    for (auto& [competence, t] : byCompetence) {
        std::vector<std::pair<int, std::string>> methods;
        for (const auto& [m, n] : t.methods) methods.push_back({n, m});
        std::stable_sort(methods.begin(), methods.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        for (std::size_t i = 0; i < methods.size() && i < 3; ++i) t.need.methodIds.push_back(methods[i].second);
        std::string text;
        if (t.need.learningGoals > 0) text = std::to_string(t.need.learningGoals) + " oppimistavoitetta";
        if (t.ratings > 0)
            text += (text.empty() ? "" : "; ") + std::string("itsearvioiden keskiarvo ") +
                    decimalComma(t.ratingSum / t.ratings, 1);
        for (const std::string& unitText : t.texts) text += (text.empty() ? "" : "; ") + unitText;
        if (competence.empty() && text.empty()) continue;
        t.need.text = competence.empty() ? "Muut tavoitteet: " + text : text;
        ranked.push_back({t.ratings > 0 ? t.ratingSum / t.ratings : 1e9, std::move(t.need)});
    }
    for (PlanNeed& n : untied) ranked.push_back({1e9, std::move(n)});
    auto score = [](const PlanNeed& n) { return 2 * static_cast<int>(n.unitIds.size()) + n.learningGoals; };
    std::stable_sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
        if (score(a.second) != score(b.second)) return score(a.second) > score(b.second);
        return a.first < b.first;
    });
    std::vector<PlanNeed> out;
    for (auto& [mean, need] : ranked) out.push_back(std::move(need));
    return out;
}

std::string leaderActorName(const domain::Person& person) { return person.name + " (" + person.staffNumber + ")"; }

PlanContent consolidatedContent(const PlanContent& central, const std::vector<TrainingPlan>& areaPlans,
                                const domain::Organisation& org) {
    PlanContent out = central;
    auto same = [](const PlannedTraining& a, const PlannedTraining& b) {
        return a.name == b.name && a.competenceId == b.competenceId && a.methodId == b.methodId &&
               a.audience == b.audience && a.timing == b.timing && a.responsible == b.responsible;
    };
    for (const TrainingPlan& plan : areaPlans) {
        for (PlannedTraining t : plan.content.trainings) {
            if (blank(t.audience)) t.audience = planScopeName(org, plan.scope);
            if (std::none_of(out.trainings.begin(), out.trainings.end(),
                             [&](const PlannedTraining& have) { return same(have, t); }))
                out.trainings.push_back(std::move(t));
        }
    }
    return out;
}

domain::Date areaPlanDeadline(const catalog::Catalog& catalog, int year) {
    int month = 9;
    for (const catalog::ClockEvent& e : catalog.clock.events) {
        if (e.id == "staff_training_planning") month = e.toMonth;
    }
    return {year, month, domain::daysInMonth(year, month)};
}

std::int64_t firstCompiledAt(const TrainingPlan& plan) {
    for (const PlanStep& step : plan.history) {
        if (step.action == PlanAction::Compile) return step.at;
    }
    return 0;
}

bool areaPlanLate(const TrainingPlan& plan, const catalog::Catalog& catalog, std::int64_t now) {
    const domain::Date deadline = areaPlanDeadline(catalog, plan.year);
    const std::int64_t compiled = firstCompiledAt(plan);
    return domain::dateOfUnixSeconds(compiled != 0 ? compiled : now) > deadline;
}

std::vector<std::string> reviewBodies(const domain::Organisation& org, const std::string& scope) {
    std::vector<std::string> groups{"Kaupunginjohtajan johtoryhmä"};
    if (scope != kCentralPlanScope)
        groups.insert(groups.begin(), planScopeName(org, scope) + " – palvelualueen johtoryhmä");
    return groups;
}

}  // namespace osm::server

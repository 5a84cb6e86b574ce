// Training plans on the leaders' web (docs/model.md, "Training plans"): a service area's plan
// drafted, compiled and reviewed by its management group (the service-area director and the
// group's members of that area), and the plans put to the co-operation committee, read and
// confirmed by its members. Rights from domain/rights.h; the plan's rules (state, append-only
// history, a stale form refused) are training_plan.h's. Sections: [access] [pages] [actions].
#include "leaders/leaders_web.h"

#include "domain/annual_clock.h"
#include "domain/rights.h"
#include "hr/area_plans_html.h"
#include "hr/hr_html.h"
#include "hr/plan_form.h"
#include "hr/plan_forms_html.h"

#include <algorithm>

namespace osm::server {

// [access] -------------------------------------------------------------------------------------

namespace {

// What the signed-in person may do with a plan: draft, compile and review it (its area's
// management group), or read and confirm it (the co-operation committee, once it is put to
// them: reviewed, or already confirmed).
struct PlanRights {
    bool plans = false;
    bool confirms = false;
    bool reads() const { return plans || confirms; }
};

PlanRights planRightsOf(const domain::Person& me, const TrainingPlan& plan) {
    PlanRights r;
    r.plans = plan.scope != kCentralPlanScope && domain::mayPlanForArea(me, plan.scope);
    r.confirms =
        domain::mayConfirmPlans(me) && (plan.state == PlanState::Reviewed || plan.state == PlanState::Confirmed);
    return r;
}

}  // namespace

// [pages] --------------------------------------------------------------------------------------

std::string LeadersWeb::planLinksHtml(const Visit& visit) const {
    const domain::Person& me = visit.me.person;
    std::string links;
    if (domain::mayPlanForArea(me, me.serviceAreaId))
        links += "<li><a id=\"plan-link\" href=\"/leaders/plan\">" +
                 htmlEscape(m_text(visit.lang, "web.home.area_plan")) + "</a></li>";
    if (domain::mayConfirmPlans(me))
        links += "<li><a id=\"committee-link\" href=\"/leaders/plans\">" +
                 htmlEscape(m_text(visit.lang, "web.home.committee_plans")) + "</a></li>";
    if (links.empty()) return {};
    return "<h2>" + htmlEscape(m_text(visit.lang, "web.home.plans")) + "</h2><ul>" + links + "</ul>";
}

ApiResponse LeadersWeb::committeePlans(Visit& visit) {
    if (!domain::mayConfirmPlans(visit.me.person)) return refused(visit);
    const PageText t{m_text, visit.lang};
    const int year = domain::dateOfUnixSeconds(m_options.now()).year;
    auto data = loadHrData(m_storage, m_keys, m_options.assetsDir, year);
    if (!data) return serverError(visit);
    std::string rows;
    for (const std::string& scope : planScopes(data->organisation)) {
        auto plan = loadTrainingPlan(m_storage, data->catalog, year, scope);
        if (!plan) return serverError(visit);
        if (!planRightsOf(visit.me.person, *plan).confirms) continue;
        rows += "<tr><td><a href=\"/leaders/plan?scope=" + htmlEscape(scope) + "\">" +
                htmlEscape(planScopeName(data->organisation, scope)) + "</a></td><td data-state=\"" +
                std::string(planStateId(plan->state)) + "\">" + htmlEscape(planStateName(t, plan->state)) +
                "</td></tr>";
    }
    const std::string title = t("web.plan.committee_title", std::to_string(year));
    std::string body = "<h1>" + htmlEscape(title) + "</h1>";
    body += rows.empty()
                ? "<p id=\"no-plans\">" + htmlEscape(t("web.plan.committee_none")) + "</p>"
                : "<table id=\"committee-plans\"><tr><th scope=\"col\">" + htmlEscape(t("hr.plans.plan")) +
                      "</th><th scope=\"col\">" + htmlEscape(t("hr.plans.state")) + "</th></tr>" + rows + "</table>";
    return page(visit, 200, title, body);
}

struct LeadersWeb::PlanVisit {
    HrData data;
    TrainingPlan plan;
    bool plans = false;  // PlanRights, as a member of this class may hold it
    bool confirms = false;
};

std::optional<LeadersWeb::PlanVisit> LeadersWeb::openPlan(const Visit& visit, const std::string& scope,
                                                          std::optional<ApiResponse>& failure) {
    const int year = domain::dateOfUnixSeconds(m_options.now()).year;
    auto data = loadHrData(m_storage, m_keys, m_options.assetsDir, year);
    if (!data) failure = serverError(visit);
    if (!data) return std::nullopt;
    if (scope != kCentralPlanScope && data->organisation.findServiceArea(scope) == nullptr) {
        failure = refused(visit);
        return std::nullopt;
    }
    auto plan = loadTrainingPlan(m_storage, data->catalog, year, scope);
    if (!plan) failure = serverError(visit);
    if (!plan) return std::nullopt;
    const PlanRights rights = planRightsOf(visit.me.person, *plan);
    return PlanVisit{std::move(*data), std::move(*plan), rights.plans, rights.confirms};
}

ApiResponse LeadersWeb::planPage(Visit& visit, const std::string& scope, int status, const std::string& error) {
    const PageText t{m_text, visit.lang};
    std::optional<ApiResponse> failure;
    auto opened = openPlan(visit, scope, failure);
    if (!opened) return std::move(*failure);
    const PlanRights rights{opened->plans, opened->confirms};
    if (!rights.reads()) return refused(visit);
    const auto& data = opened->data;
    const auto& plan = opened->plan;
    const int year = plan.year;
    const std::string name = planScopeName(data.organisation, scope);
    std::string body =
        "<h1>" + htmlEscape(t("hr.plan.heading", std::to_string(year))) + " – " + htmlEscape(name) + "</h1>";
    if (scope != kCentralPlanScope) body += planDeadlineHtml(t, plan, data.catalog, m_options.now());
    if (!error.empty())
        body += "<p class=\"error\" id=\"plan-error\">" + htmlEscape(t("hr.plan.refused", error)) + "</p>";
    body += planHtml(t, plan, data.organisation, data.catalog);
    const PlanForms f(t, "/leaders/plan", visit.session.session.csrf, plan, year);
    if (rights.plans) body += areaPlanForms(visit, f, plan, data);
    if (rights.confirms && plan.state == PlanState::Reviewed) {
        body += m_options.hrConfirmsPlans
                    ? "<p class=\"muted\" id=\"hr-confirms\">" + htmlEscape(t("web.plan.hr_confirms")) + "</p>"
                    : f.form("confirm", t("hr.plan.confirm.legend"), f.input("reference", "hr.plan.reference"),
                             "hr.plan.confirm.submit");
    }
    return page(visit, error.empty() ? 200 : status, t("hr.plan.title") + " – " + name, body);
}

std::string LeadersWeb::areaPlanForms(const Visit& visit, const PlanForms& f, const TrainingPlan& plan,
                                      const HrData& data) {
    const PageText t{m_text, visit.lang};
    std::string body = "<h2>" + htmlEscape(t("web.plan.inputs")) + "</h2><p class=\"muted\">" +
                       htmlEscape(t("web.plan.inputs_note")) + "</p>";
    if (plan.state == PlanState::Draft) {
        auto needs = neededForPlan(m_storage, m_keys, data, plan.year, plan.scope);
        std::string items;
        for (const PlanNeed& n : needs ? *needs : std::vector<PlanNeed>{}) {
            const catalog::Competence* c = data.catalog.findCompetence(n.competenceId);
            items += "<li>" + (c != nullptr ? "<strong>" + htmlEscape(c->name.in(visit.lang)) + "</strong>: " : "") +
                     htmlEscape(n.text) + "</li>";
        }
        body += items.empty() ? "<p id=\"plan-inputs\">–</p>" : "<ul id=\"plan-inputs\">" + items + "</ul>";
        body += f.form("compile", t("web.plan.compile_legend"), {}, "hr.plan.compile.submit");
    }
    const std::string group = reviewBodies(data.organisation, plan.scope).front();
    const bool reviewed = std::any_of(plan.history.begin(), plan.history.end(), [&](const PlanStep& s) {
        return s.action == PlanAction::Review && s.version == plan.version && s.actor.body == group;
    });
    if ((plan.state == PlanState::Compiled || plan.state == PlanState::Reviewed) && !reviewed) {
        body += f.form("review", t("web.plan.review_legend", group), f.input("reference", "hr.plan.reference"),
                       "hr.plan.review.submit");
    }
    if (plan.state == PlanState::Confirmed) return body + "<p>" + htmlEscape(t("hr.plan.confirmed")) + "</p>";
    const std::string note = plan.state == PlanState::Draft
                                 ? std::string()
                                 : "<p class=\"muted\">" + htmlEscape(t("hr.plan.edit_note")) + "</p>";
    return body + planEditForms(t, f, plan, data.catalog, note);
}

// [actions] ------------------------------------------------------------------------------------

ApiResponse LeadersWeb::planAction(Visit& visit) {
    auto form = parseForm(visit.request.body);
    const std::string scope = form["scope"];
    const std::string& action = form["action"];
    std::optional<ApiResponse> failure;
    auto opened = openPlan(visit, scope, failure);
    if (!opened) return std::move(*failure);
    const HrData* data = &opened->data;
    const TrainingPlan* plan = &opened->plan;
    // Decided before anything is read from the form: a right the person lacks shows nothing.
    const PlanRights rights{opened->plans, opened->confirms};
    const bool confirming = action == "confirm";
    if (confirming ? !rights.confirms || m_options.hrConfirmsPlans : !rights.plans || action == "consolidate")
        return refused(visit);
    const std::string body =
        confirming ? std::string("Yt-neuvottelukunta") : reviewBodies(data->organisation, scope).front();
    auto step =
        planRequestFromForm(m_storage, m_keys, *data, *plan, form,
                            {leaderActorName(visit.me.person), action == "review" || confirming ? body : "", {}});
    auto done = step ? applyPlanStep(m_storage, data->organisation, data->catalog, *step, m_options.now())
                     : Result<TrainingPlan>(step.error());
    if (!done) {
        const int status = done.error().code == ErrorCode::InvalidInput ? 400
                           : done.error().code == ErrorCode::NotFound   ? 404
                                                                        : 409;
        return planPage(visit, scope, status, done.error().message);
    }
    return seeOther("/leaders/plan?scope=" + scope);
}

}  // namespace osm::server

// The service areas' plans beside each other and their deadlines (area_plans_html.h).
#include "hr/area_plans_html.h"

#include "hr/hr_html.h"

namespace osm::server {

std::string finnishDay(const domain::Date& date) {
    return std::to_string(date.day) + "." + std::to_string(date.month) + "." + std::to_string(date.year);
}

std::string planDeadlineHtml(const PageText& t, const TrainingPlan& plan, const catalog::Catalog& catalog,
                             std::int64_t now) {
    std::string out = "<p id=\"plan-deadline\">" +
                      htmlEscape(t("hr.plan.deadline", finnishDay(areaPlanDeadline(catalog, plan.year))));
    if (areaPlanLate(plan, catalog, now))
        out += " <strong class=\"late\" id=\"plan-late\">" + htmlEscape(t("hr.plan.late")) + "</strong>";
    return out + "</p>";
}

std::string areaPlansHtml(const PageText& t, const std::vector<TrainingPlan>& areaPlans,
                          const domain::Organisation& org, const catalog::Catalog& catalog, std::int64_t now) {
    std::string out = "<table id=\"area-plans\"><tr>";
    for (const char* key : {"hr.plans.plan", "hr.plans.state", "hr.plans.version", "hr.plans.compiled",
                            "hr.plans.deadline", "hr.plan.trainings"})
        out += "<th scope=\"col\">" + htmlEscape(t(key)) + "</th>";
    out += "</tr>";
    for (const TrainingPlan& plan : areaPlans) {
        const std::int64_t compiled = firstCompiledAt(plan);
        std::string trainings;
        for (const PlannedTraining& training : plan.content.trainings)
            trainings += "<li>" + htmlEscape(training.name) +
                         (training.audience.empty() ? "" : " (" + htmlEscape(training.audience) + ")") + "</li>";
        const bool late = areaPlanLate(plan, catalog, now);
        out += "<tr id=\"area-plan-" + htmlEscape(plan.scope) + "\" data-state=\"" +
               std::string(planStateId(plan.state)) + "\"><th scope=\"row\">" +
               htmlEscape(planScopeName(org, plan.scope)) + "</th><td>" + htmlEscape(planStateName(t, plan.state)) +
               "</td><td class=\"n\">" + std::to_string(plan.version) + "</td><td>" +
               (compiled == 0 ? std::string("–") : formatLocalTime(compiled)) + "</td><td" +
               (late ? " class=\"late\">" + htmlEscape(t("hr.plan.late")) : ">" + htmlEscape(t("hr.plans.on_time"))) +
               "</td><td>" + (trainings.empty() ? "–" : "<ul>" + trainings + "</ul>") + "</td></tr>";
    }
    return out + "</table>";
}

std::string latePlansWarningHtml(const PageText& t, const std::vector<TrainingPlan>& areaPlans,
                                 const domain::Organisation& org, const catalog::Catalog& catalog, std::int64_t now) {
    std::string names;
    int year = 0;
    for (const TrainingPlan& plan : areaPlans) {
        if (!areaPlanLate(plan, catalog, now)) continue;
        names += (names.empty() ? "" : ", ") + planScopeName(org, plan.scope);
        year = plan.year;
    }
    if (names.empty()) return {};
    return "<p class=\"error\" id=\"late-plans\" role=\"alert\">" +
           htmlEscape(t("hr.plans.late_warning", finnishDay(areaPlanDeadline(catalog, year)))) + " " +
           htmlEscape(names) + "</p>";
}

}  // namespace osm::server

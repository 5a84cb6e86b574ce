// The strategic discussion's page (GET /leaders/strategy?scope=city|<service area>&year=Y): what
// the seed says the city manager's and the service areas' management groups review side by side
// (domain.md §7) – the compiled training plans (read only), the competence assessment of the
// whole city and per service area with the years before beside it, as tables and charts, and the
// four themes of the catalogue's strategic form. domain/rights.h decides who sees which scope; a
// refusal shows nothing of it. Figures come only from released aggregates (hr/strategy_report.h).
#include "leaders/leaders_web.h"

#include "domain/annual_clock.h"
#include "domain/rights.h"
#include "hr/hr_html.h"
#include "hr/strategy_report.h"
#include "hr/training_plan.h"
#include "storage/catalog_resolver.h"

namespace osm::server {

namespace {

constexpr const char* kCityScope = "city";

std::string queryValue(const ApiRequest& request, const std::string& name) {
    const auto it = request.query.find(name);
    return it == request.query.end() ? std::string() : it->second;
}

// The scope a request asks for: ?scope=, else the whole city for the city's management group and
// one's own service area for a service area's group.
std::string requestedScope(const ApiRequest& request, const domain::Person& me) {
    const std::string asked = queryValue(request, "scope");
    if (!asked.empty()) return asked;
    return me.has(domain::Role::CityManagement) ? kCityScope : me.serviceAreaId;
}

// The plans the scope's group goes through: every service area's and the central one for the
// city, the service area's own otherwise.
std::string plansHtml(const PageText& t, PlanStorage& storage, const domain::Organisation& org,
                      const catalog::Catalog& catalog, int year, const std::string& area, bool& failed) {
    std::vector<std::string> scopes;
    if (area.empty())
        scopes = planScopes(org);
    else
        scopes.push_back(area);
    std::string out = "<section id=\"strategy-plans\"><h2>" +
                      htmlEscape(t("web.strategy.plans", std::to_string(year))) + "</h2><p class=\"muted\">" +
                      htmlEscape(t("web.strategy.plans_note")) + "</p>";
    for (const std::string& scope : scopes) {
        auto plan = loadTrainingPlan(storage, catalog, year, scope);
        if (!plan) {
            failed = true;
            return {};
        }
        out += "<article class=\"plan\" id=\"plan-" + htmlEscape(scope) + "\"><h3>" +
               htmlEscape(planScopeName(org, scope)) + " – " + htmlEscape(planStateName(t, plan->state)) + "</h3>" +
               planHtml(t, *plan, org, catalog) + "</article>";
    }
    return out + "</section>";
}

// The catalogue's strategic form: its four themes and their questions, with the help texts.
std::string themesHtml(const PageText& t, const catalog::Catalog& catalog) {
    const catalog::FormTemplate* form = nullptr;
    for (const catalog::FormTemplate& f : catalog.forms)
        if (f.kind == catalog::FormKind::StrategicDiscussion) form = &f;
    if (form == nullptr) return {};
    std::string out = "<section id=\"strategy-themes\"><h2>" + htmlEscape(t("web.strategy.themes")) + "</h2><ol>";
    for (const catalog::Section& section : form->sections) {
        out += "<li><h3>" + htmlEscape(section.title.in(t.lang)) + "</h3><ul>";
        for (const catalog::Question& q : section.questions) {
            out += "<li>" + htmlEscape(q.prompt.in(t.lang));
            const std::string help = q.help.in(t.lang);
            if (!help.empty()) out += " <span class=\"muted\">" + htmlEscape(help) + "</span>";
            out += "</li>";
        }
        out += "</ul></li>";
    }
    return out + "</ol></section>";
}

}  // namespace

ApiResponse LeadersWeb::strategyPage(Visit& visit) {
    const domain::Person& me = visit.me.person;
    const std::string scope = requestedScope(visit.request, me);
    const std::string area = scope == kCityScope ? std::string() : scope;
    if (!domain::takesPartInStrategicDiscussion(me) || scope.empty() || !domain::mayViewStrategyOf(me, area))
        return refused(visit);
    int year = domain::dateOfUnixSeconds(m_options.now()).year;
    if (const std::string asked = queryValue(visit.request, "year"); !asked.empty()) {
        if (asked.size() != 4 || asked.find_first_not_of("0123456789") != std::string::npos || asked < "2000" ||
            asked > "2100")
            return badForm(visit, "year");
        year = std::stoi(asked);
    }
    const PageText t{m_text, visit.lang};
    auto figures = loadStrategyFigures(m_storage, m_keys, m_options.assetsDir, t, year);
    if (!figures) return serverError(visit);
    const domain::ServiceArea* serviceArea = figures->organisation.findServiceArea(area);
    if (!area.empty() && serviceArea == nullptr) return refused(visit);
    const std::string name = serviceArea != nullptr ? serviceArea->name : t("hr.city");
    std::string body = "<h1>" + htmlEscape(t("web.strategy.title", std::to_string(year))) + "</h1><p id=\"scope\">" +
                       htmlEscape(t("web.strategy.scope", name)) + "</p>";
    if (me.has(domain::Role::CityManagement)) {
        body += "<nav class=\"noprint\" aria-label=\"" + htmlEscape(t("web.strategy.scopes")) +
                "\"><a href=\"/leaders/strategy?scope=city&amp;year=" + std::to_string(year) + "\">" +
                htmlEscape(t("hr.city")) + "</a>";
        for (const domain::ServiceArea& a : figures->organisation.serviceAreas)
            body += " · <a href=\"/leaders/strategy?scope=" + htmlEscape(a.id) + "&amp;year=" + std::to_string(year) +
                    "\">" + htmlEscape(a.name) + "</a>";
        body += "</nav>";
    }
    bool failed = false;
    body += plansHtml(t, m_storage, figures->organisation, figures->catalog, year, area, failed);
    if (failed) return serverError(visit);
    body += "<section id=\"strategy-figures\"><h2>" + htmlEscape(t("web.strategy.figures")) + "</h2>" +
            strategyHtmlBody(t, *figures, area, 3) + "</section>" + themesHtml(t, figures->catalog);
    return page(visit, 200, t("web.strategy.title", std::to_string(year)), body);
}

}  // namespace osm::server

// HR pages. Plain server-rendered HTML in the page's language (web texts hr.*), no scripts; every
// value is escaped. Sections: [helpers] [overview] [downloads] [plans] [actions].
#include "hr/hr_web.h"

#include "hr/area_plans_html.h"
#include "hr/hr_charts.h"
#include "hr/strategy_report.h"
#include "hr/hr_html.h"
#include "hr/hr_release.h"
#include "hr/plan_form.h"
#include "hr/plan_forms_html.h"

#include "crypto/password_hash.h"
#include "domain/annual_clock.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace osm::server {

// [helpers] ------------------------------------------------------------------------------------

namespace {

bool csrfValid(const std::string& sent, const std::string& expected) {
    return !expected.empty() && crypto::sameSecret(sent, expected);
}

std::string queryValue(const ApiRequest& request, const std::string& name) {
    const auto it = request.query.find(name);
    return it == request.query.end() ? std::string() : it->second;
}

// ?year=2026 (2000–2100), else the current year; anything else is ignored rather than trusted.
int yearOf(const std::string& text, int fallback) {
    if (text.size() != 4 || text.find_first_not_of("0123456789") != std::string::npos) return fallback;
    const int year = std::stoi(text);
    return year >= 2000 && year <= 2100 ? year : fallback;
}

// A year whose data cannot be read (no catalogue for it, say): the reason goes to the log only,
// since it may name files on the server.
ApiResponse noData(const PageText& t, const Error& error, int year) {
    std::fprintf(stderr, "osaamissilta-server: HR data for %d: %s\n", year, error.message.c_str());
    return hrPageResponse(t, 404, t("hr.nodata.title"),
                          "<p>" + htmlEscape(t("hr.nodata.text", std::to_string(year))) + " <a href=\"/hr/\">" +
                              htmlEscape(t("hr.back")) + "</a></p>",
                          "/hr/");
}

ApiResponse failed(const PageText& t, const char* key) {
    return hrPageResponse(t, 500, t("hr.error.title"), "<p>" + htmlEscape(t(key)) + "</p>", "/hr/");
}

ApiResponse notFound(const PageText& t) {
    return hrPageResponse(t, 404, t("hr.not_found.title"), "<p>" + htmlEscape(t("hr.not_found.text")) + "</p>", "/hr/");
}

std::string navigation(const PageText& t, const HrSession& session, int year) {
    const std::string y = std::to_string(year);
    return "<nav class=\"noprint\" aria-label=\"" + htmlEscape(t("web.nav.label")) + "\"><a href=\"/hr/?year=" + y +
           "\">" + htmlEscape(t("hr.nav.overview")) + "</a><a href=\"/hr/plan?scope=" + kCentralPlanScope +
           "&amp;year=" + y + "\">" + htmlEscape(t("hr.nav.central_plan")) + "</a><span class=\"muted\">" +
           htmlEscape(t("web.nav.signed_in", session.username)) +
           "</span> <form class=\"inline\" method=\"post\" action=\"/hr/logout\">" + hiddenField("csrf", session.csrf) +
           "<button type=\"submit\">" + htmlEscape(t("web.nav.logout")) + "</button></form></nav>";
}

int statusOf(const Error& error) {
    switch (error.code) {
    case ErrorCode::InvalidInput: return 400;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::Conflict:
    case ErrorCode::Refused: return 409;
    default: return 500;
    }
}

// The filters' form: year, service area, unit.
std::string filterForm(const PageText& t, const domain::Organisation& org, const HrFilter& filter, int year) {
    std::string out = "<form method=\"get\" action=\"/hr/\" class=\"noprint\" id=\"filters\"><label>" +
                      htmlEscape(t("hr.filter.year")) + " <input name=\"year\" value=\"" + std::to_string(year) +
                      "\" size=\"4\" inputmode=\"numeric\"></label><label>" + htmlEscape(t("hr.col.service_area")) +
                      " <select name=\"area\">" + optionHtml("", t("hr.filter.all"), filter.serviceAreaId.empty());
    for (const domain::ServiceArea& area : org.serviceAreas)
        out += optionHtml(area.id, area.name, area.id == filter.serviceAreaId);
    out += "</select></label><label>" + htmlEscape(t("hr.col.unit")) + " <select name=\"unit\">" +
           optionHtml("", t("hr.filter.all"), filter.unitId.empty());
    for (const domain::Unit& unit : org.units) out += optionHtml(unit.id, unit.name, unit.id == filter.unitId);
    return out + "</select></label><button type=\"submit\">" + htmlEscape(t("hr.filter.show")) + "</button></form>";
}

// The downloads: figures name the release shown, so they are what the page shows. Their headings
// are in the page's language: the browser asks for them as it asked for the page.
std::string downloadsHtml(const PageText& t, const domain::Organisation& org, int year, const Release* shown) {
    const std::string y = std::to_string(year);
    const std::string q = y + (shown != nullptr ? "&amp;release=" + std::to_string(shown->seq) : "");
    const auto link = [](const std::string& href, const std::string& text) {
        return "<a href=\"" + href + "\">" + htmlEscape(text) + "</a>";
    };
    std::string out = "<h2>" + htmlEscape(t("hr.page.downloads")) + "</h2><ul><li>" +
                      link("/hr/export/completion.csv?year=" + y, t("hr.download.completion_csv")) + "</li><li>" +
                      link("/hr/export/aggregates.csv?year=" + q, t("hr.download.aggregates_csv")) + "</li><li>" +
                      link("/hr/export/aggregates.json?year=" + q, t("hr.download.aggregates_json")) + "</li><li>" +
                      link("/hr/export/follow_up.csv?year=" + q, t("hr.download.follow_up_csv")) + "</li>";
    for (const domain::ServiceArea& area : org.serviceAreas) {
        const std::string stem = "/hr/export/summary-" + htmlEscape(area.id);
        out += "<li>" + htmlEscape(t("hr.download.summary", area.name)) + " " +
               link(stem + ".html?year=" + q, t("hr.download.printable")) + " · " +
               link(stem + ".md?year=" + q, "Markdown") + "</li>";
    }
    return out + "<li>" +
           link("/hr/export/plan-" + std::string(kCentralPlanScope) + ".html?year=" + y,
                t("hr.download.central_plan")) +
           "</li></ul>";
}

}  // namespace

// [overview] -----------------------------------------------------------------------------------

ApiResponse HrWeb::page(const PageText& t, const HrSession& session, const ApiRequest& request, int year,
                        const std::string& error) {
    auto data = loadHrData(m_storage, m_keys, m_options.assetsDir, year);
    if (!data) return noData(t, data.error(), year);
    const auto rows = withCityTotal(
        completion(data->organisation, data->catalog, year, data->submitted, data->progress), t("hr.city"));
    auto releases = chooseRelease(m_storage, year, queryValue(request, "release"));
    if (!releases) return failed(t, "hr.error.releases");
    const auto groups = releases->groupsWithCity();
    HrFilter filter{queryValue(request, "area"), queryValue(request, "unit")};
    if (const domain::Unit* unit = data->organisation.findUnit(filter.unitId))
        filter.serviceAreaId = unit->serviceAreaId;
    else
        filter.unitId.clear();
    if (data->organisation.findServiceArea(filter.serviceAreaId) == nullptr) filter.serviceAreaId.clear();

    const std::string y = std::to_string(year);
    const auto h2 = [&](const std::string& text) { return "<h2>" + htmlEscape(text) + "</h2>"; };
    std::string body = navigation(t, session, year) + "<h1>" + htmlEscape(t("hr.page.heading", y)) + "</h1>" +
                       filterForm(t, data->organisation, filter, year);
    body += h2(t("hr.page.completion")) + completionTableHtml(t, rows, filter) +
            completionChartHtml(t, rows, filter, year) + h2(t("hr.page.aggregates"));
    if (!error.empty())
        body += "<p class=\"error\" id=\"release-error\">" + htmlEscape(t("hr.release.refused", error)) + "</p>";
    body += releaseLabelHtml(releases->shown());
    if (releases->shown() != nullptr) {
        body += aggregatesTableHtml(t, groups, data->organisation, data->catalog, filter);
        if (releases->shown()->city && filter.serviceAreaId.empty())
            body += "<p class=\"muted\" id=\"city-note\">" + htmlEscape(t("hr.city.note")) + "</p>";
        body += ratingsChartHtml(t, groups, data->organisation, data->catalog, filter) +
                methodsChartHtml(t, groups, data->organisation, data->catalog, filter);
    }
    body += releaseFormHtml(t, releases->all, releases->shown(), year, session.csrf, m_options.releaseEpsilon,
                            m_options.yearBudget);

    body += h2(t("hr.page.plans", y)) + "<table id=\"plans\"><tr><th>" + htmlEscape(t("hr.plans.plan")) + "</th><th>" +
            htmlEscape(t("hr.plans.state")) + "</th><th>" + htmlEscape(t("hr.plans.version")) + "</th><th>" +
            htmlEscape(t("hr.plans.last")) + "</th></tr>";
    std::vector<TrainingPlan> areaPlans;
    for (const std::string& scope : planScopes(data->organisation)) {
        if (!filter.serviceAreaId.empty() && scope != filter.serviceAreaId && scope != kCentralPlanScope) continue;
        auto plan = loadTrainingPlan(m_storage, data->catalog, year, scope);
        if (!plan) return failed(t, "hr.error.plan");
        if (scope != kCentralPlanScope) areaPlans.push_back(*plan);
        const std::string last = plan->history.empty() ? std::string("–")
                                                       : planActionName(t, plan->history.back().action) + ", " +
                                                             plan->history.back().actor.hrUser;
        body += "<tr><td><a href=\"/hr/plan?scope=" + htmlEscape(scope) + "&amp;year=" + y + "\">" +
                htmlEscape(planScopeName(data->organisation, scope)) + "</a></td><td>" +
                htmlEscape(planStateName(t, plan->state)) + "</td><td class=\"n\">" + std::to_string(plan->version) +
                "</td><td>" + htmlEscape(last) + "</td></tr>";
    }
    const std::string beside =
        yearsChartsHtml(t, yearsBeside(m_storage, m_keys, m_options.assetsDir, t, {year, rows, groups}),
                        data->organisation, data->catalog, filter);
    body += "</table>" + latePlansWarningHtml(t, areaPlans, data->organisation, data->catalog, m_options.now()) +
            (beside.empty() ? std::string() : h2(t("hr.page.years")) + beside) + h2(t("hr.page.clock")) +
            annualClockHtml(t, annualClockBySector(data->organisation, data->catalog, year), year);
    body += downloadsHtml(t, data->organisation, year, releases->shown());
    // A page answering a POST (a refused release) switches language on the year's page.
    const std::string here = request.method == "GET" ? addressWithoutLanguage(request) : "/hr/?year=" + y;
    return hrPageResponse(t, 200, t("hr.title"), body, here);
}

// [downloads] ----------------------------------------------------------------------------------

namespace {

ApiResponse downloadFile(std::string body, const char* type, const std::string& name) {
    ApiResponse r(200, std::move(body), type);
    r.headers.push_back({"Content-Disposition", "attachment; filename=\"" + name + "\""});
    r.headers.push_back({"Cache-Control", "no-store"});
    r.headers.push_back({"X-Content-Type-Options", "nosniff"});
    return r;
}

// Printable HTML opened from the download: self-contained, so nothing may load at all.
ApiResponse printableFile(std::string body, const std::string& name) {
    ApiResponse r = downloadFile(std::move(body), "text/html; charset=utf-8", name);
    r.headers.push_back({"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"});
    return r;
}

// "summary-<area>.md" → "<area>", when `what` has that form with `extension`.
std::optional<std::string> summaryArea(const std::string& what, const std::string& extension) {
    if (what.rfind("summary-", 0) != 0 || what.size() <= 8 + extension.size() ||
        what.substr(what.size() - extension.size()) != extension)
        return std::nullopt;
    return what.substr(8, what.size() - 8 - extension.size());
}

}  // namespace

ApiResponse HrWeb::download(const PageText& t, const std::string& what, int year, const std::string& release) {
    auto data = loadHrData(m_storage, m_keys, m_options.assetsDir, year);
    if (!data) return noData(t, data.error(), year);
    const auto rows = withCityTotal(
        completion(data->organisation, data->catalog, year, data->submitted, data->progress), t("hr.city"));
    auto releases = chooseRelease(m_storage, year, release);
    if (!releases) return failed(t, "hr.error.releases");
    const auto groups = releases->groupsWithCity();
    const auto notes = releaseLabels(releases->shown());
    const std::string stem = "osaamissilta-" + std::to_string(year);
    if (what == "completion.csv")
        return downloadFile(completionCsv(t, rows), "text/csv; charset=utf-8", stem + "-toteutuminen.csv");
    if (what == "aggregates.csv") {
        return downloadFile(aggregatesCsv(t, groups, data->catalog, notes), "text/csv; charset=utf-8",
                            stem + "-koonti.csv");
    }
    if (what == "follow_up.csv") {
        return downloadFile(followUpCsv(t, groups, notes), "text/csv; charset=utf-8",
                            stem + "-tavoitteiden-seuranta.csv");
    }
    if (what == "aggregates.json")
        return downloadFile(releaseDownloadJson(releases->shown()), "application/json", stem + "-koonti.json");
    if (what == std::string("plan-") + kCentralPlanScope + ".html") {
        auto plan = loadTrainingPlan(m_storage, data->catalog, year, kCentralPlanScope);
        if (!plan) return failed(t, "hr.error.plan");
        const std::string title = t("hr.central_plan.title", std::to_string(year));
        return printableFile(
            htmlDocument(title,
                         "<h1>" + htmlEscape(title) + "</h1>" + planHtml(t, *plan, data->organisation, data->catalog),
                         t.code()),
            stem + "-keskitetty-koulutussuunnitelma.html");
    }
    if (const auto area = summaryArea(what, ".md"); area && data->organisation.findServiceArea(*area) != nullptr) {
        return downloadFile(
            serviceAreaSummaryMarkdown(t, *area, data->organisation, data->catalog, rows, groups, notes),
            "text/markdown; charset=utf-8", stem + "-" + *area + ".md");
    }
    if (const auto area = summaryArea(what, ".html"); area && data->organisation.findServiceArea(*area) != nullptr) {
        auto plan = loadTrainingPlan(m_storage, data->catalog, year, *area);
        if (!plan) return failed(t, "hr.error.plan");
        return printableFile(
            serviceAreaSummaryHtml(t, *area, data->organisation, data->catalog, rows, groups, *plan, releases->shown()),
            stem + "-" + *area + ".html");
    }
    return notFound(t);
}

// [plans] --------------------------------------------------------------------------------------

namespace {}  // namespace

std::string HrWeb::planStepForms(const PageText& t, const HrSession& session, const TrainingPlan& plan,
                                 const HrData& data, int year) {
    const PlanForms f(t, "/hr/plan", session.csrf, plan, year);
    const bool central = plan.scope == kCentralPlanScope;
    std::string body;
    if (!central) {
        body += planDeadlineHtml(t, plan, data.catalog, m_options.now()) + "<p class=\"muted\" id=\"area-compiles\">" +
                htmlEscape(t("hr.plan.area_compiles")) + "</p>";
    } else {
        std::vector<TrainingPlan> areas;
        for (const domain::ServiceArea& area : data.organisation.serviceAreas) {
            auto areaPlan = loadTrainingPlan(m_storage, data.catalog, year, area.id);
            if (areaPlan) areas.push_back(std::move(*areaPlan));
        }
        body += "<h2>" + htmlEscape(t("hr.plan.areas")) + "</h2>" +
                areaPlansHtml(t, areas, data.organisation, data.catalog, m_options.now());
    }
    body += "<h2 class=\"noprint\">" + htmlEscape(t("hr.plan.next")) + "</h2>";
    if (central && plan.state == PlanState::Draft) {
        body +=
            f.form("compile", t("hr.plan.compile.legend"),
                   "<p class=\"muted\">" + htmlEscape(t("hr.plan.compile.note")) + "</p>", "hr.plan.compile.submit");
    }
    if (plan.state == PlanState::Compiled || plan.state == PlanState::Reviewed) {
        // A service area's own management group records its review on the leaders' web.
        body += f.form("review", t("hr.plan.review.legend"),
                       f.select("body", "hr.plan.review.body",
                                optionHtml(reviewBodies(data.organisation, kCentralPlanScope).front(),
                                           reviewBodies(data.organisation, kCentralPlanScope).front(), true)) +
                           f.input("reference", "hr.plan.reference"),
                       "hr.plan.review.submit");
    }
    if (plan.state == PlanState::Reviewed) {
        body += m_options.hrConfirmsPlans ? f.form("confirm", t("hr.plan.confirm.legend"),
                                                   f.input("reference", "hr.plan.reference"), "hr.plan.confirm.submit")
                                          : "<p class=\"muted\" id=\"committee-confirms\">" +
                                                htmlEscape(t("hr.plan.committee_confirms")) + "</p>";
    }
    if (plan.state == PlanState::Confirmed) body += "<p>" + htmlEscape(t("hr.plan.confirmed")) + "</p>";
    if (!central || plan.state == PlanState::Confirmed) return body;
    const std::string note = plan.state == PlanState::Draft
                                 ? std::string()
                                 : "<p class=\"muted\">" + htmlEscape(t("hr.plan.edit_note")) + "</p>";
    body += f.form("consolidate", t("hr.plan.consolidate.legend"),
                   note + "<p class=\"muted\">" + htmlEscape(t("hr.plan.consolidate.note")) + "</p>",
                   "hr.plan.consolidate.submit");
    return body + planEditForms(t, f, plan, data.catalog, note);
}

ApiResponse HrWeb::planPage(const PageText& t, const HrSession& session, int year, const std::string& scope, int status,
                            const std::string& error) {
    auto data = loadHrData(m_storage, m_keys, m_options.assetsDir, year);
    if (!data) return noData(t, data.error(), year);
    if (scope != kCentralPlanScope && data->organisation.findServiceArea(scope) == nullptr) {
        return hrPageResponse(t, 404, t("hr.not_found.title"),
                              navigation(t, session, year) + "<p>" + htmlEscape(t("hr.plan.no_such")) + "</p>", "/hr/");
    }
    auto plan = loadTrainingPlan(m_storage, data->catalog, year, scope);
    if (!plan) return failed(t, "hr.error.plan");
    const std::string name = planScopeName(data->organisation, scope);
    std::string body = navigation(t, session, year) + "<h1>" + htmlEscape(t("hr.plan.heading", std::to_string(year))) +
                       " – " + htmlEscape(name) + "</h1>";
    if (!error.empty())
        body += "<p class=\"error\" id=\"plan-error\">" + htmlEscape(t("hr.plan.refused", error)) + "</p>";
    body += planHtml(t, *plan, data->organisation, data->catalog);

    body += planStepForms(t, session, *plan, *data, year);
    const std::string here = "/hr/plan?scope=" + htmlEscape(scope) + "&amp;year=" + std::to_string(year);
    return hrPageResponse(t, error.empty() ? 200 : status, t("hr.plan.title") + " – " + name, body, here);
}

// [actions] ------------------------------------------------------------------------------------

ApiResponse HrWeb::planAction(const PageText& t, const HrSession& session, const ApiRequest& request) {
    auto form = parseForm(request.body);
    if (!csrfValid(form["csrf"], session.csrf)) return hrForbidden(t);
    const int year = yearOf(form["year"], domain::today().year);
    const std::string scope = form["scope"];
    auto refused = [&](const Error& error) {
        return planPage(t, session, year, scope, statusOf(error), error.message);
    };
    const auto action = form["action"];
    auto data = loadHrData(m_storage, m_keys, m_options.assetsDir, year);
    if (!data) return noData(t, data.error(), year);
    auto plan = loadTrainingPlan(m_storage, data->catalog, year, scope);
    if (!plan) return refused(plan.error());

    // A service area's plan is its management group's (on the leaders' web); HR records there
    // only the city manager's group's review. The co-operation committee confirms for itself,
    // unless the operator keeps HR doing it.
    const std::string cityGroup = reviewBodies(data->organisation, kCentralPlanScope).front();
    if (action == "confirm" && !m_options.hrConfirmsPlans)
        return refused(
            makeError(ErrorCode::Refused, "the co-operation committee confirms the plan on the leaders' web"));
    if (scope != kCentralPlanScope && action != "review" && action != "confirm")
        return refused(makeError(ErrorCode::Refused,
                                 "a service area's plan is compiled and edited by its management group on the "
                                 "leaders' web"));
    if (action == "review" && form["body"] != cityGroup)
        return refused(makeError(ErrorCode::InvalidInput,
                                 "review: HR records the city manager's management group's; a service area's "
                                 "management group records its own"));
    PlanActor actor{session.username, action == "confirm" ? "Yt-neuvottelukunta" : form["body"], {}};
    auto step = planRequestFromForm(m_storage, m_keys, *data, *plan, form, actor);
    if (!step) return refused(step.error());
    auto done = applyPlanStep(m_storage, data->organisation, data->catalog, *step, m_options.now());
    if (!done) return refused(done.error());
    return seeOther("/hr/plan?scope=" + scope + "&year=" + std::to_string(year));
}

ApiResponse HrWeb::releaseAction(const PageText& t, const HrSession& session, const ApiRequest& request) {
    auto form = parseForm(request.body);
    if (!csrfValid(form["csrf"], session.csrf)) return hrForbidden(t);
    const int year = yearOf(form["year"], domain::today().year);
    ReleaseParameters parameters{m_options.releaseEpsilon, m_options.yearBudget, m_options.minGroupSize};
    std::string epsilon = form["epsilon"];
    std::replace(epsilon.begin(), epsilon.end(), ',', '.');
    char* end = nullptr;
    const double asked = std::strtod(epsilon.c_str(), &end);
    if (!epsilon.empty() && end == epsilon.c_str() + epsilon.size()) parameters.epsilon = asked;
    auto released =
        publishRelease(m_storage, m_keys, m_options.assetsDir, year, parameters, session.username, m_options.now());
    if (!released) {
        ApiRequest view = request;
        view.query = {};
        ApiResponse r = page(t, session, view, year, released.error().message);
        r.status = statusOf(released.error());
        return r;
    }
    return seeOther("/hr/?year=" + std::to_string(year) + "&release=" + std::to_string(released->seq));
}

ApiResponse HrWeb::route(const PageText& t, const HrSession& session, const ApiRequest& request) {
    if (request.method == "POST" && request.path == "/hr/plan") return planAction(t, session, request);
    if (request.method == "POST" && request.path == "/hr/release") return releaseAction(t, session, request);
    const int year = yearOf(queryValue(request, "year"), domain::today().year);
    if (request.method == "GET" && (request.path == "/hr" || request.path == "/hr/"))
        return page(t, session, request, year);
    if (request.method == "GET" && request.path == "/hr/plan")
        return planPage(t, session, year, queryValue(request, "scope"), 200, {});
    if (request.method == "GET" && request.path.rfind("/hr/export/", 0) == 0)
        return download(t, request.path.substr(11), year, queryValue(request, "release"));
    return notFound(t);
}

}  // namespace osm::server

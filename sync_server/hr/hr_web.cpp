// HR pages. Plain server-rendered HTML in the page's language (web texts hr.*), no scripts; every
// value is escaped. Sections: [helpers] [overview] [downloads] [plans] [actions].
#include "hr/hr_web.h"

#include "hr/hr_charts.h"
#include "hr/strategy_report.h"
#include "hr/hr_html.h"
#include "hr/hr_release.h"

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

std::string hidden(const std::string& name, const std::string& value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + htmlEscape(value) + "\">";
}

std::string navigation(const PageText& t, const HrSession& session, int year) {
    const std::string y = std::to_string(year);
    return "<nav class=\"noprint\" aria-label=\"" + htmlEscape(t("web.nav.label")) + "\"><a href=\"/hr/?year=" + y +
           "\">" + htmlEscape(t("hr.nav.overview")) + "</a><a href=\"/hr/plan?scope=" + kCentralPlanScope +
           "&amp;year=" + y + "\">" + htmlEscape(t("hr.nav.central_plan")) + "</a><span class=\"muted\">" +
           htmlEscape(t("web.nav.signed_in", session.username)) +
           "</span> <form class=\"inline\" method=\"post\" action=\"/hr/logout\">" + hidden("csrf", session.csrf) +
           "<button type=\"submit\">" + htmlEscape(t("web.nav.logout")) + "</button></form></nav>";
}

std::string option(const std::string& value, const std::string& label, bool selected) {
    return "<option value=\"" + htmlEscape(value) + "\"" + (selected ? " selected" : "") + ">" + htmlEscape(label) +
           "</option>";
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
                      " <select name=\"area\">" + option("", t("hr.filter.all"), filter.serviceAreaId.empty());
    for (const domain::ServiceArea& area : org.serviceAreas)
        out += option(area.id, area.name, area.id == filter.serviceAreaId);
    out += "</select></label><label>" + htmlEscape(t("hr.col.unit")) + " <select name=\"unit\">" +
           option("", t("hr.filter.all"), filter.unitId.empty());
    for (const domain::Unit& unit : org.units) out += option(unit.id, unit.name, unit.id == filter.unitId);
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
    for (const std::string& scope : planScopes(data->organisation)) {
        if (!filter.serviceAreaId.empty() && scope != filter.serviceAreaId && scope != kCentralPlanScope) continue;
        auto plan = loadTrainingPlan(m_storage, data->catalog, year, scope);
        if (!plan) return failed(t, "hr.error.plan");
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
    body += "</table>" + (beside.empty() ? std::string() : h2(t("hr.page.years")) + beside) + h2(t("hr.page.clock")) +
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

namespace {

// The management groups that may review a plan; the first that has not yet reviewed this
// version comes preselected.
std::string reviewBodyOptions(const TrainingPlan& plan, const domain::Organisation& org, const std::string& scope) {
    std::string options;
    bool chosen = false;
    for (const std::string& group : reviewBodies(org, scope)) {
        const bool reviewed = std::any_of(plan.history.begin(), plan.history.end(), [&](const PlanStep& s) {
            return s.action == PlanAction::Review && s.version == plan.version && s.actor.body == group;
        });
        options += option(group, group, !reviewed && !chosen);
        chosen = chosen || !reviewed;
    }
    return options;
}

// The choices of a training's competence and 70-20-10 method, each with "–" first.
std::pair<std::string, std::string> trainingOptions(const catalog::Catalog& catalog, catalog::Lang lang) {
    std::string competences = option("", "–", true);
    for (const catalog::Competence& c : catalog.competences) competences += option(c.id, c.name.in(lang), false);
    std::string methods = option("", "–", true);
    for (const catalog::LearningCategory& category : catalog.categories) {
        for (const catalog::LearningMethod& m : category.methods)
            methods += option(m.id, std::to_string(category.share) + ": " + m.name.in(lang), false);
    }
    return {competences, methods};
}

// The forms of a plan's next step and of its edits; each names the plan, its year and how many
// steps it had when shown (a step taken meanwhile refuses the form).
class PlanForms {
public:
    PlanForms(const PageText& t, const HrSession& session, const TrainingPlan& plan, int year, const std::string& scope)
        : m_t(t), m_fields(hidden("csrf", session.csrf) + hidden("year", std::to_string(year)) +
                           hidden("scope", scope) + hidden("steps", std::to_string(plan.history.size()))) {}

    std::string form(const std::string& action, const std::string& legend, const std::string& fields,
                     const char* button) const {
        return "<form method=\"post\" action=\"/hr/plan\" id=\"form-" + action + "\"><fieldset><legend>" +
               htmlEscape(legend) + "</legend>" + m_fields + hidden("action", action) + fields +
               " <button type=\"submit\">" + htmlEscape(m_t(button)) + "</button></fieldset></form>";
    }
    std::string input(const std::string& field, const char* label, const std::string& value = {}) const {
        return "<label>" + htmlEscape(m_t(label)) + " <input name=\"" + field + "\" value=\"" + htmlEscape(value) +
               "\"></label>";
    }
    std::string select(const std::string& field, const char* label, const std::string& options) const {
        return "<label>" + htmlEscape(m_t(label)) + " <select name=\"" + field + "\">" + options + "</select></label>";
    }

private:
    const PageText& m_t;
    std::string m_fields;
};

}  // namespace

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

    const PlanForms f(t, session, *plan, year, scope);
    body += "<h2 class=\"noprint\">" + htmlEscape(t("hr.plan.next")) + "</h2>";
    switch (plan->state) {
    case PlanState::Draft:
        body +=
            f.form("compile", t("hr.plan.compile.legend"),
                   "<p class=\"muted\">" + htmlEscape(t("hr.plan.compile.note")) + "</p>", "hr.plan.compile.submit");
        break;
    case PlanState::Compiled:
    case PlanState::Reviewed:
        body += f.form("review", t("hr.plan.review.legend"),
                       f.select("body", "hr.plan.review.body", reviewBodyOptions(*plan, data->organisation, scope)) +
                           f.input("reference", "hr.plan.reference"),
                       "hr.plan.review.submit");
        if (plan->state == PlanState::Reviewed) {
            body += f.form("confirm", t("hr.plan.confirm.legend"), f.input("reference", "hr.plan.reference"),
                           "hr.plan.confirm.submit");
        }
        break;
    case PlanState::Confirmed: body += "<p>" + htmlEscape(t("hr.plan.confirmed")) + "</p>"; break;
    }
    if (plan->state != PlanState::Confirmed) {
        const std::string note = plan->state == PlanState::Draft
                                     ? std::string()
                                     : "<p class=\"muted\">" + htmlEscape(t("hr.plan.edit_note")) + "</p>";
        const auto [competences, methods] = trainingOptions(data->catalog, t.lang);
        body += f.form("add-training", t("hr.plan.add.legend"),
                       note + f.input("name", "hr.col.training") +
                           f.select("competence", "hr.col.competence", competences) +
                           f.select("method", "hr.col.method", methods) + f.input("audience", "hr.col.audience") +
                           f.input("timing", "hr.col.timing") + f.input("responsible", "hr.col.responsible"),
                       "hr.plan.add.submit");
        for (std::size_t i = 0; i < plan->content.trainings.size(); ++i) {
            body += f.form("remove-training", t("hr.plan.remove.legend", plan->content.trainings[i].name),
                           hidden("index", std::to_string(i)), "hr.plan.remove.submit");
        }
        body +=
            f.form("notes", t("hr.plan.notes"),
                   "<textarea name=\"notes\" rows=\"4\" cols=\"80\">" + htmlEscape(plan->content.notes) + "</textarea>",
                   "hr.plan.save");
    }
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

    PlanRequest step{year, scope, PlanAction::Edit, {session.username, {}, {}}, std::nullopt, -1};
    const std::string& steps = form["steps"];
    step.expectedSteps = steps.empty() || steps.size() > 6 || steps.find_first_not_of("0123456789") != std::string::npos
                             ? -2
                             : std::stoi(steps);
    if (step.expectedSteps == -2)
        return refused(makeError(ErrorCode::InvalidInput, "the form is incomplete; look at the plan again"));
    if (action == "compile") {
        auto needs = unitTrainingNeeds(m_storage, m_keys, year);
        if (!needs) return refused(needs.error());
        // From the latest release only: a plan is published too, so it must not hold live figures.
        auto releases = chooseRelease(m_storage, year, {});
        if (!releases) return refused(releases.error());
        step.action = PlanAction::Compile;
        step.content = plan->content;
        step.content->needs = compiledNeeds(scope, data->organisation, data->catalog, releases->groups(), *needs);
    } else if (action == "review" || action == "confirm") {
        step.action = action == "review" ? PlanAction::Review : PlanAction::Confirm;
        step.actor.body = action == "review" ? form["body"] : "Yt-neuvottelukunta";
        step.actor.reference = form["reference"];
    } else if (action == "add-training") {
        step.content = plan->content;
        step.content->trainings.push_back(
            {form["name"], form["competence"], form["method"], form["audience"], form["timing"], form["responsible"]});
    } else if (action == "remove-training") {
        step.content = plan->content;
        const std::string& index = form["index"];
        const std::size_t at =
            index.empty() || index.size() > 6 || index.find_first_not_of("0123456789") != std::string::npos
                ? step.content->trainings.size()
                : static_cast<std::size_t>(std::stoul(index));
        if (at >= step.content->trainings.size())
            return refused(makeError(ErrorCode::InvalidInput, "no such training in the plan"));
        step.content->trainings.erase(step.content->trainings.begin() + static_cast<std::ptrdiff_t>(at));
    } else if (action == "notes") {
        step.content = plan->content;
        step.content->notes = form["notes"];
    } else {
        return refused(makeError(ErrorCode::InvalidInput, "unknown action"));
    }
    auto done = applyPlanStep(m_storage, data->organisation, data->catalog, step, m_options.now());
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

// HR pages. Plain server-rendered HTML in Finnish, no scripts; every value is escaped.
#include "hr/hr_web.h"

#include "hr/hr_html.h"
#include "hr/hr_release.h"

#include "crypto/password_hash.h"
#include "domain/annual_clock.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace osm::server {

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
ApiResponse noData(const Error& error, int year) {
    std::fprintf(stderr, "osaamissilta-server: HR data for %d: %s\n", year, error.message.c_str());
    return htmlResponse(404, "Ei tietoja",
                        "<p>Vuodelta " + std::to_string(year) + " ei ole tietoja. <a href=\"/hr/\">Takaisin</a></p>");
}

std::string hidden(const std::string& name, const std::string& value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + htmlEscape(value) + "\">";
}

std::string navigation(const HrSession& session, int year) {
    const std::string y = std::to_string(year);
    return "<nav class=\"noprint\"><a href=\"/hr/?year=" + y +
           "\">Yleiskuva</a><a href=\"/hr/plan?scope=" + kCentralPlanScope + "&amp;year=" + y +
           "\">Keskitetty koulutussuunnitelma</a><span class=\"muted\">Kirjautunut: " + htmlEscape(session.username) +
           "</span> <form class=\"inline\" method=\"post\" action=\"/hr/logout\">" + hidden("csrf", session.csrf) +
           "<button type=\"submit\">Kirjaudu ulos</button></form></nav>";
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

}  // namespace

ApiResponse HrWeb::page(const HrSession& session, const ApiRequest& request, int year, const std::string& error) {
    auto data = loadHrData(m_storage, m_keys, m_options.assetsDir, year);
    if (!data) return noData(data.error(), year);
    const auto rows = completion(data->organisation, data->catalog, year, data->submitted, data->progress);
    auto releases = chooseRelease(m_storage, year, queryValue(request, "release"));
    if (!releases) return htmlResponse(500, "Virhe", "<p>Julkaisuja ei voitu lukea.</p>");
    HrFilter filter{queryValue(request, "area"), queryValue(request, "unit")};
    if (const domain::Unit* unit = data->organisation.findUnit(filter.unitId))
        filter.serviceAreaId = unit->serviceAreaId;
    else
        filter.unitId.clear();
    if (data->organisation.findServiceArea(filter.serviceAreaId) == nullptr) filter.serviceAreaId.clear();

    const std::string y = std::to_string(year);
    std::string body = navigation(session, year) + "<h1>Osaamisen johtaminen " + y + "</h1>";
    body +=
        "<form method=\"get\" action=\"/hr/\" class=\"noprint\" id=\"filters\"><label>Vuosi <input name=\"year\" "
        "value=\"" +
        y + "\" size=\"4\" inputmode=\"numeric\"></label><label>Palvelualue <select name=\"area\">" +
        option("", "kaikki", filter.serviceAreaId.empty());
    for (const domain::ServiceArea& area : data->organisation.serviceAreas)
        body += option(area.id, area.name, area.id == filter.serviceAreaId);
    body += "</select></label><label>Yksikkö <select name=\"unit\">" + option("", "kaikki", filter.unitId.empty());
    for (const domain::Unit& unit : data->organisation.units)
        body += option(unit.id, unit.name, unit.id == filter.unitId);
    body += "</select></label><button type=\"submit\">Näytä</button></form>";
    body += "<h2>Kehityskeskustelujen toteutuminen</h2>" + completionTableHtml(rows, filter);
    body += "<h2>Osaamisten itsearviot (julkaistu anonyymi koonti)</h2>";
    if (!error.empty()) body += "<p class=\"error\" id=\"release-error\">Ei julkaistu: " + htmlEscape(error) + "</p>";
    body += releaseLabelHtml(releases->shown());
    if (releases->shown() != nullptr)
        body += aggregatesTableHtml(releases->groups(), data->organisation, data->catalog, filter);
    body += releaseFormHtml(releases->all, releases->shown(), year, session.csrf, m_options.releaseEpsilon,
                            m_options.yearBudget);

    body +=
        "<h2>Koulutussuunnitelmat " + y +
        "</h2><table id=\"plans\"><tr><th>Suunnitelma</th><th>Tila</th><th>Versio</th><th>Viimeisin vaihe</th></tr>";
    for (const std::string& scope : planScopes(data->organisation)) {
        if (!filter.serviceAreaId.empty() && scope != filter.serviceAreaId && scope != kCentralPlanScope) continue;
        auto plan = loadTrainingPlan(m_storage, data->catalog, year, scope);
        if (!plan) return htmlResponse(500, "Virhe", "<p>Koulutussuunnitelmaa ei voitu lukea.</p>");
        const std::string last = plan->history.empty() ? std::string("–")
                                                       : std::string(planActionFi(plan->history.back().action)) + ", " +
                                                             plan->history.back().actor.hrUser;
        body += "<tr><td><a href=\"/hr/plan?scope=" + htmlEscape(scope) + "&amp;year=" + y + "\">" +
                htmlEscape(planScopeName(data->organisation, scope)) + "</a></td><td>" +
                htmlEscape(std::string(planStateFi(plan->state))) + "</td><td class=\"n\">" +
                std::to_string(plan->version) + "</td><td>" + htmlEscape(last) + "</td></tr>";
    }
    body += "</table>";
    body += "<h2>Vuosikello</h2>" + annualClockHtml(annualClockBySector(data->organisation, data->catalog, year), year);

    // Downloads of figures name the release shown, so they are what the page shows.
    const std::string q =
        y + (releases->shown() != nullptr ? "&amp;release=" + std::to_string(releases->shown()->seq) : "");
    body +=
        "<h2>Lataukset</h2><ul>"
        "<li><a href=\"/hr/export/completion.csv?year=" +
        y +
        "\">Toteutuminen (CSV)</a></li>"
        "<li><a href=\"/hr/export/aggregates.csv?year=" +
        q +
        "\">Koonti (CSV)</a></li>"
        "<li><a href=\"/hr/export/aggregates.json?year=" +
        q + "\">Koonti (JSON)</a></li>";
    for (const domain::ServiceArea& area : data->organisation.serviceAreas) {
        body += "<li>Yhteenveto Teamsiin, " + htmlEscape(area.name) + ": <a href=\"/hr/export/summary-" +
                htmlEscape(area.id) + ".html?year=" + q + "\">tulostettava HTML</a> · <a href=\"/hr/export/summary-" +
                htmlEscape(area.id) + ".md?year=" + q + "\">Markdown</a></li>";
    }
    body += "<li><a href=\"/hr/export/plan-" + std::string(kCentralPlanScope) + ".html?year=" + y +
            "\">Keskitetty koulutussuunnitelma, tulostettava HTML</a></li></ul>";
    return htmlResponse(200, "Osaamissilta – henkilöstöpalvelut", body);
}

ApiResponse HrWeb::download(const std::string& what, int year, const std::string& release) {
    auto data = loadHrData(m_storage, m_keys, m_options.assetsDir, year);
    if (!data) return noData(data.error(), year);
    const auto rows = completion(data->organisation, data->catalog, year, data->submitted, data->progress);
    auto releases = chooseRelease(m_storage, year, release);
    if (!releases) return htmlResponse(500, "Virhe", "<p>Julkaisuja ei voitu lukea.</p>");
    const auto& groups = releases->groups();
    const auto notes = releaseLabels(releases->shown());
    auto file = [](std::string body, const char* type, const std::string& name) {
        ApiResponse r(200, std::move(body), type);
        r.headers.push_back({"Content-Disposition", "attachment; filename=\"" + name + "\""});
        r.headers.push_back({"Cache-Control", "no-store"});
        r.headers.push_back({"X-Content-Type-Options", "nosniff"});
        return r;
    };
    // Printable HTML opened from the download: self-contained, so nothing may load at all.
    auto printable = [&](std::string body, const std::string& name) {
        ApiResponse r = file(std::move(body), "text/html; charset=utf-8", name);
        r.headers.push_back({"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"});
        return r;
    };
    const std::string stem = "osaamissilta-" + std::to_string(year);
    if (what == "completion.csv")
        return file(completionCsv(rows), "text/csv; charset=utf-8", stem + "-toteutuminen.csv");
    if (what == "aggregates.csv")
        return file(aggregatesCsv(groups, data->catalog, notes), "text/csv; charset=utf-8", stem + "-koonti.csv");
    if (what == "aggregates.json")
        return file(releaseDownloadJson(releases->shown()), "application/json", stem + "-koonti.json");
    if (what == std::string("plan-") + kCentralPlanScope + ".html") {
        auto plan = loadTrainingPlan(m_storage, data->catalog, year, kCentralPlanScope);
        if (!plan) return htmlResponse(500, "Virhe", "<p>Koulutussuunnitelmaa ei voitu lukea.</p>");
        const std::string title = "Keskitetty koulutussuunnitelma " + std::to_string(year);
        return printable(htmlDocument(title, "<h1>" + htmlEscape(title) + "</h1>" +
                                                 planHtml(*plan, data->organisation, data->catalog)),
                         stem + "-keskitetty-koulutussuunnitelma.html");
    }
    for (const char* extension : {".md", ".html"}) {
        const std::string ext = extension;
        if (what.rfind("summary-", 0) != 0 || what.size() <= 8 + ext.size() ||
            what.substr(what.size() - ext.size()) != ext)
            continue;
        const std::string area = what.substr(8, what.size() - 8 - ext.size());
        if (data->organisation.findServiceArea(area) == nullptr) break;
        if (ext == ".md") {
            return file(serviceAreaSummaryMarkdown(area, data->organisation, data->catalog, rows, groups, notes),
                        "text/markdown; charset=utf-8", stem + "-" + area + ".md");
        }
        auto plan = loadTrainingPlan(m_storage, data->catalog, year, area);
        if (!plan) return htmlResponse(500, "Virhe", "<p>Koulutussuunnitelmaa ei voitu lukea.</p>");
        return printable(
            serviceAreaSummaryHtml(area, data->organisation, data->catalog, rows, groups, *plan, releases->shown()),
            stem + "-" + area + ".html");
    }
    return htmlResponse(404, "Ei löydy", "<p>Ei löydy.</p>");
}

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
std::pair<std::string, std::string> trainingOptions(const catalog::Catalog& catalog) {
    std::string competences = option("", "–", true);
    for (const catalog::Competence& c : catalog.competences) competences += option(c.id, c.name.fi, false);
    std::string methods = option("", "–", true);
    for (const catalog::LearningCategory& category : catalog.categories) {
        for (const catalog::LearningMethod& m : category.methods)
            methods += option(m.id, std::to_string(category.share) + ": " + m.name.fi, false);
    }
    return {competences, methods};
}

}  // namespace

ApiResponse HrWeb::planPage(const HrSession& session, int year, const std::string& scope, int status,
                            const std::string& error) {
    auto data = loadHrData(m_storage, m_keys, m_options.assetsDir, year);
    if (!data) return noData(data.error(), year);
    if (scope != kCentralPlanScope && data->organisation.findServiceArea(scope) == nullptr) {
        return htmlResponse(404, "Ei löydy", navigation(session, year) + "<p>Ei tällaista koulutussuunnitelmaa.</p>");
    }
    auto plan = loadTrainingPlan(m_storage, data->catalog, year, scope);
    if (!plan) return htmlResponse(500, "Virhe", "<p>Koulutussuunnitelmaa ei voitu lukea.</p>");
    const std::string name = planScopeName(data->organisation, scope);
    std::string body = navigation(session, year) + "<h1>Koulutussuunnitelma " + std::to_string(year) + " – " +
                       htmlEscape(name) + "</h1>";
    if (!error.empty()) body += "<p class=\"error\" id=\"plan-error\">Ei tallennettu: " + htmlEscape(error) + "</p>";
    body += planHtml(*plan, data->organisation, data->catalog);

    auto form = [&](const std::string& action, const std::string& legend, const std::string& fields,
                    const std::string& button) {
        return "<form method=\"post\" action=\"/hr/plan\" id=\"form-" + action + "\"><fieldset><legend>" + legend +
               "</legend>" + hidden("csrf", session.csrf) + hidden("year", std::to_string(year)) +
               hidden("scope", scope) + hidden("steps", std::to_string(plan->history.size())) +
               hidden("action", action) + fields + " <button type=\"submit\">" + button + "</button></fieldset></form>";
    };
    auto input = [](const std::string& field, const std::string& label, const std::string& value = {}) {
        return "<label>" + label + " <input name=\"" + field + "\" value=\"" + htmlEscape(value) + "\"></label>";
    };
    body += "<h2 class=\"noprint\">Seuraava vaihe</h2>";
    switch (plan->state) {
    case PlanState::Draft:
        body += form("compile", "Henkilöstöpalvelut kokoaa suunnitelman",
                     "<p class=\"muted\">Painotetut tarpeet kootaan anonyymistä koonnista (oppimistavoitteet ja "
                     "70-20-10-tavat) ja "
                     "yksiköiden yhteenvedoista.</p>",
                     "Kokoa suunnitelma");
        break;
    case PlanState::Compiled:
    case PlanState::Reviewed: {
        body += form("review", "Käsitelty johtoryhmässä",
                     "<label>Johtoryhmä <select name=\"body\">" + reviewBodyOptions(*plan, data->organisation, scope) +
                         "</select></label>" + input("reference", "Kokous ja pykälä"),
                     "Kirjaa käsittely");
        if (plan->state == PlanState::Reviewed) {
            body += form("confirm", "Vahvistettu Yt-neuvottelukunnassa", input("reference", "Kokous ja pykälä"),
                         "Kirjaa vahvistus");
        }
        break;
    }
    case PlanState::Confirmed: body += "<p>Yt-neuvottelukunta on vahvistanut suunnitelman.</p>"; break;
    }
    if (plan->state != PlanState::Confirmed) {
        const std::string note = plan->state == PlanState::Draft
                                     ? std::string()
                                     : "<p class=\"muted\">Muutos palauttaa suunnitelman luonnokseksi uutena versiona; "
                                       "aiempi versio säilyy.</p>";
        const auto [competences, methods] = trainingOptions(data->catalog);
        body += form("add-training", "Lisää koulutus",
                     note + input("name", "Koulutus") + "<label>Osaaminen <select name=\"competence\">" + competences +
                         "</select></label>" + "<label>Oppimistapa <select name=\"method\">" + methods +
                         "</select></label>" + input("audience", "Kohderyhmä") + input("timing", "Ajankohta") +
                         input("responsible", "Vastuuhenkilö"),
                     "Lisää");
        for (std::size_t i = 0; i < plan->content.trainings.size(); ++i) {
            body += form("remove-training", "Poista: " + htmlEscape(plan->content.trainings[i].name),
                         hidden("index", std::to_string(i)), "Poista");
        }
        body +=
            form("notes", "Muistiinpanot",
                 "<textarea name=\"notes\" rows=\"4\" cols=\"80\">" + htmlEscape(plan->content.notes) + "</textarea>",
                 "Tallenna");
    }
    return htmlResponse(error.empty() ? 200 : status, "Koulutussuunnitelma – " + name, body);
}

ApiResponse HrWeb::planAction(const HrSession& session, const ApiRequest& request) {
    auto form = parseForm(request.body);
    if (!csrfValid(form["csrf"], session.csrf))
        return htmlResponse(403, "Kielletty", "<p>Lomake ei kelpaa (CSRF). Lataa sivu uudelleen.</p>");
    const int year = yearOf(form["year"], domain::today().year);
    const std::string scope = form["scope"];
    auto refused = [&](const Error& error) { return planPage(session, year, scope, statusOf(error), error.message); };
    const auto action = form["action"];
    auto data = loadHrData(m_storage, m_keys, m_options.assetsDir, year);
    if (!data) return noData(data.error(), year);
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

ApiResponse HrWeb::releaseAction(const HrSession& session, const ApiRequest& request) {
    auto form = parseForm(request.body);
    if (!csrfValid(form["csrf"], session.csrf))
        return htmlResponse(403, "Kielletty", "<p>Lomake ei kelpaa (CSRF). Lataa sivu uudelleen.</p>");
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
        ApiResponse r = page(session, view, year, released.error().message);
        r.status = statusOf(released.error());
        return r;
    }
    return seeOther("/hr/?year=" + std::to_string(year) + "&release=" + std::to_string(released->seq));
}

ApiResponse HrWeb::route(const HrSession& session, const ApiRequest& request) {
    if (request.method == "POST" && request.path == "/hr/plan") return planAction(session, request);
    if (request.method == "POST" && request.path == "/hr/release") return releaseAction(session, request);
    const int year = yearOf(queryValue(request, "year"), domain::today().year);
    if (request.method == "GET" && (request.path == "/hr" || request.path == "/hr/"))
        return page(session, request, year);
    if (request.method == "GET" && request.path == "/hr/plan")
        return planPage(session, year, queryValue(request, "scope"), 200, {});
    if (request.method == "GET" && request.path.rfind("/hr/export/", 0) == 0)
        return download(request.path.substr(11), year, queryValue(request, "release"));
    return htmlResponse(404, "Ei löydy", "<p>Ei löydy.</p>");
}

}  // namespace osm::server

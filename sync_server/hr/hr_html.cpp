// HR's HTML, in the page's language (web texts hr.*), server-rendered, no scripts. Sections:
// [document] [tables] [plan] [clock] [summary] [releases].
#include "hr/hr_html.h"

#include "hr/hr_charts.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

namespace osm::server {

// [document] -----------------------------------------------------------------------------------

std::string htmlEscape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

namespace {

// Every colour pair meets WCAG 2.2 AA against every background set here (tests/sync_server/web/
// contrast_test.cpp): text 4.5:1, the form controls' borders and the focus ring 3:1.
constexpr const char* kCss =
    "body{font-family:'Noto Sans',sans-serif;margin:2em;max-width:75em;color:#1d2730}"
    "table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #bbb;padding:.3em "
    ".6em;text-align:left;vertical-align:top}"
    "th{background:#e8eef4}td.n{text-align:right}.muted{color:#595959}.error{color:#a00;font-weight:bold}"
    "tr.total td{font-weight:bold;background:#f4f6f8}tr.suppressed td{color:#595959;font-style:italic}"
    ".state{display:inline-block;padding:.1em .6em;border-radius:1em;background:#e8eef4}"
    ".state.confirmed{background:#cdebd3}.state.reviewed{background:#fbe8c0}.state.compiled{background:#d6e4f5}"
    "form.inline{display:inline}fieldset{border:1px solid #ccd;margin:.6em 0;padding:.5em 1em}"
    "label{margin-right:1em}nav a{margin-right:1em}a{color:#0b4f8a}"
    "input,select,textarea,button{font:inherit}input,select,textarea{border:1px solid #6b7785}"
    ":focus-visible{outline:3px solid #0b4f8a;outline-offset:2px}"
    "form.stack label{display:block;margin:.6em 0}.field-error{color:#a00;display:block}"
    "form.stack textarea{box-sizing:border-box;width:100%;max-width:48em}"
    ".visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
    ".slip{border:2px dashed #1d2730;padding:1em;max-width:30em}.code{font:bold 1.6em monospace;letter-spacing:.1em}"
    "@media (max-width:40em){body{margin:.8em}td,th{padding:.2em .3em}}"
    "@media print{body{margin:0;max-width:none;font-size:10pt}form,nav,.noprint{display:none}"
    "h2{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}a{color:inherit;text-decoration:none}}";

}  // namespace

const char* webStyleSheet() { return kCss; }

namespace {

std::string cell(const std::string& text) { return "<td>" + htmlEscape(text) + "</td>"; }
std::string number(int value) { return "<td class=\"n\">" + std::to_string(value) + "</td>"; }

std::string competenceName(const catalog::Catalog& catalog, const std::string& id, catalog::Lang lang) {
    if (id.empty()) return "–";
    const catalog::Competence* c = catalog.findCompetence(id);
    return c != nullptr ? c->name.in(lang) : id;
}

std::string methodName(const catalog::Catalog& catalog, const std::string& id, catalog::Lang lang) {
    if (id.empty()) return "–";
    const catalog::LearningMethod* m = catalog.findMethod(id);
    return m != nullptr ? m->name.in(lang) : id;
}

std::string unitName(const domain::Organisation& org, const std::string& unitId) {
    const domain::Unit* unit = org.findUnit(unitId);
    return unit != nullptr ? unit->name : unitId;
}

}  // namespace

std::string formatLocalTime(std::int64_t unixTime) {
    const std::time_t time = static_cast<std::time_t>(unixTime);
    std::tm local{};
    localtime_r(&time, &local);
    char text[32];
    std::strftime(text, sizeof text, "%d.%m.%Y %H.%M", &local);
    return text;
}

std::string htmlDocument(const std::string& title, const std::string& body, const std::string& lang,
                         const std::string& script) {
    const std::string scriptTag =
        script.empty() ? std::string() : "<script src=\"" + htmlEscape(script) + "\" defer></script>";
    return "<!doctype html><html lang=\"" + htmlEscape(lang) +
           "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
           "content=\"width=device-width\"><title>" +
           htmlEscape(title) + "</title><style>" + kCss + "</style>" + scriptTag + "</head><body>" + body +
           "</body></html>";
}

ApiResponse htmlResponse(int status, const std::string& title, const std::string& body, const std::string& lang,
                         const std::string& script) {
    ApiResponse r(status, htmlDocument(title, body, lang, script), "text/html; charset=utf-8");
    const std::string scripts = script.empty() ? std::string() : "; script-src 'self'; connect-src 'self'";
    r.headers.push_back(
        {"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" + scripts});
    r.headers.push_back({"X-Frame-Options", "DENY"});
    r.headers.push_back({"Cache-Control", "no-store"});
    return r;
}

ApiResponse hrPageResponse(const PageText& t, int status, const std::string& title, const std::string& body,
                           const std::string& here) {
    return htmlResponse(status, title, languageSwitch(t.lang, here) + body, t.code());
}

ApiResponse hrForbidden(const PageText& t) {
    return hrPageResponse(t, 403, t("hr.forbidden.title"), "<p>" + htmlEscape(t("hr.forbidden.text")) + "</p>", "/hr/");
}

// [tables] -------------------------------------------------------------------------------------

bool HrFilter::shows(const std::string& areaId, const std::string& unit) const {
    if (!serviceAreaId.empty() && areaId != serviceAreaId) return false;
    return unitId.empty() || unit == unitId;
}

namespace {

// A header row of the texts of `keys`.
std::string headerRow(const PageText& t, std::initializer_list<const char*> keys) {
    std::string out = "<tr>";
    for (const char* key : keys) out += "<th>" + htmlEscape(t(key)) + "</th>";
    return out + "</tr>";
}

}  // namespace

std::string completionTableHtml(const PageText& t, const std::vector<CompletionRow>& rows, const HrFilter& filter) {
    std::string out =
        "<table id=\"completion\">" +
        headerRow(t, {"hr.col.service_area", "hr.col.unit", "hr.col.manager", "hr.col.due", "hr.col.drafted",
                      "hr.col.submitted", "hr.col.discussed", "hr.col.agreed", "hr.col.late"});
    for (const CompletionRow& r : rows) {
        // A unit filter shows the unit alone; an area filter the area's units and its total.
        if (!filter.shows(r.serviceAreaId, r.unitId.empty() && filter.unitId.empty() ? std::string() : r.unitId))
            continue;
        out += std::string(r.unitId.empty() ? "<tr class=\"total\">" : "<tr>") + cell(r.serviceAreaName) +
               cell(r.unitId.empty() ? t("hr.total") : r.unitName) + cell(r.managerName) + number(r.due) +
               number(r.drafted) + number(r.submitted) + number(r.discussed) + number(r.agreed) + number(r.late) +
               "</tr>";
    }
    return out + "</table>";
}

std::string aggregatesTableHtml(const PageText& t, const std::vector<GroupAggregate>& groups,
                                const domain::Organisation& org, const catalog::Catalog& catalog,
                                const HrFilter& filter) {
    const auto th = [&](const char* key) { return "<th>" + htmlEscape(t(key)) + "</th>"; };
    std::string out = "<table id=\"aggregates\"><tr>" + th("hr.col.service_area") + th("hr.col.unit") +
                      th("hr.col.responses") + th("hr.col.competence") + "<th>" + htmlEscape(t("hr.col.mean")) + " (" +
                      std::to_string(catalog.scale.min) + "–" + std::to_string(catalog.scale.max) + ")</th>" +
                      th("hr.col.goals") + "</tr>";
    for (const GroupAggregate& g : groups) {
        if (!filter.shows(g.serviceAreaId, g.unitId.empty() && filter.unitId.empty() ? std::string() : g.unitId))
            continue;
        const domain::ServiceArea* area = org.findServiceArea(g.serviceAreaId);
        const std::string areaName = area != nullptr           ? area->name
                                     : g.serviceAreaId.empty() ? t("hr.city")
                                                               : g.serviceAreaId;
        const std::string head = cell(areaName) + cell(g.unitId.empty() ? t("hr.total") : unitName(org, g.unitId));
        if (g.suppressed) {
            out += "<tr class=\"suppressed\">" + head + "<td colspan=\"4\">" +
                   htmlEscape(t(g.suppressedBecause == "complementary" ? "hr.suppressed.complementary"
                                                                       : "hr.suppressed.small")) +
                   "</td></tr>";
            continue;
        }
        for (const CompetenceAggregate& c : g.competences) {
            const auto goals = g.goalCompetences.find(c.competenceId);
            out += std::string(g.unitId.empty() ? "<tr class=\"total\">" : "<tr>") + head + number(g.responses) +
                   cell(competenceName(catalog, c.competenceId, t.lang)) + "<td class=\"n\">" +
                   decimalComma(c.mean, 1) + "</td>" + number(goals == g.goalCompetences.end() ? 0 : goals->second) +
                   "</tr>";
        }
        if (!g.followUp.empty()) {
            out += std::string(g.unitId.empty() ? "<tr class=\"total follow-up\">" : "<tr class=\"follow-up\">") +
                   head + number(g.responses) + cell(t("hr.follow_up.row")) + "<td colspan=\"2\">" +
                   htmlEscape(followUpText(t, g.followUp)) + "</td></tr>";
        }
        if (!g.priima.empty()) {
            out += std::string(g.unitId.empty() ? "<tr class=\"total priima\">" : "<tr class=\"priima\">") + head +
                   number(g.responses) + cell(t("hr.priima.row")) + "<td colspan=\"2\">" +
                   htmlEscape(priimaText(t, g.priima)) + "</td></tr>";
        }
    }
    return out + "</table>";
}

// [plan] ---------------------------------------------------------------------------------------

std::string planStateName(const PageText& t, PlanState state) {
    return t("hr.plan.state." + std::string(planStateId(state)));
}

std::string planActionName(const PageText& t, PlanAction action) {
    return t("hr.plan.action." + std::string(planActionId(action)));
}

namespace {

std::string planNeedsHtml(const PageText& t, const TrainingPlan& plan, const domain::Organisation& org,
                          const catalog::Catalog& catalog) {
    std::string out = "<h3>" + htmlEscape(t("hr.plan.needs")) + "</h3>";
    if (plan.content.needs.empty()) return out + "<p class=\"muted\">" + htmlEscape(t("hr.plan.needs_none")) + "</p>";
    out += "<table id=\"plan-needs\"><tr><th>#</th>" +
           headerRow(t, {"hr.col.competence", "hr.col.reason", "hr.col.methods", "hr.col.units"}).substr(4);
    int rank = 0;
    for (const PlanNeed& n : plan.content.needs) {
        std::string methods, units;
        for (const std::string& m : n.methodIds)
            methods += (methods.empty() ? "" : ", ") + methodName(catalog, m, t.lang);
        for (const std::string& u : n.unitIds) units += (units.empty() ? "" : ", ") + unitName(org, u);
        out += "<tr>" + number(++rank) + cell(competenceName(catalog, n.competenceId, t.lang)) + cell(n.text) +
               cell(methods) + cell(units) + "</tr>";
    }
    return out + "</table>";
}

std::string planTrainingsHtml(const PageText& t, const TrainingPlan& plan, const catalog::Catalog& catalog) {
    std::string out = "<h3>" + htmlEscape(t("hr.plan.trainings")) + "</h3>";
    if (plan.content.trainings.empty())
        return out + "<p class=\"muted\">" + htmlEscape(t("hr.plan.trainings_none")) + "</p>";
    out += "<table id=\"plan-trainings\">" + headerRow(t, {"hr.col.training", "hr.col.competence", "hr.col.method",
                                                           "hr.col.audience", "hr.col.timing", "hr.col.responsible"});
    for (const PlannedTraining& training : plan.content.trainings) {
        out += "<tr>" + cell(training.name) + cell(competenceName(catalog, training.competenceId, t.lang)) +
               cell(methodName(catalog, training.methodId, t.lang)) + cell(training.audience) + cell(training.timing) +
               cell(training.responsible) + "</tr>";
    }
    return out + "</table>";
}

std::string planHistoryHtml(const PageText& t, const TrainingPlan& plan) {
    std::string out = "<h3>" + htmlEscape(t("hr.plan.history")) + "</h3>";
    if (plan.history.empty()) return out + "<p class=\"muted\">" + htmlEscape(t("hr.plan.history_none")) + "</p>";
    out += "<table id=\"plan-history\">" +
           headerRow(t, {"hr.col.time", "hr.col.step", "hr.plans.state", "hr.plans.version", "hr.col.who",
                         "hr.col.body", "hr.col.meeting"});
    for (const PlanStep& s : plan.history) {
        out += "<tr>" + cell(formatLocalTime(s.at)) + cell(planActionName(t, s.action)) +
               cell(planStateName(t, s.from) + " → " + planStateName(t, s.to)) + number(static_cast<int>(s.version)) +
               cell(s.actor.hrUser) + cell(s.actor.body) + cell(s.actor.reference) + "</tr>";
    }
    out += "</table>";
    if (plan.versions.size() > 1) {
        out += "<h3>" + htmlEscape(t("hr.plan.versions")) + "</h3><ul id=\"plan-versions\">";
        for (const PlanVersion& v : plan.versions) {
            if (v.version == plan.version) continue;
            out += "<li>" + htmlEscape(t("hr.plan.version", std::to_string(v.version))) + " (" +
                   formatLocalTime(v.savedAt) +
                   "): " + htmlEscape(t("hr.plan.needs_count", std::to_string(v.content.needs.size()))) + ", " +
                   htmlEscape(t("hr.plan.trainings_count", std::to_string(v.content.trainings.size()))) + "</li>";
        }
        out += "</ul>";
    }
    return out;
}

}  // namespace

std::string planHtml(const PageText& t, const TrainingPlan& plan, const domain::Organisation& org,
                     const catalog::Catalog& catalog) {
    const std::string state(planStateId(plan.state));
    std::string out = "<p>" + htmlEscape(t("hr.plan.state_line")) + " <span class=\"state " + state +
                      "\" id=\"plan-state\" data-state=\"" + state + "\">" + htmlEscape(planStateName(t, plan.state)) +
                      "</span> · " + htmlEscape(t("hr.plan.version_lower", std::to_string(plan.version))) + "</p>";
    out += planNeedsHtml(t, plan, org, catalog) + planTrainingsHtml(t, plan, catalog);
    if (!plan.content.notes.empty()) {
        out += "<h3>" + htmlEscape(t("hr.plan.notes")) + "</h3><p style=\"white-space:pre-wrap\">" +
               htmlEscape(plan.content.notes) + "</p>";
    }
    return out + planHistoryHtml(t, plan);
}

// [clock] --------------------------------------------------------------------------------------

std::string annualClockHtml(const PageText& t, const std::vector<SectorClock>& clock, int year) {
    auto sectorName = [&](const std::string& sector) {
        const std::string key = "hr.sector." + sector;
        return t.text.has(t.lang, key) ? t(key) : sector;
    };
    // One row per event of the clock, one column per sector: the months where that sector holds it.
    std::vector<const catalog::ClockEvent*> events;
    for (const SectorClock& s : clock) {
        for (const catalog::ClockEvent* e : s.events) {
            if (std::find(events.begin(), events.end(), e) == events.end()) events.push_back(e);
        }
    }
    std::sort(events.begin(), events.end(),
              [](const catalog::ClockEvent* a, const catalog::ClockEvent* b) { return a->fromMonth < b->fromMonth; });
    std::string out = "<table id=\"annual-clock\"><tr><th>" + std::to_string(year) + "</th>";
    for (const SectorClock& s : clock) {
        const char* kind = s.yearKind == catalog::Alternation::Individual ? "hr.clock.individual"
                           : s.yearKind == catalog::Alternation::Group    ? "hr.clock.group"
                                                                          : "hr.clock.every_year";
        out += "<th>" + htmlEscape(sectorName(s.sector)) + "<br><span class=\"muted\">" + htmlEscape(t(kind)) +
               "</span></th>";
    }
    out += "</tr>";
    const auto month = [&](int m) { return t("hr.month." + std::to_string((m - 1) % 12 + 1)); };
    for (const catalog::ClockEvent* e : events) {
        out += "<tr>" + cell(e->name.in(t.lang));
        for (const SectorClock& s : clock) {
            const bool held = std::find(s.events.begin(), s.events.end(), e) != s.events.end();
            out += held ? cell(t("hr.clock.months", month(e->fromMonth) + "–" + month(e->toMonth)))
                        : "<td class=\"muted\">" + htmlEscape(t("hr.clock.not_this_year")) + "</td>";
        }
        out += "</tr>";
    }
    return out + "</table>";
}

// [summary] ------------------------------------------------------------------------------------

std::string serviceAreaSummaryHtml(const PageText& t, const std::string& serviceAreaId, const domain::Organisation& org,
                                   const catalog::Catalog& catalog, const std::vector<CompletionRow>& completionRows,
                                   const std::vector<GroupAggregate>& groups, const TrainingPlan& plan,
                                   const Release* release) {
    const domain::ServiceArea* area = org.findServiceArea(serviceAreaId);
    const std::string name = area != nullptr ? area->name : serviceAreaId;
    const std::string year = std::to_string(plan.year);
    const HrFilter filter{serviceAreaId, {}};
    const auto h2 = [&](const char* key) { return "<h2>" + htmlEscape(t(key)) + "</h2>"; };
    std::string body =
        "<h1>" + htmlEscape(t("hr.page.heading", year)) + " – " + htmlEscape(name) + "</h1><p class=\"muted\">" +
        htmlEscape(t("hr.summary.intro")) + "</p>" + h2("hr.page.completion") +
        completionTableHtml(t, completionRows, filter) + completionChartHtml(t, completionRows, filter, plan.year) +
        h2("hr.summary.aggregates") + releaseLabelHtml(release) + aggregatesTableHtml(t, groups, org, catalog, filter) +
        ratingsChartHtml(t, groups, org, catalog, filter) + methodsChartHtml(t, groups, org, catalog, filter);
    std::map<std::string, int> methods;
    for (const GroupAggregate& g : groups) {
        if (g.serviceAreaId == serviceAreaId && g.unitId.empty() && !g.suppressed) methods = g.methods;
    }
    if (!methods.empty()) {
        std::vector<std::pair<int, std::string>> ranked;
        for (const auto& [id, count] : methods) ranked.push_back({count, id});
        std::sort(ranked.rbegin(), ranked.rend());
        body += h2("hr.summary.methods") + "<ol>";
        for (std::size_t i = 0; i < ranked.size() && i < 5; ++i) {
            body += "<li>" + htmlEscape(methodName(catalog, ranked[i].second, t.lang)) + " (" +
                    std::to_string(ranked[i].first) + ")</li>";
        }
        body += "</ol>";
    }
    body += h2("hr.plan.title") + planHtml(t, plan, org, catalog);
    return htmlDocument(t("hr.summary.title", year) + " – " + name, body, t.code());
}

// [releases] -----------------------------------------------------------------------------------

std::string releaseLabelHtml(const Release* shown) {
    static const char* const kLanguages[] = {"fi", "sv", "en"};
    const auto labels = releaseLabels(shown);
    std::string out = "<div id=\"release-label\" class=\"muted\">";
    for (std::size_t i = 0; i < labels.size(); ++i)
        out += "<p lang=\"" + std::string(kLanguages[i]) + "\">" + htmlEscape(labels[i]) + "</p>";
    return out + "</div>";
}

std::string releaseFormHtml(const PageText& t, const std::vector<Release>& releases, const Release* shown, int year,
                            const std::string& csrf, double defaultEpsilon, double defaultBudget) {
    const std::string y = std::to_string(year);
    std::string out = "<p id=\"releases\">" + htmlEscape(t("hr.release.list", y));
    if (releases.empty()) out += " " + htmlEscape(t("hr.release.none"));
    for (const Release& r : releases) {
        const std::string text = std::to_string(r.seq) + " (" + formatLocalTime(r.releasedAt) + ")";
        out += " " + (shown != nullptr && shown->seq == r.seq
                          ? "<strong>" + htmlEscape(text) + "</strong>"
                          : "<a href=\"/hr/?year=" + y + "&amp;release=" + std::to_string(r.seq) + "\">" +
                                htmlEscape(text) + "</a>");
    }
    const double budget = releases.empty() ? defaultBudget : releases.front().yearBudget;
    const double left = budget - (releases.empty() ? 0.0 : releases.back().spent);
    char figures[96];
    std::snprintf(figures, sizeof figures, "%g / %g", left < 0 ? 0.0 : left, budget);
    out += "</p><form method=\"post\" action=\"/hr/release\" id=\"form-release\" class=\"noprint\"><fieldset><legend>" +
           htmlEscape(t("hr.release.legend")) + "</legend><input type=\"hidden\" name=\"csrf\" value=\"" +
           htmlEscape(csrf) + "\"><input type=\"hidden\" name=\"year\" value=\"" + y + "\"><p class=\"muted\">" +
           htmlEscape(t("hr.release.note", figures)) + "</p><label>ε <input name=\"epsilon\" inputmode=\"decimal\" " +
           "size=\"4\" value=\"" + htmlEscape(std::to_string(defaultEpsilon).substr(0, 4)) +
           "\"></label> <button type=\"submit\">" + htmlEscape(t("hr.release.submit")) + "</button></fieldset></form>";
    return out;
}

}  // namespace osm::server

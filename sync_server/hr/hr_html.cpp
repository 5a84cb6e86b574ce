// HR's HTML. Finnish, server-rendered, no scripts. Sections: [document] [tables] [plan]
// [clock] [summary].
#include "hr/hr_html.h"

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

constexpr const char* kCss =
    "body{font-family:'Noto Sans',sans-serif;margin:2em;max-width:75em;color:#1d2730}"
    "table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #bbb;padding:.3em "
    ".6em;text-align:left;vertical-align:top}"
    "th{background:#e8eef4}td.n{text-align:right}.muted{color:#666}.error{color:#a00;font-weight:bold}"
    "tr.total td{font-weight:bold;background:#f4f6f8}tr.suppressed td{color:#666;font-style:italic}"
    ".state{display:inline-block;padding:.1em .6em;border-radius:1em;background:#e8eef4}"
    ".state.confirmed{background:#cdebd3}.state.reviewed{background:#fbe8c0}.state.compiled{background:#d6e4f5}"
    "form.inline{display:inline}fieldset{border:1px solid #ccd;margin:.6em 0;padding:.5em 1em}"
    "label{margin-right:1em}nav a{margin-right:1em}a{color:#0b4f8a}"
    "input,select,textarea,button{font:inherit}:focus-visible{outline:3px solid #0b4f8a;outline-offset:2px}"
    "form.stack label{display:block;margin:.6em 0}.field-error{color:#a00;display:block}"
    ".visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
    ".slip{border:2px dashed #1d2730;padding:1em;max-width:30em}.code{font:bold 1.6em monospace;letter-spacing:.1em}"
    "@media (max-width:40em){body{margin:.8em}td,th{padding:.2em .3em}}"
    "@media print{body{margin:0;max-width:none;font-size:10pt}form,nav,.noprint{display:none}"
    "h2{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}a{color:inherit;text-decoration:none}}";

std::string cell(const std::string& text) { return "<td>" + htmlEscape(text) + "</td>"; }
std::string number(int value) { return "<td class=\"n\">" + std::to_string(value) + "</td>"; }

std::string competenceName(const catalog::Catalog& catalog, const std::string& id) {
    if (id.empty()) return "–";
    const catalog::Competence* c = catalog.findCompetence(id);
    return c != nullptr ? c->name.fi : id;
}

std::string methodName(const catalog::Catalog& catalog, const std::string& id) {
    if (id.empty()) return "–";
    const catalog::LearningMethod* m = catalog.findMethod(id);
    return m != nullptr ? m->name.fi : id;
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

std::string htmlDocument(const std::string& title, const std::string& body, const std::string& lang) {
    return "<!doctype html><html lang=\"" + htmlEscape(lang) +
           "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
           "content=\"width=device-width\"><title>" +
           htmlEscape(title) + "</title><style>" + kCss + "</style></head><body>" + body + "</body></html>";
}

ApiResponse htmlResponse(int status, const std::string& title, const std::string& body, const std::string& lang) {
    ApiResponse r(status, htmlDocument(title, body, lang), "text/html; charset=utf-8");
    r.headers.push_back(
        {"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"});
    r.headers.push_back({"X-Frame-Options", "DENY"});
    r.headers.push_back({"Cache-Control", "no-store"});
    return r;
}

// [tables] -------------------------------------------------------------------------------------

bool HrFilter::shows(const std::string& areaId, const std::string& unit) const {
    if (!serviceAreaId.empty() && areaId != serviceAreaId) return false;
    return unitId.empty() || unit == unitId;
}

std::string completionTableHtml(const std::vector<CompletionRow>& rows, const HrFilter& filter) {
    std::string out =
        "<table id=\"completion\"><tr><th>Palvelualue</th><th>Yksikkö</th><th>Esihenkilö</th><th>Vuorossa</th>"
        "<th>Luonnos</th><th>Lähetetty</th><th>Käyty</th><th>Sovittu</th><th>Myöhässä</th></tr>";
    for (const CompletionRow& r : rows) {
        // A unit filter shows the unit alone; an area filter the area's units and its total.
        if (!filter.shows(r.serviceAreaId, r.unitId.empty() && filter.unitId.empty() ? std::string() : r.unitId))
            continue;
        out += std::string(r.unitId.empty() ? "<tr class=\"total\">" : "<tr>") + cell(r.serviceAreaName) +
               cell(r.unitId.empty() ? "yhteensä" : r.unitName) + cell(r.managerName) + number(r.due) +
               number(r.drafted) + number(r.submitted) + number(r.discussed) + number(r.agreed) + number(r.late) +
               "</tr>";
    }
    return out + "</table>";
}

std::string aggregatesTableHtml(const std::vector<GroupAggregate>& groups, const domain::Organisation& org,
                                const catalog::Catalog& catalog, const HrFilter& filter) {
    std::string out =
        "<table id=\"aggregates\"><tr><th>Palvelualue</th><th>Yksikkö</th><th>Vastauksia</th><th>Osaaminen</th>"
        "<th>Keskiarvo (" +
        std::to_string(catalog.scale.min) + "–" + std::to_string(catalog.scale.max) +
        ")</th><th>Oppimistavoitteita</th></tr>";
    for (const GroupAggregate& g : groups) {
        if (!filter.shows(g.serviceAreaId, g.unitId.empty() && filter.unitId.empty() ? std::string() : g.unitId))
            continue;
        const domain::ServiceArea* area = org.findServiceArea(g.serviceAreaId);
        const std::string head = cell(area != nullptr ? area->name : g.serviceAreaId) +
                                 cell(g.unitId.empty() ? "yhteensä" : unitName(org, g.unitId));
        if (g.suppressed) {
            out += "<tr class=\"suppressed\">" + head + "<td colspan=\"4\">" +
                   (g.suppressedBecause == "complementary" ? "piilotettu, jottei pienempi ryhmä paljastu vähentämällä"
                                                           : "alle vähimmäiskoon – ei näytetä") +
                   "</td></tr>";
            continue;
        }
        for (const CompetenceAggregate& c : g.competences) {
            const auto goals = g.goalCompetences.find(c.competenceId);
            out += std::string(g.unitId.empty() ? "<tr class=\"total\">" : "<tr>") + head + number(g.responses) +
                   cell(competenceName(catalog, c.competenceId)) + "<td class=\"n\">" + decimalComma(c.mean, 1) +
                   "</td>" + number(goals == g.goalCompetences.end() ? 0 : goals->second) + "</tr>";
        }
        if (!g.followUp.empty()) {
            out += std::string(g.unitId.empty() ? "<tr class=\"total follow-up\">" : "<tr class=\"follow-up\">") +
                   head + number(g.responses) + cell("Sovittujen tavoitteiden seuranta") + "<td colspan=\"2\">" +
                   htmlEscape(followUpFi(g.followUp)) + "</td></tr>";
        }
    }
    return out + "</table>";
}

// [plan] ---------------------------------------------------------------------------------------

std::string planHtml(const TrainingPlan& plan, const domain::Organisation& org, const catalog::Catalog& catalog) {
    const std::string state(planStateId(plan.state));
    std::string out = "<p>Tila: <span class=\"state " + state + "\" id=\"plan-state\" data-state=\"" + state + "\">" +
                      htmlEscape(std::string(planStateFi(plan.state))) + "</span> · versio " +
                      std::to_string(plan.version) + "</p>";
    out += "<h3>Painotetut koulutustarpeet</h3>";
    if (plan.content.needs.empty()) {
        out += "<p class=\"muted\">Ei vielä koottu.</p>";
    } else {
        out +=
            "<table id=\"plan-needs\"><tr><th>#</th><th>Osaaminen</th><th>Peruste</th><th>Oppimistavat "
            "(70-20-10)</th><th>Yksiköt</th></tr>";
        int rank = 0;
        for (const PlanNeed& n : plan.content.needs) {
            std::string methods, units;
            for (const std::string& m : n.methodIds) methods += (methods.empty() ? "" : ", ") + methodName(catalog, m);
            for (const std::string& u : n.unitIds) units += (units.empty() ? "" : ", ") + unitName(org, u);
            out += "<tr>" + number(++rank) + cell(competenceName(catalog, n.competenceId)) + cell(n.text) +
                   cell(methods) + cell(units) + "</tr>";
        }
        out += "</table>";
    }
    out += "<h3>Suunnitellut koulutukset</h3>";
    if (plan.content.trainings.empty()) {
        out += "<p class=\"muted\">Ei vielä koulutuksia.</p>";
    } else {
        out +=
            "<table "
            "id=\"plan-trainings\"><tr><th>Koulutus</th><th>Osaaminen</th><th>Oppimistapa</th><th>Kohderyhmä</"
            "th><th>Ajankohta</th>"
            "<th>Vastuuhenkilö</th></tr>";
        for (const PlannedTraining& t : plan.content.trainings) {
            out += "<tr>" + cell(t.name) + cell(competenceName(catalog, t.competenceId)) +
                   cell(methodName(catalog, t.methodId)) + cell(t.audience) + cell(t.timing) + cell(t.responsible) +
                   "</tr>";
        }
        out += "</table>";
    }
    if (!plan.content.notes.empty())
        out += "<h3>Muistiinpanot</h3><p style=\"white-space:pre-wrap\">" + htmlEscape(plan.content.notes) + "</p>";
    out += "<h3>Käsittelyhistoria</h3>";
    if (plan.history.empty()) return out + "<p class=\"muted\">Ei vielä vaiheita.</p>";
    out +=
        "<table "
        "id=\"plan-history\"><tr><th>Aika</th><th>Vaihe</th><th>Tila</th><th>Versio</th><th>Kuka</th><th>Toimielin</"
        "th><th>Kokous</th></tr>";
    for (const PlanStep& s : plan.history) {
        out += "<tr>" + cell(formatLocalTime(s.at)) + cell(std::string(planActionFi(s.action))) +
               cell(std::string(planStateFi(s.from)) + " → " + std::string(planStateFi(s.to))) +
               number(static_cast<int>(s.version)) + cell(s.actor.hrUser) + cell(s.actor.body) +
               cell(s.actor.reference) + "</tr>";
    }
    out += "</table>";
    if (plan.versions.size() > 1) {
        out += "<h3>Aiemmat versiot</h3><ul id=\"plan-versions\">";
        for (const PlanVersion& v : plan.versions) {
            if (v.version == plan.version) continue;
            out += "<li>Versio " + std::to_string(v.version) + " (" + formatLocalTime(v.savedAt) +
                   "): " + std::to_string(v.content.needs.size()) + " tarvetta, " +
                   std::to_string(v.content.trainings.size()) + " koulutusta</li>";
        }
        out += "</ul>";
    }
    return out;
}

// [clock] --------------------------------------------------------------------------------------

std::string annualClockHtml(const std::vector<SectorClock>& clock, int year) {
    static const char* const kMonths[] = {"tammi", "helmi", "maalis", "huhti", "touko",  "kesä",
                                          "heinä", "elo",   "syys",   "loka",  "marras", "joulu"};
    auto sectorName = [](const std::string& sector) -> std::string {
        if (sector == "early_childhood_education") return "Varhaiskasvatus";
        if (sector == "teaching") return "Opetus";
        if (sector == "default") return "Muut palvelut";
        return sector;
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
        const char* kind = s.yearKind == catalog::Alternation::Individual ? "vuorovuosimalli: yksilövuosi"
                           : s.yearKind == catalog::Alternation::Group    ? "vuorovuosimalli: ryhmävuosi"
                                                                          : "kehityskeskustelut joka vuosi";
        out += "<th>" + htmlEscape(sectorName(s.sector)) + "<br><span class=\"muted\">" + kind + "</span></th>";
    }
    out += "</tr>";
    for (const catalog::ClockEvent* e : events) {
        out += "<tr>" + cell(e->name.fi);
        for (const SectorClock& s : clock) {
            const bool held = std::find(s.events.begin(), s.events.end(), e) != s.events.end();
            const auto month = [&](int m) { return std::string(kMonths[(m - 1) % 12]); };
            out += held ? cell(month(e->fromMonth) + "–" + month(e->toMonth) + "kuu")
                        : "<td class=\"muted\">ei tänä vuonna</td>";
        }
        out += "</tr>";
    }
    return out + "</table>";
}

// [summary] ------------------------------------------------------------------------------------

std::string serviceAreaSummaryHtml(const std::string& serviceAreaId, const domain::Organisation& org,
                                   const catalog::Catalog& catalog, const std::vector<CompletionRow>& completionRows,
                                   const std::vector<GroupAggregate>& groups, const TrainingPlan& plan,
                                   const Release* release) {
    const domain::ServiceArea* area = org.findServiceArea(serviceAreaId);
    const std::string name = area != nullptr ? area->name : serviceAreaId;
    const HrFilter filter{serviceAreaId, {}};
    std::string body =
        "<h1>Osaamisen johtaminen " + std::to_string(plan.year) + " – " + htmlEscape(name) +
        "</h1>"
        "<p class=\"muted\">Henkilöstöpalvelujen yhteenveto palvelualueen Teams-kanavalle. Vapaata tekstiä ei ole "
        "mukana.</p>"
        "<h2>Kehityskeskustelujen toteutuminen</h2>" +
        completionTableHtml(completionRows, filter) + "<h2>Osaamisten itsearviot ja tulevaisuuden osaamistarpeet</h2>" +
        releaseLabelHtml(release) + aggregatesTableHtml(groups, org, catalog, filter);
    std::map<std::string, int> methods;
    for (const GroupAggregate& g : groups) {
        if (g.serviceAreaId == serviceAreaId && g.unitId.empty() && !g.suppressed) methods = g.methods;
    }
    if (!methods.empty()) {
        std::vector<std::pair<int, std::string>> ranked;
        for (const auto& [id, count] : methods) ranked.push_back({count, id});
        std::sort(ranked.rbegin(), ranked.rend());
        body += "<h2>Toivotuimmat oppimistavat (70-20-10)</h2><ol>";
        for (std::size_t i = 0; i < ranked.size() && i < 5; ++i) {
            body += "<li>" + htmlEscape(methodName(catalog, ranked[i].second)) + " (" +
                    std::to_string(ranked[i].first) + ")</li>";
        }
        body += "</ol>";
    }
    body += "<h2>Koulutussuunnitelma</h2>" + planHtml(plan, org, catalog);
    return htmlDocument("Yhteenveto " + std::to_string(plan.year) + " – " + name, body);
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

std::string releaseFormHtml(const std::vector<Release>& releases, const Release* shown, int year,
                            const std::string& csrf, double defaultEpsilon, double defaultBudget) {
    const std::string y = std::to_string(year);
    std::string out = "<p id=\"releases\">Julkaisut " + y + ":";
    if (releases.empty()) out += " ei vielä yhtään";
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
    out +=
        "</p><form method=\"post\" action=\"/hr/release\" id=\"form-release\" class=\"noprint\"><fieldset>"
        "<legend>Julkaise koonti nykyisistä vastauksista</legend><input type=\"hidden\" name=\"csrf\" value=\"" +
        htmlEscape(csrf) + "\"><input type=\"hidden\" name=\"year\" value=\"" + y +
        "\"><p class=\"muted\">Julkaisu lasketaan nykyisestä organisaatiosta ja jäädytetään. Vuoden "
        "tietosuojabudjettia (ε) jäljellä: " +
        std::string(figures) +
        ". Uusi julkaisu hylätään, jos jokin ryhmä on muuttunut alle vähimmäismäärän verran.</p><label>ε "
        "<input name=\"epsilon\" inputmode=\"decimal\" size=\"4\" value=\"" +
        htmlEscape(std::to_string(defaultEpsilon).substr(0, 4)) +
        "\"></label> <button type=\"submit\">Julkaise</button></fieldset></form>";
    return out;
}

}  // namespace osm::server

// The leaders' pages once signed in: home (own stage, the direct reports' stages with what may
// be done for each), a report's submitted pre-form, and the PIN-code slip. Every page asks
// domain/rights.h about the person it shows; a refusal shows nothing of that person.
// Sections: [chrome] [home] [pre-form] [pin].
#include "leaders/leaders_web.h"

#include "leaders/discussion_form.h"

#include "api/team_status.h"
#include "domain/annual_clock.h"
#include "domain/discussion.h"
#include "domain/rights.h"
#include "hr/hr_html.h"
#include "leaders/discussion_form.h"
#include "ops/operator_commands.h"
#include "storage/catalog_resolver.h"

#include "crypto/aead.h"
#include "crypto/secret_buffer.h"

namespace osm::server {

// [chrome] -------------------------------------------------------------------------------------

ApiResponse LeadersWeb::page(const Visit& visit, int status, const std::string& title, const std::string& body,
                             bool autosave) const {
    const auto t = [&](const std::string& key) { return htmlEscape(m_text(visit.lang, key)); };
    const std::string path = visit.request.method == "GET" ? visit.request.path : std::string("/leaders/");
    const std::string header =
        languageSwitch(visit.lang, htmlEscape(path)) + "<nav class=\"noprint\" aria-label=\"" + t("web.nav.label") +
        "\"><a href=\"/leaders/\">" + t("web.nav.home") + "</a><span class=\"muted\">" +
        htmlEscape(m_text(visit.lang, "web.nav.signed_in", visit.me.person.name)) +
        "</span> <form class=\"inline\" method=\"post\" action=\"/leaders/logout\"><input type=\"hidden\" "
        "name=\"csrf\" value=\"" +
        htmlEscape(visit.session.session.csrf) + "\"><button type=\"submit\">" + t("web.nav.logout") +
        "</button></form></nav>";
    return htmlResponse(status, title, header + "<main>" + body + "</main>", catalog::langCode(visit.lang),
                        autosave ? "/leaders/autosave.js" : "");
}

ApiResponse LeadersWeb::refused(const Visit& visit) const {
    return page(visit, 403, m_text(visit.lang, "web.refused.title"),
                "<h1>" + htmlEscape(m_text(visit.lang, "web.refused.title")) + "</h1><p id=\"refused\">" +
                    htmlEscape(m_text(visit.lang, "web.refused.text")) + "</p>");
}

ApiResponse LeadersWeb::serverError(const Visit& visit) const {
    return page(visit, 500, m_text(visit.lang, "web.error.server"),
                "<p class=\"error\">" + htmlEscape(m_text(visit.lang, "web.error.server")) + "</p>");
}

ApiResponse LeadersWeb::badForm(const Visit& visit, const std::string& problem) const {
    return page(visit, 400, m_text(visit.lang, "web.form.malformed"),
                "<h1>" + htmlEscape(m_text(visit.lang, "web.form.malformed")) + "</h1><p id=\"malformed\">" +
                    htmlEscape(problem) + "</p>");
}

std::optional<sync::RosterEntry> LeadersWeb::allowedSubject(const Visit& visit, const std::string& staffNumber,
                                                            bool (*right)(const domain::Person&,
                                                                          const domain::Person&)) const {
    if (!domain::isValidStaffNumber(staffNumber)) return std::nullopt;
    auto subject = m_storage.person(staffNumber);
    if (!subject || !subject->has_value() || !right(visit.me.person, (*subject)->person)) return std::nullopt;
    return std::move(**subject);
}

ApiResponse LeadersWeb::route(Visit& visit) {
    const std::string& path = visit.request.path;
    if (visit.request.method == "GET" && (path == "/leaders" || path == "/leaders/")) return home(visit);
    if (visit.request.method == "POST" && path == "/leaders/confirm") return confirmAgreement(visit);
    if (path.rfind("/leaders/record/", 0) == 0) return recordDiscussion(visit, path.substr(16));
    if (path.rfind("/leaders/group/", 0) == 0) return groupDiscussion(visit, path.substr(15));
    if (path == "/leaders/own") return visit.request.method == "GET" ? ownForm(visit) : saveOwnForm(visit);
    if (visit.request.method == "GET" && path.rfind("/leaders/staff/", 0) == 0) return preForm(visit, path.substr(15));
    if (visit.request.method == "POST" && path == "/leaders/pin") return issuePin(visit);
    if (visit.request.method == "GET" && path == "/leaders/strategy") return strategyPage(visit);
    if (visit.request.method == "POST" && path == "/leaders/plan") return planAction(visit);
    if (visit.request.method == "GET" && path == "/leaders/plans") return committeePlans(visit);
    if (visit.request.method == "GET" && path == "/leaders/plan") {
        const auto scope = visit.request.query.find("scope");
        if (scope != visit.request.query.end()) return planPage(visit, scope->second, 200, {});
        if (domain::mayPlanForArea(visit.me.person, visit.me.person.serviceAreaId))
            return planPage(visit, visit.me.person.serviceAreaId, 200, {});
        return domain::mayConfirmPlans(visit.me.person) ? committeePlans(visit) : refused(visit);
    }
    return page(visit, 404, m_text(visit.lang, "web.not_found"),
                "<h1>" + htmlEscape(m_text(visit.lang, "web.not_found")) + "</h1>");
}

// [home] ---------------------------------------------------------------------------------------

namespace {

std::string stageKey(const sync::TeamStatus& status) {
    if (status.agreementVersion > 0 && status.confirmedVersion == status.agreementVersion) return "web.stage.agreed";
    if (status.agreementVersion > 0) return "web.stage.discussed";
    return "web.stage." + status.preForm;  // none, draft, submitted
}

}  // namespace

ApiResponse LeadersWeb::home(Visit& visit) {
    const auto t = [&](const std::string& key) { return htmlEscape(m_text(visit.lang, key)); };
    const int year = domain::dateOfUnixSeconds(m_options.now()).year;
    const domain::Person& me = visit.me.person;
    std::string body =
        "<h1>" + t("web.home.title") + "</h1><p>" +
        htmlEscape(m_text(visit.lang, "web.home.you", me.name + (me.title.empty() ? "" : ", " + me.title))) +
        "</p><h2>" + htmlEscape(m_text(visit.lang, "web.home.own", std::to_string(year))) +
        "</h2><p id=\"own-stage\">" + t(stageKey(teamStatusOf(m_storage, me.staffNumber, year))) +
        "</p><p><a id=\"own-link\" href=\"/leaders/own\">" + t("web.home.own_form") + "</a></p>" +
        agreementHtml(visit, year) + groupSectionHtml(visit, year) + planLinksHtml(visit);
    if (domain::takesPartInStrategicDiscussion(me))
        body += "<h2>" + t("web.strategy.home") + "</h2><p><a id=\"strategy-link\" href=\"/leaders/strategy\">" +
                t("web.strategy.open") + "</a></p>";
    auto everyone = m_storage.people();
    if (!everyone) return page(visit, 500, m_text(visit.lang, "web.error.server"), t("web.error.server"));
    std::string rows;
    for (const sync::RosterEntry& entry : *everyone) {
        const domain::Person& p = entry.person;
        if (!domain::supervises(me, p)) continue;
        const sync::TeamStatus status = teamStatusOf(m_storage, p.staffNumber, year);
        std::string actions;
        if (status.preForm == "submitted" && domain::mayReadPreFormOf(me, p))
            actions += "<a href=\"/leaders/staff/" + htmlEscape(p.staffNumber) + "\">" + t("web.home.read_preform") +
                       "<span class=\"visually-hidden\"> – " + htmlEscape(p.name) + "</span></a> ";
        if (domain::mayRecordDiscussionOf(me, p))
            actions += "<a href=\"/leaders/record/" + htmlEscape(p.staffNumber) + "\">" + t("web.home.record") +
                       "<span class=\"visually-hidden\"> – " + htmlEscape(p.name) + "</span></a> ";
        if (domain::mayIssuePinFor(me, p)) {
            actions +=
                "<form class=\"inline\" method=\"post\" action=\"/leaders/pin\"><input type=\"hidden\" "
                "name=\"csrf\" value=\"" +
                htmlEscape(visit.session.session.csrf) + "\"><input type=\"hidden\" name=\"staff\" value=\"" +
                htmlEscape(p.staffNumber) + "\"><button type=\"submit\" aria-label=\"" +
                htmlEscape(m_text(visit.lang, "web.pin.issue_for", p.name)) + "\">" + t("web.pin.issue") +
                "</button></form>";
        }
        rows += "<tr id=\"staff-" + htmlEscape(p.staffNumber) + "\"><td>" + htmlEscape(p.name) + "</td><td>" +
                htmlEscape(p.title) + "</td><td class=\"stage\">" + t(stageKey(status)) + "</td><td>" + actions +
                "</td></tr>";
    }
    if (!rows.empty()) {
        body += "<h2>" + t("web.home.reports") + "</h2><table id=\"reports\"><caption class=\"muted\">" +
                htmlEscape(m_text(visit.lang, "web.home.reports_caption", std::to_string(year))) +
                "</caption><tr><th scope=\"col\">" + t("web.home.name") + "</th><th scope=\"col\">" +
                t("web.home.job") + "</th><th scope=\"col\">" + t("web.home.stage") + "</th><th scope=\"col\">" +
                t("web.home.actions") + "</th></tr>" + rows + "</table>";
    }
    return page(visit, 200, m_text(visit.lang, "web.home.title"), body);
}

// [pre-form] -----------------------------------------------------------------------------------

namespace {

// What the report completed in Priima and Oss (docs/integrations.md), or nothing when there is none.
std::string completionsHtml(const WebText& text, catalog::Lang lang, const catalog::Catalog& catalogue,
                            const std::vector<sync::Completion>& done) {
    if (done.empty()) return {};
    std::string out = "<h3>" + htmlEscape(text(lang, "web.preform.completions")) + "</h3><ul id=\"completions\">";
    for (const sync::Completion& c : done) {
        const catalog::LearningMethod* course =
            c.source == "priima" ? catalogue.findMethod("priima." + c.course) : nullptr;
        const std::string name = c.source == "oss" ? c.name : course != nullptr ? course->name.in(lang) : c.course;
        const std::string where =
            c.source == "oss" ? "web.preform.completed_in_oss" : "web.preform.completed_in_priima";
        const std::string hours = c.minutes > 0 ? ", " + text(lang, "web.preform.hours", sync::hoursText(c)) : "";
        out += "<li>" + htmlEscape(name) + " <span class=\"muted\">(" +
               htmlEscape(text(lang, where, domain::finnishDate(c.date)) + hours) + ")</span></li>";
    }
    return out + "</ul>";
}

}  // namespace

ApiResponse LeadersWeb::preForm(Visit& visit, const std::string& staffNumber) {
    const auto t = [&](const std::string& key) { return htmlEscape(m_text(visit.lang, key)); };
    const auto subject = allowedSubject(visit, staffNumber, domain::mayReadPreFormOf);
    if (!subject) return refused(visit);
    const domain::Person& p = subject->person;
    const int year = domain::dateOfUnixSeconds(m_options.now()).year;
    auto owned = m_storage.recordsOwnedBy(staffNumber);
    const ServerRecord* record = nullptr;
    if (owned) {
        for (const ServerRecord& r : *owned) {
            if (r.kind == sync::RecordKindWire::Development && r.year == year &&
                r.state == sync::RecordStateWire::Submitted)
                record = &r;
        }
    }
    std::string body = "<h1>" + htmlEscape(m_text(visit.lang, "web.preform.title", p.name)) + "</h1>";
    if (record == nullptr) return page(visit, 200, p.name, body + "<p>" + t("web.preform.none") + "</p>");
    auto catalogue = resolveCatalog(&m_storage, m_options.assetsDir, year);
    auto plain = crypto::open(m_keys.storage, {record->id, record->owner, record->version}, record->payload);
    if (!catalogue || !plain) return page(visit, 500, m_text(visit.lang, "web.error.server"), t("web.error.server"));
    auto discussion = domain::developmentDiscussionFromJson(*plain);
    crypto::wipe(*plain);
    const catalog::FormTemplate* form = discussion ? catalogue->findForm(discussion->formId) : nullptr;
    // Shown only once the read log holds it (through the web: docs/privacy.md, "Who read your records").
    std::vector<RecordRead> reads{
        {record->id, record->owner, record->version, visit.me.person.staffNumber, "web", m_options.now()}};
    auto done = m_storage.completionsOf({staffNumber});
    if (done && !done->empty())
        reads.push_back(
            {"completions:" + staffNumber, staffNumber, 0, visit.me.person.staffNumber, "web", m_options.now()});
    if (form == nullptr || !done || !m_storage.logReads(reads))
        return page(visit, 500, m_text(visit.lang, "web.error.server"), t("web.error.server"));
    const catalog::Lang lang = visit.lang;
    body += instructionsLinkHtml(m_text, lang, form->instructions, "form");
    for (const catalog::Section& section : form->sections) {
        body += "<h2>" + htmlEscape(section.title.in(lang)) + "</h2>" +
                instructionsLinkHtml(m_text, lang, section.instructions, section.id);
        if (&section == &form->sections.front())
            body += followUpListHtml(m_text, lang, discussion->followUp,
                                     {"web.preform.follow_up", "web.preform.agreed_in", ""}) +
                    completionsHtml(m_text, lang, *catalogue, *done);
        body += "<dl>";
        for (const catalog::Question& q : section.questions) {
            const auto answer = discussion->answers.find(domain::answerKey(section.id, q.id));
            body += "<dt>" + htmlEscape(q.prompt.in(lang)) + "</dt><dd style=\"white-space:pre-wrap\">" +
                    (answer == discussion->answers.end() || answer->second.empty() ? "–" : htmlEscape(answer->second)) +
                    "</dd>";
        }
        body += "</dl>";
    }
    body += "<h2>" + t("web.preform.ratings") + "</h2><table id=\"ratings\">";
    for (const domain::CompetenceRating& r : discussion->ratings) {
        const catalog::Competence* c = catalogue->findCompetence(r.competenceId);
        body += "<tr><th scope=\"row\">" + htmlEscape(c != nullptr ? c->name.in(lang) : r.competenceId) +
                "</th><td class=\"n\">" + (r.value == 0 ? std::string("–") : std::to_string(r.value)) + "</td></tr>";
    }
    const auto priimaDone = priimaDoneOf(*done);
    body += "</table><h2>" + t("web.preform.goals") + "</h2><ul id=\"goals\">";
    for (const domain::LearningGoal& g : discussion->goals) {
        std::string methods;
        for (const std::string& id : g.methodIds) {
            const catalog::LearningMethod* m = catalogue->findMethod(id);
            methods += (methods.empty() ? "" : ", ") + htmlEscape(m != nullptr ? m->name.in(lang) : id);
        }
        body += "<li>" + htmlEscape(g.text) +
                (methods.empty() ? "" : " <span class=\"muted\">(" + methods + ")</span>") +
                priimaDoneHtml(m_text, lang, g.methodIds, priimaDone) + "</li>";
    }
    return page(visit, 200, p.name, body + "</ul>");
}

// [pin] ----------------------------------------------------------------------------------------

ApiResponse LeadersWeb::issuePin(Visit& visit) {
    const auto t = [&](const std::string& key) { return htmlEscape(m_text(visit.lang, key)); };
    const std::string staffNumber = parseForm(visit.request.body)["staff"];
    const auto subject = allowedSubject(visit, staffNumber, domain::mayIssuePinFor);
    if (!subject) return refused(visit);
    const domain::Person& p = subject->person;
    auto code = createPinSetupCode(m_storage, staffNumber);
    if (!code) return page(visit, 500, m_text(visit.lang, "web.error.server"), t("web.error.server"));
    auto unit = m_storage.unit(p.unitId);
    const std::string unitName = unit && unit->has_value() ? (*unit)->name : p.unitId;
    const std::string body =
        "<h1 class=\"noprint\">" + t("web.pin.title") + "</h1><p class=\"noprint\">" + t("web.pin.print") +
        "</p><section class=\"slip\" id=\"pin-slip\"><h2>" + htmlEscape(p.name) + " (" + htmlEscape(p.staffNumber) +
        ")</h2><p>" + htmlEscape(unitName) + "</p><p>" + t("web.pin.code") + "</p><p class=\"code\" id=\"pin-code\">" +
        htmlEscape(*code) + "</p><p>" + t("web.pin.instructions") + "</p></section>";
    return page(visit, 200, m_text(visit.lang, "web.pin.title"), body);
}

}  // namespace osm::server

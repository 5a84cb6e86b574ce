// A report's development discussion recorded by their supervisor on the leaders' web (GET|POST
// /leaders/record/<staff number>): the report's submitted pre-form shown above each field, the
// supervisor's notes, view of each competence and the agreed goals, stored as the kiosk's
// `agreement:<year>:<staff number>` record (a draft sealed with the server's key; submitted for
// the report to confirm; a change after that is a new version needing a new confirmation).
// Allowed by domain::mayRecordDiscussionOf, as on the kiosk.
#include "leaders/leaders_web.h"

#include "leaders/discussion_form.h"

#include "domain/annual_clock.h"
#include "domain/rights.h"
#include "hr/hr_html.h"
#include "storage/catalog_resolver.h"

#include "crypto/aead.h"
#include "crypto/secret_buffer.h"

namespace osm::server {

namespace {

// The report's submitted pre-form of the year, if any.
std::optional<ServerRecord> submittedPreForm(SyncStorage& storage, const std::string& staffNumber, int year) {
    auto owned = storage.recordsOwnedBy(staffNumber);
    if (!owned) return std::nullopt;
    std::optional<ServerRecord> found;
    for (const ServerRecord& r : *owned) {
        if (r.kind == sync::RecordKindWire::Development && r.year == year &&
            r.state == sync::RecordStateWire::Submitted)
            found = r;
    }
    return found;
}

// The report's Priima completions by method, for the mark beside the goals naming the courses,
// once the read is logged (docs/privacy.md, "Who read your records"); nullopt when the storage fails.
std::optional<std::map<std::string, std::string>> loggedPriimaDone(SyncStorage& storage, const std::string& staffNumber,
                                                                   const std::string& reader, std::int64_t now) {
    auto done = storage.completionsOf({staffNumber});
    if (!done) return std::nullopt;
    if (!done->empty() && !storage.logReads({{"completions:" + staffNumber, staffNumber, 0, reader, "web", now}}))
        return std::nullopt;
    return priimaDoneOf(*done);
}

}  // namespace

// The report's submitted pre-form of the year, shown beside the fields (only once the read log
// holds it), and the agreement it starts from. False: it could not be opened or logged.
bool LeadersWeb::loadPreFormToRecord(const Visit& visit, const std::string& staffNumber, int year,
                                     const catalog::FormTemplate& form, const catalog::Catalog& catalogue,
                                     domain::Agreement& base, std::optional<domain::DevelopmentDiscussion>& preForm) {
    auto record = submittedPreForm(m_storage, staffNumber, year);
    if (!record) return true;
    auto plain = openSealed(*record);
    auto content =
        plain ? domain::developmentDiscussionFromJson(*plain) : Result<domain::DevelopmentDiscussion>(plain.error());
    if (plain) crypto::wipe(*plain);
    const RecordRead read{record->id, record->owner,  record->version, visit.me.person.staffNumber,
                          "web",      m_options.now()};
    if (!content || !m_storage.logReads({read})) return false;
    preForm = std::move(*content);
    base = domain::newAgreement(staffNumber, record->id, record->version, *preForm, form, catalogue);
    return true;
}

ApiResponse LeadersWeb::recordDiscussion(Visit& visit, const std::string& staffNumber) {
    const auto t = [&](const std::string& key) { return htmlEscape(m_text(visit.lang, key)); };
    const auto subject = allowedSubject(visit, staffNumber, domain::mayRecordDiscussionOf);
    if (!subject) return refused(visit);
    const domain::Person& p = subject->person;
    const int year = domain::dateOfUnixSeconds(m_options.now()).year;
    auto catalogue = resolveCatalog(&m_storage, m_options.assetsDir, year);
    const catalog::FormTemplate* form = catalogue ? developmentFormFor(*catalogue, p) : nullptr;
    if (form == nullptr) return serverError(visit);
    domain::Agreement base{staffNumber, "", 0, domain::newDevelopmentDiscussion(*form, *catalogue)};
    base.discussion.year = year;
    std::optional<domain::DevelopmentDiscussion> preForm;
    if (!loadPreFormToRecord(visit, staffNumber, year, *form, *catalogue, base, preForm)) return serverError(visit);
    auto current = m_storage.record(domain::agreementRecordId(year, staffNumber));
    if (!current) return serverError(visit);
    const std::string title = m_text(visit.lang, "web.record.title", p.name);
    std::string body = "<h1>" + htmlEscape(title) + "</h1>";
    if (current->has_value() && ((*current)->owner != visit.me.person.staffNumber ||
                                 ((*current)->state == sync::RecordStateWire::Draft && !(*current)->sealedByServer)))
        return page(visit, 409, title, body + "<p id=\"record-elsewhere\">" + t("web.record.elsewhere") + "</p>");
    Edited edited{*current, ServerRecord{}, base.discussion, {}, {}};
    if (current->has_value()) {
        auto plain = openSealed(**current);
        auto agreement = plain ? domain::agreementFromJson(*plain) : Result<domain::Agreement>(plain.error());
        if (plain) crypto::wipe(*plain);
        if (!agreement) return serverError(visit);
        base = std::move(*agreement);
        edited.discussion = base.discussion;
    }
    edited.next.id = domain::agreementRecordId(year, staffNumber);
    edited.next.owner = visit.me.person.staffNumber;
    edited.next.unitId = p.unitId;
    edited.next.kind = sync::RecordKindWire::Agreement;
    edited.next.formId = form->id;
    edited.next.year = year;
    const catalog::Catalog& c = *catalogue;
    edited.content = [&base](const domain::DevelopmentDiscussion& d) {
        domain::Agreement a = base;
        a.discussion = d;
        return domain::toJson(a);
    };
    edited.check = [&base, &c](const domain::DevelopmentDiscussion& d) {
        domain::Agreement a = base;
        a.discussion = d;
        return domain::validate(a, c);
    };
    int status = 200;
    EditSave saved;
    if (visit.request.method == "POST") {
        auto result = saveEdited(visit, edited, *form, *catalogue);
        if (!result) return serverError(visit);
        if (wantsJson(visit.request)) return autosaveAnswer(*result, edited.record ? edited.record->version : 0);
        if (result->kind == EditSave::Kind::Malformed) return badForm(visit, result->problem);
        if (result->kind == EditSave::Kind::Stored) return seeOther("/leaders/record/" + staffNumber);
        saved = std::move(*result);
        status = saved.status;
    }
    if (saved.conflict) body += conflictNotice(visit);
    // Recorded for confirmation: a change is a new version needing a new confirmation, so it is
    // saved by a button only, never in the background.
    const bool recorded = edited.record && edited.record->state == sync::RecordStateWire::Submitted;
    if (recorded)
        body += "<p id=\"recorded\" role=\"status\">" +
                htmlEscape(m_text(visit.lang, "web.record.recorded", std::to_string(edited.record->version))) + "</p>";
    if (!preForm) body += "<p class=\"muted\">" + t("web.preform.none") + "</p>";
    auto priimaDone = loggedPriimaDone(m_storage, staffNumber, visit.me.person.staffNumber, m_options.now());
    if (!priimaDone) return serverError(visit);
    const domain::DevelopmentDiscussion noPreForm;
    DiscussionFormView view{"/leaders/record/" + staffNumber,
                            visit.session.session.csrf,
                            edited.record ? edited.record->version : 0,
                            saved.issues,
                            preForm ? &*preForm : &noPreForm,
                            "web.record.submit",
                            !recorded,
                            std::move(*priimaDone)};
    return page(visit, status, title,
                body + discussionFormHtml(m_text, visit.lang, *form, *catalogue, edited.discussion, view), !recorded);
}

}  // namespace osm::server

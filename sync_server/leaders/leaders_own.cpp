// The manager's own pre-form on the leaders' web (GET|POST /leaders/own): the manager form of the
// year's catalogue with the follow-up of the goals agreed in her latest earlier discussion. A
// draft is stored sealed with the server's storage key (decisions.md, "Drafts on the web"), as a
// `development` record like a kiosk's; each save names the version it was made from, so a save
// from a stale tab is refused with the text shown back, not stored over the newer one.
// Submitting passes domain::validate (the kiosk's checks) and the sync API's own rules.
// Sections: [records] [page] [save].
#include "leaders/leaders_web.h"

#include "leaders/discussion_form.h"

#include "domain/annual_clock.h"
#include "domain/rights.h"
#include "hr/hr_html.h"
#include "storage/catalog_resolver.h"

#include "crypto/aead.h"
#include "crypto/encoding.h"
#include "crypto/secret_buffer.h"

#include <charconv>

namespace osm::server {

// [records] ------------------------------------------------------------------------------------

Result<std::string> LeadersWeb::openSealed(const ServerRecord& record) const {
    return crypto::open(m_keys.storage, {record.id, record.owner, record.version}, record.payload);
}

// Checked by the sync API's rules, sealed with the storage key (bound to id, owner, version) and
// stored on top of `baseVersion`; Conflict when another save came first.
Result<PutOutcome> LeadersWeb::storeWritten(ServerRecord record, std::uint64_t baseVersion, const std::string& plain,
                                            const sync::RosterEntry& author, std::string& refusal) {
    const sync::RecordEnvelope envelope{record.id,    record.kind,
                                        record.owner, record.formId,
                                        record.year,  record.version,
                                        baseVersion,  record.state,
                                        {},           {},
                                        {},           {}};
    const bool submitted = record.state == sync::RecordStateWire::Submitted;
    if (auto problem = m_rules.writtenOnServerRefusal(envelope, author, submitted ? plain : std::string())) {
        refusal = problem->second;
        return makeError(ErrorCode::Refused, problem->second);
    }
    auto sealed = crypto::seal(m_keys.storage, {record.id, record.owner, record.version}, plain);
    if (!sealed) return sealed.error();
    record.payload = std::move(*sealed);
    record.contentHash = crypto::contentHash(record.payload);
    record.sealedByServer = !submitted;
    record.updatedAt = m_options.now();
    std::uint64_t serverVersion = 0;
    return m_storage.putRecord(record, baseVersion, serverVersion);
}

// The goals agreed in the person's latest discussion before `year` (three years back, as the
// person pull looks), unmarked, to follow up in the new pre-form.
std::vector<domain::GoalFollowUp> LeadersWeb::goalsToFollowUp(const std::string& staffNumber, int year) const {
    for (int earlier = year - 1; earlier >= year - 3; --earlier) {
        auto r = m_storage.record(domain::agreementRecordId(earlier, staffNumber));
        if (!r || !r->has_value() || (*r)->state != sync::RecordStateWire::Submitted) continue;
        auto plain = openSealed(**r);
        if (!plain) continue;
        auto agreement = domain::agreementFromJson(*plain);
        crypto::wipe(*plain);
        if (agreement) return domain::followUpOf(agreement->discussion);
    }
    return {};
}

// [page] ---------------------------------------------------------------------------------------

// The person's own pre-form of the year as the server has it: none yet, a web draft (opened), a
// draft from a terminal (sealed by its author: not opened here), or submitted.
LeadersWeb::OwnPreForm LeadersWeb::ownPreForm(const Visit& visit, const catalog::Catalog& catalogue, int year) {
    OwnPreForm own;
    const domain::Person& me = visit.me.person;
    auto owned = m_storage.recordsOwnedBy(me.staffNumber);
    if (!owned) return own;
    for (const ServerRecord& r : *owned) {
        if (r.kind == sync::RecordKindWire::Development && r.year == year) own.record = r;
    }
    own.loaded = true;
    const catalog::FormTemplate* form = developmentFormFor(catalogue, me);
    if (form == nullptr) {
        own.loaded = false;
        return own;
    }
    own.form = form;
    if (!own.record) {
        own.discussion = domain::newDevelopmentDiscussion(*form, catalogue);
        own.discussion.year = year;
        own.discussion.followUp = goalsToFollowUp(me.staffNumber, year);
        return own;
    }
    if (own.record->state == sync::RecordStateWire::Draft && own.record->sealedByServer) {
        auto plain = openSealed(*own.record);
        auto discussion = plain ? domain::developmentDiscussionFromJson(*plain)
                                : Result<domain::DevelopmentDiscussion>(plain.error());
        if (plain) crypto::wipe(*plain);
        if (!discussion) {
            own.loaded = false;
            return own;
        }
        own.discussion = std::move(*discussion);
    }
    return own;
}

ApiResponse LeadersWeb::ownPage(Visit& visit, int status, const OwnPreForm& own, const catalog::Catalog& catalogue,
                                const std::vector<domain::ValidationIssue>& issues, const std::string& notice) {
    const auto t = [&](const std::string& key) { return htmlEscape(m_text(visit.lang, key)); };
    const std::string title = m_text(visit.lang, "web.own.title", std::to_string(own.discussion.year));
    std::string body = "<h1>" + htmlEscape(title) + "</h1>" + notice;
    if (own.record && own.record->state == sync::RecordStateWire::Submitted)
        return page(visit, status, title, body + "<p id=\"own-submitted\">" + t("web.own.submitted") + "</p>");
    if (own.record && !own.record->sealedByServer)
        return page(visit, status, title, body + "<p id=\"own-at-terminal\">" + t("web.own.at_terminal") + "</p>");
    body += "<p class=\"muted\">" + t("web.own.intro") + "</p>";
    DiscussionFormView view{"/leaders/own",
                            visit.session.session.csrf,
                            own.record ? own.record->version : 0,
                            issues,
                            nullptr,
                            "web.own.submit",
                            true,
                            {}};
    body += discussionFormHtml(m_text, visit.lang, *own.form, catalogue, own.discussion, view);
    return page(visit, status, title, body, true);
}

ApiResponse LeadersWeb::ownForm(Visit& visit) {
    const int year = domain::dateOfUnixSeconds(m_options.now()).year;
    auto catalogue = resolveCatalog(&m_storage, m_options.assetsDir, year);
    if (!catalogue) return serverError(visit);
    OwnPreForm own = ownPreForm(visit, *catalogue, year);
    if (!own.loaded) return serverError(visit);
    const bool saved = visit.request.query.count("saved") != 0;
    const std::string notice = saved ? "<p class=\"ok\" id=\"saved\" role=\"status\">" +
                                           htmlEscape(m_text(visit.lang, "web.own.saved")) + "</p>"
                                     : std::string();
    return ownPage(visit, 200, own, *catalogue, {}, notice);
}

// [save] ---------------------------------------------------------------------------------------

// Reads the posted form into `edited` and stores it as its next version: a draft, or with
// action=submit and nothing missing, submitted. Nothing is stored for a malformed form, a text
// over its limit, or a page made from another version than the server's (a conflict).
Result<LeadersWeb::EditSave> LeadersWeb::saveEdited(const Visit& visit, Edited& edited,
                                                    const catalog::FormTemplate& form,
                                                    const catalog::Catalog& catalogue) {
    const auto fields = parseForm(visit.request.body);
    const auto posted = fields.find("version");
    const std::string action = fields.count("action") != 0 ? fields.at("action") : std::string("save");
    std::uint64_t version = 0;
    const std::string versionText = posted == fields.end() ? std::string() : posted->second;
    const auto [end, error] = std::from_chars(versionText.data(), versionText.data() + versionText.size(), version);
    if (error != std::errc() || end != versionText.data() + versionText.size() ||
        (action != "save" && action != "submit"))
        return EditSave{EditSave::Kind::Malformed, 400, {}, false, "field version or action: not one of ours"};
    std::vector<domain::ValidationIssue> tooLong;
    if (auto read = readDiscussionForm(fields, form, catalogue, edited.discussion, tooLong); !read)
        return EditSave{EditSave::Kind::Malformed, 400, {}, false, read.error().message};
    if (!tooLong.empty()) return EditSave{EditSave::Kind::Show, 400, tooLong, false, {}};
    const std::uint64_t current = edited.record ? edited.record->version : 0;
    // Another tab saved first: nothing stored; the text sent is shown back to save again on top.
    if (version != current) return EditSave{EditSave::Kind::Show, 409, {}, true, {}};
    auto issues = action == "submit" ? edited.check(edited.discussion) : std::vector<domain::ValidationIssue>();
    ServerRecord record = edited.next;
    if (edited.record) record.id = edited.record->id;
    record.version = current + 1;
    record.state =
        action == "submit" && issues.empty() ? sync::RecordStateWire::Submitted : sync::RecordStateWire::Draft;
    std::string plain = edited.content(edited.discussion);
    std::string refusal;
    auto stored = storeWritten(record, current, plain, visit.me, refusal);
    crypto::wipe(plain);
    if (!stored && !refusal.empty()) return EditSave{EditSave::Kind::Malformed, 400, {}, false, refusal};
    if (!stored) return stored.error();
    if (*stored == PutOutcome::Conflict) {
        // Saved elsewhere between our read and our write: kept beside as a conflict copy, and
        // shown back on top of what the server now has.
        auto now = m_storage.record(record.id);
        if (!now) return now.error();
        edited.record = *now;
        return EditSave{EditSave::Kind::Show, 409, {}, true, {}};
    }
    record.sealedByServer = record.state == sync::RecordStateWire::Draft;
    edited.record = record;
    // Kept as a draft (nothing typed is lost), with what is missing beside each field.
    if (!issues.empty()) return EditSave{EditSave::Kind::Show, 400, issues, false, {}};
    return EditSave{EditSave::Kind::Stored, 303, {}, false, {}};
}

std::string LeadersWeb::conflictNotice(const Visit& visit) const {
    return "<p class=\"error\" id=\"conflict\" role=\"alert\">" + htmlEscape(m_text(visit.lang, "web.own.conflict")) +
           "</p>";
}

ApiResponse LeadersWeb::saveOwnForm(Visit& visit) {
    const int year = domain::dateOfUnixSeconds(m_options.now()).year;
    auto catalogue = resolveCatalog(&m_storage, m_options.assetsDir, year);
    if (!catalogue) return serverError(visit);
    OwnPreForm own = ownPreForm(visit, *catalogue, year);
    if (!own.loaded) return serverError(visit);
    // Submitted, or being written at a terminal: nothing to save here.
    if (own.record && (own.record->state == sync::RecordStateWire::Submitted || !own.record->sealedByServer)) {
        if (wantsJson(visit.request)) return autosaveAnswer({EditSave::Kind::Show, 409, {}, true, {}}, 0);
        return ownPage(visit, 409, own, *catalogue, {}, {});
    }
    ServerRecord next;
    next.id = "w-" + crypto::toHex(crypto::randomBytes(12));
    next.owner = visit.me.person.staffNumber;
    next.unitId = visit.me.person.unitId;
    next.kind = sync::RecordKindWire::Development;
    next.formId = own.discussion.formId;
    next.year = year;
    const catalog::Catalog& c = *catalogue;
    Edited edited{own.record, next, own.discussion,
                  [](const domain::DevelopmentDiscussion& d) { return domain::toJson(d); },
                  [&c](const domain::DevelopmentDiscussion& d) { return domain::validate(d, c); }};
    auto saved = saveEdited(visit, edited, *own.form, *catalogue);
    if (!saved) return serverError(visit);
    if (wantsJson(visit.request)) return autosaveAnswer(*saved, edited.record ? edited.record->version : 0);
    if (saved->kind == EditSave::Kind::Malformed) return badForm(visit, saved->problem);
    if (saved->kind == EditSave::Kind::Stored) return seeOther("/leaders/own?saved=1");
    own.record = edited.record;
    own.discussion = std::move(edited.discussion);
    return ownPage(visit, saved->status, own, *catalogue, saved->issues,
                   saved->conflict ? conflictNotice(visit) : std::string());
}

}  // namespace osm::server

// The rules a pushed record must meet before it is stored: who may write it (its kind, id and
// the roster), which catalogue form it may be on, and what its submitted content must say.
// Part of SyncService (api/sync_service.h); the wire messages are read in api/sync_service.cpp.
#include "api/sync_service.h"

#include "domain/discussion.h"
#include "domain/rights.h"
#include "storage/catalog_resolver.h"

#include <map>
#include <set>

namespace osm::server {

using sync::Refusal;

// Who may write a record, from its kind, its id and the roster, before any content is opened.
std::optional<std::string> SyncService::writeRefusal(const sync::RecordEnvelope& e, const sync::RosterEntry& owner) {
    using Kind = sync::RecordKindWire;
    const auto id = domain::parseStructuredId(e.id);
    if (e.kind == Kind::Development || e.kind == Kind::Group) {
        if (id) return "that id is reserved for another kind of record";
        if (e.id.find(':') != std::string::npos) return "a development or group record's id may not contain ':'";
        return std::nullopt;
    }
    if (!id || id->kind != sync::kindName(e.kind) || id->year != e.year) {
        return std::string("an ") + sync::kindName(e.kind) +
               " record needs the id its kind prescribes (see docs/protocol.md)";
    }
    switch (e.kind) {
    case Kind::Agreement: {
        auto employee = m_storage.person(id->subject);
        if (!employee || !employee->has_value() || !domain::mayRecordDiscussionOf(owner.person, (*employee)->person)) {
            return "only the employee's own manager records their discussion";
        }
        return std::nullopt;
    }
    case Kind::Confirmation:
        if (id->subject != owner.person.staffNumber) return "only the employee confirms their own agreed goals";
        if (e.state != sync::RecordStateWire::Submitted) return "a confirmation is submitted, never a draft";
        return std::nullopt;
    case Kind::UnitSummary:
        if (!owner.person.isPrincipalOrDirector() || owner.person.unitId != id->subject) {
            return "only the unit's principal or daycare director writes its summary";
        }
        return std::nullopt;
    default: return std::nullopt;
    }
}

std::optional<std::pair<Refusal, std::string>> SyncService::writtenOnServerRefusal(const sync::RecordEnvelope& e,
                                                                                   const sync::RosterEntry& owner,
                                                                                   const std::string& plain) {
    if (auto why = writeRefusal(e, owner)) return std::make_pair(Refusal::Forbidden, *why);
    CatalogMemo memo;
    if (auto problem = formRefusal(e, owner, memo)) return problem;
    if (plain.empty()) return std::nullopt;
    return contentRefusal(e, plain, memo, &owner);
}

// Checks a submission's content, opened from its box: of the stated kind, about what its id
// says, and for a confirmation, of the agreement's current version exactly as it stands.
namespace {

// The first thing the content names that its form does not have, from the catalogue's own
// checks on submit (what is merely missing is the kiosk's to ask for, not refused here).
template <typename Content>
std::optional<std::pair<Refusal, std::string>> unknownInForm(const Content& content,
                                                             const catalog::Catalog* catalogue) {
    if (catalogue == nullptr) return std::nullopt;  // nothing published to check against (docs/protocol.md)
    static const std::set<std::string> kNotInForm = {"validation.unknown_form",        "validation.unknown_question",
                                                     "validation.unknown_competence",  "validation.unknown_method",
                                                     "validation.rating_out_of_scale", "validation.unknown_group_kind"};
    // The follow-up of earlier goals (or a group's priorities) is not in the catalogue: its rules are the protocol's own.
    static const std::map<std::string, std::string> kFollowUp = {
        {"validation.unknown_mark", "must be achieved, partly or not_yet"},
        {"validation.follow_up_not_earlier", "must be a year before the discussion's"},
        {"validation.too_many_follow_ups", "may list at most " + std::to_string(domain::kMaxFollowUps) + " items"}};
    for (const domain::ValidationIssue& issue : domain::validate(content, *catalogue)) {
        if (const auto rule = kFollowUp.find(issue.messageKey); rule != kFollowUp.end())
            return std::make_pair(Refusal::BadRequest, "the content's " + issue.field + " " + rule->second);
        if (!kNotInForm.contains(issue.messageKey)) continue;
        const std::string what = issue.messageKey.substr(issue.messageKey.find('.') + 1);
        return std::make_pair(Refusal::BadRequest,
                              "the content's " + issue.field + " is not in the form (" + what + "; see the catalogue)");
    }
    return std::nullopt;
}

}  // namespace

// A cross-unit group's discussion: written on the web (a terminal files what it records under its
// unit), by a member of the group of the author's own service area, with members as participants.
std::optional<std::pair<Refusal, std::string>> SyncService::crossUnitRefusal(const domain::GroupDiscussion& d,
                                                                             const sync::RosterEntry* webAuthor) {
    if (d.serviceAreaId.empty()) {
        // A terminal's push of a cross-unit group's kind without the service area would file the
        // group's discussion under the terminal's unit: refused as one naming the area is.
        if (webAuthor == nullptr && domain::leaderGroupOfKind(d.groupKind))
            return std::make_pair(Refusal::Forbidden,
                                  "a cross-unit group discussion (" + d.groupKind +
                                      ") is recorded on the leaders' web, not at a unit's terminal");
        if (webAuthor == nullptr) return std::nullopt;
        return std::make_pair(Refusal::BadRequest,
                              std::string("the content's service_area is missing: the leaders' web records only "
                                          "cross-unit group discussions"));
    }
    if (webAuthor == nullptr)
        return std::make_pair(Refusal::Forbidden,
                              std::string("a cross-unit group discussion (service_area) is "
                                          "recorded on the leaders' web, not at a unit's terminal"));
    const auto group = domain::leaderGroupOfKind(d.groupKind);
    if (!group)
        return std::make_pair(Refusal::BadRequest, std::string("the content's group_kind is not a cross-unit group's"));
    if (d.recordedBy != webAuthor->person.staffNumber ||
        !domain::mayRecordGroupOf(webAuthor->person, *group, d.serviceAreaId))
        return std::make_pair(Refusal::Forbidden, std::string("only a member of the group records its discussion"));
    for (std::size_t i = 0; i < d.participants.size(); ++i) {
        auto person = m_storage.person(d.participants[i]);
        if (!person) return std::make_pair(Refusal::Internal, std::string("storage failed"));
        if (!person->has_value() || !domain::mayTakePartInGroupOf((*person)->person, *group, d.serviceAreaId))
            return std::make_pair(Refusal::Forbidden,
                                  "the content's participants[" + std::to_string(i) + "] is not a member of the group");
    }
    return std::nullopt;
}

std::optional<std::pair<Refusal, std::string>> SyncService::contentRefusal(const sync::RecordEnvelope& e,
                                                                           const std::string& plain, CatalogMemo& memo,
                                                                           const sync::RosterEntry* webAuthor) {
    using Kind = sync::RecordKindWire;
    auto wrongKind =
        std::make_pair(Refusal::BadRequest, std::string("the submitted content is not a record of that kind"));
    auto otherForm = std::make_pair(Refusal::BadRequest,
                                    std::string("the submitted content is on another form or year than the record"));
    const auto id = domain::parseStructuredId(e.id);
    switch (e.kind) {
    case Kind::Development: {
        auto discussion = domain::developmentDiscussionFromJson(plain);
        if (!discussion) return wrongKind;
        if (discussion->formId != e.formId || discussion->year != e.year) return otherForm;
        return unknownInForm(*discussion, catalogFor(e.year, memo).get());
    }
    case Kind::Group: {
        auto discussion = domain::groupDiscussionFromJson(plain);
        if (!discussion) return wrongKind;
        if (discussion->formId != e.formId || discussion->year != e.year) return otherForm;
        if (auto refusal = crossUnitRefusal(*discussion, webAuthor)) return refusal;
        return unknownInForm(*discussion, catalogFor(e.year, memo).get());
    }
    case Kind::Agreement: {
        auto agreement = domain::agreementFromJson(plain);
        if (!agreement) return wrongKind;
        if (agreement->employee != id->subject || agreement->discussion.year != e.year ||
            agreement->discussion.formId != e.formId) {
            return std::make_pair(Refusal::BadRequest,
                                  std::string("the agreement is about another employee, year or form than its record"));
        }
        return unknownInForm(agreement->discussion, catalogFor(e.year, memo).get());
    }
    case Kind::UnitSummary: {
        auto summary = domain::unitSummaryFromJson(plain);
        if (!summary) return wrongKind;
        if (summary->unitId != id->subject || summary->year != e.year) {
            return std::make_pair(Refusal::BadRequest,
                                  std::string("the summary is about another unit or year than its id"));
        }
        return unknownInForm(*summary, catalogFor(e.year, memo).get());
    }
    case Kind::Confirmation: {
        auto confirmation = domain::confirmationFromJson(plain);
        if (!confirmation) return wrongKind;
        if (confirmation->agreementId != domain::agreementRecordId(e.year, e.owner) ||
            confirmation->agreementVersion != id->version) {
            return std::make_pair(Refusal::BadRequest,
                                  std::string("the confirmation names another agreement than its id"));
        }
        auto agreement = m_storage.record(confirmation->agreementId);
        if (!agreement) return std::make_pair(Refusal::Internal, std::string("storage failed"));
        const bool current = agreement->has_value() && (*agreement)->state == sync::RecordStateWire::Submitted &&
                             (*agreement)->version == confirmation->agreementVersion;
        if (!current)
            return std::make_pair(Refusal::Forbidden,
                                  std::string("that version of the agreement is not the current one"));
        auto shown = openSubmitted(**agreement);
        const bool same = shown && crypto::contentHash(*shown) == confirmation->agreementHash;
        if (shown) crypto::wipe(*shown);
        if (!same)
            return std::make_pair(Refusal::Forbidden,
                                  std::string("the agreement confirmed is not the one on the server"));
        return std::nullopt;
    }
    }
    return wrongKind;
}

std::shared_ptr<const catalog::Catalog> SyncService::catalogFor(int year, CatalogMemo& memo) {
    if (const auto known = memo.find(year); known != memo.end()) return known->second;
    std::shared_ptr<const catalog::Catalog> found;
    if (auto published = publishedCatalogFor(m_storage, year)) {
        const std::string hash = crypto::contentHash(published->json);
        std::lock_guard lock(m_catalogMutex);
        auto& cached = m_parsedCatalogs[hash];
        if (!cached) {
            if (auto parsed = catalog::parseCatalog(published->json, "catalog " + std::to_string(published->year))) {
                cached = std::make_shared<const catalog::Catalog>(std::move(*parsed));
            }
        }
        found = cached;
    }
    memo[year] = found;
    return found;
}

std::optional<std::pair<Refusal, std::string>> SyncService::formRefusal(const sync::RecordEnvelope& e,
                                                                        const sync::RosterEntry& owner,
                                                                        CatalogMemo& memo) {
    using Kind = sync::RecordKindWire;
    if (e.kind != Kind::Development && e.kind != Kind::Group && e.kind != Kind::Agreement) return std::nullopt;
    // An agreement is recorded on the employee's development form (writeRefusal checked the id).
    const sync::RosterEntry* subject = &owner;
    std::optional<sync::RosterEntry> employee;
    if (e.kind == Kind::Agreement) {
        const auto id = domain::parseStructuredId(e.id);
        auto found = id ? m_storage.person(id->subject) : Result<std::optional<sync::RosterEntry>>(std::nullopt);
        if (!found || !found->has_value()) return std::nullopt;
        employee = std::move(**found);
        subject = &*employee;
    }
    const auto catalogue = catalogFor(e.year, memo);
    if (!catalogue) return std::nullopt;  // nothing published to check against (docs/protocol.md)
    const catalog::FormTemplate* form = catalogue->findForm(e.formId);
    if (form == nullptr) {
        return std::make_pair(Refusal::BadRequest,
                              "form \"" + e.formId + "\" is not in the catalogue for " + std::to_string(e.year));
    }
    if (e.kind == Kind::Group) {
        if (form->kind != catalog::FormKind::GroupDiscussion) {
            return std::make_pair(Refusal::BadRequest,
                                  "a group record needs a group-discussion form, not \"" + e.formId + "\"");
        }
        return std::nullopt;
    }
    if (form->kind != catalog::FormKind::DevelopmentDiscussion) {
        return std::make_pair(
            Refusal::BadRequest,
            "a development record or agreement needs a development-discussion form, not \"" + e.formId + "\"");
    }
    const std::string audience = subject->person.isManager() ? "manager" : "staff";
    if (form->audience != audience) {
        return std::make_pair(Refusal::Forbidden, "form \"" + e.formId + "\" is for " + form->audience + ", and " +
                                                      subject->person.staffNumber + "'s discussion is on the " +
                                                      audience + " form");
    }
    return std::nullopt;
}

}  // namespace osm::server

// Cross-unit group discussions on the leaders' web: the principals' and daycare directors' team
// and the service area's management group record their group competence discussion (GET|POST
// /leaders/group/new?kind=<group kind>, then GET|POST /leaders/group/<record id>), read by its
// participants and the service area's director. Stored as a `group` record filed under no unit
// (unit_id "", the content naming the service area: decisions.md, "Cross-unit group
// discussions"), a draft sealed with the server's key and the recorder's alone, a submission
// checked by the sync API's rules. Who may do what: domain/rights.h, asked on every request.
// Sections: [members] [home] [pages] [save].
#include "leaders/leaders_web.h"

#include "leaders/discussion_form.h"
#include "leaders/group_form.h"

#include "domain/annual_clock.h"
#include "domain/rights.h"
#include "hr/hr_html.h"
#include "storage/catalog_resolver.h"

#include "crypto/encoding.h"
#include "crypto/secret_buffer.h"

#include <charconv>

namespace osm::server {

struct LeadersWeb::GroupPage {
    std::optional<ServerRecord> record;  // none yet for a new one
    catalog::Catalog catalogue;
    const catalog::FormTemplate* form = nullptr;
    const catalog::GroupKind* kind = nullptr;
    domain::LeaderGroup group = domain::LeaderGroup::PrincipalsAndDirectors;
    domain::GroupDiscussion discussion;
    std::vector<GroupMember> members;  // whom the form offers as participants
    std::vector<int> years;            // a new one's years to choose from
};

// [members] ------------------------------------------------------------------------------------

namespace {

const catalog::FormTemplate* groupFormOf(const catalog::Catalog& catalogue) {
    for (const catalog::FormTemplate& form : catalogue.forms) {
        if (form.kind == catalog::FormKind::GroupDiscussion) return &form;
    }
    return nullptr;
}

const catalog::GroupKind* kindOf(const catalog::FormTemplate& form, const std::string& id) {
    for (const catalog::GroupKind& kind : form.groupKinds) {
        if (kind.id == id) return &kind;
    }
    return nullptr;
}

// The people `keep` selects, as the participant list shows them (their unit's or service area's
// name beside them), by place and name; nullopt when the roster could not be read.
std::optional<std::vector<GroupMember>> rosterPeople(SyncStorage& storage,
                                                     const std::function<bool(const domain::Person&)>& keep) {
    auto people = storage.people();
    auto units = storage.units();
    auto areas = storage.serviceAreas();
    if (!people || !units || !areas) return std::nullopt;
    std::map<std::string, std::string> places;
    for (const domain::ServiceArea& a : *areas) places[a.id] = a.name;
    for (const domain::Unit& u : *units) places[u.id] = u.name;
    std::vector<GroupMember> out;
    for (const sync::RosterEntry& e : *people) {
        const domain::Person& p = e.person;
        if (keep(p))
            out.push_back({p.staffNumber, p.name, p.title, places[p.unitId.empty() ? p.serviceAreaId : p.unitId]});
    }
    std::stable_sort(out.begin(), out.end(), [](const GroupMember& a, const GroupMember& b) {
        return std::tie(a.place, a.name) < std::tie(b.place, b.name);
    });
    return out;
}

template <typename Number>
bool isNumberIn(const std::string& text, Number& out) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

// [home] ---------------------------------------------------------------------------------------

// The cross-unit group discussions the person may start, continue (their own drafts) or read;
// empty when there are none (someone in no such group of their service area).
std::string LeadersWeb::groupSectionHtml(const Visit& visit, int year) {
    const auto t = [&](const std::string& key, const std::string& arg = {}) {
        return htmlEscape(m_text(visit.lang, key, arg));
    };
    const domain::Person& me = visit.me.person;
    const std::string& area = me.serviceAreaId;
    auto catalogue = resolveCatalog(&m_storage, m_options.assetsDir, year);
    const catalog::FormTemplate* form = catalogue ? groupFormOf(*catalogue) : nullptr;
    if (area.empty() || form == nullptr) return {};
    std::string starts;
    for (const catalog::GroupKind& kind : form->groupKinds) {
        const auto group = domain::leaderGroupOfKind(kind.id);
        if (group && domain::mayRecordGroupOf(me, *group, area))
            starts += "<li><a href=\"/leaders/group/new?kind=" + htmlEscape(kind.id) + "\">" +
                      t("web.group.start", kind.name.in(visit.lang)) + "</a></li>";
    }
    // Her own drafts, and the area's submitted ones she may read.
    auto owned = m_storage.recordsOwnedBy(me.staffNumber);
    auto submitted = m_storage.submittedGroupOfUnit(RecordStorage::kCrossUnit);
    if (!owned || !submitted) return {};
    for (const ServerRecord& r : *owned) {
        if (r.kind == sync::RecordKindWire::Group && r.unitId.empty() && r.state == sync::RecordStateWire::Draft &&
            r.sealedByServer)
            submitted->push_back(r);
    }
    std::string items;
    for (const ServerRecord& r : *submitted) {
        auto plain = openSealed(r);
        auto d = plain ? domain::groupDiscussionFromJson(*plain) : Result<domain::GroupDiscussion>(plain.error());
        if (plain) crypto::wipe(*plain);
        const auto group = d ? domain::leaderGroupOfKind(d->groupKind) : std::nullopt;
        if (!group || d->serviceAreaId != area) continue;
        const bool draft = r.state == sync::RecordStateWire::Draft;
        if (!draft && !domain::mayReadCrossUnitGroupDiscussion(me, *group, area, d->recordedBy, d->participants))
            continue;
        auto recorder = m_storage.person(d->recordedBy);
        const std::string name =
            recorder && recorder->has_value() ? (*recorder)->person.name : std::string(d->recordedBy);
        const catalog::GroupKind* kind = kindOf(*form, d->groupKind);
        items +=
            "<li><a href=\"/leaders/group/" + htmlEscape(r.id) + "\">" +
            htmlEscape((kind != nullptr ? kind->name.in(visit.lang) : d->groupKind) + " " + std::to_string(r.year)) +
            "</a> – " + (draft ? t("web.group.draft") : t("web.group.recorded_by", name)) + "</li>";
    }
    if (starts.empty() && items.empty()) return {};
    return "<h2>" + t("web.group.section") + "</h2>" +
           (items.empty() ? "<p class=\"muted\">" + t("web.group.none") + "</p>"
                          : "<ul id=\"group-discussions\">" + items + "</ul>") +
           (starts.empty() ? std::string() : "<ul id=\"group-start\">" + starts + "</ul>");
}

// [pages] --------------------------------------------------------------------------------------

ApiResponse LeadersWeb::groupDiscussion(Visit& visit, const std::string& id) {
    if (id == "new") return newGroupDiscussion(visit);
    const domain::Person& me = visit.me.person;
    // Anything not ours to see answers the same 403, whether it exists or not.
    if (id.size() > 64 || id.find_first_of(":/") != std::string::npos) return refused(visit);
    auto stored = m_storage.record(id);
    if (!stored) return serverError(visit);
    if (!stored->has_value() || (*stored)->kind != sync::RecordKindWire::Group || !(*stored)->unitId.empty())
        return refused(visit);
    GroupPage p;
    p.record = **stored;
    const bool draft = p.record->state == sync::RecordStateWire::Draft;
    if (draft && (p.record->owner != me.staffNumber || !p.record->sealedByServer)) return refused(visit);
    auto plain = openSealed(*p.record);
    auto content = plain ? domain::groupDiscussionFromJson(*plain) : Result<domain::GroupDiscussion>(plain.error());
    if (plain) crypto::wipe(*plain);
    if (!content) return serverError(visit);
    p.discussion = std::move(*content);
    const auto group = domain::leaderGroupOfKind(p.discussion.groupKind);
    if (!group) return refused(visit);
    p.group = *group;
    const std::string& area = p.discussion.serviceAreaId;
    const bool allowed = draft ? domain::mayRecordGroupOf(me, p.group, area)
                               : domain::mayReadCrossUnitGroupDiscussion(me, p.group, area, p.discussion.recordedBy,
                                                                         p.discussion.participants);
    if (!allowed) return refused(visit);
    auto catalogue = resolveCatalog(&m_storage, m_options.assetsDir, p.record->year);
    if (!catalogue) return serverError(visit);
    p.catalogue = std::move(*catalogue);
    p.form = p.catalogue.findForm(p.record->formId);
    p.kind = p.form != nullptr ? kindOf(*p.form, p.discussion.groupKind) : nullptr;
    if (p.kind == nullptr) return serverError(visit);
    if (!draft) return readGroupDiscussion(visit, p);
    auto members = rosterPeople(
        m_storage, [&](const domain::Person& x) { return domain::mayTakePartInGroupOf(x, p.group, area); });
    if (!members) return serverError(visit);
    p.members = std::move(*members);
    if (visit.request.method == "POST") return saveGroupDiscussion(visit, p);
    const bool saved = visit.request.query.count("saved") != 0;
    return groupPage(visit, 200, p, {},
                     saved ? "<p class=\"ok\" id=\"saved\" role=\"status\">" +
                                 htmlEscape(m_text(visit.lang, "web.own.saved")) + "</p>"
                           : std::string());
}

ApiResponse LeadersWeb::newGroupDiscussion(Visit& visit) {
    const domain::Person& me = visit.me.person;
    const bool post = visit.request.method == "POST";
    const auto fields = post ? parseForm(visit.request.body) : std::map<std::string, std::string>{};
    const auto field = [&](const std::string& name) {
        const auto& from = post ? fields : visit.request.query;
        const auto it = from.find(name);
        return it == from.end() ? std::string() : it->second;
    };
    const auto group = domain::leaderGroupOfKind(field("kind"));
    if (!group || !domain::mayRecordGroupOf(me, *group, me.serviceAreaId)) return refused(visit);
    GroupPage p;
    p.group = *group;
    const int thisYear = domain::dateOfUnixSeconds(m_options.now()).year;
    p.years = {thisYear, thisYear - 1};  // a late discussion of last year may still be recorded
    int year = thisYear;
    if (post && (!isNumberIn(field("year"), year) || (year != p.years[0] && year != p.years[1])))
        return badForm(visit, "field year: not one of the years offered");
    auto catalogue = resolveCatalog(&m_storage, m_options.assetsDir, year);
    if (!catalogue) return serverError(visit);
    p.catalogue = std::move(*catalogue);
    p.form = groupFormOf(p.catalogue);
    p.kind = p.form != nullptr ? kindOf(*p.form, field("kind")) : nullptr;
    if (p.kind == nullptr) return serverError(visit);
    p.discussion = domain::newGroupDiscussion(*p.form, year, p.kind->id, "");
    p.discussion.serviceAreaId = me.serviceAreaId;
    p.discussion.recordedBy = me.staffNumber;
    p.discussion.participants = {me.staffNumber};
    if (!takePreviousPriorities(visit, p)) return serverError(visit);
    auto members = rosterPeople(
        m_storage, [&](const domain::Person& x) { return domain::mayTakePartInGroupOf(x, p.group, me.serviceAreaId); });
    if (!members) return serverError(visit);
    p.members = std::move(*members);
    return post ? saveGroupDiscussion(visit, p) : groupPage(visit, 200, p, {}, {});
}

ApiResponse LeadersWeb::groupPage(Visit& visit, int status, const GroupPage& p,
                                  const std::vector<domain::ValidationIssue>& issues, const std::string& notice) {
    const std::string title =
        m_text(visit.lang, "web.group.title", p.kind->name.in(visit.lang) + " " + std::to_string(p.discussion.year));
    std::string body = "<h1>" + htmlEscape(title) + "</h1>" + notice + "<p class=\"muted\">" +
                       htmlEscape(m_text(visit.lang, "web.group.intro")) + "</p>";
    GroupFormView view{p.record ? "/leaders/group/" + p.record->id : std::string("/leaders/group/new"),
                       visit.session.session.csrf,
                       p.record ? p.record->version : 0,
                       issues,
                       p.members,
                       p.record ? std::vector<int>{} : p.years};
    return page(visit, status, title, body + groupFormHtml(m_text, visit.lang, *p.form, *p.kind, p.discussion, view));
}

// A submitted discussion to one who may read it: shown once the read log holds the delivery
// (channel `web`, as every read on these pages), the recorder's own reading not counted.
ApiResponse LeadersWeb::readGroupDiscussion(Visit& visit, GroupPage& p) {
    const domain::Person& me = visit.me.person;
    const ServerRecord& r = *p.record;
    if (visit.request.method == "POST") return refused(visit);  // submitted: nothing more to save
    if (r.owner != me.staffNumber &&
        !m_storage.logReads({RecordRead{r.id, r.owner, r.version, me.staffNumber, "web", m_options.now()}}))
        return serverError(visit);
    const std::vector<std::string>& who = p.discussion.participants;
    auto people = rosterPeople(m_storage, [&](const domain::Person& x) {
        return x.staffNumber == p.discussion.recordedBy ||
               std::find(who.begin(), who.end(), x.staffNumber) != who.end();
    });
    if (!people) return serverError(visit);
    const auto recorder = std::find_if(people->begin(), people->end(),
                                       [&](const GroupMember& m) { return m.staffNumber == p.discussion.recordedBy; });
    const std::string title =
        m_text(visit.lang, "web.group.title", p.kind->name.in(visit.lang) + " " + std::to_string(p.discussion.year));
    const std::string body = "<h1>" + htmlEscape(title) + "</h1><p id=\"group-submitted\">" +
                             htmlEscape(m_text(visit.lang, "web.group.submitted",
                                               recorder == people->end() ? p.discussion.recordedBy : recorder->name)) +
                             "</p>" + groupDiscussionHtml(m_text, visit.lang, *p.form, *p.kind, p.discussion, *people);
    return page(visit, 200, title, body);
}

// [save] ---------------------------------------------------------------------------------------

bool LeadersWeb::takePreviousPriorities(const Visit& visit, GroupPage& p) {
    const domain::Person& me = visit.me.person;
    auto submitted = m_storage.submittedGroupOfUnit(RecordStorage::kCrossUnit);
    if (!submitted) return false;
    std::optional<std::pair<ServerRecord, domain::GroupDiscussion>> previous;
    for (const ServerRecord& r : *submitted) {
        if (r.year >= p.discussion.year ||
            (previous && std::tie(r.year, r.updatedAt) <= std::tie(previous->first.year, previous->first.updatedAt)))
            continue;
        auto plain = openSealed(r);
        auto d = plain ? domain::groupDiscussionFromJson(*plain) : Result<domain::GroupDiscussion>(plain.error());
        if (plain) crypto::wipe(*plain);
        if (!d || d->groupKind != p.discussion.groupKind || d->serviceAreaId != p.discussion.serviceAreaId ||
            !domain::mayReadCrossUnitGroupDiscussion(me, p.group, d->serviceAreaId, d->recordedBy, d->participants))
            continue;
        previous.emplace(r, std::move(*d));
    }
    if (!previous) return true;
    const ServerRecord& r = previous->first;
    if (r.owner != me.staffNumber &&
        !m_storage.logReads({RecordRead{r.id, r.owner, r.version, me.staffNumber, "web", m_options.now()}}))
        return false;
    p.discussion.followUp = domain::followUpOf(previous->second);
    return true;
}

// Stores the posted form as the discussion's next version: a draft, or with action=submit and
// nothing missing, submitted. Nothing is stored for a malformed form (a field the form has not, a
// participant from outside the group), a text over its limit, or a page made from another
// version than the server's (409, the text sent shown back to save again on top).
ApiResponse LeadersWeb::saveGroupDiscussion(Visit& visit, GroupPage& p) {
    const auto fields = parseForm(visit.request.body);
    const std::string action = fields.count("action") != 0 ? fields.at("action") : std::string("save");
    std::uint64_t version = 0;
    if (!isNumberIn(fields.count("version") != 0 ? fields.at("version") : std::string(), version) ||
        (action != "save" && action != "submit"))
        return badForm(visit, "field version or action: not one of ours");
    std::vector<domain::ValidationIssue> tooLong;
    if (auto read = readGroupForm(fields, *p.form, *p.kind, p.members, p.discussion, tooLong); !read)
        return badForm(visit, read.error().message);
    if (!tooLong.empty()) return groupPage(visit, 400, p, tooLong, {});
    const std::uint64_t current = p.record ? p.record->version : 0;
    if (version != current) return groupPage(visit, 409, p, {}, conflictNotice(visit));
    const auto issues =
        action == "submit" ? domain::validate(p.discussion, p.catalogue) : std::vector<domain::ValidationIssue>();
    ServerRecord next;
    next.id = p.record ? p.record->id : "w-" + crypto::toHex(crypto::randomBytes(12));
    next.owner = visit.me.person.staffNumber;
    next.kind = sync::RecordKindWire::Group;  // unit_id "": filed under no unit
    next.formId = p.form->id;
    next.year = p.discussion.year;
    next.version = current + 1;
    next.state = action == "submit" && issues.empty() ? sync::RecordStateWire::Submitted : sync::RecordStateWire::Draft;
    std::string plain = domain::toJson(p.discussion);
    std::string refusal;
    auto stored = storeWritten(next, current, plain, visit.me, refusal);
    crypto::wipe(plain);
    if (!stored && !refusal.empty()) return badForm(visit, refusal);
    if (!stored) return serverError(visit);
    if (*stored == PutOutcome::Conflict) {
        auto now = m_storage.record(next.id);
        if (!now) return serverError(visit);
        p.record = *now;
        return groupPage(visit, 409, p, {}, conflictNotice(visit));
    }
    next.sealedByServer = next.state == sync::RecordStateWire::Draft;
    p.record = next;
    if (!issues.empty()) return groupPage(visit, 400, p, issues, {});  // kept as a draft, nothing typed lost
    return seeOther("/leaders/group/" + next.id + (next.state == sync::RecordStateWire::Draft ? "?saved=1" : ""));
}

}  // namespace osm::server

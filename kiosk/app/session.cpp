// Looking up and wiping what a session holds.
#include "session.h"

#include "record_sealing.h"

#include <algorithm>

namespace osm::kiosk {

const char* reportStageKey(ReportStage stage) {
    switch (stage) {
    case ReportStage::NotStarted: return "team.stage.not_started";
    case ReportStage::Draft: return "team.stage.draft";
    case ReportStage::Submitted: return "team.stage.submitted";
    case ReportStage::Discussed: return "team.stage.discussed";
    case ReportStage::Agreed: return "team.stage.agreed";
    }
    return "team.stage.not_started";
}

namespace {

// The record with that id in a session's records (const or not), or nullptr.
template <typename Records>
auto* findIn(Records& records, const std::string& id) {
    auto it = std::find_if(records.begin(), records.end(), [&](const RecordView& r) { return r.id == id; });
    return it == records.end() ? nullptr : &*it;
}

}  // namespace

RecordView* findRecord(Session& session, const std::string& id) { return findIn(session.records, id); }

const TeamRecord* latestAgreementBefore(const Session& session, int year) {
    const TeamRecord* latest = nullptr;
    for (const TeamRecord& r : session.team) {
        if (r.kind != RecordKind::Agreement || r.subject != session.person.staffNumber || r.year >= year) continue;
        if (latest == nullptr || r.year > latest->year) latest = &r;
    }
    return latest;
}

const TeamRecord* latestGroupDiscussionBefore(const Session& session, const domain::GroupDiscussion& current) {
    const std::string& me = session.person.staffNumber;
    auto tookPart = [](const domain::GroupDiscussion& g, const std::string& who) {
        return g.recordedBy == who ||
               std::find(g.participants.begin(), g.participants.end(), who) != g.participants.end();
    };
    auto shared = [&](const domain::GroupDiscussion& g) {
        return std::count_if(current.participants.begin(), current.participants.end(),
                             [&](const std::string& who) { return tookPart(g, who); });
    };
    const TeamRecord* latest = nullptr;
    for (const TeamRecord& r : session.team) {
        const domain::GroupDiscussion& g = r.group;
        if (r.kind != RecordKind::Group || g.unitId != current.unitId || g.groupKind != current.groupKind ||
            r.year >= current.year || !tookPart(g, me))
            continue;
        if (latest == nullptr || r.year > latest->year || (r.year == latest->year && shared(g) > shared(latest->group)))
            latest = &r;
    }
    return latest;
}

const RecordView* findRecord(const Session& session, const std::string& id) { return findIn(session.records, id); }

namespace {

RecordView viewOf(const StoredRecord& row, const crypto::SecretBuffer& key) {
    RecordView view;
    view.id = row.id;
    view.kind = row.kind;
    view.formId = row.formId;
    view.year = row.year;
    view.version = row.version;
    view.state = row.state;
    view.updatedAt = row.updatedAt;
    view.onServer = row.syncedVersion == row.version;
    view.conflict = row.conflict;
    view.unreadable = !openSealedRow(row, key, view);
    return view;
}

}  // namespace

std::vector<RecordView> loadRecordViews(KioskStore& store, const crypto::SecretBuffer& key, const std::string& owner) {
    std::vector<RecordView> views;
    auto rows = store.recordsOf(owner);
    if (!rows) return views;
    for (const StoredRecord& row : *rows) {
        RecordView view = viewOf(row, key);
        if (row.conflict) {
            if (auto theirs = store.incoming(row.id); theirs && theirs->has_value()) {
                const RecordView other = viewOf(**theirs, key);
                if (!other.unreadable) view.theirs = std::make_shared<RecordView>(other);
            }
        }
        views.push_back(std::move(view));
    }
    return views;
}

void wipeSession(Session& session) {
    for (TeamRecord& record : session.team) wipeContent(record);
    for (RecordView& record : session.records) wipeContent(record);
}

std::vector<const sync::Completion*> completionsOf(const Session& session, const std::string& staffNumber) {
    std::vector<const sync::Completion*> out;
    for (const sync::Completion& c : session.completions) {
        if (c.staffNumber == staffNumber) out.push_back(&c);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->date < b->date; });
    return out;
}

const sync::Completion* priimaCompletionOf(const Session& session, const std::string& staffNumber,
                                           const std::vector<std::string>& methodIds) {
    const sync::Completion* latest = nullptr;
    for (const sync::Completion* c : completionsOf(session, staffNumber)) {
        if (c->source != "priima") continue;
        if (std::find(methodIds.begin(), methodIds.end(), "priima." + c->course) != methodIds.end()) latest = c;
    }
    return latest;
}

}  // namespace osm::kiosk

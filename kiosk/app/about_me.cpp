// Merges four sources that name the same records by id: the session's own records, the shared
// records about the person, the server's list of the person's records, and the server's reads.
#include "about_me.h"

#include "domain/discussion.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace osm::kiosk {
namespace {

const char* kindKey(RecordKind kind) {
    switch (kind) {
    case RecordKind::Development: return "my_data.kind.development";
    case RecordKind::Group: return "my_data.kind.group";
    case RecordKind::Agreement: return "my_data.kind.agreement";
    case RecordKind::Confirmation: return "my_data.kind.confirmation";
    case RecordKind::UnitSummary: return "my_data.kind.unit_summary";
    }
    return "my_data.kind.other";
}

std::string nameIn(const Session& session, const std::string& staffNumber) {
    for (const domain::Person& p : session.unitPeople) {
        if (p.staffNumber == staffNumber) return p.name;
    }
    return staffNumber;
}

MyDataRecord ownRecord(const RecordView& r) {
    MyDataRecord out;
    out.id = r.id;
    out.kindKey = kindKey(r.kind);
    out.year = r.year;
    out.state = r.state == RecordState::Draft ? MyDataState::Draft : MyDataState::Submitted;
    out.version = r.version;
    out.savedAt = r.updatedAt;
    out.onThisTerminal = true;
    out.server = r.onServer ? ServerCopy::Holds : ServerCopy::NotYet;
    return out;
}

// One of the person's records the server holds and this terminal does not (written elsewhere).
MyDataRecord recordOnServer(const sync::OwnRecordListing& r) {
    MyDataRecord out;
    out.id = r.id;
    out.kindKey = kindKey(r.kind);
    out.year = r.year;
    out.state = r.state == sync::RecordStateWire::Draft ? MyDataState::Draft : MyDataState::Submitted;
    out.version = r.version;
    out.savedAt = r.savedAt;
    out.server = ServerCopy::Holds;
    return out;
}

// A record the server named in its reads but this terminal does not hold.
MyDataRecord recordFromReads(const std::string& id) {
    MyDataRecord out;
    out.id = id;
    out.kindKey = "my_data.kind.other";
    out.server = ServerCopy::Holds;
    if (const auto parsed = domain::parseStructuredId(id)) {
        if (parsed->kind == "agreement") out.kindKey = kindKey(RecordKind::Agreement);
        if (parsed->kind == "confirmation") out.kindKey = kindKey(RecordKind::Confirmation);
        out.year = parsed->year;
    }
    return out;
}

}  // namespace

MyDataView buildMyData(const Session& session, const std::string& unitName) {
    MyDataView view;
    const domain::Person& me = session.person;
    view.name = me.name;
    view.staffNumber = me.staffNumber;
    view.title = me.title;
    view.unitName = unitName;
    if (!me.managerStaffNumber.empty()) view.manager = nameIn(session, me.managerStaffNumber);
    view.fromServer = session.pulled;

    for (const RecordView& r : session.records) view.records.push_back(ownRecord(r));
    // The agreements about the person that the server sent (recorded by their manager).
    for (const TeamRecord& t : session.team) {
        const auto id = domain::parseStructuredId(t.id);
        if (t.kind != RecordKind::Agreement || !id || id->subject != me.staffNumber) continue;
        MyDataRecord about;
        about.id = t.id;
        about.kindKey = kindKey(t.kind);
        about.year = t.year;
        about.state = MyDataState::Submitted;
        about.version = t.version;
        about.server = ServerCopy::Holds;
        about.author = nameIn(session, t.owner);
        view.records.push_back(std::move(about));
    }
    auto find = [&](const std::string& id) {
        return std::find_if(view.records.begin(), view.records.end(),
                            [&](const MyDataRecord& r) { return r.id == id; });
    };
    // What the server holds of the person's own: a record written at another terminal is listed
    // from there; one this terminal holds is on the server once the server has its version.
    for (const sync::OwnRecordListing& r : session.onServer) {
        const auto it = find(r.id);
        if (it == view.records.end()) {
            view.records.push_back(recordOnServer(r));
        } else if (r.version >= it->version) {
            it->server = ServerCopy::Holds;
        }
    }
    for (const sync::RecordReads& read : session.reads) {
        auto it = find(read.record);
        if (it == view.records.end()) {
            view.records.push_back(recordFromReads(read.record));
            it = std::prev(view.records.end());
        }
        const std::string reader = read.readerName.empty() ? read.reader : read.readerName;
        it->reads.push_back({reader, read.channel == "web" ? std::string() : read.channel, read.version, read.firstAt,
                             read.lastAt, read.count});
    }
    // Oldest year first; those whose year is not known here last.
    const auto yearOrder = [](const MyDataRecord& r) { return r.year == 0 ? INT32_MAX : r.year; };
    std::stable_sort(view.records.begin(), view.records.end(),
                     [&](const MyDataRecord& a, const MyDataRecord& b) { return yearOrder(a) < yearOrder(b); });
    return view;
}

}  // namespace osm::kiosk

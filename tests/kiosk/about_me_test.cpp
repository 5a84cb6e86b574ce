// "Tiedot minusta": what the person sees about themselves, from this terminal's records, the
// agreement about them the server sent, and the server's read log; built as the view shows it
// and reached from the home screen of a logged-in person only.
#include "kiosk_fixture.h"

#include "about_me.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::kiosk;
using osm::test::KioskFixture;

namespace {

RecordView ownRecord(const std::string& id, RecordState state, std::uint64_t version, bool onServer) {
    RecordView r;
    r.id = id;
    r.year = 2026;
    r.state = state;
    r.version = version;
    r.updatedAt = 1'770'000'500;
    r.onServer = onServer;
    return r;
}

Session ainosSession() {
    Session s;
    s.person = domain::Person{"1001", "Aino Virtanen", "Lastentarhanopettaja", "pk_tahtitaivas", "", "", {}, "1005"};
    s.unitPeople = {s.person, domain::Person{"1005", "Helena Laine", "", "pk_tahtitaivas", "", "", {}, ""}};
    s.records = {ownRecord("r-pre", RecordState::Received, 3, true), ownRecord("r-new", RecordState::Draft, 1, false)};
    TeamRecord agreement;
    agreement.id = "agreement:2026:1001";
    agreement.owner = "1005";
    agreement.kind = RecordKind::Agreement;
    agreement.year = 2026;
    agreement.version = 2;
    TeamRecord someoneElses = agreement;  // a manager's pull also brings reports' agreements
    someoneElses.id = "agreement:2026:1002";
    s.team = {agreement, someoneElses};
    s.reads = {{"r-pre", 3, "1005", "Helena Laine", "k-1", 100, 400, 3},
               {"r-pre", 3, "1005", "Helena Laine", "web", 500, 500, 1},
               {"agreement:2025:1001", 1, "3001", "", "k-2", 50, 50, 1}};
    s.pulled = true;
    return s;
}

}  // namespace

TEST_CASE("my data lists the roster entry, the records here and about me, and who read which version when") {
    const MyDataView view = buildMyData(ainosSession(), "Päiväkoti Tähtitaivas");
    CHECK(view.name == "Aino Virtanen");
    CHECK(view.staffNumber == "1001");
    CHECK(view.title == "Lastentarhanopettaja");
    CHECK(view.unitName == "Päiväkoti Tähtitaivas");
    CHECK(view.manager == "Helena Laine");
    CHECK(view.fromServer);
    REQUIRE(view.records.size() == 4);

    // The year the server's read named comes first; this terminal's and the sent records follow.
    const MyDataRecord& old = view.records[0];
    CHECK(old.id == "agreement:2025:1001");
    CHECK(old.kindKey == std::string("my_data.kind.agreement"));
    CHECK(old.year == 2025);
    CHECK_FALSE(old.onThisTerminal);
    CHECK(old.server == ServerCopy::Holds);
    REQUIRE(old.reads.size() == 1);
    CHECK(old.reads[0].reader == "3001");  // not on this terminal's roster: the staff number

    const MyDataRecord& pre = view.records[1];
    CHECK(pre.id == "r-pre");
    CHECK(pre.kindKey == std::string("my_data.kind.development"));
    CHECK(pre.state == MyDataState::Submitted);
    CHECK(pre.version == 3);
    CHECK(pre.savedAt == 1'770'000'500);
    CHECK(pre.onThisTerminal);
    CHECK(pre.server == ServerCopy::Holds);
    REQUIRE(pre.reads.size() == 2);
    CHECK(pre.reads[0].reader == "Helena Laine");
    CHECK(pre.reads[0].channel == "k-1");
    CHECK(pre.reads[0].version == 3);
    CHECK(pre.reads[0].firstAt == 100);
    CHECK(pre.reads[0].lastAt == 400);
    CHECK(pre.reads[0].count == 3);
    CHECK(pre.reads[1].channel.empty());  // the leaders' web page

    const MyDataRecord& draft = view.records[2];
    CHECK(draft.state == MyDataState::Draft);
    CHECK(draft.server == ServerCopy::NotYet);
    CHECK(draft.reads.empty());

    const MyDataRecord& about = view.records[3];
    CHECK(about.id == "agreement:2026:1001");
    CHECK(about.author == "Helena Laine");
    CHECK(about.version == 2);
    CHECK_FALSE(about.onThisTerminal);
    // The agreement about Mikko, which a manager's session would hold, is not Aino's.
    for (const MyDataRecord& r : view.records) CHECK(r.id != "agreement:2026:1002");
}

TEST_CASE("my data lists the records the server holds of the person's, also those written elsewhere") {
    Session s = ainosSession();
    s.reads.clear();
    s.team.clear();
    // The server holds the pre-form at version 3 (as here), an older version of the new draft,
    // and a group discussion Aino recorded at the office terminal, which this terminal lacks.
    s.onServer = {{"r-pre", RecordKind::Development, "f", 2026, 3, sync::RecordStateWire::Submitted, 10},
                  {"r-new", RecordKind::Development, "f", 2026, 1, sync::RecordStateWire::Draft, 20},
                  {"g-office", RecordKind::Group, "g", 2025, 2, sync::RecordStateWire::Submitted, 30}};
    s.records[0].onServer = false;  // the acknowledgement has not reached this terminal yet
    s.records[1].version = 2;       // edited again here since the server took version 1
    const MyDataView view = buildMyData(s, "");
    REQUIRE(view.records.size() == 3);
    const MyDataRecord& group = view.records[0];  // 2025 first
    CHECK(group.id == "g-office");
    CHECK(group.kindKey == std::string("my_data.kind.group"));
    CHECK(group.state == MyDataState::Submitted);
    CHECK(group.version == 2);
    CHECK(group.savedAt == 30);
    CHECK_FALSE(group.onThisTerminal);
    CHECK(group.server == ServerCopy::Holds);
    CHECK(view.records[1].id == "r-pre");
    CHECK(view.records[1].server == ServerCopy::Holds);  // the server has this version
    CHECK(view.records[1].savedAt == 1'770'000'500);     // this terminal's knowledge stays
    CHECK(view.records[2].id == "r-new");
    CHECK(view.records[2].server == ServerCopy::NotYet);  // the server's copy is older
}

TEST_CASE("without the server's answer, my data says so and shows only this terminal's records") {
    Session s = ainosSession();
    s.pulled = false;
    s.reads.clear();
    s.team.clear();
    const MyDataView view = buildMyData(s, "");
    CHECK_FALSE(view.fromServer);
    REQUIRE(view.records.size() == 2);
    CHECK(view.records[0].onThisTerminal);
    CHECK(view.records[1].onThisTerminal);
}

TEST_CASE_FIXTURE(KioskFixture, "the person's pull brings the reads; my data opens from home and closes at logout") {
    app->openMyData();
    CHECK(app->screen() == Screen::Start);  // nobody logged in
    REQUIRE(login("1001", "482915"));
    CHECK_FALSE(app->myData().fromServer);
    SyncReport pull;
    pull.reachable = true;
    pull.sharedFor = "1001";
    pull.reads = {{"r-x", 2, "1005", "Helena Laine", "k-9", 10, 10, 1}};
    app->applySyncReport(pull);
    app->settle();
    app->openMyData();
    CHECK(app->screen() == Screen::MyData);
    CHECK(std::string(screenName(app->screen())) == "my_data");
    const MyDataView view = app->myData();
    CHECK(view.fromServer);
    CHECK(view.manager == "Helena Laine");
    REQUIRE(view.records.size() == 1);
    CHECK(view.records[0].reads[0].reader == "Helena Laine");
    app->editing().backToHome();
    CHECK(app->screen() == Screen::Home);
    app->logout(false);
    app->settle();
    CHECK(app->myData().records.empty());
    CHECK(app->myData().name.empty());
}

// The read log end to end (docs/privacy.md, "Who read your records"): the real server on loopback
// and kiosks of the real client code. Helena's person pull hands her Aino's submitted pre-form,
// which the server logs; Aino's next pull shows her who read which version, where and when, and
// so do her "Tiedot minusta" and her subject-access export. A colleague's pull and Aino's own
// pulls of her own records log nothing. Her pull also lists her own records wherever they were
// written ("own_records"), without their content.
#include "sync_server/sync_harness.h"

#include "domain/discussion.h"
#include "hr/hr_html.h"
#include "ops/subject_access.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace osm;
using namespace osm::test;

namespace {

// Aino's submitted pre-form as the server holds it.
server::ServerRecord submittedPreFormOf(server::SyncStorage& storage, const std::string& owner) {
    auto owned = storage.recordsOwnedBy(owner);
    REQUIRE(owned.ok());
    for (const server::ServerRecord& r : *owned) {
        if (r.kind == kiosk::RecordKind::Development && r.state == sync::RecordStateWire::Submitted) return r;
    }
    FAIL("no submitted pre-form of " << owner);
    return {};
}

std::int64_t logRows(ServerHarness& server) { return server.storage().readCount().value(); }

// The person signs in at `k`, their pull is made, and they sign out.
kiosk::SyncReport signedInPull(KioskHarness& k, const std::string& who, const std::string& pin) {
    REQUIRE(k.login(who, pin));
    kiosk::SyncReport report = k.pullFor(who);
    k.app->logout();
    return report;
}

}  // namespace

TEST_CASE_FIXTURE(UnitTerminals, "a manager's read of a pre-form reaches its author's pull, her view and her export") {
    submitPreForm(staff, "1001", "482915", "ENNAKKO-READ-1");
    const server::ServerRecord preForm = submittedPreFormOf(server.storage(), "1001");
    CHECK(logRows(server) == 0);

    // A colleague's pull is handed nothing of Aino's, and logs nothing.
    REQUIRE(staff.login("1002", "735104"));
    const kiosk::SyncReport colleague = staff.pullFor("1002");
    REQUIRE(colleague.refusal.empty());
    CHECK(colleague.shared.empty());
    CHECK(colleague.reads.empty());
    staff.app->logout();
    CHECK(logRows(server) == 0);

    // Helena reads Aino's pre-form at the office terminal.
    REQUIRE(office.login("1005", "318406"));
    const std::int64_t before = unixNow();
    const kiosk::SyncReport manager = office.pullFor("1005");
    const std::int64_t after = unixNow();
    REQUIRE(manager.refusal.empty());
    REQUIRE(office.app->teamRecordOf("1001", kiosk::RecordKind::Development) != nullptr);
    office.app->logout();
    CHECK(logRows(server) == 1);

    // Aino's pull says who read which version, through which terminal, when.
    REQUIRE(staff.login("1001", "482915"));
    const kiosk::SyncReport mine = staff.pullFor("1001");
    REQUIRE(mine.refusal.empty());
    REQUIRE(mine.reads.size() == 1);
    const sync::RecordReads& read = mine.reads[0];
    CHECK(read.record == preForm.id);
    CHECK(read.version == preForm.version);
    CHECK(read.reader == "1005");
    CHECK(read.readerName == "Helena Laine");
    CHECK(read.channel == office.store().device()->deviceId);
    CHECK(read.firstAt >= before);
    CHECK(read.firstAt <= after);
    CHECK(read.lastAt == read.firstAt);
    CHECK(read.count == 1);
    CHECK(logRows(server) == 1);  // her own pull handed her nothing of anyone else's

    // "Tiedot minusta" at the terminal lists the read under her pre-form.
    staff.app->openMyData();
    REQUIRE(staff.app->screen() == kiosk::Screen::MyData);
    const kiosk::MyDataView view = staff.app->myData();
    CHECK(view.fromServer);
    const auto shown = std::find_if(view.records.begin(), view.records.end(),
                                    [&](const kiosk::MyDataRecord& r) { return r.id == preForm.id; });
    REQUIRE(shown != view.records.end());
    REQUIRE(shown->reads.size() == 1);
    CHECK(shown->reads[0].reader == "Helena Laine");
    CHECK(shown->reads[0].version == preForm.version);
    staff.app->logout();

    // Her subject-access export lists the read; Mikko's lists none.
    auto text =
        server::subjectAccessExport(server.storage(), server.keys(), assetsDir(), {"1001", catalog::Lang::En, 0});
    REQUIRE(text.ok());
    const std::string line = "  - v" + std::to_string(preForm.version) + " Helena Laine (1005), terminal " +
                             read.channel + ": " + server::formatLocalTime(read.firstAt);
    CHECK_MESSAGE(text->find(line) != std::string::npos, *text);
    auto his =
        server::subjectAccessExport(server.storage(), server.keys(), assetsDir(), {"1002", catalog::Lang::En, 0});
    REQUIRE(his.ok());
    CHECK(his->find("- Read:") == std::string::npos);
}

TEST_CASE_FIXTURE(UnitTerminals, "every pull that hands the pre-form over is logged, taken together per terminal") {
    submitPreForm(staff, "1001", "482915", "ENNAKKO-READ-2");
    REQUIRE(office.login("1005", "318406"));
    office.pullFor("1005");
    office.pullFor("1005");
    office.app->logout();
    signedInPull(staff, "1005", "318406");
    CHECK(logRows(server) == 3);

    const kiosk::SyncReport mine = signedInPull(staff, "1001", "482915");
    REQUIRE(mine.reads.size() == 2);  // one line per terminal
    std::int64_t total = 0;
    for (const sync::RecordReads& r : mine.reads) total += r.count;
    CHECK(total == 3);
    CHECK(mine.reads[0].channel != mine.reads[1].channel);
}

TEST_CASE_FIXTURE(UnitTerminals,
                  "an author's own record is not logged; the person receiving the agreement about her is") {
    submitPreForm(staff, "1001", "482915", "ENNAKKO-READ-3");
    REQUIRE(office.login("1005", "318406"));
    office.pullFor("1005");
    office.app->openAgreement("1001");
    recordDiscussion(office, "MUISTIO-READ-3", 3);
    office.app->logout();
    REQUIRE(office.sync().stored >= 1);
    CHECK(logRows(server) == 1);  // the pre-form

    // Helena's next pull hands her the agreement she wrote (not logged) and the pre-form again.
    signedInPull(office, "1005", "318406");
    CHECK(logRows(server) == 2);

    // Aino's pull hands her the agreement about her: logged, with her as the reader.
    const kiosk::SyncReport mine = signedInPull(staff, "1001", "482915");
    CHECK(logRows(server) == 3);
    const std::string agreement = domain::agreementRecordId(2026, "1001");
    auto received = [&](const sync::RecordReads& r) { return r.record == agreement && r.reader == "1001"; };
    CHECK(std::count_if(mine.reads.begin(), mine.reads.end(), received) == 1);
    // Helena, who wrote it, sees that Aino received it; it is about Aino, so Aino sees it too.
    const auto helenas = server.storage().readsAbout("1005").value();
    REQUIRE(helenas.size() == 1);
    CHECK(helenas[0].recordId == agreement);
    CHECK(helenas[0].reader == "1001");
}

TEST_CASE_FIXTURE(UnitTerminals, "her pre-form submitted at another terminal is listed at this one, without content") {
    submitPreForm(staff, "1001", "482915", "ENNAKKO-ELSEWHERE-1");
    const server::ServerRecord preForm = submittedPreFormOf(server.storage(), "1001");

    // At the office terminal, which never held it, her pull lists it: kind, year, version, state.
    REQUIRE(office.login("1001", "482915"));
    const kiosk::SyncReport mine = office.pullFor("1001");
    REQUIRE(mine.refusal.empty());
    const auto listed = std::find_if(mine.ownRecords.begin(), mine.ownRecords.end(),
                                     [&](const sync::OwnRecordListing& r) { return r.id == preForm.id; });
    REQUIRE(listed != mine.ownRecords.end());
    CHECK(listed->kind == kiosk::RecordKind::Development);
    CHECK(listed->state == sync::RecordStateWire::Submitted);
    CHECK(listed->version == preForm.version);
    CHECK(listed->year == preForm.year);
    CHECK(listed->savedAt == preForm.updatedAt);
    // Listed, not brought: its text stays on the terminal where it was written.
    for (const kiosk::RecordView& r : office.app->session()->records) CHECK(r.id != preForm.id);
    office.app->openMyData();
    const kiosk::MyDataView view = office.app->myData();
    const auto shown = std::find_if(view.records.begin(), view.records.end(),
                                    [&](const kiosk::MyDataRecord& r) { return r.id == preForm.id; });
    REQUIRE(shown != view.records.end());
    CHECK_FALSE(shown->onThisTerminal);
    CHECK(shown->server == kiosk::ServerCopy::Holds);
    CHECK(shown->state == kiosk::MyDataState::Submitted);
    CHECK(shown->version == preForm.version);
    office.app->logout();
    CHECK(logRows(server) == 0);  // a listing hands over no content, so it is no read

    // A colleague's pull lists only his own records, none of hers.
    REQUIRE(staff.login("1002", "735104"));
    const kiosk::SyncReport his = staff.pullFor("1002");
    staff.app->logout();
    for (const sync::OwnRecordListing& r : his.ownRecords) CHECK(r.id != preForm.id);
}

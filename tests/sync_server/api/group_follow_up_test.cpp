// A team's group discussion follows up the team's previous one, end to end on the real server
// (issue 15): Mikko records the team's 2025 discussion with Aino; in the 2027 group year Aino, at
// another terminal of the unit, records the team's discussion, sees the 2025 priorities, marks
// them and submits; the daycare director reads the marks. Leila, who was not there, and a person
// of another unit get nothing of the 2025 discussion, and the delivery to Aino is in the read log.
#include "sync_server/sync_harness.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace osm;
using namespace osm::test;

namespace {

// The person records the group discussion due at `k` (the team's, in a group year) with these
// participants, every theme written and `priorities` as the development priorities; `marks` are
// given to the priorities followed up, in order (each with a comment); submits and syncs.
void recordTeamDiscussion(KioskHarness& k, const std::string& who, const std::string& pin,
                          const std::vector<std::string>& others, const std::string& priorities,
                          const std::vector<std::string>& marks = {}) {
    REQUIRE(k.login(who, pin));
    k.pullFor(who);
    const auto cards = k.app->dueCards();
    REQUIRE(cards.size() == 1);
    REQUIRE(cards.front().groupKind == "team");
    k.app->editing().openCard(cards.front());
    REQUIRE(k.app->screen() == kiosk::Screen::GroupForm);
    for (const std::string& other : others) k.app->editing().toggleParticipant(other);
    REQUIRE(k.app->editor().group.followUp.size() == marks.size());
    for (std::size_t i = 0; i < marks.size(); ++i) {
        k.app->editing().setFollowUpMark(i, marks[i]);
        k.app->editing().setFollowUpComment(i, "SEURANTA-" + std::to_string(i));
    }
    for (const catalog::Section& s : k.app->editorForm()->sections)
        k.app->editing().setAnswer(domain::answerKey(s.id, s.questions[0].id), "Keskusteltiin: " + s.id);
    k.app->editing().setAnswer(std::string(domain::kGroupPrioritiesAnswer), priorities);
    k.app->editing().submitRecord();
    k.app->settle();
    REQUIRE(k.app->screen() == kiosk::Screen::Home);
    k.app->logout();
    k.app->settle();
    REQUIRE(k.sync().stored == 1);
}

// The group discussions a person pull handed over, by id.
std::vector<std::string> groupIdsIn(const kiosk::SyncReport& pull) {
    std::vector<std::string> ids;
    for (const sync::RecordEnvelope& e : pull.shared) {
        if (e.kind == sync::RecordKindWire::Group) ids.push_back(e.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::string groupRecordIdOf(KioskHarness& k, const std::string& owner, int year) {
    auto rows = k.store().recordsOf(owner);
    REQUIRE(rows.ok());
    for (const kiosk::StoredRecord& r : *rows) {
        if (r.kind == kiosk::RecordKind::Group && r.year == year) return r.id;
    }
    FAIL("no group discussion of " << owner << " in " << year);
    return {};
}

}  // namespace

TEST_CASE_FIXTURE(UnitTerminals, "the team's 2027 discussion follows up the 2025 one its recorder took part in") {
    server.setPin("1003", "246810");
    server.setPin("2001", "135790");
    kiosk::HttpTransport schoolHttp;
    KioskHarness school{schoolHttp};
    REQUIRE(school.enrol(server.url(), server.enrolmentCode("kirkonkylan_koulu")).ok());
    REQUIRE(office.sync().reachable);
    REQUIRE(staff.sync().reachable);
    REQUIRE(school.sync().reachable);

    // 2025, a group year: Mikko records his and Aino's team's discussion at the office terminal;
    // Leila her own team's, without Aino.
    office.clock.setDate({2025, 2, 10});
    recordTeamDiscussion(office, "1002", "735104", {"1001"}, "- METSÄPEDAGOGIIKKA-2025\n- KIRJAAMINEN-2025");
    const std::string mikkos = groupRecordIdOf(office, "1002", 2025);
    recordTeamDiscussion(office, "1003", "246810", {"1004"}, "LEILAN-TIIMI-2025");
    const std::string leilas = groupRecordIdOf(office, "1003", 2025);

    // 2027: Aino records the team's discussion at the break-room terminal, which never held 2025's.
    staff.clock.setDate({2027, 2, 10});
    REQUIRE(staff.login("1001", "482915"));
    CHECK(groupIdsIn(staff.pullFor("1001")) == std::vector<std::string>{mikkos});
    staff.app->logout();
    staff.app->settle();
    recordTeamDiscussion(staff, "1001", "482915", {"1002"}, "- UUSI-2027", {"achieved", "partly"});
    const std::string ainos = groupRecordIdOf(staff, "1001", 2027);

    // The delivery to Aino is in the read log, with the terminal as the channel.
    auto reads = server.storage().readsAbout("1002");
    REQUIRE(reads.ok());
    const auto toAino = std::find_if(reads->begin(), reads->end(), [&](const server::ReadSummary& r) {
        return r.recordId == mikkos && r.reader == "1001";
    });
    REQUIRE(toAino != reads->end());
    CHECK(toAino->channel == staff.store().device()->deviceId);

    // Helena, the daycare director, reads the marks with the 2027 discussion.
    office.clock.setDate({2027, 2, 20});
    REQUIRE(office.login("1005", "318406"));
    office.pullFor("1005");
    const kiosk::TeamRecord* read = office.app->teamRecordOf("1001", kiosk::RecordKind::Group);
    REQUIRE(read != nullptr);
    CHECK(read->id == ainos);
    const auto& followUp = read->group.followUp;
    REQUIRE(followUp.size() == 2);
    CHECK(followUp[0].text == "METSÄPEDAGOGIIKKA-2025");
    CHECK(followUp[0].year == 2025);
    CHECK(followUp[0].mark == "achieved");
    CHECK(followUp[1].text == "KIRJAAMINEN-2025");
    CHECK(followUp[1].mark == "partly");
    CHECK(followUp[1].comment == "SEURANTA-1");
    office.app->logout();
    office.app->settle();

    // Leila, of the unit but not there in 2025, gets only her own team's; Mikko, who was, gets his.
    REQUIRE(office.login("1003", "246810"));
    CHECK(groupIdsIn(office.pullFor("1003")) == std::vector<std::string>{leilas});
    // Nor can she ask for Aino's pull with her own key: the server refuses it and sends nothing.
    const kiosk::SyncReport asAino = office.engine->pullForPerson("1001", *office.app->session()->personKey, unixNow());
    CHECK(asAino.refusal == "bad_signature");
    CHECK(asAino.shared.empty());
    office.app->logout();
    office.app->settle();
    REQUIRE(office.login("1002", "735104"));
    CHECK(groupIdsIn(office.pullFor("1002")) == std::vector<std::string>{mikkos});
    office.app->logout();
    office.app->settle();
    // A teacher of another unit gets nothing of the daycare's.
    REQUIRE(school.login("2001", "135790"));
    CHECK(groupIdsIn(school.pullFor("2001")).empty());
}

// The team's group discussion follows up the team's previous one (issue 15): in a group year a
// team member recording the discussion gets, from her person pull, the latest earlier group
// discussion of the same kind in her unit that she took part in; its development priorities are
// listed on the first page, marked achieved / partly / not yet with a comment, and travel in the
// group discussion's content.
#include "kiosk_fixture.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::kiosk;
using osm::test::KioskFixture;

namespace {

// A submitted team discussion of `year` of the fixture's unit, as a person pull brings it.
sync::RecordEnvelope teamDiscussion(const catalog::Catalog& catalogue, const std::string& id, int year,
                                    const std::string& recorder, std::vector<std::string> participants,
                                    const std::string& priorities, const std::string& kind = "team") {
    const catalog::FormTemplate& form = *catalogue.findForm("group_discussion");
    domain::GroupDiscussion g = domain::newGroupDiscussion(form, year, kind, "pk_tahtitaivas");
    g.recordedBy = recorder;
    g.participants = std::move(participants);
    g.answers[std::string(domain::kGroupPrioritiesAnswer)] = priorities;
    return sharedRecordOf(id, recorder, RecordKind::Group, form.id, year, domain::toJson(g));
}

SyncReport pullFor(const std::string& person, std::vector<sync::RecordEnvelope> shared) {
    SyncReport pull;
    pull.reachable = true;
    pull.sharedFor = person;
    pull.shared = std::move(shared);
    return pull;
}

std::vector<std::string> textsOf(const std::vector<domain::GoalFollowUp>& items) {
    std::vector<std::string> out;
    for (const domain::GoalFollowUp& item : items) out.push_back(item.text);
    return out;
}

// The fields the review names as problems, in order.
std::vector<std::string> issueFields(const KioskApp& app) {
    std::vector<std::string> fields;
    for (const domain::ValidationIssue& issue : app.editor().issues) fields.push_back(issue.field);
    return fields;
}

}  // namespace

TEST_CASE_FIXTURE(KioskFixture, "a team member's group discussion follows up the priorities of the team's last one") {
    clock.setDate({2027, 2, 10});  // a group year of early childhood education
    REQUIRE(login("1001", "482915"));
    const catalog::Catalog& c = app->catalog();
    app->applySyncReport(pullFor(
        "1001", {teamDiscussion(c, "r-2023", 2023, "1002", {"1002", "1001"}, "- VANHA-2023"),
                 teamDiscussion(c, "r-2025", 2025, "1002", {"1002", "1001"}, "- METSÄ-2025\n- KIRJAAMINEN-2025\n"),
                 teamDiscussion(c, "r-muu", 2025, "1002", {"1002", "1001"}, "- JOHTAJAT", "principals_and_directors"),
                 teamDiscussion(c, "r-toinen", 2025, "1003", {"1003", "1002"}, "- TOINEN TIIMI")}));
    app->settle();
    const auto cards = app->dueCards();
    REQUIRE(cards.size() == 1);
    app->editing().openCard(cards.front());
    REQUIRE(app->screen() == Screen::GroupForm);
    REQUIRE(app->previousGroupDiscussion() != nullptr);
    CHECK(app->previousGroupDiscussion()->id == "r-2025");
    const auto& followUp = app->editor().group.followUp;
    CHECK(textsOf(followUp) == std::vector<std::string>{"METSÄ-2025", "KIRJAAMINEN-2025"});
    CHECK(followUp.front().year == 2025);
    CHECK(app->editor().save == SaveStatus::Clean);  // only looking at it writes nothing

    // The discussion: Mikko took part; every theme written; the priorities asked for on review.
    app->editing().toggleParticipant("1002");
    for (const catalog::Section& s : app->editorForm()->sections)
        app->editing().setAnswer(domain::answerKey(s.id, s.questions[0].id), "Keskusteltiin " + s.id);
    app->editing().goToReview();
    CHECK(issueFields(*app) == std::vector<std::string>{"follow_up[0].mark", "follow_up[1].mark"});
    app->editing().backToEditor();
    app->editing().setFollowUpMark(1, "maybe");  // not a mark: not taken
    CHECK(app->editor().group.followUp[1].mark.empty());
    app->editing().setFollowUpMark(0, "achieved");
    app->editing().setFollowUpMark(1, "partly");
    app->editing().setFollowUpComment(1, "Yhteinen malli puuttuu vielä");
    app->editing().submitRecord();
    app->settle();
    REQUIRE(app->screen() == Screen::Home);
    app->logout();
    app->settle();

    // What was saved and submitted holds the marks, and reads back after a restart.
    restart();
    REQUIRE(login("1001", "482915"));
    const RecordView* submitted = nullptr;
    for (const RecordView& r : app->session()->records) {
        if (r.kind == RecordKind::Group) submitted = &r;
    }
    REQUIRE(submitted != nullptr);
    CHECK(submitted->state == RecordState::Ready);
    REQUIRE(submitted->group.followUp.size() == 2);
    CHECK(submitted->group.followUp[0].mark == "achieved");
    CHECK(submitted->group.followUp[1].mark == "partly");
    CHECK(submitted->group.followUp[1].comment == "Yhteinen malli puuttuu vielä");
}

TEST_CASE_FIXTURE(KioskFixture,
                  "of the year's discussions, the one the ticked participants took part in is the team's") {
    clock.setDate({2027, 2, 10});
    REQUIRE(login("1002", "735104"));
    const catalog::Catalog& c = app->catalog();
    // Mikko took part in two teams' discussions in 2025, and in none he was not in.
    app->applySyncReport(
        pullFor("1002", {teamDiscussion(c, "r-a", 2025, "1001", {"1001", "1002"}, "PAINOPISTE-A"),
                         teamDiscussion(c, "r-b", 2025, "1003", {"1003", "1004", "1002"}, "PAINOPISTE-B"),
                         teamDiscussion(c, "r-ei", 2025, "1004", {"1004", "1001"}, "EI MIKON")}));
    app->settle();
    app->editing().openCard(app->dueCards().front());
    CHECK(textsOf(app->editor().group.followUp) == std::vector<std::string>{"PAINOPISTE-A"});  // the first, a tie
    app->editing().toggleParticipant("1003");
    CHECK(textsOf(app->editor().group.followUp) == std::vector<std::string>{"PAINOPISTE-B"});
    app->editing().toggleParticipant("1003");
    app->editing().toggleParticipant("1001");
    CHECK(textsOf(app->editor().group.followUp) == std::vector<std::string>{"PAINOPISTE-A"});
    // Once one is marked, ticking more people does not throw the marks away.
    app->editing().setFollowUpMark(0, "not_yet");
    app->editing().toggleParticipant("1003");
    app->editing().toggleParticipant("1004");
    CHECK(textsOf(app->editor().group.followUp) == std::vector<std::string>{"PAINOPISTE-A"});
    CHECK(app->editor().group.followUp[0].mark == "not_yet");
}

TEST_CASE_FIXTURE(KioskFixture, "without an earlier discussion she took part in, nothing is followed up") {
    clock.setDate({2027, 2, 10});
    REQUIRE(login("1001", "482915"));
    const catalog::Catalog& c = app->catalog();
    app->applySyncReport(pullFor("1001", {teamDiscussion(c, "r-toinen", 2025, "1003", {"1003", "1002"}, "TOINEN"),
                                          teamDiscussion(c, "r-nyt", 2027, "1002", {"1002", "1001"}, "TÄMÄ VUOSI")}));
    app->settle();
    app->editing().openCard(app->dueCards().front());
    CHECK(app->previousGroupDiscussion() == nullptr);
    CHECK(app->editor().group.followUp.empty());
    app->editing().toggleParticipant("1003");  // the other team's people make it no one's follow-up of hers
    CHECK(app->editor().group.followUp.empty());
}

TEST_CASE_FIXTURE(KioskFixture, "a draft begun before the pull arrived takes the priorities when it comes") {
    clock.setDate({2027, 2, 10});
    REQUIRE(login("1001", "482915"));
    app->editing().openCard(app->dueCards().front());
    app->editing().setAnswer("current_competence.strengths", "Aloitimme ennen kuin tiedot tulivat");
    CHECK(app->editor().group.followUp.empty());
    app->applySyncReport(
        pullFor("1001", {teamDiscussion(app->catalog(), "r-2025", 2025, "1002", {"1002", "1001"}, "1. LUKUTAITO")}));
    app->settle();
    CHECK(textsOf(app->editor().group.followUp) == std::vector<std::string>{"LUKUTAITO"});
}

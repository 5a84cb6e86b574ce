// The editor flow: autosave within a second, encrypted at rest, the edit actions, submitting
// with validation, group discussions, and failed saves (the follow-up of agreed goals: follow_up_test.cpp).
#include "kiosk_fixture.h"

#include "crypto/aead.h"
#include "crypto/kdf.h"
#include "storage/database.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace osm;
using namespace osm::kiosk;
using osm::test::KioskFixture;

namespace {

std::string readAll(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Every file of the store folder, as bytes.
std::string everyFileIn(const std::filesystem::path& dir) {
    std::string all;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) all += readAll(entry.path());
    }
    return all;
}

}  // namespace

TEST_CASE_FIXTURE(KioskFixture, "an edit is saved, encrypted, within a second") {
    REQUIRE(login("1001", "482915"));
    app->editing().openCard(app->dueCards().front());
    REQUIRE(app->screen() == Screen::DevelopmentForm);
    CHECK(app->editor().save == SaveStatus::Clean);

    // Typing continuously: a save still happens once a second has passed since the first edit.
    const std::string marker = "SALAINEN-MERKKIJONO-7731";
    for (int i = 0; i < 4; ++i) {
        app->editor().development.answers["wellbeing.coping"] = marker + std::to_string(i);
        app->editing().markEdited();
        app->tick();
        app->settle();
        CHECK(app->editor().save == SaveStatus::Unsaved);
        clock.advance(0.3);
    }
    clock.advance(0.11);  // 1.01 s after the first edit
    app->tick();
    app->settle();
    CHECK(app->editor().save == SaveStatus::Saved);

    auto records = openStore().recordsOf("1001");
    REQUIRE(records.ok());
    REQUIRE(records->size() == 1);
    const StoredRecord& stored = records->front();
    CHECK(stored.version == 1);
    CHECK(stored.state == RecordState::Draft);

    // The blob opens with Aino's key and holds the text; the disk holds neither text nor PIN.
    auto entry = openStore().person("1001");
    auto keys = crypto::deriveUserKeys("482915", *crypto::saltFromHex((*entry)->pin.saltHex),
                                       *crypto::KdfParams::parse((*entry)->pin.kdfParams));
    REQUIRE(keys.ok());
    auto plain = crypto::open(keys->draftKey, {stored.id, "1001", stored.version}, stored.sealed);
    REQUIRE(plain.ok());
    CHECK(plain->find(marker + "3") != std::string::npos);
    const std::string disk = everyFileIn(dir.path());
    CHECK(disk.find(marker) == std::string::npos);
    CHECK(disk.find("482915") == std::string::npos);
    CHECK(disk.find("Hyvinvointi") == std::string::npos);

    // A pause of 0.4 s after typing is enough for the next save.
    app->editor().development.answers["wellbeing.coping"] = "toinen versio";
    app->editing().markEdited();
    clock.advance(0.41);
    app->tick();
    app->settle();
    CHECK(openStore().recordsOf("1001")->front().version == 2);
    CHECK(openStore().database().isIntact());
}

TEST_CASE_FIXTURE(KioskFixture, "submitting checks the form and marks it ready to send") {
    REQUIRE(login("1001", "482915"));
    app->editing().openCard(app->dueCards().front());
    EditorState& e = app->editor();
    e.development.answers["past_year.review"] = "hyvä vuosi";
    app->editing().markEdited();
    app->editing().submitRecord();
    CHECK(app->screen() == Screen::Review);
    CHECK_FALSE(e.issues.empty());
    CHECK(e.state == RecordState::Draft);

    for (domain::CompetenceRating& r : e.development.ratings) r.value = 4;
    e.development.goals.push_back({"Opin uuden sovelluksen", "", {"learning_by_doing", "courses"}});
    app->editing().markEdited();
    app->editing().submitRecord();
    app->settle();
    CHECK(app->screen() == Screen::Home);
    const auto cards = app->dueCards();
    REQUIRE(cards.front().record != nullptr);
    CHECK(cards.front().record->state == RecordState::Ready);
    CHECK(openStore().recordsOf("1001")->front().state == RecordState::Ready);

    // A submitted form opens read-only, and edits to it are not saved.
    app->editing().openCard(cards.front());
    CHECK(app->screen() == Screen::Review);
    CHECK(app->editor().readOnly());
    const auto version = openStore().recordsOf("1001")->front().version;
    app->editing().markEdited();
    clock.advance(2);
    app->tick();
    app->settle();
    CHECK(openStore().recordsOf("1001")->front().version == version);
}

TEST_CASE_FIXTURE(KioskFixture,
                  "a director's principals' and directors' discussion is only shown, for the leaders' web") {
    REQUIRE(login("1005", "318406"));
    const auto cards = app->dueCards();
    REQUIRE(cards.size() == 2);
    CHECK(cards[0].event->id == "manager_development_discussion");
    CHECK_FALSE(cards[0].onLeadersWeb);
    CHECK(cards[1].event->id == "principals_directors_group_discussion");
    CHECK(cards[1].groupKind == "principals_and_directors");
    CHECK(cards[1].onLeadersWeb);
    CHECK(cards[1].dueNow);
    CHECK(cards[1].record == nullptr);
    CHECK_FALSE(cards[1].late);

    // Nothing opens it: neither the card nor one claiming to be a plain group card of that kind.
    app->editing().openCard(cards[1]);
    CHECK(app->screen() == Screen::Home);
    DueCard forged = cards[1];
    forged.onLeadersWeb = false;
    app->editing().openCard(forged);
    CHECK(app->screen() == Screen::Home);
    app->settle();
    CHECK(openStore().recordsOf("1005")->empty());

    // After its window it is still only shown, now said to be late unless already recorded.
    clock.setDate({2026, 4, 2});
    const auto later = app->dueCards();
    REQUIRE(later.size() == 2);
    CHECK(later[1].onLeadersWeb);
    CHECK(later[1].window == domain::WindowState::Late);
    CHECK(later[1].dueNow);
    CHECK_FALSE(later[1].late);

    // The manager's own form has the manager section and the manager competences.
    app->editing().openCard(app->dueCards()[0]);
    CHECK(app->editorForm()->id == "development_discussion_manager");
    CHECK(app->editor().development.ratings.size() == 13);
}

TEST_CASE_FIXTURE(KioskFixture, "a cross-unit group's discussion reached at a terminal is never submitted") {
    clock.setDate({2027, 2, 1});
    REQUIRE(login("1005", "318406"));
    const auto cards = app->dueCards();
    const auto team = std::find_if(cards.begin(), cards.end(), [](const DueCard& c) { return c.groupKind == "team"; });
    REQUIRE(team != cards.end());
    app->editing().openCard(*team);
    REQUIRE(app->screen() == Screen::GroupForm);
    // A group form whose kind is turned into the principals' and directors' (as a damaged or
    // forged store could): the review refuses it, and nothing is made ready to send.
    EditorState& e = app->editor();
    e.group.groupKind = "principals_and_directors";
    e.group.participants.push_back("1001");
    for (const catalog::Section& s : app->editorForm()->sections) {
        for (const catalog::Question& q : s.questions) e.group.answers[domain::answerKey(s.id, q.id)] = "kirjattu";
    }
    app->editing().markEdited();
    app->editing().submitRecord();
    app->settle();
    CHECK(app->screen() == Screen::Review);
    REQUIRE_FALSE(e.issues.empty());
    CHECK(e.issues.front().messageKey == "validation.group_on_leaders_web");
    CHECK(e.state == RecordState::Draft);
    const auto stored = openStore().recordsOf("1005");
    REQUIRE(stored.ok());
    for (const StoredRecord& r : *stored) CHECK(r.state == RecordState::Draft);
}

TEST_CASE_FIXTURE(KioskFixture, "in the group year the team discussion is due instead") {
    clock.setDate({2027, 2, 1});
    REQUIRE(login("1001", "482915"));
    const auto cards = app->dueCards();
    REQUIRE(cards.size() == 1);
    CHECK(cards[0].event->id == "team_group_discussion");
    CHECK(cards[0].groupKind == "team");
}

TEST_CASE_FIXTURE(KioskFixture, "a failed save says so, keeps the edit and succeeds later") {
    REQUIRE(login("1001", "482915"));
    app->editing().openCard(app->dueCards().front());
    app->editor().development.answers["past_year.review"] = "ensimmäinen";
    app->editing().markEdited();
    clock.advance(1.1);
    app->tick();
    app->settle();
    REQUIRE(app->editor().save == SaveStatus::Saved);

    // Every write to the record table fails from now on (as on a full disk).
    {
        auto db = storage::Database::open(dbPath);
        REQUIRE(db.ok());
        REQUIRE(
            db->exec("CREATE TRIGGER full_disk BEFORE UPDATE ON record BEGIN SELECT RAISE(ABORT, 'disk full'); END;"
                     "CREATE TRIGGER full_disk2 BEFORE INSERT ON record BEGIN SELECT RAISE(ABORT, 'disk full'); END;")
                .ok());
    }
    app->editor().development.answers["past_year.review"] = "toinen";
    app->editing().markEdited();
    clock.advance(1.1);
    app->tick();
    app->settle();
    CHECK(app->editor().save == SaveStatus::Failed);
    auto stored = openStore().recordsOf("1001");
    CHECK(stored->front().version == 1);  // the saved version is untouched

    {
        auto db = storage::Database::open(dbPath);
        REQUIRE(db->exec("DROP TRIGGER full_disk; DROP TRIGGER full_disk2;").ok());
    }
    clock.advance(1.1);
    app->tick();
    app->settle();
    CHECK(app->editor().save == SaveStatus::Saved);
    CHECK(openStore().recordsOf("1001")->front().version == 2);
    CHECK(app->editor().development.answers["past_year.review"] == "toinen");
}

TEST_CASE_FIXTURE(KioskFixture, "each edit action marks the record edited; a read-only record does not change") {
    REQUIRE(login("1001", "482915"));
    app->editing().openCard(app->dueCards().front());
    const EditorState& e = app->editor();
    REQUIRE(e.save == SaveStatus::Clean);
    app->editing().setAnswer("past_year.review", "vastaus");
    CHECK(e.development.answers.at("past_year.review") == "vastaus");
    CHECK(e.save == SaveStatus::Unsaved);
    const std::string competence = e.development.ratings.front().competenceId;
    app->editing().setRating(competence, 3);
    CHECK(e.development.ratingOf(competence) == 3);
    app->editing().addGoal();
    REQUIRE(e.development.goals.size() == 1);
    app->editing().setGoalText(0, "tavoite");
    app->editing().setGoalCompetence(0, competence);
    app->editing().toggleMethod(0, "mentoring");
    app->editing().toggleMethod(0, "courses");
    app->editing().toggleMethod(0, "mentoring");
    CHECK(e.development.goals[0].text == "tavoite");
    CHECK(e.development.goals[0].competenceId == competence);
    CHECK(e.development.goals[0].methodIds == std::vector<std::string>{"courses"});
    app->editing().setGoalText(5, "no such goal");  // out of range: ignored
    CHECK(e.development.goals.size() == 1);
    app->editing().removeGoal(0);
    CHECK(e.development.goals.empty());
    // Saved by the autosave like any edit.
    clock.advance(1.1);
    app->tick();
    app->settle();
    CHECK(e.save == SaveStatus::Saved);
    CHECK(app->session()->records.front().development.answers.at("past_year.review") == "vastaus");

    app->editor().state = RecordState::Ready;  // as after a submission
    app->editor().save = SaveStatus::Saved;
    app->editing().setAnswer("past_year.review", "muutettu");
    app->editing().addGoal();
    CHECK(e.development.answers.at("past_year.review") == "vastaus");
    CHECK(e.development.goals.empty());
    CHECK(e.save == SaveStatus::Saved);
}

TEST_CASE_FIXTURE(KioskFixture, "Silta's instructions: the form's or a section's, shown until the page changes") {
    REQUIRE(login("1001", "482915"));
    app->editing().openCard(app->dueCards().front());
    REQUIRE(app->editorForm() != nullptr);
    CHECK(app->editing().shownInstructions() == nullptr);

    app->editing().showInstructions("");
    REQUIRE(app->editing().shownInstructions() == &app->editorForm()->instructions);
    CHECK(app->editing().shownInstructions()->fi.url.starts_with("https://silta.example.fi/"));
    app->editing().showInstructions("wellbeing");
    CHECK(app->editing().shownInstructions()->en.title == "Wellbeing and coping at work");
    app->editing().setPage(2);
    CHECK(app->editing().shownInstructions() == nullptr);
    CHECK_FALSE(app->editor().instructions.has_value());

    app->editing().showInstructions("past_year");  // a section without a link: nothing to show
    CHECK_FALSE(app->editor().instructions.has_value());
    app->editing().showInstructions("no_such_section");
    CHECK(app->editing().shownInstructions() == nullptr);
    app->editing().showInstructions("wellbeing");
    app->editing().showInstructions(std::nullopt);
    CHECK(app->editing().shownInstructions() == nullptr);
    CHECK(app->editor().save == SaveStatus::Clean);  // looking at instructions edits nothing
}

// A year that bends: a discussion not held by the end of its window is late ("Myöhässä"), not
// closed. It can still be started and submitted, and is labelled late on the person's and the
// manager's screens; only a window not begun yet opens later.
#include "kiosk_fixture.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::kiosk;
using osm::test::KioskFixture;

namespace {

const DueCard* cardFor(const std::vector<DueCard>& cards, const std::string& eventId) {
    for (const DueCard& card : cards) {
        if (card.event->id == eventId) return &card;
    }
    return nullptr;
}

}  // namespace

TEST_CASE_FIXTURE(KioskFixture, "a pre-form not started by the end of March is late in April, and can still be sent") {
    clock.setDate({2026, 4, 15});
    REQUIRE(login("1001", "482915"));
    auto cards = app->dueCards();
    const DueCard* card = cardFor(cards, "staff_development_discussion");
    REQUIRE(card != nullptr);
    CHECK(card->window == domain::WindowState::Late);
    CHECK(card->late);
    CHECK(card->dueNow);
    app->editing().openCard(*card);
    REQUIRE(app->screen() == Screen::DevelopmentForm);
    EditorState& e = app->editor();
    e.development.answers["past_year.review"] = "myöhässä mutta tehty";
    for (domain::CompetenceRating& r : e.development.ratings) r.value = 3;
    e.development.goals.push_back({"Opin uuden sovelluksen", "", {"learning_by_doing"}});
    app->editing().markEdited();
    app->editing().backToHome();
    app->settle();
    // A draft of a late discussion is still late.
    cards = app->dueCards();
    card = cardFor(cards, "staff_development_discussion");
    REQUIRE(card != nullptr);
    REQUIRE(card->record != nullptr);
    CHECK(card->late);

    app->editing().openCard(*card);
    app->editing().markEdited();
    app->editing().submitRecord();
    app->settle();
    CHECK(app->screen() == Screen::Home);
    cards = app->dueCards();
    card = cardFor(cards, "staff_development_discussion");
    REQUIRE(card != nullptr);
    REQUIRE(card->record != nullptr);
    CHECK(card->record->state != RecordState::Draft);
    CHECK_FALSE(card->late);    // done: no longer waiting
    CHECK_FALSE(card->dueNow);  // shown among this year's earlier ones
}

TEST_CASE_FIXTURE(KioskFixture, "every window ended unheld is late, and one still open is not") {
    clock.setDate({2026, 4, 15});
    REQUIRE(login("1005", "318406"));
    for (const DueCard& card : app->dueCards()) {
        // The director's development and principals' group discussions ended in March. The
        // group's is recorded on the leaders' web: the terminal cannot know it is undone, so it
        // is shown (due) with its ended window, not marked late.
        CHECK(card.window == domain::WindowState::Late);
        CHECK(card.late == !card.onLeadersWeb);
        CHECK(card.dueNow);
    }
    app->logout();
    app->settle();
    clock.setDate({2026, 3, 31});  // the last day of the window: open, not late
    REQUIRE(login("1005", "318406"));
    for (const DueCard& card : app->dueCards()) {
        CHECK(card.window == domain::WindowState::Open);
        CHECK_FALSE(card.late);
        CHECK(card.dueNow);
    }
}

TEST_CASE_FIXTURE(KioskFixture, "the manager sees a report's pre-form as late once the window has ended") {
    REQUIRE(login("1005", "318406"));
    const domain::Person* aino = nullptr;
    for (const domain::Person* p : app->directReports()) {
        if (p->staffNumber == "1001") aino = p;
    }
    REQUIRE(aino != nullptr);
    CHECK_FALSE(app->reportLate(*aino));  // February: open
    app->logout();
    app->settle();
    clock.setDate({2026, 4, 2});
    REQUIRE(login("1005", "318406"));
    CHECK(app->reportStage("1001") == ReportStage::NotStarted);
    for (const domain::Person* p : app->directReports()) {
        if (p->staffNumber == "1001") CHECK(app->reportLate(*p));
    }
    // Once her pre-form is in, it is no longer waiting on her.
    domain::DevelopmentDiscussion preForm =
        domain::newDevelopmentDiscussion(*app->catalog().findForm("development_discussion_staff"), app->catalog());
    preForm.year = 2026;
    SyncReport pull;
    pull.reachable = true;
    pull.sharedFor = "1005";
    pull.shared.push_back(
        sharedRecordOf("r-pre", "1001", RecordKind::Development, preForm.formId, 2026, domain::toJson(preForm)));
    app->applySyncReport(pull);
    app->settle();
    for (const domain::Person* p : app->directReports()) {
        if (p->staffNumber == "1001") CHECK_FALSE(app->reportLate(*p));
    }
}

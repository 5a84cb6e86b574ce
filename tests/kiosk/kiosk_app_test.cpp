// The coordinator: the idle logout (its countdown, what postpones it, the draft it saves).
#include "kiosk_fixture.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::kiosk;
using osm::test::KioskFixture;

TEST_CASE_FIXTURE(KioskFixture, "idle logout shows a countdown, saves the draft and clears the screen") {
    REQUIRE(login("1001", "482915"));
    app->editing().openCard(app->dueCards().front());
    app->editor().development.answers["past_year.review"] = "kesken jäänyt ajatus";
    app->editing().markEdited();
    CHECK_FALSE(app->idleCountdown().has_value());
    clock.advance(config.idleTimeoutSeconds - 20);
    // No autosave has run (no tick); the countdown is on.
    REQUIRE(app->idleCountdown().has_value());
    CHECK(*app->idleCountdown() == 20);
    CHECK(app->secondsUntilNextTimer() <= 1.0);
    clock.advance(21);
    app->tick();
    app->settle();
    CHECK_FALSE(app->loggedIn());
    CHECK(app->screen() == Screen::Start);
    CHECK(app->start().noticeKey == "logout.idle");
    CHECK(app->editor().development.answers.empty());

    REQUIRE(login("1001", "482915"));
    app->editing().openCard(app->dueCards().front());
    CHECK(app->editor().development.answers["past_year.review"] == "kesken jäänyt ajatus");
}

TEST_CASE_FIXTURE(KioskFixture, "any input postpones the idle logout") {
    REQUIRE(login("1001", "482915"));
    clock.advance(100);
    app->noteActivity();
    clock.advance(100);
    app->tick();
    CHECK(app->loggedIn());
    clock.advance(21);
    app->tick();
    CHECK_FALSE(app->loggedIn());
}

TEST_CASE_FIXTURE(KioskFixture, "logging out says the draft is kept only to someone who has one") {
    REQUIRE(login("1001", "482915"));
    CHECK_FALSE(app->hasDraft());
    clock.advance(config.idleTimeoutSeconds - 10);
    CHECK(std::string(app->idleWarningKey()) == "idle.warning_no_draft");
    clock.advance(11);
    app->tick();
    app->settle();
    CHECK(app->start().noticeKey == "logout.idle_no_draft");

    REQUIRE(login("1001", "482915"));
    app->logout();
    app->settle();
    CHECK(app->start().noticeKey == "logout.done_no_draft");

    REQUIRE(login("1001", "482915"));
    app->editing().openCard(app->dueCards().front());
    app->editing().setAnswer("past_year.review", "luonnos");
    CHECK(app->hasDraft());
    CHECK(std::string(app->idleWarningKey()) == "idle.warning");
    app->logout();
    app->settle();
    CHECK(app->start().noticeKey == "logout.done");
}

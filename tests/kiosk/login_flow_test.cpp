// Logging in at a shared terminal: staff number, PIN, throttling, lockout that survives a
// restart, first use with a one-time code, and one person's data never shown to the next.
#include "kiosk_fixture.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::kiosk;
using osm::test::KioskFixture;

TEST_CASE_FIXTURE(KioskFixture, "a known staff number and the right PIN open the home screen") {
    CHECK(app->screen() == Screen::Start);
    CHECK(app->unitName() == "Päiväkoti Tähtitaivas");
    REQUIRE(login("1001", "482915"));
    CHECK(app->loggedIn());
    CHECK(app->session()->person.name == "Aino Virtanen");
    CHECK(app->session()->unitPeople.size() == 4);
    const auto cards = app->dueCards();
    REQUIRE(cards.size() == 1);
    CHECK(cards[0].event->id == "staff_development_discussion");
    CHECK(cards[0].dueNow);
    CHECK(cards[0].record == nullptr);
    // The PIN field is emptied as soon as the PIN is taken for checking.
    CHECK(app->pin().pin.empty());
}

TEST_CASE_FIXTURE(KioskFixture, "bad and unknown staff numbers are refused plainly") {
    app->start().staffNumber = "12a";
    app->submitStaffNumber();
    CHECK(app->start().errorKey == "start.error.format");
    app->start().staffNumber = "7777";
    app->submitStaffNumber();
    app->settle();
    CHECK(app->start().errorKey == "start.error.unknown");
    CHECK(app->screen() == Screen::Start);
}

TEST_CASE_FIXTURE(KioskFixture, "wrong PINs are throttled, then locked after ten, and the lock survives a restart") {
    app->start().staffNumber = "1001";
    app->submitStaffNumber();
    app->settle();
    REQUIRE(app->screen() == Screen::Pin);
    auto attempt = [&](const char* pin) {
        app->pin().pin = pin;
        app->submitPin();
        app->settle();
    };
    // Three free attempts: no waiting.
    for (int i = 0; i < 3; ++i) {
        attempt("000000");
        CHECK(app->pin().errorKey == "pin.error.wrong");
    }
    CHECK(app->pin().retryAt > clock.unixSeconds());  // the third failure starts the waiting
    // An attempt during the wait is refused without being checked (and without counting).
    attempt("482915");
    CHECK(app->pin().errorKey == "pin.error.wait");
    CHECK(app->screen() == Screen::Pin);
    CHECK(openStore().guard("1001")->failures == 3);

    for (int i = 3; i < 10; ++i) {
        clock.advance(61);
        attempt("000000");
    }
    CHECK(app->pin().errorKey == "pin.error.locked");
    CHECK(openStore().guard("1001")->failures == 10);

    // Even the right PIN does not open a locked account, also after a restart.
    restart();
    app->start().staffNumber = "1001";
    app->submitStaffNumber();
    app->settle();
    REQUIRE(app->screen() == Screen::Pin);
    CHECK(app->pin().errorKey == "pin.error.locked");
    attempt("482915");
    CHECK(app->screen() == Screen::Pin);
    CHECK(app->pin().errorKey == "pin.error.locked");

    // Another person on the same terminal is not affected.
    app->cancelLogin();
    CHECK(login("1002", "735104"));
    app->logout();

    // When the lock runs out, the right PIN works and the count starts again.
    clock.advance(static_cast<double>(config.guardPolicy.lockSeconds) + 1);
    CHECK(login("1001", "482915"));
    CHECK(openStore().guard("1001")->failures == 0);
}

TEST_CASE_FIXTURE(KioskFixture, "first use: the one-time code sets a PIN that follows the policy") {
    app->start().staffNumber = "1003";
    app->submitStaffNumber();
    app->settle();
    REQUIRE(app->screen() == Screen::FirstUse);
    FirstUseState& f = app->firstUse();

    auto tryFirstUse = [&](const char* code, const char* pin, const char* confirm) {
        app->firstUse().code = code;
        app->firstUse().newPin = pin;
        app->firstUse().confirmPin = confirm;
        app->submitFirstUse();
        app->settle();
        return app->firstUse().errorKey;
    };
    CHECK(tryFirstUse("7Q4K-2M9P", "12345", "12345") == "pin.error.too_short");
    CHECK(tryFirstUse("7Q4K-2M9P", "123456", "123456") == "pin.error.too_simple");
    CHECK(tryFirstUse("7Q4K-2M9P", "777777", "777777") == "pin.error.too_simple");
    CHECK(tryFirstUse("7Q4K-2M9P", "58a213", "58a213") == "pin.error.digits_only");
    CHECK(tryFirstUse("7Q4K-2M9P", "582913", "582914") == "pin.error.mismatch");
    CHECK(tryFirstUse("AAAA-BBBB", "582913", "582913") == "first_use.error.code");
    CHECK(openStore().guard("1003")->failures == 1);
    (void)f;

    CHECK(tryFirstUse("7q4k 2m9p", "582913", "582913").empty());
    REQUIRE(app->screen() == Screen::Home);
    app->logout();

    // The new PIN works; the code is spent.
    CHECK(login("1003", "582913"));
    app->logout();
    auto entry = openStore().person("1003");
    REQUIRE(entry.ok());
    CHECK((*entry)->setupCode.empty());
    CHECK_FALSE((*entry)->pin.empty());
    app->start().staffNumber = "1003";
    app->submitStaffNumber();
    app->settle();
    CHECK(app->screen() == Screen::Pin);  // no first-use screen any more
}

TEST_CASE_FIXTURE(KioskFixture, "one person's drafts are never shown to the next person") {
    REQUIRE(login("1001", "482915"));
    app->editing().openCard(app->dueCards().front());
    app->editor().development.answers["past_year.review"] = "Ainon oma teksti";
    app->editing().markEdited();
    app->logout();
    app->settle();
    CHECK_FALSE(app->loggedIn());
    CHECK(app->editor().development.answers.empty());
    CHECK(app->start().noticeKey == "logout.done");

    REQUIRE(login("1002", "735104"));
    CHECK(app->session()->records.empty());
    CHECK(app->dueCards().front().record == nullptr);
    // Opening Aino's record id directly does nothing.
    app->editing().openRecord(openStore().recordsOf("1001")->front().id);
    CHECK(app->screen() == Screen::Home);
    app->logout();

    // Aino continues where she left off.
    REQUIRE(login("1001", "482915"));
    const auto cards = app->dueCards();
    REQUIRE(cards.front().record != nullptr);
    CHECK(cards.front().record->state == RecordState::Draft);
    app->editing().openCard(cards.front());
    CHECK(app->screen() == Screen::DevelopmentForm);
    CHECK(app->editor().development.answers["past_year.review"] == "Ainon oma teksti");
}

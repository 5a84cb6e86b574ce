// What the PIN screens tell a person: the tries left before the waits and before the lock (the
// guard's count, kept across a restart), and that a first PIN was set.
#include "kiosk_fixture.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::kiosk;
using osm::test::KioskFixture;

TEST_CASE_FIXTURE(KioskFixture, "the PIN screen knows how many wrong PINs there have been") {
    auto toPin = [&] {
        app->start().staffNumber = "1001";
        app->submitStaffNumber();
        app->settle();
        REQUIRE(app->screen() == Screen::Pin);
    };
    toPin();
    CHECK(app->pin().failures == 0);
    for (int i = 1; i <= 2; ++i) {
        app->pin().pin = "000000";
        app->submitPin();
        app->settle();
        CHECK(app->pin().failures == i);
    }
    // Back to the start and again: the count comes from the store, not from the screen.
    app->cancelLogin();
    restart();
    toPin();
    CHECK(app->pin().failures == 2);
    app->pin().pin = "482915";
    app->submitPin();
    app->settle();
    REQUIRE(app->screen() == Screen::Home);
    CHECK_FALSE(app->session()->pinJustSet);
}

TEST_CASE_FIXTURE(KioskFixture, "after first use the session knows the PIN was just set") {
    app->start().staffNumber = "1003";
    app->submitStaffNumber();
    app->settle();
    REQUIRE(app->screen() == Screen::FirstUse);
    app->firstUse().code = "7Q4K-2M9P";
    app->firstUse().newPin = "582913";
    app->firstUse().confirmPin = "582913";
    app->submitFirstUse();
    app->settle();
    REQUIRE(app->screen() == Screen::Home);
    CHECK(app->session()->pinJustSet);
}

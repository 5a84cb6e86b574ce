// A brute-force PIN run at the terminal: someone types PIN after PIN for a simulated day,
// waiting out every delay and lock. The guard lets through only a few dozen guesses an hour,
// and the right PIN does not open a locked account.
#include "../kiosk/kiosk_fixture.h"

#include <doctest/doctest.h>

#include <cstdio>

using namespace osm;
using namespace osm::test;

TEST_CASE_FIXTURE(KioskFixture, "a day of brute-forcing PINs at the terminal hits the lockout again and again") {
    app->start().staffNumber = "1001";
    app->submitStaffNumber();
    app->settle();
    REQUIRE(app->screen() == kiosk::Screen::Pin);
    const std::int64_t begin = clock.unixSeconds();
    int checked = 0;  // guesses the terminal actually tried against the PIN
    int locks = 0;
    std::int64_t lastLock = 0;
    for (int guess = 0; clock.unixSeconds() - begin < 24 * 3600; ++guess) {
        const std::int64_t now = clock.unixSeconds();
        const kiosk::PinState& pin = app->pin();
        const std::int64_t until = std::max(pin.retryAt, pin.lockedUntil);
        if (until > now) {
            // During a wait or a lock even the right PIN is refused.
            app->pin().pin = "482915";
            app->submitPin();
            app->settle();
            REQUIRE(app->screen() == kiosk::Screen::Pin);
            clock.advance(static_cast<double>(until - now) + 1);
            app->tick();
            continue;
        }
        char text[8];
        std::snprintf(text, sizeof text, "%06d", guess % 482000);  // never the right one
        app->pin().pin = text;
        app->submitPin();
        app->settle();
        ++checked;
        if (app->pin().lockedUntil > lastLock) {
            ++locks;
            lastLock = app->pin().lockedUntil;
        }
        clock.advance(2);  // typing six digits
    }
    const double perDay = checked;
    MESSAGE(checked << " guesses checked in 24 h, locked " << locks
                    << " times; trying half of the 10^6 PINs would take " << 5e5 / perDay / 365
                    << " years at this terminal");
    CHECK(locks >= 40);  // ten wrong in a row lock the staff number for 15 minutes
    CHECK(checked <= 10 * (locks + 1));
    CHECK(openStore().guard("1001")->failures > 0);
}

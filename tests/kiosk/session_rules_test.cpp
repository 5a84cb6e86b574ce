// The terminal's rules as plain functions: PIN policy, throttling delays, lockout, timers.
#include "session_rules.h"

#include <doctest/doctest.h>

using namespace osm::kiosk;

TEST_CASE("PIN policy") {
    const PinPolicy policy;
    CHECK_FALSE(checkNewPin("582913", policy).has_value());
    CHECK(checkNewPin("58291", policy) == "pin.error.too_short");
    CHECK(checkNewPin("5829135829135", policy) == "pin.error.too_long");
    CHECK(checkNewPin("000000", policy) == "pin.error.too_simple");
    CHECK(checkNewPin("345678", policy) == "pin.error.too_simple");
    CHECK(checkNewPin("987654", policy) == "pin.error.too_simple");
    CHECK(checkNewPin("12 456", policy) == "pin.error.digits_only");
    PinPolicy longer;
    longer.minLength = 8;
    CHECK(checkNewPin("582913", longer) == "pin.error.too_short");
}

TEST_CASE("one-time codes ignore case, spaces and dashes") {
    CHECK(normaliseSetupCode("7q4k-2m9p") == "7Q4K2M9P");
    CHECK(normaliseSetupCode(" 7Q4K 2M9P ") == "7Q4K2M9P");
}

TEST_CASE("throttling grows and the lock holds for its time") {
    const GuardPolicy policy;
    CHECK(delayAfter(0, policy) == 0);
    CHECK(delayAfter(2, policy) == 0);
    CHECK(delayAfter(3, policy) == 1);
    CHECK(delayAfter(6, policy) == 8);
    CHECK(delayAfter(9, policy) == 60);

    GuardState state;
    std::int64_t now = 1000;
    for (int i = 0; i < 3; ++i) {
        CHECK(checkGuard(state, now, policy).allowed);
        state = afterFailure(state, now, policy);
    }
    GuardVerdict verdict = checkGuard(state, now, policy);
    CHECK_FALSE(verdict.allowed);
    CHECK_FALSE(verdict.locked);
    CHECK(verdict.waitSeconds == 1);
    CHECK(checkGuard(state, now + 1, policy).allowed);

    for (int i = 3; i < 10; ++i) {
        now += 100;
        state = afterFailure(state, now, policy);
    }
    verdict = checkGuard(state, now + 10, policy);
    CHECK(verdict.locked);
    CHECK(verdict.waitSeconds == policy.lockSeconds - 10);
    CHECK(checkGuard(state, now + policy.lockSeconds, policy).allowed);
    // After the lock a wrong PIN starts the count again from one.
    state = afterFailure(state, now + policy.lockSeconds + 5, policy);
    CHECK(state.failures == 1);
    CHECK(state.lockedUntil == 0);
}

TEST_CASE("idle timer and autosave timer") {
    IdleTimer idle(120, 30);
    idle.activity(0);
    CHECK_FALSE(idle.warningShown(89));
    CHECK(idle.warningShown(91));
    CHECK_FALSE(idle.expired(119.9));
    CHECK(idle.expired(120));

    AutosaveTimer save(0.4, 1.0);
    CHECK_FALSE(save.deadline().has_value());
    save.edited(10.0);
    CHECK(*save.deadline() == doctest::Approx(10.4));
    save.edited(10.3);
    save.edited(10.6);
    save.edited(10.9);
    CHECK(*save.deadline() == doctest::Approx(11.0));
    CHECK_FALSE(save.due(10.99));
    CHECK(save.due(11.0));
    save.saving();
    CHECK_FALSE(save.dirty());
}

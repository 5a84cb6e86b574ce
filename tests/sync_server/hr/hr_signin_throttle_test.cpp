// HR's sign-in under password guessing, over real HTTP: wrong passwords slow the guesser's own
// name and address with growing delays, never lock the real user out from elsewhere, never
// leave a state an attacker can hold, and an unknown name is answered exactly as a real one.
// Addresses come from X-Forwarded-For through a trusted proxy (the test's own 127.0.0.1).
#include "sync_server/hr/hr_web_fixture.h"

#include <regex>

using namespace osm;

namespace {

constexpr const char* kRight = "Osaamissilta-demo-2026";
constexpr const char* kWrong = "wrong-password-123";

struct BehindProxy : test::HrWebFixture {
    BehindProxy() : HrWebFixture(false, {}, [](server::HrWebOptions& o) { o.trustedProxies = {"127.0.0.1"}; }) {}

    SignInAnswer from(const std::string& address, const std::string& name, const std::string& password) {
        return postSignIn(name, password, {{"X-Forwarded-For", address}});
    }
};

struct Direct : test::HrWebFixture {
    Direct() : HrWebFixture(false) {}
};

// A page without the parts that differ by request (the form's token).
std::string withoutToken(const std::string& page) {
    return std::regex_replace(page, std::regex("name=\"login_token\" value=\"[^\"]*\""), "");
}

}  // namespace

TEST_CASE_FIXTURE(BehindProxy, "fifty wrong passwords from one address do not keep the real user out") {
    int refused = 0;
    int slowed = 0;
    for (int i = 0; i < 50; ++i) {
        const SignInAnswer a = from("203.0.113.9", "marja.peltonen", kWrong);
        CHECK((a.status == 401 || a.status == 429));
        if (a.status == 429) {
            ++slowed;
            now += std::stoll(a.retryAfter);  // the guesser waits out every delay
        } else {
            ++refused;
        }
    }
    CHECK(refused < 50);  // the guesser was slowed ...
    CHECK(slowed > 0);
    const SignInAnswer user = from("198.51.100.7", "marja.peltonen", kRight);
    CHECK(user.status == 303);  // ... and the real user, elsewhere, signs in at once
    CHECK_FALSE(user.cookie("osm_hr").empty());
}

TEST_CASE_FIXTURE(BehindProxy, "delays grow per name and address, stay bounded, and end when waited out") {
    for (int i = 0; i < 3; ++i) CHECK(from("203.0.113.9", "marja.peltonen", kWrong).status == 401);  // free
    std::int64_t previous = 0;
    for (int i = 0; i < 12; ++i) {
        const SignInAnswer a = from("203.0.113.9", "marja.peltonen", kWrong);
        REQUIRE(a.status == 429);
        const std::int64_t wait = std::stoll(a.retryAfter);
        CHECK(wait >= previous);
        CHECK(wait <= 5 * 60);  // never longer than the cap
        previous = wait;
        now += wait;
        CHECK(from("203.0.113.9", "marja.peltonen", kWrong).status == 401);  // one more try, then slower
    }
    CHECK(previous == 5 * 60);
    // The same address with the right password after the wait: in, and the slate is clean.
    CHECK(from("203.0.113.9", "marja.peltonen", kRight).status == 429);
    now += 5 * 60;
    CHECK(from("203.0.113.9", "marja.peltonen", kRight).status == 303);
    CHECK(from("203.0.113.9", "marja.peltonen", kWrong).status == 401);
}

TEST_CASE_FIXTURE(BehindProxy, "an unknown name gets the same answers as a real one") {
    for (int i = 0; i < 8; ++i) {
        const SignInAnswer real = from("203.0.113.9", "marja.peltonen", kWrong);
        const SignInAnswer unknown = from("203.0.113.10", "ei.ketaan", kWrong);
        INFO("try " << i);
        CHECK(real.status == unknown.status);
        CHECK(real.retryAfter == unknown.retryAfter);
        CHECK(withoutToken(real.body) == withoutToken(unknown.body));
        if (i >= 3) CHECK(unknown.status == 429);  // unknown names are slowed too
    }
}

TEST_CASE_FIXTURE(BehindProxy, "one address trying many names is slowed too") {
    int slowed = 0;
    for (int i = 0; i < 30; ++i) {
        if (from("203.0.113.9", "nimi" + std::to_string(i), kWrong).status == 429) ++slowed;
    }
    CHECK(slowed >= 5);
    CHECK(from("198.51.100.7", "marja.peltonen", kRight).status == 303);
}

TEST_CASE_FIXTURE(Direct, "X-Forwarded-For from a peer that is not a trusted proxy changes nothing") {
    for (int i = 0; i < 3; ++i)
        CHECK(postSignIn("marja.peltonen", kWrong, {{"X-Forwarded-For", "203.0.113." + std::to_string(i)}}).status ==
              401);
    CHECK(postSignIn("marja.peltonen", kWrong, {{"X-Forwarded-For", "203.0.113.77"}}).status == 429);
}

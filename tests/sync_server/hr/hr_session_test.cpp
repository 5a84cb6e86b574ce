// HR's sessions and cookies over real HTTP: the sign-in form's own token and the origin check
// (login CSRF), Secure and __Host- cookies over TLS or behind a trusted proxy (the plain name on
// plain-HTTP loopback), a cookie that lives as long as the session is used, an absolute
// lifetime, expired sessions purged, and a year without data answered without server paths.
#include "sync_server/hr/hr_web_fixture.h"

#include "crypto/encoding.h"

using namespace osm;

namespace {

constexpr const char* kRight = "Osaamissilta-demo-2026";

struct Plain : test::HrWebFixture {
    Plain() : HrWebFixture(false) {}
};

struct BehindProxy : test::HrWebFixture {
    BehindProxy() : HrWebFixture(false, {}, [](server::HrWebOptions& o) { o.trustedProxies = {"127.0.0.1"}; }) {}
};

struct OverTls : test::HrWebFixture {
    OverTls() : HrWebFixture(false, {}, [](server::HrWebOptions& o) { o.secureCookies = true; }) {}
};

std::string tokenOf(const std::string& cookie) { return cookie.substr(cookie.find('=') + 1); }

}  // namespace

TEST_CASE_FIXTURE(Plain, "a sign-in post without the form's token, or from another origin, is refused") {
    auto c = client();
    const std::string body = "username=marja.peltonen&password=" + std::string(kRight);
    auto bare = c.Post("/hr/login", body, "application/x-www-form-urlencoded");  // a forged cross-site form
    REQUIRE(bare);
    CHECK(bare->status == 403);
    CHECK(bare->get_header_value("Set-Cookie").rfind("osm_hr=", 0) != 0);

    const std::string origin = "http://127.0.0.1:" + std::to_string(port);
    CHECK(postSignIn("marja.peltonen", kRight, {{"Origin", "https://evil.example"}}).status == 403);
    CHECK(postSignIn("marja.peltonen", kRight, {{"Origin", "null"}}).status == 403);
    CHECK(postSignIn("marja.peltonen", kRight, {{"Sec-Fetch-Site", "cross-site"}}).status == 403);
    const SignInAnswer ok =
        postSignIn("marja.peltonen", kRight, {{"Origin", origin}, {"Sec-Fetch-Site", "same-origin"}});
    CHECK(ok.status == 303);
    CHECK_FALSE(ok.cookie("osm_hr").empty());
}

TEST_CASE_FIXTURE(Plain, "on plain-HTTP loopback the cookie has the plain name, and X-Forwarded-Proto is ignored") {
    const SignInAnswer a = postSignIn("marja.peltonen", kRight, {{"X-Forwarded-Proto", "https"}});
    REQUIRE(a.status == 303);
    CHECK_FALSE(a.cookie("osm_hr").empty());
    CHECK(a.cookie("__Host-osm_hr").empty());
    CHECK(a.cookies.front().find("; Secure") == std::string::npos);
    CHECK(a.cookies.front().find("Path=/hr") != std::string::npos);
}

TEST_CASE_FIXTURE(BehindProxy, "behind a trusted proxy that says https the cookie is Secure with the __Host- prefix") {
    const httplib::Headers https{{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "198.51.100.7"}};
    const SignInAnswer a = postSignIn("marja.peltonen", kRight, https);
    REQUIRE(a.status == 303);
    const std::string cookie = a.cookie("__Host-osm_hr");
    REQUIRE_FALSE(cookie.empty());
    CHECK(a.cookies.front().find("; Secure") != std::string::npos);
    CHECK(a.cookies.front().find("Path=/;") != std::string::npos);
    CHECK(a.cookies.front().find("Domain") == std::string::npos);
    httplib::Headers withCookie = https;
    withCookie.emplace("Cookie", cookie);
    CHECK(client().Get("/hr/", withCookie)->body.find("id=\"completion\"") != std::string::npos);
    // The same token under the plain name, sent over the proxy's https, is not a session.
    httplib::Headers plainName = https;
    plainName.emplace("Cookie", "osm_hr=" + tokenOf(cookie));
    CHECK(client().Get("/hr/", plainName)->body.find("name=\"password\"") != std::string::npos);
}

TEST_CASE_FIXTURE(OverTls, "a server serving TLS itself sets __Host- cookies") {
    const SignInAnswer a = postSignIn("marja.peltonen", kRight);
    REQUIRE(a.status == 303);
    CHECK_FALSE(a.cookie("__Host-osm_hr").empty());
    CHECK(a.cookies.front().find("; Secure") != std::string::npos);
}

TEST_CASE_FIXTURE(Plain, "the cookie is renewed while the session is used; sessions end 10 h after sign-in") {
    const std::string cookie = signIn(kRight);
    REQUIRE_FALSE(cookie.empty());
    auto c = client();
    const httplib::Headers withCookie{{"Cookie", cookie}};
    for (int i = 0; i < 29; ++i) {  // used every 20 minutes for 9 h 40 min
        now += 20 * 60;
        auto page = c.Get("/hr/", withCookie);
        REQUIRE(page);
        REQUIRE(page->body.find("id=\"completion\"") != std::string::npos);
        const std::string renewed = page->get_header_value("Set-Cookie");
        CHECK(renewed.rfind(cookie + ";", 0) == 0);
        CHECK(renewed.find("Max-Age=" + std::to_string(std::min<std::int64_t>(30 * 60, 20 * 60 * (30 - i - 1)))) !=
              std::string::npos);
    }
    now += 20 * 60 + 1;  // 10 h after sign-in, though used 20 minutes ago
    CHECK(c.Get("/hr/", withCookie)->body.find("name=\"password\"") != std::string::npos);
}

TEST_CASE_FIXTURE(Plain, "expired sessions are purged from the database") {
    const std::string first = signIn(kRight);
    REQUIRE_FALSE(first.empty());
    const std::string firstHash = crypto::contentHash(tokenOf(first));
    REQUIRE(storage->hrSession(firstHash)->has_value());
    now += 31 * 60;  // idle past the timeout, never presented again
    REQUIRE_FALSE(signIn(kRight).empty());
    CHECK_FALSE(storage->hrSession(firstHash)->has_value());
}

TEST_CASE_FIXTURE(Plain, "a year without data is answered without a 500 or a server path") {
    const std::string cookie = signIn(kRight);
    REQUIRE_FALSE(cookie.empty());
    auto c = client();
    for (const char* path : {"/hr/?year=1999", "/hr/?year=2099", "/hr/export/completion.csv?year=2099",
                             "/hr/plan?scope=keskitetty&year=2099"}) {
        auto res = c.Get(path, httplib::Headers{{"Cookie", cookie}});
        REQUIRE(res);
        INFO(std::string(path));
        CHECK(res->status != 500);
        CHECK(res->body.find(test::assetsDir().string()) == std::string::npos);
        CHECK(res->body.find("/catalog/") == std::string::npos);
    }
}

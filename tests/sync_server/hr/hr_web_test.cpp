// HR's web pages over real HTTP: sign-in with throttling, sessions that expire,
// CSRF on logout, completion and aggregates on the page, and downloads.
#include "sync_server/hr/hr_web_fixture.h"

using namespace osm;

namespace {

struct Fixture : test::HrWebFixture {
    Fixture()
        : HrWebFixture(false,
                       [](domain::Organisation& org) { org.units[0].name = "Päiväkoti <script>alert(1)</script>"; }) {}
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "without a session only the sign-in form is shown") {
    auto c = client();
    auto page = c.Get("/hr/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find("name=\"password\"") != std::string::npos);
    auto csv = c.Get("/hr/export/aggregates.csv");
    REQUIRE(csv);
    CHECK(csv->status == 303);  // to the sign-in
}

TEST_CASE_FIXTURE(Fixture,
                  "a signed-in HR user sees completion, aggregates and downloads; logout needs the CSRF token") {
    const std::string cookie = signIn("Osaamissilta-demo-2026");
    REQUIRE_FALSE(cookie.empty());
    auto c = client();
    httplib::Headers withCookie{{"Cookie", cookie}};
    auto page = c.Get("/hr/", withCookie);
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find("id=\"completion\"") != std::string::npos);
    CHECK(page->body.find("Kirkonkylän koulu") != std::string::npos);
    CHECK(page->body.find("<script>") == std::string::npos);  // escaped
    CHECK(page->body.find("&lt;script&gt;") != std::string::npos);
    CHECK(page->get_header_value("Content-Security-Policy").find("default-src 'none'") != std::string::npos);

    auto csv = c.Get("/hr/export/completion.csv", withCookie);
    REQUIRE(csv);
    CHECK(csv->status == 200);
    CHECK(csv->body.rfind("\xEF\xBB\xBFPalvelualue;Yksikkö;", 0) == 0);
    CHECK(csv->get_header_value("Content-Disposition").find("attachment") != std::string::npos);
    auto summary = c.Get("/hr/export/summary-kasvatus_ja_opetus.md", withCookie);
    REQUIRE(summary);
    CHECK(summary->body.rfind("# Kehityskeskustelujen yhteenveto", 0) == 0);

    auto forged = c.Post("/hr/logout", withCookie, "csrf=wrong", "application/x-www-form-urlencoded");
    REQUIRE(forged);
    CHECK(forged->status == 403);
    const std::string csrf = test::formValue(page->body, "csrf");
    std::string encoded;
    for (char ch : csrf) encoded += ch == '-' ? std::string("%2D") : std::string(1, ch);
    auto out = c.Post("/hr/logout", withCookie, "csrf=" + encoded, "application/x-www-form-urlencoded");
    REQUIRE(out);
    CHECK(out->status == 303);
    auto after = c.Get("/hr/", withCookie);
    CHECK(after->body.find("name=\"password\"") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "wrong passwords slow that address's next tries; sessions expire when idle") {
    for (int i = 0; i < 4; ++i) CHECK(signIn("wrong-password-123").empty());
    CHECK(signIn("Osaamissilta-demo-2026").empty());  // from this address, not yet even the right one
    now += 15 * 60 + 1;
    const std::string cookie = signIn("Osaamissilta-demo-2026");
    REQUIRE_FALSE(cookie.empty());

    auto c = client();
    now += 29 * 60;
    CHECK(c.Get("/hr/", httplib::Headers{{"Cookie", cookie}})->body.find("id=\"completion\"") != std::string::npos);
    now += 31 * 60;  // idle longer than the session
    CHECK(c.Get("/hr/", httplib::Headers{{"Cookie", cookie}})->body.find("name=\"password\"") != std::string::npos);
}

TEST_CASE("HR passwords are Argon2id hashes and short ones are refused") {
    auto hash = server::hashHrPassword("Osaamissilta-demo-2026");
    REQUIRE(hash.ok());
    CHECK(hash->rfind("$argon2id$", 0) == 0);
    CHECK(server::hrPasswordMatches(*hash, "Osaamissilta-demo-2026"));
    CHECK_FALSE(server::hrPasswordMatches(*hash, "Osaamissilta-demo-2027"));
    CHECK_FALSE(server::hashHrPassword("short").ok());
    CHECK(server::parseForm("a=1&b=x+y%21&c")["b"] == "x y!");
}

// HR's web pages over real HTTP: sign-in with throttling, sessions that expire,
// CSRF on logout, completion and aggregates on the page, downloads, and the pages' languages.
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

TEST_CASE_FIXTURE(Fixture, "HR's pages follow the browser's language, with a switch on every page that is remembered") {
    auto c = client();
    // Signed out: the sign-in page in the browser's language, Finnish without a choice.
    auto fi = c.Get("/hr/");
    REQUIRE(fi);
    CHECK(fi->body.find("<html lang=\"fi\">") != std::string::npos);
    CHECK(fi->body.find("Käyttäjätunnus") != std::string::npos);
    auto en = c.Get("/hr/", httplib::Headers{{"Accept-Language", "en-GB,en;q=0.9"}});
    REQUIRE(en);
    CHECK(en->body.find("<html lang=\"en\">") != std::string::npos);
    CHECK(en->body.find("User name") != std::string::npos);
    CHECK(en->body.find("hreflang=\"sv\" href=\"/hr/?lang=sv\"") != std::string::npos);
    const SignInAnswer wrong = postSignIn("marja.peltonen", "wrong-password-123", {{"Accept-Language", "sv-FI"}});
    CHECK(wrong.status == 401);
    CHECK(wrong.body.find("Fel användarnamn eller lösenord.") != std::string::npos);

    const std::string cookie = signIn("Osaamissilta-demo-2026");
    REQUIRE_FALSE(cookie.empty());
    const httplib::Headers swedish{{"Cookie", cookie}, {"Accept-Language", "sv-FI,sv;q=0.9,en;q=0.8"}};
    auto page = c.Get("/hr/?year=2026", swedish);
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find("<html lang=\"sv\">") != std::string::npos);
    CHECK(page->body.find("<h1>Kompetensledning 2026</h1>") != std::string::npos);
    CHECK(page->body.find("<h2>Genomförda utvecklingssamtal</h2>") != std::string::npos);
    CHECK(page->body.find("Osaamisen johtaminen") == std::string::npos);
    // The switch links to the same page, its query kept; the forms still carry the CSRF token.
    CHECK(page->body.find("hreflang=\"fi\" href=\"/hr/?year=2026&amp;lang=fi\"") != std::string::npos);
    CHECK(page->body.find("name=\"csrf\"") != std::string::npos);
    auto plan = c.Get("/hr/plan?scope=keskitetty&year=2026", swedish);
    REQUIRE(plan);
    CHECK(plan->body.find("Utbildningsplan 2026") != std::string::npos);
    CHECK(plan->body.find("hreflang=\"en\" href=\"/hr/plan?scope=keskitetty&amp;year=2026&amp;lang=en\"") !=
          std::string::npos);
    auto csv = c.Get("/hr/export/completion.csv?year=2026", swedish);
    REQUIRE(csv);
    CHECK(csv->body.rfind("\xEF\xBB\xBFServiceområde;Enhet;Chef;", 0) == 0);
    auto missing = c.Get("/hr/nothing-here", swedish);
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(missing->body.find("Hittas inte.") != std::string::npos);

    // ?lang= wins over the browser's choice and is remembered in a cookie of HR's path.
    auto switched = c.Get("/hr/?year=2026&lang=en", swedish);
    REQUIRE(switched);
    CHECK(switched->body.find("<html lang=\"en\">") != std::string::npos);
    CHECK(switched->body.find("<h1>Competence management 2026</h1>") != std::string::npos);
    std::string remembered;
    for (std::size_t i = 0; i < switched->get_header_value_count("Set-Cookie"); ++i) {
        const std::string set = switched->get_header_value("Set-Cookie", i);
        if (set.rfind("osm_lang=", 0) == 0) remembered = set;
    }
    CHECK(remembered.find("osm_lang=en; Path=/hr; HttpOnly; SameSite=Strict") == 0);
    auto later =
        c.Get("/hr/?year=2026", httplib::Headers{{"Cookie", cookie + "; osm_lang=en"}, {"Accept-Language", "sv"}});
    REQUIRE(later);
    CHECK(later->body.find("<h1>Competence management 2026</h1>") != std::string::npos);
    // Security headers are the same in every language.
    CHECK(later->get_header_value("Content-Security-Policy").find("default-src 'none'") != std::string::npos);
    CHECK(later->get_header_value("Cache-Control") == "no-store");
}

// HR's page with the demo's submitted sample pre-forms, over real HTTP: completion in five
// states with filters, suppressed groups, the annual clock, the training plan's workflow through
// the page's own forms, every refusal (no session, bad CSRF, expired session, a step out of
// order, a stale form), and the exports (printable HTML, Finnish CSV).
#include "sync_server/hr/hr_web_fixture.h"
#include "hr/training_plan.h"

using namespace osm;

namespace {

constexpr const char* kPlanPath = "/hr/plan?scope=keskitetty&year=2026";

struct Fixture : test::HrWebFixture {
    std::string cookie;
    // HR compiles the central plan; a service area's plan is its management group's (leaders_plan_test).
    // HR confirms here as the operator's `hr-confirms-plans` lets it.
    Fixture() : HrWebFixture(true, {}, [](server::HrWebOptions& o) { o.hrConfirmsPlans = true; }) {
        cookie = signIn("Osaamissilta-demo-2026");
    }

    httplib::Headers headers() { return {{"Cookie", cookie}}; }
    std::string get(const std::string& path, int expectedStatus = 200) {
        auto res = client().Get(path, headers());
        REQUIRE(res);
        CHECK(res->status == expectedStatus);
        return res->body;
    }
    // Posts a plan form as the page renders it, with `fields` added or replaced.
    httplib::Result post(const std::string& action, std::map<std::string, std::string> fields = {}) {
        const std::string page = get(kPlanPath);
        std::map<std::string, std::string> form{{"csrf", test::formValue(page, "csrf")},
                                                {"year", "2026"},
                                                {"scope", "keskitetty"},
                                                {"steps", test::formValue(page, "steps")},
                                                {"action", action}};
        for (auto& [k, v] : fields) form[k] = v;
        httplib::Params params(form.begin(), form.end());
        return client().Post("/hr/plan", headers(), params);
    }
    std::size_t steps() {
        auto row = storage->trainingPlan(2026, "keskitetty");
        REQUIRE(row.ok());
        return row->has_value() ? (*row)->history.size() : 0;
    }
};

}  // namespace

TEST_CASE_FIXTURE(Fixture,
                  "the page shows completion in five states, suppressed groups and the annual clock, and filters") {
    REQUIRE_FALSE(cookie.empty());
    const std::string page = get("/hr/?year=2026");
    for (const char* column : {"Vuorossa", "Luonnos", "Lähetetty", "Käyty", "Sovittu"})
        CHECK(page.find(column) != std::string::npos);
    CHECK(page.find("Päiväkoti Satakieli") != std::string::npos);
    // Kuunsäde has two responses (under 5) and Satakieli is hidden beside it, so Kuunsäde cannot
    // be had from the area's total by subtraction.
    CHECK(page.find("alle vähimmäiskoon") != std::string::npos);
    CHECK(page.find("piilotettu, jottei pienempi ryhmä paljastu") != std::string::npos);
    CHECK(page.find("Esimerkkivastaus") == std::string::npos);  // free text never appears
    CHECK(page.find("Esimerkkitavoite") == std::string::npos);
    CHECK(page.find("id=\"annual-clock\"") != std::string::npos);
    CHECK(page.find("vuorovuosimalli: yksilövuosi") != std::string::npos);  // 2026 is an individual year
    CHECK(get("/hr/?year=2027").find("vuorovuosimalli: ryhmävuosi") != std::string::npos);

    const std::string filtered = get("/hr/?year=2026&unit=kotihoito_ita");
    const std::string table = filtered.substr(
        filtered.find("id=\"completion\""),
        filtered.find("</table>", filtered.find("id=\"completion\"")) - filtered.find("id=\"completion\""));
    CHECK(table.find("Kotihoito Itä") != std::string::npos);
    CHECK(table.find("Satakieli") == std::string::npos);
    CHECK(filtered.find("<option value=\"kotihoito_ita\" selected>") != std::string::npos);
    const std::string area = get("/hr/?year=2026&area=hyvinvointipalvelut");
    CHECK(area.find("Päiväkoti Satakieli</td>") == std::string::npos);
    CHECK(get("/hr/?year=2026&unit=%3Cscript%3E").find("<script>") ==
          std::string::npos);  // an unknown filter is dropped
}

TEST_CASE_FIXTURE(Fixture, "a plan is compiled, reviewed and confirmed through the page's forms") {
    REQUIRE(post("add-training",
                 {{"name", "Digiosaamisen perusteet"}, {"method", "courses"}, {"audience", "varhaiskasvatus"}})
                ->status == 303);
    auto compiled = post("compile");
    REQUIRE(compiled);
    CHECK(compiled->status == 303);
    std::string page = get(kPlanPath);
    CHECK(page.find("data-state=\"compiled\"") != std::string::npos);
    CHECK(page.find("id=\"plan-needs\"") != std::string::npos);
    CHECK(page.find("oppimistavoitetta") != std::string::npos);  // from the aggregates' learning goals
    REQUIRE(post("review", {{"body", "Kaupunginjohtajan johtoryhmä"}, {"reference", "JR 14.10.2026 § 7"}})->status ==
            303);
    REQUIRE(post("confirm", {{"reference", "Yt-nk 2.11.2026 § 4"}})->status == 303);
    page = get(kPlanPath);
    CHECK(page.find("data-state=\"confirmed\"") != std::string::npos);
    CHECK(page.find("Yt-nk 2.11.2026 § 4") != std::string::npos);
    CHECK(page.find("JR 14.10.2026 § 7") != std::string::npos);
    CHECK(page.find("form-add-training") == std::string::npos);  // a confirmed plan offers no edits
    CHECK(steps() == 4);
    CHECK(get("/hr/?year=2026").find("vahvistettu") != std::string::npos);
}

TEST_CASE_FIXTURE(
    Fixture, "plan steps are refused without a session, with a bad CSRF token, after expiry, out of order or stale") {
    const std::string page = get(kPlanPath);
    const std::string csrf = test::formValue(page, "csrf");
    const std::string form = "csrf=" + csrf + "&year=2026&scope=keskitetty&steps=0&action=compile";

    auto anonymous = client().Post("/hr/plan", form, "application/x-www-form-urlencoded");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 303);
    CHECK(steps() == 0);

    auto forged =
        client().Post("/hr/plan", headers(), "csrf=not-the-token&year=2026&scope=keskitetty&steps=0&action=compile",
                      "application/x-www-form-urlencoded");
    REQUIRE(forged);
    CHECK(forged->status == 403);
    auto missing = client().Post("/hr/plan", headers(), "year=2026&scope=keskitetty&steps=0&action=compile",
                                 "application/x-www-form-urlencoded");
    CHECK(missing->status == 403);
    CHECK(steps() == 0);

    auto outOfOrder = post("confirm", {{"reference", "Yt-nk 1/2026"}});
    REQUIRE(outOfOrder);
    CHECK(outOfOrder->status == 409);
    CHECK(outOfOrder->body.find("id=\"plan-error\"") != std::string::npos);
    REQUIRE(post("compile")->status == 303);
    const std::string group = "Kaupunginjohtajan johtoryhmä";
    auto blank = post("review", {{"body", group}, {"reference", ""}});
    CHECK(blank->status == 400);
    auto stale = post("review", {{"body", group}, {"reference", "JR 1"}, {"steps", "0"}});
    CHECK(stale->status == 409);
    auto unknown = post("compile", {{"scope", "no_such_area"}});
    CHECK(unknown->status == 404);
    CHECK(steps() == 1);

    now += 31 * 60;  // idle longer than a session lasts
    auto expired = client().Post("/hr/plan", headers(), form, "application/x-www-form-urlencoded");
    REQUIRE(expired);
    CHECK(expired->status == 303);
    CHECK(steps() == 1);
}

TEST_CASE_FIXTURE(Fixture, "the printable summary is self-contained; the CSV is what a Finnish spreadsheet expects") {
    REQUIRE(post("compile")->status == 303);
    auto html = client().Get("/hr/export/summary-kasvatus_ja_opetus.html?year=2026", headers());
    REQUIRE(html);
    CHECK(html->status == 200);
    CHECK(html->get_header_value("Content-Type").find("text/html") == 0);
    CHECK(html->body.rfind("<!doctype html>", 0) == 0);
    CHECK(html->body.find("@media print") != std::string::npos);
    for (const char* external : {"http://", "https://", "<script", "src=", "<link"})
        CHECK(html->body.find(external) == std::string::npos);
    // A chart's hatching refers to a pattern in the page itself ("url(#…)"), never to anything else.
    for (std::size_t at = html->body.find("url("); at != std::string::npos; at = html->body.find("url(", at + 1))
        CHECK(html->body.compare(at, 5, "url(#") == 0);
    CHECK(html->body.find("Koulutussuunnitelma") != std::string::npos);
    CHECK(html->body.find("data-state=\"draft\"") != std::string::npos);  // the area compiles its own
    CHECK(html->body.find("alle vähimmäiskoon") != std::string::npos);
    CHECK(html->body.find("Esimerkkivastaus") == std::string::npos);
    CHECK(client().Get("/hr/export/summary-no_such_area.html", headers())->status == 404);
    auto central = client().Get("/hr/export/plan-keskitetty.html?year=2026", headers());
    REQUIRE(central);
    CHECK(central->status == 200);
    CHECK(central->body.find("<h1>Keskitetty koulutussuunnitelma 2026</h1>") != std::string::npos);
    CHECK(central->body.find("data-state=\"compiled\"") != std::string::npos);

    auto csv = client().Get("/hr/export/completion.csv?year=2026", headers());
    REQUIRE(csv);
    CHECK(
        csv->body.rfind(
            "\xEF\xBB\xBFPalvelualue;Yksikkö;Esihenkilö;Vuorossa;Luonnos;Lähetetty;Osuus %;Käyty;Sovittu;Myöhässä\r\n",
            0) == 0);
    CHECK(csv->body.find("Päiväkoti Satakieli;Tiina Kallio;") != std::string::npos);
    CHECK(csv->body.find(";100,0;") != std::string::npos);  // decimal comma
    auto json = client().Get("/hr/export/aggregates.json?year=2026", headers());
    REQUIRE(json);
    CHECK(json->body.find("goal_competences") != std::string::npos);
    CHECK(json->body.find("Esimerkkitavoite") == std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "HR's pages never hand out an individual pre-form") {
    for (const char* path : {"/hr/record/r-sample-5002", "/hr/export/r-sample-5002.json", "/hr/export/records.json",
                             "/hr/export/summary-..%2Fr-sample-5002.md", "/hr/plan?scope=r-sample-5002&year=2026"}) {
        CAPTURE(path);
        auto res = client().Get(path, headers());
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK(res->body.find("Esimerkki") == std::string::npos);
    }
}

TEST_CASE_FIXTURE(Fixture,
                  "a started pre-form counts as drafted from its record's metadata alone, until it is submitted") {
    server::ServerRecord draft;
    draft.id = "r-draft-1001";
    draft.owner = "1001";
    draft.unitId = "pk_tahtitaivas";
    draft.formId = "development_discussion_staff";
    draft.year = 2026;
    draft.version = 1;
    draft.state = sync::RecordStateWire::Draft;
    draft.payload = {1, 2, 3};  // sealed by its author: the server never opens it
    draft.contentHash = "hash-of-sealed-bytes";
    std::uint64_t serverVersion = 0;
    REQUIRE(storage->putRecord(draft, 0, serverVersion).ok());
    draft.id = "r-draft-1002-2025";
    draft.owner = "1002";
    draft.year = 2025;  // another year's draft does not count
    REQUIRE(storage->putRecord(draft, 0, serverVersion).ok());

    auto csv = client().Get("/hr/export/completion.csv?year=2026", headers());
    REQUIRE(csv);
    CHECK(csv->body.find("Kasvatus ja opetus;Päiväkoti Tähtitaivas;Helena Laine;5;1;0;0,0;0;0;0\r\n") !=
          std::string::npos);
    CHECK(get("/hr/?year=2026&unit=pk_tahtitaivas").find("<td class=\"n\">1</td>") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture,
                  "a review names one of the offered groups; typed text holds no control characters and is UTF-8") {
    REQUIRE(post("compile")->status == 303);
    for (const char* body : {"Mikä tahansa johtoryhmä", "Kaupunginjohtajan johtoryhmä\x1b[2J", ""}) {
        auto review = post("review", {{"body", body}, {"reference", "JR 1"}});
        REQUIRE(review);
        CHECK(review->status == 400);
    }
    CHECK(steps() == 1);
    const std::string page = get(kPlanPath);
    CHECK(page.find("<option value=\"Kaupunginjohtajan johtoryhmä\" selected>") != std::string::npos);
    CHECK(page.find("palvelualueen johtoryhmä\"") == std::string::npos);  // an area's group records its own
    CHECK(post("review", {{"body", "Kaupunginjohtajan johtoryhmä"}, {"reference", "KJR 3"}})->status == 303);
    CHECK(steps() == 2);

    auto escape = post("add-training", {{"name", std::string("Koulutus\x1b]0;pwned\x07")}});
    REQUIRE(escape);
    CHECK(escape->status == 400);
    auto nul = post("notes", {{"notes", std::string("rivi\0toinen", 12)}});
    REQUIRE(nul);
    CHECK(nul->status == 400);
    auto overlong = post("notes", {{"notes", "\xC0\x91llion"}});  // not UTF-8: refused, not thrown on
    REQUIRE(overlong);
    CHECK(overlong->status == 400);
    CHECK(post("notes", {{"notes", "rivi\r\ntoinen\tsarake"}})->status == 303);  // line breaks and tabs stay
}

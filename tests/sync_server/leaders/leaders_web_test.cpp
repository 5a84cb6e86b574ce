// The leaders' pages in process: accounts from the roster (the operator's one-time code, a
// password of at least 12 characters), the rights of domain/rights.h on every page (a report's
// pre-form, PIN codes for one's own unit's staff only), and refusals that show nothing: for a
// colleague, a leader of another service area and a signed-out browser, by direct URL and by
// forged POST.
#include "sync_server/leaders/leaders_fixture.h"

#include "crypto/aead.h"
#include "domain/discussion.h"
#include "domain/rights.h"
#include "ops/operator_commands.h"
#include "ops/roster_import.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace osm;
using test::kPassword;
using test::Leaders;

namespace {

bool hasCode(const server::ApiResponse& r) { return r.body.find("id=\"pin-code\"") != std::string::npos; }

}  // namespace

TEST_CASE_FIXTURE(Leaders, "a leader's first sign-in sets a password with the operator's one-time code") {
    CHECK_FALSE(server::createLeaderSignInCode(*storage, "1001", 3600, now).ok());  // not a leader
    const std::string code = server::createLeaderSignInCode(*storage, "2004", 3600, now).value();
    test::LeaderBrowser browser(*web);
    auto page = browser.get("/leaders/activate");
    const std::string token = test::LeaderBrowser::hidden(page.body, "login_token");
    auto tooShort = browser.post("/leaders/activate", "login_token=" + token + "&staff=2004&code=" + code +
                                                          "&password=lyhyt-11mrk&confirm=lyhyt-11mrk");
    CHECK(tooShort.status == 400);
    CHECK(tooShort.body.find("id=\"password-error\"") != std::string::npos);
    auto wrong = browser.post("/leaders/activate", "login_token=" + token +
                                                       "&staff=2004&code=AAAA-BBBB-CCCC&password=Uusi-salasana-2026"
                                                       "&confirm=Uusi-salasana-2026");
    CHECK(wrong.status == 401);
    auto set = browser.post("/leaders/activate", "login_token=" + token + "&staff=2004&code=" + code +
                                                     "&password=Uusi-salasana-2026&confirm=Uusi-salasana-2026");
    CHECK(set.status == 303);
    CHECK(browser.get("/leaders/").body.find("Kaisa Lehtonen") != std::string::npos);
    // The code works once; the new password signs in; the old one no longer does.
    test::LeaderBrowser other(*web);
    CHECK(other.signIn("2004", kPassword).status == 401);
    CHECK(other.signIn("2004", "Uusi-salasana-2026").status == 303);
    test::LeaderBrowser again(*web);
    page = again.get("/leaders/activate");
    CHECK(again
              .post("/leaders/activate", "login_token=" + test::LeaderBrowser::hidden(page.body, "login_token") +
                                             "&staff=2004&code=" + code +
                                             "&password=Kolmas-salasana-26&confirm=Kolmas-salasana-26")
              .status == 401);
}

TEST_CASE_FIXTURE(Leaders, "staff without a leading role have no account, and the sign-in says nothing more") {
    test::LeaderBrowser colleague(*web);
    REQUIRE(server::setLeaderPassword(*storage, "1001", kPassword).error().code == ErrorCode::NotFound);
    CHECK(colleague.signIn("1001", kPassword).status == 401);
    CHECK(colleague.get("/leaders/staff/1002").status == 303);
}

TEST_CASE_FIXTURE(Leaders, "a director sees her staff's stages and makes PIN codes for her own unit only") {
    auto director = signedIn("1005");
    const auto home = director.get("/leaders/");
    CHECK(home.status == 200);
    CHECK(home.body.find("id=\"staff-1001\"") != std::string::npos);
    CHECK(home.body.find("id=\"staff-2001\"") == std::string::npos);
    const std::string csrf = director.csrf();
    const auto slip = director.post("/leaders/pin", "csrf=" + csrf + "&staff=1003");
    CHECK(slip.status == 200);
    CHECK(hasCode(slip));
    CHECK_FALSE((*storage->person("1003"))->setupCode.verifierHex.empty());
    // Someone else's staff, herself, her own supervisor: refused, no code made.
    for (const char* other : {"2001", "1005", "3001", "4001", "9999", "x"}) {
        const auto refused = director.post("/leaders/pin", "csrf=" + csrf + "&staff=" + other);
        CHECK(refused.status == 403);
        CHECK_FALSE(hasCode(refused));
    }
    CHECK((*storage->person("2001"))->setupCode.verifierHex.empty());
    // Without the page's token, or from another site: refused before anything is done.
    CHECK(director.post("/leaders/pin", "staff=1004").status == 403);
    CHECK(director.post("/leaders/pin", "csrf=" + csrf + "&staff=1004", {{"Sec-Fetch-Site", "cross-site"}}).status ==
          403);
    CHECK((*storage->person("1004"))->setupCode.verifierHex.empty());
}

TEST_CASE_FIXTURE(Leaders, "the service-area director may not make PIN codes for a unit's staff") {
    auto director = signedIn("3001");
    CHECK(director.post("/leaders/pin", "csrf=" + director.csrf() + "&staff=2004").status == 403);
    CHECK(director.post("/leaders/pin", "csrf=" + director.csrf() + "&staff=1001").status == 403);
}

TEST_CASE_FIXTURE(Leaders,
                  "pre-forms: the supervisor reads, a leader of another area and a signed-out browser do not") {
    auto principal = signedIn("2004");
    auto own = signedIn("3001");
    CHECK(own.get("/leaders/staff/2004").status == 200);
    CHECK(own.get("/leaders/").body.find("id=\"staff-2004\"") != std::string::npos);
    auto other = signedIn("4003");
    const auto refused = other.get("/leaders/staff/2004");
    CHECK(refused.status == 403);
    CHECK(refused.body.find("Kaisa") == std::string::npos);
    CHECK(principal.get("/leaders/staff/2001").status == 200);
    CHECK(principal.get("/leaders/staff/1001").status == 403);
    test::LeaderBrowser signedOut(*web);
    CHECK(signedOut.get("/leaders/staff/2004").status == 303);
    CHECK(signedOut.post("/leaders/pin", "staff=2001").status == 403);
    CHECK(signedOut.post("/leaders/pin", "csrf=" + principal.csrf() + "&staff=2001").status == 403);
    CHECK((*storage->person("2001"))->setupCode.verifierHex.empty());
}

namespace {

// Aino's (1001) pre-form of 2026, submitted, with these followed-up goals.
void storePreForm(Leaders& f, const std::vector<domain::GoalFollowUp>& followUp,
                  const std::vector<domain::LearningGoal>& goals = {}) {
    domain::DevelopmentDiscussion preForm;
    preForm.formId = "development_discussion_staff";
    preForm.year = 2026;
    preForm.followUp = followUp;
    preForm.goals = goals;
    server::ServerRecord r;
    r.id = "r-seuranta";
    r.owner = "1001";
    r.unitId = "pk_tahtitaivas";
    r.formId = preForm.formId;
    r.year = 2026;
    r.version = 1;
    r.state = sync::RecordStateWire::Submitted;
    r.payload = crypto::seal(f.keys->storage, {r.id, r.owner, r.version}, domain::toJson(preForm)).value();
    r.contentHash = crypto::contentHash(r.payload);
    std::uint64_t stored = 0;
    REQUIRE(f.storage->putRecord(r, 0, stored).ok());
}

}  // namespace

TEST_CASE_FIXTURE(Leaders, "the supervisor reads how the report marked the goals agreed earlier") {
    storePreForm(*this, {{"SOVITTU-2024", 2024, "partly", "KOMMENTTI-<b>"}, {"TOINEN-2024", 2024, "", ""}});
    const std::string page = signedIn("1005").get("/leaders/staff/1001").body;
    const auto list = page.find("id=\"follow-up\"");
    REQUIRE(list != std::string::npos);
    CHECK(page.find("SOVITTU-2024", list) != std::string::npos);
    CHECK(page.find("Osittain", list) != std::string::npos);
    CHECK(page.find("Ei merkitty", list) != std::string::npos);
    CHECK(page.find("KOMMENTTI-&lt;b&gt;", list) != std::string::npos);
    CHECK(list < page.find("Miten arvioit"));  // on the first page's theme, before its questions
}

TEST_CASE_FIXTURE(Leaders, "the supervisor sees the report's completions from Priima and Oss, and that is logged") {
    storePreForm(*this, {{"SOVITTU-2024", 2024, "achieved", ""}});
    REQUIRE(storage
                ->addCompletions({{"1001", "priima", "pr_101", "", "2026-05-04", 0},
                                  {"1001", "oss", "", "ENSIAPU-<1>", "2026-03-14", 450},
                                  {"1002", "oss", "", "TOISEN-KOULUTUS", "2026-03-14", 60}})
                .ok());
    const std::string page = signedIn("1005").get("/leaders/staff/1001").body;
    const auto list = page.find("id=\"completions\"");
    REQUIRE(list != std::string::npos);
    CHECK(page.find("suoritettu Priimassa 4.5.2026", list) != std::string::npos);
    CHECK(page.find("ENSIAPU-&lt;1&gt;", list) != std::string::npos);
    CHECK(page.find("7,5 h", list) != std::string::npos);
    CHECK(page.find("TOISEN-KOULUTUS") == std::string::npos);
    const auto reads = storage->readsAbout("1001").value();
    CHECK(std::any_of(reads.begin(), reads.end(), [](const server::ReadSummary& r) {
        return r.recordId == "completions:1001" && r.reader == "1005" && r.channel == "web";
    }));
}

TEST_CASE_FIXTURE(Leaders, "a goal naming a completed Priima course has its mark, on the pre-form and when recording") {
    storePreForm(*this, {},
                 {{"PRIIMA-TAVOITE", "", {"learning_by_doing", "priima.pr_101"}}, {"MUU-TAVOITE", "", {"mentoring"}}});
    auto helena = signedIn("1005");
    CHECK(helena.get("/leaders/staff/1001").body.find("priima-done") == std::string::npos);  // not completed yet
    REQUIRE(storage->addCompletions({{"1001", "priima", "pr_101", "", "2026-05-04", 0}}).ok());
    for (const char* path : {"/leaders/staff/1001", "/leaders/record/1001"}) {
        const auto shown = helena.get(path);
        REQUIRE_MESSAGE(shown.status == 200, path);
        const std::string& page = shown.body;
        const auto goal = page.find("PRIIMA-TAVOITE");
        REQUIRE(goal != std::string::npos);
        const auto mark = page.find("<p class=\"priima-done\">Suoritettu Priimassa 4.5.2026</p>", goal);
        REQUIRE_MESSAGE(mark != std::string::npos, path);
        CHECK(mark < page.find("MUU-TAVOITE", goal));  // under its own goal, not the other one
    }
    // The record page handed the completions out too: its read is in the log.
    const auto reads = storage->readsAbout("1001").value();
    CHECK(std::count_if(reads.begin(), reads.end(), [](const server::ReadSummary& r) {
              return r.recordId == "completions:1001" && r.reader == "1005" && r.channel == "web";
          }) == 1);  // one row, counted twice
}

TEST_CASE_FIXTURE(Leaders, "a pre-form shown on the web is in the read log; a refused page is not") {
    // With the keys, the demo's sample unit has submitted pre-forms (Antti's, 5002, to Tiina, 5001).
    REQUIRE(server::loadDemoOrganisation(*storage, test::assetsDir(), keys.get()).ok());
    REQUIRE(server::setLeaderPassword(*storage, "5001", kPassword).ok());
    auto other = signedIn("4003");
    CHECK(other.get("/leaders/staff/5002").status == 403);
    CHECK(storage->readCount().value() == 0);
    auto tiina = signedIn("5001");
    const auto shown = tiina.get("/leaders/staff/5002");
    REQUIRE(shown.status == 200);
    CHECK(shown.body.find("Esimerkkivastaus") != std::string::npos);
    const auto reads = storage->readsAbout("5002").value();
    REQUIRE(reads.size() == 1);
    CHECK(reads[0].recordId == "r-sample-5002");
    CHECK(reads[0].reader == "5001");
    CHECK(reads[0].channel == "web");
    CHECK(reads[0].firstAt == now);
}

TEST_CASE_FIXTURE(Leaders, "signing out ends the session, and a session ends after 30 idle minutes") {
    auto director = signedIn("1005");
    const std::string csrf = director.csrf();
    auto kept = director.cookies;
    CHECK(director.post("/leaders/logout", "csrf=" + csrf).status == 303);
    test::LeaderBrowser replay(*web);
    replay.cookies = kept;
    CHECK(replay.get("/leaders/staff/1001").status == 303);
    auto idle = signedIn("1005");
    now += 31 * 60;
    CHECK(idle.get("/leaders/staff/1001").status == 303);
}

TEST_CASE_FIXTURE(Leaders, "every page is in Finnish, Swedish or English as chosen, with a switch and strict headers") {
    test::LeaderBrowser browser(*web);
    const auto fi = browser.get("/leaders/");
    CHECK(fi.body.find("lang=\"fi\"") != std::string::npos);
    CHECK(fi.body.find("På svenska") != std::string::npos);
    const auto sv = browser.get("/leaders/", {{"lang", "sv"}});
    CHECK(sv.body.find("<html lang=\"sv\"") != std::string::npos);
    CHECK(sv.body.find("Personalnummer") != std::string::npos);
    CHECK(browser.get("/leaders/").body.find("Personalnummer") != std::string::npos);  // remembered
    bool csp = false, noStore = false;
    for (const auto& [name, value] : sv.headers) {
        csp = csp || (name == "Content-Security-Policy" && value.find("default-src 'none'") != std::string::npos);
        noStore = noStore || (name == "Cache-Control" && value == "no-store");
    }
    CHECK(csp);
    CHECK(noStore);
}

TEST_CASE("the supervisor of a unit's leader or of someone above the unit level leads above the unit level") {
    const std::string header = "staff_number,name,unit,service_area,sector,roles,manager\n";
    const std::string good = header +
                             "3001,Pekka,,ala,teaching,employee|manager|service_area_director,\n"
                             "2004,Kaisa,koulu,ala,teaching,employee|manager|principal,3001\n"
                             "2001,Juha,koulu,ala,teaching,employee,2004\n";
    CHECK(server::parseRosterCsv(good).ok());
    const std::string principalUnderTeacher = header +
                                              "2001,Juha,koulu,ala,teaching,employee,\n"
                                              "2004,Kaisa,koulu,ala,teaching,employee|manager|principal,2001\n";
    const auto bad = server::parseRosterCsv(principalUnderTeacher);
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems.front().find("line 3: manager:") == 0);
    const std::string directorUnderPrincipal = header +
                                               "2004,Kaisa,koulu,ala,teaching,employee|manager|principal,\n"
                                               "3001,Pekka,,ala,teaching,employee|manager|service_area_director,2004\n";
    CHECK(server::parseRosterCsv(directorUnderPrincipal).problems.size() == 1);
    CHECK(domain::leads(
        *domain::loadOrganisationFile(test::assetsDir() / "demo" / "organisation.json")->findPerson("3002")));
}

// The leaders' pages on the real server binary over loopback HTTP (`init --demo`, `serve`):
// - a cross-unit group's discussion follows up the development priorities of the group's
//   previous one (the same kind and service area, the latest earlier year), marked achieved /
//   partly / not yet in the payload's `follow_up`, checked by the server, read by the service-area
//   director; a member who may not read the previous one gets nothing of it;
// - a form over the limit ends on a page saying nothing was saved (413), and a form posted after
//   the session ended on the sign-in page saying the same (403); nothing is stored either way.
#include "sync_server/form_value.h"
#include "sync_server/hr/hr_web_fixture.h"
#include "sync_server/leaders/leaders_browser.h"
#include "sync_server/leaders/loopback_browser.h"
#include "sync_server/server_process.h"

#include "domain/annual_clock.h"
#include "domain/discussion.h"
#include "ops/operator_commands.h"
#include "ops/server_keys.h"
#include "storage/sync_storage.h"
#include "test_support.h"

#include "crypto/aead.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <map>

using namespace osm;

namespace {

using test::Browser;

struct DemoServer {
    test::TempDir dir;
    server::ServerPaths paths{dir / "data", dir / "data" / "keys"};
    std::unique_ptr<test::ServerProcess> process;
    int year = domain::dateOfUnixSeconds(std::time(nullptr)).year;  // the server's clock

    DemoServer() {
        const auto init = test::runServerCommand(
            {"--data", paths.dataDir.string(), "--assets", test::assetsDir().string(), "init", "--demo"});
        REQUIRE_MESSAGE(init.exitCode == 0, init.output);
        // Last year's catalogue, published (the demo installs this year's only): a discussion of
        // last year may still be recorded on the leaders' web.
        auto catalogue = nlohmann::json::parse(test::readFile(test::assetsDir() / "catalog" / "2026.json"));
        catalogue["year"] = year - 1;
        const auto file = dir / (std::to_string(year - 1) + ".json");
        test::writeFile(file, catalogue.dump());
        const auto published = test::runServerCommand({"--data", paths.dataDir.string(), "--assets",
                                                       test::assetsDir().string(), "publish-catalog", file.string()});
        REQUIRE_MESSAGE(published.exitCode == 0, published.output);
        process = std::make_unique<test::ServerProcess>(std::vector<std::string>{
            "--data", paths.dataDir.string(), "--assets", test::assetsDir().string(), "serve", "--port", "0"});
    }
    Browser signedIn(const std::string& staff) {
        Browser browser(process->port());
        browser.signIn(staff);
        return browser;
    }
    // The records a person owns of a kind, as the server keeps them (opened beside the running server).
    std::vector<server::ServerRecord> owned(const std::string& staff, sync::RecordKindWire kind) {
        auto storage = server::openSqliteStorage(paths.databasePath()).value();
        std::vector<server::ServerRecord> out;
        auto rows = storage->recordsOwnedBy(staff);
        REQUIRE(rows.ok());
        for (server::ServerRecord& r : *rows) {
            if (r.kind == kind) out.push_back(std::move(r));
        }
        return out;
    }
    domain::GroupDiscussion opened(const server::ServerRecord& r) {
        const auto keys = server::loadServerKeys(paths.keyDir).value();
        return domain::groupDiscussionFromJson(
                   crypto::open(keys.storage, {r.id, r.owner, r.version}, r.payload).value())
            .value();
    }
};

// Every theme answered under both points of view, with these development priorities.
std::string themes(const std::string& first, const std::string& second) {
    std::string body;
    for (const char* q : {"current_competence.strengths", "future_needs.needs", "worklife_skills.cooperation"})
        body += std::string("&a.") + q + "=Keskusteltiin&a." + q + "@2=Keskusteltiin";
    return body + "&a.priorities.top_priorities=" + first + "&a.priorities.top_priorities@2=" + second;
}

std::string locationOf(const httplib::Result& r) { return r->get_header_value("Location"); }

}  // namespace

TEST_CASE_FIXTURE(DemoServer, "a cross-unit group's discussion follows up its previous one's priorities") {
    auto helena = signedIn("1005");
    const std::string newPage = "/leaders/group/new?kind=principals_and_directors";
    auto blank = helena.get(newPage);
    REQUIRE(blank);
    CHECK(blank->body.find("id=\"follow-up\"") == std::string::npos);  // nothing earlier to follow up
    const std::string csrf = test::formValue(blank->body, "csrf");
    // Last year's discussion (still recordable late), with Kaisa of the school.
    auto earlier = helena.post("/leaders/group/new", "csrf=" + csrf + "&version=0&kind=principals_and_directors&year=" +
                                                         std::to_string(year - 1) + "&p.1005=1&p.2004=1&action=submit" +
                                                         themes("-+PAINOPISTE-A%0D%0A-+PAINOPISTE-B", "ALUE-C"));
    REQUIRE(earlier);
    REQUIRE(earlier->status == 303);

    // This year's new discussion lists them, every point of view's, unmarked.
    auto fresh = helena.get(newPage);
    REQUIRE(fresh);
    const std::string& form = fresh->body;
    REQUIRE(form.find("id=\"follow-up\"") != std::string::npos);
    CHECK(form.find("Edellisen ryhmäkeskustelun painopisteiden seuranta") != std::string::npos);
    for (const char* item : {"PAINOPISTE-A", "PAINOPISTE-B", "ALUE-C"}) CHECK(form.find(item) != std::string::npos);
    CHECK(form.find("kirjattu vuonna " + std::to_string(year - 1)) != std::string::npos);
    CHECK(form.find("name=\"f2.mark\" value=\"not_yet\"") != std::string::npos);
    CHECK(form.find("name=\"f3.mark\"") == std::string::npos);

    // Unmarked, a forged mark or a slot it has not: not submitted, nothing stored.
    const std::string start = "csrf=" + csrf + "&version=0&kind=principals_and_directors&year=" + std::to_string(year) +
                              "&p.1005=1&p.2004=1" + themes("UUSI", "UUSI-2");
    auto unmarked = helena.post("/leaders/group/new", start + "&action=submit");
    REQUIRE(unmarked);
    CHECK(unmarked->status == 400);
    CHECK(unmarked->body.find("id=\"f0.mark-error\"") != std::string::npos);
    CHECK(unmarked->body.find("Merkitkää, miten painopiste toteutui") != std::string::npos);
    for (const char* forged : {"&f0.mark=maybe", "&f3.mark=achieved", "&f0.text=KEKSITTY"}) {
        INFO(forged);
        auto refused = helena.post("/leaders/group/new", start + "&action=save" + forged);
        REQUIRE(refused);
        CHECK(refused->status == 400);
    }
    const auto before = owned("1005", sync::RecordKindWire::Group);
    REQUIRE(before.size() == 2);  // last year's, and the draft the unmarked submission kept

    // Marked and submitted on top of that draft.
    const server::ServerRecord& draft = before[0].year == year ? before[0] : before[1];
    REQUIRE(draft.state == sync::RecordStateWire::Draft);
    const std::string marks = "&f0.mark=achieved&f1.mark=partly&f1.comment=Puolet+kouluista+mukana&f2.mark=not_yet";
    auto submitted = helena.post("/leaders/group/" + draft.id,
                                 "csrf=" + csrf + "&version=" + std::to_string(draft.version) + "&p.1005=1&p.2004=1" +
                                     themes("UUSI", "UUSI-2") + marks + "&action=submit");
    REQUIRE(submitted);
    REQUIRE(submitted->status == 303);
    std::vector<server::ServerRecord> now = owned("1005", sync::RecordKindWire::Group);
    const server::ServerRecord& done = now[0].id == draft.id ? now[0] : now[1];
    CHECK(done.state == sync::RecordStateWire::Submitted);
    const domain::GroupDiscussion content = opened(done);
    REQUIRE(content.followUp.size() == 3);
    CHECK(content.followUp[0] == domain::GoalFollowUp{"PAINOPISTE-A", year - 1, "achieved", ""});
    CHECK(content.followUp[1] == domain::GoalFollowUp{"PAINOPISTE-B", year - 1, "partly", "Puolet kouluista mukana"});
    CHECK(content.followUp[2] == domain::GoalFollowUp{"ALUE-C", year - 1, "not_yet", ""});

    // The service-area director reads the marks with the discussion.
    auto pekka = signedIn("3001");
    auto read = pekka.get(locationOf(submitted));
    REQUIRE(read);
    CHECK(read->status == 200);
    CHECK(read->body.find("PAINOPISTE-B") != std::string::npos);
    CHECK(read->body.find("Osittain") != std::string::npos);
    CHECK(read->body.find("Puolet kouluista mukana") != std::string::npos);

    // Kaisa, who took part last year, gets the priorities too; the delivery is in the read log.
    auto kaisa = signedIn("2004");
    auto hers = kaisa.get(newPage);
    REQUIRE(hers);
    CHECK(hers->body.find("PAINOPISTE-A") != std::string::npos);
    auto storage = server::openSqliteStorage(paths.databasePath()).value();
    const auto reads = storage->readsAbout("1005").value();
    CHECK(std::any_of(reads.begin(), reads.end(),
                      [](const server::ReadSummary& r) { return r.reader == "2004" && r.channel == "web"; }));
}

TEST_CASE_FIXTURE(DemoServer, "a form over the limit, or after the session ended, ends on a page saying so") {
    auto helena = signedIn("1005");
    auto own = helena.get("/leaders/own");
    REQUIRE(own);
    REQUIRE(own->status == 200);
    const std::string csrf = test::formValue(own->body, "csrf");
    std::string cookies;
    for (const auto& [name, value] : helena.m_cookies) cookies += name + "=" + value + "; ";

    // Over 2 MiB: refused before it is read, with a page in the browser's language.
    const std::string answer = test::rawHttpExchange(
        process->port(), "POST /leaders/own HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: fi\r\nCookie: " + cookies +
                             "\r\nSec-Fetch-Site: same-origin\r\nContent-Type: "
                             "application/x-www-form-urlencoded\r\nContent-Length: " +
                             std::to_string(2 * 1024 * 1024 + 1) + "\r\n\r\ncsrf=" + csrf + "&version=0&action=save");
    REQUIRE(answer.rfind("HTTP/1.1 413", 0) == 0);
    CHECK(answer.find("Content-Type: text/html") != std::string::npos);
    CHECK(answer.find("Lomake on liian suuri") != std::string::npos);
    CHECK(answer.find("eikä siitä tallennettu mitään") != std::string::npos);
    CHECK(answer.find("href=\"/leaders/\"") != std::string::npos);
    CHECK(answer.find("Content-Security-Policy: default-src 'none'") != std::string::npos);
    // In Swedish for a Swedish browser; the group form has the same limit.
    const std::string svenska = test::rawHttpExchange(
        process->port(),
        "POST /leaders/group/new HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: sv\r\nContent-Type: "
        "application/x-www-form-urlencoded\r\nContent-Length: " +
            std::to_string(2 * 1024 * 1024 + 1) + "\r\n\r\n");
    CHECK(svenska.rfind("HTTP/1.1 413", 0) == 0);
    CHECK(svenska.find("Formuläret är för stort") != std::string::npos);
    CHECK(owned("1005", sync::RecordKindWire::Development).empty());

    // The same form within the limit is saved: the session still works.
    auto saved = helena.post("/leaders/own", "csrf=" + csrf + "&version=0&action=save&a.past_year.review=ENSIN");
    REQUIRE(saved);
    CHECK(saved->status == 303);
    REQUIRE(owned("1005", sync::RecordKindWire::Development).size() == 1);

    // The browser dropped the session cookie at the end of the idle time: the page's form (its
    // token, its version) ends on the sign-in page, which says nothing was saved.
    Browser expired(process->port());
    expired.m_cookies = helena.m_cookies;
    expired.forgetSession();
    auto late = expired.post("/leaders/own", "csrf=" + csrf + "&version=1&action=save&a.past_year.review=MYOHASSA");
    REQUIRE(late);
    CHECK(late->status == 403);
    CHECK(late->body.find("Istuntosi oli päättynyt, eikä lähettämääsi lomaketta tallennettu") != std::string::npos);
    CHECK(late->body.find("id=\"password\"") != std::string::npos);
    CHECK(late->body.find("MYOHASSA") == std::string::npos);
    // A session ended on the server (signed out in another tab) with the cookie still sent: the same.
    auto out = helena.post("/leaders/logout", "csrf=" + csrf);
    REQUIRE(out);
    REQUIRE(out->status == 303);
    auto afterSignOut = helena.post("/leaders/own", "csrf=" + csrf + "&version=1&action=save&a.past_year.review=X");
    REQUIRE(afterSignOut);
    CHECK(afterSignOut->status == 403);
    CHECK(afterSignOut->body.find("eikä lähettämääsi lomaketta tallennettu") != std::string::npos);
    // The autosave script's background save is told the same by its status (it keeps its copy).
    auto background = expired.post("/leaders/own", "csrf=" + csrf + "&version=1&action=save&a.past_year.review=Y",
                                   {{"Accept", "application/json"}});
    REQUIRE(background);
    CHECK(background->status == 403);
    const auto kept = owned("1005", sync::RecordKindWire::Development);
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].version == 1);
    // From another site it is refused as before, without the sign-in page.
    auto crossSite =
        expired.post("/leaders/own", "csrf=" + csrf + "&version=1&action=save", {{"Sec-Fetch-Site", "cross-site"}});
    REQUIRE(crossSite);
    CHECK(crossSite->status == 403);
    CHECK(crossSite->body.find("id=\"password\"") == std::string::npos);
}

TEST_CASE_FIXTURE(DemoServer, "the strategic page: the city's group sees every area, an area's group its own") {
    const auto has = [](const std::string& body, const std::string& text) {
        return body.find(text) != std::string::npos;
    };
    // The page's body, its status checked.
    const auto page = [](Browser& browser, const std::string& path, int status) {
        auto answer = browser.get(path);
        REQUIRE(answer);
        CHECK_MESSAGE(answer->status == status, path);
        return answer->body;
    };
    // The city manager (city_management): the whole city, every service area's plan and figures,
    // the years side by side (the demo's 2024 and 2026), and the catalogue's four themes.
    auto leena = signedIn("9101");
    CHECK(has(page(leena, "/leaders/", 200), "id=\"strategy-link\""));
    const std::string city = page(leena, "/leaders/strategy?year=2026", 200);
    for (const char* part :
         {"id=\"plan-kasvatus_ja_opetus\"", "id=\"plan-hyvinvointipalvelut\"", "id=\"plan-keskitetty\"",
          "id=\"strategy-city-table\"", "id=\"strategy-kasvatus_ja_opetus-table\"",
          "id=\"strategy-hyvinvointipalvelut-table\"", "id=\"strategy-themes\"",
          "Koottujen koulutussuunnitelmien läpikäynti", "Julkaistu koonti 1/2026", "Julkaistu koonti 1/2024",
          "id=\"chart-years-ratings-kasvatus_ja_opetus\"", "<th>2024</th><th>2026</th>"})
        CHECK_MESSAGE(has(city, part), part);
    // Nothing but released figures: no free text of any pre-form.
    CHECK_FALSE(has(city, "Esimerkkivastaus"));
    const std::string one = page(leena, "/leaders/strategy?scope=hyvinvointipalvelut", 200);
    CHECK(has(one, "id=\"strategy-hyvinvointipalvelut-table\""));
    CHECK_FALSE(has(one, "id=\"strategy-kasvatus_ja_opetus-table\""));

    // A service area's director and a management-group member: their own area (and the city's
    // total beside it), only their own area's plan; another area's, the whole city's view or an
    // unknown area refused, nothing of it shown.
    for (const char* staff : {"3001", "3002"}) {
        auto member = signedIn(staff);
        const std::string own = page(member, "/leaders/strategy", 200);
        CHECK(has(own, "id=\"strategy-kasvatus_ja_opetus-table\""));
        CHECK(has(own, "id=\"strategy-city-table\""));
        CHECK(has(own, "id=\"plan-kasvatus_ja_opetus\""));
        CHECK_FALSE(has(own, "id=\"strategy-hyvinvointipalvelut-table\""));
        CHECK_FALSE(has(own, "id=\"plan-keskitetty\""));
        for (const char* scope : {"hyvinvointipalvelut", "city", "ei_ole"})
            CHECK_FALSE(has(page(member, std::string("/leaders/strategy?scope=") + scope, 403), "strategy-"));
    }
    auto sari = signedIn("4003");
    CHECK_FALSE(has(page(sari, "/leaders/strategy?scope=kasvatus_ja_opetus", 403), "strategy-"));
    // Wrong role: a daycare director leads, but holds no strategic discussion.
    auto helena = signedIn("1005");
    CHECK_FALSE(has(page(helena, "/leaders/", 200), "strategy-link"));
    CHECK_FALSE(has(page(helena, "/leaders/strategy", 403), "strategy-"));
    // Signed out: to the sign-in page, nothing of the page.
    Browser stranger(process->port());
    CHECK_FALSE(has(page(stranger, "/leaders/strategy?scope=city", 303), "strategy-"));
    // A year that is no year is a bad request.
    page(leena, "/leaders/strategy?year=20x6", 400);
}

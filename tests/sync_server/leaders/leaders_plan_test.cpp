// Training plans on the real server binary over loopback HTTP (`init --demo`, `serve`), issue 14:
// the service area's management group (director Pekka 3001, member Marketta 3002) drafts and
// compiles Kasvatus ja opetus's plan on the leaders' pages, with the deadline (end of September)
// and "late" after it; HR sees the warning and the compiled plan beside its central plan and
// consolidates; the group records its own review; co-operation committee member Ville (9002)
// reads the plan put to him and confirms it. Every refusal with its status and nothing stored:
// another area's director (4003), a leader not in the group (1005), the committee before the plan
// is put to it, a signed-out browser, a POST without the token, a stale form, a step out of
// order, HR compiling an area's plan or confirming for the committee. With `hr-confirms-plans`
// HR confirms as before and the committee cannot.
#include "sync_server/leaders/loopback_browser.h"
#include "sync_server/server_process.h"

#include "domain/annual_clock.h"
#include "ops/operator_commands.h"
#include "storage/sync_storage.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <ctime>

using namespace osm;
using test::Browser;

namespace {

constexpr const char* kArea = "kasvatus_ja_opetus";
constexpr const char* kTraining = "Digiosaamisen perusteet";

struct PlanServer {
    test::TempDir dir;
    server::ServerPaths paths{dir / "data", dir / "data" / "keys"};
    std::unique_ptr<test::ServerProcess> process;
    domain::Date today = domain::dateOfUnixSeconds(std::time(nullptr));  // the server's clock

    explicit PlanServer(bool hrConfirms = false) {
        const auto init = test::runServerCommand(
            {"--data", paths.dataDir.string(), "--assets", test::assetsDir().string(), "init", "--demo"});
        REQUIRE_MESSAGE(init.exitCode == 0, init.output);
        CHECK(init.output.find(" 9002") != std::string::npos);  // the committee member's demo account
        std::vector<std::string> args{
            "--data", paths.dataDir.string(), "--assets", test::assetsDir().string(), "serve", "--port", "0"};
        if (hrConfirms) args.push_back("--hr-confirms-plans");
        process = std::make_unique<test::ServerProcess>(args);
    }
    Browser leader(const std::string& staff) {
        Browser b(process->port());
        b.signIn(staff);
        return b;
    }
    Browser hr() {
        Browser b(process->port());
        b.signInHr("marja.peltonen", "Osaamissilta-demo-2026");
        return b;
    }
    // The plan as the server keeps it (opened beside the running server): its steps.
    std::vector<server::PlanEventRow> history(const std::string& scope) {
        auto storage = server::openSqliteStorage(paths.databasePath()).value();
        auto row = storage->trainingPlan(today.year, scope);
        REQUIRE(row.ok());
        return row->has_value() ? (*row)->history : std::vector<server::PlanEventRow>{};
    }
};

// Posts a plan form as the page at `page` renders it (its token and step count), with `fields`.
httplib::Result postPlan(Browser& b, const std::string& page, const std::string& target, const std::string& scope,
                         const std::string& fields) {
    auto shown = b.get(page);
    REQUIRE(shown);
    return b.post(target, "csrf=" + test::formValue(shown->body, "csrf") +
                              "&year=" + test::formValue(shown->body, "year") + "&scope=" + scope +
                              "&steps=" + test::formValue(shown->body, "steps") + "&" + fields);
}

const std::string kPlanPage = std::string("/leaders/plan?scope=") + kArea;

}  // namespace

TEST_CASE("a service area compiles its plan, HR consolidates, the group reviews, the committee confirms") {
    PlanServer server;
    const bool late = server.today > domain::Date{server.today.year, 9, 30};

    auto pekka = server.leader("3001");
    auto home = pekka.get("/leaders/");
    CHECK(home->body.find("id=\"plan-link\"") != std::string::npos);
    auto page = pekka.get("/leaders/plan");
    REQUIRE(page->status == 200);
    CHECK(page->body.find("Kasvatus ja opetus") != std::string::npos);
    CHECK(page->body.find("30.9." + std::to_string(server.today.year)) != std::string::npos);
    CHECK((page->body.find("id=\"plan-late\"") != std::string::npos) == late);
    CHECK(page->body.find("id=\"plan-inputs\"") != std::string::npos);
    CHECK(page->body.find("id=\"form-compile\"") != std::string::npos);

    // Refused before anything: other people, no session, no token, a step out of order.
    for (const char* staff : {"4003", "1005", "9002"}) {
        auto other = server.leader(staff);
        CHECK_MESSAGE(other.get(kPlanPage)->status == 403, staff);
        auto forged = postPlan(other, "/leaders/", "/leaders/plan", kArea, "action=compile");
        CHECK_MESSAGE(forged->status == 403, staff);
        CHECK(forged->body.find("id=\"form-compile\"") == std::string::npos);
    }
    CHECK(server.leader("4003").get("/leaders/plan?scope=hyvinvointipalvelut")->status == 200);  // her own area
    Browser anonymous(server.process->port());
    CHECK(anonymous.get(kPlanPage)->status == 303);
    CHECK(anonymous.post("/leaders/plan", "scope=kasvatus_ja_opetus&steps=0&action=compile")->status == 403);
    CHECK(pekka.post("/leaders/plan", "scope=kasvatus_ja_opetus&steps=0&action=compile")->status == 403);
    CHECK(postPlan(pekka, kPlanPage, "/leaders/plan", kArea, "action=review&reference=JR+1")->status == 409);
    CHECK(server.history(kArea).empty());

    // Marketta of the management group adds a training; Pekka compiles; a stale form is refused.
    auto marketta = server.leader("3002");
    CHECK(postPlan(marketta, kPlanPage, "/leaders/plan", kArea,
                   "action=add-training&name=Digiosaamisen+perusteet&method=courses")
              ->status == 303);
    const std::string stale = pekka.get(kPlanPage)->body;
    CHECK(postPlan(pekka, kPlanPage, "/leaders/plan", kArea, "action=compile")->status == 303);
    auto again = pekka.post("/leaders/plan", "csrf=" + test::formValue(stale, "csrf") +
                                                 "&scope=kasvatus_ja_opetus&steps=1&action=notes&notes=x");
    CHECK(again->status == 409);
    CHECK(again->body.find("id=\"plan-error\"") != std::string::npos);
    REQUIRE(server.history(kArea).size() == 2);
    CHECK(server.history(kArea).back().actor == "Pekka Salminen (3001)");

    // HR: the late warning, no compile of an area's plan, the area's plan beside the central one.
    auto hr = server.hr();
    const std::string overview = hr.get("/hr/")->body;
    CHECK((overview.find("id=\"late-plans\"") != std::string::npos) == late);
    const std::string areaPage = std::string("/hr/plan?scope=") + kArea;
    CHECK(hr.get(areaPage)->body.find("id=\"form-compile\"") == std::string::npos);
    CHECK(postPlan(hr, areaPage, "/hr/plan", kArea, "action=compile")->status == 409);
    CHECK(postPlan(hr, areaPage, "/hr/plan", kArea, "action=add-training&name=X")->status == 409);
    const std::string central = "/hr/plan?scope=keskitetty";
    auto centralPage = hr.get(central);
    CHECK(centralPage->body.find("id=\"area-plan-kasvatus_ja_opetus\" data-state=\"compiled\"") != std::string::npos);
    CHECK(postPlan(hr, central, "/hr/plan", "keskitetty", "action=consolidate")->status == 303);
    const std::string consolidated = hr.get(central)->body;
    const std::string trainings = consolidated.substr(consolidated.find("id=\"plan-trainings\""));
    CHECK(trainings.find(kTraining) < trainings.find("</table>"));
    CHECK(trainings.find("Kasvatus ja opetus") < trainings.find("</table>"));  // its audience: the area
    CHECK(server.history("keskitetty").back().action == "consolidate");
    CHECK(server.history(kArea).size() == 2);

    // The committee sees nothing not put to it; the group reviews; HR may not confirm for it.
    auto ville = server.leader("9002");
    CHECK(ville.get("/leaders/plans")->body.find("id=\"no-plans\"") != std::string::npos);
    CHECK(postPlan(marketta, kPlanPage, "/leaders/plan", kArea, "action=review&reference=JR+14.10.2026+%C2%A7+7")
              ->status == 303);
    CHECK(marketta.get(kPlanPage)->body.find("id=\"form-review\"") == std::string::npos);  // once per version
    CHECK(postPlan(marketta, kPlanPage, "/leaders/plan", kArea, "action=review&reference=JR+2")->status == 409);
    CHECK(hr.get(areaPage)->body.find("JR 14.10.2026 § 7") != std::string::npos);
    CHECK(postPlan(hr, areaPage, "/hr/plan", kArea, "action=confirm&reference=Yt+1")->status == 409);
    CHECK(postPlan(hr, areaPage, "/hr/plan", kArea,
                   "action=review&body=Kasvatus+ja+opetus+%E2%80%93+palvelualueen+johtoryhm%C3%A4&reference=JR+3")
              ->status == 400);  // the group records its own review
    CHECK(postPlan(pekka, kPlanPage, "/leaders/plan", kArea, "action=confirm&reference=Yt+1")->status == 403);

    // Ville confirms; nothing more is edited.
    const std::string list = ville.get("/leaders/plans")->body;
    CHECK(list.find("href=\"/leaders/plan?scope=kasvatus_ja_opetus\"") != std::string::npos);
    CHECK(ville.get(kPlanPage)->body.find(kTraining) != std::string::npos);
    CHECK(postPlan(ville, kPlanPage, "/leaders/plan", kArea, "action=notes&notes=x")->status == 403);
    CHECK(postPlan(ville, kPlanPage, "/leaders/plan", kArea, "action=confirm&reference=")->status == 400);
    CHECK(postPlan(ville, kPlanPage, "/leaders/plan", kArea, "action=confirm&reference=Yt-nk+2.11.2026+%C2%A7+4")
              ->status == 303);
    const auto steps = server.history(kArea);
    REQUIRE(steps.size() == 4);
    CHECK(steps.back().actor == "Ville Lindholm (9002)");
    CHECK(steps.back().body == "Yt-neuvottelukunta");
    CHECK(hr.get(areaPage)->body.find("Yt-nk 2.11.2026 § 4") != std::string::npos);
    const std::string confirmed = pekka.get(kPlanPage)->body;
    CHECK(confirmed.find("id=\"form-notes\"") == std::string::npos);  // nothing offered, nothing taken
    CHECK(pekka
              .post("/leaders/plan", "csrf=" + test::formValue(confirmed, "csrf") +
                                         "&scope=kasvatus_ja_opetus&steps=4&action=notes&notes=x")
              ->status == 409);
    CHECK(server.history(kArea).size() == 4);
}

TEST_CASE("with hr-confirms-plans HR records the committee's confirmation and the committee cannot") {
    PlanServer server(true);
    auto pekka = server.leader("3001");
    REQUIRE(postPlan(pekka, kPlanPage, "/leaders/plan", kArea, "action=compile")->status == 303);
    REQUIRE(postPlan(pekka, kPlanPage, "/leaders/plan", kArea, "action=review&reference=JR+1")->status == 303);
    auto ville = server.leader("9002");
    const std::string page = ville.get(kPlanPage)->body;
    CHECK(page.find("id=\"hr-confirms\"") != std::string::npos);
    CHECK(page.find("id=\"form-confirm\"") == std::string::npos);
    CHECK(postPlan(ville, kPlanPage, "/leaders/plan", kArea, "action=confirm&reference=Yt+1")->status == 403);
    auto hr = server.hr();
    const std::string areaPage = std::string("/hr/plan?scope=") + kArea;
    CHECK(postPlan(hr, areaPage, "/hr/plan", kArea, "action=confirm&reference=Yt+1")->status == 303);
    REQUIRE(server.history(kArea).size() == 3);
    CHECK(server.history(kArea).back().actor == "marja.peltonen");
}

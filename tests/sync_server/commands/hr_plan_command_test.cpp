// `osaamissilta-server hr-plan` as an operator runs it: the real binary on a demo server folder,
// each step's output and exit code, and refusals that change nothing.
#include "hr/training_plan.h"
#include "storage/sync_storage.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <sys/wait.h>

namespace {

struct Run {
    int exitCode = -1;
    std::string output;  // standard output and error together
};

struct Fixture {
    osm::test::TempDir dir;
    Run run(const std::string& args, const std::string& input = {}) {
        const std::string command = (input.empty() ? std::string() : "printf '%s' '" + input + "' | ") +
                                    OSM_SERVER_BINARY + " --data '" + (dir / "data").string() + "' --assets '" +
                                    osm::test::assetsDir().string() + "' " + args + " 2>&1";
        Run result;
        FILE* pipe = popen(command.c_str(), "r");
        REQUIRE(pipe != nullptr);
        char buffer[4096];
        std::size_t n = 0;
        while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
        const int status = pclose(pipe);
        result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return result;
    }
    Fixture() { REQUIRE(run("init --demo").exitCode == 0); }
};

constexpr const char* kPlan = "hr-plan --scope kasvatus_ja_opetus --year 2026 ";

}  // namespace

TEST_CASE_FIXTURE(Fixture, "hr-plan moves a plan through its steps and refuses what is out of order") {
    Run shown = run(std::string(kPlan) + "show");
    CHECK(shown.exitCode == 0);
    CHECK(shown.output.find("draft, version 1") != std::string::npos);

    Run early = run(std::string(kPlan) + "confirm --as marja.peltonen --reference 'Yt-nk 1'");
    CHECK(early.exitCode == 1);
    CHECK(early.output.find("error: only a plan reviewed by a management group can be confirmed") != std::string::npos);
    Run nobody = run(std::string(kPlan) + "compile");
    CHECK(nobody.exitCode == 2);
    CHECK(nobody.output.find("the HR account is missing") != std::string::npos);
    Run badJson = run(std::string(kPlan) + "edit --as marja.peltonen --content -",
                      R"({"trainings": [{"name": "X", "method_id": "nope"}]})");
    CHECK(badJson.exitCode == 2);
    CHECK(badJson.output.find("trainings[0].method_id: unknown method") != std::string::npos);
    const std::string after = run(std::string(kPlan) + "show").output;
    CHECK(after.substr(after.size() - 9) == "history:\n");  // the refusals recorded nothing

    Run edited =
        run(std::string(kPlan) + "edit --as marja.peltonen --content -",
            R"({"trainings": [{"name": "Digiosaamisen perusteet", "method_id": "webinars"}], "notes": "Syksyllä"})");
    CHECK(edited.exitCode == 0);
    Run compiled = run(std::string(kPlan) + "compile --as marja.peltonen");
    CHECK(compiled.exitCode == 0);
    CHECK(compiled.output.find("compiled, version 1") != std::string::npos);
    CHECK(run(std::string(kPlan) + "review --as marja.peltonen --reference 'JR 7'").exitCode == 2);  // no body
    CHECK(run(std::string(kPlan) +
              "review --as marja.peltonen --body 'Kasvatus ja opetus – palvelualueen johtoryhmä' --reference 'JR 7'")
              .exitCode == 0);
    Run confirmed = run(std::string(kPlan) + "confirm --as marja.peltonen --reference 'Yt-nk 2.11.2026 § 4'");
    CHECK(confirmed.exitCode == 0);
    CHECK(confirmed.output.find("confirmed, version 1") != std::string::npos);
    CHECK(confirmed.output.find(
              "confirm  reviewed -> confirmed  v1  by marja.peltonen for Yt-neuvottelukunta (Yt-nk 2.11.2026 § 4)") !=
          std::string::npos);
    CHECK(run(std::string(kPlan) + "edit --as marja.peltonen --content -", R"({"notes": "myöhässä"})").exitCode == 1);
    CHECK(run("hr-plan show --scope no_such_area").exitCode == 2);
}

TEST_CASE_FIXTURE(Fixture, "hr-plan show prints stored control characters as escapes, never raw") {
    {
        // What an older server let through its web form, stored as it came.
        auto storage = osm::server::openSqliteStorage((dir / "data" / "server.db").string()).value();
        osm::server::PlanContent content;
        content.trainings.push_back({std::string("Koulutus\x1b]0;pwned\x07\x1b[2J", 22), "", "", "kaikki\r\nrivi",
                                     std::string("syksy\0", 6),
                                     "\xc2\x9b"
                                     "31m"});
        const osm::server::PlanEventRow event{
            0, 1, "edit", "draft", "draft", "marja\x1b[31m.peltonen", "", "JR\x08\x08 7", 1'800'000'000};
        REQUIRE(storage
                    ->appendPlanStep(2026, "kasvatus_ja_opetus", 0, "draft", 1, osm::server::planContentToJson(content),
                                     event)
                    .value());
    }
    const Run shown = run(std::string(kPlan) + "show");
    REQUIRE(shown.exitCode == 0);
    for (char raw : {'\x1b', '\x07', '\x08', '\0', '\r'}) CHECK(shown.output.find(raw) == std::string::npos);
    CHECK(shown.output.find("\xc2\x9b") == std::string::npos);
    CHECK(shown.output.find("Koulutus\\x1b]0;pwned\\x07\\x1b[2J | kaikki\\x0d\\x0arivi | syksy\\x00 | \\u009b31m") !=
          std::string::npos);
    CHECK(shown.output.find("by marja\\x1b[31m.peltonen") != std::string::npos);
}

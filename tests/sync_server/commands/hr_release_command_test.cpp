// `osaamissilta-server hr-release` and `hr-report` as an operator runs them: the real binary on a
// demo server folder (init --demo makes the first release), each release spending the year's
// budget until one is refused, and the reports reading a chosen release with its label.
#include "sync_server/server_process.h"
#include "test_support.h"

#include <doctest/doctest.h>

namespace {

struct Fixture {
    osm::test::TempDir dir;
    osm::test::CommandResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--data", (dir / "data").string(), "--assets", osm::test::assetsDir().string()});
        return osm::test::runServerCommand(args);
    }
    Fixture() { REQUIRE(run({"init", "--demo"}).exitCode == 0); }
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "hr-release spends the year's budget; hr-report shows a release and says what it is") {
    const auto first = run({"hr-report", "aggregates", "--year", "2026"});
    CHECK(first.exitCode == 0);
    CHECK(first.output.find("Julkaistu koonti 1/2026") != std::string::npos);
    CHECK(first.output.find("Released figures 1/2026") != std::string::npos);
    CHECK(first.output.find("alle vähimmäiskoon") != std::string::npos);

    CHECK(run({"hr-release", "--year", "2026"}).exitCode != 0);  // --as is required
    const auto second = run({"hr-release", "--year", "2026", "--as", "marja.peltonen"});
    CHECK(second.exitCode == 0);
    CHECK(second.output.find("Released figures 2/2026") != std::string::npos);
    CHECK(second.output.find("spent: 2 / 2") != std::string::npos);
    const auto third = run({"hr-release", "--year", "2026", "--as", "marja.peltonen"});
    CHECK(third.exitCode != 0);
    CHECK(third.output.find("privacy budget") != std::string::npos);

    const auto json = run({"hr-report", "aggregates", "--year", "2026", "--format", "json", "--release", "1"});
    CHECK(json.exitCode == 0);
    CHECK(json.output.find("\"release\": 1") != std::string::npos);
    CHECK(json.output.find("Esimerkkivastaus") == std::string::npos);
    CHECK(run({"hr-report", "aggregates", "--year", "2026", "--release", "3"}).exitCode != 0);
    const auto summary = run({"hr-report", "summary", "--year", "2026", "--service-area", "kasvatus_ja_opetus"});
    CHECK(summary.output.find("> Julkaistu koonti 2/2026") != std::string::npos);
    // Another year has no release yet: its report says so and shows no figures.
    const auto empty = run({"hr-report", "aggregates", "--year", "2027"});
    CHECK(empty.output.find("No figures have been released") != std::string::npos);
}

// The three attacks of issue 21 on HR's figures, run against the real server binary on loopback
// and through HR's real downloads (HTTP, signed in, CSRF): a person's exact ratings are no longer
// derivable by differencing downloads over time, across a reorganisation, or within one snapshot.
// What stops them (docs/privacy.md): figures exist only as frozen releases; a release is refused
// while some group changed by fewer than the minimum; noise on every count; closed suppression.
#include "hr/hr_release.h"
#include "hr/hr_web.h"
#include "ops/operator_commands.h"
#include "sync_server/hr/hr_real_server.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace osm;
using nlohmann::json;
using test::RealServer;
using test::roster;
using test::Unit;

namespace {

const json* groupIn(const json& figures, const std::string& area, const std::string& unit) {
    for (const json& g : figures["groups"]) {
        if (g["service_area"] == area && (unit.empty() ? g["unit"].is_null() : g["unit"] == unit)) return &g;
    }
    return nullptr;
}

// What a competence's distribution in a group says, or zeros when hidden.
std::vector<int> distributionOf(const json* group, const std::string& competence) {
    if (group != nullptr && group->contains("competences")) {
        for (const json& c : (*group)["competences"]) {
            if (c["id"] == competence) return c["distribution"].get<std::vector<int>>();
        }
    }
    return std::vector<int>(5, 0);
}

constexpr const char* kCompetence = "staff.self_management";

}  // namespace

TEST_CASE("attack 1, over time: one more submission between two downloads reveals nothing") {
    // u1: 5000–5011, u2: 5012–5017, u3 (area B): 5018–5023.
    RealServer hr(roster({{"u1", "A", 12}, {"u2", "A", 6}, {"u3", "B", 6}}));
    for (int i = 0; i < 6; ++i) hr.submit(5000 + i, "u1", 3, "", "mentoring");
    for (int i = 0; i < 6; ++i) hr.submit(5012 + i, "u2", 2, "", "courses");
    // No release yet: the page and the downloads carry no figures at all, only what they are.
    CHECK(hr.get("/hr/?year=2026").find("ei ole vielä julkaistu koontia") != std::string::npos);
    CHECK(hr.figures()["groups"].empty());
    CHECK(hr.get("/hr/export/aggregates.csv?year=2026").find("No figures have been released") != std::string::npos);
    REQUIRE(hr.release() == 303);
    const std::string before = hr.downloads();
    const json first = hr.figures();
    const std::string completionBefore = hr.get("/hr/export/completion.csv?year=2026");

    // The target (5006, in u1) submits: all fives.
    hr.submit(5006, "u1", 5, "staff.professional", "job_rotation");
    CHECK(hr.downloads() == before);  // the figures are the release's, not live
    CHECK(hr.get("/hr/export/completion.csv?year=2026") != completionBefore);  // completion is live
    // A new release now would differ from the last by one person: refused, nothing stored.
    CHECK(hr.release() == 409);
    CHECK(hr.get("/hr/?year=2026").find("id=\"release-error\"") == std::string::npos);  // a GET shows none
    CHECK(hr.downloads() == before);
    for (int i = 7; i < 10; ++i) hr.submit(5000 + i, "u1", 4, "", "mentoring");
    CHECK(hr.release() == 409);  // 4 new in u1 and in A: still fewer than 5
    CHECK(hr.downloads() == before);

    // With a fifth, a second release is allowed: its difference from the first is five people
    // together, plus fresh noise on every count.
    hr.submit(5010, "u1", 4, "", "mentoring");
    REQUIRE(hr.release() == 303);
    const json second = hr.figures();
    CHECK(second["release"] == 2);
    const auto d1 = distributionOf(groupIn(first, "A", "u1"), kCompetence);
    const auto d2 = distributionOf(groupIn(second, "A", "u1"), kCompetence);
    std::vector<int> difference(5);
    for (std::size_t v = 0; v < 5; ++v) difference[v] = d2[v] - d1[v];
    CHECK(difference != std::vector<int>{0, 0, 0, 0, 1});  // the target alone
    CHECK(difference != std::vector<int>{0, 0, 0, 4, 1});  // the five exactly (no noise)
    // And release 1 is still served exactly as it was.
    CHECK(hr.get("/hr/export/aggregates.json?year=2026&release=1") ==
          hr.get("/hr/export/aggregates.json?year=2026&release=1"));
    CHECK(json::parse(hr.get("/hr/export/aggregates.json?year=2026&release=1")) == first);
}

TEST_CASE("attack 2, across a reorganisation: moving a unit changes no released figure") {
    const std::vector<Unit> units{{"u1", "A", 7}, {"u2", "A", 6}, {"small", "A", 2}, {"u3", "B", 7}};
    RealServer hr(roster(units));
    int staff = 5000;
    for (const Unit& u : units) {
        for (int i = 0; i < u.people; ++i) hr.submit(staff++, u.id, u.id == "small" ? 5 : 3, "", "mentoring");
    }
    REQUIRE(hr.release() == 303);
    const std::string before = hr.downloads();
    const json released = hr.figures();
    // The 2-person unit is hidden, and enough with it that the hidden part of A is ≥ 5.
    REQUIRE(groupIn(released, "A", "small") != nullptr);
    CHECK((*groupIn(released, "A", "small")).contains("suppressed"));

    // The roster import moves "small" to B (the real import-roster command).
    std::vector<Unit> moved = units;
    moved[2].area = "B";
    hr.importRoster(roster(moved));
    CHECK(hr.downloads() == before);  // a release is never recomputed on the new organisation
    // A new release on the new organisation would change A and B by exactly that unit: refused.
    CHECK(hr.release() == 409);
    CHECK(hr.downloads() == before);
    // The attacker's subtraction (B after − B before, A before − A after) has nothing to work on.
    CHECK(hr.figures() == released);
}

TEST_CASE("attack 3, in one snapshot: two small hidden units cannot be had by subtraction") {
    // Area A: two 1-person units hidden together (2 < 5) beside units of 6 and 7.
    RealServer hr(roster({{"big1", "A", 6}, {"big2", "A", 7}, {"one1", "A", 1}, {"one2", "A", 1}}));
    for (int i = 0; i < 13; ++i) hr.submit(5000 + i, i < 6 ? "big1" : "big2", 3, "", "mentoring");
    hr.submit(5013, "one1", 5, "", "mentoring");
    hr.submit(5014, "one2", 1, "", "mentoring");
    REQUIRE(hr.release() == 303);
    const json figures = hr.figures();
    const json* total = groupIn(figures, "A", "");
    REQUIRE(total != nullptr);
    // The attacker: the total minus every shown unit, per rating value.
    std::vector<int> derived = distributionOf(total, kCompetence);
    int derivedResponses = total->value("responses", 0);
    int shownUnits = 0;
    for (const char* unit : {"big1", "big2", "one1", "one2"}) {
        const json* g = groupIn(figures, "A", unit);
        REQUIRE(g != nullptr);
        if (g->contains("suppressed")) continue;
        ++shownUnits;
        derivedResponses -= g->value("responses", 0);
        const auto d = distributionOf(g, kCompetence);
        for (std::size_t v = 0; v < d.size(); ++v) derived[v] -= d[v];
    }
    CHECK(groupIn(figures, "A", "one1")->contains("suppressed"));
    CHECK(groupIn(figures, "A", "one2")->contains("suppressed"));
    if (!total->contains("suppressed")) {
        // Closed: what is hidden adds up to at least the minimum, so a big unit went with them.
        CHECK(shownUnits <= 1);
        CHECK(derivedResponses >= 5);
    }
    // The two people's exact ratings (one 5, one 1) are not what the subtraction gives.
    CHECK(derived != std::vector<int>{1, 0, 0, 0, 1});
    // Free text is never in any figure.
    CHECK(hr.downloads().find("VAPAATA-TEKSTIÄ") == std::string::npos);
}

TEST_CASE("many releases in a row: the year's privacy budget is recorded and enforced") {
    RealServer hr(roster({{"u1", "A", 30}}));
    int staff = 5000;
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 6; ++i) hr.submit(staff++, "u1", 3, "", "mentoring");
        const int status = hr.release();
        // ε 1 per release, budget 2: the third is refused.
        CHECK(status == (round < 2 ? 303 : 409));
    }
    const json figures = hr.figures();
    CHECK(figures["release"] == 2);
    CHECK(figures["epsilon"] == 1.0);
    CHECK(figures["year_budget"] == 2.0);
    CHECK(hr.get("/hr/?year=2026").find("(ε) spent: 2 / 2") != std::string::npos);
    // Filters are views of the same release: any combination shows the same figures.
    const std::string all = hr.get("/hr/?year=2026");
    CHECK(hr.get("/hr/?year=2026&area=A&unit=u1").find("id=\"release-label\"") != std::string::npos);
    CHECK(hr.get("/hr/export/aggregates.json?year=2026&release=1") !=
          hr.get("/hr/export/aggregates.json?year=2026&release=2"));
    CHECK(hr.get("/hr/export/aggregates.json?year=2026&release=1") ==
          hr.get("/hr/export/aggregates.json?year=2026&release=1"));
    CHECK(all.find("Julkaistu koonti 2/2026") != std::string::npos);
    CHECK(all.find("Publicerad sammanställning 2/2026") != std::string::npos);
    CHECK(all.find("Released figures 2/2026") != std::string::npos);
}

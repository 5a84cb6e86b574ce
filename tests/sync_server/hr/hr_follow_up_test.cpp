// HR's count of how far the goals agreed earlier were reached (issue 15): the marks of the
// followed-up goals in the year's submitted pre-forms, per unit and service area, under the same
// closed suppression, release and noise as every other figure (docs/privacy.md).
#include "hr/hr_release.h"
#include "sync_server/hr/hr_texts.h"
#include "sync_server/hr/hr_web_fixture.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>

using namespace osm;
using namespace osm::server;

namespace {

// The 2026 catalogue, read once for every test here.
const catalog::Catalog& catalogue() {
    static const auto loaded = catalog::loadCatalogYear(test::assetsDir(), 2026);
    REQUIRE(loaded.ok());
    return *loaded;
}

// A submitted pre-form of 2026 in `unit` whose followed-up goals got these marks.
SubmittedDiscussion withMarks(const std::string& unit, const std::vector<std::string>& marks) {
    SubmittedDiscussion s{
        unit, "a",
        domain::newDevelopmentDiscussion(*catalogue().findForm("development_discussion_staff"), catalogue())};
    for (domain::CompetenceRating& r : s.content.ratings) r.value = 3;
    s.content.goals.push_back({"", "", {"mentoring"}});
    for (const std::string& mark : marks) s.content.followUp.push_back({"Sovittu tavoite", 2024, mark, "kommentti"});
    return s;
}

// One service area: units of 7, 6 and 2 people.
domain::Organisation organisation() {
    domain::Organisation org;
    org.serviceAreas = {{"a", "Alue"}};
    org.units = {{"seven", "Seitsemän", "a", "default", true},
                 {"six", "Kuusi", "a", "default", true},
                 {"two", "Kaksi", "a", "default", true}};
    return org;
}

std::vector<SubmittedDiscussion> submissions() {
    std::vector<SubmittedDiscussion> out;
    for (int i = 0; i < 7; ++i) out.push_back(withMarks("seven", {"achieved", "partly"}));
    for (int i = 0; i < 6; ++i) out.push_back(withMarks("six", {"achieved", "not_yet"}));
    for (int i = 0; i < 2; ++i) out.push_back(withMarks("two", {"not_yet", "not_yet"}));
    return out;
}

const GroupAggregate* find(const std::vector<GroupAggregate>& groups, const std::string& unit) {
    for (const GroupAggregate& g : groups) {
        if (g.unitId == unit) return &g;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("followed-up goals are counted by mark, and hidden with the small groups they would reveal") {
    const domain::Organisation org = organisation();
    const auto cells = exactCells(org, catalogue(), submissions());
    CHECK(cells.at("a/seven").at("f:achieved") == 7);
    CHECK(cells.at("a/").at("f:not_yet") == 10);

    // Exact figures (no noise) to see the suppression: the 2-person unit is hidden, and the
    // 6-person one with it, so the total less the shown unit covers 8 people, not 2.
    const auto groups = noisyGroups(org, catalogue(), cells, 0, 5, test::seededBits(1));
    const GroupAggregate* seven = find(groups, "seven");
    REQUIRE(seven != nullptr);
    CHECK_FALSE(seven->suppressed);
    CHECK(seven->followUp == std::map<std::string, int>{{"achieved", 7}, {"partly", 7}});
    for (const char* hidden : {"six", "two"}) {
        const GroupAggregate* g = find(groups, hidden);
        REQUIRE(g != nullptr);
        CHECK(g->suppressed);
        CHECK(g->followUp.empty());
    }
    const GroupAggregate* total = find(groups, "");
    REQUIRE(total != nullptr);
    CHECK(total->followUp == std::map<std::string, int>{{"achieved", 13}, {"partly", 7}, {"not_yet", 10}});

    // The live aggregates count the same, under the same rule.
    const auto live = aggregates(org, catalogue(), submissions(), {5});
    CHECK(find(live, "two")->followUp.empty());
    CHECK(find(live, "seven")->followUp.at("partly") == 7);
}

TEST_CASE("one person moves the followed-up counts by at most three goals, which the noise is scaled to") {
    domain::Organisation org = organisation();
    const auto cells =
        exactCells(org, catalogue(), {withMarks("seven", {"achieved", "achieved", "achieved", "partly", "not_yet"})});
    const auto& counted = cells.at("a/seven");
    CHECK(counted.at("f:achieved") == 3);
    CHECK(counted.count("f:partly") == 0);
    CHECK(counted.count("f:not_yet") == 0);
    CHECK(releaseSensitivity(catalogue()) == 2 * (13 + 3 + 9 + 3));

    // With noise, a count under the minimum is not shown; the others are near the truth.
    const auto noisy =
        noisyGroups(org, catalogue(), exactCells(org, catalogue(), submissions()), 1.0, 5, test::seededBits(3));
    const GroupAggregate* total = find(noisy, "");
    REQUIRE(total != nullptr);
    REQUIRE(total->followUp.count("achieved") == 1);
    CHECK(std::abs(total->followUp.at("achieved") - 13) <= 10);
}

TEST_CASE("a release keeps its follow-up counts, and one made before them reads as none") {
    Release release;
    release.year = 2026;
    release.seq = 1;
    release.groups = noisyGroups(organisation(), catalogue(), exactCells(organisation(), catalogue(), submissions()), 0,
                                 5, test::seededBits(2));
    auto back = releaseFromJson(releaseToJson(release));
    REQUIRE(back.ok());
    const GroupAggregate* total = find(back->groups, "");
    REQUIRE(total != nullptr);
    CHECK(total->followUp.at("not_yet") == 10);
    const PageText fi = test::finnishHrText();
    CHECK(followUpText(fi, total->followUp) == "saavutettu 13 · osittain 7 · ei vielä 10");
    CHECK(followUpText({fi.text, catalog::Lang::Sv}, total->followUp) == "uppnått 13 · delvis 7 · inte ännu 10");

    nlohmann::json old = nlohmann::json::parse(releaseToJson(release));
    for (auto& group : old["groups"]) group.erase("follow_up");
    auto before = releaseFromJson(old.dump());
    REQUIRE(before.ok());
    CHECK(find(before->groups, "")->followUp.empty());
}

TEST_CASE("the follow-up download counts each mark per group, and says nothing of a hidden group or count") {
    const auto groups = noisyGroups(organisation(), catalogue(), exactCells(organisation(), catalogue(), submissions()),
                                    0, 5, test::seededBits(3));
    const std::string csv = followUpCsv(test::finnishHrText(), groups, {"Julkaisu 1"});
    REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(csv.find("Julkaisu 1\r\n") != std::string::npos);
    CHECK(csv.find("Palvelualue;Yksikkö;Vastauksia;saavutettu;osittain;ei vielä\r\n") != std::string::npos);
    CHECK(csv.find("a;seven;7;7;7;\r\n") != std::string::npos);  // no goal of the seven was "not yet"
    CHECK(csv.find("a;six;;alle vähimmäiskoon – ei näytetä\r\n") != std::string::npos);
    CHECK(csv.find("a;two;;alle vähimmäiskoon – ei näytetä\r\n") != std::string::npos);
    CHECK(csv.find("a;(yhteensä);15;13;7;10\r\n") != std::string::npos);
    // The comments written beside the marks never leave the pre-forms.
    CHECK(csv.find("kommentti") == std::string::npos);
    CHECK(csv.find("Sovittu tavoite") == std::string::npos);
}

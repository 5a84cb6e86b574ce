// HR's count of how far the goals agreed earlier were reached (issue 15): the marks of the
// followed-up goals in the year's submitted pre-forms, per unit and service area, under the same
// closed suppression, release and noise as every other figure (docs/privacy.md). And (issue 17)
// the agreed goals naming a Priima course and how many of them are completed, under the same rules,
// with an attacker who subtracts two releases around one person's completion.
#include "hr/hr_release.h"
#include "hr/hr_html.h"
#include "hr/priima_goals.h"
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
    CHECK(releaseSensitivity(catalogue()) == 2 * (13 + 3 + 9 + 3 + 3 + 3));

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
    CHECK(csv.find("Palvelualue;Yksikkö;Vastauksia;saavutettu;osittain;ei vielä;Priima-kurssin nimeäviä "
                   "tavoitteita;niistä suoritettu\r\n") != std::string::npos);
    CHECK(csv.find("a;seven;7;7;7;;;\r\n") != std::string::npos);  // no goal of the seven was "not yet"
    CHECK(csv.find("a;six;;alle vähimmäiskoon – ei näytetä\r\n") != std::string::npos);
    CHECK(csv.find("a;two;;alle vähimmäiskoon – ei näytetä\r\n") != std::string::npos);
    CHECK(csv.find("a;(yhteensä);15;13;7;10;;\r\n") != std::string::npos);
    // The comments written beside the marks never leave the pre-forms.
    CHECK(csv.find("kommentti") == std::string::npos);
    CHECK(csv.find("Sovittu tavoite") == std::string::npos);
}

// [priima] -------------------------------------------------------------------------------------

namespace {

// The follow-up organisation's people with Priima goals: each of the seven has two, three of
// them one completed; each of the six one, five of them completed; each of the two three, all
// completed.
std::vector<SubmittedDiscussion> withPriima() {
    std::vector<SubmittedDiscussion> out = submissions();
    int seven = 0;
    int six = 0;
    for (SubmittedDiscussion& s : out) {
        if (s.unitId == "seven") s.priimaGoals = 2, s.priimaCompleted = seven++ < 3 ? 1 : 0;
        if (s.unitId == "six") s.priimaGoals = 1, s.priimaCompleted = six++ < 5 ? 1 : 0;
        if (s.unitId == "two") s.priimaGoals = 3, s.priimaCompleted = 3;
    }
    return out;
}

}  // namespace

TEST_CASE("a person's agreed goals naming a Priima course are counted, at most three, completed by course") {
    const std::vector<domain::LearningGoal> goals{{"Dokumentointi", "", {"learning_by_doing", "priima.pr_101"}},
                                                  {"Mentorointi", "", {"mentoring"}},
                                                  {"Tietosuoja", "", {"priima.ts_1"}},
                                                  {"Ensiapu", "", {"priima.ea_2", "priima.pr_101"}},
                                                  {"Neljäs kurssi", "", {"priima.pr_101"}}};
    SubmittedDiscussion s;
    countPriimaGoals(goals, {"pr_101", "xx_9"}, s);
    CHECK(s.priimaGoals == 3);      // the fourth Priima goal is not counted
    CHECK(s.priimaCompleted == 2);  // the first and the third Priima goal name pr_101
    SubmittedDiscussion none;
    countPriimaGoals(goals, {}, none);
    CHECK(none.priimaGoals == 3);
    CHECK(none.priimaCompleted == 0);

    // A person moves each count by at most three, however many goals they have.
    SubmittedDiscussion many{"seven", "a", {}, 7, 9};
    const auto cells = exactCells(organisation(), catalogue(), {many});
    CHECK(cells.at("a/seven").at("p:goals") == 3);
    CHECK(cells.at("a/seven").at("p:completed") == 3);
}

TEST_CASE("Priima goals and their completions per group: hand-counted, a small count and small groups hidden") {
    const domain::Organisation org = organisation();
    const auto cells = exactCells(org, catalogue(), withPriima());
    CHECK(cells.at("a/seven").at("p:goals") == 14);
    CHECK(cells.at("a/seven").at("p:completed") == 3);
    CHECK(cells.at("a/six").at("p:completed") == 5);
    CHECK(cells.at("a/").at("p:goals") == 14 + 6 + 6);
    CHECK(cells.at("a/").at("p:completed") == 3 + 5 + 6);

    GroupAggregate city;
    const auto groups = noisyGroups(org, catalogue(), cells, 0, 5, test::seededBits(1), &city);
    // The seven's 3 completed goals are under the minimum: not shown; its 14 goals are.
    CHECK(find(groups, "seven")->priima == std::map<std::string, int>{{"goals", 14}});
    CHECK(find(groups, "six")->suppressed);
    CHECK(find(groups, "six")->priima.empty());
    CHECK(find(groups, "two")->priima.empty());
    CHECK(find(groups, "")->priima == std::map<std::string, int>{{"goals", 26}, {"completed", 14}});
    CHECK(city.priima == std::map<std::string, int>{{"goals", 26}, {"completed", 14}});

    // The whole city is hidden with everything in it when an area's hidden part is too small.
    domain::Organisation twoAreas = org;
    twoAreas.serviceAreas.push_back({"b", "Pieni alue"});
    twoAreas.units.push_back({"b1", "Pieni", "b", "default", true});
    std::vector<SubmittedDiscussion> submitted = withPriima();
    submitted.push_back({"b1", "b", withMarks("b1", {}).content, 1, 1});
    GroupAggregate hiddenCity;
    noisyGroups(twoAreas, catalogue(), exactCells(twoAreas, catalogue(), submitted), 0, 5, test::seededBits(1),
                &hiddenCity);
    CHECK(hiddenCity.suppressed);
    CHECK(hiddenCity.priima.empty());

    // HR's page, CSV and JSON carry the same counts.
    const PageText fi = test::finnishHrText();
    CHECK(priimaText(fi, find(groups, "")->priima) == "Priima-kurssin nimeäviä tavoitteita 26 · niistä suoritettu 14");
    const std::string html = aggregatesTableHtml(fi, groups, org, catalogue(), {});
    CHECK(html.find("Priima sovituissa tavoitteissa") != std::string::npos);
    CHECK(html.find("Priima-kurssin nimeäviä tavoitteita 14<") != std::string::npos);
    const std::string csv = followUpCsv(fi, groups);
    CHECK(csv.find(";Priima-kurssin nimeäviä tavoitteita;niistä suoritettu\r\n") != std::string::npos);
    CHECK(csv.find("a;seven;7;7;7;;14;\r\n") != std::string::npos);
    CHECK(csv.find("a;(yhteensä);15;13;7;10;26;14\r\n") != std::string::npos);
    Release release;
    release.groups = groups;
    release.city = city;
    auto back = releaseFromJson(releaseToJson(release));
    REQUIRE(back.ok());
    CHECK(find(back->groups, "")->priima.at("completed") == 14);
    CHECK(back->city->priima.at("goals") == 26);
    CHECK(nlohmann::json::parse(releaseDownloadJson(&release))["groups"][0]["priima"]["goals"] == 14);
}

TEST_CASE("an attacker who subtracts two releases made around one person's completion: no better than the budget") {
    // A unit of 40, each with one agreed Priima goal; 20 of the 39 others have completed it, which
    // the attacker knows. Between two releases the 40th completes the course or not (a coin); the
    // attacker guesses "completed" when the second release's count is above the first's. The two
    // releases spend 2ε of the budget, so pure differential privacy bounds the chance of a right
    // guess at e^(2ε) / (1 + e^(2ε)).
    domain::Organisation org;
    org.serviceAreas = {{"a", "A"}};
    org.units = {{"u", "", "a", "default", true}};
    const double epsilon = 1.0;
    const double scale = releaseSensitivity(catalogue()) / epsilon;
    const RandomBits bits = test::seededBits(17);
    std::vector<SubmittedDiscussion> before(40, withMarks("u", {}));
    for (std::size_t i = 0; i < before.size(); ++i) {
        before[i].priimaGoals = 1;
        before[i].priimaCompleted = i < 20 ? 1 : 0;
    }
    const auto completedIn = [&](const std::vector<SubmittedDiscussion>& submitted) {
        const auto groups = noisyGroups(org, catalogue(), exactCells(org, catalogue(), submitted), scale, 5, bits);
        const auto it = find(groups, "u")->priima.find("completed");
        return it == find(groups, "u")->priima.end() ? 0 : it->second;  // hidden: fewer than 5
    };
    int right = 0;
    const int trials = 1000;
    for (int t = 0; t < trials; ++t) {
        const bool completed = bits() % 2 == 0;
        std::vector<SubmittedDiscussion> after = before;
        after.back().priimaCompleted = completed ? 1 : 0;
        const int first = completedIn(before);
        const int second = completedIn(after);
        right += (second > first) == completed ? 1 : 0;
    }
    const double success = static_cast<double>(right) / trials;
    const double bound = std::exp(2 * epsilon) / (1 + std::exp(2 * epsilon));
    MESSAGE("attacker subtracting two releases at epsilon " << epsilon << " each: right " << success
                                                            << " of the time (chance 0.5, bound " << bound << ")");
    CHECK(success <= bound);
    CHECK(success < 0.6);
    // Without noise the same subtraction would give the person away every time.
    const auto exactBefore = exactCells(org, catalogue(), before);
    std::vector<SubmittedDiscussion> after = before;
    after.back().priimaCompleted = 1;
    CHECK(exactCells(org, catalogue(), after).at("a/u").at("p:completed") - exactBefore.at("a/u").at("p:completed") ==
          1);
}

// Released figures (hr/hr_release.h, docs/privacy.md): the noise, closed suppression, the rule
// between releases, the stored releases' append-only budget, what an attacker who knows every
// other answer still gets wrong, and what HR loses in accuracy (demo data and a synthetic city
// of 10,000 people; the figures are printed for docs/privacy.md).
#include "hr/hr_release.h"
#include "ops/operator_commands.h"
#include "storage/database.h"
#include "sync_server/hr/hr_web_fixture.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

using namespace osm;
using namespace osm::server;

namespace {

RandomBits seeded(std::uint64_t seed) { return test::seededBits(seed); }

const catalog::Catalog& catalogue() {
    static const catalog::Catalog c = *catalog::loadCatalogYear(test::assetsDir(), 2026);
    return c;
}

SubmittedDiscussion answer(const std::string& unit, const std::string& area, int rating) {
    SubmittedDiscussion s{
        unit, area,
        domain::newDevelopmentDiscussion(*catalogue().findForm("development_discussion_staff"), catalogue())};
    for (domain::CompetenceRating& r : s.content.ratings) r.value = rating;
    s.content.goals.push_back({"", "staff.professional", {"mentoring"}});
    return s;
}

const GroupAggregate* find(const std::vector<GroupAggregate>& groups, const std::string& unit) {
    for (const GroupAggregate& g : groups) {
        if (g.unitId == unit) return &g;
    }
    return nullptr;
}

// A synthetic city: `people` staff in units of 4–40 under 8 service areas; each area has its
// own level, each person varies around it.
struct City {
    domain::Organisation org;
    std::vector<SubmittedDiscussion> submitted;
};

City syntheticCity(int people, const RandomBits& bits) {
    City city;
    for (int a = 0; a < 8; ++a) city.org.serviceAreas.push_back({"area" + std::to_string(a), "Alue"});
    int made = 0;
    for (int u = 0; made < people; ++u) {
        const std::string area = "area" + std::to_string(u % 8);
        const int size = std::min(4 + static_cast<int>(bits() % 37), people - made);
        city.org.units.push_back({"unit" + std::to_string(u), "Yksikkö", area, "default", true});
        for (int i = 0; i < size; ++i, ++made) {
            const int level = 2 + (u % 8) % 3;  // 2, 3 or 4 by area
            const int rating = std::clamp(level + static_cast<int>(bits() % 3) - 1, 1, 5);
            if (bits() % 10 < 8) city.submitted.push_back(answer("unit" + std::to_string(u), area, rating));
        }
    }
    return city;
}

// Mean absolute error of the released means against the exact ones, over every shown cell of
// the groups `which` selects; `cells` counts them.
double meanAbsoluteError(const std::vector<GroupAggregate>& released, const std::vector<GroupAggregate>& exact,
                         bool areas, int& cells) {
    double error = 0;
    cells = 0;
    for (const GroupAggregate& r : released) {
        if (r.suppressed || r.unitId.empty() != areas) continue;
        for (const GroupAggregate& e : exact) {
            if (e.serviceAreaId != r.serviceAreaId || e.unitId != r.unitId) continue;
            for (const CompetenceAggregate& rc : r.competences) {
                for (const CompetenceAggregate& ec : e.competences) {
                    if (ec.competenceId != rc.competenceId) continue;
                    error += std::abs(ec.mean - rc.mean);
                    ++cells;
                }
            }
        }
    }
    return cells > 0 ? error / cells : 0;
}

}  // namespace

TEST_CASE("the noise is discrete Laplace of the stated scale, and ±noise95 holds 95 %") {
    const RandomBits bits = seeded(1);
    const double scale = 10;
    const int width = noiseHalfWidth95(scale);
    CHECK(width == 30);  // ln(20) · 10, rounded as the discrete distribution has it
    double absolute = 0;
    int inside = 0;
    const int draws = 40000;
    for (int i = 0; i < draws; ++i) {
        const std::int64_t k = discreteLaplace(scale, bits);
        absolute += static_cast<double>(std::llabs(k));
        if (std::llabs(k) <= width) ++inside;
    }
    const double q = std::exp(-1 / scale);
    CHECK(absolute / draws == doctest::Approx(2 * q / (1 - q * q)).epsilon(0.05));
    CHECK(static_cast<double>(inside) / draws >= 0.94);
    CHECK(discreteLaplace(0, bits) == 0);
}

TEST_CASE("closed suppression: what is hidden never adds up to less than the minimum") {
    // Two 1-person units beside 6 and 7: the smallest shown one goes with them (2 + 6 ≥ 5).
    auto reasons = closedSuppression({6, 7, 1, 1}, std::vector<bool>(4, false), 15, 0, 5);
    CHECK(std::string(reasons[2]) == "small");
    CHECK(std::string(reasons[3]) == "small");
    CHECK(std::string(reasons[0]) == "complementary");
    CHECK(reasons[1] == nullptr);
    CHECK(reasons[4] == nullptr);
    // People without a unit are the total's hidden part: 2 of them take a unit along.
    reasons = closedSuppression({6, 7}, std::vector<bool>(2, false), 15, 2, 5);
    CHECK(std::string(reasons[0]) == "complementary");
    // Nothing left to hide with them: the total goes.
    reasons = closedSuppression({1, 1}, std::vector<bool>(2, false), 7, 5, 5);
    CHECK(reasons[2] == nullptr);  // 2 + 5 without a unit reach the minimum
    reasons = closedSuppression({1, 1, 2}, std::vector<bool>(3, false), 4, 0, 5);
    CHECK(std::string(reasons[3]) == "small");

    // The exact aggregates follow it too: the old rule hid one more only beside a lone hidden unit.
    domain::Organisation org;
    org.serviceAreas = {{"a", "A"}};
    org.units = {{"big1", "", "a", "default", true},
                 {"big2", "", "a", "default", true},
                 {"one1", "", "a", "default", true},
                 {"one2", "", "a", "default", true}};
    std::vector<SubmittedDiscussion> submitted;
    for (int i = 0; i < 6; ++i) submitted.push_back(answer("big1", "a", 3));
    for (int i = 0; i < 7; ++i) submitted.push_back(answer("big2", "a", 3));
    submitted.push_back(answer("one1", "a", 5));
    submitted.push_back(answer("one2", "a", 1));
    const auto groups = aggregates(org, catalogue(), submitted, {5});
    int hiddenResponses = 0;
    const GroupAggregate* total = find(groups, "");
    REQUIRE(total != nullptr);
    hiddenResponses = total->responses;
    for (const GroupAggregate& g : groups) {
        if (!g.unitId.empty() && !g.suppressed) hiddenResponses -= g.responses;
    }
    CHECK(hiddenResponses >= 5);
    CHECK(find(groups, "big1")->suppressed);
}

TEST_CASE("a later release needs every changed count of answers to change by at least the minimum") {
    domain::Organisation org;
    org.serviceAreas = {{"a", "A"}, {"b", "B"}};
    org.units = {{"u1", "", "a", "default", true}, {"u2", "", "a", "default", true}};
    std::vector<SubmittedDiscussion> submitted;
    for (int i = 0; i < 6; ++i) submitted.push_back(answer("u1", "a", 3));
    const ReleaseCells first = exactCells(org, catalogue(), submitted);
    CHECK(changedTooLittle(first, first, 5).empty());
    submitted.push_back(answer("u1", "a", 5));
    CHECK_FALSE(changedTooLittle(first, exactCells(org, catalogue(), submitted), 5).empty());
    for (int i = 0; i < 4; ++i) submitted.push_back(answer("u1", "a", 4));
    CHECK(changedTooLittle(first, exactCells(org, catalogue(), submitted), 5).empty());
    // A reorganisation is a change too: u1 moved to B moves its 11 answers; with 2 people it
    // would be refused.
    org.units[0].serviceAreaId = "b";
    CHECK(changedTooLittle(first, exactCells(org, catalogue(), submitted), 5).empty());
    std::vector<SubmittedDiscussion> two{answer("u2", "a", 2), answer("u2", "a", 2)};
    org.units[0].serviceAreaId = "a";
    const ReleaseCells before = exactCells(org, catalogue(), two);
    org.units[1].serviceAreaId = "b";
    CHECK_FALSE(changedTooLittle(before, exactCells(org, catalogue(), two), 5).empty());
}

TEST_CASE("stored releases: append-only, numbered, within the year's budget") {
    test::TempDir dir;
    const ServerPaths paths{dir / "data", dir / "keys"};
    REQUIRE(initServer(paths).ok());
    auto storage = openSqliteStorage(paths.databasePath()).value();
    ReleaseRow row{2026, 1, 100, "hr", 1.0, 2.0, "{}", "{}"};
    CHECK(*storage->appendRelease(row) == ReleaseAppend::Stored);
    row.seq = 1;
    CHECK(*storage->appendRelease(row) == ReleaseAppend::Stale);  // computed against an old state
    row.seq = 2;
    row.yearBudget = 50;  // a later release cannot raise the year's budget
    row.epsilon = 1.5;
    CHECK(*storage->appendRelease(row) == ReleaseAppend::OverBudget);
    row.epsilon = 1.0;
    CHECK(*storage->appendRelease(row) == ReleaseAppend::Stored);
    CHECK(row.yearBudget == 2.0);
    CHECK(storage->releases(2026)->size() == 2);
    CHECK(storage->releases(2027)->empty());
    // The database itself refuses to change or delete one.
    auto db = osm::storage::Database::open(paths.databasePath(), {});
    REQUIRE(db.ok());
    CHECK_FALSE(db->exec("UPDATE hr_release SET content = 'x'").ok());
    CHECK_FALSE(db->exec("DELETE FROM hr_release").ok());
}

TEST_CASE("an attacker who knows every other answer: the error of the guess, against the budget") {
    // One unit of 6 in one area; the attacker knows five people's answers exactly and guesses
    // the sixth person's rating of one competence from a release (the value whose noisy count
    // most exceeds what the five explain). Pure ε-differential privacy bounds the chance of
    // guessing right, for a uniform prior over the 5 values and a change of the person's answers
    // (2ε: remove and add), at e^(2ε) / (e^(2ε) + 4).
    domain::Organisation org;
    org.serviceAreas = {{"a", "A"}};
    org.units = {{"u", "", "a", "default", true}};
    const double epsilon = 1.0;
    const int scaleSensitivity = releaseSensitivity(catalogue());
    CHECK(scaleSensitivity == 68);  // 2 × (13 competences + 3 goals + 9 methods + 3 followed-up + 3 + 3 Priima goals)
    const RandomBits bits = seeded(7);
    int right = 0;
    double absoluteError = 0;
    const int trials = 2000;
    for (int t = 0; t < trials; ++t) {
        const int target = 1 + static_cast<int>(bits() % 5);
        std::vector<SubmittedDiscussion> submitted(5, answer("u", "a", 3));
        submitted.push_back(answer("u", "a", target));
        const auto cells = exactCells(org, catalogue(), submitted);
        const auto groups = noisyGroups(org, catalogue(), cells, scaleSensitivity / epsilon, 5, bits);
        const GroupAggregate* unit = find(groups, "u");
        REQUIRE(unit != nullptr);
        REQUIRE_FALSE(unit->suppressed);
        const auto& d = unit->competences.front().distribution;
        int guess = 1;
        for (int v = 1; v <= 5; ++v) {
            const int known = v == 3 ? 5 : 0;
            if (d[static_cast<std::size_t>(v - 1)] - known >
                d[static_cast<std::size_t>(guess - 1)] - (guess == 3 ? 5 : 0))
                guess = v;
        }
        right += guess == target ? 1 : 0;
        absoluteError += std::abs(guess - target);
    }
    const double success = static_cast<double>(right) / trials;
    const double bound = std::exp(2 * epsilon) / (std::exp(2 * epsilon) + 4);
    MESSAGE("attacker knowing 5 of 6 answers, one release at epsilon "
            << epsilon << ": right " << success << " of the time (chance 0.2, bound " << bound << "), mean error "
            << absoluteError / trials << " scale steps");
    CHECK(success <= bound);
    CHECK(success < 0.35);
}

TEST_CASE("what HR loses in accuracy: the demo and a synthetic city of 10,000 people") {
    for (const double epsilon : {0.5, 1.0, 2.0, 4.0}) {
        const City city = syntheticCity(10000, seeded(11));
        const auto exact = aggregates(city.org, catalogue(), city.submitted, {5});
        const auto cells = exactCells(city.org, catalogue(), city.submitted);
        const double scale = releaseSensitivity(catalogue()) / epsilon;
        const auto released = noisyGroups(city.org, catalogue(), cells, scale, 5, seeded(12));
        int areaCells = 0, unitCells = 0;
        const double areaError = meanAbsoluteError(released, exact, true, areaCells);
        const double unitError = meanAbsoluteError(released, exact, false, unitCells);
        int shownUnits = 0, units = 0;
        for (const GroupAggregate& g : released) {
            if (g.unitId.empty()) continue;
            ++units;
            shownUnits += g.suppressed ? 0 : 1;
        }
        char line[200];
        std::snprintf(line, sizeof line,
                      "city, %zu answers, epsilon %.1f (noise ±%d): mean abs error of means: areas %.3f (%d cells), "
                      "units %.3f (%d cells); units shown %d of %d",
                      city.submitted.size(), epsilon, noiseHalfWidth95(scale), areaError, areaCells, unitError,
                      unitCells, shownUnits, units);
        MESSAGE(line);
        CHECK(areaCells > 0);
        if (epsilon >= 1.0) CHECK(areaError < 0.5);
    }

    // The demo's sample: 10 submitted pre-forms in one service area.
    test::TempDir dir;
    const ServerPaths paths{dir / "data", dir / "keys"};
    REQUIRE(initServer(paths).ok());
    auto storage = openSqliteStorage(paths.databasePath()).value();
    const auto keys = loadServerKeys(paths.keyDir).value();
    REQUIRE(loadDemoOrganisation(*storage, test::assetsDir(), &keys).ok());
    auto data = loadHrData(*storage, keys, test::assetsDir(), 2026);
    REQUIRE(data.ok());
    const auto exact = aggregates(data->organisation, data->catalog, data->submitted, {5});
    for (const double epsilon : {1.0, 4.0}) {
        const auto released = noisyGroups(data->organisation, data->catalog,
                                          exactCells(data->organisation, data->catalog, data->submitted),
                                          releaseSensitivity(data->catalog) / epsilon, 5, seeded(13));
        int areaCells = 0;
        const double areaError = meanAbsoluteError(released, exact, true, areaCells);
        char line[160];
        std::snprintf(line, sizeof line,
                      "demo, %zu answers, epsilon %.1f: mean abs error of area means %.3f (%d cells)",
                      data->submitted.size(), epsilon, areaError, areaCells);
        MESSAGE(line);
    }
}

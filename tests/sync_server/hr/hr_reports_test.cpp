// HR's view: completion per unit, anonymous aggregates with minimum group size and
// complementary suppression, and exports a Finnish spreadsheet opens as intended.
#include "sync_server/hr/hr_texts.h"
#include "hr/hr_reports.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <set>
#include <nlohmann/json.hpp>

using namespace osm;
using namespace osm::server;

namespace {

struct Fixture {
    catalog::Catalog catalog = *catalog::loadCatalogYear(test::assetsDir(), 2026);
    domain::Organisation org;
    std::vector<SubmittedDiscussion> submitted;

    Fixture() {
        org.serviceAreas = {{"a", "Alue A"}, {"b", "Alue B"}};
        org.units = {{"u1", "Yksikkö 1", "a", "default", true},
                     {"u2", "Yksikkö 2", "a", "default", true},
                     {"u3", "Yksikkö 3", "a", "default", true},
                     {"u4", "Yksikkö 4", "b", "default", true}};
        int staff = 100;
        auto people = [&](const std::string& unit, const std::string& area, int count, int submittedCount, int rating) {
            for (int i = 0; i < count; ++i) {
                domain::Person p;
                p.staffNumber = std::to_string(staff++);
                p.name = "Henkilö " + p.staffNumber;
                p.unitId = unit;
                p.serviceAreaId = area;
                p.sector = "default";
                p.roles = {i == 0 ? domain::Role::Manager : domain::Role::Employee};
                if (i == 0) p.roles.push_back(domain::Role::Employee);
                org.people.push_back(p);
                if (i >= submittedCount) continue;
                SubmittedDiscussion s{
                    unit, area,
                    domain::newDevelopmentDiscussion(*catalog.findForm("development_discussion_staff"), catalog)};
                for (domain::CompetenceRating& r : s.content.ratings) r.value = rating;
                s.content.answers["past_year.review"] = "VAPAA-TEKSTI-ÄLÄ-NÄYTÄ";
                s.content.goals.push_back({"TAVOITETEKSTI", "", {"mentoring", "courses"}});
                submitted.push_back(std::move(s));
            }
        };
        people("u1", "a", 7, 6, 4);
        people("u2", "a", 6, 5, 3);
        people("u3", "a", 3, 2, 1);
        people("u4", "b", 5, 4, 2);
    }

    const GroupAggregate& group(const std::vector<GroupAggregate>& groups, const std::string& area,
                                const std::string& unit) {
        for (const GroupAggregate& g : groups) {
            if (g.serviceAreaId == area && g.unitId == unit) return g;
        }
        FAIL("no group " << area << "/" << unit);
        return groups.front();
    }
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "completion counts who is due and who has submitted, per unit and area") {
    const auto rows = completion(org, catalog, 2026, submitted);
    REQUIRE(rows.size() == 6);  // 3 units + total, 1 unit + total
    CHECK(rows[0].unitId == "u1");
    CHECK(rows[0].due == 7);  // the manager has the manager's form, which is also a development discussion
    CHECK(rows[0].submitted == 6);
    CHECK(rows[0].managerName == "Henkilö 100");
    CHECK(rows[3].unitId.empty());
    CHECK(rows[3].submitted == 13);
}

TEST_CASE_FIXTURE(Fixture, "small groups are hidden, and so is one more beside a lone hidden group") {
    const auto groups = aggregates(org, catalog, submitted, {5});
    const GroupAggregate& u1 = group(groups, "a", "u1");
    const GroupAggregate& u2 = group(groups, "a", "u2");
    const GroupAggregate& u3 = group(groups, "a", "u3");
    const GroupAggregate& areaA = group(groups, "a", "");
    CHECK_FALSE(u1.suppressed);
    CHECK(u1.responses == 6);
    CHECK(u1.competences.front().mean == doctest::Approx(4.0));
    CHECK(u3.suppressed);
    CHECK(u3.suppressedBecause == "small");
    CHECK(u3.competences.empty());
    // Without this, u3 = area A − u1 − u2 could be computed.
    CHECK(u2.suppressed);
    CHECK(u2.suppressedBecause == "complementary");
    CHECK_FALSE(areaA.suppressed);
    CHECK(areaA.responses == 13);
    CHECK(areaA.competences.front().mean == doctest::Approx((6 * 4 + 5 * 3 + 2 * 1) / 13.0));
    CHECK(areaA.methods.at("mentoring") == 13);
    CHECK(areaA.categories.at("learning_together") == 13);

    // Area B: its only unit and its total are both under five.
    CHECK(group(groups, "b", "u4").suppressed);
    CHECK(group(groups, "b", "").suppressed);
}

TEST_CASE_FIXTURE(Fixture, "a competence rated by too few is hidden even inside a shown group") {
    // Give each unit's manager (the first person) the manager's form: one rater per unit.
    std::set<std::string> managers;
    for (const domain::Person& p : org.people) {
        if (p.isManager()) managers.insert(p.unitId);
    }
    for (SubmittedDiscussion& s : submitted) {
        if (!managers.erase(s.unitId)) continue;
        s.content.setRating("manager.interaction", 5);
    }
    const auto groups = aggregates(org, catalog, submitted, {5});
    const GroupAggregate& u1 = group(groups, "a", "u1");
    REQUIRE_FALSE(u1.suppressed);
    for (const CompetenceAggregate& c : u1.competences) CHECK(c.competenceId != "manager.interaction");
    for (const CompetenceAggregate& c : group(groups, "a", "").competences)
        CHECK(c.competenceId != "manager.interaction");  // 3 raters < 5
    CHECK(u1.competences.size() == 6);
}

TEST_CASE_FIXTURE(Fixture, "the minimum group size is configurable but never below three") {
    auto groups = aggregates(org, catalog, submitted, {1});
    CHECK(group(groups, "a", "u3").suppressed);  // 2 < 3
    CHECK_FALSE(group(groups, "b", "u4").suppressed);
    groups = aggregates(org, catalog, submitted, {7});
    CHECK(group(groups, "a", "u1").suppressed);
}

TEST_CASE_FIXTURE(Fixture, "exports: no free text, Finnish CSV conventions, JSON with suppression marked") {
    const auto groups = aggregates(org, catalog, submitted, {5});
    const std::string csv = aggregatesCsv(test::finnishHrText(), groups, catalog);
    CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(csv.find("Palvelualue;Yksikkö;Vastauksia;Osaaminen;Keskiarvo;1;2;3;4;5\r\n") != std::string::npos);
    CHECK(csv.find("a;u1;6;Itsensä johtamisen taidot;4,00;0;0;0;6;0\r\n") != std::string::npos);
    CHECK(csv.find("a;u3;;alle vähimmäiskoon – ei näytetä;\r\n") != std::string::npos);
    const std::string json = aggregatesJson(groups);
    const std::string completionText = completionCsv(test::finnishHrText(), completion(org, catalog, 2026, submitted));
    const std::string markdown = serviceAreaSummaryMarkdown(test::finnishHrText(), "a", org, catalog,
                                                            completion(org, catalog, 2026, submitted), groups);
    for (const std::string* text : {&csv, &json, &completionText, &markdown}) {
        CHECK(text->find("VAPAA-TEKSTI") == std::string::npos);
        CHECK(text->find("TAVOITETEKSTI") == std::string::npos);
    }
    const auto parsed = nlohmann::json::parse(json);
    CHECK(parsed[1]["suppressed"] == "complementary");
    CHECK(completionText.find("Alue A;Yksikkö 1;Henkilö 100;7;0;6;85,7;0;0;0\r\n") != std::string::npos);
    CHECK(markdown.find("| Itsensä johtamisen taidot | 3,2 | 13 |") != std::string::npos);
    CHECK(markdown.find("1. ") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture,
                  "CSV fields with a semicolon, a quote or a line break are quoted as a spreadsheet reads them") {
    org.units[0].name = "Yksikkö \"Yksi\"; itä";
    org.serviceAreas[0].name = "Alue\nA";
    DiscussionProgress progress;
    progress.drafted["u1"] = 1;
    const std::string text = completionCsv(test::finnishHrText(), completion(org, catalog, 2026, submitted, progress));
    CHECK(text.find("\"Alue\nA\";\"Yksikkö \"\"Yksi\"\"; itä\";Henkilö 100;7;1;6;85,7;0;0;0\r\n") != std::string::npos);
    // Every line has the same number of fields once quoted fields are read as one.
    int fields = 1;
    bool quoted = false;
    for (std::size_t i = 3; i < text.size() && text[i] != '\r'; ++i) {
        if (text[i] == '"') quoted = !quoted;
        if (text[i] == ';' && !quoted) ++fields;
    }
    CHECK(fields == 10);
}

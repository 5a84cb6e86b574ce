// The demo organisation loads; broken rosters are refused with the field that is wrong.
#include "domain/organisation.h"

#include "core/json_reader.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace osm;
using namespace osm::domain;
using nlohmann::json;

namespace {

json demoJson() { return json::parse(test::readFile(test::assetsDir() / "demo" / "organisation.json")); }

std::string refusal(const json& doc) {
    auto result = parseOrganisation(doc.dump(), "org.json");
    REQUIRE_FALSE(result.ok());
    return result.error().message;
}

}  // namespace

TEST_CASE("the demo organisation loads with its people, roles and managers") {
    auto org = loadOrganisationFile(test::assetsDir() / "demo" / "organisation.json");
    REQUIRE_MESSAGE(org.ok(), (org.ok() ? "" : org.error().message));
    CHECK(org->units.size() == 3);
    CHECK(org->people.size() == 18);  // with 9101, the city manager, and 9002, the co-operation committee's member

    const Person* aino = org->findPerson("1001");
    REQUIRE(aino != nullptr);
    CHECK(aino->name == "Aino Virtanen");
    CHECK(aino->sector == "early_childhood_education");
    CHECK(aino->serviceAreaId == "kasvatus_ja_opetus");
    CHECK_FALSE(aino->isManager());

    const Person* helena = org->findPerson("1005");
    CHECK(helena->isManager());
    CHECK(helena->has(Role::DaycareDirector));
    CHECK(org->directReports("1005").size() == 4);
    CHECK(org->directReports("2004").size() == 3);
    CHECK(org->directReports("3001").size() == 4);  // 1005, 2004 and the management group's 3002, 3003
    const Person* marketta = org->findPerson("3002");
    REQUIRE(marketta != nullptr);
    CHECK(marketta->has(Role::ManagementGroup));
    CHECK(marketta->isAboveUnit());
    CHECK(org->membersOf("kirkonkylan_koulu").size() == 4);

    CHECK(org->findPerson("4001")->sector == "default");
    CHECK(org->findPerson("9001")->has(Role::Hr));
    // The city manager sits above the service areas: no unit, no service area.
    const Person* leena = org->findPerson("9101");
    REQUIRE(leena != nullptr);
    CHECK(leena->has(Role::CityManagement));
    CHECK(leena->serviceAreaId.empty());
    CHECK(org->findUnit("pk_tahtitaivas")->hasKiosk);
    CHECK_FALSE(org->findUnit("kotihoito_ita")->hasKiosk);
}

TEST_CASE("a broken roster is refused") {
    json doc = demoJson();
    SUBCASE("unknown unit") {
        doc["people"][0]["unit"] = "nowhere";
        CHECK(refusal(doc) == "org.json: people[0].unit: no unit 'nowhere'");
    }
    SUBCASE("unknown manager") {
        doc["people"][1]["manager"] = "7777";
        CHECK(refusal(doc) == "org.json: people[1].manager: no person with staff number 7777");
    }
    SUBCASE("manager cycle") {
        doc["people"][13]["manager"] = "4001";  // 4002 → 4001 → 4002
        CHECK(refusal(doc).find("the manager chain loops back") != std::string::npos);
    }
    SUBCASE("duplicate staff number") {
        doc["people"][1]["staff_number"] = "1001";
        CHECK(refusal(doc) == "org.json: people[1].staff_number: staff number 1001 appears twice");
    }
    SUBCASE("staff number with letters") {
        doc["people"][1]["staff_number"] = "10a2";
        CHECK(refusal(doc) == "org.json: people[1].staff_number: must be 1–12 digits");
    }
    SUBCASE("unknown role") {
        doc["people"][0]["roles"] = {"boss"};
        CHECK(refusal(doc) == "org.json: people[0].roles[0]: unknown role 'boss'");
    }
}

TEST_CASE("roles have stable names") {
    CHECK(std::string(roleName(Role::DaycareDirector)) == "daycare_director");
    CHECK(*parseRole("principal") == Role::Principal);
    CHECK(isValidStaffNumber("1001"));
    CHECK_FALSE(isValidStaffNumber(""));
    CHECK_FALSE(isValidStaffNumber("1234567890123"));
}

TEST_CASE("a number too large for JSON's doubles is refused as bad input, not thrown (found by fuzz_organisation)") {
    for (const char* text : {"1E400", "{\"units\": [55E555]}", "-1e99999"}) {
        auto parsed = osm::domain::parseOrganisation(text, "fuzzed.json");
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().message.find("fuzzed.json") != std::string::npos);
        CHECK_FALSE(osm::parseJsonText(text, "x").ok());
    }
}

// Who reads a submitted group discussion (domain/rights.h): the people who took part in it while
// in its unit, and the unit's principals and daycare directors; nobody else. And the cross-unit
// groups of a service area: who records their discussion, takes part in it and reads it.
#include "domain/rights.h"

#include "test_support.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::domain;

TEST_CASE("a group discussion is read by those who took part in it and the unit's directors") {
    auto org = loadOrganisationFile(test::assetsDir() / "demo" / "organisation.json");
    REQUIRE(org.ok());
    const Person& aino = *org->findPerson("1001");    // took part
    const Person& mikko = *org->findPerson("1002");   // recorded it
    const Person& leila = *org->findPerson("1003");   // of the unit, not there
    const Person& helena = *org->findPerson("1005");  // the daycare director, not there
    const Person& kaisa = *org->findPerson("2004");   // a principal of another unit
    const Person& pekka = *org->findPerson("3001");   // the service-area director
    const std::vector<std::string> participants{"1002", "1001"};
    CHECK(mayReadGroupDiscussion(aino, "pk_tahtitaivas", "1002", participants));
    CHECK(mayReadGroupDiscussion(mikko, "pk_tahtitaivas", "1002", participants));
    CHECK(mayReadGroupDiscussion(helena, "pk_tahtitaivas", "1002", participants));
    CHECK_FALSE(mayReadGroupDiscussion(leila, "pk_tahtitaivas", "1002", participants));
    CHECK_FALSE(mayReadGroupDiscussion(kaisa, "pk_tahtitaivas", "1002", participants));
    CHECK_FALSE(mayReadGroupDiscussion(pekka, "pk_tahtitaivas", "1002", participants));
    // The recorder reads it even if the participant list (unchecked by the server) left them out.
    CHECK(mayReadGroupDiscussion(mikko, "pk_tahtitaivas", "1002", {"1001", "1003"}));

    // Someone who took part and has since moved to another unit takes nothing of it with them.
    Person moved = aino;
    moved.unitId = "kirkonkylan_koulu";
    CHECK_FALSE(mayReadGroupDiscussion(moved, "pk_tahtitaivas", "1002", participants));
    // A listed staff number alone is not enough without a person behind it.
    CHECK_FALSE(mayReadGroupDiscussion(Person{}, "pk_tahtitaivas", "1002", {""}));
}

TEST_CASE("a cross-unit group of a service area: who records, takes part and reads") {
    auto org = loadOrganisationFile(test::assetsDir() / "demo" / "organisation.json");
    REQUIRE(org.ok());
    const Person& helena = *org->findPerson("1005");    // daycare director, Tähtitaivas
    const Person& kaisa = *org->findPerson("2004");     // principal, Kirkonkylän koulu
    const Person& pekka = *org->findPerson("3001");     // the service-area director
    const Person& marketta = *org->findPerson("3002");  // the management group, no unit
    const Person& aino = *org->findPerson("1001");      // staff of Helena's unit
    const Person& tuomas = *org->findPerson("4002");    // a manager of another service area
    const Person& sari = *org->findPerson("4003");      // the other service area's director
    const std::string area = "kasvatus_ja_opetus";
    const auto team = LeaderGroup::PrincipalsAndDirectors;
    const auto management = LeaderGroup::ManagementGroup;
    CHECK(leaderGroupOfKind("principals_and_directors") == team);
    CHECK(leaderGroupOfKind("service_area_management") == management);
    CHECK_FALSE(leaderGroupOfKind("team").has_value());

    // The principals' and directors' team: its leaders of units, across units; nobody else.
    CHECK(mayRecordGroupOf(helena, team, area));
    CHECK(mayRecordGroupOf(kaisa, team, area));
    CHECK(mayTakePartInGroupOf(kaisa, team, area));
    for (const Person* other : {&pekka, &marketta, &aino, &tuomas, &sari}) {
        CHECK_FALSE(mayRecordGroupOf(*other, team, area));
        CHECK_FALSE(mayTakePartInGroupOf(*other, team, area));
    }
    CHECK_FALSE(mayRecordGroupOf(helena, team, "hyvinvointipalvelut"));
    // The management group: its members and the service-area director.
    CHECK(mayRecordGroupOf(pekka, management, area));
    CHECK(mayRecordGroupOf(marketta, management, area));
    CHECK_FALSE(mayRecordGroupOf(helena, management, area));
    CHECK_FALSE(mayRecordGroupOf(sari, management, area));
    CHECK(mayRecordGroupOf(sari, management, "hyvinvointipalvelut"));

    // Read by its participants and recorder while members, and by the service area's director.
    const std::vector<std::string> took = {"1005", "2004"};
    CHECK(mayReadCrossUnitGroupDiscussion(helena, team, area, "1005", took));
    CHECK(mayReadCrossUnitGroupDiscussion(kaisa, team, area, "1005", took));
    CHECK(mayReadCrossUnitGroupDiscussion(pekka, team, area, "1005", took));
    CHECK(mayReadCrossUnitGroupDiscussion(helena, team, area, "1005", {"2004"}));       // the recorder
    CHECK_FALSE(mayReadCrossUnitGroupDiscussion(kaisa, team, area, "1005", {"1005"}));  // not there
    for (const Person* other : {&marketta, &aino, &tuomas, &sari})
        CHECK_FALSE(mayReadCrossUnitGroupDiscussion(*other, team, area, "1005", {"1005", "2004", "3002", "1001"}));
    Person moved = kaisa;  // took part, then moved to lead a unit of another service area
    moved.serviceAreaId = "hyvinvointipalvelut";
    CHECK_FALSE(mayReadCrossUnitGroupDiscussion(moved, team, area, "1005", took));
    Person stepped = kaisa;  // took part, then no longer a principal
    stepped.roles = {Role::Employee};
    CHECK_FALSE(mayReadCrossUnitGroupDiscussion(stepped, team, area, "1005", took));
    CHECK_FALSE(mayReadCrossUnitGroupDiscussion(Person{}, team, area, "", {""}));
}

TEST_CASE("the strategic discussion: the city's management group sees the whole city, an area's group its own") {
    auto org = loadOrganisationFile(test::assetsDir() / "demo" / "organisation.json");
    REQUIRE(org.ok());
    const Person& leena = *org->findPerson("9101");     // city_management, no service area
    const Person& pekka = *org->findPerson("3001");     // director, kasvatus_ja_opetus
    const Person& marketta = *org->findPerson("3002");  // management group, kasvatus_ja_opetus
    const Person& sari = *org->findPerson("4003");      // director, hyvinvointipalvelut
    const Person& helena = *org->findPerson("1005");    // daycare director: leads, not strategic
    const Person& marja = *org->findPerson("9001");     // HR
    CHECK(takesPartInStrategicDiscussion(leena));
    CHECK(takesPartInStrategicDiscussion(pekka));
    CHECK(takesPartInStrategicDiscussion(marketta));
    CHECK_FALSE(takesPartInStrategicDiscussion(helena));
    CHECK_FALSE(takesPartInStrategicDiscussion(marja));
    CHECK(mayViewStrategyOf(leena, ""));
    CHECK(mayViewStrategyOf(leena, "hyvinvointipalvelut"));
    CHECK(mayViewStrategyOf(pekka, "kasvatus_ja_opetus"));
    CHECK(mayViewStrategyOf(marketta, "kasvatus_ja_opetus"));
    CHECK_FALSE(mayViewStrategyOf(pekka, ""));
    CHECK_FALSE(mayViewStrategyOf(pekka, "hyvinvointipalvelut"));
    CHECK_FALSE(mayViewStrategyOf(sari, "kasvatus_ja_opetus"));
    CHECK_FALSE(mayViewStrategyOf(helena, "kasvatus_ja_opetus"));
    CHECK_FALSE(mayViewStrategyOf(marja, ""));
    CHECK_FALSE(mayViewStrategyOf(Person{}, ""));
}

TEST_CASE("a service area's plan is its management group's; the co-operation committee confirms") {
    auto org = loadOrganisationFile(test::assetsDir() / "demo" / "organisation.json");
    REQUIRE(org.ok());
    const std::string area = "kasvatus_ja_opetus";
    for (const char* staff : {"3001", "3002", "3003"})  // its director and management-group members
        CHECK_MESSAGE(mayPlanForArea(*org->findPerson(staff), area), staff);
    for (const char* staff : {"1005", "2004", "1001", "4003", "4002", "9001", "9002"})
        CHECK_MESSAGE(!mayPlanForArea(*org->findPerson(staff), area), staff);
    CHECK(mayPlanForArea(*org->findPerson("4003"), "hyvinvointipalvelut"));
    CHECK_FALSE(mayPlanForArea(*org->findPerson("3001"), ""));

    const Person& ville = *org->findPerson("9002");  // the committee's member, leads nobody
    CHECK(mayConfirmPlans(ville));
    CHECK_FALSE(leads(ville));
    CHECK(usesLeadersWeb(ville));
    for (const char* staff : {"3001", "3002", "9001", "1001"})
        CHECK_MESSAGE(!mayConfirmPlans(*org->findPerson(staff)), staff);
    CHECK_FALSE(usesLeadersWeb(*org->findPerson("1001")));
    CHECK_FALSE(usesLeadersWeb(*org->findPerson("9001")));  // HR has its own pages
    Person nobody = ville;
    nobody.staffNumber.clear();
    CHECK_FALSE(mayConfirmPlans(nobody));
}

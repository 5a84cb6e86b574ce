// Who reads a submitted group discussion (domain/rights.h): the people who took part in it while
// in its unit, and the unit's principals and daycare directors; nobody else.
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

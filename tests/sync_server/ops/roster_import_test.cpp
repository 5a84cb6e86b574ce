// Roster CSV: every bad row reported by line, and nothing imported while any row is bad.
#include "ops/operator_commands.h"
#include "ops/roster_import.h"
#include "test_support.h"

#include <doctest/doctest.h>

using namespace osm;

namespace {

const char* kHeader = "staff_number,name,title,unit,unit_name,service_area,service_area_name,sector,roles,manager\n";

}  // namespace

TEST_CASE("a good roster parses, with quotes, a BOM and CRLF line ends") {
    const std::string csv = std::string("\xEF\xBB\xBF") + kHeader +
                            "1005,Helena Laine,päiväkodinjohtaja,pk,\"Päiväkoti \"\"Tähtitaivas\"\"\",ko,Kasvatus ja "
                            "opetus,early_childhood_education,employee|manager|daycare_director,\r\n"
                            "1001,\"Virtanen, Aino\",opettaja,pk,,ko,,early_childhood_education,employee,1005\r\n";
    const server::RosterParse parsed = server::parseRosterCsv(csv);
    REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.problems.front()));
    REQUIRE(parsed.organisation.people.size() == 2);
    CHECK(parsed.organisation.findPerson("1001")->name == "Virtanen, Aino");
    CHECK(parsed.organisation.findUnit("pk")->name == "Päiväkoti \"Tähtitaivas\"");
    CHECK(parsed.organisation.findPerson("1005")->isPrincipalOrDirector());
    CHECK(parsed.organisation.directReports("1005").size() == 1);
}

TEST_CASE("every bad row is reported with its line number") {
    const std::string csv = std::string(kHeader) +
                            "1001,Aino,,pk,,ko,,ece,employee,9999\n"  // line 2: unknown manager
                            "10a2,Mikko,,pk,,ko,,ece,employee,\n"     // line 3: staff number
                            "1003,,,pk,,ko,,ece,employee,\n"          // line 4: name
                            "1004,Sanna,,pk,,ko,,ece,boss,\n"         // line 5: role
                            "1001,Kopio,,pk,,ko,,ece,employee,\n"     // line 6: duplicate
                            "1006,Liian,vähän,kenttiä\n";             // line 7: field count
    const server::RosterParse parsed = server::parseRosterCsv(csv);
    REQUIRE(parsed.problems.size() == 6);
    CHECK(parsed.problems[0] == "line 2: manager: no person with staff number 9999 in the file");
    CHECK(parsed.problems[1] == "line 3: staff_number: must be 1–12 digits");
    CHECK(parsed.problems[2] == "line 4: name: missing");
    CHECK(parsed.problems[3] == "line 5: roles: unknown role 'boss'");
    CHECK(parsed.problems[4] == "line 6: staff_number: 1001 is already on line 2");
    CHECK(parsed.problems[5].rfind("line 7: has 4 fields", 0) == 0);
}

TEST_CASE("a missing column or an empty file is refused") {
    CHECK(server::parseRosterCsv("").problems.front() == "line 1: the file is empty (a header line is needed)");
    CHECK(server::parseRosterCsv("staff_number,name\n1,a\n").problems.front() ==
          "line 1: header: column 'unit' is missing");
    CHECK(
        server::parseRosterCsv(std::string(kHeader) + "1,\"open quote,,,,,,,,\n").problems.front().find("not closed") !=
        std::string::npos);
}

TEST_CASE("importing with any bad row changes nothing; a dry run never changes anything") {
    test::TempDir dir;
    auto storage = server::openSqliteStorage((dir / "s.db").string());
    REQUIRE(storage.ok());
    const std::string good = std::string(kHeader) + "1001,Aino,,pk,,ko,,ece,employee,\n";
    const std::string bad = good + "1002,Mikko,,pk,,ko,,ece,employee,7777\n";
    server::ImportReport report = server::importRosterCsv(**storage, bad, false);
    CHECK_FALSE(report.applied);
    CHECK(report.problems.size() == 1);
    CHECK((*storage)->people()->empty());
    report = server::importRosterCsv(**storage, good, true);
    CHECK(report.problems.empty());
    CHECK_FALSE(report.applied);
    CHECK((*storage)->people()->empty());
    report = server::importRosterCsv(**storage, good, false);
    CHECK(report.applied);
    CHECK((*storage)->people()->size() == 1);
}

TEST_CASE("a dry run lists who leaves the roster and who moves to another unit") {
    test::TempDir dir;
    auto storage = server::openSqliteStorage((dir / "s.db").string());
    REQUIRE(storage.ok());
    const std::string units = "1009,Pia,,pk2,,ko,,ece,employee,\n";
    const std::string before = std::string(kHeader) + "1001,Aino,,pk,,ko,,ece,employee,\n" +
                               "1002,Mikko,,pk,,ko,,ece,employee,\n" + "1003,Sanna,,pk,,ko,,ece,employee,\n" + units;
    REQUIRE(server::importRosterCsv(**storage, before, false).applied);
    // Mikko moves to pk2, Sanna is gone, Aino stays.
    const std::string after =
        std::string(kHeader) + "1001,Aino,,pk,,ko,,ece,employee,\n" + "1002,Mikko,,pk2,,ko,,ece,employee,\n" + units;
    const server::ImportReport report = server::importRosterCsv(**storage, after, true);
    CHECK(report.problems.empty());
    CHECK_FALSE(report.applied);
    CHECK(report.transfers == std::vector<std::string>{"1002 Mikko: pk -> pk2"});
    CHECK(report.leavers == std::vector<std::string>{"1003 Sanna, pk"});
    CHECK((*storage)->person("1002")->value().person.unitId == "pk");  // a dry run changes nothing
}

TEST_CASE("roster ids with CR, LF, # or ? are refused by line") {
    const std::string csv = std::string(kHeader) +
                            "1001,Aino,,\"pk\r\nx\",,ko,,ece,employee,\n"  // line 2: CR/LF in the unit
                            "1002,Mikko,,pk#1,,ko,,ece,employee,\n"        // line 4: # in the unit
                            "1003,Sanna,,pk,,ko?a=1,,ece,employee,\n"      // line 5: ? in the area
                            "1004,Leena,,pk,,ko,,ece/../x,employee,\n"     // line 6: / in the sector
                            "1005,Pekka,,pk,,ko,,ece,employee,\n";         // line 7: fine
    const server::RosterParse parsed = server::parseRosterCsv(csv);
    REQUIRE(parsed.problems.size() == 4);
    CHECK(parsed.problems[0] == "line 2: unit: an id holds only letters a-z, digits, _ - . (at most 64)");
    CHECK(parsed.problems[1] == "line 4: unit: an id holds only letters a-z, digits, _ - . (at most 64)");
    CHECK(parsed.problems[2] == "line 5: service_area: an id holds only letters a-z, digits, _ - . (at most 64)");
    CHECK(parsed.problems[3] == "line 6: sector: an id holds only letters a-z, digits, _ - . (at most 64)");
    CHECK(server::parseRosterCsv(std::string(kHeader) + "1005,Pekka,,pk-2.b_c,,KO_1,,ece,employee,\n").ok());
}

TEST_CASE("names that are not plain UTF-8 are refused by line, before any JSON is written of them") {
    const std::string csv = std::string(kHeader) +
                            "1001,\xC0\x91llion,,pk,,ko,,ece,employee,\n"            // line 2: overlong form
                            "1002,Mikko,\"Opettaja\nx\",pk,,ko,,ece,employee,\n"     // line 3: a line break
                            "1003,Sanna,,pk,Lehmus\xED\xA0\x80,ko,,ece,employee,\n"  // line 5: a surrogate
                            "1004,Leena,,pk,,ko," +
                            std::string(201, 'a') +
                            ",ece,employee,\n"  // line 6: too long
                            "1005,Pekka Päiväkoti,Lastentarhanopettaja,pk,,ko,Kasvatus ja opetus,ece,employee,\n";
    const server::RosterParse parsed = server::parseRosterCsv(csv);
    REQUIRE(parsed.problems.size() == 4);
    CHECK(parsed.problems[0] == "line 2: name: not plain UTF-8 text of at most 200 bytes");
    CHECK(parsed.problems[1] == "line 3: title: not plain UTF-8 text of at most 200 bytes");
    CHECK(parsed.problems[2] == "line 5: unit_name: not plain UTF-8 text of at most 200 bytes");
    CHECK(parsed.problems[3] == "line 6: service_area_name: not plain UTF-8 text of at most 200 bytes");
}

TEST_CASE("only the city manager's management group may be above the service areas, as in the JSON roster") {
    const std::string csv = std::string(kHeader) +
                            "9101,Leena Aaltonen,kaupunginjohtaja,,,,,default,employee|city_management,\n"
                            "1001,Aino,,pk,,,,ece,employee,\n"      // line 3: in a unit, no area
                            "1002,Mikko,,,,,,default,employee,\n";  // line 4: nowhere
    const server::RosterParse parsed = server::parseRosterCsv(csv);
    REQUIRE(parsed.problems.size() == 2);
    CHECK(parsed.problems[0] == "line 3: service_area: missing");
    CHECK(parsed.problems[1] == "line 4: service_area: missing");
    const server::RosterParse city =
        server::parseRosterCsv(std::string(kHeader) + "9101,Leena,,,,,,default,employee|city_management,\n");
    REQUIRE(city.ok());
    CHECK(city.organisation.serviceAreas.empty());
}

// The SQLite storage as a whole: every concern on one file, the schema migrated on opening (or
// left as it is for checking a backup), the instance id kept across reopenings.
#include "storage/database.h"
#include "storage/sync_storage.h"
#include "test_support.h"

#include <doctest/doctest.h>

using namespace osm;

TEST_CASE("one file serves every concern, and the instance id survives a reopening") {
    test::TempDir dir;
    const std::string path = (dir / "server.db").string();
    std::string instance;
    {
        auto storage = server::openSqliteStorage(path);
        REQUIRE(storage.ok());
        domain::Organisation org;
        org.serviceAreas.push_back({"area", "Area"});
        org.units.push_back({"unit", "Unit", "area", "varhaiskasvatus", true});
        org.people.push_back(domain::Person{"1001", "Name", "Title", "unit", "area", "varhaiskasvatus", {}, ""});
        REQUIRE((*storage)->importOrganisation(org).ok());
        REQUIRE((*storage)->publishCatalog(2026, "{}").ok());
        instance = (*storage)->instanceId().value();
    }
    auto reopened = server::openSqliteStorage(path);
    REQUIRE(reopened.ok());
    server::RosterStorage& roster = **reopened;
    CHECK(roster.personCount().value() == 1);
    CHECK(roster.person("1001").value()->person.unitId == "unit");
    CHECK((*reopened)->catalogYears().value() == std::vector<int>{2026});
    CHECK((*reopened)->instanceId().value() == instance);
    CHECK((*reopened)->isIntact());
}

TEST_CASE("opened as it is, a file is not migrated") {
    test::TempDir dir;
    const std::string path = (dir / "server.db").string();
    {
        auto empty = storage::Database::open(path);
        REQUIRE(empty.ok());
    }
    {
        auto asIs = server::openSqliteStorage(path, server::SchemaUpgrade::AsIs);
        REQUIRE(asIs.ok());
        CHECK_FALSE((*asIs)->personCount().ok());  // no tables: not a server database
    }
    auto db = storage::Database::open(path);
    REQUIRE(db.ok());
    CHECK(storage::schemaVersion(*db).value() == 0);
}

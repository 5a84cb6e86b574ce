// The SQLite storage as a whole: every concern on one file, the schema migrated on opening (or
// left as it is for checking a backup), the instance id kept across reopenings.
#include "crypto/encoding.h"
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

TEST_CASE("the catalogue hashes a pull lists follow a catalogue published by another process") {
    // The serving process keeps the hashes; an operator command publishes on its own connection.
    test::TempDir dir;
    const std::string path = (dir / "server.db").string();
    auto serving = server::openSqliteStorage(path);
    REQUIRE(serving.ok());
    CHECK((*serving)->catalogHashes()->empty());
    REQUIRE((*serving)->publishCatalog(2026, "{\"year\":2026}").ok());
    auto listed = (*serving)->catalogHashes();
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().hash == crypto::contentHash(std::string_view("{\"year\":2026}")));
    {
        auto operatorCommand = server::openSqliteStorage(path);
        REQUIRE(operatorCommand.ok());
        REQUIRE((*operatorCommand)->publishCatalog(2026, "{\"year\":2026,\"fixed\":true}").ok());
        REQUIRE((*operatorCommand)->publishCatalog(2027, "{\"year\":2027}").ok());
    }
    listed = (*serving)->catalogHashes();
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 2);
    CHECK(listed->at(0).year == 2026);
    CHECK(listed->at(0).hash == crypto::contentHash(std::string_view("{\"year\":2026,\"fixed\":true}")));
    CHECK(listed->at(1).year == 2027);
    // And this process's own publishing shows at once too.
    REQUIRE((*serving)->publishCatalog(2027, "{\"year\":2027,\"again\":true}").ok());
    CHECK((*serving)->catalogHashes()->at(1).hash ==
          crypto::contentHash(std::string_view("{\"year\":2027,\"again\":true}")));
}

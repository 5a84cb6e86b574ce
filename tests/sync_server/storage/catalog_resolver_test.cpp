// The one rule for a year's catalogue: the year's published one, else the newest earlier one,
// else the one installed for the year; never a later year's.
#include "core/json_reader.h"
#include "storage/catalog_resolver.h"
#include "storage/sync_storage.h"
#include "test_support.h"

#include <doctest/doctest.h>

using namespace osm;

TEST_CASE("catalogYearFor takes the year itself, else the newest earlier year, never a later one") {
    const std::vector<int> published{2027, 2024, 2025};
    CHECK(server::catalogYearFor(published, 2025) == 2025);
    CHECK(server::catalogYearFor(published, 2026) == 2025);
    CHECK(server::catalogYearFor(published, 2030) == 2027);
    CHECK_FALSE(server::catalogYearFor(published, 2023).has_value());
    CHECK_FALSE(server::catalogYearFor({}, 2026).has_value());
}

TEST_CASE("the published catalogue for a year, and the installed one where none is published") {
    test::TempDir dir;
    auto storage = server::openSqliteStorage((dir / "server.db").string());
    REQUIRE(storage.ok());
    server::CatalogStorage& catalogs = **storage;
    auto text = readTextFile((test::assetsDir() / "catalog" / "2026.json").string());
    REQUIRE(text.ok());

    CHECK_FALSE(server::publishedCatalogFor(catalogs, 2026).has_value());
    auto installed = server::resolveCatalog(&catalogs, test::assetsDir(), 2026);
    REQUIRE(installed.ok());
    CHECK(installed->year == 2026);
    CHECK_FALSE(server::resolveCatalog(&catalogs, test::assetsDir(), 2027).ok());  // nothing installed for 2027
    CHECK(server::resolveCatalog(nullptr, test::assetsDir(), 2026).ok());

    REQUIRE(catalogs.publishCatalog(2026, *text).ok());
    auto next = server::publishedCatalogFor(catalogs, 2027);
    REQUIRE(next.has_value());
    CHECK(next->year == 2026);
    CHECK(next->json == *text);
    CHECK_FALSE(server::publishedCatalogFor(catalogs, 2025).has_value());
    auto planning = server::resolveCatalog(&catalogs, test::assetsDir(), 2027);  // HR planning next year
    REQUIRE(planning.ok());
    CHECK(planning->year == 2026);
}

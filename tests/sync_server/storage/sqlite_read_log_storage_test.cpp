// The read log on a real SQLite file: a person sees the reads of their own records and of the
// agreements about them, taken together per version, reader and channel, with the reader's name;
// nobody else's; and the rows leave with their record when retention deletes it.
#include "storage/sync_storage.h"
#include "test_support.h"

#include <doctest/doctest.h>

using namespace osm;

namespace {

server::ServerRecord submitted(const std::string& id, const std::string& owner, sync::RecordKindWire kind, int year) {
    server::ServerRecord r;
    r.id = id;
    r.owner = owner;
    r.unitId = "unit";
    r.kind = kind;
    r.formId = "development_discussion_staff";
    r.year = year;
    r.version = 1;
    r.state = sync::RecordStateWire::Submitted;
    r.contentHash = "h-" + id;
    r.payload = {1, 2, 3};
    return r;
}

std::unique_ptr<server::SyncStorage> storageWithRecords(const test::TempDir& dir) {
    auto storage = server::openSqliteStorage((dir / "server.db").string());
    REQUIRE(storage.ok());
    domain::Organisation org;
    org.serviceAreas.push_back({"area", "Area"});
    org.units.push_back({"unit", "Unit", "area", "varhaiskasvatus", true});
    org.people.push_back(domain::Person{"1001", "Aino Virtanen", "", "unit", "area", "varhaiskasvatus", {}, "1005"});
    org.people.push_back(domain::Person{"1002", "Pekka Laine", "", "unit", "area", "varhaiskasvatus", {}, "1005"});
    org.people.push_back(domain::Person{"1005", "Maria Niemi", "", "unit", "area", "varhaiskasvatus", {}, ""});
    REQUIRE((*storage)->importOrganisation(org).ok());
    const std::vector<server::RecordPut> puts{
        {submitted("r-aino", "1001", sync::RecordKindWire::Development, 2026), 0, {}},
        {submitted("agreement:2026:1001", "1005", sync::RecordKindWire::Agreement, 2026), 0, {}},
        {submitted("r-pekka", "1002", sync::RecordKindWire::Development, 2026), 0, {}},
        {submitted("r-old", "1001", sync::RecordKindWire::Development, 2020), 0, {}},
    };
    REQUIRE((*storage)->putRecords(puts).ok());
    return std::move(*storage);
}

}  // namespace

TEST_CASE("a person's reads: their records and the agreements about them, per version, reader and channel") {
    test::TempDir dir;
    auto storage = storageWithRecords(dir);
    REQUIRE(storage->logReads({}).ok());
    CHECK(storage->readCount().value() == 0);
    const std::vector<server::RecordRead> reads{
        {"r-aino", "1001", 1, "1005", "k-1", 1000},  {"r-aino", "1001", 1, "1005", "k-1", 1100},
        {"r-aino", "1001", 1, "1005", "web", 1200},  {"agreement:2026:1001", "1001", 1, "1001", "k-1", 1300},
        {"r-pekka", "1002", 1, "1005", "k-1", 1400}, {"r-old", "1001", 1, "hr:kaisa", "web", 900}};
    REQUIRE(storage->logReads(reads).ok());
    CHECK(storage->readCount().value() == 6);

    const auto aino = storage->readsAbout("1001");
    REQUIRE(aino.ok());
    const std::vector<server::ReadSummary> expected{
        {"agreement:2026:1001", 1, "1001", "Aino Virtanen", "k-1", 1300, 1300, 1},
        {"r-aino", 1, "1005", "Maria Niemi", "k-1", 1000, 1100, 2},
        {"r-aino", 1, "1005", "Maria Niemi", "web", 1200, 1200, 1},
        {"r-old", 1, "hr:kaisa", "", "web", 900, 900, 1},
    };
    CHECK(*aino == expected);
    // The manager authored the agreement, so its reads are theirs to see too; Pekka's are his.
    CHECK(storage->readsAbout("1005").value().size() == 1);
    REQUIRE(storage->readsAbout("1002").value().size() == 1);
    CHECK(storage->readsAbout("1002").value()[0].recordId == "r-pekka");
    CHECK(storage->readsAbout("100").value().empty());  // no staff number matches by its prefix
}

TEST_CASE("the reads of a record leave with it when retention deletes its year") {
    test::TempDir dir;
    auto storage = storageWithRecords(dir);
    REQUIRE(
        storage->logReads({{"r-old", "1001", 1, "1005", "k-1", 900}, {"r-aino", "1001", 1, "1005", "k-1", 1000}}).ok());
    REQUIRE(storage->purgeBefore(2022).value() == 1);
    CHECK(storage->readCount().value() == 1);
    const auto left = storage->readsAbout("1001").value();
    REQUIRE(left.size() == 1);
    CHECK(left[0].recordId == "r-aino");
}

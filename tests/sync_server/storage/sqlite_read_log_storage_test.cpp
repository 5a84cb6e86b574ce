// The read log on a real SQLite file: a person sees the reads of their own records and of the
// agreements about them, taken together per version, reader and channel, with the reader's name;
// nobody else's; and the rows leave with their record when retention deletes it.
#include "storage/database.h"
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

TEST_CASE("a read of someone's completions leaves by the year it was read, as the records of that year do") {
    test::TempDir dir;
    auto storage = storageWithRecords(dir);
    // 1'590'000'000 is in May 2020, 1'780'000'000 in May 2026 (in any time zone).
    REQUIRE(storage
                ->logReads({{"completions:1001", "1001", 0, "1005", "k-1", 1'590'000'000},
                            {"completions:1002", "1002", 0, "1005", "web", 1'780'000'000},
                            {"r-aino", "1001", 1, "1005", "k-1", 1'590'000'000}})
                .ok());
    REQUIRE(storage->purgeBefore(2022).value() == 1);  // r-old, the one record before 2022
    CHECK(storage->readCount().value() == 2);
    CHECK(storage->readsAbout("1001").value().size() == 1);  // the 2026 pre-form's read stays with it
    REQUIRE(storage->readsAbout("1002").value().size() == 1);
    CHECK(storage->readsAbout("1002").value()[0].recordId == "completions:1002");
    // Read again in 2026, a completions row is kept until 2026 goes.
    REQUIRE(storage->logReads({{"completions:1001", "1001", 0, "1005", "k-1", 1'780'000'000}}).ok());
    REQUIRE(storage->purgeBefore(2023).ok());
    CHECK(storage->readCount().value() == 3);
    REQUIRE(storage->purgeBefore(2027).ok());
    CHECK(storage->readCount().value() == 0);
}

TEST_CASE("a manager pulling the same pre-form again and again adds to one row, not a row a pull") {
    test::TempDir dir;
    auto storage = storageWithRecords(dir);
    // 300 sign-ins at one terminal, then one read on the web, delivered out of order once.
    for (int i = 0; i < 300; ++i) REQUIRE(storage->logReads({{"r-aino", "1001", 1, "1005", "k-1", 2000 + i}}).ok());
    REQUIRE(storage->logReads({{"r-aino", "1001", 1, "1005", "k-1", 1500}}).ok());
    REQUIRE(storage->logReads({{"r-aino", "1001", 1, "1005", "web", 3000}}).ok());
    CHECK(storage->readCount().value() == 302);  // every delivery counted
    const std::vector<server::ReadSummary> expected{
        {"r-aino", 1, "1005", "Maria Niemi", "k-1", 1500, 2299, 301},
        {"r-aino", 1, "1005", "Maria Niemi", "web", 3000, 3000, 1},
    };
    CHECK(storage->readsAbout("1001").value() == expected);
    auto db = storage::Database::open((dir / "server.db").string());
    REQUIRE(db.ok());
    auto rows = db->prepare("SELECT count(*) FROM record_read");
    REQUIRE(rows.ok());
    REQUIRE(rows->step().value());
    CHECK(rows->getInt(0) == 2);  // bounded by what was read, not by how often
}

TEST_CASE("a read log of one row a delivery (schema 10) is taken together on upgrade") {
    test::TempDir dir;
    const std::string path = (dir / "server.db").string();
    {
        auto storage = storageWithRecords(dir);  // opened, so migrated; then put back to schema 10
    }
    {
        auto db = storage::Database::open(path);
        REQUIRE(db.ok());
        REQUIRE(db->exec("DROP TABLE record_read").ok());
        REQUIRE(db->exec("CREATE TABLE record_read(record_id TEXT NOT NULL, subject TEXT NOT NULL, version INTEGER "
                         "NOT NULL, reader TEXT NOT NULL, channel TEXT NOT NULL, read_at INTEGER NOT NULL)")
                    .ok());
        REQUIRE(db->exec("INSERT INTO record_read VALUES('r-aino', '1001', 1, '1005', 'k-1', 1100), "
                         "('r-aino', '1001', 1, '1005', 'k-1', 1000), ('r-aino', '1001', 1, '1005', 'web', 1200)")
                    .ok());
        REQUIRE(db->exec("ALTER TABLE record DROP COLUMN sealed_by_server").ok());  // migration 12's
        REQUIRE(db->exec("DROP TRIGGER completion_goes_with_person").ok());         // migration 13's
        REQUIRE(db->exec("DROP TABLE completion").ok());
        REQUIRE(db->exec("PRAGMA user_version=10").ok());
    }
    auto storage = server::openSqliteStorage(path);
    REQUIRE(storage.ok());
    const std::vector<server::ReadSummary> expected{
        {"r-aino", 1, "1005", "Maria Niemi", "k-1", 1000, 1100, 2},
        {"r-aino", 1, "1005", "Maria Niemi", "web", 1200, 1200, 1},
    };
    CHECK((*storage)->readsAbout("1001").value() == expected);
    // The upgraded table counts new deliveries on those rows, and still leaves with its record.
    REQUIRE((*storage)->logReads({{"r-aino", "1001", 1, "1005", "k-1", 1300}}).ok());
    CHECK((*storage)->readCount().value() == 4);
    REQUIRE((*storage)->purgeBefore(2027).value() >= 1);
    CHECK((*storage)->readCount().value() == 0);
}

// The server storage's two economies of disk syncs, on real SQLite files: a push batch is one
// commit that follows putRecord's rules record by record, and a request's nonce is written
// without a sync of its own yet is already in the file for the next connection (a restarted
// server), so a crash of the server process never lets a request be replayed.
#include "sync_storage.h"
#include "test_support.h"

#include <doctest/doctest.h>

using namespace osm;

namespace {

server::ServerRecord draft(const std::string& id, std::uint64_t version, const std::string& hash) {
    server::ServerRecord r;
    r.id = id;
    r.owner = "1001";
    r.unitId = "pk_tahtitaivas";
    r.formId = "development_discussion_staff";
    r.year = 2026;
    r.version = version;
    r.contentHash = hash;
    r.payload = {1, 2, 3};
    return r;
}

}  // namespace

TEST_CASE("a nonce spent on one connection is spent for the next one (a restarted server)") {
    test::TempDir dir;
    const std::string path = (dir / "server.db").string();
    {
        auto first = server::openSqliteStorage(path);
        REQUIRE(first.ok());
        CHECK((*first)->rememberNonce("k-1", "nonce-0123456789abcdef", 1000, 0).value());
        // The storage is dropped without a checkpoint, as a killed process would leave it.
    }
    auto restarted = server::openSqliteStorage(path);
    REQUIRE(restarted.ok());
    CHECK_FALSE((*restarted)->rememberNonce("k-1", "nonce-0123456789abcdef", 1001, 0).value());
    CHECK((*restarted)->rememberNonce("k-1", "nonce-fedcba9876543210", 1001, 0).value());
    CHECK((*restarted)->isIntact());
}

TEST_CASE("a batch of puts follows putRecord's rules record by record, in order") {
    test::TempDir dir;
    auto storage = server::openSqliteStorage((dir / "server.db").string());
    REQUIRE(storage.ok());
    const std::vector<server::RecordPut> batch{
        {draft("r-a", 1, "h1"), 0},  // new
        {draft("r-a", 2, "h2"), 1},  // based on the version just stored
        {draft("r-a", 2, "h2"), 1},  // the same again: a retry
        {draft("r-a", 3, "h3"), 1},  // based on an old version: kept beside, never over
    };
    auto results = (*storage)->putRecords(batch);
    REQUIRE(results.ok());
    REQUIRE(results->size() == 4);
    CHECK((*results)[0].outcome == server::PutOutcome::Stored);
    CHECK((*results)[1].outcome == server::PutOutcome::Stored);
    CHECK((*results)[2].outcome == server::PutOutcome::Unchanged);
    CHECK((*results)[3].outcome == server::PutOutcome::Conflict);
    CHECK((*results)[3].serverVersion == 2);
    CHECK((*(*storage)->record("r-a"))->version == 2);
    CHECK((*storage)->conflictCount("r-a").value() == 1);
}

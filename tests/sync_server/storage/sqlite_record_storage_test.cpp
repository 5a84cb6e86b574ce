// The record storage on real SQLite files: a push batch is one commit that follows putRecord's
// rules record by record; what a server restored from a backup (a new instance) takes from
// kiosks that were told more than it holds; and the sealed payloads a key rotation re-seals,
// all or nothing.
#include "storage/sync_storage.h"
#include "sync/protocol.h"
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

TEST_CASE("a batch of puts follows putRecord's rules record by record, in order") {
    test::TempDir dir;
    auto storage = server::openSqliteStorage((dir / "server.db").string());
    REQUIRE(storage.ok());
    const std::vector<server::RecordPut> batch{
        {draft("r-a", 1, "h1"), 0, {}},  // new
        {draft("r-a", 2, "h2"), 1, {}},  // based on the version just stored
        {draft("r-a", 2, "h2"), 1, {}},  // the same again: a retry
        {draft("r-a", 3, "h3"), 1, {}},  // based on an old version: kept beside, never over
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

TEST_CASE(
    "a base acknowledged by the instance before a restore: ahead is stored, behind is settled, the rest conflicts") {
    test::TempDir dir;
    auto storage = server::openSqliteStorage((dir / "server.db").string());
    REQUIRE(storage.ok());
    auto& db = **storage;
    const std::string before = db.instanceId().value();
    CHECK(sync::isServerInstanceId(before));
    // The backup's state: r-a at version 2, r-b at 3, r-c and r-e at 1.
    REQUIRE(db.putRecords({{draft("r-a", 1, "a1"), 0, {}},
                           {draft("r-a", 2, "a2"), 1, {}},
                           {draft("r-b", 1, "b1"), 0, {}},
                           {draft("r-b", 2, "b2"), 1, {}},
                           {draft("r-b", 3, "b3"), 2, {}},
                           {draft("r-c", 1, "c1"), 0, {}},
                           {draft("r-e", 1, "e1"), 0, {}}})
                .ok());
    const std::string restored = db.newInstance().value();
    CHECK(sync::isServerInstanceId(restored));
    CHECK(restored != before);
    CHECK(db.instanceId().value() == restored);

    SUBCASE("the same base from this instance follows the usual rules: a gap is a conflict") {
        auto results = db.putRecords({{draft("r-a", 5, "a5"), 4, restored}});
        REQUIRE(results.ok());
        CHECK((*results)[0].outcome == server::PutOutcome::Conflict);
        CHECK((*db.record("r-a"))->version == 2);
    }
    SUBCASE("without an instance too") {
        auto results = db.putRecords({{draft("r-a", 5, "a5"), 4, {}}});
        REQUIRE(results.ok());
        CHECK((*results)[0].outcome == server::PutOutcome::Conflict);
    }
    SUBCASE("from the instance before the restore") {
        auto results = db.putRecords({
            {draft("r-a", 5, "a5"), 4, before},  // acknowledged 4 (lost here), edited since: ahead, stored
            {draft("r-d", 1, "d1"), 1, before},  // new after the backup: stored
            {draft("r-b", 2, "b2"), 2, before},  // an acknowledged version the server has: unchanged
            {draft("r-b", 2, "x2"), 2, before},  // ... with other content than the server's: a conflict
            {draft("r-b", 1, "b1"), 1, before},  // older than the server's, not edited since: unchanged
            {draft("r-c", 3, "c3"), 0, before},  // based on nothing, the server holds 1: a conflict
            {draft("r-e", 3, "e3"), 2, before},  // one kiosk acknowledged 2 and went on to 3: stored
            {draft("r-e", 2, "e2"), 2, before},  // another was acknowledged 2 (lost here) and is behind: unchanged
        });
        REQUIRE(results.ok());
        REQUIRE(results->size() == 8);
        CHECK((*results)[6].outcome == server::PutOutcome::Stored);
        CHECK((*results)[7].outcome == server::PutOutcome::Unchanged);
        CHECK((*results)[7].serverVersion == 3);
        CHECK((*db.record("r-e"))->version == 3);
        CHECK((*results)[0].outcome == server::PutOutcome::Stored);
        CHECK((*results)[1].outcome == server::PutOutcome::Stored);
        CHECK((*results)[2].outcome == server::PutOutcome::Unchanged);
        CHECK((*results)[3].outcome == server::PutOutcome::Conflict);
        CHECK((*results)[4].outcome == server::PutOutcome::Unchanged);
        CHECK((*results)[5].outcome == server::PutOutcome::Conflict);
        CHECK((*db.record("r-a"))->version == 5);
        CHECK((*db.record("r-b"))->version == 3);
        CHECK((*db.record("r-c"))->version == 1);
        CHECK(db.conflictCount("r-b").value() == 1);
    }
    SUBCASE("a version written since the restore is never passed over by one from before it") {
        // After the restore the owner goes on at another terminal from r-a's version 2...
        auto fresh = db.putRecords({{draft("r-a", 3, "a3-new"), 2, restored}});
        REQUIRE(fresh.ok());
        CHECK((*fresh)[0].outcome == server::PutOutcome::Stored);
        // ...then a terminal that had version 5 acknowledged before the restore comes back: kept
        // beside as a conflict, whether it is ahead (5) or sends its unchanged acknowledged 3'.
        auto results = db.putRecords({{draft("r-a", 5, "a5"), 5, before}, {draft("r-a", 3, "a3-old"), 3, before}});
        REQUIRE(results.ok());
        CHECK((*results)[0].outcome == server::PutOutcome::Conflict);
        CHECK((*results)[1].outcome == server::PutOutcome::Conflict);
        CHECK((*db.record("r-a"))->contentHash == "a3-new");
        CHECK(db.conflictCount("r-a").value() == 2);
    }
    SUBCASE("the instance survives a reopening and a restore's new one is kept") {
        storage->reset();
        auto reopened = server::openSqliteStorage((dir / "server.db").string());
        REQUIRE(reopened.ok());
        CHECK((*reopened)->instanceId().value() == restored);
    }
}

TEST_CASE("sealed payloads: the submitted records, and with conflict copies every copy; a reseal is all or nothing") {
    test::TempDir dir;
    auto storage = server::openSqliteStorage((dir / "server.db").string());
    REQUIRE(storage.ok());
    server::RecordStorage& records = **storage;
    server::ServerRecord submitted = draft("r-s", 1, "s1");
    submitted.state = sync::RecordStateWire::Submitted;
    REQUIRE(
        records.putRecords({{submitted, 0, {}}, {draft("r-d", 1, "d1"), 0, {}}, {draft("r-d", 2, "d2"), 0, {}}}).ok());
    CHECK(records.recordCount().value() == 2);

    auto only = records.sealedPayloads(false);
    REQUIRE(only.ok());
    REQUIRE(only->size() == 1);
    CHECK((*only)[0].id == "r-s");
    CHECK((*only)[0].owner == "1001");
    CHECK((*only)[0].version == 1);
    CHECK_FALSE((*only)[0].conflictCopy);
    auto all = records.sealedPayloads(true);
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    CHECK((*all)[1].id == "r-d");
    CHECK((*all)[1].conflictCopy);

    SUBCASE("an error from the reseal changes nothing") {
        auto failed =
            records.resealPayloads([](const server::SealedPayload& p) -> Result<std::optional<crypto::Bytes>> {
                if (p.conflictCopy) return makeError(ErrorCode::Refused, "no");
                return std::optional<crypto::Bytes>(crypto::Bytes{9});
            });
        CHECK_FALSE(failed.ok());
        CHECK((*records.record("r-s"))->payload == crypto::Bytes{1, 2, 3});
    }
    SUBCASE("what the reseal answers replaces the payload; nothing leaves it") {
        auto done = records.resealPayloads([](const server::SealedPayload& p) -> Result<std::optional<crypto::Bytes>> {
            if (p.conflictCopy) return std::optional<crypto::Bytes>();
            return std::optional<crypto::Bytes>(crypto::Bytes{9});
        });
        REQUIRE(done.ok());
        CHECK(*done == 1);
        CHECK((*records.record("r-s"))->payload == crypto::Bytes{9});
        auto after = records.sealedPayloads(true);
        REQUIRE(after.ok());
        CHECK((*after)[1].payload == crypto::Bytes{1, 2, 3});
    }
}

// The SQLite layer on real files: WAL and synchronous=FULL, statements, transactions that roll
// back unless committed, migrations (including refusing a downgrade) and integrity checks.
#include "storage/database.h"

#include "test_support.h"

#include <doctest/doctest.h>

#include <fstream>

using namespace osm;
using namespace osm::storage;

namespace {

constexpr Migration kMigrations[] = {
    {1, "CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT NOT NULL, data BLOB);"},
    {2, "ALTER TABLE note ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"},
};

int countNotes(Database& db) {
    auto stmt = db.prepare("SELECT count(*) FROM note");
    REQUIRE(stmt.ok());
    REQUIRE(*stmt->step());
    return static_cast<int>(stmt->getInt(0));
}

}  // namespace

TEST_CASE("a database file opens in WAL mode with full durability") {
    test::TempDir dir;
    auto db = Database::open((dir / "a.db").string());
    REQUIRE(db.ok());
    CHECK(*db->pragma("journal_mode") == "wal");
    CHECK(*db->pragma("synchronous") == "2");  // FULL
    CHECK(*db->pragma("foreign_keys") == "1");

    auto normal = Database::open((dir / "b.db").string(), {Durability::Normal});
    REQUIRE(normal.ok());
    CHECK(*normal->pragma("synchronous") == "1");
}

TEST_CASE("opening a path that cannot exist fails with a message") {
    auto db = Database::open("/nonexistent-folder/x/y.db");
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == ErrorCode::Io);
    CHECK(db.error().message.find("/nonexistent-folder/x/y.db") != std::string::npos);
}

TEST_CASE("migrations run in order, once, and refuse a newer file") {
    test::TempDir dir;
    const std::string path = (dir / "m.db").string();
    {
        auto db = Database::open(path);
        REQUIRE(db.ok());
        REQUIRE(migrate(*db, std::span(kMigrations, 1)).ok());
        CHECK(*schemaVersion(*db) == 1);
        REQUIRE(migrate(*db, kMigrations).ok());
        CHECK(*schemaVersion(*db) == 2);
        REQUIRE(migrate(*db, kMigrations).ok());  // running again changes nothing
        CHECK(*schemaVersion(*db) == 2);
    }
    auto db = Database::open(path);
    REQUIRE(db.ok());
    auto downgrade = migrate(*db, std::span(kMigrations, 1));
    REQUIRE_FALSE(downgrade.ok());
    CHECK(downgrade.error().code == ErrorCode::Conflict);

    constexpr Migration gap[] = {{1, "SELECT 1;"}, {3, "SELECT 1;"}};
    auto fresh = Database::open((dir / "gap.db").string());
    REQUIRE(fresh.ok());
    CHECK_FALSE(migrate(*fresh, gap).ok());
}

TEST_CASE("a failing migration leaves the previous version intact") {
    test::TempDir dir;
    auto db = Database::open((dir / "f.db").string());
    REQUIRE(db.ok());
    constexpr Migration broken[] = {
        {1, "CREATE TABLE a(x);"},
        {2, "CREATE TABLE b(y); INSERT INTO nowhere VALUES(1);"},
    };
    auto result = migrate(*db, broken);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("migration 2") != std::string::npos);
    CHECK(*schemaVersion(*db) == 1);
    CHECK_FALSE(db->prepare("SELECT * FROM b").ok());  // table b rolled back
}

TEST_CASE("statements bind and read every type") {
    test::TempDir dir;
    auto db = Database::open((dir / "s.db").string());
    REQUIRE(db.ok());
    REQUIRE(migrate(*db, kMigrations).ok());
    const std::vector<std::uint8_t> blob{0, 1, 2, 255};
    auto insert = db->prepare("INSERT INTO note(body, data, version) VALUES(?, ?, ?)");
    REQUIRE(insert.ok());
    REQUIRE(insert->bind(1, "Hyvinvointi – jaksaminen äöå").bindBlob(2, blob).bind(3, 7).run().ok());
    REQUIRE(insert->bind(1, "empty blob").bindBlob(2, {}).bind(3, 1).run().ok());
    REQUIRE(insert->bind(1, "null blob").bindNull(2).bind(3, 1).run().ok());

    auto select = db->prepare("SELECT body, data, version FROM note ORDER BY id");
    REQUIRE(select.ok());
    REQUIRE(*select->step());
    CHECK(select->getText(0) == "Hyvinvointi – jaksaminen äöå");
    CHECK(select->getBlob(1) == blob);
    CHECK(select->getInt(2) == 7);
    REQUIRE(*select->step());
    CHECK_FALSE(select->isNull(1));
    REQUIRE(*select->step());
    CHECK(select->isNull(1));
    CHECK_FALSE(*select->step());

    SUBCASE("a constraint failure is reported as a conflict") {
        auto bad = db->prepare("INSERT INTO note(id, body) VALUES(1, 'dup')");
        REQUIRE(bad.ok());
        auto result = bad->run();
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::Conflict);
    }
    SUBCASE("a bind to a missing parameter is reported by step") {
        auto stmt = db->prepare("SELECT ?");
        REQUIRE(stmt.ok());
        CHECK_FALSE(stmt->bind(5, 1).step().ok());
    }
    SUBCASE("bad SQL is an error, not a crash") {
        CHECK_FALSE(db->prepare("SELEC nothing").ok());
        CHECK_FALSE(db->exec("DROP TABLE missing").ok());
    }
}

TEST_CASE("a transaction rolls back unless committed") {
    test::TempDir dir;
    const std::string path = (dir / "t.db").string();
    auto db = Database::open(path);
    REQUIRE(db.ok());
    REQUIRE(migrate(*db, kMigrations).ok());
    {
        auto tx = Transaction::begin(*db);
        REQUIRE(tx.ok());
        REQUIRE(db->exec("INSERT INTO note(body) VALUES('lost')").ok());
    }  // no commit
    CHECK(countNotes(*db) == 0);
    {
        auto tx = Transaction::begin(*db);
        REQUIRE(tx.ok());
        REQUIRE(db->exec("INSERT INTO note(body) VALUES('kept')").ok());
        REQUIRE(tx->commit().ok());
        CHECK_FALSE(tx->commit().ok());  // a second commit is a programmer error, reported
    }
    CHECK(countNotes(*db) == 1);

    // A second connection sees the committed row (it reached the WAL, not just memory).
    auto other = Database::open(path);
    REQUIRE(other.ok());
    CHECK(countNotes(*other) == 1);
}

TEST_CASE("integrity_check reports ok for a sound file and problems for a damaged one") {
    test::TempDir dir;
    const std::string path = (dir / "i.db").string();
    {
        auto db = Database::open(path, {Durability::Full});
        REQUIRE(db.ok());
        REQUIRE(migrate(*db, kMigrations).ok());
        REQUIRE(db->exec("CREATE INDEX note_body ON note(body)").ok());
        auto insert = db->prepare("INSERT INTO note(body) VALUES(?)");
        REQUIRE(insert.ok());
        for (int i = 0; i < 2000; ++i) REQUIRE(insert->bind(1, "row number " + std::to_string(i)).run().ok());
        CHECK(db->isIntact());
        REQUIRE(db->exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;").ok());
    }
    // Overwrite a page in the middle of the file with garbage.
    {
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(4096 * 6 + 100);
        const std::string junk(3000, '\x5a');
        file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    auto db = Database::open(path);
    if (!db.ok()) {
        CHECK(db.error().code == ErrorCode::Io);  // damage detected already at open
        return;
    }
    CHECK_FALSE(db->isIntact());
}

TEST_CASE("a statement prepared again is reset and unbound, and one still in use is not shared") {
    test::TempDir dir;
    const std::string path = (dir / "c.db").string();
    auto db = Database::open(path);
    REQUIRE(db.ok());
    REQUIRE(migrate(*db, kMigrations).ok());
    REQUIRE(db->exec("INSERT INTO note(body) VALUES('a'); INSERT INTO note(body) VALUES('b');").ok());
    const char* sql = "SELECT ? IS NULL, body FROM note ORDER BY id";
    {
        auto first = db->prepare(sql);
        REQUIRE(first.ok());
        REQUIRE(*first->bind(1, 5).step());
        CHECK(first->getInt(0) == 0);
        CHECK(first->getText(1) == "a");
        // The same text while the first is alive and mid-way: a statement of its own.
        auto second = db->prepare(sql);
        REQUIRE(second.ok());
        REQUIRE(*second->step());
        CHECK(second->getInt(0) == 1);  // nothing bound here
        CHECK(second->getText(1) == "a");
        REQUIRE(*first->step());
        CHECK(first->getText(1) == "b");
    }  // both end here, the first left after its second row
    auto again = db->prepare(sql);
    REQUIRE(again.ok());
    REQUIRE(*again->step());
    CHECK(again->getInt(0) == 1);     // the earlier binding is gone
    CHECK(again->getText(1) == "a");  // from the first row again

    SUBCASE("a statement left mid-way holds no read: another connection's writes are checkpointed whole") {
        again = db->prepare("SELECT 1");  // the cached one ends here, after one row
        auto writer = Database::open(path);
        REQUIRE(writer.ok());
        REQUIRE(writer->exec("INSERT INTO note(body) VALUES('c')").ok());
        auto checkpoint = writer->prepare("PRAGMA wal_checkpoint(TRUNCATE)");
        REQUIRE(checkpoint.ok());
        REQUIRE(*checkpoint->step());
        CHECK(checkpoint->getInt(0) == 0);  // not busy: no reader holds an older snapshot
        CHECK(countNotes(*db) == 3);
    }
    SUBCASE("a statement outliving its connection is finalized on its own") {
        auto late = db->prepare("SELECT body FROM note");
        REQUIRE(late.ok());
        REQUIRE(*late->step());
        auto reopened = Database::open(path);
        REQUIRE(reopened.ok());
        *db = std::move(*reopened);  // the first connection and its cache end first
        CHECK(countNotes(*db) == 2);
    }  // then the statement (sanitizer builds catch a use of the freed cache)
}

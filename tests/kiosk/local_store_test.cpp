// The kiosk's store on a real file: roster, guard, records with optimistic versions.
#include "local_store.h"

#include "test_support.h"

#include <doctest/doctest.h>

#include <filesystem>

using namespace osm;
using namespace osm::kiosk;

namespace {

StoredRecord firstVersion(const std::string& id) {
    StoredRecord r;
    r.id = id;
    r.owner = "1001";
    r.formId = "development_discussion_staff";
    r.year = 2026;
    r.version = 1;
    r.sealed = {1, 2, 3};
    return r;
}

}  // namespace

TEST_CASE("records are written only on top of the version they were based on") {
    test::TempDir dir;
    auto store = KioskStore::open((dir / "k.db").string());
    REQUIRE(store.ok());
    StoredRecord r = firstVersion("r-1");
    REQUIRE(store->saveRecord(r).ok());
    auto again = store->saveRecord(r);  // version 1 again
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::Conflict);
    r.version = 3;  // skipping a version
    CHECK(store->saveRecord(r).error().code == ErrorCode::Conflict);
    r.version = 2;
    REQUIRE(store->saveRecord(r).ok());
    r.owner = "1002";
    r.version = 3;
    CHECK(store->saveRecord(r).error().code == ErrorCode::Refused);  // another owner's id
    r.version = 0;
    CHECK_FALSE(store->saveRecord(r).ok());

    auto back = store->record("r-1");
    REQUIRE(back.ok());
    REQUIRE(back->has_value());
    CHECK((*back)->version == 2);
    CHECK((*back)->sealed == crypto::Bytes{1, 2, 3});
    CHECK(store->recordsOf("1002")->empty());
    CHECK(store->database().isIntact());
}

TEST_CASE("the roster keeps credentials and roles; setting a PIN drops the one-time code") {
    test::TempDir dir;
    auto store = KioskStore::open((dir / "k.db").string());
    REQUIRE(store.ok());
    RosterEntry e;
    e.person.staffNumber = "1003";
    e.person.name = "Leila Nieminen";
    e.person.roles = {domain::Role::Employee, domain::Role::Manager};
    e.setupCode = {"argon2id:v=19:ops=1:mem=8192", "00", "11"};
    REQUIRE(store->putPerson(e).ok());
    auto back = store->person("1003");
    REQUIRE((back.ok() && back->has_value()));
    CHECK((*back)->person.roles == e.person.roles);
    CHECK((*back)->pin.empty());
    REQUIRE(store->setPin("1003", {"p", "s", "v"}, "k", crypto::Bytes{1}).ok());
    back = store->person("1003");
    CHECK((*back)->setupCode.empty());
    CHECK((*back)->pin.verifierHex == "v");
    CHECK(store->setPin("9999", {"p", "s", "v"}, "k", crypto::Bytes{1}).error().code == ErrorCode::NotFound);
    CHECK_FALSE(store->person("9999")->has_value());
    CHECK(*store->setting("missing", "fallback") == "fallback");
}

TEST_CASE("a new server instance queues again what the old one acknowledged; a refused resend is given up") {
    test::TempDir dir;
    auto store = KioskStore::open((dir / "k.db").string());
    REQUIRE(store.ok());
    const std::string first(32, 'a'), restored(32, 'b');
    CHECK_FALSE(store->noteServerInstance(first).value());  // first contact: nothing to resend
    CHECK(*store->serverInstance() == first);

    // A record and a PIN set here, both acknowledged by the first instance.
    StoredRecord r = firstVersion("r-1");
    r.payloadHash = "h1";
    REQUIRE(store->saveRecord(r).ok());
    REQUIRE(store->markSynced("r-1", 1, "h1").value());
    RosterEntry e;
    e.person.staffNumber = "1003";
    e.person.roles = {domain::Role::Employee};
    REQUIRE(store->putPerson(e).ok());
    REQUIRE(store->setPin("1003", {"p", "s", "v"}, "k", crypto::Bytes{1}).ok());
    REQUIRE(store->markPinSynced("1003", "v").ok());
    // The roster's copy of the same PIN comes back: the proof stays (it is what a resend needs).
    e.pin = {"p", "s", "v"};
    e.personKeyHex = "k";
    REQUIRE(store->putPerson(e).ok());
    REQUIRE(store->unsynced(10)->empty());
    REQUIRE(store->pendingPins()->empty());
    REQUIRE(store->putDevice({"k-1", "pk_tahtitaivas", "http://127.0.0.1:1", "00", 42, {}}).ok());
    REQUIRE(store->device()->pullCursor == 42);

    CHECK_FALSE(store->noteServerInstance(first).value());
    CHECK(store->noteServerInstance(restored).value());
    auto again = store->unsynced(10);
    REQUIRE(again->size() == 1);
    CHECK(again->front().resendFrom == first);
    CHECK(again->front().syncedVersion == 1);
    auto pins = store->pendingPins();
    REQUIRE(pins->size() == 1);
    CHECK(pins->front().resend);
    CHECK(pins->front().proof == crypto::Bytes{1});
    CHECK(store->device()->pullCursor == 0);

    // The restored server answers: the record unchanged (acknowledged again), the PIN refused.
    CHECK(store->markSynced("r-1", 1, "h1").value());
    CHECK(store->unsynced(10)->empty());
    REQUIRE(store->giveUpPinResend("1003").ok());
    CHECK(store->pendingPins()->empty());
    // Given up, the roster's copy wins again at the next pull.
    e.pin = {"p2", "s2", "v2"};
    REQUIRE(store->putPerson(e).ok());
    CHECK((*store->person("1003"))->pin.verifierHex == "v2");

    // A record refused on resend is not sent again.
    CHECK(store->noteServerInstance(first).value());
    REQUIRE(store->unsynced(10)->size() == 1);
    REQUIRE(store->giveUpResend("r-1").ok());
    CHECK(store->unsynced(10)->empty());
}

TEST_CASE("a departed person's records are erased only once the server holds them") {
    test::TempDir dir;
    auto store = KioskStore::open((dir / "k.db").string());
    REQUIRE(store.ok());
    RosterEntry e;
    e.person.staffNumber = "1001";
    e.person.name = "Aino Virtanen";
    REQUIRE(store->putPerson(e).ok());
    StoredRecord sent = firstVersion("r-sent");
    sent.payloadHash = "h1";
    REQUIRE(store->saveRecord(sent).ok());
    REQUIRE(*store->markSynced("r-sent", 1, "h1"));
    StoredRecord unsent = firstVersion("r-unsent");
    unsent.payloadHash = "h2";
    REQUIRE(store->saveRecord(unsent).ok());
    // On the roster: nothing is erased, acknowledged or not.
    CHECK(*store->eraseDeparted() == 0);

    REQUIRE(store->removePerson("1001").ok());
    CHECK_FALSE(store->person("1001")->has_value());
    CHECK(*store->eraseDeparted() == 1);  // what the server holds goes
    CHECK_FALSE(store->record("r-sent")->has_value());
    REQUIRE(store->record("r-unsent")->has_value());  // the unsent draft waits for the server
    REQUIRE(*store->markSynced("r-unsent", 1, "h2"));
    CHECK(*store->eraseDeparted() == 1);
    CHECK(store->recordsOf("1001")->empty());
    CHECK(store->database().isIntact());
    // Nothing of her is left in the files.
    std::string files;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) files += test::readFile(entry.path());
    CHECK(files.find("Aino Virtanen") == std::string::npos);
    CHECK(files.find("r-unsent") == std::string::npos);
}

TEST_CASE("only people the server named as departed lose their records, and a return keeps them") {
    test::TempDir dir;
    auto store = KioskStore::open((dir / "k.db").string());
    REQUIRE(store.ok());
    // A fresh terminal: drafts saved and acknowledged, but no roster pulled yet. Missing from the
    // roster is not leaving.
    StoredRecord mine = firstVersion("r-mine");
    mine.payloadHash = "h1";
    REQUIRE(store->saveRecord(mine).ok());
    REQUIRE(*store->markSynced("r-mine", 1, "h1"));
    CHECK(*store->eraseDeparted() == 0);
    REQUIRE(store->record("r-mine")->has_value());

    // Named departed, then back on the roster before the erasure ran: the record stays.
    RosterEntry e;
    e.person.staffNumber = mine.owner;
    REQUIRE(store->putPerson(e).ok());
    REQUIRE(store->removePerson(mine.owner).ok());
    REQUIRE(store->putPerson(e).ok());
    CHECK(*store->eraseDeparted() == 0);
    REQUIRE(store->record("r-mine")->has_value());

    // Named departed for good: erased, and the mark goes with the last record.
    REQUIRE(store->removePerson(mine.owner).ok());
    CHECK(*store->eraseDeparted() == 1);
    CHECK(*store->eraseDeparted() == 0);
    auto marks = store->database().prepare("SELECT count(*) FROM departed");
    REQUIRE(marks.ok());
    REQUIRE(marks->step().value());
    CHECK(marks->getInt(0) == 0);
}

TEST_CASE("a terminal upgraded to the departed marks keeps erasing the leavers it had") {
    test::TempDir dir;
    const std::string path = (dir / "k.db").string();
    {
        auto store = KioskStore::open(path);
        REQUIRE(store.ok());
        RosterEntry e;
        e.person.staffNumber = "1002";
        REQUIRE(store->putPerson(e).ok());
        StoredRecord left = firstVersion("r-left");  // 1001: on no roster here any more
        left.payloadHash = "h1";
        REQUIRE(store->saveRecord(left).ok());
        REQUIRE(*store->markSynced("r-left", 1, "h1"));
        StoredRecord staying = firstVersion("r-staying");
        staying.owner = "1002";
        staying.payloadHash = "h2";
        REQUIRE(store->saveRecord(staying).ok());
        REQUIRE(*store->markSynced("r-staying", 1, "h2"));
        // Back to the file as the previous version wrote it.
        REQUIRE(store->database().exec("DROP TABLE departed").ok());
        REQUIRE(store->database().exec("DROP INDEX record_unsynced").ok());
        REQUIRE(store->database().exec("PRAGMA user_version=4").ok());
    }
    auto store = KioskStore::open(path);
    REQUIRE(store.ok());
    CHECK(*store->eraseDeparted() == 1);
    CHECK_FALSE(store->record("r-left")->has_value());
    CHECK(store->record("r-staying")->has_value());
}

TEST_CASE("the push queue comes from its index, oldest first, on a store from before the index too") {
    test::TempDir dir;
    const std::string path = (dir / "k.db").string();
    {
        auto store = KioskStore::open(path);
        REQUIRE(store.ok());
        for (const char* id : {"r-c", "r-a", "r-b"}) {
            StoredRecord r = firstVersion(id);
            r.payloadHash = std::string("h-") + id;
            r.updatedAt = id[2] == 'c' ? 30 : id[2] == 'a' ? 10 : 20;
            REQUIRE(store->saveRecord(r).ok());
        }
        REQUIRE(*store->markSynced("r-b", 1, "h-r-b"));
        // Back to the file as the previous version wrote it.
        REQUIRE(store->database().exec("DROP INDEX record_unsynced").ok());
        REQUIRE(store->database().exec("PRAGMA user_version=5").ok());
    }
    auto store = KioskStore::open(path);
    REQUIRE(store.ok());
    auto queued = store->unsynced(10);
    REQUIRE(queued.ok());
    REQUIRE(queued->size() == 2);
    CHECK((*queued)[0].id == "r-a");
    CHECK((*queued)[1].id == "r-c");
    StoredRecord next = (*queued)[0];
    next.version = 2;
    next.updatedAt = 40;
    REQUIRE(store->saveRecord(next).ok());  // a new version goes to the end of the queue
    queued = store->unsynced(1);
    REQUIRE(queued->size() == 1);
    CHECK((*queued)[0].id == "r-c");
}

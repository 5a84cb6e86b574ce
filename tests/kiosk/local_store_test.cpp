// The kiosk's store on a real file: roster, guard, records with optimistic versions.
#include "local_store.h"

#include "test_support.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::kiosk;

TEST_CASE("records are written only on top of the version they were based on") {
    test::TempDir dir;
    auto store = KioskStore::open((dir / "k.db").string());
    REQUIRE(store.ok());
    StoredRecord r;
    r.id = "r-1";
    r.owner = "1001";
    r.formId = "development_discussion_staff";
    r.year = 2026;
    r.version = 1;
    r.sealed = {1, 2, 3};
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

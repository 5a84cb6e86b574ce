// The device storage on real SQLite files: a request's nonce is written without a sync of its
// own, yet is already in the file for the next connection (a restarted server), so a crash of
// the server process never lets a request be replayed. Enrolment codes work once.
#include "ops/operator_commands.h"
#include "storage/sync_storage.h"
#include "test_support.h"

#include <doctest/doctest.h>

using namespace osm;

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

TEST_CASE("old nonces are forgotten when the window moves on, not on every request") {
    test::TempDir dir;
    auto storage = server::openSqliteStorage((dir / "server.db").string());
    REQUIRE(storage.ok());
    server::DeviceStorage& devices = **storage;
    // Prunes (nothing yet), then keeps a nonce already older than the window's start.
    CHECK(devices.rememberNonce("k-1", "nonce-old-0123456789", 1000, 1100).value());
    // The window has not moved since that prune: the old nonce is still remembered.
    CHECK(devices.rememberNonce("k-1", "nonce-new-0123456789", 1700, 1100).value());
    CHECK_FALSE(devices.rememberNonce("k-1", "nonce-old-0123456789", 1700, 1100).value());
    // One second on, the prune runs and the old nonce is gone (the window refuses its request).
    CHECK(devices.rememberNonce("k-1", "nonce-old-0123456789", 1701, 1101).value());
    CHECK_FALSE(devices.rememberNonce("k-1", "nonce-new-0123456789", 1701, 1101).value());
}

TEST_CASE("an enrolment code enrols once, and not after it expires") {
    test::TempDir dir;
    auto storage = server::openSqliteStorage((dir / "server.db").string());
    REQUIRE(storage.ok());
    server::DeviceStorage& devices = **storage;
    REQUIRE(devices.addEnrolmentCode("hash-a", "pk_tahtitaivas", 2000).ok());
    REQUIRE(devices.addEnrolmentCode("hash-b", "pk_tahtitaivas", 1000).ok());
    std::string unit;
    CHECK(devices.useEnrolmentCode("hash-a", 1500, unit).value() == server::CodeOutcome::Ok);
    CHECK(unit == "pk_tahtitaivas");
    CHECK(devices.useEnrolmentCode("hash-a", 1500, unit).value() == server::CodeOutcome::Used);
    CHECK(devices.useEnrolmentCode("hash-b", 1500, unit).value() == server::CodeOutcome::Expired);
    CHECK(devices.useEnrolmentCode("hash-c", 1500, unit).value() == server::CodeOutcome::Unknown);
}

TEST_CASE("the kiosks listing says which terminals guard their PINs with a TPM") {
    test::TempDir dir;
    auto storage = server::openSqliteStorage((dir / "server.db").string());
    REQUIRE(storage.ok());
    server::DeviceStorage& devices = **storage;
    REQUIRE(devices.addDevice({"k-with", "pk_tahtitaivas", {}, 1000, 0, 0, "tpm"}).ok());
    REQUIRE(devices.addDevice({"k-without", "pk_tahtitaivas", {}, 1001, 0, 0, "none"}).ok());
    REQUIRE(devices.addDevice({"k-older", "pk_tahtitaivas", {}, 1002, 0, 0, ""}).ok());
    auto listed = devices.devices();
    REQUIRE((listed.ok() && listed->size() == 3));
    CHECK((*listed)[0].tpm == "tpm");
    CHECK((*listed)[1].tpm == "none");
    const std::string text = server::describeDevices(*listed);
    CHECK(text.find(" tpm ") != std::string::npos);
    CHECK(text.find("k-with               pk_tahtitaivas       ") != std::string::npos);
    CHECK(text.find(" none  active") != std::string::npos);
    CHECK(text.find(" ?     active") != std::string::npos);
}

// The stolen-terminal drill: a thief copies the kiosk's folder (the store and the device key)
// and works on the copy elsewhere. What they can read, what they cannot, what the device key
// lets them do until the operator revokes it, and what an offline PIN search costs with the
// real Argon2id settings on this machine (printed, never asserted as a time).
#include "../sync_server/sync_harness.h"
#include "fault_support.h"

#include "crypto/aead.h"
#include "crypto/kdf.h"
#include "device_key.h"
#include "storage/database.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

using namespace osm;
using namespace osm::test;
namespace fs = std::filesystem;

TEST_CASE("a stolen terminal's files: roster readable, drafts not without the PIN, the device key until revoked") {
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness kiosk{http};
    server.setPin("1001", "482915");
    REQUIRE(kiosk.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
    REQUIRE(kiosk.sync().refusal.empty());
    REQUIRE(kiosk.login("1001", "482915"));
    kiosk.app->editing().openCard(kiosk.app->dueCards().front());
    kiosk.type("past_year.review", "VARASTETTU-LUONNOS-4417");
    kiosk.app->logout();
    kiosk.app->settle();

    // The thief's copy, taken while the kiosk runs (WAL and all).
    TempDir loot;
    fs::copy(kiosk.dir.path(), loot.path(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    const std::string bytes = everyFileOf(loot.path());

    // Not readable: the draft's text, the PIN, anything but sealed blobs.
    CHECK(bytes.find("VARASTETTU-LUONNOS-4417") == std::string::npos);
    CHECK(bytes.find("482915") == std::string::npos);
    // Readable: the unit's roster (names, titles, roles, managers), ids, versions, times.
    auto db = storage::Database::open((loot / "kiosk.db").string());
    REQUIRE(db.ok());
    auto names = db->prepare("SELECT count(*) FROM person WHERE name = 'Aino Virtanen'");
    REQUIRE(*names->step());
    CHECK(names->getInt(0) == 1);
    auto sealed = db->prepare("SELECT sealed FROM record WHERE owner = '1001'");
    REQUIRE(*sealed->step());
    const crypto::Bytes blob = sealed->getBlob(0);
    CHECK(blob.size() > crypto::kSealOverhead);

    // The device key (a plain file without a TPM) works from anywhere until the operator revokes
    // the terminal.
    CHECK_FALSE(kiosk::deviceKeySealed(loot / "device.key"));
    auto lootStore = kiosk::KioskStore::open((loot / "kiosk.db").string());
    REQUIRE(lootStore.ok());
    kiosk::SyncEngine thief(std::move(*lootStore), loot / "device.key", http);
    CHECK(thief.syncOnce(unixNow()).refusal.empty());
    const std::string deviceId = kiosk.store().device()->deviceId;
    REQUIRE(*server.storage().revokeDevice(deviceId, unixNow()));
    CHECK(thief.syncOnce(unixNow()).refusal == "revoked_device");
    CHECK(kiosk.sync().refusal == "revoked_device");  // and the real terminal says so too

    // Offline PIN search on the copy: the roster has the salt, parameters and verifier, so each
    // guess is one Argon2id run. (This roster uses libsodium's minimum parameters, so the test
    // can afford a search of 1,000 PINs; real PINs use the defaults measured below.)
    auto person = db->prepare("SELECT pin_params, pin_salt, pin_verifier FROM person WHERE staff_number = '1001'");
    REQUIRE(*person->step());
    const auto params = crypto::KdfParams::parse(person->getText(0));
    const auto salt = crypto::saltFromHex(person->getText(1));
    REQUIRE((params.ok() && salt.ok()));
    const std::string verifier = person->getText(2);
    std::string found;
    for (int guess = 482000; guess < 483000 && found.empty(); ++guess) {
        const std::string pin = std::to_string(guess);
        auto keys = crypto::deriveUserKeys(pin, *salt, *params);
        REQUIRE(keys.ok());
        if (crypto::toHex(keys->verifier) == verifier) found = pin;
    }
    REQUIRE(found == "482915");
    auto keys = crypto::deriveUserKeys(found, *salt, *params);
    auto plain = crypto::open(keys->draftKey, {"r-another", "1001", 1}, blob);
    CHECK_FALSE(plain.ok());  // the blob is bound to its id, owner and version
    auto row = db->prepare("SELECT id, owner, version FROM record WHERE owner = '1001'");
    REQUIRE(*row->step());
    plain = crypto::open(keys->draftKey, {row->getText(0), row->getText(1), static_cast<std::uint64_t>(row->getInt(2))},
                         blob);
    REQUIRE(plain.ok());
    CHECK(plain->find("VARASTETTU-LUONNOS-4417") != std::string::npos);  // the PIN is the only barrier
}

TEST_CASE("the offline cost of guessing a 6-digit PIN with the real Argon2id settings, on this machine") {
    const crypto::KdfParams params = crypto::defaultKdfParams();
    const crypto::Salt salt = crypto::randomSalt();
    std::vector<double> seconds;
    for (int i = 0; i < 3; ++i) {
        const auto start = std::chrono::steady_clock::now();
        REQUIRE(crypto::deriveUserKeys("000000", salt, params).ok());
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(seconds.begin(), seconds.end());
    const double perGuess = seconds[1];
    const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
    const double allPins = 1e6 * perGuess / cores;
    MESSAGE("Argon2id " << params.toString() << ": " << perGuess
                        << " s per guess (median of 3); all 10^6 six-digit PINs on " << cores
                        << " cores: " << allPins / 86400 << " days (half that on average)");
    CHECK(params.memLimitBytes >= 192ULL * 1024 * 1024);  // the settings the figure is for
    CHECK(params.opsLimit >= 3);
}

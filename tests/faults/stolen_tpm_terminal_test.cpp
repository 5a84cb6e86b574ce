// The stolen-terminal drill on terminals with a TPM (swtpm, the real TPM stack): a copy of the
// kiosk's folder taken while it runs opens no draft and checks no PIN, for a person who logged in
// there and for one who never did; the copied device key signs nothing; an older terminal's
// clear roster and plain device key are sealed when it starts with a TPM; drafts go on on other
// terminals, with or without a TPM (docs/security.md, "Stolen terminal with a TPM").
#include "../kiosk/software_tpm.h"
#include "../sync_server/sync_harness.h"
#include "fault_support.h"

#include "crypto/encoding.h"
#include "crypto/kdf.h"
#include "device_key.h"
#include "pin_vault.h"
#include "roster_seal.h"
#include "storage/database.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

using namespace osm;
using namespace osm::test;
namespace fs = std::filesystem;

namespace {

// A kiosk harness whose login binds PINs to a software TPM of its own (tests/kiosk/software_tpm.h).
// Enrolment restarts the harness's app: call app->setTpm() again after it.
std::shared_ptr<kiosk::tpm::TpmDevice> withTpm(KioskHarness& kiosk, const SoftwareTpm& tpm) {
    auto device = kiosk::tpm::TpmDevice::open(tpm.tcti());
    REQUIRE_MESSAGE(device.ok(), (device ? "" : device.error().message));
    REQUIRE(device->protectAgainstGuessing({}).ok());
    auto shared = std::make_shared<kiosk::tpm::TpmDevice>(std::move(*device));
    kiosk.app->setTpm(shared);
    kiosk.engine->setTpmKind("tpm");
    kiosk.engine->setTpm(shared);
    return shared;
}

// The kiosk with its TPM, enrolled with the server's unit and synced once.
std::shared_ptr<kiosk::tpm::TpmDevice> enrolWithTpm(KioskHarness& kiosk, ServerHarness& server,
                                                    const SoftwareTpm& tpm) {
    auto device = withTpm(kiosk, tpm);
    REQUIRE(kiosk.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
    kiosk.app->setTpm(device);
    REQUIRE(kiosk.sync().refusal.empty());
    return device;
}

}  // namespace

TEST_CASE("a stolen TPM terminal's files open nothing; the draft goes on elsewhere, with or without a TPM") {
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness a{http};
    SoftwareTpm tpmA(a.dir / "tpm");
    server.setPin("1001", "482915");
    auto deviceA = enrolWithTpm(a, server, tpmA);
    REQUIRE(a.login("1001", "482915"));
    a.app->editing().openCard(a.app->dueCards().front());
    a.type("past_year.review", "TPM-PAATTEELTA-8812");
    a.app->logout();
    a.app->settle();
    REQUIRE(a.sync().stored == 1);
    // The server's `kiosks` listing knows this terminal guards its PINs with a TPM.
    auto devices = server.storage().devices();
    REQUIRE((devices.ok() && devices->size() == 1));
    CHECK(devices->front().tpm == "tpm");

    // The thief's copy of the folder, taken while the kiosk runs; their own machine's TPM.
    TempDir loot;
    fs::copy(a.dir.path(), loot.path(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    const std::string bytes = everyFileOf(loot.path());
    CHECK(bytes.find("TPM-PAATTEELTA-8812") == std::string::npos);
    auto db = storage::Database::open((loot / "kiosk.db").string());
    REQUIRE(db.ok());
    auto person = db->prepare("SELECT pin_salt, pin_verifier FROM person WHERE staff_number = '1001'");
    REQUIRE(*person->step());
    CHECK(person->getText(0).empty());   // no salt: no guess can be tested against the drafts
    CHECK(person->getText(1) == "tpm");  // no verifier
    auto lootStore = kiosk::KioskStore::open((loot / "kiosk.db").string());
    REQUIRE(lootStore.ok());
    auto binding = lootStore->pinBinding("1001");
    REQUIRE((binding.ok() && binding->has_value()));
    SoftwareTpm thiefsTpm(loot / "thief-tpm");
    auto other = kiosk::tpm::TpmDevice::open(thiefsTpm.tcti());
    REQUIRE(other.ok());
    int opened = 0;
    for (int guess = 482910; guess < 482920; ++guess) {  // the right PIN among them
        auto result = kiosk::openPin(*other, "1001", **binding, std::to_string(guess));
        if (result)
            ++opened;
        else
            CHECK(result.error().code == ErrorCode::InvalidInput);
    }
    CHECK(opened == 0);

    // The draft continues on another TPM terminal of the unit and on one without a TPM.
    KioskHarness b{http};
    SoftwareTpm tpmB(b.dir / "tpm");
    auto deviceB = enrolWithTpm(b, server, tpmB);
    REQUIRE(b.login("1001", "482915"));
    CHECK(b.pullFor("1001").receivedRecords == 1);
    b.app->editing().openCard(b.app->dueCards().front());
    CHECK(b.app->editor().development.answers["past_year.review"] == "TPM-PAATTEELTA-8812");
    CHECK(b.store().pinBinding("1001")->has_value());  // bound on B's TPM too
    b.type("past_year.review", "TPM-PAATTEELTA-8812, jatkettu B:llä");
    b.app->logout();
    b.app->settle();
    CHECK(b.sync().stored == 1);

    KioskHarness c{http};
    c.engine->setTpmKind("none");
    REQUIRE(c.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
    REQUIRE(c.sync().refusal.empty());
    REQUIRE(c.login("1001", "482915"));
    CHECK(c.pullFor("1001").receivedRecords == 1);
    c.app->editing().openCard(c.app->dueCards().front());
    CHECK(c.app->editor().development.answers["past_year.review"] == "TPM-PAATTEELTA-8812, jatkettu B:llä");
    devices = server.storage().devices();
    REQUIRE((devices.ok() && devices->size() == 3));
    const std::string idOfC = c.store().device()->deviceId;
    CHECK(std::find_if(devices->begin(), devices->end(), [&](const auto& d) { return d.id == idOfC; })->tpm == "none");
}

namespace {

// The keys a PIN gives with the salt a roster row keeps (the server's, for a sealed credential).
crypto::UserKeys keysFor(const kiosk::RosterEntry& row, const std::string& pin) {
    auto keys = crypto::deriveUserKeys(pin, *crypto::saltFromHex(row.pin.saltHex),
                                       *crypto::KdfParams::parse(row.pin.kdfParams));
    REQUIRE(keys.ok());
    return std::move(*keys);
}

std::uint32_t failedTries(kiosk::tpm::TpmDevice& device) {
    auto status = device.status();
    REQUIRE(status.ok());
    return status->failedTries;
}

}  // namespace

TEST_CASE("a stolen TPM terminal: who never logged in there has nothing on its disk that checks a PIN") {
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness a{http};
    SoftwareTpm tpmA(a.dir / "tpm");
    server.setPin("1001", "482915");
    server.setPin("1002", "735104");
    auto deviceA = enrolWithTpm(a, server, tpmA);
    REQUIRE(a.login("1001", "482915"));  // 1002 never logs in here before the theft
    a.app->logout();
    a.app->settle();
    CHECK(kiosk::deviceKeySealed(a.dir / "device.key"));

    // The thief's copy, taken while the kiosk runs (WAL and all).
    TempDir loot;
    fs::copy(a.dir.path(), loot.path(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    const std::string bytes = everyFileOf(loot.path());
    auto lootStore = kiosk::KioskStore::open((loot / "kiosk.db").string());
    REQUIRE(lootStore.ok());
    const kiosk::RosterEntry row = **lootStore->person("1002");
    CHECK(kiosk::isSealed(row.pin));
    CHECK(row.personKeyHex == kiosk::sealedIdentity(row.pin));
    // Even knowing the right PIN, nothing in any file confirms it: neither the server's verifier
    // nor the person's public key (each one Argon2id from the PIN with the salt the row keeps).
    const crypto::UserKeys right = keysFor(row, "735104");
    CHECK(bytes.find(crypto::toHex(right.verifier)) == std::string::npos);
    CHECK(bytes.find(crypto::toHex(right.personKey.publicKey)) == std::string::npos);
    // The sealed verifier opens on no other TPM, and not without one, whatever the guess.
    SoftwareTpm thiefsTpm(loot / "thief-tpm");
    auto other = kiosk::tpm::TpmDevice::open(thiefsTpm.tcti());
    REQUIRE(other.ok());
    int checked = 0;
    for (const char* guess : {"000000", "735103", "735104", "999999"}) {
        auto result = kiosk::checkSecret(&*other, row.pin, guess);
        CHECK((!result && result.error().code == ErrorCode::InvalidInput));
        CHECK(kiosk::checkSecret(nullptr, row.pin, guess).error().code == ErrorCode::NotFound);
        if (result) ++checked;
    }
    CHECK(checked == 0);

    // The copied device key signs nothing: not without a TPM, not with another one. The real
    // terminal goes on syncing.
    CHECK(kiosk::loadDeviceKey(loot / "device.key", nullptr).error().code == ErrorCode::NotFound);
    CHECK(kiosk::loadDeviceKey(loot / "device.key", &*other).error().code == ErrorCode::InvalidInput);
    {
        auto copyStore = kiosk::KioskStore::open((loot / "kiosk.db").string());
        REQUIRE(copyStore.ok());
        kiosk::SyncEngine thief(std::move(*copyStore), loot / "device.key", http, crypto::minimalKdfParams());
        thief.setTpm(std::make_shared<kiosk::tpm::TpmDevice>(std::move(*other)));
        const kiosk::SyncReport report = thief.syncOnce(unixNow());
        CHECK_FALSE(report.reachable);  // nothing was signed, so nothing was sent
        CHECK(report.rosterChanges == 0);
    }
    CHECK(a.sync().refusal.empty());

    // On the terminal itself a guess for 1002 goes through the TPM and is counted there.
    const std::uint32_t before = failedTries(*deviceA);
    const auto start = std::chrono::steady_clock::now();
    for (const char* wrong : {"000000", "735103", "111111"}) {
        auto result = kiosk::checkSecret(deviceA.get(), (*a.store().person("1002"))->pin, wrong);
        CHECK((!result && result.error().code == ErrorCode::Refused));
    }
    const double perCheck = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 3;
    CHECK(failedTries(*deviceA) == before + 3);
    MESSAGE("a wrong PIN for a sealed roster credential, checked at swtpm (minimal Argon2id): " << perCheck * 1000
                                                                                                << " ms, counted");
    REQUIRE(a.login("1002", "735104"));  // the right PIN, then bound to the TPM as before
    a.app->logout();
    a.app->settle();
    CHECK((*a.store().person("1002"))->pin.verifierHex == kiosk::kTpmBoundVerifier);
    CHECK(a.store().pinBinding("1002")->has_value());
}

TEST_CASE("an older TPM terminal's clear roster and plain device key are sealed when it starts with its TPM") {
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness a{http};
    server.setPin("1001", "482915");
    server.setPin("1002", "735104");
    REQUIRE(a.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
    REQUIRE(a.sync().refusal.empty());  // as the kiosk before this change: all in clear
    CHECK_FALSE(kiosk::deviceKeySealed(a.dir / "device.key"));
    const std::string clearVerifier = (*a.store().person("1002"))->pin.verifierHex;
    CHECK_FALSE(kiosk::isSealed((*a.store().person("1002"))->pin));

    SoftwareTpm tpmA(a.dir / "tpm");
    auto deviceA = withTpm(a, tpmA);
    auto store = a.store();
    auto sealed = kiosk::sealStoredCredentials(store, *deviceA);
    REQUIRE(sealed.ok());
    CHECK(*sealed >= 2);
    CHECK(kiosk::isSealed((*a.store().person("1002"))->pin));
    CHECK(everyFileOf(a.dir.path()).find(clearVerifier) == std::string::npos);
    CHECK(a.sync().refusal.empty());  // signed with the plain key, which is sealed as it is read
    CHECK(kiosk::deviceKeySealed(a.dir / "device.key"));
    CHECK(a.sync().refusal.empty());  // and with the sealed one
    REQUIRE(a.login("1002", "735104"));
    a.app->logout();
    a.app->settle();

    // A new mainboard (another TPM): the device key is not its TPM's, so the terminal is
    // enrolled again (docs/operations.md); a copy of the old plain file is what revoke is for.
    SoftwareTpm replacement(a.dir / "tpm-new");
    auto deviceB = withTpm(a, replacement);
    CHECK(kiosk::loadDeviceKey(a.dir / "device.key", deviceB.get()).error().code == ErrorCode::InvalidInput);
}

// Logging in on a terminal with a TPM (swtpm, the real TPM stack): the first login binds the PIN
// to the TPM and the roster's verifier leaves the disk; a copy of the disk opens nothing, not
// even with the right PIN; wrong PINs are counted by the TPM, which locks after the stated number
// for everyone; a PIN set elsewhere, a one-time code and a replaced TPM (a new mainboard) are
// handled as docs/decisions.md says.
#include "kiosk_fixture.h"
#include "software_tpm.h"

#include "crypto/aead.h"
#include "crypto/kdf.h"
#include "pin_vault.h"
#include "roster_seal.h"
#include "tpm_device.h"

#include <doctest/doctest.h>

#include <filesystem>

using namespace osm;
using namespace osm::kiosk;
using osm::test::KioskFixture;
using osm::test::SoftwareTpm;
namespace fs = std::filesystem;

namespace {

// The fixture's kiosk with a TPM whose lockout policy is the kiosk's (tpm::LockoutPolicy).
struct TpmKiosk : KioskFixture {
    SoftwareTpm terminal{dir / "tpm-state"};
    std::shared_ptr<tpm::TpmDevice> device = openDevice(terminal.tcti());

    TpmKiosk() { app->setTpm(device); }

    static std::shared_ptr<tpm::TpmDevice> openDevice(const std::string& tcti) {
        auto opened = tpm::TpmDevice::open(tcti);
        REQUIRE_MESSAGE(opened.ok(), (opened ? "" : opened.error().message));
        REQUIRE(opened->protectAgainstGuessing({}).ok());
        return std::make_shared<tpm::TpmDevice>(std::move(*opened));
    }
    std::uint32_t failedTries() {
        app->settle();
        auto status = device->status();
        REQUIRE(status.ok());
        return status->failedTries;
    }
    // Types a PIN for the staff number on the PIN screen; returns the screen's error key ("" on success).
    std::string tryPin(const std::string& staffNumber, const std::string& pin) {
        if (app->loggedIn()) app->logout();
        app->settle();
        app->start().staffNumber = staffNumber;
        app->submitStaffNumber();
        app->settle();
        if (app->screen() != Screen::Pin) return "screen:" + std::string(screenName(app->screen()));
        app->pin().pin = pin;
        app->submitPin();
        app->settle();
        return app->screen() == Screen::Home ? "" : app->pin().errorKey;
    }
    // A draft with `text` in it, saved.
    void writeDraft(const std::string& text) {
        app->editing().openCard(app->dueCards().front());
        app->editor().development.answers["wellbeing.coping"] = text;
        app->editing().markEdited();
        clock.advance(2);
        app->tick();
        app->settle();
        REQUIRE(app->editor().save == SaveStatus::Saved);
    }
};

}  // namespace

TEST_CASE_FIXTURE(TpmKiosk, "a PIN bound to the TPM: a copy of the disk checks no guess and opens no draft") {
    const RosterEntry before = **openStore().person("1001");
    REQUIRE_FALSE(before.pin.saltHex.empty());
    REQUIRE(login("1001", "482915"));
    writeDraft("TPM-LUONNOS-5521");
    app->logout();
    app->settle();

    // The roster's salt and verifier left the disk at the first login; the binding is there.
    const RosterEntry after = **openStore().person("1001");
    CHECK(after.pin.saltHex.empty());
    CHECK(after.pin.verifierHex == "tpm");
    REQUIRE(openStore().pinBinding("1001")->has_value());
    // A roster sync bringing the same credential again stores nothing checkable either.
    REQUIRE(openStore().putPerson(before).ok());
    CHECK((*openStore().person("1001"))->pin.verifierHex == "tpm");
    CHECK((*openStore().person("1001"))->pin.saltHex.empty());

    // The thief's copy, taken while the kiosk runs, in another machine with its own TPM.
    test::TempDir loot;
    fs::copy(dir.path() / "kiosk.db", loot / "kiosk.db");
    if (fs::exists(dir.path() / "kiosk.db-wal")) fs::copy(dir.path() / "kiosk.db-wal", loot / "kiosk.db-wal");
    auto stolen = KioskStore::open((loot / "kiosk.db").string());
    REQUIRE(stolen.ok());
    auto binding = stolen->pinBinding("1001");
    REQUIRE((binding.ok() && binding->has_value()));
    SoftwareTpm thiefs(loot / "tpm");
    auto other = tpm::TpmDevice::open(thiefs.tcti());
    REQUIRE(other.ok());
    // Every guess, the right PIN among them, fails the same way: the blob is not this TPM's.
    int opened = 0;
    for (const char* guess : {"000000", "123456", "482915", "482916", "999999"}) {
        auto result = openPin(*other, "1001", **binding, guess);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::InvalidInput);
        if (result) ++opened;
    }
    // Nor does the disk hold a salt with which a guess could be tested against a draft.
    auto rows = stolen->recordsOf("1001");
    REQUIRE((rows.ok() && rows->size() == 1));
    auto row = (*stolen->person("1001"));
    CHECK((*row).pin.saltHex.empty());
    CHECK(opened == 0);

    // On its own terminal the right PIN opens the draft, through the TPM.
    CHECK(tryPin("1001", "482915").empty());
    REQUIRE(app->session()->records.size() == 1);
    CHECK(app->session()->records.front().development.answers.at("wellbeing.coping") == "TPM-LUONNOS-5521");
    // And the draft is sealed as it crosses the network: a terminal without a TPM, or the
    // author on another one, opens it with the keys from the roster's credential.
    auto keys = crypto::deriveUserKeys("482915", *crypto::saltFromHex(before.pin.saltHex),
                                       *crypto::KdfParams::parse(before.pin.kdfParams));
    REQUIRE(keys.ok());
    const StoredRecord& sealed = rows->front();
    auto plain = crypto::open(keys->draftKey, {sealed.id, "1001", sealed.version}, sealed.sealed);
    REQUIRE(plain.ok());
    CHECK(plain->find("TPM-LUONNOS-5521") != std::string::npos);
    CHECK(crypto::toHex(keys->personKey.publicKey) == before.personKeyHex);
}

TEST_CASE_FIXTURE(TpmKiosk, "wrong PINs are counted by the TPM, which locks after 32 for everyone") {
    REQUIRE(tryPin("1001", "482915").empty());
    REQUIRE(tryPin("1002", "735104").empty());
    app->logout();
    CHECK(failedTries() == 0);
    int counted = 0;
    std::string last;
    for (int guess = 0; guess < 100; ++guess) {
        clock.advance(3600);  // past the screen's own waits and lock: only the TPM stops this
        last = tryPin("1001", std::to_string(100000 + guess));
        // Each of these was checked by the TPM ("locked": the screen's own lock after ten).
        if (last != "pin.error.wrong" && last != "pin.error.locked") break;
        ++counted;
    }
    MESSAGE("wrong PINs the TPM checked before it locked: " << counted);
    CHECK(counted == 32);
    CHECK(last == "pin.error.tpm_locked");
    CHECK(failedTries() == 32);
    // Locked for everyone on this terminal, the right PINs too; the binding stays.
    clock.advance(3600);
    CHECK(tryPin("1001", "482915") == "pin.error.tpm_locked");
    CHECK(tryPin("1002", "735104") == "pin.error.tpm_locked");
    CHECK(openStore().pinBinding("1001")->has_value());
}

TEST_CASE_FIXTURE(TpmKiosk, "a PIN set on another terminal replaces the binding; a new TPM lets the roster's PIN in") {
    const RosterEntry original = **openStore().person("1001");
    REQUIRE(tryPin("1001", "482915").empty());
    writeDraft("LUONNOS-ENNEN-EMOLEVYA");
    app->logout();

    // A new TPM (a replaced mainboard): the binding is not its own. The kiosk forgets it and
    // pulls the roster again; the server's credential (the same PIN) lets the person in, and
    // the draft, sealed with the network key, opens.
    SoftwareTpm replacement(dir / "tpm-new");
    device = openDevice(replacement.tcti());
    app->setTpm(device);
    CHECK(tryPin("1001", "482915") == "pin.error.tpm_changed");
    CHECK_FALSE(openStore().pinBinding("1001")->has_value());
    CHECK(openStore().device()->pullCursor == 0);
    REQUIRE(openStore().putPerson(original).ok());  // the roster, pulled again
    CHECK(tryPin("1001", "482915").empty());
    REQUIRE(app->session()->records.size() == 1);
    CHECK(app->session()->records.front().development.answers.at("wellbeing.coping") == "LUONNOS-ENNEN-EMOLEVYA");
    CHECK(openStore().pinBinding("1001")->has_value());  // bound to the new TPM
    app->logout();

    // The PIN changed on another terminal (a new credential in the roster): the binding goes,
    // the new PIN works and is bound, the old one no longer opens anything.
    addPerson("1001", "Aino Virtanen", {domain::Role::Employee}, "271828");
    CHECK_FALSE(openStore().pinBinding("1001")->has_value());
    CHECK(tryPin("1001", "482915") == "pin.error.wrong");
    CHECK(tryPin("1001", "271828").empty());
    CHECK(openStore().pinBinding("1001")->has_value());
    CHECK((*openStore().person("1001"))->pin.verifierHex == "tpm");
}

TEST_CASE_FIXTURE(TpmKiosk,
                  "a PIN set with a one-time code is bound at once, its verifier kept only until the server has it") {
    app->start().staffNumber = "1003";
    app->submitStaffNumber();
    app->settle();
    REQUIRE(app->screen() == Screen::FirstUse);
    app->firstUse().code = "7Q4K-2M9P";
    app->firstUse().newPin = "604918";
    app->firstUse().confirmPin = "604918";
    app->submitFirstUse();
    app->settle();
    REQUIRE(app->screen() == Screen::Home);
    app->logout();
    REQUIRE(openStore().pinBinding("1003")->has_value());
    auto pending = openStore().pendingPins();
    REQUIRE((pending.ok() && pending->size() == 1));
    const std::string verifier = pending->front().entry.pin.verifierHex;
    CHECK(verifier != "tpm");
    // The server acknowledged it: the verifier leaves the disk.
    REQUIRE(openStore().markPinSynced("1003", verifier).ok());
    CHECK((*openStore().person("1003"))->pin.verifierHex == "tpm");
    CHECK((*openStore().person("1003"))->pin.saltHex.empty());
    CHECK(openStore().pendingPins()->empty());
    CHECK(tryPin("1003", "604918").empty());
    CHECK(tryPin("1003", "604919") == "pin.error.wrong");

    // The server is restored from a backup taken before this PIN (a new instance). The PIN's
    // credential is only in the vault: it waits for 1003's next login, and the restored roster's
    // copy (no PIN for 1003) does not replace it meanwhile.
    REQUIRE(openStore().noteServerInstance("before-restore").ok());
    REQUIRE(*openStore().noteServerInstance("restored"));
    CHECK(openStore().pendingPins()->empty());
    CHECK(*openStore().boundPinAwaitsResend("1003"));
    RosterEntry fromBackup = **openStore().person("1003");
    fromBackup.pin = {};
    fromBackup.personKeyHex.clear();
    {
        KioskStore store = openStore();
        REQUIRE(sealIncoming(store, *device, fromBackup).ok());
        REQUIRE(store.putPerson(fromBackup).ok());
    }
    CHECK(openStore().pinBinding("1003")->has_value());
    CHECK(tryPin("1003", "604918").empty());
    app->logout();
    app->settle();
    pending = openStore().pendingPins();
    REQUIRE((pending.ok() && pending->size() == 1));
    CHECK(pending->front().resend);
    CHECK(pending->front().entry.pin.verifierHex == verifier);  // the same PIN, with its proof
    CHECK_FALSE(pending->front().proof.empty());
    REQUIRE(openStore().markPinSynced("1003", verifier).ok());
    CHECK((*openStore().person("1003"))->pin.verifierHex == "tpm");
    CHECK(openStore().pendingPins()->empty());
}

TEST_CASE_FIXTURE(TpmKiosk, "a roster PIN sealed as it arrives is checked only by the TPM; a new TPM forgets it") {
    for (const char* staffNumber : {"1001", "1002"}) {
        RosterEntry entry = **openStore().person(staffNumber);
        KioskStore store = openStore();
        REQUIRE(sealIncoming(store, *device, entry).ok());
        REQUIRE(store.putPerson(entry).ok());
    }
    const RosterEntry stored = **openStore().person("1002");
    CHECK(isSealed(stored.pin));
    CHECK(stored.personKeyHex == sealedIdentity(stored.pin));
    CHECK(tryPin("1002", "735105") == "pin.error.wrong");
    CHECK(failedTries() == 1);  // the wrong PIN was a wrong authorisation at the TPM
    CHECK(tryPin("1002", "735104").empty());
    app->logout();
    CHECK((*openStore().person("1002"))->pin.verifierHex == "tpm");  // bound, as on any first login
    REQUIRE(openStore().pinBinding("1002")->has_value());

    // A new TPM (a replaced mainboard): 1001's sealed credential is not its own. It is
    // forgotten and the roster is pulled again from the start, to be sealed to the new TPM.
    SoftwareTpm replacement(dir / "tpm-new");
    app->setTpm(openDevice(replacement.tcti()));
    CHECK(tryPin("1001", "482915") == "pin.error.tpm_changed");
    CHECK((*openStore().person("1001"))->pin.empty());
    CHECK(openStore().device()->pullCursor == 0);
}

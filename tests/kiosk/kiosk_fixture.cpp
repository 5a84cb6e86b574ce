// The logic-test kiosk. Roster entries are written straight into the store, as enrolment will.
#include "kiosk_fixture.h"

#include "crypto/encoding.h"

#include <doctest/doctest.h>

namespace osm::test {

KioskFixture::KioskFixture() {
    config.newPinParams = crypto::minimalKdfParams();
    {
        kiosk::KioskStore store = openStore();
        REQUIRE(store.putSetting("unit_id", "pk_tahtitaivas").ok());
        REQUIRE(store.putSetting("unit_name", "Päiväkoti Tähtitaivas").ok());
    }
    addPerson("1001", "Aino Virtanen", {domain::Role::Employee}, "482915");
    addPerson("1002", "Mikko Korhonen", {domain::Role::Employee}, "735104");
    addPerson("1003", "Leila Nieminen", {domain::Role::Employee}, "", "7Q4K-2M9P");
    addPerson("1005", "Helena Laine", {domain::Role::Employee, domain::Role::Manager, domain::Role::DaycareDirector},
              "318406");
    restart();
}

KioskFixture::~KioskFixture() { app.reset(); }

kiosk::KioskStore KioskFixture::openStore() const {
    auto store = kiosk::KioskStore::open(dbPath);
    REQUIRE(store.ok());
    return std::move(*store);
}

void KioskFixture::restart() {
    if (app) app->settle();
    app.reset();
    auto catalogue = catalog::loadCatalogYear(assetsDir(), 2026);
    auto translations = kiosk::Translations::load(assetsDir());
    REQUIRE(catalogue.ok());
    REQUIRE(translations.ok());
    app = std::make_unique<kiosk::KioskApp>(config, openStore(), std::move(*catalogue), std::move(*translations), clock,
                                            worker);
}

void KioskFixture::addPerson(const std::string& staffNumber, const std::string& name, std::vector<domain::Role> roles,
                             const std::string& pin, const std::string& setupCode) {
    kiosk::RosterEntry entry;
    entry.person.staffNumber = staffNumber;
    entry.person.name = name;
    entry.person.unitId = "pk_tahtitaivas";
    entry.person.serviceAreaId = "kasvatus_ja_opetus";
    entry.person.sector = "early_childhood_education";
    entry.person.roles = std::move(roles);
    entry.person.managerStaffNumber = staffNumber == "1005" ? "3001" : "1005";
    const crypto::KdfParams params = crypto::minimalKdfParams();
    auto credential = [&](const std::string& secret, std::string& publicKeyHex) {
        const crypto::Salt salt = crypto::randomSalt();
        auto keys = crypto::deriveUserKeys(secret, salt, params);
        REQUIRE(keys.ok());
        publicKeyHex = crypto::toHex(keys->personKey.publicKey);
        return kiosk::Credential{params.toString(), crypto::toHex(salt), crypto::toHex(keys->verifier)};
    };
    if (!pin.empty()) entry.pin = credential(pin, entry.personKeyHex);
    if (!setupCode.empty()) entry.setupCode = credential(kiosk::normaliseSetupCode(setupCode), entry.setupKeyHex);
    kiosk::KioskStore store = openStore();
    REQUIRE(store.putPerson(entry).ok());
}

bool KioskFixture::login(const std::string& staffNumber, const std::string& pin) {
    app->start().staffNumber = staffNumber;
    app->submitStaffNumber();
    app->settle();
    if (app->screen() != kiosk::Screen::Pin) return false;
    app->pin().pin = pin;
    app->submitPin();
    app->settle();
    return app->screen() == kiosk::Screen::Home;
}

}  // namespace osm::test

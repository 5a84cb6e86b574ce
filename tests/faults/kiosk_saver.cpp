// kiosk_saver DATA_DIR SAVES: the kiosk's real app (KioskApp, its Worker and KioskStore, the
// real catalogue) without a window, saving a draft over and over. After each save that the
// screen would show as "Saved" it writes the version to stdout (a pipe to the test), so the
// test knows exactly what was acknowledged before it kills this process with SIGKILL.
// Person 1001 has PIN 482915 (cheap KDF parameters); the draft's answer is "tallennus-<version>".
#include "kiosk_app.h"

#include "crypto/kdf.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

using namespace osm;

namespace {

class StepClock : public kiosk::Clock {
public:
    double monotonic() const override { return m_seconds; }
    std::int64_t unixSeconds() const override { return 1'770'000'000 + static_cast<std::int64_t>(m_seconds); }
    domain::Date date() const override { return {2026, 2, 10}; }
    void advance(double seconds) { m_seconds += seconds; }

private:
    double m_seconds = 1000;
};

int fail(const std::string& why) {
    std::fprintf(stderr, "kiosk_saver: %s\n", why.c_str());
    return 2;
}

bool ensurePerson(kiosk::KioskStore& store) {
    auto existing = store.person("1001");
    if (!existing.ok()) return false;
    if (existing->has_value()) return true;
    kiosk::RosterEntry entry;
    entry.person.staffNumber = "1001";
    entry.person.name = "Aino Virtanen";
    entry.person.unitId = "pk_tahtitaivas";
    entry.person.serviceAreaId = "kasvatus_ja_opetus";
    entry.person.sector = "early_childhood_education";
    entry.person.roles = {domain::Role::Employee};
    const crypto::KdfParams params = crypto::minimalKdfParams();
    const crypto::Salt salt = crypto::randomSalt();
    auto keys = crypto::deriveUserKeys("482915", salt, params);
    if (!keys.ok()) return false;
    entry.pin = kiosk::Credential{params.toString(), crypto::toHex(salt), crypto::toHex(keys->verifier)};
    return store.putSetting("unit_id", "pk_tahtitaivas").ok() && store.putPerson(entry).ok();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) return fail("usage: kiosk_saver DATA_DIR SAVES");
    const std::filesystem::path data = argv[1];
    const std::uint64_t saves = std::strtoull(argv[2], nullptr, 10);
    auto store = kiosk::KioskStore::open((data / "kiosk.db").string());
    if (!store.ok()) return fail(store.error().message);
    if (!ensurePerson(*store)) return fail("cannot write the roster");
    auto catalogue = catalog::loadCatalogYear(OSM_ASSETS_DIR, 2026);
    auto translations = kiosk::Translations::load(OSM_ASSETS_DIR);
    if (!catalogue.ok() || !translations.ok()) return fail("cannot load the assets");

    StepClock clock;
    kiosk::Worker worker;
    kiosk::KioskConfig config;
    config.newPinParams = crypto::minimalKdfParams();
    kiosk::KioskApp app(config, std::move(*store), std::move(*catalogue), std::move(*translations), clock, worker);
    app.start().staffNumber = "1001";
    app.submitStaffNumber();
    app.settle();
    app.pin().pin = "482915";
    app.submitPin();
    app.settle();
    if (app.screen() != kiosk::Screen::Home) return fail("login failed");
    if (app.session()->records.empty())
        app.editing().openCard(app.dueCards().front());
    else
        app.editing().openRecord(app.session()->records.front().id);

    for (std::uint64_t n = app.editor().confirmedVersion + 1; n <= saves; ++n) {
        app.editor().development.answers["past_year.review"] = "tallennus-" + std::to_string(n);
        app.editing().markEdited();
        clock.advance(1.1);
        app.tick();
        app.settle();
        if (app.editor().save != kiosk::SaveStatus::Saved || app.editor().confirmedVersion != n) {
            return fail("save " + std::to_string(n) + " was not saved");
        }
        const std::string line = std::to_string(n) + "\n";
        if (::write(STDOUT_FILENO, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
            return fail("pipe closed");
    }
    return 0;
}

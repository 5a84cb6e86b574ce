// Demo seeding. The demo PINs are public (README.md, assets/demo/); real terminals never see a PIN
// in a file: their roster carries only salts and verifiers.
#include "demo_seed.h"

#include "core/json_reader.h"
#include "crypto/kdf.h"
#include "session_rules.h"

#include <fstream>

namespace osm::kiosk {

using nlohmann::json;

Result<std::vector<DemoCredential>> loadDemoCredentials(const std::filesystem::path& path) {
    auto text = readTextFile(path.string());
    if (!text) return text.error();
    auto doc = parseJsonText(*text, path.string());
    if (!doc) return doc.error();
    try {
        std::vector<DemoCredential> out;
        JsonReader(*doc, path.string()).field("people").forEach(1, [&](const JsonReader& r) {
            DemoCredential c;
            c.staffNumber = r.field("staff_number").string();
            c.isSetupCode = r.has("setup_code");
            c.secret = c.isSetupCode ? r.field("setup_code").string() : r.field("pin").string();
            c.credential = {r.optionalString("kdf"), r.optionalString("salt"), r.optionalString("verifier")};
            c.publicKeyHex = r.optionalString("public_key");
            out.push_back(std::move(c));
        });
        return out;
    } catch (const JsonReadError& error) {
        return makeError(ErrorCode::InvalidInput, error.what());
    }
}

Status refreshDemoCredentials(const std::filesystem::path& path) {
    auto entries = loadDemoCredentials(path);
    if (!entries) return entries.error();
    json people = json::array();
    const crypto::KdfParams params = crypto::defaultKdfParams();
    for (const DemoCredential& c : *entries) {
        const std::string secret = c.isSetupCode ? normaliseSetupCode(c.secret) : c.secret;
        const crypto::Salt salt = crypto::randomSalt();
        auto keys = crypto::deriveUserKeys(secret, salt, params);
        if (!keys) return keys.error();
        json item{{"staff_number", c.staffNumber},
                  {c.isSetupCode ? "setup_code" : "pin", c.secret},
                  {"kdf", params.toString()},
                  {"salt", crypto::toHex(salt)},
                  {"verifier", crypto::toHex(keys->verifier)},
                  {"public_key", crypto::toHex(keys->personKey.publicKey)}};
        people.push_back(item);
    }
    std::ofstream out(path, std::ios::trunc);
    out << json{{"people", people}}.dump(2) << "\n";
    if (!out) return makeError(ErrorCode::Io, path.string() + ": write failed");
    return {};
}

Status seedDemoStore(KioskStore& store, const std::filesystem::path& assetsDir, const std::string& unitId) {
    auto existing = store.people();
    if (!existing) return existing.error();
    if (!existing->empty()) return {};
    auto org = domain::loadOrganisationFile(assetsDir / "demo" / "organisation.json");
    if (!org) return org.error();
    auto credentials = loadDemoCredentials(assetsDir / "demo" / "credentials.json");
    if (!credentials) return credentials.error();
    const domain::Unit* unit = org->findUnit(unitId);
    if (unit == nullptr) return makeError(ErrorCode::NotFound, "the demo organisation has no unit '" + unitId + "'");

    auto tx = storage::Transaction::begin(store.database());
    if (!tx) return tx.error();
    for (const domain::Person* person : org->membersOf(unitId)) {
        RosterEntry entry;
        entry.person = *person;
        for (const DemoCredential& c : *credentials) {
            if (c.staffNumber != person->staffNumber) continue;
            (c.isSetupCode ? entry.setupCode : entry.pin) = c.credential;
            (c.isSetupCode ? entry.setupKeyHex : entry.personKeyHex) = c.publicKeyHex;
        }
        if (auto status = store.putPerson(entry); !status) return status;
    }
    if (auto status = store.putSetting("unit_id", unit->id); !status) return status;
    if (auto status = store.putSetting("unit_name", unit->name); !status) return status;
    return tx->commit();
}

}  // namespace osm::kiosk

// Demo seeding. The demo PINs are public (README.md, assets/demo/); real terminals never see a PIN
// in a file: their roster carries only salts and verifiers.
#include "demo_seed.h"

#include "core/json_reader.h"
#include "crypto/aead.h"
#include "crypto/kdf.h"
#include "domain/discussion.h"
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

namespace {

// Last year's development discussion of the first employee, with two goals to follow up.
Status seedLastYear(KioskStore& store, const DemoCredential& who, const catalog::Catalog& catalog, int year) {
    auto params = crypto::KdfParams::parse(who.credential.kdfParams);
    auto salt = crypto::saltFromHex(who.credential.saltHex);
    if (!params || !salt) return makeError(ErrorCode::InvalidInput, "demo credentials are malformed");
    auto keys = crypto::deriveUserKeys(who.secret, *salt, *params);
    if (!keys) return keys.error();
    const catalog::FormTemplate* form = catalog.findForm("development_discussion_staff");
    if (form == nullptr) return {};
    domain::DevelopmentDiscussion d = domain::newDevelopmentDiscussion(*form, catalog);
    d.year = year;
    for (domain::CompetenceRating& r : d.ratings) r.value = 3;
    d.answers[domain::answerKey("past_year", "review")] = "Ryhmämme aloitti uuden metsäkasvatuskokeilun.";
    d.goals.push_back({"Ottaa käyttöön dokumentointisovellus koko ryhmässä",
                       "staff.technology_and_digital",
                       {"learning_by_doing", "online_videos_and_guides"}});
    d.goals.push_back({"Vahvistaa vanhempainyhteistyötä palautekeskusteluilla",
                       "staff.interaction_and_cooperation",
                       {"learning_from_colleague", "feedback"}});
    StoredRecord record;
    record.id = "r-demo-" + who.staffNumber + "-" + std::to_string(year);
    record.owner = who.staffNumber;
    record.kind = RecordKind::Development;
    record.formId = form->id;
    record.year = year;
    record.version = 1;
    record.state = RecordState::Received;
    auto sealed = crypto::seal(keys->draftKey, {record.id, record.owner, record.version}, domain::toJson(d));
    if (!sealed) return sealed.error();
    record.sealed = std::move(*sealed);
    return store.saveRecord(record);
}

}  // namespace

Status seedDemoStore(KioskStore& store, const std::filesystem::path& assetsDir, const std::string& unitId,
                     const catalog::Catalog& catalog) {
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
    const DemoCredential* firstEmployee = nullptr;
    for (const domain::Person* person : org->membersOf(unitId)) {
        RosterEntry entry;
        entry.person = *person;
        for (const DemoCredential& c : *credentials) {
            if (c.staffNumber != person->staffNumber) continue;
            (c.isSetupCode ? entry.setupCode : entry.pin) = c.credential;
            (c.isSetupCode ? entry.setupKeyHex : entry.personKeyHex) = c.publicKeyHex;
            if (!c.isSetupCode && firstEmployee == nullptr && !person->isManager()) firstEmployee = &c;
        }
        if (auto status = store.putPerson(entry); !status) return status;
    }
    if (auto status = store.putSetting("unit_id", unit->id); !status) return status;
    if (auto status = store.putSetting("unit_name", unit->name); !status) return status;
    if (auto status = tx->commit(); !status) return status;
    if (firstEmployee != nullptr) return seedLastYear(store, *firstEmployee, catalog, catalog.year - 1);
    return {};
}

}  // namespace osm::kiosk

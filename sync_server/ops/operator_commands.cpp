// Operator commands. Codes use an alphabet without look-alikes (no I, O, 0, 1).
#include "ops/operator_commands.h"

#include "catalog/catalog.h"
#include "crypto/aead.h"
#include "domain/discussion.h"
#include "core/json_reader.h"
#include "crypto/kdf.h"
#include "ops/roster_import.h"
#include "api/sync_service.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <sstream>

namespace osm::server {
namespace fs = std::filesystem;

Status initServer(const ServerPaths& paths) {
    std::error_code error;
    fs::create_directories(paths.dataDir, error);
    if (error) return makeError(ErrorCode::Io, paths.dataDir.string() + ": " + error.message());
    // The database holds the roster's verifiers: only the server's user may read the folder.
    fs::permissions(paths.dataDir, fs::perms::owner_all, fs::perm_options::replace, error);
    if (auto keys = createServerKeys(paths.keyDir); !keys) return keys.error();
    auto storage = openSqliteStorage(paths.databasePath());
    if (!storage) return storage.error();
    return {};
}

namespace {

// Who leaves and who moves to another unit, by the file against the roster the server holds.
Status compareWithHeld(RosterStorage& storage, const domain::Organisation& next, ImportReport& report,
                       std::vector<Departure>& departures) {
    auto held = storage.people();
    if (!held) return held.error();
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    for (const sync::RosterEntry& entry : *held) {
        const domain::Person& before = entry.person;
        const domain::Person* after = next.findPerson(before.staffNumber);
        const std::string who = before.staffNumber + " " + before.name;
        if (after == nullptr) {
            report.leavers.push_back(who + ", " + before.unitId);
        } else if (after->unitId != before.unitId) {
            report.transfers.push_back(who + ": " + before.unitId + " -> " + after->unitId);
        } else {
            continue;
        }
        departures.push_back({0, before.unitId, now, after == nullptr, entry});
    }
    return {};
}

}  // namespace

ImportReport importRosterCsv(SyncStorage& storage, std::string_view csv, bool dryRun) {
    ImportReport report;
    RosterParse parsed = parseRosterCsv(csv);
    report.problems = parsed.problems;
    report.people = static_cast<int>(parsed.organisation.people.size());
    report.units = static_cast<int>(parsed.organisation.units.size());
    if (!parsed.ok()) return report;
    std::vector<Departure> departures;
    if (auto status = compareWithHeld(storage, parsed.organisation, report, departures); !status) {
        report.problems.push_back("storage: " + status.error().message);
        return report;
    }
    if (dryRun) return report;
    // Departures first: should the import then fail, running it again imports the rest, and a
    // transfer's departure is not served while the roster still has the person in that unit.
    if (auto status = storage.recordDepartures(departures); !status) {
        report.problems.push_back("storage: " + status.error().message);
        return report;
    }
    if (auto status = storage.importOrganisation(parsed.organisation); !status) {
        report.problems.push_back("storage: " + status.error().message);
        return report;
    }
    report.applied = true;
    return report;
}

Result<int> publishCatalogFile(CatalogStorage& storage, const fs::path& file,
                               const std::vector<std::string>& siltaHosts) {
    auto catalogue = catalog::loadCatalogFile(file);
    if (!catalogue) return catalogue.error();
    if (auto hosts = catalog::checkInstructionHosts(*catalogue, siltaHosts); !hosts)
        return makeError(ErrorCode::InvalidInput, file.string() + ": " + hosts.error().message);
    auto text = readTextFile(file.string());
    if (!text) return text.error();
    if (auto status = storage.publishCatalog(catalogue->year, *text); !status) return status.error();
    return catalogue->year;
}

std::string randomCode(std::size_t length) {
    static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const crypto::Bytes random = crypto::randomBytes(length);
    std::string code;
    for (std::size_t i = 0; i < random.size(); ++i) {
        if (i > 0 && i % 4 == 0) code += '-';
        code += kAlphabet[random[i] % 32];
    }
    return code;
}

std::string normalisedCode(const std::string& code) {
    std::string out;
    for (char c : code) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

namespace {

Status storeSetupCode(RosterStorage& storage, const std::string& staffNumber, const std::string& code) {
    const crypto::KdfParams params = crypto::defaultKdfParams();
    const crypto::Salt salt = crypto::randomSalt();
    auto keys = crypto::deriveUserKeys(normalisedCode(code), salt, params);
    if (!keys) return keys.error();
    return storage.setSetupCode(staffNumber, {params.toString(), crypto::toHex(salt), crypto::toHex(keys->verifier)},
                                crypto::toHex(keys->personKey.publicKey));
}

}  // namespace

Result<std::string> createEnrolmentCode(SyncStorage& storage, const std::string& unitId, std::int64_t validSeconds,
                                        std::int64_t now) {
    auto unit = storage.unit(unitId);
    if (!unit) return unit.error();
    if (!unit->has_value()) return makeError(ErrorCode::NotFound, "no unit '" + unitId + "' (import the roster first)");
    const std::string code = randomCode(12);
    if (auto status = storage.addEnrolmentCode(enrolmentCodeHash(code), unitId, now + validSeconds); !status)
        return status.error();
    return code;
}

Result<std::string> createPinSetupCode(RosterStorage& storage, const std::string& staffNumber) {
    auto person = storage.person(staffNumber);
    if (!person) return person.error();
    if (!person->has_value()) return makeError(ErrorCode::NotFound, "no person with staff number " + staffNumber);
    const std::string code = randomCode(8);
    if (auto status = storeSetupCode(storage, staffNumber, code); !status) return status.error();
    return code;
}

namespace {

// A submitted record stored exactly as a pushed submission is: sealed with the storage key,
// bound to its id, owner and version.
Status putSubmitted(RecordStorage& storage, const ServerKeys& keys, ServerRecord r, const std::string& plain) {
    r.version = 1;
    r.state = sync::RecordStateWire::Submitted;
    auto sealed = crypto::seal(keys.storage, {r.id, r.owner, r.version}, plain);
    if (!sealed) return sealed.error();
    r.payload = std::move(*sealed);
    r.contentHash = crypto::contentHash(r.payload);
    std::uint64_t serverVersion = 0;
    if (auto put = storage.putRecord(r, 0, serverVersion); !put) return put.error();
    return {};
}

// Aino's (1001) development discussion of 2024, her daycare's previous individual year: the goals
// her manager Helena (1005) agreed with her, and her confirmation of them. The kiosk's home and
// her 2026 pre-form follow these goals up (docs/model.md, "Follow-up of agreed goals").
Status seedDemoAgreement(RecordStorage& storage, const ServerKeys& keys, const catalog::Catalog& catalogue) {
    const int year = 2024;
    domain::Agreement agreement{"1001", "", 0, {}};
    agreement.discussion =
        domain::newDevelopmentDiscussion(*catalogue.findForm("development_discussion_staff"), catalogue);
    agreement.discussion.year = year;
    for (domain::CompetenceRating& r : agreement.discussion.ratings) r.value = 3;
    agreement.discussion.answers[domain::answerKey("past_year", "review")] =
        "Aino aloitti ryhmässään metsäkasvatuksen; sovimme, että hän jakaa kokemuksensa tiimille.";
    agreement.discussion.goals = {{"Ottaa käyttöön dokumentointisovellus koko ryhmässä",
                                   "staff.technology_and_digital",
                                   {"learning_by_doing", "online_videos_and_guides"}},
                                  {"Vahvistaa vanhempainyhteistyötä palautekeskusteluilla",
                                   "staff.interaction_and_cooperation",
                                   {"learning_from_colleague", "feedback"}}};
    const std::string plain = domain::toJson(agreement);
    ServerRecord r;
    r.id = domain::agreementRecordId(year, "1001");
    r.owner = "1005";
    r.unitId = "pk_tahtitaivas";
    r.kind = sync::RecordKindWire::Agreement;
    r.formId = agreement.discussion.formId;
    r.year = year;
    if (auto status = putSubmitted(storage, keys, r, plain); !status) return status;
    r.id = domain::confirmationRecordId(year, "1001", 1);
    r.owner = "1001";
    r.kind = sync::RecordKindWire::Confirmation;
    return putSubmitted(
        storage, keys, r,
        domain::toJson(domain::Confirmation{domain::agreementRecordId(year, "1001"), 1, crypto::contentHash(plain)}));
}

// The daycare's team discussion of 2025, its previous group year, recorded by Mikko (1002) with
// Aino (1001), Leila (1003) and Sanna (1004): a team member recording the 2027 one follows up its
// development priorities (docs/decisions.md, "Who reads a group discussion").
Status seedDemoGroupDiscussion(RecordStorage& storage, const ServerKeys& keys, const catalog::Catalog& catalogue) {
    const int year = 2025;
    const catalog::FormTemplate& form = *catalogue.findForm("group_discussion");
    domain::GroupDiscussion g = domain::newGroupDiscussion(form, year, "team", "pk_tahtitaivas");
    g.recordedBy = "1002";
    g.participants = {"1002", "1001", "1003", "1004"};
    for (const catalog::Section& section : form.sections)
        g.answers[domain::answerKey(section.id, section.questions.front().id)] =
            "Keskustelimme tiiminä: " + section.title.fi + ".";
    g.answers[std::string(domain::kGroupPrioritiesAnswer)] =
        "- Metsäpedagogiikka osaksi jokaista viikkoa\n- Yhteinen tapa dokumentoida lasten oppimista\n"
        "- Uusien työntekijöiden perehdytys tiimissä";
    ServerRecord r;
    r.id = "r-demo-tiimi-2025";
    r.owner = "1002";
    r.unitId = "pk_tahtitaivas";
    r.kind = sync::RecordKindWire::Group;
    r.formId = form.id;
    r.year = year;
    return putSubmitted(storage, keys, r, domain::toJson(g));
}

// Submitted pre-forms of `year` for the sample unit: ratings and methods vary by person (`lower`
// takes that much off each rating, never below the scale), free text is fictitious; stored exactly
// as a pushed submission is (sealed with the storage key).
Status seedSampleSubmissions(RecordStorage& storage, const ServerKeys& keys, const domain::Organisation& sample,
                             const catalog::Catalog& catalogue, int year, int lower) {
    std::vector<std::string> methods;
    for (const catalog::LearningCategory& category : catalogue.categories) {
        for (const catalog::LearningMethod& method : category.methods) methods.push_back(method.id);
    }
    // Goals aim at a few all-staff competences, so HR's plan has needs to put in order.
    const auto goalCompetences = catalogue.competencesIn(catalog::CompetenceGroup::AllStaff);
    int n = 0;
    for (const domain::Person& person : sample.people) {
        if (person.unitId.empty()) continue;
        ++n;
        // The earlier year: every fourth person did not get to theirs (completion rose since).
        if (lower > 0 && n % 4 == 0) continue;
        const char* formId = person.isManager() ? "development_discussion_manager" : "development_discussion_staff";
        domain::DevelopmentDiscussion d = domain::newDevelopmentDiscussion(*catalogue.findForm(formId), catalogue);
        int i = 0;
        for (domain::CompetenceRating& r : d.ratings) {
            r.value = std::max(catalogue.scale.min, 2 + (n * 7 + i * 3 + (n * i) % 5) % 4 - (i + n) % 2 * lower);
            ++i;
        }
        d.answers[domain::answerKey("past_year", "review")] = "Esimerkkivastaus (kuvitteellinen).";
        const std::string goalCompetence =
            goalCompetences.empty() ? std::string()
                                    : goalCompetences[static_cast<std::size_t>(n * n % 3) % goalCompetences.size()]->id;
        d.goals.push_back({"Esimerkkitavoite",
                           goalCompetence,
                           {methods[static_cast<std::size_t>(n) % 4], methods[4 + static_cast<std::size_t>(n * 5) % 12],
                            methods[16 + static_cast<std::size_t>(n * 7) % 12]}});
        ServerRecord r;
        d.year = year;
        r.id = year == catalogue.year ? "r-sample-" + person.staffNumber
                                      : "r-sample-" + std::to_string(year) + "-" + person.staffNumber;
        r.owner = person.staffNumber;
        r.unitId = person.unitId;
        r.formId = formId;
        r.year = year;
        if (auto status = putSubmitted(storage, keys, r, domain::toJson(d)); !status) return status;
    }
    return {};
}

}  // namespace

Status loadDemoOrganisation(SyncStorage& storage, const fs::path& assetsDir, const ServerKeys* keys) {
    auto org = domain::loadOrganisationFile(assetsDir / "demo" / "organisation.json");
    if (!org) return org.error();
    if (auto status = storage.importOrganisation(*org); !status) return status;
    auto text = readTextFile((assetsDir / "demo" / "credentials.json").string());
    if (!text) return text.error();
    auto doc = parseJsonText(*text, "credentials.json");
    if (!doc) return doc.error();
    for (const auto& item : (*doc)["people"]) {
        const std::string staff = item.value("staff_number", "");
        const sync::Credential credential{item.value("kdf", ""), item.value("salt", ""), item.value("verifier", "")};
        const std::string key = item.value("public_key", "");
        const Status status = item.contains("setup_code") ? storage.setSetupCode(staff, credential, key)
                                                          : storage.setPin(staff, credential, key);
        if (!status) return status;
    }
    if (!publishCatalogFile(storage, assetsDir / "catalog" / "2026.json")) {
        return makeError(ErrorCode::InvalidInput, "the demo catalogue does not load");
    }
    if (keys == nullptr) return {};
    auto sample = domain::loadOrganisationFile(assetsDir / "demo" / "hr_sample.json");
    if (!sample) return sample.error();
    if (auto status = storage.importOrganisation(*sample); !status) return status;
    auto catalogue = catalog::loadCatalogYear(assetsDir, 2026);
    if (!catalogue) return catalogue.error();
    if (auto status = seedDemoAgreement(storage, *keys, *catalogue); !status) return status;
    if (auto status = seedDemoGroupDiscussion(storage, *keys, *catalogue); !status) return status;
    if (auto status = seedSampleSubmissions(storage, *keys, *sample, *catalogue, catalogue->year, 0); !status)
        return status;
    // The sample's previous individual year (the education sector's 2025 was a group year): the
    // same catalogue published as 2024's and somewhat lower ratings, so the years side by side
    // (HR's page, the strategic page) have two years to compare. Fictitious, like the rest.
    const int previous = kDemoPreviousYear;
    auto catalogueText = readTextFile((assetsDir / "catalog" / "2026.json").string());
    if (!catalogueText) return catalogueText.error();
    auto earlier = parseJsonText(*catalogueText, "2026.json");
    if (!earlier) return earlier.error();
    (*earlier)["year"] = previous;
    if (auto status = storage.publishCatalog(previous, earlier->dump()); !status) return status;
    return seedSampleSubmissions(storage, *keys, *sample, *catalogue, previous, 1);
}

std::string describeDevices(const std::vector<DeviceRecord>& devices) {
    std::ostringstream out;
    auto when = [](std::int64_t t) {
        if (t == 0) return std::string("-");
        char text[32];
        const std::time_t time = static_cast<std::time_t>(t);
        std::tm utc{};
        gmtime_r(&time, &utc);
        std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &utc);
        return std::string(text);
    };
    // tpm: whether a TPM guards the kiosk's PINs ("none": a copy of its disk allows an offline
    // PIN search; "?": a kiosk older than the question).
    out << "device               unit                 enrolled (UTC)    last seen         tpm   state\n";
    for (const DeviceRecord& d : devices) {
        char line[256];
        std::snprintf(line, sizeof line, "%-20s %-20s %-17s %-17s %-5s %s\n", d.id.c_str(), d.unitId.c_str(),
                      when(d.enrolledAt).c_str(), when(d.lastSeen).c_str(), d.tpm.empty() ? "?" : d.tpm.c_str(),
                      d.revokedAt != 0 ? ("revoked " + when(d.revokedAt)).c_str() : "active");
        out << line;
    }
    return out.str();
}

}  // namespace osm::server

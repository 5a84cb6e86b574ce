// The export to Oss: the people in scope, the year's agreement and pre-form of each opened with the
// storage key in memory, the reads logged before anything is returned, then the two formats.
#include "ops/oss_export.h"

#include "crypto/aead.h"
#include "crypto/secret_buffer.h"
#include "domain/discussion.h"
#include "hr/csv_cells.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <type_traits>

namespace osm::server {
namespace {

constexpr const char* kChannel = "oss";

// The record's content, opened with the storage key and parsed; nullopt for a damaged row (never
// exported). The plaintext is wiped once parsed.
template <typename Parse>
auto openAs(const ServerKeys& keys, const ServerRecord& r, Parse parse)
    -> std::optional<std::remove_cvref_t<decltype(*parse(std::string_view()))>> {
    auto plain = crypto::open(keys.storage, {r.id, r.owner, r.version}, r.payload);
    if (!plain) return std::nullopt;
    std::string text(plain->begin(), plain->end());
    crypto::wipe(*plain);
    auto content = parse(text);
    crypto::wipe(text);
    if (!content) return std::nullopt;
    return std::move(*content);
}

// Who is in scope, by unit and staff number.
Result<std::vector<domain::Person>> peopleInScope(SyncStorage& storage, const OssExportRequest& request) {
    if (request.unitId.empty() == request.serviceAreaId.empty())
        return makeError(ErrorCode::InvalidInput, "name either a unit or a service area");
    auto units = storage.units();
    auto areas = storage.serviceAreas();
    auto people = storage.people();
    if (!units || !areas || !people) return makeError(ErrorCode::Io, "cannot read the organisation");
    if (!request.unitId.empty() &&
        std::none_of(units->begin(), units->end(), [&](const domain::Unit& u) { return u.id == request.unitId; }))
        return makeError(ErrorCode::NotFound, "no unit " + request.unitId + " in the roster");
    if (!request.serviceAreaId.empty() && std::none_of(areas->begin(), areas->end(), [&](const domain::ServiceArea& a) {
            return a.id == request.serviceAreaId;
        }))
        return makeError(ErrorCode::NotFound, "no service area " + request.serviceAreaId + " in the roster");
    std::vector<domain::Person> inScope;
    for (sync::RosterEntry& entry : *people) {
        const domain::Person& p = entry.person;
        if (p.unitId.empty()) continue;  // leaders above the units belong to no unit's export
        if (request.unitId.empty() ? p.serviceAreaId == request.serviceAreaId : p.unitId == request.unitId)
            inScope.push_back(std::move(entry.person));
    }
    std::sort(inScope.begin(), inScope.end(), [](const domain::Person& a, const domain::Person& b) {
        return std::tie(a.unitId, a.staffNumber) < std::tie(b.unitId, b.staffNumber);
    });
    return inScope;
}

// The person's submitted pre-form of the year (the latest, should a conflict have left two).
Result<std::optional<ServerRecord>> preFormOf(SyncStorage& storage, const std::string& staffNumber, int year) {
    auto records = storage.submittedDevelopmentOf({staffNumber});
    if (!records) return records.error();
    std::optional<ServerRecord> latest;
    for (ServerRecord& r : *records) {
        if (r.year != year || r.owner != staffNumber || domain::parseStructuredId(r.id)) continue;
        if (!latest || r.updatedAt > latest->updatedAt) latest = std::move(r);
    }
    return latest;
}

// The agreement's goals and stage; the record opened is added to `opened`.
Status addAgreement(SyncStorage& storage, const ServerKeys& keys, int year, OssPerson& person,
                    std::vector<RecordRead>& opened) {
    auto agreement = storage.record(domain::agreementRecordId(year, person.staffNumber));
    if (!agreement) return agreement.error();
    if (!agreement->has_value() || (*agreement)->state != sync::RecordStateWire::Submitted) return {};
    const ServerRecord& r = **agreement;
    auto content = openAs(keys, r, [](std::string_view text) { return domain::agreementFromJson(text); });
    if (!content) return {};
    auto confirmation = storage.record(domain::confirmationRecordId(year, person.staffNumber, r.version));
    if (!confirmation) return confirmation.error();
    person.stage = confirmation->has_value() ? "agreed" : "discussed";
    person.agreementVersion = r.version;
    for (domain::LearningGoal& goal : content->discussion.goals) {
        if (goal.text.empty() && goal.methodIds.empty()) continue;
        person.goals.push_back({std::move(goal.text), std::move(goal.competenceId), std::move(goal.methodIds)});
    }
    opened.push_back({r.id, person.staffNumber, r.version, "", kChannel, 0});
    return {};
}

// The marks the person gave the goals agreed earlier, from their pre-form (comments left out).
Status addFollowUp(SyncStorage& storage, const ServerKeys& keys, int year, OssPerson& person,
                   std::vector<RecordRead>& opened) {
    auto preForm = preFormOf(storage, person.staffNumber, year);
    if (!preForm) return preForm.error();
    if (!preForm->has_value()) return {};
    const ServerRecord& r = **preForm;
    auto content = openAs(keys, r, [](std::string_view text) { return domain::developmentDiscussionFromJson(text); });
    if (!content) return {};
    for (domain::GoalFollowUp& item : content->followUp) person.followUp.push_back({item.text, item.year, item.mark});
    if (!content->followUp.empty()) opened.push_back({r.id, person.staffNumber, r.version, "", kChannel, 0});
    return {};
}

}  // namespace

Result<OssExport> ossExport(SyncStorage& storage, const ServerKeys& keys, const OssExportRequest& request) {
    if (request.actor.empty()) return makeError(ErrorCode::InvalidInput, "the export needs the name of who runs it");
    auto people = peopleInScope(storage, request);
    if (!people) return people.error();
    OssExport out{request.year, request.unitId, request.serviceAreaId, request.now, {}};
    std::vector<RecordRead> opened;
    for (const domain::Person& p : *people) {
        OssPerson person;
        person.staffNumber = p.staffNumber;
        person.name = p.name;
        person.unitId = p.unitId;
        person.serviceAreaId = p.serviceAreaId;
        if (auto status = addAgreement(storage, keys, request.year, person, opened); !status) return status.error();
        if (auto status = addFollowUp(storage, keys, request.year, person, opened); !status) return status.error();
        out.people.push_back(std::move(person));
    }
    for (RecordRead& read : opened) {
        read.reader = "oss-export:" + request.actor;
        read.at = request.now;
    }
    // Not exported unless logged.
    if (auto logged = storage.logReads(opened); !logged) return logged.error();
    return out;
}

std::string ossExportJson(const OssExport& data) {
    nlohmann::json people = nlohmann::json::array();
    for (const OssPerson& p : data.people) {
        nlohmann::json goals = nlohmann::json::array();
        for (const OssGoal& g : p.goals)
            goals.push_back({{"text", g.text}, {"competence", g.competenceId}, {"methods", g.methodIds}});
        nlohmann::json followUp = nlohmann::json::array();
        for (const OssFollowUp& f : p.followUp)
            followUp.push_back({{"goal", f.goal}, {"agreed_year", f.agreedYear}, {"mark", f.mark}});
        people.push_back({{"staff_number", p.staffNumber},
                          {"name", p.name},
                          {"unit", p.unitId},
                          {"service_area", p.serviceAreaId},
                          {"stage", p.stage},
                          {"agreement_version", p.agreementVersion},
                          {"goals", goals},
                          {"follow_up", followUp}});
    }
    nlohmann::json scope = data.unitId.empty() ? nlohmann::json{{"service_area", data.serviceAreaId}}
                                               : nlohmann::json{{"unit", data.unitId}};
    return nlohmann::json{
               {"format", "osaamissilta-oss-export"}, {"version", 1},    {"year", data.year}, {"scope", scope},
               {"created_at", data.createdAt},        {"people", people}}
               .dump(2) +
           "\n";
}

std::string ossExportCsv(const OssExport& data, const catalog::Catalog& catalog) {
    const auto methodNames = [&](const std::vector<std::string>& ids) {
        std::string out;
        for (const std::string& id : ids) {
            const catalog::LearningMethod* method = catalog.findMethod(id);
            out += (out.empty() ? "" : ", ") + (method ? method->name.in(catalog::Lang::Fi) : id);
        }
        return out;
    };
    std::string out = "\xEF\xBB\xBF" +
                      csvLine({"vuosi", "henkilönumero", "nimi", "yksikkö", "palvelualue", "vaihe", "kirjauksen versio",
                               "rivi", "tavoite", "osaaminen", "oppimistavat", "sovittu vuonna", "merkintä"});
    const std::string year = std::to_string(data.year);
    for (const OssPerson& p : data.people) {
        const std::vector<std::string> who{
            year, p.staffNumber, p.name, p.unitId, p.serviceAreaId, p.stage, std::to_string(p.agreementVersion)};
        const auto row = [&](std::vector<std::string> rest) {
            std::vector<std::string> cells = who;
            cells.insert(cells.end(), rest.begin(), rest.end());
            out += csvLine(cells);
        };
        if (p.goals.empty() && p.followUp.empty()) row({"", "", "", "", "", ""});
        for (const OssGoal& g : p.goals) {
            const catalog::Competence* competence = catalog.findCompetence(g.competenceId);
            row({"goal", g.text, competence ? competence->name.in(catalog::Lang::Fi) : g.competenceId,
                 methodNames(g.methodIds), year, ""});
        }
        for (const OssFollowUp& f : p.followUp)
            row({"follow_up", f.goal, "", "", std::to_string(f.agreedYear), f.mark});
    }
    return out;
}

}  // namespace osm::server

// The pull and catalogue messages as JSON. What a kiosk reads from a pull is taken item by item:
// one damaged entry must not cut a terminal off from the rest of its roster.
#include "sync/messages_pull.h"

#include "crypto/secret_buffer.h"
#include "sync/wire_reading.h"

#include <algorithm>
#include <cstdint>
#include <tuple>

namespace osm::sync {

using nlohmann::json;

namespace {

json credentialJson(const Credential& c) {
    return c.empty() ? json(nullptr) : json{{"kdf", c.kdfParams}, {"salt", c.saltHex}, {"verifier", c.verifierHex}};
}

RosterEntry readRosterEntry(const JsonReader& r) {
    RosterEntry e;
    e.person.staffNumber = r.field("staff_number").string();
    e.person.name = r.field("name").string();
    e.person.title = r.optionalString("title");
    e.person.unitId = r.optionalString("unit");
    e.person.serviceAreaId = r.optionalString("service_area");
    e.person.sector = r.optionalString("sector");
    e.person.managerStaffNumber = r.optionalString("manager");
    r.field("roles").forEach(0, [&](const JsonReader& role) {
        auto parsed = domain::parseRole(role.string());
        if (!parsed) role.fail(parsed.error().message);
        e.person.roles.push_back(*parsed);
    });
    auto credential = [&](const char* key) {
        if (!r.has(key)) return Credential{};
        const JsonReader cr = r.field(key);
        return Credential{cr.field("kdf").string(), cr.field("salt").string(), cr.field("verifier").string()};
    };
    e.pin = credential("pin");
    e.setupCode = credential("setup_code");
    e.personKeyHex = r.optionalString("person_key");
    e.setupKeyHex = r.optionalString("setup_key");
    return e;
}

// Reads the items of an optional array, leaving out those `read` refuses.
template <typename T, typename Read>
std::vector<T> readableItems(const JsonReader& r, const char* key, Read read) {
    std::vector<T> items;
    if (!r.node().contains(key) || !r.node()[key].is_array()) return items;
    wire::eachItem(r, key, [&](const JsonReader& item) {
        if (auto value = wire::guarded<T>([&] { return read(item); })) items.push_back(std::move(*value));
    });
    return items;
}

CatalogListing readListing(const JsonReader& r) {
    return CatalogListing{static_cast<int>(r.field("year").integer(INT32_MIN, INT32_MAX)),
                          wire::optionalText(r, "hash")};
}

// A missing field reads as its default; one of the wrong type refuses the status.
TeamStatus readTeamStatus(const JsonReader& r) {
    TeamStatus s;
    s.staffNumber = wire::optionalText(r, "staff_number");
    if (r.node().contains("year")) s.year = static_cast<int>(r.field("year").integer(INT32_MIN, INT32_MAX));
    if (r.node().contains("pre_form")) s.preForm = wire::readText(r.field("pre_form"));
    if (r.node().contains("agreement_version")) s.agreementVersion = wire::readVersion(r.field("agreement_version"));
    if (r.node().contains("confirmed_version")) s.confirmedVersion = wire::readVersion(r.field("confirmed_version"));
    return s;
}

json toJson(const TeamStatus& s) {
    return json{{"staff_number", s.staffNumber},
                {"year", s.year},
                {"pre_form", s.preForm},
                {"agreement_version", s.agreementVersion},
                {"confirmed_version", s.confirmedVersion}};
}

// A read needs its record, reader and times; the rest reads as empty when left out.
RecordReads readRecordReads(const JsonReader& r) {
    RecordReads e;
    e.record = r.field("record").string();
    e.version = wire::readVersion(r.field("version"));
    e.reader = r.field("reader").string();
    e.readerName = wire::optionalText(r, "reader_name");
    e.channel = wire::optionalText(r, "channel");
    e.firstAt = r.field("first_at").integer(0, INT64_MAX);
    e.lastAt = r.field("last_at").integer(e.firstAt, INT64_MAX);
    e.count = r.node().contains("count") ? r.field("count").integer(1, INT64_MAX) : 1;
    return e;
}

json toJson(const RecordReads& e) {
    return json{{"record", e.record},   {"version", e.version},  {"reader", e.reader},  {"reader_name", e.readerName},
                {"channel", e.channel}, {"first_at", e.firstAt}, {"last_at", e.lastAt}, {"count", e.count}};
}

// An own record's listing needs its id, kind, version and state; the rest reads as empty.
OwnRecordListing readOwnRecord(const JsonReader& r) {
    OwnRecordListing e;
    e.id = r.field("id").string();
    const auto kind = kindFromName(r.field("kind").string());
    if (!kind) r.field("kind").fail("is not a known kind");
    e.kind = *kind;
    e.formId = wire::optionalText(r, "form");
    if (r.node().contains("year")) e.year = static_cast<int>(r.field("year").integer(0, 9999));
    e.version = wire::readVersion(r.field("version"));
    const std::string state = r.field("state").string();
    if (state != "draft" && state != "submitted") r.field("state").fail("must be \"draft\" or \"submitted\"");
    e.state = state == "draft" ? RecordStateWire::Draft : RecordStateWire::Submitted;
    if (r.node().contains("saved_at")) e.savedAt = r.field("saved_at").integer(0, INT64_MAX);
    return e;
}

json toJson(const OwnRecordListing& e) {
    return json{{"id", e.id},           {"kind", kindName(e.kind)},    {"form", e.formId},     {"year", e.year},
                {"version", e.version}, {"state", stateName(e.state)}, {"saved_at", e.savedAt}};
}

// A completion needs its person, source and date; the rest reads as empty when left out.
Completion readCompletion(const JsonReader& r) {
    Completion c;
    c.staffNumber = r.field("staff_number").string();
    c.source = r.field("source").string();
    c.course = wire::optionalText(r, "course");
    c.name = wire::optionalText(r, "name");
    c.date = r.field("date").string();
    if (r.node().contains("minutes")) c.minutes = static_cast<int>(r.field("minutes").integer(0, 1000000));
    return c;
}

json toJson(const Completion& c) {
    return json{
        {"staff_number", c.staffNumber}, {"source", c.source}, {"course", c.course}, {"name", c.name}, {"date", c.date},
        {"minutes", c.minutes}};
}

json toJson(const CatalogListing& c) { return json{{"year", c.year}, {"hash", c.hash}}; }

template <typename T>
json arrayOf(const std::vector<T>& items) {
    json out = json::array();
    for (const T& item : items) out.push_back(toJson(item));
    return out;
}

}  // namespace

json toJson(const RosterEntry& e) {
    json roles = json::array();
    for (domain::Role role : e.person.roles) roles.push_back(domain::roleName(role));
    return json{{"staff_number", e.person.staffNumber},
                {"name", e.person.name},
                {"title", e.person.title},
                {"unit", e.person.unitId},
                {"service_area", e.person.serviceAreaId},
                {"sector", e.person.sector},
                {"roles", roles},
                {"manager", e.person.managerStaffNumber},
                {"pin", credentialJson(e.pin)},
                {"setup_code", credentialJson(e.setupCode)},
                {"person_key", e.personKeyHex},
                {"setup_key", e.setupKeyHex}};
}

std::string hoursText(const Completion& completion) {
    if (completion.minutes <= 0) return "";
    const int tenths = (completion.minutes * 10 + 30) / 60;
    return std::to_string(tenths / 10) + (tenths % 10 != 0 ? "," + std::to_string(tenths % 10) : "");
}

Result<RosterEntry> rosterEntryFromJson(const json& doc, std::string_view where) {
    return wire::guarded<RosterEntry>([&] { return readRosterEntry(JsonReader(doc, "roster", std::string(where))); });
}

bool sameEntry(const RosterEntry& a, const RosterEntry& b) {
    const auto fields = [](const RosterEntry& e) {
        const domain::Person& p = e.person;
        return std::tie(p.staffNumber, p.name, p.title, p.unitId, p.serviceAreaId, p.sector, p.roles,
                        p.managerStaffNumber, e.pin.kdfParams, e.pin.saltHex, e.pin.verifierHex, e.setupCode.kdfParams,
                        e.setupCode.saltHex, e.setupCode.verifierHex, e.personKeyHex, e.setupKeyHex);
    };
    return fields(a) == fields(b);
}

std::string encode(const PullRequest& request) {
    json out{{"cursor", request.cursor}};
    if (request.limit) out["limit"] = *request.limit;
    if (!request.person.empty()) out["person"] = request.person;
    return out.dump();
}

Result<PullRequest> decodePullRequest(std::string_view body) {
    return wire::decodeBody<PullRequest>(body, "request", [&](const JsonReader& r) {
        const json& doc = r.node();
        PullRequest request;
        if (!r.field("cursor").node().is_number_integer()) r.field("cursor").fail("must be a whole number");
        request.cursor = r.field("cursor").integer(0, std::int64_t{1} << 62);
        if (doc.contains("limit")) {
            if (!doc["limit"].is_number()) r.field("limit").fail("must be a number");
            if (!doc["limit"].is_number_integer()) r.field("limit").fail("must be a whole number");
            request.limit = static_cast<int>(r.field("limit").integer(1, kMaxPullLimit));
        }
        if (doc.contains("person") && doc["person"].is_string()) request.person = doc["person"].get<std::string>();
        return request;
    });
}

bool operator==(const PullAnswer& a, const PullAnswer& b) {
    return a.roster.size() == b.roster.size() &&
           std::equal(a.roster.begin(), a.roster.end(), b.roster.begin(), sameEntry) &&
           std::tie(a.departed, a.keptFrom, a.nextCursor, a.more, a.catalogs, a.records, a.forPerson, a.shared,
                    a.teamStatus, a.reads, a.ownRecords, a.completions, a.serverInstance) ==
               std::tie(b.departed, b.keptFrom, b.nextCursor, b.more, b.catalogs, b.records, b.forPerson, b.shared,
                        b.teamStatus, b.reads, b.ownRecords, b.completions, b.serverInstance);
}

std::string encode(const PullAnswer& answer) {
    json out{{"roster", arrayOf(answer.roster)},
             {"next_cursor", answer.nextCursor},
             {"more", answer.more},
             {"catalogs", arrayOf(answer.catalogs)},
             {"records", arrayOf(answer.records)},
             {kServerInstanceField, answer.serverInstance}};
    if (!answer.departed.empty()) out["departed"] = answer.departed;
    if (answer.keptFrom > 0) out["kept_from"] = answer.keptFrom;
    if (answer.forPerson) {
        out["shared"] = arrayOf(answer.shared);
        out["team_status"] = arrayOf(answer.teamStatus);
    }
    if (!answer.reads.empty()) out["reads"] = arrayOf(answer.reads);
    if (!answer.ownRecords.empty()) out["own_records"] = arrayOf(answer.ownRecords);
    if (!answer.completions.empty()) out["completions"] = arrayOf(answer.completions);
    return out.dump();
}

namespace {

// Overwrites the plaintext payloads of a parsed answer's `shared` records when it goes out of scope.
struct SharedPayloadWiper {
    json& doc;
    ~SharedPayloadWiper() {
        const auto shared = doc.find("shared");
        if (shared == doc.end() || !shared->is_array()) return;
        for (json& item : *shared) {
            if (!item.is_object()) continue;
            const auto payload = item.find("payload");
            if (payload != item.end() && payload->is_string()) crypto::wipe(payload->get_ref<std::string&>());
        }
    }
};

}  // namespace

Result<PullAnswer> decodePullAnswer(std::string_view body) {
    return wire::guarded<PullAnswer>([&] {
        json doc = wire::parseBody(body, "answer");
        // The text's copies of others' plaintext go when this returns, decoded or refused; the
        // decoded ones when their owner wipes them.
        const SharedPayloadWiper wiper{doc};
        const JsonReader r(doc, "answer");
        PullAnswer answer;
        r.field("roster").arraySize();
        answer.roster = readableItems<RosterEntry>(r, "roster", readRosterEntry);
        answer.nextCursor = r.field("next_cursor").integer(INT64_MIN, INT64_MAX);
        answer.departed =
            readableItems<std::string>(r, "departed", [](const JsonReader& item) { return wire::readText(item); });
        if (doc.contains("more")) answer.more = r.field("more").boolean();
        if (doc.contains("kept_from")) answer.keptFrom = static_cast<int>(r.field("kept_from").integer(0, 9999));
        answer.catalogs = readableItems<CatalogListing>(r, "catalogs", readListing);
        const auto envelope = [](const JsonReader& item) { return wire::readEnvelope(item); };
        answer.records = readableItems<RecordEnvelope>(r, "records", envelope);
        answer.forPerson = doc.contains("shared") || doc.contains("team_status");
        answer.shared = readableItems<RecordEnvelope>(r, "shared", envelope);
        answer.teamStatus = readableItems<TeamStatus>(r, "team_status", readTeamStatus);
        answer.reads = readableItems<RecordReads>(r, "reads", readRecordReads);
        answer.ownRecords = readableItems<OwnRecordListing>(r, "own_records", readOwnRecord);
        answer.completions = readableItems<Completion>(r, "completions", readCompletion);
        answer.serverInstance = wire::serverInstanceOf(doc);
        return answer;
    });
}

std::string encode(const CatalogRequest& request) { return json{{"year", request.year}}.dump(); }

Result<CatalogRequest> decodeCatalogRequest(std::string_view body) {
    return wire::decodeBody<CatalogRequest>(body, "request", [&](const JsonReader& r) {
        const JsonReader year = r.field("year");
        if (!year.node().is_number_integer()) year.fail("must be a whole number");
        return CatalogRequest{year.node().get<int>()};
    });
}

std::string encode(const CatalogAnswer& answer) {
    return json{{"year", answer.year}, {"hash", answer.hash}, {"catalog", answer.catalog}}.dump();
}

Result<CatalogAnswer> decodeCatalogAnswer(std::string_view body) {
    return wire::decodeBody<CatalogAnswer>(body, "answer", [&](const JsonReader& r) {
        const json& doc = r.node();
        CatalogAnswer answer;
        answer.catalog = wire::readText(r.field("catalog"));
        if (doc.contains("year")) answer.year = static_cast<int>(r.field("year").integer(INT32_MIN, INT32_MAX));
        answer.hash = wire::optionalText(r, "hash");
        return answer;
    });
}

}  // namespace osm::sync

// Protocol helpers: signing text, JSON forms of the messages and the table of refusals.
#include "sync/protocol.h"

#include "core/json_reader.h"

#include <algorithm>

namespace osm::sync {

using nlohmann::json;

std::string canonicalRequest(std::string_view deviceId, std::string_view staffNumber, std::string_view method,
                             std::string_view path, std::int64_t timestamp, std::string_view nonce, std::string_view body) {
    return "OSM1\n" + std::string(deviceId) + "\n" + std::string(staffNumber) + "\n" + std::string(method) + "\n" +
           std::string(path) + "\n" + std::to_string(timestamp) + "\n" + std::string(nonce) + "\n" + crypto::contentHash(body);
}

SignedHeaders signRequest(const crypto::SigningKeyPair& device, std::string_view deviceId, std::string_view method,
                          std::string_view path, std::string_view body, std::int64_t now,
                          const crypto::SigningKeyPair* person, std::string_view staffNumber) {
    SignedHeaders h;
    h.device = std::string(deviceId);
    h.timestamp = std::to_string(now);
    h.nonce = crypto::toBase64(crypto::randomBytes(18));
    const std::string text = canonicalRequest(deviceId, person != nullptr ? staffNumber : std::string_view(), method, path, now,
                                              h.nonce, body);
    h.signature = crypto::toBase64(crypto::sign(device, crypto::asBytes(text)));
    if (person != nullptr) {
        h.person = std::string(staffNumber);
        h.personSignature = crypto::toBase64(crypto::sign(*person, crypto::asBytes(text)));
    }
    return h;
}

std::string recordSigningText(std::string_view id, std::string_view owner, std::string_view kind, std::string_view formId,
                              int year, std::uint64_t version, std::string_view state, std::string_view contentHash) {
    return "OSM-RECORD2\n" + std::string(id) + "\n" + std::string(owner) + "\n" + std::string(kind) + "\n" +
           std::string(formId) + "\n" + std::to_string(year) + "\n" + std::to_string(version) + "\n" + std::string(state) +
           "\n" + std::string(contentHash);
}

const char* kindName(RecordKindWire kind) {
    switch (kind) {
    case RecordKindWire::Development: return "development";
    case RecordKindWire::Group: return "group";
    case RecordKindWire::Agreement: return "agreement";
    case RecordKindWire::Confirmation: return "confirmation";
    case RecordKindWire::UnitSummary: return "unit_summary";
    }
    return "development";
}

std::optional<RecordKindWire> kindFromName(std::string_view name) {
    for (RecordKindWire kind : {RecordKindWire::Development, RecordKindWire::Group, RecordKindWire::Agreement,
                                RecordKindWire::Confirmation, RecordKindWire::UnitSummary}) {
        if (name == kindName(kind)) return kind;
    }
    return std::nullopt;
}
const char* stateName(RecordStateWire state) { return state == RecordStateWire::Submitted ? "submitted" : "draft"; }

bool isServerInstanceId(std::string_view text) {
    return text.size() == 32 && std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string signingTextOf(const RecordEnvelope& r) {
    return recordSigningText(r.id, r.owner, kindName(r.kind), r.formId, r.year, r.version, stateName(r.state), r.contentHash);
}

const char* refusalCode(Refusal refusal) {
    switch (refusal) {
    case Refusal::BadRequest: return "bad_request";
    case Refusal::UnknownDevice: return "unknown_device";
    case Refusal::RevokedDevice: return "revoked_device";
    case Refusal::BadSignature: return "bad_signature";
    case Refusal::StaleTimestamp: return "stale_timestamp";
    case Refusal::Replayed: return "replayed";
    case Refusal::Forbidden: return "forbidden";
    case Refusal::InvalidCode: return "invalid_code";
    case Refusal::ExpiredCode: return "expired_code";
    case Refusal::NotFound: return "not_found";
    case Refusal::TooLarge: return "too_large";
    case Refusal::RateLimited: return "rate_limited";
    case Refusal::Unsupported: return "unsupported";
    case Refusal::Internal: return "internal";
    }
    return "internal";
}

int refusalStatus(Refusal refusal) {
    switch (refusal) {
    case Refusal::BadRequest: return 400;
    case Refusal::UnknownDevice:
    case Refusal::RevokedDevice:
    case Refusal::BadSignature:
    case Refusal::StaleTimestamp:
    case Refusal::Replayed: return 401;
    case Refusal::Forbidden:
    case Refusal::InvalidCode: return 403;
    case Refusal::ExpiredCode: return 410;
    case Refusal::NotFound: return 404;
    case Refusal::TooLarge: return 413;
    case Refusal::RateLimited: return 429;
    case Refusal::Unsupported: return 400;
    case Refusal::Internal: return 500;
    }
    return 500;
}

std::string errorBody(Refusal refusal, std::string_view message) {
    return json{{"error", {{"code", refusalCode(refusal)}, {"message", message}}}}.dump();
}

json toJson(const RecordEnvelope& r) {
    json out{{"id", r.id},
                {"kind", kindName(r.kind)},
                {"owner", r.owner},
                {"form", r.formId},
                {"year", r.year},
                {"version", r.version},
                {"base_version", r.baseVersion},
                {"state", r.state == RecordStateWire::Submitted ? "submitted" : "draft"},
                {"content_hash", r.contentHash},
                {"payload", crypto::toBase64(r.payload)},
                {"author_signature", crypto::toBase64(r.authorSignature)}};
    if (!r.baseInstance.empty()) out["base_instance"] = r.baseInstance;
    return out;
}

namespace {

crypto::Bytes readBase64(const JsonReader& r) {
    if (!r.node().is_string()) r.fail("must be a base64url string");
    auto bytes = crypto::fromBase64(r.node().get_ref<const std::string&>());  // no copy of a payload's text
    if (!bytes) r.fail("is not valid base64url (unpadded)");
    return std::move(*bytes);
}

std::uint64_t readVersion(const JsonReader& r) {
    return static_cast<std::uint64_t>(r.integer(0, std::int64_t{1} << 52));
}

template <typename T, typename Read>
Result<T> guarded(Read read) {
    try {
        return read();
    } catch (const JsonReadError& error) {
        return makeError(ErrorCode::InvalidInput, error.what());
    } catch (const json::exception& error) {
        return makeError(ErrorCode::InvalidInput, error.what());
    }
}

}  // namespace

Result<RecordEnvelope> envelopeFromJson(const json& doc, std::string_view where) {
    return guarded<RecordEnvelope>([&] {
        JsonReader r(doc, "request", std::string(where));
        RecordEnvelope e;
        e.id = r.field("id").string();
        if (e.id.size() > 64) r.field("id").fail("is longer than 64 characters");
        const auto kind = kindFromName(r.field("kind").string());
        if (!kind) r.field("kind").fail("must be one of development, group, agreement, confirmation, unit_summary");
        e.kind = *kind;
        e.owner = r.field("owner").string();
        e.formId = r.field("form").string();
        e.year = static_cast<int>(r.field("year").integer(2000, 2200));
        e.version = readVersion(r.field("version"));
        if (e.version == 0) r.field("version").fail("must be at least 1");
        e.baseVersion = readVersion(r.field("base_version"));
        const std::string state = r.field("state").string();
        if (state != "draft" && state != "submitted") r.field("state").fail("must be \"draft\" or \"submitted\"");
        e.state = state == "submitted" ? RecordStateWire::Submitted : RecordStateWire::Draft;
        e.contentHash = r.field("content_hash").string();
        if (e.contentHash.size() != 64) r.field("content_hash").fail("must be 64 hex digits");
        e.payload = readBase64(r.field("payload"));
        if (e.payload.size() > kMaxPayloadBytes) r.field("payload").fail("is larger than 256 KiB");
        e.authorSignature = readBase64(r.field("author_signature"));
        e.baseInstance = r.optionalString("base_instance");
        if (!e.baseInstance.empty() && !isServerInstanceId(e.baseInstance)) {
            r.field("base_instance").fail("must be 32 lowercase hex digits");
        }
        return e;
    });
}

json toJson(const PushResult& p) {
    json out{{"id", p.id}, {"version", p.version}, {"status", p.status}, {"server_version", p.serverVersion}};
    if (!p.code.empty()) out["code"] = p.code;
    if (!p.message.empty()) out["message"] = p.message;
    return out;
}

Result<PushResult> pushResultFromJson(const json& doc) {
    return guarded<PushResult>([&] {
        JsonReader r(doc, "answer");
        PushResult p;
        p.id = r.field("id").string();
        p.version = readVersion(r.field("version"));
        p.status = r.field("status").string();
        p.serverVersion = readVersion(r.field("server_version"));
        p.code = r.optionalString("code");
        p.message = r.optionalString("message");
        return p;
    });
}

json toJson(const RosterEntry& e) {
    json roles = json::array();
    for (domain::Role role : e.person.roles) roles.push_back(domain::roleName(role));
    auto credential = [](const Credential& c) {
        return c.empty() ? json(nullptr) : json{{"kdf", c.kdfParams}, {"salt", c.saltHex}, {"verifier", c.verifierHex}};
    };
    return json{{"staff_number", e.person.staffNumber}, {"name", e.person.name},       {"title", e.person.title},
                {"unit", e.person.unitId},              {"service_area", e.person.serviceAreaId},
                {"sector", e.person.sector},            {"roles", roles},              {"manager", e.person.managerStaffNumber},
                {"pin", credential(e.pin)},             {"setup_code", credential(e.setupCode)},
                {"person_key", e.personKeyHex},         {"setup_key", e.setupKeyHex}};
}

Result<RosterEntry> rosterEntryFromJson(const json& doc, std::string_view where) {
    return guarded<RosterEntry>([&] {
        JsonReader r(doc, "roster", std::string(where));
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
            Credential c;
            if (!r.has(key)) return c;
            const JsonReader cr = r.field(key);
            c = {cr.field("kdf").string(), cr.field("salt").string(), cr.field("verifier").string()};
            return c;
        };
        e.pin = credential("pin");
        e.setupCode = credential("setup_code");
        e.personKeyHex = r.optionalString("person_key");
        e.setupKeyHex = r.optionalString("setup_key");
        return e;
    });
}

}  // namespace osm::sync

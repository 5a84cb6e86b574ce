// The push messages as JSON. The field checks of a record are the server's first line of
// defence: every refusal names the field, and nothing is kept from a record that does not read.
#include "sync/messages_push.h"

#include "sync/push_reader.h"
#include "sync/wire_reading.h"

namespace osm::sync {

using nlohmann::json;

namespace {

// A record's fields but its two base64 ones.
json headOf(const RecordEnvelope& r) {
    json out{{"id", r.id},
             {"kind", kindName(r.kind)},
             {"owner", r.owner},
             {"form", r.formId},
             {"year", r.year},
             {"version", r.version},
             {"base_version", r.baseVersion},
             {"state", stateName(r.state)},
             {"content_hash", r.contentHash}};
    if (!r.baseInstance.empty()) out["base_instance"] = r.baseInstance;
    return out;
}

// The record as JSON text, appended: the sealed payload is most of a push's bytes and base64url
// needs no escaping, so it is written straight in rather than through the JSON writer's
// character-by-character escaping.
void appendRecord(std::string& out, const RecordEnvelope& r) {
    std::string head = headOf(r).dump();
    head.pop_back();  // the closing brace
    out += head;
    out += R"(,"author_signature":")";
    out += crypto::toBase64Public(r.authorSignature);
    out += R"(","payload":")";
    out += crypto::toBase64Public(r.payload);
    out += "\"}";
}

}  // namespace

json toJson(const RecordEnvelope& r) {
    json out = headOf(r);
    out["payload"] = crypto::toBase64Public(r.payload);
    out["author_signature"] = crypto::toBase64Public(r.authorSignature);
    return out;
}

RecordEnvelope wire::readEnvelope(const JsonReader& r, DecodedBase64* decoded) {
    RecordEnvelope e;
    e.id = r.field("id").string();
    if (e.id.size() > 64) r.field("id").fail("is longer than 64 characters");
    const auto kind = kindFromName(r.field("kind").string());
    if (!kind) r.field("kind").fail("must be one of development, group, agreement, confirmation, unit_summary");
    e.kind = *kind;
    e.owner = r.field("owner").string();
    e.formId = r.field("form").string();
    e.year = static_cast<int>(r.field("year").integer(2000, 2200));
    e.version = wire::readVersion(r.field("version"));
    if (e.version == 0) r.field("version").fail("must be at least 1");
    e.baseVersion = wire::readVersion(r.field("base_version"));
    const std::string state = r.field("state").string();
    if (state != "draft" && state != "submitted") r.field("state").fail("must be \"draft\" or \"submitted\"");
    e.state = state == "submitted" ? RecordStateWire::Submitted : RecordStateWire::Draft;
    e.contentHash = r.field("content_hash").string();
    if (e.contentHash.size() != 64) r.field("content_hash").fail("must be 64 hex digits");
    e.payload = decoded && decoded->payload ? std::move(*decoded->payload) : wire::readBase64(r.field("payload"));
    if (e.payload.size() > kMaxPayloadBytes) r.field("payload").fail("is larger than 256 KiB");
    e.authorSignature =
        decoded && decoded->signature ? std::move(*decoded->signature) : wire::readBase64(r.field("author_signature"));
    e.baseInstance = r.optionalString("base_instance");
    if (!e.baseInstance.empty() && !isServerInstanceId(e.baseInstance)) {
        r.field("base_instance").fail("must be 32 lowercase hex digits");
    }
    return e;
}

namespace {

PushResult readPushResult(const JsonReader& r) {
    PushResult p;
    p.id = r.field("id").string();
    p.version = wire::readVersion(r.field("version"));
    p.status = r.field("status").string();
    p.serverVersion = wire::readVersion(r.field("server_version"));
    p.code = r.optionalString("code");
    p.message = r.optionalString("message");
    return p;
}

}  // namespace

// The id and version a malformed record named, for its refusal.
PushedRecord wire::malformedRecord(const json& item, std::string problem) {
    PushedRecord out;
    out.problem = std::move(problem);
    if (item.is_object() && item.contains("id") && item["id"].is_string()) out.id = item["id"].get<std::string>();
    if (item.is_object() && item.contains("version") && item["version"].is_number_unsigned()) {
        out.version = item["version"].get<std::uint64_t>();
    }
    return out;
}

Result<RecordEnvelope> envelopeFromJson(const json& doc, std::string_view where) {
    return wire::guarded<RecordEnvelope>(
        [&] { return wire::readEnvelope(JsonReader(doc, "request", std::string(where))); });
}

json toJson(const PushResult& p) {
    json out{{"id", p.id}, {"version", p.version}, {"status", p.status}, {"server_version", p.serverVersion}};
    if (!p.code.empty()) out["code"] = p.code;
    if (!p.message.empty()) out["message"] = p.message;
    return out;
}

Result<PushResult> pushResultFromJson(const json& doc) {
    return wire::guarded<PushResult>([&] { return readPushResult(JsonReader(doc, "answer")); });
}

std::string encode(const PushRequest& request) {
    std::size_t size = 16;
    for (const RecordEnvelope& e : request.records) size += 400 + (e.payload.size() + e.authorSignature.size()) * 4 / 3;
    std::string out;
    out.reserve(size);
    out += R"({"records":[)";
    for (std::size_t i = 0; i < request.records.size(); ++i) {
        if (i > 0) out += ',';
        appendRecord(out, request.records[i]);
    }
    out += "]}";
    return out;
}

Result<PushRequest> decodePushRequest(std::string_view body) {
    return wire::decodeBody<PushRequest>(body, "request", [&](const JsonReader& r) {
        PushRequest request;
        wire::eachItem(r, "records",
                       [&](const JsonReader& item) { request.records.push_back(wire::readEnvelope(item)); });
        return request;
    });
}

Result<std::vector<PushedRecord>> decodePushBatch(std::string_view body) {
    if (auto direct = readPushBatchDirect(body)) return std::move(*direct);
    return decodePushBatchAsTree(body);
}

Result<std::vector<PushedRecord>> decodePushBatchAsTree(std::string_view body) {
    return wire::decodeBody<std::vector<PushedRecord>>(body, "request", [&](const JsonReader& r) {
        std::vector<PushedRecord> batch;
        wire::eachItem(r, "records", [&](const JsonReader& item) {
            auto read = wire::guarded<RecordEnvelope>([&] { return wire::readEnvelope(item); });
            if (read) {
                batch.push_back(PushedRecord{std::move(*read), {}, {}, 0});
            } else {
                batch.push_back(wire::malformedRecord(item.node(), read.error().message));
            }
        });
        return batch;
    });
}

std::string encode(const PushAnswer& answer) {
    json results = json::array();
    for (const PushResult& result : answer.results) results.push_back(toJson(result));
    return json{{"results", std::move(results)}, {kServerInstanceField, answer.serverInstance}}.dump();
}

Result<PushAnswer> decodePushAnswer(std::string_view body) {
    return wire::decodeBody<PushAnswer>(body, "answer", [&](const JsonReader& r) {
        const json& doc = r.node();
        PushAnswer answer;
        wire::eachItem(r, "results", [&](const JsonReader& item) {
            if (auto result = wire::guarded<PushResult>([&] { return readPushResult(item); })) {
                answer.results.push_back(std::move(*result));
            }
        });
        answer.serverInstance = wire::serverInstanceOf(doc);
        return answer;
    });
}

}  // namespace osm::sync

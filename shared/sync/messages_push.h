// The push messages of protocol v1 (docs/protocol.md, "POST /api/v1/push"): records as JSON,
// the batch a kiosk sends and the results the server answers. Used by the server and the kiosk.
#pragma once

#include "core/json_reader.h"
#include "sync/protocol.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osm::sync {

// One record as JSON: "base_instance" only when known; payload and signature in base64url.
nlohmann::json toJson(const RecordEnvelope& record);
// Reads a record; errors name "request: <where>.<field>" (e.g. "records[0].kind: missing").
Result<RecordEnvelope> envelopeFromJson(const nlohmann::json& json, std::string_view where);

namespace wire {
// A record's payload and author signature already decoded by the caller (the direct push
// reader, which leaves an empty string in their place in the record's JSON).
struct DecodedBase64 {
    std::optional<crypto::Bytes> payload;
    std::optional<crypto::Bytes> signature;
};
// Reads a record where it stands in a message; throws JsonReadError naming the field. A field
// in `decoded` is taken from there, and checked as if read.
RecordEnvelope readEnvelope(const JsonReader& r, DecodedBase64* decoded = nullptr);
}  // namespace wire

// The answer for one pushed record. "code" and "message" are on the wire only when not empty.
struct PushResult {
    std::string id;
    std::uint64_t version = 0;
    std::string status;  // "stored", "unchanged", "conflict", "refused"
    std::string code;    // with "refused": a refusal code
    std::string message;
    std::uint64_t serverVersion = 0;
    bool operator==(const PushResult&) const = default;
};

nlohmann::json toJson(const PushResult& result);
Result<PushResult> pushResultFromJson(const nlohmann::json& json);

// {"records": [...]}
struct PushRequest {
    std::vector<RecordEnvelope> records;
    bool operator==(const PushRequest&) const = default;
};

// One record of a pushed batch as the server reads it: the envelope, or, for a malformed one,
// the reason and the id and version it named (an "id" string, a non-negative whole "version"),
// so that it can be refused on its own while the rest of the batch goes on.
struct PushedRecord {
    std::optional<RecordEnvelope> envelope;
    std::string problem;  // without an envelope: what is wrong, naming the field
    std::string id;
    std::uint64_t version = 0;
};

std::string encode(const PushRequest& request);
// The whole batch, strictly: any malformed record fails it (used where all must be whole).
Result<PushRequest> decodePushRequest(std::string_view body);
// The batch as the server takes it: fails only when the body is not {"records": [...]}.
// The batch limit (kMaxRecordsPerPush) is the caller's to check. Read without a JSON tree
// (sync/push_reader.h) when the body has the plain shape a kiosk sends, through one otherwise;
// the two give the same batch or the same error for every body.
Result<std::vector<PushedRecord>> decodePushBatch(std::string_view body);
// The same through a JSON tree only: the reference the direct reader is tested against.
Result<std::vector<PushedRecord>> decodePushBatchAsTree(std::string_view body);

namespace wire {
// A malformed record of a batch: the problem, and the id and version it named, if any.
PushedRecord malformedRecord(const nlohmann::json& item, std::string problem);
}  // namespace wire

// {"results": [...], "server_instance": "..."}
struct PushAnswer {
    std::vector<PushResult> results;
    std::string serverInstance;
    bool operator==(const PushAnswer&) const = default;
};

std::string encode(const PushAnswer& answer);
// Needs a "results" array. A result that does not read is left out (its record stays queued);
// a missing or malformed server instance reads as "" (a server older than instances).
Result<PushAnswer> decodePushAnswer(std::string_view body);

}  // namespace osm::sync

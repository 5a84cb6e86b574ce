// The sync protocol, version 1 (docs/protocol.md is its reference page): how requests are
// signed, the record envelope and the error codes; the messages as JSON are in sync/messages.h.
// No HTTP code here: both the server and the kiosk's client build on it.
#pragma once

#include "core/result.h"
#include "crypto/encoding.h"
#include "crypto/kdf.h"
#include "crypto/signing.h"
#include "sync/roster.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osm::sync {

constexpr int kProtocolVersion = 1;
constexpr const char* kApiPrefix = "/api/v1";
constexpr std::int64_t kTimestampWindowSeconds = 300;
constexpr std::size_t kMaxBodyBytes = 4 * 1024 * 1024;
constexpr std::size_t kMaxRecordsPerPush = 200;
constexpr std::size_t kMaxPayloadBytes = 256 * 1024;
constexpr int kMaxPullLimit = 500;
constexpr std::size_t kMaxPinsPerPush = 100;
// The largest body each endpoint takes, refused (413) from its Content-Length before a byte of
// it is read: an enrolment or a pull is a few hundred bytes, so nobody unauthenticated can make
// the server hold megabytes. 0 for a path that is not an endpoint of the protocol.
constexpr std::size_t kMaxSmallBodyBytes = 4 * 1024;   // enrol, pull, catalog
constexpr std::size_t kMaxPinsBodyBytes = 128 * 1024;  // 100 PINs of ~600 bytes
std::size_t maxBodyBytesFor(std::string_view path);
// The weakest Argon2id parameters a PIN's or one-time code's verifier may carry (2 passes,
// 64 MiB: libsodium's "interactive" level), and the strongest a terminal is asked to run (10
// passes, 1 GiB). The server refuses a PIN outside them, a kiosk a roster entry's verifier.
crypto::KdfParams pinKdfFloor();
// Why `kdfText` is not acceptable for a PIN under `floor`; nullopt when it is.
std::optional<std::string> pinKdfProblem(std::string_view kdfText, const crypto::KdfParams& floor);
// Every push, pins and pull answer names the server instance ("server_instance"): 32 lowercase
// hex digits, new whenever a server's data is restored from a backup.
constexpr const char* kServerInstanceField = "server_instance";
bool isServerInstanceId(std::string_view text);

namespace header {
constexpr const char* kDevice = "X-Osm-Device";
constexpr const char* kTimestamp = "X-Osm-Timestamp";
constexpr const char* kNonce = "X-Osm-Nonce";
constexpr const char* kSignature = "X-Osm-Signature";
constexpr const char* kPerson = "X-Osm-Person";
constexpr const char* kPersonSignature = "X-Osm-Person-Signature";
}  // namespace header

// The exact bytes a device (and a person) signs:
// "OSM1\n<device id>\n<staff number or empty>\n<METHOD>\n<path>\n<timestamp>\n<nonce>\n<BLAKE2b-256 hex of the body>".
// Naming the device and the person means a captured person signature is worth nothing on
// another device or for another person.
std::string canonicalRequest(std::string_view deviceId, std::string_view staffNumber, std::string_view method,
                             std::string_view path, std::int64_t timestamp, std::string_view nonce,
                             std::string_view body);

struct SignedHeaders {
    std::string device;
    std::string timestamp;
    std::string nonce;
    std::string signature;        // base64url, Ed25519 by the device key
    std::string person;           // optional: the logged-in person's staff number
    std::string personSignature;  // optional: the same text signed by the person's key
};

SignedHeaders signRequest(const crypto::SigningKeyPair& device, std::string_view deviceId, std::string_view method,
                          std::string_view path, std::string_view body, std::int64_t now,
                          const crypto::SigningKeyPair* person = nullptr, std::string_view staffNumber = {});

// What the author signs for each record they push: every field of the envelope but the
// signature, "OSM-RECORD2\n<id>\n<owner>\n<kind>\n<form>\n<year>\n<version>\n<state>\n<hash>", so a
// queued record cannot be relabelled (a submission passed off as a draft, another form or year).
std::string recordSigningText(std::string_view id, std::string_view owner, std::string_view kind,
                              std::string_view formId, int year, std::uint64_t version, std::string_view state,
                              std::string_view contentHash);

// Error codes of refusals, each with its HTTP status.
enum class Refusal {
    BadRequest,      // 400 malformed JSON, missing field, wrong type
    UnknownDevice,   // 401
    RevokedDevice,   // 401
    BadSignature,    // 401 device or person signature does not verify
    StaleTimestamp,  // 401 outside ±300 s of the server's clock
    Replayed,        // 401 this nonce was seen before
    Forbidden,       // 403 outside the device's unit or the person's rights
    InvalidCode,     // 403 unknown or used enrolment code
    ExpiredCode,     // 410
    NotFound,        // 404
    TooLarge,        // 413
    RateLimited,     // 429
    Unsupported,     // 400 a request shape we never accept (chunked body, bad headers)
    MediaType,       // 415 a body that is not declared application/json
    Internal,        // 500
};
const char* refusalCode(Refusal refusal);
int refusalStatus(Refusal refusal);
// The body of a refusal, {"error": {"code", "message"}} (sync::ErrorAnswer).
std::string errorBody(Refusal refusal, std::string_view message);

// Kinds of record. `agreement`: a manager's part of a report's development discussion (notes,
// the manager's view of the competences, the agreed goals), id "agreement:<year>:<employee>";
// `confirmation`: the employee's confirmation of one version of it, id
// "confirmation:<year>:<employee>:<agreement version>"; `unit_summary`: a principal's or daycare
// director's summary of the unit's group discussions, id "unit_summary:<year>:<unit>".
enum class RecordKindWire { Development, Group, Agreement, Confirmation, UnitSummary };
enum class RecordStateWire { Draft, Submitted };

// One record in a push or a pull. `payload` is opaque to everyone but its readers: for a draft
// it is the author's sealed blob; for a submitted record pushed by a kiosk it is a box sealed to
// the server; in a pull of someone else's submitted record it is the plaintext JSON.
struct RecordEnvelope {
    std::string id;
    RecordKindWire kind = RecordKindWire::Development;
    std::string owner;
    std::string formId;
    int year = 0;
    std::uint64_t version = 0;
    std::uint64_t baseVersion = 0;  // the server version this one was based on (0: new)
    RecordStateWire state = RecordStateWire::Draft;
    std::string contentHash;  // BLAKE2b-256 hex of the plaintext content
    crypto::Bytes payload;
    crypto::Bytes authorSignature;  // Ed25519 by the owner over recordSigningText()
    // The server instance that acknowledged base_version ("" for a new record or a client that
    // has not learnt it). A server restored from a backup is a new instance: a base acknowledged
    // by another instance may be newer than anything the restored server holds (docs/protocol.md).
    std::string baseInstance;
    bool operator==(const RecordEnvelope&) const = default;
};

std::string signingTextOf(const RecordEnvelope& record);  // recordSigningText() of its fields
const char* kindName(RecordKindWire kind);
std::optional<RecordKindWire> kindFromName(std::string_view name);
const char* stateName(RecordStateWire state);

}  // namespace osm::sync

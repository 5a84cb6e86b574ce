// The device messages of protocol v1 (docs/protocol.md): enrolment, PINs set at a terminal,
// error answers and health. Used by the server and the kiosk.
#pragma once

#include "sync/protocol.h"
#include "sync/roster.h"

#include <string>
#include <string_view>
#include <vector>

namespace osm::sync {

// POST /api/v1/enrol: {"code": "...", "public_key": "<64 hex>"}
struct EnrolRequest {
    std::string code;
    std::string publicKeyHex;
    std::string tpm;  // "tpm" or "none": whether the kiosk guards PINs with a TPM; "" from older kiosks
    bool operator==(const EnrolRequest&) const = default;
};

std::string encode(const EnrolRequest& request);
// Both fields must be strings (checking them is the server's part).
Result<EnrolRequest> decodeEnrolRequest(std::string_view body);

// {"device_id", "unit_id", "unit_name", "server_public_key", "protocol"}
struct EnrolAnswer {
    std::string deviceId;
    std::string unitId;
    std::string unitName;  // "" when the server does not know it
    std::string serverPublicKeyHex;
    int protocol = kProtocolVersion;
    bool operator==(const EnrolAnswer&) const = default;
};

std::string encode(const EnrolAnswer& answer);
// Needs device_id, unit_id and server_public_key as strings; unit_name and protocol may be left out.
Result<EnrolAnswer> decodeEnrolAnswer(std::string_view body);

// One PIN set at the terminal: {"staff_number", "pin": {"kdf", "salt", "verifier"}, "person_key", "proof"}.
struct PinPush {
    std::string staffNumber;
    Credential pin;
    std::string personKeyHex;
    crypto::Bytes proof;  // Ed25519 by the one-time code's key over pinProofText()
    bool operator==(const PinPush&) const = default;
};

// POST /api/v1/pins: {"pins": [...]}
struct PinsRequest {
    std::vector<PinPush> pins;
    bool operator==(const PinsRequest&) const = default;
};

std::string encode(const PinsRequest& request);
// Needs a "pins" array of objects. Within an item a left-out string reads as "" and a proof that
// is not base64url as no proof (the server refuses such a PIN on its own, not the request);
// a field of the wrong type fails the request, naming it. The limit (kMaxPinsPerPush) is the
// caller's to check.
Result<PinsRequest> decodePinsRequest(std::string_view body);

// The answer for one PIN: {"staff_number", "status"}, with "code" and "message" when refused.
struct PinResult {
    std::string staffNumber;
    std::string status;  // "stored", "unchanged", "refused"
    std::string code;
    std::string message;
    bool operator==(const PinResult&) const = default;
};

// {"results": [...], "server_instance": "..."}
struct PinsAnswer {
    std::vector<PinResult> results;
    std::string serverInstance;
    bool operator==(const PinsAnswer&) const = default;
};

std::string encode(const PinsAnswer& answer);
// Needs a "results" array; a result that is not an object is left out; within one a left-out
// string reads as "".
Result<PinsAnswer> decodePinsAnswer(std::string_view body);

// A refusal's body: {"error": {"code": "...", "message": "..."}}.
struct ErrorAnswer {
    std::string code;
    std::string message;
    bool operator==(const ErrorAnswer&) const = default;
};

std::string encode(const ErrorAnswer& answer);
// Needs error.code as a string; a message that is missing or not a string reads as "".
Result<ErrorAnswer> decodeErrorAnswer(std::string_view body);

// GET /api/v1/health: {"status": "ok", "protocol": 1, "intact": true}
struct HealthAnswer {
    std::string status = "ok";
    int protocol = kProtocolVersion;
    bool intact = false;  // the database's integrity check
    bool operator==(const HealthAnswer&) const = default;
};

std::string encode(const HealthAnswer& answer);
Result<HealthAnswer> decodeHealthAnswer(std::string_view body);

}  // namespace osm::sync

// Protocol helpers: signing text, record kinds and the table of refusals.
#include "sync/protocol.h"

#include <algorithm>

namespace osm::sync {

std::string canonicalRequest(std::string_view deviceId, std::string_view staffNumber, std::string_view method,
                             std::string_view path, std::int64_t timestamp, std::string_view nonce,
                             std::string_view body) {
    return "OSM1\n" + std::string(deviceId) + "\n" + std::string(staffNumber) + "\n" + std::string(method) + "\n" +
           std::string(path) + "\n" + std::to_string(timestamp) + "\n" + std::string(nonce) + "\n" +
           crypto::contentHash(body);
}

SignedHeaders signRequest(const crypto::SigningKeyPair& device, std::string_view deviceId, std::string_view method,
                          std::string_view path, std::string_view body, std::int64_t now,
                          const crypto::SigningKeyPair* person, std::string_view staffNumber) {
    SignedHeaders h;
    h.device = std::string(deviceId);
    h.timestamp = std::to_string(now);
    h.nonce = crypto::toBase64(crypto::randomBytes(18));
    const std::string text = canonicalRequest(deviceId, person != nullptr ? staffNumber : std::string_view(), method,
                                              path, now, h.nonce, body);
    h.signature = crypto::toBase64(crypto::sign(device, crypto::asBytes(text)));
    if (person != nullptr) {
        h.person = std::string(staffNumber);
        h.personSignature = crypto::toBase64(crypto::sign(*person, crypto::asBytes(text)));
    }
    return h;
}

std::string recordSigningText(std::string_view id, std::string_view owner, std::string_view kind,
                              std::string_view formId, int year, std::uint64_t version, std::string_view state,
                              std::string_view contentHash) {
    return "OSM-RECORD2\n" + std::string(id) + "\n" + std::string(owner) + "\n" + std::string(kind) + "\n" +
           std::string(formId) + "\n" + std::to_string(year) + "\n" + std::to_string(version) + "\n" +
           std::string(state) + "\n" + std::string(contentHash);
}

std::size_t maxBodyBytesFor(std::string_view path) {
    const std::string_view prefix = kApiPrefix;
    if (path.substr(0, prefix.size()) != prefix) return 0;
    path.remove_prefix(prefix.size());
    if (path == "/push") return kMaxBodyBytes;
    if (path == "/pins") return kMaxPinsBodyBytes;
    if (path == "/enrol" || path == "/pull" || path == "/catalog") return kMaxSmallBodyBytes;
    return 0;
}

crypto::KdfParams pinKdfFloor() { return {2, 64ULL * 1024 * 1024}; }

std::optional<std::string> pinKdfProblem(std::string_view kdfText, const crypto::KdfParams& floor) {
    constexpr std::uint64_t kMaxOps = 10;
    constexpr std::uint64_t kMaxMem = 1024ULL * 1024 * 1024;
    auto params = crypto::KdfParams::parse(kdfText);
    if (!params) return "the PIN's kdf is not of the form argon2id:v=19:ops=N:mem=N";
    if (params->opsLimit < floor.opsLimit || params->memLimitBytes < floor.memLimitBytes) {
        return "the PIN's Argon2id parameters are below the floor (" + floor.toString() + ")";
    }
    if (params->opsLimit > kMaxOps || params->memLimitBytes > kMaxMem) {
        return "the PIN's Argon2id parameters are above what a terminal runs (ops 10, mem 1 GiB)";
    }
    return std::nullopt;
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
    return text.size() == 32 && std::all_of(text.begin(), text.end(),
                                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string signingTextOf(const RecordEnvelope& r) {
    return recordSigningText(r.id, r.owner, kindName(r.kind), r.formId, r.year, r.version, stateName(r.state),
                             r.contentHash);
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
    case Refusal::MediaType: return "unsupported_media_type";
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
    case Refusal::MediaType: return 415;
    case Refusal::Internal: return 500;
    }
    return 500;
}

}  // namespace osm::sync

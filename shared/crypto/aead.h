// XChaCha20-Poly1305 sealing of records. The associated data binds each ciphertext to its
// record id, owner and version, so a blob copied to another record, another owner or put
// back as another version does not open.
#pragma once

#include "core/result.h"
#include "crypto/encoding.h"
#include "crypto/secret_buffer.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace osm::crypto {

struct RecordBinding {
    std::string recordId;
    std::string owner;
    std::uint64_t version = 0;
};

// Blob layout: 1 format byte (0x01) | 24-byte random nonce | ciphertext with 16-byte tag.
constexpr std::size_t kSealOverhead = 1 + 24 + 16;

// The key must be 32 bytes. Fails only on a wrong key size.
Result<Bytes> seal(const SecretBuffer& key, const RecordBinding& binding, std::string_view plaintext);

// Refused (ErrorCode::Refused) when the blob was altered, truncated, sealed under another
// key or bound to another id, owner or version.
Result<std::string> open(const SecretBuffer& key, const RecordBinding& binding, std::span<const std::uint8_t> blob);

// The exact associated-data bytes, exposed for the protocol documentation and tests.
Bytes associatedData(const RecordBinding& binding);

}  // namespace osm::crypto

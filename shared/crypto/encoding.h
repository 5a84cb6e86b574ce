// Byte encodings used in files and protocol messages: hex, base64 (URL-safe, no padding)
// and the BLAKE2b-256 content hash.
#pragma once

#include "core/result.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace osm::crypto {

using Bytes = std::vector<std::uint8_t>;

std::string toHex(std::span<const std::uint8_t> bytes);
Result<Bytes> fromHex(std::string_view hex);

// libsodium's constant-time codec: for secrets (tokens, proofs, keys).
std::string toBase64(std::span<const std::uint8_t> bytes);
Result<Bytes> fromBase64(std::string_view text);
// The same encoding by table, several times faster and not constant-time: only for bytes that are
// public or already ciphertext (a pushed record's sealed payload and its signature). Accepts and
// refuses what fromBase64 does (unpadded, no stray bits in the last character), and also a byte
// above 0x7f anywhere (libsodium 1.0.18 lets one through at the start of a group).
std::string toBase64Public(std::span<const std::uint8_t> bytes);
Result<Bytes> fromBase64Public(std::string_view text);

// BLAKE2b with a 32-byte output, as lowercase hex.
std::string contentHash(std::span<const std::uint8_t> bytes);
std::string contentHash(std::string_view text);

// Fills a buffer with random bytes from the OS.
Bytes randomBytes(std::size_t count);

inline std::span<const std::uint8_t> asBytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace osm::crypto

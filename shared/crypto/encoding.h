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

std::string toBase64(std::span<const std::uint8_t> bytes);
Result<Bytes> fromBase64(std::string_view text);

// BLAKE2b with a 32-byte output, as lowercase hex.
std::string contentHash(std::span<const std::uint8_t> bytes);
std::string contentHash(std::string_view text);

// Fills a buffer with random bytes from the OS.
Bytes randomBytes(std::size_t count);

inline std::span<const std::uint8_t> asBytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace osm::crypto

// Thin wrappers over libsodium's constant-time codecs, returning Results instead of -1.
#include "crypto/encoding.h"

#include "crypto/sodium_init.h"

#include <sodium.h>

namespace osm::crypto {

std::string toHex(std::span<const std::uint8_t> bytes) {
    std::string out(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
    out.pop_back();
    return out;
}

Result<Bytes> fromHex(std::string_view hex) {
    Bytes out(hex.size() / 2 + 1);
    std::size_t written = 0;
    const char* end = nullptr;
    if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &written, &end) != 0 ||
        end != hex.data() + hex.size() || hex.size() % 2 != 0) {
        return makeError(ErrorCode::InvalidInput, "not a valid hex string");
    }
    out.resize(written);
    return out;
}

std::string toBase64(std::span<const std::uint8_t> bytes) {
    constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
    out.resize(out.size() - 1);  // drop the terminating NUL
    return out;
}

Result<Bytes> fromBase64(std::string_view text) {
    Bytes out(text.size() * 3 / 4 + 3);
    std::size_t written = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != text.data() + text.size()) {
        return makeError(ErrorCode::InvalidInput, "not valid base64 (URL-safe, unpadded)");
    }
    out.resize(written);
    return out;
}

std::string contentHash(std::span<const std::uint8_t> bytes) {
    (void)initSodium();
    std::uint8_t digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, bytes.data(), bytes.size(), nullptr, 0);
    return toHex(digest);
}

std::string contentHash(std::string_view text) { return contentHash(asBytes(text)); }

Bytes randomBytes(std::size_t count) {
    (void)initSodium();
    Bytes out(count);
    randombytes_buf(out.data(), out.size());
    return out;
}

}  // namespace osm::crypto

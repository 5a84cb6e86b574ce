// Thin wrappers over libsodium's constant-time codecs, returning Results instead of -1.
#include "crypto/encoding.h"

#include "crypto/sodium_init.h"

#include <sodium.h>

#include <array>

namespace osm::crypto {
namespace {

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::uint8_t kNotBase64 = 0xff;

constexpr std::array<std::uint8_t, 256> base64UrlValues() {
    std::array<std::uint8_t, 256> values{};
    values.fill(kNotBase64);
    for (std::uint8_t i = 0; i < 64; ++i) values[static_cast<unsigned char>(kBase64Url[i])] = i;
    return values;
}
constexpr std::array<std::uint8_t, 256> kBase64UrlValues = base64UrlValues();

}  // namespace

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

std::string toBase64Public(std::span<const std::uint8_t> bytes) {
    std::string out((bytes.size() * 4 + 2) / 3, '\0');
    std::size_t o = 0;
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = std::uint32_t{bytes[i]} << 16 | std::uint32_t{bytes[i + 1]} << 8 | bytes[i + 2];
        out[o++] = kBase64Url[v >> 18];
        out[o++] = kBase64Url[v >> 12 & 63];
        out[o++] = kBase64Url[v >> 6 & 63];
        out[o++] = kBase64Url[v & 63];
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        const std::uint32_t v = std::uint32_t{bytes[i]} << 16 | (rest == 2 ? std::uint32_t{bytes[i + 1]} << 8 : 0);
        out[o++] = kBase64Url[v >> 18];
        out[o++] = kBase64Url[v >> 12 & 63];
        if (rest == 2) out[o++] = kBase64Url[v >> 6 & 63];
    }
    return out;
}

Result<Bytes> fromBase64Public(std::string_view text) {
    const auto invalid = [] { return makeError(ErrorCode::InvalidInput, "not valid base64 (URL-safe, unpadded)"); };
    if (text.size() % 4 == 1) return invalid();
    Bytes out(text.size() / 4 * 3 + (text.size() % 4 == 0 ? 0 : text.size() % 4 - 1));
    std::size_t o = 0;
    std::size_t i = 0;
    const auto value = [&](std::size_t at) { return kBase64UrlValues[static_cast<unsigned char>(text[at])]; };
    for (; i + 4 <= text.size(); i += 4) {
        const std::uint8_t a = value(i), b = value(i + 1), c = value(i + 2), d = value(i + 3);
        if (((a | b | c | d) & 0xc0) != 0) return invalid();  // kNotBase64 has these bits, no value does
        const std::uint32_t v = std::uint32_t{a} << 18 | std::uint32_t{b} << 12 | std::uint32_t{c} << 6 | d;
        out[o++] = static_cast<std::uint8_t>(v >> 16);
        out[o++] = static_cast<std::uint8_t>(v >> 8);
        out[o++] = static_cast<std::uint8_t>(v);
    }
    if (const std::size_t rest = text.size() - i; rest > 0) {
        const std::uint8_t a = value(i), b = value(i + 1), c = rest == 3 ? value(i + 2) : 0;
        if (((a | b | c) & 0xc0) != 0) return invalid();
        // The bits past the last whole byte must be zero, as libsodium requires.
        if (rest == 2 ? (b & 0x0f) != 0 : (c & 0x03) != 0) return invalid();
        const std::uint32_t v = std::uint32_t{a} << 18 | std::uint32_t{b} << 12 | std::uint32_t{c} << 6;
        out[o++] = static_cast<std::uint8_t>(v >> 16);
        if (rest == 3) out[o++] = static_cast<std::uint8_t>(v >> 8);
    }
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
    if (count > 0) randombytes_buf(out.data(), out.size());  // an empty vector's data() may be null
    return out;
}

}  // namespace osm::crypto

// The associated data is length-prefixed so that ("ab","c") and ("a","bc") never collide.
#include "crypto/aead.h"

#include "crypto/sodium_init.h"

#include <sodium.h>

namespace osm::crypto {
namespace {

constexpr std::uint8_t kFormat = 0x01;
constexpr std::string_view kDomain = "osaamissilta/record/v1";

void appendU64(Bytes& out, std::uint64_t value) {
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(value >> shift));
}

void appendField(Bytes& out, std::string_view field) {
    appendU64(out, field.size());
    out.insert(out.end(), field.begin(), field.end());
}

}  // namespace

Bytes associatedData(const RecordBinding& binding) {
    Bytes ad;
    appendField(ad, kDomain);
    appendField(ad, binding.recordId);
    appendField(ad, binding.owner);
    appendU64(ad, binding.version);
    return ad;
}

Result<Bytes> seal(const SecretBuffer& key, const RecordBinding& binding, std::string_view plaintext) {
    if (auto init = initSodium(); !init) return init.error();
    if (key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) {
        return makeError(ErrorCode::Internal, "record key must be 32 bytes");
    }
    const Bytes ad = associatedData(binding);
    Bytes blob(1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() +
               crypto_aead_xchacha20poly1305_ietf_ABYTES);
    blob[0] = kFormat;
    std::uint8_t* nonce = blob.data() + 1;
    randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &written,
                                               reinterpret_cast<const std::uint8_t*>(plaintext.data()),
                                               plaintext.size(), ad.data(), ad.size(), nullptr, nonce, key.data());
    blob.resize(1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + written);
    return blob;
}

Result<std::string> open(const SecretBuffer& key, const RecordBinding& binding, std::span<const std::uint8_t> blob) {
    if (auto init = initSodium(); !init) return init.error();
    if (key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) {
        return makeError(ErrorCode::Internal, "record key must be 32 bytes");
    }
    if (blob.size() < kSealOverhead || blob[0] != kFormat) {
        return makeError(ErrorCode::Refused, "sealed record is truncated or of an unknown format");
    }
    const Bytes ad = associatedData(binding);
    const std::uint8_t* nonce = blob.data() + 1;
    const std::uint8_t* cipher = nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    const std::size_t cipherLength = blob.size() - 1 - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    std::string plaintext(cipherLength - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<std::uint8_t*>(plaintext.data()), &written, nullptr,
                                                   cipher, cipherLength, ad.data(), ad.size(), nonce,
                                                   key.data()) != 0) {
        return makeError(ErrorCode::Refused,
                         "sealed record failed authentication (altered, or not this record, owner or version)");
    }
    plaintext.resize(written);
    return plaintext;
}

}  // namespace osm::crypto

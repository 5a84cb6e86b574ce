// Detached Ed25519 signatures via libsodium's crypto_sign_* API.
#include "crypto/signing.h"

#include "crypto/sodium_init.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <thread>

namespace osm::crypto {

SigningKeyPair generateSigningKeyPair() {
    (void)initSodium();
    SigningKeyPair pair;
    pair.secretKey = SecretBuffer(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(pair.publicKey.data(), pair.secretKey.data());
    return pair;
}

Result<SigningKeyPair> signingKeyPairFromSeed(std::span<const std::uint8_t> seed) {
    if (auto init = initSodium(); !init) return init.error();
    if (seed.size() != crypto_sign_SEEDBYTES) {
        return makeError(ErrorCode::InvalidInput, "an Ed25519 seed is 32 bytes");
    }
    SigningKeyPair pair;
    pair.secretKey = SecretBuffer(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(pair.publicKey.data(), pair.secretKey.data(), seed.data());
    return pair;
}

SecretBuffer seedOf(const SigningKeyPair& pair) {
    SecretBuffer seed(crypto_sign_SEEDBYTES);
    crypto_sign_ed25519_sk_to_seed(seed.data(), pair.secretKey.data());
    return seed;
}

Signature sign(const SigningKeyPair& pair, std::span<const std::uint8_t> message) {
    Signature signature{};
    crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), pair.secretKey.data());
    return signature;
}

bool verify(const PublicKey& publicKey, std::span<const std::uint8_t> message, const Signature& signature) {
    if (!initSodium()) return false;
    return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), publicKey.data()) == 0;
}

std::vector<std::uint8_t> verifyAll(const std::vector<SignatureCheck>& checks, unsigned threads) {
    std::vector<std::uint8_t> verdicts(checks.size(), 0);
    // Each thread takes every `step`-th check, so a batch's costs spread evenly.
    const auto run = [&](std::size_t first, std::size_t step) {
        for (std::size_t i = first; i < checks.size(); i += step) {
            const SignatureCheck& c = checks[i];
            verdicts[i] = verify(c.publicKey, asBytes(c.message), c.signature) ? 1 : 0;
        }
    };
    const std::size_t step = std::max<std::size_t>(1, std::min<std::size_t>(threads, checks.size()));
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < step; ++t) helpers.emplace_back(run, t, step);
    run(0, step);
    for (std::thread& h : helpers) h.join();
    return verdicts;
}

Result<PublicKey> publicKeyFromBytes(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != crypto_sign_PUBLICKEYBYTES) {
        return makeError(ErrorCode::InvalidInput, "an Ed25519 public key is 32 bytes");
    }
    PublicKey key;
    std::memcpy(key.data(), bytes.data(), key.size());
    return key;
}

Result<Signature> signatureFromBytes(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != crypto_sign_BYTES) {
        return makeError(ErrorCode::InvalidInput, "an Ed25519 signature is 64 bytes");
    }
    Signature signature;
    std::memcpy(signature.data(), bytes.data(), signature.size());
    return signature;
}

}  // namespace osm::crypto

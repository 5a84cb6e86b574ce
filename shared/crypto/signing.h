// Ed25519 device keys: a kiosk signs every sync request; the server signs its answers.
#pragma once

#include "core/result.h"
#include "crypto/encoding.h"
#include "crypto/secret_buffer.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace osm::crypto {

using PublicKey = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, 64>;

struct SigningKeyPair {
    PublicKey publicKey{};
    SecretBuffer secretKey;  // 64 bytes (seed followed by public key), libsodium layout
};

SigningKeyPair generateSigningKeyPair();
// Rebuilds a pair from its 32-byte seed (how a device key is kept at rest).
Result<SigningKeyPair> signingKeyPairFromSeed(std::span<const std::uint8_t> seed);
// The 32-byte seed of a secret key, for storing it.
SecretBuffer seedOf(const SigningKeyPair& pair);

Signature sign(const SigningKeyPair& pair, std::span<const std::uint8_t> message);
bool verify(const PublicKey& publicKey, std::span<const std::uint8_t> message, const Signature& signature);

// One signature to check (verifyAll).
struct SignatureCheck {
    PublicKey publicKey{};
    std::string message;
    Signature signature{};
};
// Checks every signature, split over up to `threads` threads (the caller's one of them): a
// push's batch of authors' signatures is most of its CPU time. Verdicts in the order given.
std::vector<std::uint8_t> verifyAll(const std::vector<SignatureCheck>& checks, unsigned threads);

Result<PublicKey> publicKeyFromBytes(std::span<const std::uint8_t> bytes);
Result<Signature> signatureFromBytes(std::span<const std::uint8_t> bytes);

}  // namespace osm::crypto

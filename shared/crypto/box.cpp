// crypto_box_seal with the Ed25519 → X25519 conversion, so one server key pair serves both
// signing answers and receiving submissions.
#include "crypto/box.h"

#include "crypto/sodium_init.h"

#include <sodium.h>

namespace osm::crypto {

Result<Bytes> sealToServer(const PublicKey& serverSigningKey, std::string_view plaintext) {
    if (auto init = initSodium(); !init) return init.error();
    std::uint8_t x25519[crypto_box_PUBLICKEYBYTES];
    if (crypto_sign_ed25519_pk_to_curve25519(x25519, serverSigningKey.data()) != 0) {
        return makeError(ErrorCode::InvalidInput, "the server's public key is not a valid Ed25519 key");
    }
    Bytes box(plaintext.size() + crypto_box_SEALBYTES);
    crypto_box_seal(box.data(), reinterpret_cast<const std::uint8_t*>(plaintext.data()), plaintext.size(), x25519);
    return box;
}

Result<std::string> openAsServer(const SigningKeyPair& serverKey, std::span<const std::uint8_t> box) {
    if (auto init = initSodium(); !init) return init.error();
    if (box.size() < crypto_box_SEALBYTES) return makeError(ErrorCode::Refused, "sealed box is truncated");
    std::uint8_t pk[crypto_box_PUBLICKEYBYTES];
    SecretBuffer sk(crypto_box_SECRETKEYBYTES);
    if (crypto_sign_ed25519_pk_to_curve25519(pk, serverKey.publicKey.data()) != 0 ||
        crypto_sign_ed25519_sk_to_curve25519(sk.data(), serverKey.secretKey.data()) != 0) {
        return makeError(ErrorCode::Internal, "server key cannot be converted");
    }
    std::string plaintext(box.size() - crypto_box_SEALBYTES, '\0');
    if (crypto_box_seal_open(reinterpret_cast<std::uint8_t*>(plaintext.data()), box.data(), box.size(), pk,
                             sk.data()) != 0) {
        return makeError(ErrorCode::Refused, "sealed box failed authentication");
    }
    return plaintext;
}

}  // namespace osm::crypto

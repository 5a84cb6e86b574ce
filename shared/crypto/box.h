// Anonymous sealed boxes to the server: a kiosk seals a submitted form to the server's public
// key at submit time, so the copy waiting in its outbox is unreadable on the terminal and only
// the server can open it (X25519 keys converted from the server's Ed25519 keys).
#pragma once

#include "core/result.h"
#include "crypto/encoding.h"
#include "crypto/signing.h"

#include <string>
#include <string_view>

namespace osm::crypto {

Result<Bytes> sealToServer(const PublicKey& serverSigningKey, std::string_view plaintext);
// Refused when the box was altered or sealed to another server.
Result<std::string> openAsServer(const SigningKeyPair& serverKey, std::span<const std::uint8_t> box);

}  // namespace osm::crypto

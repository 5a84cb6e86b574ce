// The Argon2id master behind a person's keys (kdf.h's deriveUserKeys in two steps), for a
// terminal that keeps the master sealed by its TPM instead of re-deriving it from the PIN and
// the roster's salt, and a keyed hash to mix two secrets into one key.
#pragma once

#include "crypto/kdf.h"

#include <span>

namespace osm::crypto {

// Argon2id(pin, salt, params): the 32-byte master that deriveUserKeys splits.
Result<SecretBuffer> deriveMasterKey(std::string_view pin, const Salt& salt, const KdfParams& params);
// The keys deriveUserKeys gives for the PIN whose master this is (the same bytes).
Result<UserKeys> userKeysFromMaster(const SecretBuffer& master);

// BLAKE2b-256 of `message` keyed with `key` (16 to 64 bytes).
SecretBuffer keyedHash(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message);

}  // namespace osm::crypto

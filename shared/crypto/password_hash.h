// Password hashes for accounts that sign in with a password (HR's web pages): Argon2id strings
// in the standard encoded form, parameters and salt inside, so they can be raised for new
// hashes without locking out old ones. And the constant-time comparison of secret tokens.
#pragma once

#include "core/result.h"
#include "crypto/kdf.h"

#include <string>
#include <string_view>

namespace osm::crypto {

// The encoded Argon2id hash of `password` under `params` (a fresh random salt each time).
// Fails with Io when the memory for it cannot be had.
Result<std::string> hashPassword(std::string_view password, const KdfParams& params);
// Whether `password` is the one `hash` (from hashPassword) was made of; false for any hash
// that does not parse.
bool passwordMatches(const std::string& hash, std::string_view password);

// Whether two secrets (tokens, not hashes of them) are equal, in time that depends only on
// their length.
bool sameSecret(std::string_view a, std::string_view b);

}  // namespace osm::crypto

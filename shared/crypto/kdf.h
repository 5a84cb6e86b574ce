// Argon2id key derivation from a PIN or password. The parameters are stored with each user
// (never taken from library constants at read time), so they can be raised for new users
// without locking out old ones.
#pragma once

#include "core/result.h"
#include "crypto/encoding.h"
#include "crypto/secret_buffer.h"
#include "crypto/signing.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace osm::crypto {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kKeyBytes = 32;
using Salt = std::array<std::uint8_t, kSaltBytes>;
using Verifier = std::array<std::uint8_t, 32>;

struct KdfParams {
    std::uint64_t opsLimit = 0;
    std::uint64_t memLimitBytes = 0;

    // "argon2id:v=19:ops=3:mem=201326592" – stable text form for rosters and files.
    std::string toString() const;
    static Result<KdfParams> parse(std::string_view text);
    bool operator==(const KdfParams&) const = default;
};

// About half a second on the reference machine (2 cores): 192 MiB, 3 passes.
KdfParams defaultKdfParams();
// libsodium's minimum: for tests that log in many times, never for real users.
KdfParams minimalKdfParams();

Salt randomSalt();
Result<Salt> saltFromHex(std::string_view hex);

// Derives `length` bytes from the secret. Refuses parameters below libsodium's minimum or
// above 4 GiB / 100 passes (a tampered roster must not exhaust the terminal). Runs for as
// long as the parameters say: never call it on the UI thread.
Result<SecretBuffer> deriveKey(std::string_view secret, const Salt& salt, const KdfParams& params,
                               std::size_t length = kKeyBytes);

// What one PIN unlocks: the key for the user's drafts, a verifier the roster keeps to check
// the PIN offline, and the person's Ed25519 key with which they sign what they write (the
// server checks it against the public key in the roster). All come from one Argon2id run
// through independent subkeys, so none reveals another.
struct UserKeys {
    SecretBuffer draftKey;
    Verifier verifier{};
    SigningKeyPair personKey;
};

Result<UserKeys> deriveUserKeys(std::string_view pin, const Salt& salt, const KdfParams& params);

// Constant-time comparison.
bool verifierEquals(const Verifier& a, const Verifier& b);

}  // namespace osm::crypto

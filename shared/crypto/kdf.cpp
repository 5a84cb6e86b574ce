// Argon2id via crypto_pwhash, and the split of its output into independent subkeys.
#include "crypto/kdf.h"

#include "crypto/master_key.h"

#include "crypto/sodium_init.h"

#include <sodium.h>

#include <charconv>
#include <cstring>

namespace osm::crypto {
namespace {

constexpr std::uint64_t kMaxMem = 4ULL * 1024 * 1024 * 1024;
constexpr std::uint64_t kMaxOps = 100;

bool parseField(std::string_view text, std::string_view prefix, std::uint64_t& out) {
    if (text.substr(0, prefix.size()) != prefix) return false;
    text.remove_prefix(prefix.size());
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

std::string KdfParams::toString() const {
    return "argon2id:v=19:ops=" + std::to_string(opsLimit) + ":mem=" + std::to_string(memLimitBytes);
}

Result<KdfParams> KdfParams::parse(std::string_view text) {
    constexpr std::string_view head = "argon2id:v=19:";
    auto bad = [&] {
        return makeError(ErrorCode::InvalidInput,
                         "KDF parameters '" + std::string(text) + "' are not of the form argon2id:v=19:ops=N:mem=N");
    };
    if (text.substr(0, head.size()) != head) return bad();
    std::string_view rest = text.substr(head.size());
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) return bad();
    KdfParams params;
    if (!parseField(rest.substr(0, colon), "ops=", params.opsLimit) ||
        !parseField(rest.substr(colon + 1), "mem=", params.memLimitBytes)) {
        return bad();
    }
    return params;
}

KdfParams defaultKdfParams() { return {3, 192ULL * 1024 * 1024}; }

KdfParams minimalKdfParams() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

Salt randomSalt() {
    (void)initSodium();
    Salt salt;
    randombytes_buf(salt.data(), salt.size());
    return salt;
}

Result<Salt> saltFromHex(std::string_view hex) {
    auto bytes = fromHex(hex);
    if (!bytes || bytes->size() != kSaltBytes) {
        return makeError(ErrorCode::InvalidInput, "a salt must be 16 bytes as 32 hex digits");
    }
    Salt salt;
    std::memcpy(salt.data(), bytes->data(), salt.size());
    return salt;
}

Result<SecretBuffer> deriveKey(std::string_view secret, const Salt& salt, const KdfParams& params, std::size_t length) {
    if (auto init = initSodium(); !init) return init.error();
    if (params.opsLimit < crypto_pwhash_OPSLIMIT_MIN || params.opsLimit > kMaxOps ||
        params.memLimitBytes < crypto_pwhash_MEMLIMIT_MIN || params.memLimitBytes > kMaxMem) {
        return makeError(ErrorCode::InvalidInput, "KDF parameters out of the accepted range: " + params.toString());
    }
    if (length < crypto_pwhash_BYTES_MIN || length > 1024) {
        return makeError(ErrorCode::InvalidInput, "requested key length out of range");
    }
    SecretBuffer key(length);
    if (crypto_pwhash(key.data(), key.size(), secret.data(), secret.size(), salt.data(), params.opsLimit,
                      static_cast<std::size_t>(params.memLimitBytes), crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return makeError(ErrorCode::Io, "Argon2id ran out of memory");
    }
    return key;
}

Result<SecretBuffer> deriveMasterKey(std::string_view pin, const Salt& salt, const KdfParams& params) {
    return deriveKey(pin, salt, params, crypto_kdf_KEYBYTES);
}

Result<UserKeys> userKeysFromMaster(const SecretBuffer& master) {
    if (master.size() != crypto_kdf_KEYBYTES) return makeError(ErrorCode::InvalidInput, "a master key is 32 bytes");
    UserKeys keys;
    keys.draftKey = SecretBuffer(kKeyBytes);
    crypto_kdf_derive_from_key(keys.draftKey.data(), keys.draftKey.size(), 1, "osmdraft", master.data());
    crypto_kdf_derive_from_key(keys.verifier.data(), keys.verifier.size(), 2, "osmverif", master.data());
    SecretBuffer seed(crypto_sign_SEEDBYTES);
    crypto_kdf_derive_from_key(seed.data(), seed.size(), 3, "osmsigns", master.data());
    auto pair = signingKeyPairFromSeed(seed.bytes());
    if (!pair) return pair.error();
    keys.personKey = std::move(*pair);
    return keys;
}

Result<UserKeys> deriveUserKeys(std::string_view pin, const Salt& salt, const KdfParams& params) {
    auto master = deriveMasterKey(pin, salt, params);
    if (!master) return master.error();
    return userKeysFromMaster(*master);
}

SecretBuffer keyedHash(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message) {
    (void)initSodium();
    SecretBuffer out(crypto_generichash_BYTES);
    crypto_generichash(out.data(), out.size(), message.data(), message.size(), key.data(), key.size());
    return out;
}

bool verifierEquals(const Verifier& a, const Verifier& b) { return sodium_memcmp(a.data(), b.data(), a.size()) == 0; }

}  // namespace osm::crypto

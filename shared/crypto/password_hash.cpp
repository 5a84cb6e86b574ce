// Password hashing with libsodium's crypto_pwhash_str (Argon2id, the parameters in the string).
#include "crypto/password_hash.h"

#include "crypto/sodium_init.h"

#include <sodium.h>

namespace osm::crypto {

Result<std::string> hashPassword(std::string_view password, const KdfParams& params) {
    if (auto status = initSodium(); !status) return status.error();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), params.opsLimit, params.memLimitBytes) != 0) {
        return makeError(ErrorCode::Io, "out of memory while hashing the password");
    }
    return std::string(hash);
}

bool passwordMatches(const std::string& hash, std::string_view password) {
    if (!initSodium()) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool sameSecret(std::string_view a, std::string_view b) {
    return a.size() == b.size() && (a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0);
}

}  // namespace osm::crypto

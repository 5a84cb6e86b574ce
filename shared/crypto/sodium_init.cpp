// libsodium's own sodium_init() is thread-safe; we remember its outcome so callers get a Result.
#include "crypto/sodium_init.h"

#include <sodium.h>

namespace osm::crypto {

Status initSodium() {
    static const int outcome = sodium_init();  // 0 first time, 1 if already initialised
    if (outcome < 0) {
        return makeError(ErrorCode::Internal, "libsodium could not be initialised");
    }
    return {};
}

}  // namespace osm::crypto

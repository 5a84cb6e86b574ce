// Initialises libsodium exactly once per process; every crypto entry point calls it.
#pragma once

#include "core/result.h"

namespace osm::crypto {

// Thread-safe and idempotent. Fails only when the system has no usable random source.
Status initSodium();

}  // namespace osm::crypto

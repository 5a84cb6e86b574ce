// The server's keys, kept in files outside the database (mode 0600): the Ed25519 signing key
// (kiosks seal submissions to it) and the 32-byte key that seals submissions at rest.
#pragma once

#include "core/result.h"
#include "crypto/secret_buffer.h"
#include "crypto/signing.h"

#include <filesystem>

namespace osm::server {

struct ServerKeys {
    crypto::SigningKeyPair signing;
    crypto::SecretBuffer storage;
};

// Creates both key files in `dir` (refuses to overwrite existing ones).
Result<ServerKeys> createServerKeys(const std::filesystem::path& dir);
// Loads them; refuses files that others can read or write.
Result<ServerKeys> loadServerKeys(const std::filesystem::path& dir);

}  // namespace osm::server

// The server's keys, kept in files outside the database (mode 0600): the Ed25519 signing key
// (kiosks seal submissions to it) and the 32-byte key that seals submissions at rest.
#pragma once

#include "core/result.h"
#include "crypto/aead.h"
#include "crypto/secret_buffer.h"
#include "crypto/signing.h"
#include "storage/record_storage.h"

#include <filesystem>
#include <optional>

namespace osm::server {

// The key files in the key folder, as backup and restore copy them.
inline constexpr const char* kSigningKeyFile = "server-signing.key";
inline constexpr const char* kStorageKeyFile = "storage.key";
inline constexpr const char* kServerKeyFiles[] = {kSigningKeyFile, kStorageKeyFile};

struct ServerKeys {
    crypto::SigningKeyPair signing;
    crypto::SecretBuffer storage;
};

// Creates both key files in `dir` (refuses to overwrite existing ones).
Result<ServerKeys> createServerKeys(const std::filesystem::path& dir);
// Loads them; refuses files that others can read or write.
Result<ServerKeys> loadServerKeys(const std::filesystem::path& dir);

// Key rotation (key_rotation.h), in two steps a crash cannot break: a new storage key is first
// written beside the current one as storage.key.next (refusing an existing one), and only
// after the data is re-sealed under it renamed over storage.key.
inline constexpr const char* kNextStorageKeyFile = "storage.key.next";
Status writeNextStorageKey(const std::filesystem::path& dir, const crypto::SecretBuffer& key);
// The waiting next key, if a rotation left one.
Result<std::optional<crypto::SecretBuffer>> loadNextStorageKey(const std::filesystem::path& dir);
Status promoteNextStorageKey(const std::filesystem::path& dir);

// The AEAD binding of a payload sealed at rest: its record's id, owner and version.
crypto::RecordBinding bindingOf(const SealedPayload& payload);
// Whether `key` opens the payload (what it opens to is wiped at once).
bool opensWith(const crypto::SecretBuffer& key, const SealedPayload& payload);

}  // namespace osm::server

// Key files hold hex text, one line. Permissions are checked on every load.
#include "ops/server_keys.h"

#include "core/private_file.h"
#include "crypto/encoding.h"

#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace osm::server {
namespace fs = std::filesystem;

namespace {

Status writeSecret(const fs::path& path, const crypto::SecretBuffer& secret) {
    std::string hex = crypto::toHex(secret.bytes()) + "\n";
    Status written = writeNewPrivateFile(path.string(), hex);
    crypto::wipe(hex);
    return written;
}

Result<crypto::SecretBuffer> readSecret(const fs::path& path, std::size_t size) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        return makeError(ErrorCode::NotFound, path.string() + ": no key file (run `init` first)");
    if ((info.st_mode & 077) != 0) {
        return makeError(ErrorCode::Refused, path.string() + ": readable by others; chmod 600 it");
    }
    std::ifstream in(path);
    std::string hex;
    in >> hex;
    auto bytes = crypto::fromHex(hex);
    crypto::wipe(hex);
    if (!bytes || bytes->size() != size)
        return makeError(ErrorCode::InvalidInput, path.string() + ": damaged key file");
    crypto::SecretBuffer secret = crypto::SecretBuffer::copyOf(*bytes);
    std::fill(bytes->begin(), bytes->end(), 0);
    return secret;
}

}  // namespace

Result<ServerKeys> createServerKeys(const fs::path& dir) {
    std::error_code error;
    fs::create_directories(dir, error);
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, error);
    ServerKeys keys{crypto::generateSigningKeyPair(), crypto::SecretBuffer::copyOf(crypto::randomBytes(32))};
    if (auto status = writeSecret(dir / kSigningKeyFile, crypto::seedOf(keys.signing)); !status) return status.error();
    if (auto status = writeSecret(dir / kStorageKeyFile, keys.storage); !status) return status.error();
    return keys;
}

Result<ServerKeys> loadServerKeys(const fs::path& dir) {
    auto seed = readSecret(dir / kSigningKeyFile, 32);
    if (!seed) return seed.error();
    auto storage = readSecret(dir / kStorageKeyFile, 32);
    if (!storage) return storage.error();
    auto signing = crypto::signingKeyPairFromSeed(seed->bytes());
    if (!signing) return signing.error();
    return ServerKeys{std::move(*signing), std::move(*storage)};
}

Status writeNextStorageKey(const fs::path& dir, const crypto::SecretBuffer& key) {
    return writeSecret(dir / kNextStorageKeyFile, key);
}

Result<std::optional<crypto::SecretBuffer>> loadNextStorageKey(const fs::path& dir) {
    std::error_code error;
    if (!fs::exists(dir / kNextStorageKeyFile, error)) return std::optional<crypto::SecretBuffer>();
    auto key = readSecret(dir / kNextStorageKeyFile, 32);
    if (!key) return key.error();
    return std::optional<crypto::SecretBuffer>(std::move(*key));
}

Status promoteNextStorageKey(const fs::path& dir) {
    if (::rename((dir / kNextStorageKeyFile).c_str(), (dir / kStorageKeyFile).c_str()) != 0) {
        return makeError(ErrorCode::Io, (dir / kStorageKeyFile).string() + ": cannot replace with the new key");
    }
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const bool synced = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    if (!synced) return makeError(ErrorCode::Io, dir.string() + ": fsync failed");
    return {};
}

crypto::RecordBinding bindingOf(const SealedPayload& payload) { return {payload.id, payload.owner, payload.version}; }

bool opensWith(const crypto::SecretBuffer& key, const SealedPayload& payload) {
    auto plain = crypto::open(key, bindingOf(payload), payload.payload);
    if (!plain) return false;
    crypto::wipe(*plain);
    return true;
}

}  // namespace osm::server

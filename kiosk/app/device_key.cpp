// Reading, writing and sealing the device key file.
#include "device_key.h"

#include "core/private_file.h"
#include "crypto/encoding.h"

#include <fcntl.h>
#include <fstream>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace osm::kiosk {
namespace {

constexpr std::string_view kSealedHead = "tpm1:";

std::string firstLine(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (in) in >> line;
    return line;
}

// Overwrites the bytes of an existing file before it is replaced, so its old content does not
// stay behind in the blocks the rename frees (on a disk that writes in place).
void zeroOut(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        const std::string zeros(static_cast<std::size_t>(st.st_size), '\0');
        if (::write(fd, zeros.data(), zeros.size()) == static_cast<ssize_t>(zeros.size())) (void)::fsync(fd);
    }
    ::close(fd);
}

}  // namespace

bool deviceKeySealed(const std::filesystem::path& path) { return firstLine(path).starts_with(kSealedHead); }

Status saveDeviceKey(const std::filesystem::path& path, const crypto::SecretBuffer& seed, tpm::TpmDevice* tpm) {
    std::string text;
    if (tpm) {
        auto blob = tpm->seal(seed.bytes(), {}, false);
        if (!blob) return blob.error();
        text = std::string(kSealedHead) + crypto::toHex(*blob) + "\n";
    } else {
        text = crypto::toHex(seed.bytes()) + "\n";
    }
    // Created 0600 (never readable by others, not even briefly), synced, then renamed into place.
    const std::string temporary = path.string() + ".new";
    ::unlink(temporary.c_str());
    const bool written = writeNewPrivateFile(temporary, text).ok();
    crypto::wipe(text);
    if (written) zeroOut(path);
    if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
        ::unlink(temporary.c_str());
        return makeError(ErrorCode::Io, path.string() + ": cannot write the device key");
    }
    return {};
}

Result<crypto::SigningKeyPair> loadDeviceKey(const std::filesystem::path& path, tpm::TpmDevice* tpm) {
    std::string line = firstLine(path);
    if (line.empty())
        return makeError(ErrorCode::NotFound, path.string() + ": no device key (enrol the terminal first)");
    const bool sealed = line.starts_with(kSealedHead);
    if (sealed && !tpm)
        return makeError(ErrorCode::NotFound,
                         path.string() + ": the device key is sealed to a TPM this terminal lacks");
    auto bytes = crypto::fromHex(sealed ? std::string_view(line).substr(kSealedHead.size()) : std::string_view(line));
    crypto::wipe(line);
    if (!bytes) return makeError(ErrorCode::InvalidInput, path.string() + ": device key is damaged");
    if (!sealed) {
        const crypto::SecretBuffer seed = crypto::SecretBuffer::copyOf(*bytes);
        crypto::wipe(*bytes);
        // An older terminal's plain key, on a terminal that has a TPM: sealed from now on.
        if (tpm) (void)saveDeviceKey(path, seed, tpm);
        return crypto::signingKeyPairFromSeed(seed.bytes());
    }
    auto seed = tpm->unseal(*bytes, {});
    if (!seed) {
        if (seed.error().code == ErrorCode::Io) return seed.error();
        return makeError(ErrorCode::InvalidInput,
                         path.string() + ": the device key is not this TPM's (" + seed.error().message + ")");
    }
    return crypto::signingKeyPairFromSeed(seed->bytes());
}

}  // namespace osm::kiosk

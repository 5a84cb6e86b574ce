// TpmDevice: the terminal's TPM 2.0 through Debian's tpm2-tss (ESAPI over a TCTI): seals small
// secrets to it under an authorisation value that the TPM's dictionary-attack protection
// guards, unseals them again, and reports and sets that protection (docs/decisions.md, "PIN
// guesses are counted by the terminal's TPM").
//
// Every command that carries a secret runs in a salted HMAC session with parameter encryption
// both ways, so neither an authorisation value nor an unsealed secret crosses the bus in clear.
// A sealed blob opens only on the TPM that made it (its private half is encrypted under a key
// derived from that TPM's owner seed).
//
// Thread safety: calls are serialised inside (the kiosk's worker and its sync thread share one
// TpmDevice). Errors are values; nothing throws.
#pragma once

#include "core/result.h"
#include "crypto/encoding.h"
#include "crypto/secret_buffer.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace osm::kiosk::tpm {

// The TCTI the kiosk uses: `option` when given, else $OSM_TPM_TCTI, else the kernel's resource
// manager ("device:/dev/tpmrm0"). "none" means: do not use a TPM.
std::string chooseTcti(const std::string& option);

// The dictionary-attack parameters the kiosk sets on a TPM it finds unconfigured.
struct LockoutPolicy {
    std::uint32_t maxTries = 32;            // wrong authorisations before the TPM locks out
    std::uint32_t recoveryTime = 3600;      // seconds after which one failure is forgiven
    std::uint32_t lockoutRecovery = 86400;  // seconds after a failed lockout authorisation
};

// What the TPM says of itself and of its dictionary-attack protection.
struct TpmStatus {
    std::string manufacturer;        // four characters, e.g. "IBM " for swtpm
    std::uint32_t failedTries = 0;   // TPM_PT_LOCKOUT_COUNTER
    std::uint32_t maxTries = 0;      // TPM_PT_MAX_AUTH_FAIL
    std::uint32_t recoveryTime = 0;  // TPM_PT_LOCKOUT_INTERVAL, seconds
    std::uint32_t lockoutRecovery = 0;
    bool lockoutAuthSet = false;  // someone holds the lockout authorisation (the counter cannot be reset without it)
    bool inLockout = false;
};

class TpmDevice {
public:
    // Connects through `tcti` (see chooseTcti). NotFound for "none" or when no TPM answers.
    static Result<TpmDevice> open(const std::string& tcti);
    ~TpmDevice();
    TpmDevice(TpmDevice&& other) noexcept;
    TpmDevice& operator=(TpmDevice&& other) noexcept;
    TpmDevice(const TpmDevice&) = delete;
    TpmDevice& operator=(const TpmDevice&) = delete;

    Result<TpmStatus> status();

    // On a TPM whose lockout authorisation is empty: sets `policy`, then replaces the lockout
    // authorisation with random bytes that are not kept anywhere, so nobody can reset the
    // failure counter or change the parameters again short of clearing the TPM. Returns false
    // (and changes nothing) when the lockout authorisation was already set by someone.
    Result<bool> protectAgainstGuessing(const LockoutPolicy& policy);

    // Seals `secret` (at most 128 bytes) under the owner hierarchy's storage key, authorised by
    // `auth` (at most 32 bytes). With `countFailures`, every wrong authorisation counts towards
    // the TPM's lockout; without, it does not (for a key the terminal needs with nobody there).
    // The blob is this TPM's alone; it holds nothing that checks an authorisation offline.
    Result<crypto::Bytes> seal(std::span<const std::uint8_t> secret, std::span<const std::uint8_t> auth,
                               bool countFailures = true);

    // The secret sealed in `blob`. Refused for a wrong `auth` (counted by the TPM), Locked while
    // the TPM is in lockout, InvalidInput when the blob is damaged or was made by another TPM.
    Result<crypto::SecretBuffer> unseal(std::span<const std::uint8_t> blob, std::span<const std::uint8_t> auth);

    struct Impl;

private:
    explicit TpmDevice(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace osm::kiosk::tpm

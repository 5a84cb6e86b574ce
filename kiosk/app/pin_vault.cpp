// Binding and opening. The vault's key mixes the TPM's secret with the PIN's authorisation, so
// a secret got out of the TPM by other means still leaves an Argon2id search per guess.
#include "pin_vault.h"

#include "crypto/aead.h"
#include "crypto/master_key.h"

#include <sstream>

namespace osm::kiosk {
namespace {

constexpr std::size_t kSecretBytes = 32;
constexpr const char* kVaultHead = "OSM-VAULT1";

crypto::RecordBinding vaultBinding(const std::string& staffNumber) { return {"pin-vault", staffNumber, 1}; }

// The authorisation the TPM checks: Argon2id of the PIN with the local salt.
Result<crypto::SecretBuffer> localAuth(std::string_view pin, const std::string& saltHex, const std::string& params) {
    auto parsed = crypto::KdfParams::parse(params);
    if (!parsed) return parsed.error();
    auto salt = crypto::saltFromHex(saltHex);
    if (!salt) return salt.error();
    return crypto::deriveKey(pin, *salt, *parsed, 32);
}

crypto::SecretBuffer vaultKey(const crypto::SecretBuffer& secret, const crypto::SecretBuffer& auth) {
    return crypto::keyedHash(secret.bytes(), auth.bytes());
}

}  // namespace

Result<PinBinding> bindPin(tpm::TpmDevice& tpm, const std::string& staffNumber, std::string_view pin,
                           const crypto::KdfParams& localParams, const crypto::SecretBuffer& networkMaster,
                           const sync::Credential& network, const std::string& personKeyHex) {
    PinBinding binding;
    binding.kdfParams = localParams.toString();
    binding.saltHex = crypto::toHex(crypto::randomSalt());
    binding.personKeyHex = personKeyHex;
    auto auth = localAuth(pin, binding.saltHex, binding.kdfParams);
    if (!auth) return auth.error();
    crypto::Bytes random = crypto::randomBytes(kSecretBytes);
    const crypto::SecretBuffer secret = crypto::SecretBuffer::copyOf(random);
    crypto::wipe(random);
    auto sealed = tpm.seal(secret.bytes(), auth->bytes());
    if (!sealed) return sealed.error();
    binding.sealedSecret = std::move(*sealed);
    std::string plain = std::string(kVaultHead) + "\n" + crypto::toHex(networkMaster.bytes()) + "\n" +
                        network.kdfParams + "\n" + network.saltHex + "\n" + network.verifierHex;
    auto vault = crypto::seal(vaultKey(secret, *auth), vaultBinding(staffNumber), plain);
    crypto::wipe(plain);
    if (!vault) return vault.error();
    binding.vault = std::move(*vault);
    return binding;
}

Result<OpenedPin> openPin(tpm::TpmDevice& tpm, const std::string& staffNumber, const PinBinding& binding,
                          std::string_view pin) {
    auto auth = localAuth(pin, binding.saltHex, binding.kdfParams);
    if (!auth) return auth.error();
    auto secret = tpm.unseal(binding.sealedSecret, auth->bytes());
    if (!secret) return secret.error();
    auto plain = crypto::open(vaultKey(*secret, *auth), vaultBinding(staffNumber), binding.vault);
    if (!plain) return makeError(ErrorCode::InvalidInput, "the PIN vault of " + staffNumber + " is damaged");
    std::istringstream lines(*plain);
    std::string head, masterHex;
    OpenedPin opened;
    std::getline(lines, head);
    std::getline(lines, masterHex);
    std::getline(lines, opened.network.kdfParams);
    std::getline(lines, opened.network.saltHex);
    std::getline(lines, opened.network.verifierHex);
    crypto::wipe(*plain);
    auto masterBytes = crypto::fromHex(masterHex);
    crypto::wipe(masterHex);
    if (head != kVaultHead || !masterBytes)
        return makeError(ErrorCode::InvalidInput, "the PIN vault of " + staffNumber + " is damaged");
    const crypto::SecretBuffer master = crypto::SecretBuffer::copyOf(*masterBytes);
    crypto::wipe(*masterBytes);
    auto keys = crypto::userKeysFromMaster(master);
    if (!keys) return keys.error();
    opened.keys = std::move(*keys);
    return opened;
}

}  // namespace osm::kiosk

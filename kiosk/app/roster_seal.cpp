// Sealing the roster's credentials to the terminal's TPM, and checking a PIN against one.
#include "roster_seal.h"

#include "crypto/encoding.h"
#include "crypto/master_key.h"

#include <algorithm>

namespace osm::kiosk {
namespace {

constexpr std::string_view kAuthLabel = "OSM-ROSTER-AUTH1";

// The TPM object's authorisation: a hash keyed with the verifier. Whoever can compute it knows
// the verifier, which takes the PIN (and one Argon2id) to compute.
crypto::SecretBuffer authOf(const crypto::Verifier& verifier) {
    return crypto::keyedHash(verifier, crypto::asBytes(kAuthLabel));
}

Result<crypto::Verifier> verifierOf(const std::string& hex) {
    auto bytes = crypto::fromHex(hex);
    if (!bytes || bytes->size() != crypto::Verifier{}.size())
        return makeError(ErrorCode::InvalidInput, "stored verifier is malformed");
    crypto::Verifier verifier;
    std::copy(bytes->begin(), bytes->end(), verifier.begin());
    return verifier;
}

// Argon2id of the secret with the credential's salt and parameters.
Result<CheckedSecret> derive(const Credential& credential, std::string_view secret) {
    auto params = crypto::KdfParams::parse(credential.kdfParams);
    if (!params) return params.error();
    auto salt = crypto::saltFromHex(credential.saltHex);
    if (!salt) return salt.error();
    auto master = crypto::deriveMasterKey(secret, *salt, *params);
    if (!master) return master.error();
    auto keys = crypto::userKeysFromMaster(*master);
    if (!keys) return keys.error();
    Credential clear{credential.kdfParams, credential.saltHex, crypto::toHex(keys->verifier)};
    return CheckedSecret{std::move(*master), std::move(*keys), std::move(clear)};
}

Result<CheckedSecret> checkAtTpm(tpm::TpmDevice* tpm, const Credential& credential, std::string_view secret) {
    if (!tpm) return makeError(ErrorCode::NotFound, "the PIN is sealed to a TPM and this terminal has none now");
    auto blob = crypto::fromHex(std::string_view(credential.verifierHex).substr(kSealedVerifierPrefix.size()));
    if (!blob) return makeError(ErrorCode::InvalidInput, "stored verifier is malformed");
    auto checked = derive(credential, secret);
    if (!checked) return checked.error();
    auto sealed = tpm->unseal(*blob, authOf(checked->keys.verifier).bytes());
    if (!sealed) return sealed.error();
    // The TPM let the authorisation through; the sealed copy of the verifier must agree.
    crypto::Verifier inside{};
    if (sealed->size() != inside.size()) return makeError(ErrorCode::InvalidInput, "sealed verifier is malformed");
    const std::span<const std::uint8_t> bytes = sealed->bytes();
    std::copy(bytes.begin(), bytes.end(), inside.begin());
    if (!crypto::verifierEquals(checked->keys.verifier, inside)) return makeError(ErrorCode::Refused, "wrong secret");
    return checked;
}

}  // namespace

bool isSealed(const Credential& credential) { return credential.verifierHex.starts_with(kSealedVerifierPrefix); }

std::string sealedIdentity(const Credential& credential) { return "salt:" + credential.saltHex; }

Result<Credential> sealCredential(tpm::TpmDevice& tpm, const Credential& credential) {
    auto verifier = verifierOf(credential.verifierHex);
    if (!verifier) return verifier.error();
    auto blob = tpm.seal(*verifier, authOf(*verifier).bytes());
    if (!blob) return blob.error();
    return Credential{credential.kdfParams, credential.saltHex,
                      std::string(kSealedVerifierPrefix) + crypto::toHex(*blob)};
}

Result<CheckedSecret> checkSecret(tpm::TpmDevice* tpm, const Credential& credential, std::string_view secret) {
    if (isSealed(credential)) return checkAtTpm(tpm, credential, secret);
    auto expected = verifierOf(credential.verifierHex);
    if (!expected) return expected.error();
    auto checked = derive(credential, secret);
    if (!checked) return checked.error();
    if (!crypto::verifierEquals(checked->keys.verifier, *expected))
        return makeError(ErrorCode::Refused, "wrong secret");
    return checked;
}

Status sealIncoming(KioskStore& store, tpm::TpmDevice& tpm, RosterEntry& entry) {
    const std::string& staffNumber = entry.person.staffNumber;
    auto binding = store.pinBinding(staffNumber);
    if (!binding) return binding.error();
    auto awaitsResend = store.boundPinAwaitsResend(staffNumber);
    if (!awaitsResend) return awaitsResend.error();
    if (*awaitsResend && binding->has_value()) {
        // A restored server's older copy (or none) does not replace a PIN it lost: the person's
        // next login sends it again.
        entry.pin = {(*binding)->kdfParams, "", kTpmBoundVerifier};
        entry.setupCode = {};
        entry.personKeyHex = (*binding)->personKeyHex;
        return {};
    }
    if (entry.pin.empty() || isSealed(entry.pin) || entry.pin.verifierHex == kTpmBoundVerifier) return {};
    const std::string identity = sealedIdentity(entry.pin);
    if (binding->has_value() &&
        ((*binding)->personKeyHex == entry.personKeyHex || (*binding)->personKeyHex == identity)) {
        entry.personKeyHex = (*binding)->personKeyHex;  // bound here: the row stays blank
        entry.pin = {entry.pin.kdfParams, "", kTpmBoundVerifier};
        return {};
    }
    auto mine = store.person(staffNumber);
    if (!mine) return mine.error();
    if (mine->has_value() && isSealed((*mine)->pin) && (*mine)->pin.saltHex == entry.pin.saltHex &&
        (*mine)->pin.kdfParams == entry.pin.kdfParams) {
        entry.pin = (*mine)->pin;  // sealed before: the same blob, no new TPM object
        entry.personKeyHex = identity;
        return {};
    }
    auto sealed = sealCredential(tpm, entry.pin);
    if (!sealed) return sealed.error();
    entry.pin = std::move(*sealed);
    entry.personKeyHex = identity;
    return {};
}

Result<int> sealStoredCredentials(KioskStore& store, tpm::TpmDevice& tpm) {
    auto people = store.people();
    auto pending = store.pendingPins();
    if (!people) return people.error();
    if (!pending) return pending.error();
    int sealedNow = 0;
    for (RosterEntry& entry : *people) {
        const bool waiting = std::any_of(pending->begin(), pending->end(), [&](const KioskStore::PendingPin& p) {
            return p.entry.person.staffNumber == entry.person.staffNumber;
        });
        if (waiting || entry.pin.empty() || isSealed(entry.pin) || entry.pin.verifierHex == kTpmBoundVerifier) continue;
        const std::string clearVerifier = entry.pin.verifierHex;
        if (auto status = sealIncoming(store, tpm, entry); !status) return status.error();
        if (auto status =
                store.replaceStoredPin(entry.person.staffNumber, clearVerifier, entry.pin, entry.personKeyHex);
            !status)
            return status.error();
        ++sealedNow;
    }
    if (sealedNow > 0) {
        if (auto status = store.dropOldPages(); !status) return status.error();
    }
    return sealedNow;
}

}  // namespace osm::kiosk

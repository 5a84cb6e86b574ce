// The roster's PIN credentials on a terminal with a TPM (docs/decisions.md, "Roster credentials
// are sealed to the TPM as they arrive"): a credential pulled from the server is never written
// to disk as it came. Its verifier goes into a TPM object whose authorisation is derived from
// that verifier, so the only way to test a PIN against it is to ask this TPM, which counts a
// wrong one; the person's public key (itself a verifier once the salt is known) is replaced on
// disk by a name of the credential that checks nothing. The salt and the Argon2id parameters
// stay readable: without a verifier they test no guess.
//
// Thread safety: pure functions over a store and a TpmDevice (which serialises itself).
#pragma once

#include "local_store.h"
#include "tpm_device.h"

#include "crypto/kdf.h"

#include <string>
#include <string_view>

namespace osm::kiosk {

// A stored verifier that is a TPM blob: this prefix, then the blob in hex.
constexpr std::string_view kSealedVerifierPrefix = "tpm-sealed:";

bool isSealed(const Credential& credential);
// What a sealed credential keeps in place of the person's public key: "salt:" and its salt (a
// new PIN always has a new salt). Bindings made from it carry the same name.
std::string sealedIdentity(const Credential& credential);

// The credential with its verifier sealed to `tpm` (one TPM object, counted by its lockout).
Result<Credential> sealCredential(tpm::TpmDevice& tpm, const Credential& credential);

// A secret checked against a credential: its keys and the Argon2id master they come from.
struct CheckedSecret {
    crypto::SecretBuffer master;
    crypto::UserKeys keys;
    Credential clear;  // the credential as the server knows it (its verifier in clear)
};

// Checks `secret` against a credential: in software for a clear one, at `tpm` for a sealed one
// (Refused for a wrong secret, counted by the TPM; Locked in its lockout; NotFound without a
// TPM; InvalidInput for a blob of another TPM).
Result<CheckedSecret> checkSecret(tpm::TpmDevice* tpm, const Credential& credential, std::string_view secret);

// What the roster's entry becomes before it is stored on a terminal with a TPM: a PIN bound here
// for the same credential keeps the row blank, one sealed before for the same credential keeps
// its blob, any other is sealed now. A PIN set here and not yet acknowledged is left to the
// caller (it stays in clear until the server has it).
Status sealIncoming(KioskStore& store, tpm::TpmDevice& tpm, RosterEntry& entry);

// Seals what a terminal stored in clear before it had this code or its TPM (the kiosk's start):
// every roster credential that is neither bound, sealed nor waiting to be sent. Returns how many.
Result<int> sealStoredCredentials(KioskStore& store, tpm::TpmDevice& tpm);

}  // namespace osm::kiosk

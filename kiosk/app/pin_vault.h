// A person's PIN bound to this terminal's TPM (docs/decisions.md, "PIN guesses are counted by
// the terminal's TPM"): what the disk keeps instead of the roster's salt and verifier, and how a
// PIN is checked against it. The TPM holds a random secret under an authorisation derived from
// the PIN with a salt of this terminal only; that secret and the authorisation together open a
// vault holding the Argon2id master of the person's network keys (kdf.h), so the keys that cross
// the network stay the same on every terminal.
//
// Thread safety: pure functions over a TpmDevice the caller serialises (the kiosk's worker).
#pragma once

#include "crypto/kdf.h"
#include "local_store.h"
#include "sync/roster.h"
#include "tpm_device.h"

#include <string>
#include <string_view>

namespace osm::kiosk {

// Binds `pin` (already checked against `network`, whose master is `networkMaster`) to the TPM.
// Runs one Argon2id with `localParams`.
Result<PinBinding> bindPin(tpm::TpmDevice& tpm, const std::string& staffNumber, std::string_view pin,
                           const crypto::KdfParams& localParams, const crypto::SecretBuffer& networkMaster,
                           const sync::Credential& network, const std::string& personKeyHex);

struct OpenedPin {
    crypto::UserKeys keys;     // the same keys deriveUserKeys gives on any terminal
    sync::Credential network;  // the roster's credential, for a PIN the server must be sent again
};

// Checks `pin` at the TPM and opens the vault. Refused for a wrong PIN (the TPM counted it),
// Locked while the TPM is locked out, InvalidInput when the binding is not this TPM's (a
// replaced mainboard, a cleared TPM, a copied disk) or damaged.
Result<OpenedPin> openPin(tpm::TpmDevice& tpm, const std::string& staffNumber, const PinBinding& binding,
                          std::string_view pin);

}  // namespace osm::kiosk

// The terminal's device key file (docs/decisions.md, "The device key is the one secret a
// terminal keeps without a person"). Without a TPM it holds the Ed25519 seed in hex, mode 0600.
// With a TPM it holds "tpm1:" and a TPM blob of the seed (sealed with no authorisation and
// outside the lockout count: the terminal signs with nobody there): a copy of the file signs
// nothing without this TPM. A plain file found on a terminal that has a TPM is sealed in place
// the first time the key is read (an older terminal's migration).
//
// Thread safety: the sync engine's thread only.
#pragma once

#include "crypto/secret_buffer.h"
#include "crypto/signing.h"
#include "tpm_device.h"

#include <filesystem>

namespace osm::kiosk {

// The key, unsealed by `tpm` when the file is sealed. NotFound without a file, or for a sealed
// file on a terminal without a TPM; InvalidInput for a damaged file or another TPM's blob.
Result<crypto::SigningKeyPair> loadDeviceKey(const std::filesystem::path& path, tpm::TpmDevice* tpm);

// Writes the seed (sealed to `tpm` when there is one) to a new 0600 file, synced, renamed into
// place; an older file is overwritten with zeros first.
Status saveDeviceKey(const std::filesystem::path& path, const crypto::SecretBuffer& seed, tpm::TpmDevice* tpm);

// True when the file holds a sealed key.
bool deviceKeySealed(const std::filesystem::path& path);

}  // namespace osm::kiosk

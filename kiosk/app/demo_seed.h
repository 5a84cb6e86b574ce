// The demo terminal: fills an empty KioskStore with the fictitious organisation's people of one
// unit (assets/demo/organisation.json), their demo PIN credentials (assets/demo/credentials.json,
// salts and verifiers computed ahead so the demo starts at once). The goals to follow up come
// as they do on a real terminal, from the server (its demo data holds Aino's agreement of 2024).
#pragma once

#include "catalog/catalog.h"
#include "domain/organisation.h"
#include "local_store.h"

#include <filesystem>
#include <string>
#include <vector>

namespace osm::kiosk {

struct DemoCredential {
    std::string staffNumber;
    std::string secret;  // the published demo PIN or one-time code
    bool isSetupCode = false;
    Credential credential;
    std::string publicKeyHex;  // the person key (or, for a code, the setup key) the secret derives
};

Result<std::vector<DemoCredential>> loadDemoCredentials(const std::filesystem::path& path);

// Computes salts and verifiers for every entry of the file (with the default KDF parameters) and
// writes it back. Used by `osaamissilta-kiosk --refresh-demo-credentials`.
Status refreshDemoCredentials(const std::filesystem::path& path);

// Seeds the store when it holds nobody yet; does nothing otherwise.
Status seedDemoStore(KioskStore& store, const std::filesystem::path& assetsDir, const std::string& unitId);

}  // namespace osm::kiosk

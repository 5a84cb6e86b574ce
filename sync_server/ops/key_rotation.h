// Rotating the server's storage key: every submission sealed at rest is re-sealed under a new
// key in one transaction, then the new key replaces the old file. The signing key is not
// rotated here (the kiosks know its public half; see docs/operations.md).
#pragma once

#include "ops/operator_commands.h"

#include <cstdint>

namespace osm::server {

struct RotationReport {
    std::int64_t resealed = 0;  // submitted records and conflict copies now under the new key
    bool resumed = false;       // an interrupted rotation was finished instead
};

// Needs the server stopped (takes the data lock). Crash-safe: the new key is written (fsynced)
// as storage.key.next before the transaction; after the commit it is renamed over storage.key.
// A run that finds storage.key.next finishes that rotation when the data already opens with
// it, and otherwise discards it and starts again.
Result<RotationReport> rotateStorageKey(const ServerPaths& paths);

}  // namespace osm::server

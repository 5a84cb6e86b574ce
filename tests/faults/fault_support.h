// Helpers for the fault tests: child processes with a pipe, a free loopback port, seeds and sizes from the environment (so ./dev.sh faults can run longer), and
// queued drafts signed by their authors.
#pragma once

#include "local_store.h"
#include "crypto/signing.h"

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace osm::test {

// A number from the environment, or `fallback`.
std::uint64_t envNumber(const char* name, std::uint64_t fallback);
// OSM_FAULT_SEED, or a fresh one; printed so a failing run can be repeated.
unsigned seedFromEnv();

struct Child {
    pid_t pid = 0;
    int out = -1;  // the read end of the child's stdout
};
Child spawnWithPipe(std::vector<std::string> args);

int freePort();

// Queues version `version` of a draft as the kiosk would after a save: random sealed bytes,
// hashed and signed by its author (a version above 1 keeps the record's sync bookkeeping).
void saveSignedDraft(kiosk::KioskStore& store, const std::string& id, const std::string& owner,
                     const crypto::SigningKeyPair& author, std::uint64_t version, std::int64_t updatedAt,
                     std::size_t bytes = 200);

// Every byte of every file under `dir` (a thief's copy of a kiosk's folder), concatenated.
std::string everyFileOf(const std::filesystem::path& dir);

}  // namespace osm::test

// What the sync benchmarks share: statistics, a fictitious city of any size prepared in a real
// server data folder the way an operator would (roster, catalogue, enrolment codes, PINs),
// drafts queued in a kiosk's store exactly as the kiosk seals and signs them, and the real
// server binary run as a child process.
//
// Everything here exits the benchmark with a message on a set-up failure: a benchmark that
// cannot set itself up has nothing to measure.
#pragma once

#include "local_store.h"
#include "ops/operator_commands.h"
#include "storage/sync_storage.h"

#include "crypto/signing.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace osm::bench {

using Clock = std::chrono::steady_clock;

std::int64_t unixNow();
double seconds(Clock::time_point a, Clock::time_point b);
double millis(Clock::time_point a, Clock::time_point b);
// The p-th percentile (0–100) by nearest rank; 0 for no samples.
double percentile(std::vector<double> samples, double p);
double median(std::vector<double> samples);
[[noreturn]] void die(const std::string& message);

// One person per unit writes the benchmark's drafts: their PIN is set on the server and their
// person key (the one that signs what they write) is kept here.
struct Author {
    std::string unitId;
    std::string staffNumber;
    crypto::SigningKeyPair key;
};

// A city of `units` units with a kiosk each, `perUnit` people in each (a daycare director who
// manages the rest), in two service areas.
domain::Organisation syntheticCity(int units, int perUnit);

// A server data folder (keys under <data>/keys, as `osaamissilta-server --data` expects) with
// the city imported, the 2026 catalogue published and one author per unit.
class ServerData {
public:
    ServerData(const std::filesystem::path& dataDir, const domain::Organisation& city);
    server::SyncStorage& storage() { return *m_storage; }
    const server::ServerPaths& paths() const { return m_paths; }
    const std::vector<Author>& authors() const { return m_authors; }
    // The server's public key, to which kiosks seal submitted forms.
    const crypto::PublicKey& serverKey() const { return m_serverKey; }
    // A valid submitted staff pre-form (JSON) of the published catalogue.
    const std::string& sampleSubmission() const { return m_submission; }
    std::string enrolmentCode(const std::string& unitId);
    // Closes the database so that another process (the server binary) may own it.
    void close() { m_storage.reset(); }

private:
    server::ServerPaths m_paths;
    std::unique_ptr<server::SyncStorage> m_storage;
    std::vector<Author> m_authors;
    crypto::PublicKey m_serverKey{};
    std::string m_submission;
};

// Queues version `version` of draft `id` in the kiosk's store: `bytes` of sealed payload,
// its content hash and the author's signature, as the kiosk writes them.
void queueDraft(kiosk::KioskStore& store, const Author& author, const std::string& id, std::uint64_t version,
                std::size_t bytes = 2048);
// Queues record `id` as submitted: `content` sealed to the server, as the kiosk's submit does.
void queueSubmitted(kiosk::KioskStore& store, const Author& author, const std::string& id,
                    const crypto::PublicKey& serverKey, const std::string& content);

// The server binary serving `dataDir` on a free loopback port; stopped (SIGTERM) on destruction.
class ServerProcess {
public:
    ServerProcess(const std::string& binary, const std::filesystem::path& dataDir,
                  const std::vector<std::string>& extraArgs = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    // CPU seconds (user + system) the server has used so far.
    double cpuSeconds() const;
    long residentKiB() const;
    long peakResidentKiB() const;  // the most it has been resident since it started

private:
    int m_pid = -1;
    int m_port = 0;
};

// The size of the server's database files (server.db and its WAL) in `dataDir`, in MiB.
double databaseMiB(const std::filesystem::path& dataDir);

// CPU seconds this process has used so far (all threads).
double ownCpuSeconds();

// Runs work(i) for i in 0..count-1 on `threads` threads.
template <typename Work>
void parallel(std::size_t count, int threads, Work work) {
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (std::size_t i = next++; i < count; i = next++) work(i);
        });
    }
    for (auto& t : pool) t.join();
}

}  // namespace osm::bench

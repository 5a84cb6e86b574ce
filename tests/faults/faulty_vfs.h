// A SQLite VFS that wraps the default one and fails writes on demand: every write (a full
// disk), or one write in N at random. Registered as the default VFS while a
// FaultyVfs lives, so the real stores (kiosk and server) open their files through it.
//
// Thread safety: the failure settings are atomics; set them from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>

struct sqlite3_vfs;

namespace osm::test {

class FaultyVfs {
public:
    // Registers as the default VFS; only files whose path contains `pathPart` get faults.
    explicit FaultyVfs(std::string pathPart = {});
    ~FaultyVfs();  // restores the previous default
    FaultyVfs(const FaultyVfs&) = delete;
    FaultyVfs& operator=(const FaultyVfs&) = delete;

    // Writes, syncs and truncates fail with SQLITE_FULL until heal().
    void diskFull() { m_mode = Mode::Full; }
    // One write (or sync) in n, at random, fails with an I/O error; the others succeed.
    // (Random, not every nth: a fixed period would hit the same step of every request.)
    void failOneIn(int n, unsigned seed) {
        std::lock_guard lock(m_randomMutex);
        m_random.seed(seed);
        m_oneIn = n;
        m_mode = Mode::OneInN;
    }
    void heal() { m_mode = Mode::Healthy; }
    std::int64_t failures() const { return m_failures; }

    // Called by the wrapped files: 0 to go ahead, or the SQLite error code to return.
    int verdict(bool isWrite);
    const std::string& pathPart() const { return m_pathPart; }

private:
    enum class Mode { Healthy, Full, OneInN };
    std::atomic<Mode> m_mode{Mode::Healthy};
    std::mutex m_randomMutex;
    std::mt19937 m_random;
    int m_oneIn = 0;
    std::atomic<std::int64_t> m_failures{0};
    sqlite3_vfs* m_previous = nullptr;
    std::string m_pathPart;
};

}  // namespace osm::test

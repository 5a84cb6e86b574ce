// FaultyProxy: a TCP proxy on 127.0.0.1 between kiosks and the server that, while faults are
// on, gives each new connection one of: pass, drop (closed before anything is forwarded),
// delay (every chunk held back 20–250 ms), a truncated request, a truncated answer, or a reset
// (RST to the client after the request reached the server, so its answer is lost).
//
// Thread safety: setFaults() and counts() from any thread; one thread per connection inside.
#pragma once

#include <array>
#include <atomic>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace osm::test {

class FaultyProxy {
public:
    enum class Fault { Pass, Drop, Delay, TruncateRequest, TruncateAnswer, Reset, Count };

    FaultyProxy(int targetPort, unsigned seed);
    ~FaultyProxy();  // stops accepting, closes every connection, joins
    FaultyProxy(const FaultyProxy&) = delete;
    FaultyProxy& operator=(const FaultyProxy&) = delete;

    int port() const { return m_port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    void setFaults(bool on) { m_faults = on; }
    // How many connections got each fault so far.
    std::array<int, static_cast<int>(Fault::Count)> counts();
    static const char* faultName(Fault fault);

private:
    void acceptLoop();
    void serve(int client, Fault fault, unsigned seed);

    int m_targetPort;
    int m_listener = -1;
    int m_port = 0;
    std::atomic<bool> m_faults{false};
    std::atomic<bool> m_stopping{false};
    std::mt19937 m_random;
    std::mutex m_mutex;
    std::array<int, static_cast<int>(Fault::Count)> m_counts{};
    std::vector<std::thread> m_connections;
    std::thread m_acceptor;
};

}  // namespace osm::test

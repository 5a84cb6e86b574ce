// Slow and idle clients, as the hardening round's attacker ran them: connections that send half a
// request and then one more header line now and then (never quite timing out), and connections
// that send nothing at all. Whatever the server closes is opened again, so the pressure holds for
// as long as the object lives. And the server's memory, read from /proc.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace osm::test {

class SlowClients {
public:
    // `count` connections to 127.0.0.1:`port` trickling a header line every `trickleMs` (below
    // the server's read timeout); with `halfIdle`, every other one sends nothing at all.
    SlowClients(int port, int count, int trickleMs = 1000, bool halfIdle = true);
    ~SlowClients();
    SlowClients(const SlowClients&) = delete;
    SlowClients& operator=(const SlowClients&) = delete;
    int reconnects() const { return m_reconnects.load(); }  // how often the server closed one

private:
    void run();
    int open(std::size_t index);
    bool idle(std::size_t index) const { return m_halfIdle && index % 2 == 0; }

    int m_port;
    int m_trickleMs;
    bool m_halfIdle;
    std::vector<int> m_fds;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_reconnects{0};
    std::thread m_thread;
};

// A process's resident memory now and at its peak (VmRSS, VmHWM), in KiB; 0 when unreadable.
std::int64_t residentKiB(pid_t pid);
std::int64_t peakResidentKiB(pid_t pid);

}  // namespace osm::test

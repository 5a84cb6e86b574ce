// Slow clients on raw sockets, and a process's memory from /proc/<pid>/status.
#include "slow_clients.h"

#include "test_support.h"

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>

namespace osm::test {

namespace {

constexpr const char* kHalfRequest = "POST /api/v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\n";

bool sendAll(int fd, const std::string& text) {
    return ::send(fd, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT) == static_cast<ssize_t>(text.size());
}

// True when the server has closed the connection (or reset it).
bool closedByPeer(int fd) {
    char c = 0;
    const ssize_t n = ::recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

std::int64_t statusField(pid_t pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field + ":", 0) == 0) return std::stoll(line.substr(field.size() + 1));
    }
    return 0;
}

}  // namespace

SlowClients::SlowClients(int port, int count, int trickleMs, bool halfIdle)
    : m_port(port), m_trickleMs(trickleMs), m_halfIdle(halfIdle), m_fds(static_cast<std::size_t>(count), -1) {
    for (std::size_t i = 0; i < m_fds.size(); ++i) m_fds[i] = open(i);
    m_thread = std::thread([this] { run(); });
}

SlowClients::~SlowClients() {
    m_stop = true;
    m_thread.join();
    for (int fd : m_fds) {
        if (fd >= 0) ::close(fd);
    }
}

int SlowClients::open(std::size_t index) {
    const int fd = connectLoopback(m_port, 1);
    if (fd >= 0 && !idle(index)) (void)sendAll(fd, kHalfRequest);
    return fd;
}

void SlowClients::run() {
    auto next = std::chrono::steady_clock::now();
    while (!m_stop) {
        next += std::chrono::milliseconds(m_trickleMs);
        for (std::size_t i = 0; i < m_fds.size() && !m_stop; ++i) {
            int& fd = m_fds[i];
            if (fd >= 0 && closedByPeer(fd)) {
                ::close(fd);
                fd = -1;
                ++m_reconnects;
            }
            if (fd < 0) fd = open(i);
            if (fd >= 0 && !idle(i)) (void)sendAll(fd, "X-Slow: 1\r\n");
        }
        while (!m_stop && std::chrono::steady_clock::now() < next) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
}

std::int64_t residentKiB(pid_t pid) { return statusField(pid, "VmRSS"); }
std::int64_t peakResidentKiB(pid_t pid) { return statusField(pid, "VmHWM"); }

}  // namespace osm::test

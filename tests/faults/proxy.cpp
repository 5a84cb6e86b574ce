// The proxy copies bytes both ways with poll(); a fault only changes when it stops copying or
// how it closes. A truncated request or answer is cut at a random byte of the first chunk.
#include "proxy.h"

#include "test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace osm::test {
namespace {

bool sendAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

void resetAndClose(int fd) {
    linger hard{1, 0};  // close() then sends RST instead of FIN
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    ::close(fd);
}

}  // namespace

FaultyProxy::FaultyProxy(int targetPort, unsigned seed) : m_targetPort(targetPort), m_random(seed) {
    m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int yes = 1;
    ::setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(m_listener, 64) != 0) {
        throw std::runtime_error("the proxy cannot listen");
    }
    socklen_t length = sizeof address;
    ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_acceptor = std::thread([this] { acceptLoop(); });
}

FaultyProxy::~FaultyProxy() {
    m_stopping = true;
    m_acceptor.join();
    ::close(m_listener);
    for (std::thread& t : m_connections) t.join();
}

const char* FaultyProxy::faultName(Fault fault) {
    switch (fault) {
    case Fault::Pass: return "pass";
    case Fault::Drop: return "drop";
    case Fault::Delay: return "delay";
    case Fault::TruncateRequest: return "truncated request";
    case Fault::TruncateAnswer: return "truncated answer";
    case Fault::Reset: return "reset";
    case Fault::Count: break;
    }
    return "?";
}

std::array<int, static_cast<int>(FaultyProxy::Fault::Count)> FaultyProxy::counts() {
    std::lock_guard lock(m_mutex);
    return m_counts;
}

void FaultyProxy::acceptLoop() {
    while (!m_stopping) {
        pollfd p{m_listener, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        std::lock_guard lock(m_mutex);
        // Half the connections pass untouched; the rest share the five faults.
        Fault fault = Fault::Pass;
        if (m_faults && std::uniform_int_distribution<int>(0, 1)(m_random) == 1) {
            fault =
                static_cast<Fault>(std::uniform_int_distribution<int>(1, static_cast<int>(Fault::Count) - 1)(m_random));
        }
        ++m_counts[static_cast<std::size_t>(fault)];
        const unsigned seed = static_cast<unsigned>(m_random());
        m_connections.emplace_back([this, client, fault, seed] { serve(client, fault, seed); });
    }
}

void FaultyProxy::serve(int client, Fault fault, unsigned seed) {
    std::mt19937 random(seed);
    if (fault == Fault::Drop) {
        ::close(client);
        return;
    }
    const int server = test::connectLoopback(m_targetPort, 0);  // no receive timeout: a relay waits
    if (server < 0) {
        resetAndClose(client);  // the server is down: the kiosk sees a refused/reset connection
        return;
    }
    bool open = true;
    char buffer[16384];
    while (open && !m_stopping) {
        pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        if (::poll(p, 2, 50) <= 0) continue;
        for (int side = 0; side < 2 && open; ++side) {
            if (!(p[side].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const int from = side == 0 ? client : server;
            const int to = side == 0 ? server : client;
            const ssize_t n = ::recv(from, buffer, sizeof buffer, 0);
            if (n <= 0) {
                open = false;
                break;
            }
            auto size = static_cast<std::size_t>(n);
            if (fault == Fault::Delay) {
                std::this_thread::sleep_for(
                    std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 250)(random)));
            }
            if ((fault == Fault::TruncateRequest && side == 0) || (fault == Fault::TruncateAnswer && side == 1)) {
                (void)sendAll(to, buffer, std::uniform_int_distribution<std::size_t>(0, size - 1)(random));
                open = false;
                break;
            }
            if (fault == Fault::Reset && side == 1) {
                resetAndClose(client);  // the server answered; the kiosk never gets it
                ::close(server);
                return;
            }
            if (!sendAll(to, buffer, size)) open = false;
        }
    }
    ::close(server);
    ::close(client);
}

}  // namespace osm::test

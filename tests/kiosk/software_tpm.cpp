// swtpm as a child process. Ports: two consecutive free ones (data and control), found by
// binding; readiness: the data port accepts a connection (waited for a bounded number of times).
#include "software_tpm.h"

#include "test_support.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace osm::test {
namespace {

bool portFree(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return free;
}

// A free port whose next one is free too: the kernel picks the first.
int freePortPair() {
    for (int attempt = 0; attempt < 50; ++attempt) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
        ::close(fd);
        const int port = ntohs(address.sin_port);
        if (port < 65535 && portFree(port) && portFree(port + 1)) return port;
    }
    FAIL("no two consecutive free loopback ports");
    return 0;
}

}  // namespace

SoftwareTpm::SoftwareTpm(std::filesystem::path stateDir) : m_stateDir(std::move(stateDir)) {
    std::filesystem::create_directories(m_stateDir);
    start();
}

SoftwareTpm::~SoftwareTpm() { stop(); }

std::string SoftwareTpm::tcti() const { return "swtpm:host=127.0.0.1,port=" + std::to_string(m_port); }

void SoftwareTpm::start() {
    for (int attempt = 0; attempt < 5 && m_pid <= 0; ++attempt) {
        m_port = freePortPair();
        const std::string server = "type=tcp,port=" + std::to_string(m_port) + ",bindaddr=127.0.0.1";
        const std::string control = "type=tcp,port=" + std::to_string(m_port + 1) + ",bindaddr=127.0.0.1";
        std::vector<std::string> args{
            "swtpm", "socket", "--tpm2", "--tpmstate", "dir=" + m_stateDir.string(), "--server",
            server,  "--ctrl", control,  "--flags",    "not-need-init,startup-clear"};
        std::vector<char*> argv;
        for (std::string& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        // Not the test's stderr either: a swtpm outliving a crashed test must not hold ctest's pipe.
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
        pid_t pid = 0;
        const int rc = posix_spawnp(&pid, "swtpm", &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        REQUIRE_MESSAGE(rc == 0, "swtpm is not installed (Debian: swtpm)");
        // Ready once it accepts a connection; gone when the port was taken after all.
        for (int wait = 0; wait < 400; ++wait) {
            if (::waitpid(pid, nullptr, WNOHANG) == pid) break;
            if (const int fd = connectLoopback(m_port, 1); fd >= 0) {
                ::close(fd);
                m_pid = pid;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        if (m_pid <= 0 && ::waitpid(pid, nullptr, WNOHANG) == 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
    }
    REQUIRE_MESSAGE(m_pid > 0, "swtpm did not start");
}

void SoftwareTpm::stop() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    ::waitpid(m_pid, nullptr, 0);
    m_pid = -1;
}

void SoftwareTpm::restart() {
    stop();
    start();
}

}  // namespace osm::test

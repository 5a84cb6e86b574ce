// The real osaamissilta-server binary run as an operator runs it: one command with its output
// captured, or `serve` as a child process whose port is read from its "listening on" line.
#pragma once

#include <csignal>
#include <string>
#include <sys/types.h>
#include <vector>

namespace osm::test {

struct CommandResult {
    int exitCode = -1;
    std::string output;  // standard output and standard error together
};

// Runs the server binary with `args` and waits for it.
CommandResult runServerCommand(const std::vector<std::string>& args);

// `osaamissilta-server <args>` (args end with `serve …`, port 0 or a fixed one), started and
// waited for until it listens. Its output goes to a pipe this object holds, never to the test's
// own (a server left behind by a failed check would keep ctest waiting for that pipe to close),
// and it is stopped when this object goes, also when a REQUIRE unwinds the test.
class ServerProcess {
public:
    explicit ServerProcess(std::vector<std::string> args);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;
    int port() const { return m_port; }
    pid_t pid() const { return m_pid; }
    bool running() const { return m_pid > 0; }
    // SIGTERM lets it finish what it is doing; SIGKILL is the power cut.
    void stop(int signal = SIGTERM);
    // Starts it again with the same arguments (stopped first if it still runs).
    void start();

private:
    std::vector<std::string> m_args;
    pid_t m_pid = -1;
    int m_output = -1;
    int m_port = 0;
};

}  // namespace osm::test

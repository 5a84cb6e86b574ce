// Child processes through posix_spawn with a pipe for their output.
#include "server_process.h"

#include <doctest/doctest.h>

#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace osm::test {
namespace {

// Starts the server binary with stdout (and stderr, or else /dev/null) on a pipe; returns the
// pid and the pipe's read end.
pid_t spawnServer(const std::vector<std::string>& args, bool withStderr, int& readEnd) {
    std::vector<std::string> all{OSM_SERVER_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);  // no other child inherits it (dup2 clears the flag)
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    if (withStderr) {
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    } else {
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);  // the access log
    }
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    REQUIRE(rc == 0);
    readEnd = fds[0];
    return pid;
}

}  // namespace

CommandResult runServerCommand(const std::vector<std::string>& args) {
    int readEnd = -1;
    const pid_t pid = spawnServer(args, true, readEnd);
    CommandResult result;
    char buffer[4096];
    for (ssize_t n; (n = ::read(readEnd, buffer, sizeof buffer)) > 0;)
        result.output.append(buffer, static_cast<std::size_t>(n));
    ::close(readEnd);
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

ServerProcess::ServerProcess(std::vector<std::string> args) : m_args(std::move(args)) { start(); }

ServerProcess::~ServerProcess() { stop(); }

void ServerProcess::start() {
    stop();
    m_pid = spawnServer(m_args, false, m_output);
    std::string line;
    char c = 0;
    while (::read(m_output, &c, 1) == 1 && c != '\n') line += c;
    if (line.rfind("listening on ", 0) != 0) {
        stop();
        FAIL("the server did not start: " << line);
    }
    m_port = std::stoi(line.substr(line.rfind(':') + 1));
}

void ServerProcess::stop(int signal) {
    if (m_pid <= 0) return;
    ::kill(m_pid, signal);
    ::waitpid(m_pid, nullptr, 0);
    ::close(m_output);  // kept open until now: the server's last words go somewhere
    m_output = -1;
    m_pid = -1;
}

}  // namespace osm::test

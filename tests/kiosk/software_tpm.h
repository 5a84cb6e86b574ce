// A software TPM for tests: Debian's swtpm, started as a child process on two free loopback
// ports with its state in a folder of the test's choosing (the same folder again is the same
// TPM after a power cycle; another folder is another terminal's TPM).
#pragma once

#include <filesystem>
#include <string>
#include <sys/types.h>

namespace osm::test {

class SoftwareTpm {
public:
    // Starts swtpm with its state in `stateDir` (created when missing); FAILs the test when it
    // cannot be started.
    explicit SoftwareTpm(std::filesystem::path stateDir);
    ~SoftwareTpm();
    SoftwareTpm(const SoftwareTpm&) = delete;
    SoftwareTpm& operator=(const SoftwareTpm&) = delete;

    // The TCTI configuration that reaches it ("swtpm:host=127.0.0.1,port=P").
    std::string tcti() const;
    // Stops it (SIGTERM) and starts it again on the same state: a power cycle.
    void restart();
    void stop();

private:
    void start();

    std::filesystem::path m_stateDir;
    pid_t m_pid = -1;
    int m_port = 0;
};

}  // namespace osm::test

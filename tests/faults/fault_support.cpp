// Fault-test helpers (see fault_support.h).
#include "fault_support.h"

#include "crypto/encoding.h"
#include "sync_engine.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <random>

extern char** environ;

namespace osm::test {

std::uint64_t envNumber(const char* name, std::uint64_t fallback) {
    const char* text = std::getenv(name);
    return text && *text ? std::strtoull(text, nullptr, 10) : fallback;
}

unsigned seedFromEnv() {
    const auto seed = static_cast<unsigned>(envNumber("OSM_FAULT_SEED", std::random_device{}()));
    MESSAGE("OSM_FAULT_SEED=" << seed);
    return seed;
}

namespace {

pid_t spawn(std::vector<std::string>& args, posix_spawn_file_actions_t* actions) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, argv[0], actions, nullptr, argv.data(), environ) == 0);
    return pid;
}

}  // namespace

Child spawnWithPipe(std::vector<std::string> args) {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    Child child;
    child.pid = spawn(args, &actions);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    child.out = fds[0];
    return child;
}

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

void saveSignedDraft(kiosk::KioskStore& store, const std::string& id, const std::string& owner,
                     const crypto::SigningKeyPair& author, std::uint64_t version, std::int64_t updatedAt,
                     std::size_t bytes) {
    kiosk::StoredRecord r;
    if (version > 1) {
        auto previous = store.record(id);
        REQUIRE((previous.ok() && previous->has_value()));
        r = **previous;
    }
    r.id = id;
    r.owner = owner;
    r.formId = "development_discussion_staff";
    r.year = 2026;
    r.version = version;
    r.sealed = crypto::randomBytes(bytes);
    r.payloadHash = crypto::contentHash(r.sealed);
    r.updatedAt = updatedAt;
    const auto signature = crypto::sign(author, crypto::asBytes(kiosk::recordSigningTextOf(r)));
    r.authorSignature.assign(signature.begin(), signature.end());
    REQUIRE(store.saveRecord(r).ok());
}

std::string everyFileOf(const std::filesystem::path& dir) {
    std::string all;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) all += readFile(entry.path());
    }
    return all;
}

}  // namespace osm::test

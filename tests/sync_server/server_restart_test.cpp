// The real server binary, killed with SIGKILL while a kiosk pushes, then restarted: after it
// heals, every record is there exactly once and the database is intact. Also drives the
// operator commands (init, import-roster, enrol-code) as an operator would.
#include "sync_harness.h"

#include "crypto/kdf.h"
#include "storage/database.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <cstdio>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

extern char** environ;

using namespace osm;
using namespace osm::test;

namespace {

std::string runCapture(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    CHECK(pclose(pipe) == 0);
    return out;
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

bool portOpen(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool open = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return open;
}

pid_t startServer(const std::string& data, int port) {
    const std::string portText = std::to_string(port);
    std::vector<std::string> args{OSM_SERVER_BINARY, "--data", data, "serve", "--port", portText};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);  // the access log
    REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    for (int i = 0; i < 200 && !portOpen(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    REQUIRE(portOpen(port));
    return pid;
}

}  // namespace

TEST_CASE("the server killed and restarted during pushes: nothing lost, nothing duplicated") {
    TempDir dir;
    const std::string data = (dir / "server").string();
    const std::string bin = OSM_SERVER_BINARY;
    runCapture(bin + " --data " + data + " init");
    writeFile(dir / "roster.csv",
              "staff_number,name,title,unit,unit_name,service_area,service_area_name,sector,roles,manager\n"
              "1001,Aino Virtanen,varhaiskasvatuksen opettaja,pk_tahtitaivas,Päiväkoti Tähtitaivas,kasvatus_ja_opetus,Kasvatus ja opetus,early_childhood_education,employee,1005\n"
              "1005,Helena Laine,päiväkodinjohtaja,pk_tahtitaivas,Päiväkoti Tähtitaivas,kasvatus_ja_opetus,Kasvatus ja opetus,early_childhood_education,employee|manager|daycare_director,\n");
    CHECK(runCapture(bin + " --data " + data + " import-roster " + (dir / "roster.csv").string()).find("2 people in 1 units imported") !=
          std::string::npos);
    const std::string code = runCapture(bin + " --data " + data + " enrol-code --unit pk_tahtitaivas");
    REQUIRE(code.size() == 15);  // XXXX-XXXX-XXXX and a newline

    const crypto::Salt salt = crypto::randomSalt();
    auto aino = crypto::deriveUserKeys("482915", salt, crypto::minimalKdfParams());
    {
        auto storage = server::openSqliteStorage(data + "/server.db");
        REQUIRE(storage.ok());
        REQUIRE((*storage)->setPin("1001", {crypto::minimalKdfParams().toString(), crypto::toHex(salt), crypto::toHex(aino->verifier)},
                                   crypto::toHex(aino->personKey.publicKey)).ok());
    }

    const int port = freePort();
    pid_t server = startServer(data, port);
    kiosk::HttpTransport http;
    KioskHarness kiosk{http};
    REQUIRE(kiosk.enrol("http://127.0.0.1:" + std::to_string(port), code.substr(0, 14)).ok());

    // 600 queued drafts (three batches), each sealed and signed as the kiosk does.
    constexpr int kRecords = 600;
    {
        kiosk::KioskStore store = kiosk.store();
        for (int i = 0; i < kRecords; ++i) {
            kiosk::StoredRecord r;
            r.id = "r-restart-" + std::to_string(i);
            r.owner = "1001";
            r.formId = "development_discussion_staff";
            r.year = 2026;
            r.version = 1;
            r.sealed = crypto::randomBytes(200);
            r.payloadHash = crypto::contentHash(r.sealed);
            r.updatedAt = i;
            const auto signature = crypto::sign(aino->personKey, crypto::asBytes(kiosk::recordSigningTextOf(r)));
            r.authorSignature.assign(signature.begin(), signature.end());
            REQUIRE(store.saveRecord(r).ok());
        }
    }

    std::mt19937 random(20261127);
    int rounds = 0;
    int kills = 0;
    while (!kiosk.store().unsynced(1)->empty() && rounds < 30) {
        ++rounds;
        std::atomic<bool> done{false};
        std::thread pusher([&] {
            (void)kiosk.engine->syncOnce(unixNow());
            done = true;
        });
        if (kills < 3) {
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(5, 60)(random)));
            kill(server, SIGKILL);
            waitpid(server, nullptr, 0);
            ++kills;
            pusher.join();
            server = startServer(data, port);
        } else {
            pusher.join();
        }
    }
    kill(server, SIGTERM);
    waitpid(server, nullptr, 0);

    CHECK(kills == 3);
    CHECK(kiosk.store().unsynced(1)->empty());
    auto db = storage::Database::open(data + "/server.db");
    REQUIRE(db.ok());
    CHECK(db->isIntact());
    auto count = [&](const char* sql) {
        auto s = db->prepare(sql);
        REQUIRE(*s->step());
        return s->getInt(0);
    };
    CHECK(count("SELECT count(*) FROM record") == kRecords);
    CHECK(count("SELECT count(*) FROM record_version") == kRecords);  // each stored exactly once
    CHECK(count("SELECT count(*) FROM record_conflict") == 0);
}

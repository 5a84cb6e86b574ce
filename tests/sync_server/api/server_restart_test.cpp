// The real server binary, killed with SIGKILL while a kiosk pushes, then restarted: after it
// heals, every record is there exactly once and the database is intact. Also drives the
// operator commands (init, import-roster, enrol-code) as an operator would.
#include "sync_server/server_process.h"
#include "sync_server/sync_harness.h"

#include "faults/fault_support.h"

#include "crypto/kdf.h"
#include "storage/database.h"

#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

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

}  // namespace

TEST_CASE("the server killed and restarted during pushes: nothing lost, nothing duplicated") {
    TempDir dir;
    const std::string data = (dir / "server").string();
    const std::string bin = OSM_SERVER_BINARY;
    runCapture(bin + " --data " + data + " init");
    writeFile(dir / "roster.csv",
              "staff_number,name,title,unit,unit_name,service_area,service_area_name,sector,roles,manager\n"
              "1001,Aino Virtanen,varhaiskasvatuksen opettaja,pk_tahtitaivas,Päiväkoti "
              "Tähtitaivas,kasvatus_ja_opetus,Kasvatus ja opetus,early_childhood_education,employee,1005\n"
              "1005,Helena Laine,päiväkodinjohtaja,pk_tahtitaivas,Päiväkoti Tähtitaivas,kasvatus_ja_opetus,Kasvatus ja "
              "opetus,early_childhood_education,employee|manager|daycare_director,\n");
    CHECK(runCapture(bin + " --data " + data + " import-roster " + (dir / "roster.csv").string())
              .find("2 people in 1 units imported") != std::string::npos);
    const std::string code = runCapture(bin + " --data " + data + " enrol-code --unit pk_tahtitaivas");
    REQUIRE(code.size() == 15);  // XXXX-XXXX-XXXX and a newline

    const crypto::Salt salt = crypto::randomSalt();
    auto aino = crypto::deriveUserKeys("482915", salt, crypto::minimalKdfParams());
    {
        auto storage = server::openSqliteStorage(data + "/server.db");
        REQUIRE(storage.ok());
        REQUIRE(
            (*storage)
                ->setPin("1001",
                         {crypto::minimalKdfParams().toString(), crypto::toHex(salt), crypto::toHex(aino->verifier)},
                         crypto::toHex(aino->personKey.publicKey))
                .ok());
    }

    const int port = freePort();
    ServerProcess server({"--data", data, "serve", "--port", std::to_string(port)});
    kiosk::HttpTransport http;
    KioskHarness kiosk{http};
    REQUIRE(kiosk.enrol("http://127.0.0.1:" + std::to_string(port), code.substr(0, 14)).ok());

    // 600 queued drafts (three batches), each sealed and signed as the kiosk does.
    constexpr int kRecords = 600;
    {
        kiosk::KioskStore store = kiosk.store();
        for (int i = 0; i < kRecords; ++i)
            saveSignedDraft(store, "r-restart-" + std::to_string(i), "1001", aino->personKey, 1, i);
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
            server.stop(SIGKILL);
            ++kills;
            pusher.join();
            server.start();
        } else {
            pusher.join();
        }
    }
    server.stop();

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

// Several kiosks push through a proxy that drops, delays, truncates and resets connections,
// while the real server binary is SIGKILLed and restarted at random. Between rounds the kiosks
// keep editing. After the network heals, everything converges: every record's latest version
// is on the server (as the record, or kept beside it as a conflict), none twice, and the
// database is intact. OSM_FAULT_ROUNDS makes it longer (./dev.sh faults).
#include "fault_support.h"
#include "proxy.h"

#include "../sync_server/server_process.h"
#include "../sync_server/sync_harness.h"
#include "crypto/kdf.h"
#include "storage/database.h"

#include <doctest/doctest.h>

#include <csignal>

#include <map>
#include <random>
#include <thread>

using namespace osm;
using namespace osm::test;

namespace {

struct Author {
    std::string staffNumber;
    crypto::UserKeys keys;
};

}  // namespace

TEST_CASE("kiosks behind a faulty network, the server killed at random: after healing, all converge") {
    const int kiosks = 3;
    const int recordsPerKiosk = 60;
    const auto rounds = static_cast<int>(envNumber("OSM_FAULT_ROUNDS", 12));
    std::mt19937 random(seedFromEnv());

    TempDir dir;
    const server::ServerPaths paths{dir / "server", dir / "server" / "keys"};
    REQUIRE(server::initServer(paths).ok());
    std::vector<std::string> codes;
    std::vector<Author> authors;
    {
        auto storage = server::openSqliteStorage(paths.databasePath());
        REQUIRE(storage.ok());
        auto org = domain::loadOrganisationFile(assetsDir() / "demo" / "organisation.json");
        REQUIRE((org.ok() && (*storage)->importOrganisation(*org).ok()));
        for (const char* staffNumber : {"1001", "1002"}) {
            const crypto::Salt salt = crypto::randomSalt();
            auto keys = crypto::deriveUserKeys("482915", salt, crypto::minimalKdfParams());
            REQUIRE(keys.ok());
            REQUIRE((*storage)
                        ->setPin(
                            staffNumber,
                            {crypto::minimalKdfParams().toString(), crypto::toHex(salt), crypto::toHex(keys->verifier)},
                            crypto::toHex(keys->personKey.publicKey))
                        .ok());
            authors.push_back({staffNumber, std::move(*keys)});
        }
        for (int k = 0; k < kiosks; ++k)
            codes.push_back(*server::createEnrolmentCode(**storage, "pk_tahtitaivas", 3600, unixNow()));
    }

    const int serverPort = freePort();
    ServerProcess server({"--data", paths.dataDir.string(), "serve", "--port", std::to_string(serverPort)});
    FaultyProxy proxy(serverPort, static_cast<unsigned>(random()));

    std::vector<std::unique_ptr<kiosk::HttpTransport>> transports;
    std::vector<std::unique_ptr<KioskHarness>> terminals;
    std::map<std::string, std::uint64_t> latest;  // id → newest version on any kiosk
    for (int k = 0; k < kiosks; ++k) {
        transports.push_back(std::make_unique<kiosk::HttpTransport>());
        terminals.push_back(std::make_unique<KioskHarness>(*transports.back()));
        REQUIRE(terminals.back()->enrol(proxy.url(), codes[static_cast<std::size_t>(k)]).ok());
        kiosk::KioskStore store = terminals.back()->store();
        for (int i = 0; i < recordsPerKiosk; ++i) {
            const std::string id = "r-k" + std::to_string(k) + "-" + std::to_string(i);
            const Author& author = authors[static_cast<std::size_t>(i % 2)];
            saveSignedDraft(store, id, author.staffNumber, author.keys.personKey, 1, unixNow(), 250);
            latest[id] = 1;
        }
    }

    proxy.setFaults(true);
    int kills = 0;
    for (int round = 0; round < rounds; ++round) {
        std::vector<std::thread> pushes;
        for (auto& t : terminals) pushes.emplace_back([&t] { (void)t->engine->syncOnce(unixNow()); });
        if (std::uniform_int_distribution<int>(0, 1)(random) == 1) {
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(5, 150)(random)));
            server.stop(SIGKILL);
            ++kills;
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 300)(random)));
            server.start();
        }
        for (std::thread& t : pushes) t.join();
        // The staff keep writing: a few records get a new version on their kiosk.
        for (int k = 0; k < kiosks; ++k) {
            kiosk::KioskStore store = terminals[static_cast<std::size_t>(k)]->store();
            for (int edits = 0; edits < 5; ++edits) {
                const int i = std::uniform_int_distribution<int>(0, recordsPerKiosk - 1)(random);
                const std::string id = "r-k" + std::to_string(k) + "-" + std::to_string(i);
                if ((*store.record(id))->conflict) continue;
                const Author& author = authors[static_cast<std::size_t>(i % 2)];
                saveSignedDraft(store, id, author.staffNumber, author.keys.personKey, ++latest[id], unixNow(), 250);
            }
        }
    }

    // Healed: the network is clean and the server stays up.
    proxy.setFaults(false);
    for (auto& t : terminals) {
        for (int tries = 0; tries < 20 && !t->store().unsynced(1)->empty(); ++tries) {
            // As the kiosk's sync worker does, wait when the server says it asks too often.
            if (t->engine->syncOnce(unixNow()).refusal == "rate_limited")
                std::this_thread::sleep_for(std::chrono::seconds(1));
        }
        CHECK(t->store().unsynced(1)->empty());
    }
    server.stop();

    const auto counts = proxy.counts();
    std::string summary;
    for (int f = 0; f < static_cast<int>(FaultyProxy::Fault::Count); ++f) {
        summary += std::string(FaultyProxy::faultName(static_cast<FaultyProxy::Fault>(f))) + " " +
                   std::to_string(counts[static_cast<std::size_t>(f)]) + ", ";
    }
    auto db = storage::Database::open(paths.databasePath());
    REQUIRE(db.ok());
    CHECK(db->isIntact());
    auto count = [&](const std::string& sql) {
        auto s = db->prepare(sql);
        REQUIRE(*s->step());
        return s->getInt(0);
    };
    const std::int64_t conflicts = count("SELECT count(*) FROM record_conflict");
    MESSAGE(rounds << " rounds, " << kills << " server kills; connections: " << summary << conflicts
                   << " versions kept as conflicts (an answer lost, then edited again)");
    CHECK(count("SELECT count(*) FROM record") == kiosks * recordsPerKiosk);
    // Zero lost: each record's newest version is on the server, as the record or beside it.
    int onServer = 0;
    int keptBeside = 0;
    for (const auto& t : terminals) {
        for (const auto& a : authors) {
            auto records = t->store().recordsOf(a.staffNumber);
            REQUIRE(records.ok());
            for (const kiosk::StoredRecord& r : *records) {
                CHECK(r.version == latest[r.id]);
                auto s = db->prepare("SELECT count(*) FROM record WHERE id = ? AND version = ? AND content_hash = ?");
                s->bind(1, r.id).bind(2, static_cast<std::int64_t>(r.version)).bind(3, r.payloadHash);
                REQUIRE(*s->step());
                auto c = db->prepare(
                    "SELECT count(*) FROM record_conflict WHERE id = ? AND version = ? AND content_hash = ?");
                c->bind(1, r.id).bind(2, static_cast<std::int64_t>(r.version)).bind(3, r.payloadHash);
                REQUIRE(*c->step());
                CHECK(s->getInt(0) + c->getInt(0) == 1);  // exactly once
                onServer += static_cast<int>(s->getInt(0));
                keptBeside += static_cast<int>(c->getInt(0));
                CHECK(r.conflict == (c->getInt(0) == 1));
            }
        }
    }
    CHECK(onServer + keptBeside == kiosks * recordsPerKiosk);
    // Zero duplicated: no version of a record stored twice under different contents.
    CHECK(
        count(
            "SELECT count(*) FROM (SELECT id, version FROM record_version GROUP BY id, version HAVING count(*) > 1)") ==
        0);
    CHECK(count("SELECT count(*) FROM record r JOIN record_version v ON v.id = r.id AND v.version = r.version "
                "AND v.content_hash = r.content_hash") == kiosks * recordsPerKiosk);
}

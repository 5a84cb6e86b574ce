// kill -9 of the kiosk at random moments during 1,000 draft saves (kiosk_saver: the real app
// and store, no window). After every kill: the last save acknowledged before it is there (or
// a newer one), the record opens with the person's key, and integrity_check is ok.
// OSM_FAULT_SAVES changes the number of saves (./dev.sh faults runs more).
#include "fault_support.h"

#include "local_store.h"
#include "crypto/aead.h"
#include "crypto/kdf.h"
#include "storage/database.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <csignal>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>

using namespace osm;
using namespace osm::test;

namespace {

struct Check {
    std::uint64_t version = 0;
    bool opens = false;
    bool matches = false;
};

Check checkStore(const std::filesystem::path& db) {
    Check out;
    auto raw = storage::Database::open(db.string());
    REQUIRE(raw.ok());
    REQUIRE(raw->isIntact());
    auto store = kiosk::KioskStore::open(db.string());
    REQUIRE(store.ok());
    auto records = store->recordsOf("1001");
    REQUIRE(records.ok());
    if (records->empty()) return out;
    REQUIRE(records->size() == 1);
    const kiosk::StoredRecord& r = records->front();
    auto person = store->person("1001");
    REQUIRE((person.ok() && person->has_value() && !(*person)->pin.empty()));
    const kiosk::Credential& pin = (*person)->pin;
    auto keys =
        crypto::deriveUserKeys("482915", *crypto::saltFromHex(pin.saltHex), *crypto::KdfParams::parse(pin.kdfParams));
    REQUIRE(keys.ok());
    auto plain = crypto::open(keys->draftKey, {r.id, r.owner, r.version}, r.sealed);
    out.version = r.version;
    out.opens = plain.ok();
    out.matches = plain.ok() && plain->find("\"tallennus-" + std::to_string(r.version) + "\"") != std::string::npos;
    return out;
}

}  // namespace

TEST_CASE("kill -9 during 1,000 draft saves: every acknowledged save is there and opens") {
    const std::uint64_t saves = envNumber("OSM_FAULT_SAVES", 1000);
    TempDir dir;
    std::mt19937 random(seedFromEnv());
    std::uint64_t acknowledged = 0;
    std::uint64_t stored = 0;  // what the store held after the previous run
    int kills = 0;
    bool finished = false;
    for (int run = 0; run < 2000 && !finished; ++run) {
        Child child = spawnWithPipe({OSM_KIOSK_SAVER, dir.path().string(), std::to_string(saves)});
        // One run in five is killed while starting (opening the store, logging in); the others
        // a random 0–150 ms after their first acknowledged save, so every run is cut mid-work
        // however slow the build (the sanitizer build starts far slower).
        const bool duringStartup = std::uniform_int_distribution<int>(0, 4)(random) == 0;
        const auto cut =
            std::chrono::milliseconds(std::uniform_int_distribution<int>(0, duringStartup ? 50 : 150)(random));
        std::string pending;
        enum class Read { Data, Nothing, End };
        auto consume = [&](int timeoutMs) {
            pollfd p{child.out, POLLIN, 0};
            if (::poll(&p, 1, timeoutMs) <= 0) return Read::Nothing;
            char buffer[4096];
            const ssize_t n = ::read(child.out, buffer, sizeof buffer);
            if (n <= 0) return Read::End;
            pending.append(buffer, static_cast<std::size_t>(n));
            for (std::size_t eol; (eol = pending.find('\n')) != std::string::npos; pending.erase(0, eol + 1)) {
                acknowledged = std::max<std::uint64_t>(acknowledged, std::stoull(pending.substr(0, eol)));
            }
            return Read::Data;
        };
        bool exited = false;
        const std::uint64_t before = acknowledged;
        auto deadline = std::chrono::steady_clock::now() + (duringStartup ? cut : std::chrono::seconds(60));
        bool started = duringStartup;
        while (!exited && std::chrono::steady_clock::now() < deadline) {
            exited = consume(5) == Read::End;
            if (!started && acknowledged > before) {
                started = true;
                deadline = std::chrono::steady_clock::now() + cut;
            }
        }
        if (!exited) {
            ::kill(child.pid, SIGKILL);
            ++kills;
        }
        int status = 0;
        ::waitpid(child.pid, &status, 0);
        while (consume(1000) == Read::Data) {}  // what it acknowledged just before the kill is still in the pipe
        ::close(child.out);
        if (exited) {
            REQUIRE_MESSAGE((WIFEXITED(status) && WEXITSTATUS(status) == 0), "kiosk_saver failed; see its stderr");
            finished = true;
        }
        const Check c = checkStore(dir / "kiosk.db");
        REQUIRE(c.version >= acknowledged);  // nothing acknowledged is lost
        // Beyond that, at most the one save under way when killed (each run acknowledges a save
        // before it starts the next; a run may die before acknowledging its first).
        REQUIRE(c.version <= std::max(acknowledged, stored) + 1);
        stored = c.version;
        if (c.version > 0) {
            REQUIRE(c.opens);
            REQUIRE(c.matches);
        }
    }
    MESSAGE(kills << " kills during " << saves << " saves");
    CHECK(finished);
    CHECK(acknowledged == saves);
    CHECK(kills > 0);
}

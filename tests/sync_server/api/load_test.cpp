// The hardening round's combined load, against the real server binary on loopback: 200 slow
// connections (each half a request, trickled) and 128 parallel sign-ins at HR's page, while a
// kiosk of the real client code (SyncEngine over HttpTransport) syncs. Its sync must still
// complete, within a generous bound of its own unloaded time measured in the same run, and the
// server's memory must stay bounded.
// The figures go to the test's output (docs/security.md and docs/performance.md quote a run).
// OSM_LOAD_SIGN_INS changes the number of sign-ins (e.g. to spare a shared machine), and
// OSM_LOAD_THREADS the server's --threads (128 was the fixed pool before the hardening round).
#include "sync_server/hr/hr_web_fixture.h"
#include "sync_server/server_process.h"
#include "sync_server/slow_clients.h"
#include "sync_server/sync_harness.h"

#include "storage/sync_storage.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <thread>
#include <vector>

using namespace osm;
using namespace osm::test;
namespace fs = std::filesystem;

namespace {

constexpr int kSlowClients = 200;
constexpr int kDraftsPerSync = 20;

int signInCount() {
    const char* text = std::getenv("OSM_LOAD_SIGN_INS");
    return text != nullptr ? std::max(1, std::atoi(text)) : 128;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The demo server (HR's account among its data) with Aino's cheap PIN, and a kiosk enrolled to it.
struct LoadDeployment {
    TempDir dir;
    fs::path data = dir.path() / "server";
    std::unique_ptr<ServerProcess> server;
    kiosk::HttpTransport http;
    KioskHarness kiosk{http};
    crypto::SigningKeyPair aino;
    int queued = 0;

    LoadDeployment() {
        REQUIRE(runServerCommand({"--data", data.string(), "init", "--demo"}).exitCode == 0);
        const crypto::Salt salt = crypto::randomSalt();
        auto keys = crypto::deriveUserKeys("482915", salt, crypto::minimalKdfParams());
        REQUIRE(keys.ok());
        aino = std::move(keys->personKey);
        {
            auto storage = server::openSqliteStorage((data / "server.db").string());
            REQUIRE(storage.ok());
            REQUIRE((*storage)
                        ->setPin(
                            "1001",
                            {crypto::minimalKdfParams().toString(), crypto::toHex(salt), crypto::toHex(keys->verifier)},
                            crypto::toHex(keys->personKey.publicKey))
                        .ok());
        }
        std::vector<std::string> serve{"--data", data.string(), "serve", "--port", "0"};
        if (const char* threads = std::getenv("OSM_LOAD_THREADS")) serve.insert(serve.end(), {"--threads", threads});
        server = std::make_unique<ServerProcess>(serve);
        const CommandResult code =
            runServerCommand({"--data", data.string(), "enrol-code", "--unit", "pk_tahtitaivas"});
        REQUIRE(code.exitCode == 0);
        REQUIRE(kiosk.enrol(url(), code.output.substr(0, 14)).ok());
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }

    // Queues drafts and syncs them; returns the sync's seconds.
    double timedSync() {
        kiosk::KioskStore store = kiosk.store();
        for (int i = 0; i < kDraftsPerSync; ++i, ++queued) {
            REQUIRE(store.saveRecord(signedTestDraft("r-load-" + std::to_string(queued), aino, 300, queued)).ok());
        }
        const auto start = std::chrono::steady_clock::now();
        const kiosk::SyncReport report = kiosk.engine->syncOnce(unixNow());
        const double seconds = secondsSince(start);
        CHECK(report.reachable);
        CHECK(report.refusal.empty());
        CHECK(report.stored == kDraftsPerSync);
        return seconds;
    }
};

// `count` sign-ins at once, each on its own connection and through the sign-in form (its token
// and cookie), with names that do not exist (the password is checked against a decoy all the
// same, and nobody's account is slowed). Returns how many were answered; `refusedByForm` counts
// those the form check refused (none should be: each must reach the password check or its gate).
int parallelSignIns(int port, int count, std::atomic<int>& refusedByForm) {
    std::atomic<int> answered{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([port, i, &answered, &refusedByForm] {
            httplib::Client client("127.0.0.1", port);
            client.set_read_timeout(120, 0);
            auto page = client.Get("/hr/");
            if (!page) return;
            const std::string token = formValue(page->body, "login_token");
            std::string cookie = page->get_header_value("Set-Cookie");
            cookie = cookie.substr(0, cookie.find(';'));
            const std::string form = "login_token=" + HrWebFixture::formEncode(token) + "&username=load-" +
                                     std::to_string(i) + "&password=not-the-password-" + std::to_string(i);
            if (auto res = client.Post("/hr/login", httplib::Headers{{"Cookie", cookie}}, form,
                                       "application/x-www-form-urlencoded")) {
                ++answered;
                if (res->status == 403) ++refusedByForm;
            }
        });
    }
    for (std::thread& t : threads) t.join();
    return answered.load();
}

}  // namespace

TEST_CASE("a kiosk syncs within its usual time under 200 slow clients and 128 parallel HR sign-ins") {
    LoadDeployment d;
    const pid_t pid = d.server->pid();
    double baseline = 0;
    for (int i = 0; i < 3; ++i) baseline = std::max(baseline, d.timedSync());
    const std::int64_t before = residentKiB(pid);

    double loaded = 0;
    int answered = 0;
    int reconnects = 0;
    std::atomic<int> refusedByForm{0};
    const int signIns = signInCount();
    {
        SlowClients slow(d.server->port(), kSlowClients, 1000, false);  // every one half a request
        std::this_thread::sleep_for(std::chrono::seconds(2));           // every slow client in place
        std::thread hr([&] { answered = parallelSignIns(d.server->port(), signIns, refusedByForm); });
        std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the sign-ins under way
        for (int i = 0; i < 3; ++i) loaded = std::max(loaded, d.timedSync());
        hr.join();
        reconnects = slow.reconnects();
    }
    const std::int64_t peak = peakResidentKiB(pid);
    const std::int64_t after = residentKiB(pid);
    MESSAGE("sync unloaded " << baseline << " s, under load " << loaded << " s; " << answered << "/" << signIns
                             << " sign-ins answered; slow clients reconnected " << reconnects << " times; server RSS "
                             << before / 1024 << " MiB before, peak " << peak / 1024 << " MiB, " << after / 1024
                             << " MiB after");
    CHECK(answered == signIns);
    CHECK(refusedByForm.load() == 0);  // every sign-in reached the password check (or its gate)
    // Generous against noise (the goal, 1 s, is what docs/performance.md shows measured).
    CHECK(loaded < baseline + 5.0);
    // Bounded: well under what 128 unbounded Argon2id sign-ins took (4.1 GiB).
    CHECK(peak - before < 1024 * 1024);
}

namespace {

// `parallel` clients at once, each posting `body` to `path` unsigned; returns the statuses (0:
// the connection was cut, as the server may do once it has refused a body it will not read).
std::vector<int> unsignedBurst(int port, const std::string& path, const std::string& body, int parallel) {
    std::vector<int> statuses(static_cast<std::size_t>(parallel), 0);
    std::vector<std::thread> threads;
    for (int i = 0; i < parallel; ++i) {
        threads.emplace_back([&, i] {
            httplib::Client client("127.0.0.1", port);
            client.set_read_timeout(30, 0);
            if (auto res = client.Post(path.c_str(), body, "application/json"))
                statuses[static_cast<std::size_t>(i)] = res->status;
        });
    }
    for (std::thread& t : threads) t.join();
    return statuses;
}

}  // namespace

// Issue 20, item 1: a 4 MiB body of "{}"s cost /enrol ~150 MiB (37× the body) before any check,
// and stayed taken.
TEST_CASE("a request not yet authenticated costs at most twice its body, and the memory comes back") {
    TempDir dir;
    const fs::path data = dir.path() / "server";
    REQUIRE(runServerCommand({"--data", data.string(), "init"}).exitCode == 0);
    ServerProcess server({"--data", data.string(), "serve", "--port", "0"});
    httplib::Client probe("127.0.0.1", server.port());
    REQUIRE(probe.Get("/api/v1/health"));
    const std::int64_t before = residentKiB(server.pid());

    // The server refuses an enrolment's 4 MiB body unread and closes; cpp-httplib's client then
    // writes to a closed socket without MSG_NOSIGNAL.
    std::signal(SIGPIPE, SIG_IGN);
    constexpr int kParallel = 8;
    constexpr std::size_t kBody = 4 * 1024 * 1024 - 64;
    std::string junk = "[";
    while (junk.size() < kBody - 3) junk += "{},";
    junk += "{}]";
    for (int round = 0; round < 3; ++round) {
        for (int status : unsignedBurst(server.port(), "/api/v1/enrol", junk, kParallel)) {
            CHECK((status == 413 || status == 0));
        }
        for (int status : unsignedBurst(server.port(), "/api/v1/push", junk, kParallel)) {
            CHECK((status == 401 || status == 429));
        }
    }
    REQUIRE(probe.Get("/api/v1/health"));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const std::int64_t peak = peakResidentKiB(server.pid());
    const std::int64_t after = residentKiB(server.pid());
    MESSAGE("server RSS " << before / 1024 << " MiB before, peak " << peak / 1024 << " MiB under " << kParallel
                          << " parallel 4 MiB bodies, " << after / 1024 << " MiB after");
    const std::int64_t bodyKiB = static_cast<std::int64_t>(kBody / 1024);
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer's allocator keeps freed memory in quarantine and never uses glibc's mmap
    // threshold: the figures say nothing about the server's own allocations. The dev build checks.
    (void)bodyKiB;
#else
    CHECK(peak - before <= 2 * kParallel * bodyKiB + 16 * 1024);  // at most 2× each body in flight
    CHECK(after - before <= 16 * 1024);                           // and given back
#endif
}

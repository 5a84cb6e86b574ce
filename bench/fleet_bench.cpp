// Many kiosks at once: KIOSKS enrolled terminals of the real client code (SyncEngine over
// HttpTransport, each with its own store, device key and kept-alive connection) sync every
// INTERVAL seconds against the real server binary on loopback, for DURATION seconds of wall
// time; nothing is compressed unless INTERVAL is shorter than a kiosk's 30 s. Before a sync, a
// share of the kiosks have queued a new or changed draft (pushed, then the roster pull), the
// rest only pull. Latency is measured from the moment a sync was due, so a server (or a client
// pool) that falls behind shows in the figures instead of hiding.
//
// Usage: fleet_bench SERVER_BINARY [KIOSKS=1000] [INTERVAL_S=30] [DURATION_S=90] [CLIENT_THREADS=KIOSKS]
//        [EDIT_SHARE=0.2] [server serve options…]
// Prints one line of key=value figures. At the end the server's database must hold exactly the
// drafts the kiosks queued, at the versions they queued (zero lost).
#include "bench_support.h"

#include "http_transport.h"
#include "storage/database.h"
#include "sync_engine.h"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <queue>
#include <random>
#include <thread>

using namespace osm;
using namespace osm::bench;
namespace fs = std::filesystem;

namespace {

struct Kiosk {
    std::string code;
    const Author* author = nullptr;
    std::unique_ptr<kiosk::HttpTransport> transport;
    std::unique_ptr<kiosk::SyncEngine> engine;
    std::unique_ptr<kiosk::KioskStore> drafts;  // the app's own connection, where drafts are saved
    std::vector<std::uint64_t> versions;        // of drafts d-<index>-<n>
};

struct Outcome {
    std::mutex mutex;
    std::vector<double> latency;  // ms from due to done
    std::vector<double> service;  // ms from start to done
    long errors = 0;
    long pushes = 0;
    std::string firstError;

    void add(double fromDue, double fromStart, const std::string& error, bool pushed) {
        std::lock_guard lock(mutex);
        latency.push_back(fromDue);
        service.push_back(fromStart);
        if (pushed) ++pushes;
        if (!error.empty()) {
            ++errors;
            if (firstError.empty()) firstError = error;
        }
    }
};

std::string describe(const kiosk::SyncReport& report, int queued) {
    if (!report.reachable) return "unreachable";
    if (!report.refusal.empty()) return "refused: " + report.refusal;
    if (report.refused > 0 || report.conflicts > 0) return "records refused or in conflict";
    if (report.stored + report.unchanged != queued) return "not every queued draft was acknowledged";
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2)
        die("usage: fleet_bench SERVER_BINARY [KIOSKS] [INTERVAL_S] [DURATION_S] [CLIENT_THREADS] [EDIT_SHARE] [serve "
            "options…]");
    const std::string binary = argv[1];
    const int kiosks = argc > 2 ? std::stoi(argv[2]) : 1000;
    const double interval = argc > 3 ? std::stod(argv[3]) : 30.0;
    const double duration = argc > 4 ? std::stod(argv[4]) : 90.0;
    const int clientThreads = argc > 5 ? std::stoi(argv[5]) : kiosks;  // one per kiosk: nobody waits for a free client
    const double editShare = argc > 6 ? std::stod(argv[6]) : 0.2;
    std::vector<std::string> serveOptions(argv + std::min(argc, 7), argv + argc);

    const fs::path dir = fs::temp_directory_path() / ("osm-fleet-bench-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    ServerData data(dir / "server", syntheticCity(kiosks, 8));
    std::vector<Kiosk> fleet(static_cast<std::size_t>(kiosks));
    for (std::size_t i = 0; i < fleet.size(); ++i) {
        fleet[i].author = &data.authors()[i];
        fleet[i].code = data.enrolmentCode(data.authors()[i].unitId);
    }
    data.close();

    ServerProcess server(binary, dir / "server", serveOptions);
    const std::string url = server.url();

    // Enrol every kiosk and run its first sync (roster and catalogue), as terminals already in use.
    std::atomic<int> setupFailures{0};
    parallel(fleet.size(), 8, [&](std::size_t i) {
        Kiosk& k = fleet[i];
        const fs::path home = dir / ("k" + std::to_string(i));
        fs::create_directories(home);
        auto store = kiosk::KioskStore::open((home / "kiosk.db").string());
        auto drafts = kiosk::KioskStore::open((home / "kiosk.db").string());
        if (!store || !drafts) die("kiosk store");
        k.transport = std::make_unique<kiosk::HttpTransport>();
        k.engine = std::make_unique<kiosk::SyncEngine>(std::move(*store), home / "device.key", *k.transport);
        k.drafts = std::make_unique<kiosk::KioskStore>(std::move(*drafts));
        if (!k.engine->enrol(url, k.code, unixNow()) || !describe(k.engine->syncOnce(unixNow()), 0).empty())
            ++setupFailures;
    });
    if (setupFailures > 0) die(std::to_string(setupFailures.load()) + " kiosks could not enrol or sync");

    // The schedule: each kiosk first syncs at a random moment of the first interval, then every
    // interval. A min-heap of (due, kiosk) shared by the client threads.
    using Due = std::pair<Clock::time_point, std::size_t>;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> schedule;
    std::mt19937 random(12345);
    std::uniform_real_distribution<double> offset(0.0, interval);
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(duration));
    for (std::size_t i = 0; i < fleet.size(); ++i) {
        schedule.push(
            {start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(offset(random))), i});
    }
    std::mutex scheduleMutex;
    std::condition_variable wake;
    Outcome outcome;
    const double cpuBefore = server.cpuSeconds();
    const double ownBefore = ownCpuSeconds();
    std::vector<std::thread> clients;
    for (int t = 0; t < clientThreads; ++t) {
        clients.emplace_back([&, t] {
            std::mt19937 chance(static_cast<unsigned>(t) + 1);
            std::uniform_real_distribution<double> unit(0.0, 1.0);
            while (true) {
                Due due;
                {
                    std::unique_lock lock(scheduleMutex);
                    while (true) {
                        if (schedule.empty() || schedule.top().first >= end) return;
                        const Clock::time_point next = schedule.top().first;  // copied: the heap changes while we wait
                        if (next <= Clock::now()) break;
                        wake.wait_until(lock, next);
                    }
                    due = schedule.top();
                    schedule.pop();
                }
                Kiosk& k = fleet[due.second];
                int queued = 0;
                if (unit(chance) < editShare) {
                    // Someone wrote at this terminal since its last sync: a new draft or a new version.
                    std::size_t which = static_cast<std::size_t>(unit(chance) * static_cast<double>(k.versions.size()));
                    if (k.versions.empty() || unit(chance) < 0.5) {
                        which = k.versions.size();
                        k.versions.push_back(0);
                    }
                    const std::uint64_t version = ++k.versions[which];
                    queueDraft(*k.drafts, *k.author, "d-" + std::to_string(due.second) + "-" + std::to_string(which),
                               version);
                    queued = 1;
                }
                const auto started = Clock::now();
                const kiosk::SyncReport report = k.engine->syncOnce(unixNow());
                const auto done = Clock::now();
                outcome.add(millis(due.first, done), millis(started, done), describe(report, queued), queued > 0);
                {
                    std::lock_guard lock(scheduleMutex);
                    schedule.push({due.first + std::chrono::duration_cast<Clock::duration>(
                                                   std::chrono::duration<double>(interval)),
                                   due.second});
                }
                wake.notify_one();
            }
        });
    }
    for (auto& c : clients) c.join();
    const double wall = seconds(start, Clock::now());
    const double serverCpu = server.cpuSeconds() - cpuBefore;
    const double clientCpu = ownCpuSeconds() - ownBefore;
    const long serverRss = server.residentKiB();

    // Zero lost: every queued draft on the server, at its latest version (versions add up).
    std::uint64_t expectedRecords = 0;
    std::uint64_t expectedVersions = 0;
    for (const Kiosk& k : fleet) {
        expectedRecords += k.versions.size();
        for (std::uint64_t v : k.versions) expectedVersions += v;
    }
    fleet.clear();
    std::int64_t storedRecords = -1;
    std::int64_t storedVersions = -1;
    {
        auto db = storage::Database::open((dir / "server" / "server.db").string(), {storage::Durability::Full, true});
        if (!db) die(db.error().message);
        auto s = db->prepare("SELECT count(*), coalesce(sum(version), 0) FROM record");
        if (!s) die(s.error().message);
        if (auto row = s->step(); row && *row) {
            storedRecords = s->getInt(0);
            storedVersions = s->getInt(1);
        }
    }
    const bool complete = storedRecords == static_cast<std::int64_t>(expectedRecords) &&
                          storedVersions == static_cast<std::int64_t>(expectedVersions);

    std::printf(
        "fleet kiosks=%d interval_s=%.0f duration_s=%.0f client_threads=%d syncs=%zu pushes=%ld errors=%ld "
        "p50_ms=%.1f p99_ms=%.1f max_ms=%.1f service_p99_ms=%.1f server_cpu_pct=%.1f client_cpu_pct=%.1f "
        "server_rss_mib=%.0f drafts=%llu versions=%llu server_drafts=%lld server_versions=%lld server_has_all=%s\n",
        kiosks, interval, duration, clientThreads, outcome.latency.size(), outcome.pushes, outcome.errors,
        percentile(outcome.latency, 50), percentile(outcome.latency, 99), percentile(outcome.latency, 100),
        percentile(outcome.service, 99), serverCpu / wall * 100.0, clientCpu / wall * 100.0,
        static_cast<double>(serverRss) / 1024.0, static_cast<unsigned long long>(expectedRecords),
        static_cast<unsigned long long>(expectedVersions), static_cast<long long>(storedRecords),
        static_cast<long long>(storedVersions), complete ? "yes" : "NO");
    if (!outcome.firstError.empty()) std::printf("  first error: %s\n", outcome.firstError.c_str());
    fs::remove_all(dir);
    return complete ? 0 : 1;
}

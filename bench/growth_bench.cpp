// How the cost grows with the number of records the server holds. For each SIZE: a city of
// SIZE/100 units with a kiosk each and 10 people each (so 10 records per person, one in ten a
// submitted pre-form sealed to the server, the rest 2 KiB drafts), every kiosk pushing its
// unit's share to the real server binary (4 kiosks at a time). Then, with the server holding
// SIZE records: the database size, a kiosk's routine sync (nothing new), a new kiosk's first
// sync (roster and catalogue), a person pulling their own drafts, and HR's completion report
// (`osaamissilta-server hr-report completion`, which decrypts every submitted form).
//
// Usage: growth_bench SERVER_BINARY SIZE... (e.g. 1000 10000 100000). One key=value line each.
#include "bench_support.h"

#include "http_transport.h"
#include "sync_engine.h"

#include <atomic>
#include <cstdlib>
#include <cstdio>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

using namespace osm;
using namespace osm::bench;
namespace fs = std::filesystem;

namespace {

constexpr int kPeoplePerUnit = 10;
constexpr int kRecordsPerUnit = 100;

double runQuietly(std::vector<std::string> args) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const auto t0 = Clock::now();
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) die("cannot run " + args[0]);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) die(args[0] + " " + args[3] + " failed");
    return seconds(t0, Clock::now());
}

struct Terminal {
    std::unique_ptr<kiosk::HttpTransport> transport;
    std::unique_ptr<kiosk::SyncEngine> engine;
};

Terminal enrolTerminal(const fs::path& home, const std::string& url, const std::string& code) {
    fs::create_directories(home);
    auto store = kiosk::KioskStore::open((home / "kiosk.db").string());
    if (!store) die(store.error().message);
    Terminal t{std::make_unique<kiosk::HttpTransport>(), nullptr};
    t.engine = std::make_unique<kiosk::SyncEngine>(std::move(*store), home / "device.key", *t.transport);
    if (auto device = t.engine->enrol(url, code, unixNow()); !device) die("enrolment: " + device.error().message);
    return t;
}

void measure(const std::string& binary, int size) {
    const int units = std::max(1, size / kRecordsPerUnit);
    const fs::path dir = fs::temp_directory_path() / ("osm-growth-bench-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    ServerData data(dir / "server", syntheticCity(units, kPeoplePerUnit));
    std::vector<std::string> codes;
    for (const Author& a : data.authors()) codes.push_back(data.enrolmentCode(a.unitId));
    constexpr int kNewKiosks = 5;
    for (int i = 0; i < kNewKiosks; ++i) codes.push_back(data.enrolmentCode(data.authors()[0].unitId));
    ServerProcess server(binary, dir / "server");

    // Every unit's terminal queues its share (a tenth of it submitted pre-forms), offline.
    std::vector<Terminal> terminals(static_cast<std::size_t>(units));
    parallel(terminals.size(), 4, [&](std::size_t u) {
        const fs::path home = dir / ("k" + std::to_string(u));
        terminals[u] = enrolTerminal(home, server.url(), codes[u]);
        auto queue = kiosk::KioskStore::open((home / "kiosk.db").string());
        if (!queue) die(queue.error().message);
        const Author& author = data.authors()[u];
        for (int r = 0; r < kRecordsPerUnit; ++r) {
            const std::string id = "r-" + std::to_string(u) + "-" + std::to_string(r);
            if (r % 10 == 0) {
                queueSubmitted(*queue, author, id, data.serverKey(), data.sampleSubmission());
            } else {
                queueDraft(*queue, author, id, 1);
            }
        }
    });

    std::atomic<int> stored{0};
    const auto t0 = Clock::now();
    parallel(terminals.size(), 4, [&](std::size_t u) { stored += terminals[u].engine->syncOnce(unixNow()).stored; });
    const double pushSeconds = seconds(t0, Clock::now());
    if (stored != units * kRecordsPerUnit) die("only " + std::to_string(stored.load()) + " records stored");

    std::vector<double> routine;
    for (int i = 0; i < 30; ++i) {
        const auto s = Clock::now();
        const kiosk::SyncReport report = terminals[0].engine->syncOnce(unixNow());
        if (!report.reachable || !report.refusal.empty()) die("routine sync failed");
        routine.push_back(millis(s, Clock::now()));
    }
    std::vector<double> firstSync;
    for (int i = 0; i < kNewKiosks; ++i) {
        Terminal t =
            enrolTerminal(dir / ("new" + std::to_string(i)), server.url(), codes[static_cast<std::size_t>(units + i)]);
        const auto s = Clock::now();
        const kiosk::SyncReport report = t.engine->syncOnce(unixNow());
        if (report.rosterChanges != kPeoplePerUnit) die("the new kiosk's roster is incomplete");
        firstSync.push_back(millis(s, Clock::now()));
    }
    std::vector<double> personPull;
    for (int i = 0; i < 10; ++i) {
        const auto s = Clock::now();
        const kiosk::SyncReport report =
            terminals[0].engine->pullForPerson(data.authors()[0].staffNumber, data.authors()[0].key, unixNow());
        if (!report.reachable || !report.refusal.empty()) die("person pull failed");
        personPull.push_back(millis(s, Clock::now()));
    }
    // The first report after the push also meets a cold cache and the push's write-ahead log;
    // the median of three is the steady cost, which is what grows with the records.
    std::vector<double> hrRuns;
    for (int i = 0; i < 3; ++i) {
        hrRuns.push_back(
            runQuietly({binary, "--data", (dir / "server").string(), "hr-report", "completion", "--year", "2026"}));
    }
    const double hrFirst = hrRuns.front();
    const double hrSeconds = median(hrRuns);
    const double dbMiB = databaseMiB(dir / "server");
    std::printf(
        "growth records=%d units=%d people=%d push_s=%.2f records_per_s=%.0f server_db_mib=%.1f routine_sync_ms=%.2f "
        "first_sync_ms=%.1f person_pull_ms=%.1f hr_completion_s=%.2f hr_completion_first_s=%.2f\n",
        units * kRecordsPerUnit, units, units * kPeoplePerUnit, pushSeconds, units * kRecordsPerUnit / pushSeconds,
        dbMiB, median(routine), median(firstSync), median(personPull), hrSeconds, hrFirst);
    std::fflush(stdout);
    terminals.clear();
    // OSM_BENCH_KEEP=1 leaves the server's folder for a profiler (e.g. `perf record` of hr-report).
    if (const char* keep = std::getenv("OSM_BENCH_KEEP"); keep != nullptr && std::string(keep) == "1") {
        std::fprintf(stderr, "kept %s\n", (dir / "server").c_str());
        return;
    }
    fs::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) die("usage: growth_bench SERVER_BINARY SIZE...");
    for (int i = 2; i < argc; ++i) measure(argv[1], std::stoi(argv[i]));
    return 0;
}

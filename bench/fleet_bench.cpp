// Many kiosks at once: KIOSKS enrolled terminals of the real client code (SyncEngine over
// HttpTransport, each with its own store and device key) sync every INTERVAL seconds against the
// real server binary on loopback, for DURATION seconds of wall time; nothing is compressed
// unless INTERVAL is shorter than a kiosk's 30 s. Between two syncs a share of the kiosks have
// saved a new or changed draft (that sync pushes it, then pulls the roster); the rest only pull.
// Latency is measured from the moment a sync was due, so a server (or a client) that falls
// behind shows in the figures instead of hiding.
//
// The kiosks are spread over PROCESSES client processes (one process cannot hold 10,000 kiosks'
// open files), each starting every sync at its due moment from a pool of threads that grows
// whenever none is free, so no kiosk waits for a client thread. The kiosks' stores are on
// $OSM_FLEET_KIOSK_DIR (default /dev/shm): each terminal has a disk of its own, which here would
// otherwise be the server's. The server's data is on the temporary directory's disk.
//
// Usage: fleet_bench SERVER_BINARY [KIOSKS=1000] [INTERVAL_S=30] [DURATION_S=90] [PROCESSES=KIOSKS/2500]
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
#include <deque>
#include <functional>
#include <mutex>
#include <queue>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace osm;
using namespace osm::bench;
namespace fs = std::filesystem;

namespace {

struct Plan {
    std::string url;
    int kiosks = 0;
    double interval = 30.0;
    double duration = 90.0;
    int processes = 1;
    double editShare = 0.2;
    fs::path kioskDir;  // kiosk homes: k<index>
    std::vector<std::string> codes;
    const std::vector<Author>* authors = nullptr;
};

struct Kiosk {
    std::size_t index = 0;
    fs::path home;
    std::unique_ptr<kiosk::HttpTransport> transport;
    std::unique_ptr<kiosk::SyncEngine> engine;
    std::vector<std::uint64_t> versions;  // of drafts d-<index>-<n>, as queued
    int queued = 0;                       // drafts waiting for the next sync
    std::mt19937 random;                  // who writes what at this terminal
};

// What one client process measured; written to a file for the parent.
struct Figures {
    std::vector<double> latency;  // ms from due to done
    std::vector<double> service;  // ms from start to done
    std::vector<double> lag;      // ms from due to start: the client's own lateness
    long errors = 0;
    long pushes = 0;
    long threads = 0;  // the most client threads this process ran
    double cpuSeconds = 0.0;
    std::uint64_t records = 0;
    std::uint64_t versions = 0;
    std::string firstError;
};

std::string describe(const kiosk::SyncReport& report, int queued) {
    if (!report.reachable) return "unreachable";
    if (!report.refusal.empty()) return "refused: " + report.refusal;
    if (report.refused > 0 || report.conflicts > 0) return "records refused or in conflict";
    if (report.stored + report.unchanged != queued) return "not every queued draft was acknowledged";
    return {};
}

Clock::duration span(double secondsValue) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(secondsValue));
}

// Someone wrote at this terminal: a new draft or a new version of one, saved by the app's own
// connection as the kiosk does (not timed: it happens between syncs).
void writeDraft(Kiosk& k, const Author& author) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::size_t which = static_cast<std::size_t>(unit(k.random) * static_cast<double>(k.versions.size()));
    if (k.versions.empty() || unit(k.random) < 0.5) {
        which = k.versions.size();
        k.versions.push_back(0);
    }
    const std::uint64_t version = ++k.versions[which];
    auto drafts = kiosk::KioskStore::open((k.home / "kiosk.db").string());
    if (!drafts) die("kiosk store");
    queueDraft(*drafts, author, "d-" + std::to_string(k.index) + "-" + std::to_string(which), version);
    ++k.queued;
}

// Starts each due sync on a free worker, starting one more when none is free (up to `cap`).
// `run` does the sync and answers when the kiosk is next due.
class Dispatcher {
public:
    using Due = std::pair<Clock::time_point, std::size_t>;
    Dispatcher(std::size_t cap, std::function<Due(Due)> run) : m_cap(cap), m_run(std::move(run)) {}

    void add(Due due) { m_schedule.push(due); }

    // Runs every sync due before `end`; returns the most workers it used.
    std::size_t runUntil(Clock::time_point end) {
        std::unique_lock lock(m_mutex);
        while (true) {
            if (!m_schedule.empty() && m_schedule.top().first < end) {
                const Clock::time_point next = m_schedule.top().first;
                if (next > Clock::now()) {
                    m_scheduler.wait_until(lock, next);
                    continue;
                }
                m_ready.push_back(m_schedule.top());
                m_schedule.pop();
                if (m_idle < m_ready.size() && m_workers.size() < m_cap) {
                    ++m_idle;
                    m_workers.emplace_back([this] { work(); });
                }
                m_work.notify_one();
                continue;
            }
            if (m_busy == 0 && m_ready.empty()) break;
            m_scheduler.wait(lock);
        }
        m_stopping = true;
        lock.unlock();
        m_work.notify_all();
        for (std::thread& t : m_workers) t.join();
        return m_workers.size();
    }

private:
    void work() {
        std::unique_lock lock(m_mutex);
        while (true) {
            m_work.wait(lock, [this] { return m_stopping || !m_ready.empty(); });
            if (m_ready.empty()) return;
            const Due due = m_ready.front();
            m_ready.pop_front();
            --m_idle;
            ++m_busy;
            lock.unlock();
            const Due next = m_run(due);
            lock.lock();
            m_schedule.push(next);
            --m_busy;
            ++m_idle;
            m_scheduler.notify_one();
        }
    }

    const std::size_t m_cap;
    std::function<Due(Due)> m_run;
    std::mutex m_mutex;
    std::condition_variable m_scheduler;
    std::condition_variable m_work;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> m_schedule;
    std::deque<Due> m_ready;
    std::vector<std::thread> m_workers;
    std::size_t m_idle = 0;
    std::size_t m_busy = 0;
    bool m_stopping = false;
};

// Enrols this process's kiosks and runs their first sync (roster and catalogue), as terminals
// already in use; then the drafts written before the first sync of the run.
std::vector<Kiosk> setUpKiosks(const Plan& plan, int process) {
    std::vector<Kiosk> fleet;
    for (int i = process; i < plan.kiosks; i += plan.processes) {
        Kiosk k;
        k.index = static_cast<std::size_t>(i);
        k.home = plan.kioskDir / ("k" + std::to_string(i));
        k.random.seed(12345U + static_cast<unsigned>(i));
        fleet.push_back(std::move(k));
    }
    std::atomic<int> failures{0};
    parallel(fleet.size(), 4, [&](std::size_t i) {
        Kiosk& k = fleet[i];
        fs::create_directories(k.home);
        auto store = kiosk::KioskStore::open((k.home / "kiosk.db").string());
        if (!store) die("kiosk store");
        k.transport = std::make_unique<kiosk::HttpTransport>();
        k.engine = std::make_unique<kiosk::SyncEngine>(std::move(*store), k.home / "device.key", *k.transport);
        if (!k.engine->enrol(plan.url, plan.codes[k.index], unixNow()) ||
            !describe(k.engine->syncOnce(unixNow()), 0).empty())
            ++failures;
    });
    if (failures > 0) die(std::to_string(failures.load()) + " kiosks could not enrol or sync");
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (Kiosk& k : fleet) {
        if (unit(k.random) < plan.editShare) writeDraft(k, (*plan.authors)[k.index]);
    }
    return fleet;
}

// One client process: its share of the kiosks, from the common start until the end.
Figures runClients(const Plan& plan, std::vector<Kiosk>& fleet, Clock::time_point start) {
    const Clock::time_point end = start + span(plan.duration);
    Figures figures;
    std::mutex figuresMutex;
    std::mt19937 random(777U + static_cast<unsigned>(fleet.empty() ? 0 : fleet.front().index));
    std::uniform_real_distribution<double> offset(0.0, plan.interval);
    Dispatcher dispatcher(4000, [&](Dispatcher::Due due) {
        Kiosk& k = fleet[due.second];
        const int queued = k.queued;
        const auto started = Clock::now();
        const kiosk::SyncReport report = k.engine->syncOnce(unixNow());
        const auto done = Clock::now();
        const std::string error = describe(report, queued);
        if (error.empty()) k.queued = 0;
        const Dispatcher::Due next{due.first + span(plan.interval), due.second};
        {
            std::lock_guard lock(figuresMutex);
            figures.latency.push_back(millis(due.first, done));
            figures.service.push_back(millis(started, done));
            figures.lag.push_back(millis(due.first, started));
            if (queued > 0) ++figures.pushes;
            if (!error.empty() && figures.errors++ == 0) figures.firstError = error;
        }
        // A draft is written only where a sync of this run will push it.
        if (next.first < end && std::uniform_real_distribution<double>(0.0, 1.0)(k.random) < plan.editShare)
            writeDraft(k, (*plan.authors)[k.index]);
        return next;
    });
    for (std::size_t i = 0; i < fleet.size(); ++i) dispatcher.add({start + span(offset(random)), i});
    const double cpuBefore = ownCpuSeconds();
    figures.threads = static_cast<long>(dispatcher.runUntil(end));
    figures.cpuSeconds = ownCpuSeconds() - cpuBefore;
    for (const Kiosk& k : fleet) {
        figures.records += k.versions.size();
        for (std::uint64_t v : k.versions) figures.versions += v;
    }
    return figures;
}

void writeFigures(const fs::path& file, const Figures& f) {
    std::FILE* out = std::fopen(file.c_str(), "w");
    if (out == nullptr) die("cannot write " + file.string());
    std::fprintf(out, "%ld %ld %ld %.6f %llu %llu %zu\n", f.errors, f.pushes, f.threads, f.cpuSeconds,
                 static_cast<unsigned long long>(f.records), static_cast<unsigned long long>(f.versions),
                 f.latency.size());
    for (std::size_t i = 0; i < f.latency.size(); ++i)
        std::fprintf(out, "%.4f %.4f %.4f\n", f.latency[i], f.service[i], f.lag[i]);
    std::fprintf(out, "%s\n", f.firstError.c_str());
    std::fclose(out);
}

void readFigures(const fs::path& file, Figures& all) {
    std::FILE* in = std::fopen(file.c_str(), "r");
    if (in == nullptr) die("a client process left no figures");
    long errors = 0, pushes = 0, threads = 0;
    double cpu = 0.0;
    unsigned long long records = 0, versions = 0;
    std::size_t n = 0;
    if (std::fscanf(in, "%ld %ld %ld %lf %llu %llu %zu", &errors, &pushes, &threads, &cpu, &records, &versions, &n) !=
        7)
        die("a client process left unreadable figures");
    for (std::size_t i = 0; i < n; ++i) {
        double l = 0, s = 0, g = 0;
        if (std::fscanf(in, "%lf %lf %lf", &l, &s, &g) != 3) die("a client process left unreadable figures");
        all.latency.push_back(l);
        all.service.push_back(s);
        all.lag.push_back(g);
    }
    char line[512] = {};
    if (std::fscanf(in, " %511[^\n]", line) == 1 && all.firstError.empty()) all.firstError = line;
    std::fclose(in);
    all.errors += errors;
    all.pushes += pushes;
    all.threads += threads;
    all.cpuSeconds += cpu;
    all.records += records;
    all.versions += versions;
}

// The child's whole life: set up, say ready, wait for the common start, run, write its figures.
[[noreturn]] void clientProcess(const Plan& plan, int process, int readyFd, int goFd, const fs::path& figuresFile) {
    std::vector<Kiosk> fleet = setUpKiosks(plan, process);
    char ready = 'r';
    std::int64_t startTicks = 0;
    if (::write(readyFd, &ready, 1) != 1 || ::read(goFd, &startTicks, sizeof startTicks) != sizeof startTicks)
        std::_Exit(3);
    const Clock::time_point start{Clock::duration(startTicks)};
    writeFigures(figuresFile, runClients(plan, fleet, start));
    std::fflush(nullptr);
    std::_Exit(0);
}

// Forks the client processes (before this process has any thread), lets them set up, starts
// them all at one moment, and collects their figures.
Figures runFleet(const Plan& plan, const fs::path& dir, ServerProcess& server, double& serverCpu, double& wall) {
    std::vector<pid_t> children;
    std::vector<int> readyFds, goFds;
    std::fflush(nullptr);  // nothing buffered here is written twice by a child
    for (int p = 0; p < plan.processes; ++p) {
        int ready[2], go[2];
        if (::pipe(ready) != 0 || ::pipe(go) != 0) die("pipe");
        const pid_t pid = ::fork();
        if (pid < 0) die("fork");
        if (pid == 0) {
            ::close(ready[0]);
            ::close(go[1]);
            clientProcess(plan, p, ready[1], go[0], dir / ("figures-" + std::to_string(p)));
        }
        ::close(ready[1]);
        ::close(go[0]);
        children.push_back(pid);
        readyFds.push_back(ready[0]);
        goFds.push_back(go[1]);
    }
    for (int fd : readyFds) {
        char c = 0;
        if (::read(fd, &c, 1) != 1) die("a client process failed while setting up its kiosks");
    }
    const Clock::time_point start = Clock::now() + std::chrono::milliseconds(200);
    const std::int64_t ticks = start.time_since_epoch().count();
    const double cpuBefore = server.cpuSeconds();
    for (int fd : goFds) {
        if (::write(fd, &ticks, sizeof ticks) != sizeof ticks) die("cannot start a client process");
    }
    Figures all;
    for (std::size_t p = 0; p < children.size(); ++p) {
        int status = 0;
        ::waitpid(children[p], &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) die("a client process failed");
    }
    wall = seconds(start, Clock::now());
    serverCpu = server.cpuSeconds() - cpuBefore;
    for (int p = 0; p < plan.processes; ++p) readFigures(dir / ("figures-" + std::to_string(p)), all);
    return all;
}

// Zero lost: the number of drafts on the server and the sum of their versions.
std::pair<std::int64_t, std::int64_t> storedDrafts(const fs::path& serverDir) {
    auto db = storage::Database::open((serverDir / "server.db").string(), {storage::Durability::Full, true});
    if (!db) die(db.error().message);
    auto s = db->prepare("SELECT count(*), coalesce(sum(version), 0) FROM record");
    if (!s) die(s.error().message);
    if (auto row = s->step(); row && *row) return {s->getInt(0), s->getInt(1)};
    return {-1, -1};
}

fs::path kioskBase() {
    if (const char* chosen = std::getenv("OSM_FLEET_KIOSK_DIR"); chosen != nullptr && *chosen != '\0') return chosen;
    if (fs::is_directory("/dev/shm")) return "/dev/shm";
    return fs::temp_directory_path();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2)
        die("usage: fleet_bench SERVER_BINARY [KIOSKS] [INTERVAL_S] [DURATION_S] [PROCESSES] [EDIT_SHARE] [serve "
            "options…]");
    Plan plan;
    const std::string binary = argv[1];
    plan.kiosks = argc > 2 ? std::stoi(argv[2]) : 1000;
    plan.interval = argc > 3 ? std::stod(argv[3]) : 30.0;
    plan.duration = argc > 4 ? std::stod(argv[4]) : 90.0;
    plan.processes = std::max(1, argc > 5 ? std::stoi(argv[5]) : (plan.kiosks + 2499) / 2500);
    plan.editShare = argc > 6 ? std::stod(argv[6]) : 0.2;
    std::vector<std::string> serveOptions(argv + std::min(argc, 7), argv + argc);

    const std::string name = "osm-fleet-bench-" + std::to_string(::getpid());
    const fs::path dir = fs::temp_directory_path() / name;
    plan.kioskDir = kioskBase() / name;
    fs::remove_all(dir);
    fs::remove_all(plan.kioskDir);
    const auto setupStart = Clock::now();
    ServerData data(dir / "server", syntheticCity(plan.kiosks, 8));
    for (int i = 0; i < plan.kiosks; ++i)
        plan.codes.push_back(data.enrolmentCode(data.authors()[static_cast<std::size_t>(i)].unitId));
    plan.authors = &data.authors();
    data.close();

    ServerProcess server(binary, dir / "server", serveOptions);
    plan.url = server.url();
    double serverCpu = 0.0, wall = 0.0;
    const Figures f = runFleet(plan, dir, server, serverCpu, wall);
    const double setupSeconds = seconds(setupStart, Clock::now()) - wall;
    const long serverRss = server.residentKiB();
    const long serverPeak = server.peakResidentKiB();

    const auto [storedRecords, storedVersions] = storedDrafts(dir / "server");
    const bool complete = storedRecords == static_cast<std::int64_t>(f.records) &&
                          storedVersions == static_cast<std::int64_t>(f.versions);
    std::printf(
        "fleet kiosks=%d interval_s=%.0f duration_s=%.0f processes=%d client_threads=%ld syncs=%zu pushes=%ld "
        "errors=%ld p50_ms=%.1f p99_ms=%.1f max_ms=%.1f service_p99_ms=%.1f client_lag_p99_ms=%.1f "
        "server_cpu_pct=%.1f client_cpu_pct=%.1f server_rss_mib=%.0f server_peak_rss_mib=%.0f setup_s=%.0f "
        "drafts=%llu versions=%llu server_drafts=%lld server_versions=%lld server_has_all=%s\n",
        plan.kiosks, plan.interval, plan.duration, plan.processes, f.threads, f.latency.size(), f.pushes, f.errors,
        percentile(f.latency, 50), percentile(f.latency, 99), percentile(f.latency, 100), percentile(f.service, 99),
        percentile(f.lag, 99), serverCpu / wall * 100.0, f.cpuSeconds / wall * 100.0,
        static_cast<double>(serverRss) / 1024.0, static_cast<double>(serverPeak) / 1024.0, setupSeconds,
        static_cast<unsigned long long>(f.records), static_cast<unsigned long long>(f.versions),
        static_cast<long long>(storedRecords), static_cast<long long>(storedVersions), complete ? "yes" : "NO");
    if (!f.firstError.empty()) std::printf("  first error: %s\n", f.firstError.c_str());
    fs::remove_all(dir);
    fs::remove_all(plan.kioskDir);
    return complete ? 0 : 1;
}

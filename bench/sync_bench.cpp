// Sync throughput over loopback, two modes:
//   sync_bench push SERVER_BINARY [DRAFTS=10000]
//       one kiosk of the real client code pushing DRAFTS queued drafts of 2 KiB (sealed and
//       signed as the kiosk does) to the real server binary; bench/run.sh runs it alternately
//       with PouchDB replicating the same number of documents (bench/pouchdb/), the baseline.
//   sync_bench pull [CLIENTS=4] [SECONDS=3] [RUNS=3]
//       a small signed pull (nothing new since the cursor) in requests per second with CLIENTS
//       clients, against the ceiling of a bare cpp-httplib handler with the same server and
//       client settings, alternately RUNS times; the service runs in this process with its
//       per-device rate limit lifted (it measures throughput, not the limiter).
// Prints key=value figures; medians where there are several runs.
#include "bench_support.h"

#include "api/http_server.h"
#include "http_transport.h"
#include "sync_engine.h"

#include "crypto/signing.h"
#include "sync/messages.h"

#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <thread>

using namespace osm;
using namespace osm::bench;
namespace fs = std::filesystem;

namespace {

fs::path benchDir(const char* name) {
    return fs::temp_directory_path() / (std::string(name) + "-" + std::to_string(::getpid()));
}

// The kiosk's own transport, with the time spent waiting for the server's answers added up,
// so the push time splits into the server's part and the kiosk's (acknowledging each record).
class TimedTransport final : public kiosk::SyncTransport {
public:
    Result<kiosk::HttpReply> post(const std::string& baseUrl, const std::string& path,
                                  const kiosk::HttpHeaders& headers, const std::string& body) override {
        const auto t0 = Clock::now();
        auto reply = m_http.post(baseUrl, path, headers, body);
        waited += seconds(t0, Clock::now());
        return reply;
    }
    void endOfBurst() override { m_http.endOfBurst(); }
    double waited = 0.0;

private:
    kiosk::HttpTransport m_http;
};

int push(const std::string& binary, int drafts) {
    const fs::path dir = benchDir("osm-push-bench");
    ServerData data(dir / "server", syntheticCity(1, 8));
    const std::string code = data.enrolmentCode(data.authors()[0].unitId);
    data.close();
    ServerProcess server(binary, dir / "server");

    TimedTransport transport;
    auto store = kiosk::KioskStore::open((dir / "kiosk.db").string());
    auto queue = kiosk::KioskStore::open((dir / "kiosk.db").string());
    if (!store || !queue) die("kiosk store");
    kiosk::SyncEngine engine(std::move(*store), dir / "device.key", transport);
    if (auto device = engine.enrol(server.url(), code, unixNow()); !device) die("enrolment: " + device.error().message);
    (void)engine.syncOnce(unixNow());  // roster and catalogue first, as a terminal in use has them
    for (int i = 0; i < drafts; ++i) queueDraft(*queue, data.authors()[0], "r-bench-" + std::to_string(i), 1);

    transport.waited = 0.0;
    // CPU seconds of each side as well as the wall time: on a loaded machine the wall time is
    // mostly waiting for a core, the CPU time is the work done.
    const double serverCpu0 = server.cpuSeconds();
    const double kioskCpu0 = ownCpuSeconds();
    const auto t0 = Clock::now();
    const kiosk::SyncReport report = engine.syncOnce(unixNow());
    const double pushSeconds = seconds(t0, Clock::now());
    std::printf(
        "push drafts=%d seconds=%.3f records_per_s=%.0f waiting_for_server_s=%.3f stored=%d refused=%d "
        "server_db_mib=%.1f server_cpu_s=%.3f kiosk_cpu_s=%.3f\n",
        drafts, pushSeconds, drafts / pushSeconds, transport.waited, report.stored, report.refused,
        databaseMiB(dir / "server"), server.cpuSeconds() - serverCpu0, ownCpuSeconds() - kioskCpu0);
    fs::remove_all(dir);
    return report.stored == drafts ? 0 : 1;
}

// Requests per second of `request` run by `clients` threads for `duration` seconds.
template <typename MakeClient>
double rate(int clients, double duration, MakeClient makeClient) {
    std::atomic<long> done{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&] {
            auto request = makeClient();
            while (!stop) {
                if (request()) ++done;
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(duration));
    stop = true;
    for (auto& t : threads) t.join();
    return static_cast<double>(done) / seconds(start, Clock::now());
}

std::shared_ptr<httplib::Client> clientFor(int port) {
    auto client = std::make_shared<httplib::Client>("http://127.0.0.1:" + std::to_string(port));
    client->set_tcp_nodelay(true);
    client->set_keep_alive(true);
    return client;
}

int pull(int clients, double duration, int runs) {
    const fs::path dir = benchDir("osm-pull-bench");
    ServerData data(dir / "server", syntheticCity(1, 8));
    const crypto::SigningKeyPair deviceKey = crypto::generateSigningKeyPair();
    const std::string deviceId = "k-bench";
    if (!data.storage().addDevice({deviceId, data.authors()[0].unitId, deviceKey.publicKey, unixNow(), 0, 0, "none"}))
        die("device");
    auto keys = server::loadServerKeys(data.paths().keyDir);
    if (!keys) die(keys.error().message);
    server::ServiceOptions serviceOptions;
    serviceOptions.requestsPerSecond = 1e9;
    serviceOptions.burst = 1e9;
    server::SyncService service(data.storage(), *keys, serviceOptions);
    server::HttpOptions httpOptions;
    httpOptions.log = false;
    server::HttpServer http(service, httpOptions);
    const int port = *http.bind();
    std::thread serverThread([&] { http.run(); });

    // The ceiling: a bare handler with the same server settings (Nagle off, thread pool).
    httplib::Server bare;
    bare.set_tcp_nodelay(true);
    bare.new_task_queue = [threads = httpOptions.threads] {
        return new httplib::ThreadPool(static_cast<std::size_t>(threads));
    };
    bare.Post("/bare", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("{\"ok\":true}", "application/json");
    });
    const int barePort = bare.bind_to_any_port("127.0.0.1");
    std::thread bareThread([&] { bare.listen_after_bind(); });

    std::vector<double> ours;
    std::vector<double> ceiling;
    for (int run = 0; run < runs; ++run) {
        ours.push_back(rate(clients, duration, [&] {
            auto client = clientFor(port);
            return [&, client] {
                const std::string body = sync::encode(sync::PullRequest{1000000, std::nullopt, {}});
                const auto h = sync::signRequest(deviceKey, deviceId, "POST", "/api/v1/pull", body, unixNow());
                httplib::Headers headers{{sync::header::kDevice, h.device},
                                         {sync::header::kTimestamp, h.timestamp},
                                         {sync::header::kNonce, h.nonce},
                                         {sync::header::kSignature, h.signature}};
                auto res = client->Post("/api/v1/pull", headers, body, "application/json");
                return res && res->status == 200;
            };
        }));
        ceiling.push_back(rate(clients, duration, [&] {
            auto client = clientFor(barePort);
            return [client] {
                auto res = client->Post("/bare", "{\"cursor\":1000000}", "application/json");
                return res && res->status == 200;
            };
        }));
    }
    const double m = median(ours);
    const double b = median(ceiling);
    std::printf("pull clients=%d runs=%d requests_per_s=%.0f bare_requests_per_s=%.0f ratio=%.3f\n", clients, runs, m,
                b, m / b);
    http.stop();
    bare.stop();
    serverThread.join();
    bareThread.join();
    fs::remove_all(dir);
    return m > 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "push" && argc > 2) return push(argv[2], argc > 3 ? std::stoi(argv[3]) : 10000);
    if (mode == "pull") {
        return pull(argc > 2 ? std::stoi(argv[2]) : 4, argc > 3 ? std::stod(argv[3]) : 3.0,
                    argc > 4 ? std::stoi(argv[4]) : 3);
    }
    std::fprintf(stderr,
                 "usage: sync_bench push SERVER_BINARY [DRAFTS] | sync_bench pull [CLIENTS] [SECONDS] [RUNS]\n");
    return 2;
}

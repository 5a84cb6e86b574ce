// Sync throughput: one kiosk pushing N queued drafts to the real server over loopback, and a
// small signed pull in requests per second with several clients, against the ceiling of a bare
// cpp-httplib handler on the same machine with the same client settings.
#include "http_server.h"
#include "http_transport.h"
#include "operator_commands.h"
#include "sync/protocol.h"
#include "sync_engine.h"

#include "crypto/kdf.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

using namespace osm;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// Requests per second of `request` run by `clients` threads for `duration` seconds.
template <typename Request>
double rate(int clients, double duration, Request request) {
    std::atomic<long> done{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            auto perClient = request(c);
            while (!stop) {
                if (perClient()) ++done;
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(duration));
    stop = true;
    for (auto& t : threads) t.join();
    return static_cast<double>(done) / seconds(start, Clock::now());
}

}  // namespace

int main(int argc, char** argv) {
    const int drafts = argc > 1 ? std::stoi(argv[1]) : 10000;
    const int clients = argc > 2 ? std::stoi(argv[2]) : 4;
    const fs::path dir = fs::temp_directory_path() / "osm-sync-bench";
    fs::remove_all(dir);
    server::ServerPaths paths{dir / "server", dir / "server" / "keys"};
    if (auto status = server::initServer(paths); !status) {
        std::fprintf(stderr, "%s\n", status.error().message.c_str());
        return 1;
    }
    auto storage = server::openSqliteStorage(paths.databasePath());
    auto keys = server::loadServerKeys(paths.keyDir);
    auto org = domain::loadOrganisationFile(fs::path(OSM_ASSETS_DIR) / "demo" / "organisation.json");
    if (!storage || !keys || !org || !(*storage)->importOrganisation(*org)) {
        std::fprintf(stderr, "server set-up failed\n");
        return 1;
    }
    const crypto::Salt salt = crypto::randomSalt();
    auto aino = crypto::deriveUserKeys("482915", salt, crypto::minimalKdfParams());
    (void)(*storage)->setPin("1001", {crypto::minimalKdfParams().toString(), crypto::toHex(salt), crypto::toHex(aino->verifier)},
                             crypto::toHex(aino->personKey.publicKey));

    server::ServiceOptions serviceOptions;
    serviceOptions.requestsPerSecond = 1e9;  // the benchmark measures throughput, not the limiter
    serviceOptions.burst = 1e9;
    server::SyncService service(**storage, *keys, serviceOptions);
    server::HttpOptions httpOptions;
    httpOptions.log = false;
    server::HttpServer http(service, httpOptions);
    const int port = *http.bind();
    std::thread serverThread([&] { http.run(); });
    const std::string url = "http://127.0.0.1:" + std::to_string(port);

    // The ceiling: a bare handler with the same server settings (Nagle off, thread pool).
    httplib::Server bare;
    bare.set_tcp_nodelay(true);
    bare.new_task_queue = [] { return new httplib::ThreadPool(32); };
    bare.Post("/bare", [](const httplib::Request&, httplib::Response& res) { res.set_content("{\"ok\":true}", "application/json"); });
    const int barePort = bare.bind_to_any_port("127.0.0.1");
    std::thread bareThread([&] { bare.listen_after_bind(); });

    // One kiosk with `drafts` queued drafts of ~2 KB, sealed and signed as the kiosk does.
    kiosk::HttpTransport transport;
    auto kioskStore = kiosk::KioskStore::open((dir / "kiosk.db").string());
    kiosk::SyncEngine engine(std::move(*kioskStore), dir / "device.key", transport);
    auto code = server::createEnrolmentCode(**storage, "pk_tahtitaivas", 3600, unixNow());
    auto device = engine.enrol(url, *code, unixNow());
    if (!device) {
        std::fprintf(stderr, "enrolment failed: %s\n", device.error().message.c_str());
        std::exit(1);
    }
    {
        auto store = kiosk::KioskStore::open((dir / "kiosk.db").string());
        for (int i = 0; i < drafts; ++i) {
            kiosk::StoredRecord r;
            r.id = "r-bench-" + std::to_string(i);
            r.owner = "1001";
            r.formId = "development_discussion_staff";
            r.year = 2026;
            r.version = 1;
            r.sealed = crypto::randomBytes(2048);
            r.payloadHash = crypto::contentHash(r.sealed);
            r.updatedAt = i;
            const auto sig = crypto::sign(aino->personKey, crypto::asBytes(kiosk::recordSigningTextOf(r)));
            r.authorSignature.assign(sig.begin(), sig.end());
            if (auto status = store->saveRecord(r); !status) {
                std::fprintf(stderr, "%s\n", status.error().message.c_str());
                std::exit(1);
            }
        }
    }
    const auto t0 = Clock::now();
    const kiosk::SyncReport report = engine.syncOnce(unixNow());
    const double pushSeconds = seconds(t0, Clock::now());
    std::printf("push: %d queued drafts of 2 KiB from one kiosk: %.2f s (%.0f records/s), stored %d, refused %d\n", drafts,
                pushSeconds, drafts / pushSeconds, report.stored, report.refused);

    // A small signed pull (nothing new since the cursor) against the bare handler.
    auto deviceKeyText = std::string();
    {
        std::FILE* f = std::fopen((dir / "device.key").c_str(), "r");
        char buffer[80] = {};
        if (f != nullptr && std::fgets(buffer, sizeof buffer, f) != nullptr) deviceKeyText = std::string(buffer, 64);
        if (f != nullptr) std::fclose(f);
    }
    auto seed = crypto::fromHex(deviceKeyText);
    auto deviceKey = crypto::signingKeyPairFromSeed(*seed);
    const double pullRate = rate(clients, 3.0, [&](int) {
        auto client = std::make_shared<httplib::Client>(url);
        client->set_tcp_nodelay(true);
        client->set_keep_alive(true);
        return [&, client] {
            const std::string body = "{\"cursor\":1000000}";
            const auto h = sync::signRequest(*deviceKey, device->deviceId, "POST", "/api/v1/pull", body, unixNow());
            httplib::Headers headers{{sync::header::kDevice, h.device}, {sync::header::kTimestamp, h.timestamp},
                                     {sync::header::kNonce, h.nonce}, {sync::header::kSignature, h.signature}};
            auto res = client->Post("/api/v1/pull", headers, body, "application/json");
            return res && res->status == 200;
        };
    });
    const double bareRate = rate(clients, 3.0, [&](int) {
        auto client = std::make_shared<httplib::Client>("http://127.0.0.1:" + std::to_string(barePort));
        client->set_tcp_nodelay(true);
        client->set_keep_alive(true);
        return [client] {
            auto res = client->Post("/bare", "{\"cursor\":1000000}", "application/json");
            return res && res->status == 200;
        };
    });
    std::printf("small pull, %d clients: %.0f requests/s; bare cpp-httplib handler: %.0f requests/s; ratio %.2f\n", clients,
                pullRate, bareRate, pullRate / bareRate);

    http.stop();
    bare.stop();
    serverThread.join();
    bareThread.join();
    fs::remove_all(dir);
    return 0;
}

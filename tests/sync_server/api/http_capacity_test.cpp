// The HTTP layer's capacity under many kept-alive kiosks: cpp-httplib 0.11.4 gives every open
// connection a worker thread while it is kept alive, idle or not. Many more idle kiosk
// connections than workers must not starve the next kiosk: the server closes idle connections
// after the keep-alive time and serves the queue.
#include "api/http_server.h"
#include "sync_server/slow_clients.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace osm;

namespace {

// A connection that made one kept-alive request and then sits idle, like a kiosk between syncs.
int idleKioskConnection(int port) {
    const int fd = test::connectLoopback(port, 30);
    REQUIRE(fd >= 0);
    const std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n";
    REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    return fd;
}

// Reads until the server closes the connection; true when it did (false on the 30 s timeout).
bool closedByServer(int fd) {
    char buffer[1024];
    while (true) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n == 0) return true;
        if (n < 0) return false;
    }
}

// The HTTP layer with a handler that answers every request like /health, served on a free
// loopback port from its own thread until destroyed.
struct HealthServer {
    server::HttpServer http;
    int port = 0;
    std::thread thread;

    explicit HealthServer(const server::HttpOptions& options)
        : http(
              [](const server::ApiRequest&) {
                  return server::ApiResponse{200, "{\"status\":\"ok\"}"};
              },
              options) {
        const auto bound = http.bind();
        REQUIRE(bound.ok());
        port = *bound;
        thread = std::thread([this] { http.run(); });
    }
    ~HealthServer() {
        http.stop();
        thread.join();
    }
};

}  // namespace

TEST_CASE("idle kept-alive connections, three times as many as workers, do not starve the next kiosk") {
    server::HttpOptions options;
    options.log = false;
    options.threads = 4;
    options.keepAliveSeconds = 1;
    HealthServer server(options);
    const int port = server.port;

    std::vector<int> idle;
    for (int i = 0; i < 3 * options.threads; ++i) idle.push_back(idleKioskConnection(port));

    // Every worker is now held by an idle connection; a kiosk arriving now is served once they
    // are let go, well within its own read timeout.
    httplib::Client kiosk("127.0.0.1", port);
    kiosk.set_read_timeout(20, 0);
    auto res = kiosk.Get("/api/v1/health");
    REQUIRE(res);
    CHECK(res->status == 200);

    // And each idle connection was answered, then closed by the server (not kept forever).
    for (int fd : idle) {
        CHECK(closedByServer(fd));
        ::close(fd);
    }
}

// Issue 20, item 2: ~140 half-sent requests held every worker of the fixed pool (128), and every
// answer waited for as long as they stayed. Workers now start as connections need them.
TEST_CASE("200 clients trickling half a request each do not hold up the next kiosk") {
    server::HttpOptions options;  // the defaults, as `serve` runs
    options.log = false;
    HealthServer server(options);
    {
        test::SlowClients slow(server.port, 200, 500, false);
        std::this_thread::sleep_for(std::chrono::seconds(1));  // all of them in place
        // Generous against a noisy machine: unloaded this answer takes milliseconds, and with the
        // pool held it never came while the slow clients stayed.
        httplib::Client kiosk("127.0.0.1", server.port);
        kiosk.set_read_timeout(4, 0);
        for (int i = 0; i < 5; ++i) {
            auto res = kiosk.Get("/api/v1/health");
            REQUIRE(res);
            CHECK(res->status == 200);
        }
    }
}

TEST_CASE("the defaults give a short keep-alive and enough workers for a city's kiosks") {
    const server::HttpOptions defaults;
    // A kiosk's sync is a burst; keeping its connection longer only holds a worker idle.
    CHECK(defaults.keepAliveSeconds >= 1);
    CHECK(defaults.keepAliveSeconds <= 2);
    // 1,000 kiosks every 30 s: ~33 syncs a second, each holding a worker for the keep-alive;
    // and 200 slow clients besides.
    CHECK(defaults.threads >= 1000 / 30 * defaults.keepAliveSeconds * 3 + 200);
}

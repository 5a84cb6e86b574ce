// Regression tests for the holes of cpp-httplib 0.11.4 (Debian 12), tried against the running
// server with raw bytes on a socket: chunked bodies past the limit, oversized headers, CR/LF
// smuggled in percent-encoded header values, a client-sent REMOTE_ADDR, exception text in a
// response, and a server that must stay up and answer after each.
#include "api/http_server.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <thread>

using namespace osm;

namespace {

std::string rawExchange(int port, const std::string& request) {
    const std::string answer = test::rawHttpExchange(port, request);
    REQUIRE_FALSE(answer.empty());
    return answer;
}

int statusOf(const std::string& answer) {
    if (answer.size() < 12 || answer.rfind("HTTP/1.1 ", 0) != 0) return 0;
    return std::stoi(answer.substr(9, 3));
}

struct Fixture {
    bool throwNext = false;
    server::HttpServer server{[this](const server::ApiRequest& request) -> server::ApiResponse {
                                  if (throwNext) throw std::runtime_error("SECRET-EXCEPTION-TEXT");
                                  return {200, "{\"ok\":\"" + request.path + "\"}"};
                              },
                              [] {
                                  server::HttpOptions options;
                                  options.log = false;
                                  options.threads = 4;
                                  return options;
                              }()};
    int port = 0;
    std::thread thread;

    Fixture() {
        auto bound = server.bind();
        REQUIRE(bound.ok());
        port = *bound;
        thread = std::thread([this] { server.run(); });
    }
    ~Fixture() {
        server.stop();
        thread.join();
    }
    void stillServes() {
        const std::string answer =
            rawExchange(port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        CHECK(statusOf(answer) == 200);
    }
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "a chunked body is refused before it is read") {
    std::string request =
        "POST /api/v1/push HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    for (int i = 0; i < 64; ++i) request += "10000\r\n" + std::string(0x10000, 'a') + "\r\n";  // 4 MiB+ in chunks
    request += "0\r\n\r\n";
    const std::string answer = rawExchange(port, request);
    CHECK(statusOf(answer) == 400);
    CHECK(answer.find("unsupported") != std::string::npos);
    stillServes();
}

TEST_CASE_FIXTURE(Fixture, "a body over the limit is refused by its Content-Length") {
    const std::string answer = rawExchange(
        port, "POST /api/v1/push HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\nConnection: close\r\n\r\n");
    CHECK(statusOf(answer) == 413);
    stillServes();
}

TEST_CASE_FIXTURE(Fixture, "oversized headers are refused") {
    std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 40; ++i) request += "X-Filler-" + std::to_string(i) + ": " + std::string(1000, 'b') + "\r\n";
    request += "Connection: close\r\n\r\n";
    const int status = statusOf(rawExchange(port, request));
    CHECK((status == 413 || status == 400 || status == 0));  // refused, or the connection cut
    CHECK(status != 200);
    stillServes();
}

TEST_CASE_FIXTURE(Fixture, "CR/LF smuggled in a percent-encoded header value is refused") {
    const std::string answer = rawExchange(
        port,
        "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Osm-Nonce: abc%0d%0aX-Injected:%201\r\nConnection: close\r\n\r\n");
    CHECK(statusOf(answer) == 400);
    CHECK(answer.find("X-Injected") == std::string::npos);
    stillServes();
}

TEST_CASE_FIXTURE(Fixture, "a client-sent REMOTE_ADDR header is refused, in any case") {
    for (const char* name : {"REMOTE_ADDR", "remote_addr", "Remote_Port", "LOCAL_ADDR"}) {
        const std::string answer = rawExchange(port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + std::string(name) +
                                                         ": 10.9.9.9\r\nConnection: close\r\n\r\n");
        INFO(name);
        CHECK(statusOf(answer) == 400);
        CHECK(answer.find("unsupported") != std::string::npos);
    }
    stillServes();
}

TEST_CASE_FIXTURE(Fixture, "a header line over 8 KiB is answered 413 too_large") {
    const std::string answer =
        rawExchange(port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Long: " + std::string(9000, 'a') +
                              "\r\nConnection: close\r\n\r\n");
    CHECK(statusOf(answer) == 413);
    CHECK(answer.find("too_large") != std::string::npos);
    stillServes();
}

// [1] An endpoint takes only the body it needs, refused from the Content-Length before it is read.
TEST_CASE_FIXTURE(Fixture, "each endpoint refuses a body larger than it takes before reading it") {
    auto post = [&](const std::string& path, std::size_t length) {
        return rawExchange(port, "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                                     "Content-Length: " + std::to_string(length) + "\r\nConnection: close\r\n\r\n");
    };
    // Nothing of the body is sent: an answer at all shows it was refused before reading it.
    CHECK(statusOf(post("/api/v1/enrol", 4 * 1024 + 1)) == 413);
    CHECK(statusOf(post("/api/v1/pull", 4 * 1024 + 1)) == 413);
    CHECK(statusOf(post("/api/v1/catalog", 4 * 1024 + 1)) == 413);
    CHECK(statusOf(post("/api/v1/pins", 128 * 1024 + 1)) == 413);
    CHECK(statusOf(post("/api/v1/push", 4 * 1024 * 1024 + 1)) == 413);
    CHECK(statusOf(post("/hr/login", 8 * 1024 + 1)) == 413);
    CHECK(statusOf(post("/leaders/login", 8 * 1024 + 1)) == 413);
    CHECK(statusOf(post("/leaders/pin", 256 * 1024 + 1)) == 413);
    // A discussion's form at its largest legitimate size, form-encoded, fits (http_server.cpp).
    CHECK(statusOf(post("/leaders/own", 2 * 1024 * 1024 + 1)) == 413);
    CHECK(statusOf(post("/leaders/record/2004", 2 * 1024 * 1024 + 1)) == 413);
    // cpp-httplib alone would refuse a form-encoded body over 8 KiB: a pre-form typed in a browser.
    const std::string form(1'900'000, 'a');
    CHECK(statusOf(rawExchange(port,
                               "POST /leaders/own HTTP/1.1\r\nHost: x\r\nContent-Type: "
                               "application/x-www-form-urlencoded\r\nContent-Length: " +
                                   std::to_string(form.size()) + "\r\nConnection: close\r\n\r\n" + form)) == 200);
    CHECK(statusOf(rawExchange(port,
                               "POST /hr/plan HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                               "boundary=x\r\nContent-Length: 10\r\nConnection: close\r\n\r\n--x--\r\n\r\n")) == 415);
    CHECK(statusOf(post("/api/v1/nothing", 1000)) == 404);
    CHECK(post("/api/v1/enrol", 5000).find("too_large") != std::string::npos);
    // Within the limit the body is read and handed on.
    const std::string body = R"({"code":"x"})";
    const std::string answer =
        rawExchange(port,
                    "POST /api/v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    "Content-Length: " +
                        std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    CHECK(statusOf(answer) == 200);
    stillServes();
}

TEST_CASE_FIXTURE(Fixture, "an exception answers a generic 500 without its text") {
    throwNext = true;
    const std::string answer = rawExchange(port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    throwNext = false;
    CHECK(statusOf(answer) == 500);
    CHECK(answer.find("SECRET-EXCEPTION-TEXT") == std::string::npos);
    CHECK(answer.find("EXCEPTION_WHAT") == std::string::npos);
    stillServes();
}

TEST_CASE("plain HTTP is refused off loopback unless explicitly allowed") {
    server::HttpOptions options;
    options.host = "0.0.0.0";
    server::HttpServer open([](const server::ApiRequest&) { return server::ApiResponse{}; }, options);
    auto bound = open.bind();
    REQUIRE_FALSE(bound.ok());
    CHECK(bound.error().message.find("plain HTTP is only served on loopback") != std::string::npos);
    CHECK(server::isLoopback("127.0.0.1"));
    CHECK(server::isLoopback("::1"));
    CHECK_FALSE(server::isLoopback("192.168.1.10"));
}

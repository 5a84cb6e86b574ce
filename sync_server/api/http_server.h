// HttpServer: cpp-httplib around SyncService. It owns everything HTTP-specific: TLS, limits,
// timeouts, the guard that refuses request shapes we never accept (which also closes holes of
// the cpp-httplib 0.11.4 in Debian 12), the exception handler, and the access log (no
// personal data: method, path, status, time, device id).
#pragma once

#include "api/sync_service.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace osm::server {

struct HttpOptions {
    std::string host = "127.0.0.1";
    int port = 0;          // 0: any free port (tests)
    std::string certFile;  // with keyFile: serve HTTPS
    std::string keyFile;
    bool allowInsecure = false;  // plain HTTP on a non-loopback address
    // Each open connection holds a worker thread for as long as it is open, idle or not
    // (cpp-httplib 0.11.4). Workers start as connections need them (api/worker_pool.h), up to
    // `threads`; so slow or idle clients hold only their own, and a kiosk's sync is served at once
    // while fewer than `threads` connections are open (docs/performance.md, docs/security.md).
    // A kiosk's sync is a burst of requests milliseconds apart, so a short keep-alive serves it
    // whole and frees the worker soon after.
    int threads = 512;
    int keepAliveSeconds = 1;
    // How long the server waits for each next piece of a request (cpp-httplib: per read).
    int readTimeoutSeconds = 5;
    bool log = true;
    // Reverse proxies (nginx) whose X-Forwarded-For names the client (api_types.h clientAddress);
    // from any other peer the header is ignored.
    std::vector<std::string> trustedProxies;
    // The page answering a web form refused for its size before it is read (status 413, in the
    // browser's language: the Accept-Language, Cookie and Accept headers are passed, no body);
    // nullopt, or no function: the API's JSON refusal.
    std::function<std::optional<ApiResponse>(const ApiRequest&)> tooLargePage;
};

class HttpServer {
public:
    using Handler = std::function<ApiResponse(const ApiRequest&)>;
    HttpServer(SyncService& service, HttpOptions options);
    // Any handler (tests use one that throws, to check nothing of the exception leaks).
    HttpServer(Handler handler, HttpOptions options);
    ~HttpServer();

    // Binds the port (refusing plain HTTP off loopback unless allowed). Returns the bound port.
    Result<int> bind();
    // Serves until stop(); requests in flight finish first.
    void run();
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

bool isLoopback(const std::string& host);

}  // namespace osm::server

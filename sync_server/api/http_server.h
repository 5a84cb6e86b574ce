// HttpServer: cpp-httplib around SyncService. It owns everything HTTP-specific: TLS, limits,
// timeouts, the guard that refuses request shapes we never accept (which also closes holes of
// the cpp-httplib 0.11.4 in Debian 12), the exception handler, and the access log (no
// personal data: method, path, status, time, device id).
#pragma once

#include "api/sync_service.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace osm::server {

struct HttpOptions {
    std::string host = "127.0.0.1";
    int port = 0;          // 0: any free port (tests)
    std::string certFile;  // with keyFile: serve HTTPS
    std::string keyFile;
    bool allowInsecure = false;  // plain HTTP on a non-loopback address
    // Each open connection holds a worker thread for as long as it is kept alive, idle or not
    // (cpp-httplib 0.11.4). A kiosk's sync is a burst of requests milliseconds apart, so a short
    // keep-alive serves it whole and frees the worker soon after; 128 workers then serve some
    // 3,000 kiosks syncing every 30 s (docs/performance.md: 1,000 kiosks measured).
    int threads = 128;
    int keepAliveSeconds = 1;
    bool log = true;
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

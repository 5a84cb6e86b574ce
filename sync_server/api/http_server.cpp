// The HTTP layer. Defences for cpp-httplib 0.11.4 (fixed only upstream later), each with a
// regression test in tests/sync_server/http_hardening_test.cpp:
//  - chunked bodies bypass the payload limit      → refused before the body is read
//  - unbounded header lines / many headers         → total header size capped
//  - percent-decoded CR/LF in header values        → any CR, LF or NUL in a header refused
//  - a client-sent REMOTE_ADDR header              → we never read it, and refuse requests with one
//  - exception text leaked in a response header    → our own exception handler, generic 500
//  - an unbounded request queue                    → keep-alive and read timeouts keep it short
#include "api/http_server.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <strings.h>

namespace osm::server {

namespace {

constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
constexpr std::size_t kMaxHeaders = 64;

void applyResponse(httplib::Response& res, const ApiResponse& api) {
    res.status = api.status;
    for (const auto& [name, value] : api.headers) res.set_header(name.c_str(), value);
    res.set_content(api.body, api.contentType.c_str());
}

// Refuses, before the body is read, what the defences above list; Unhandled lets the request on.
httplib::Server::HandlerResponse screenRequest(const httplib::Request& req, httplib::Response& res) {
    auto refuse = [&](sync::Refusal why, const char* message) {
        res.status = sync::refusalStatus(why);
        res.set_content(sync::errorBody(why, message), "application/json");
        return httplib::Server::HandlerResponse::Handled;
    };
    std::size_t headerBytes = 0;
    std::size_t remoteAddr = 0;
    for (const auto& [name, value] : req.headers) {
        headerBytes += name.size() + value.size() + 4;
        if (name == "REMOTE_ADDR" || name == "REMOTE_PORT") ++remoteAddr;
        if (value.find_first_of(std::string("\r\n\0", 3)) != std::string::npos) {
            return refuse(sync::Refusal::Unsupported, "header values may not contain CR, LF or NUL");
        }
    }
    // The library adds one REMOTE_ADDR and one REMOTE_PORT itself; more means the client sent one.
    if (remoteAddr > 2) {
        return refuse(sync::Refusal::Unsupported, "REMOTE_ADDR and REMOTE_PORT are not request headers");
    }
    if (headerBytes > kMaxHeaderBytes || req.headers.size() > kMaxHeaders) {
        return refuse(sync::Refusal::TooLarge, "request headers are too large");
    }
    if (req.has_header("Transfer-Encoding")) {
        return refuse(sync::Refusal::Unsupported, "chunked request bodies are not accepted");
    }
    if (req.has_header("Content-Length")) {
        const std::string length = req.get_header_value("Content-Length");
        if (length.empty() || length.size() > 9 || length.find_first_not_of("0123456789") != std::string::npos ||
            std::stoul(length) > sync::kMaxBodyBytes) {
            return refuse(sync::Refusal::TooLarge, "the body is larger than 4 MiB");
        }
    }
    return httplib::Server::HandlerResponse::Unhandled;
}

// The request as the handlers see it: method, path, body, query, and only the headers they read.
ApiRequest toApiRequest(const httplib::Request& req) {
    ApiRequest api{req.method, req.path, {}, req.body, {}, req.remote_addr};
    for (const auto& [name, value] : req.params) api.query.emplace(name, value);
    // HR's pages read the origin headers (CSRF) and, from a trusted proxy, the forwarded ones.
    static const char* const kHrHeaders[] = {"Cookie",         "Content-Type",    "Origin",           "Host",
                                             "Sec-Fetch-Site", "X-Forwarded-For", "X-Forwarded-Proto"};
    for (const auto& [name, value] : req.headers) {
        // Header names are case-insensitive: X-Osm-Device, x-osm-device and X-OSM-DEVICE are one.
        bool wanted = name.size() > 6 && strncasecmp(name.c_str(), "X-Osm-", 6) == 0;
        for (const char* hr : kHrHeaders) wanted = wanted || strcasecmp(name.c_str(), hr) == 0;
        if (wanted) api.headers[name] = value;
    }
    return api;
}

}  // namespace

bool isLoopback(const std::string& host) { return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0; }

struct HttpServer::Impl {
    HttpServer::Handler handle;
    HttpOptions options;
    std::unique_ptr<httplib::Server> server;
    int port = 0;
};

HttpServer::HttpServer(SyncService& service, HttpOptions options)
    : HttpServer([&service](const ApiRequest& request) { return service.handle(request); }, std::move(options)) {}

HttpServer::HttpServer(Handler handler, HttpOptions options)
    : m_impl(std::make_unique<Impl>(Impl{std::move(handler), std::move(options), nullptr, 0})) {}

HttpServer::~HttpServer() { stop(); }

Result<int> HttpServer::bind() {
    Impl& d = *m_impl;
    const bool tls = !d.options.certFile.empty() && !d.options.keyFile.empty();
    if (!tls && !isLoopback(d.options.host) && !d.options.allowInsecure) {
        return makeError(ErrorCode::Refused,
                         "plain HTTP is only served on loopback; give --cert and --key, or --insecure-plain-http");
    }
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    if (tls) {
        d.server = std::make_unique<httplib::SSLServer>(d.options.certFile.c_str(), d.options.keyFile.c_str());
        if (!d.server->is_valid()) return makeError(ErrorCode::InvalidInput, "cannot load the TLS certificate or key");
    }
#else
    if (tls) return makeError(ErrorCode::Refused, "this build has no TLS support");
#endif
    if (!d.server) d.server = std::make_unique<httplib::Server>();
    httplib::Server& server = *d.server;
    const int threads = d.options.threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(100);
    server.set_keep_alive_timeout(d.options.keepAliveSeconds);
    server.set_read_timeout(10, 0);
    server.set_write_timeout(10, 0);
    server.set_payload_max_length(sync::kMaxBodyBytes);

    server.set_pre_routing_handler(screenRequest);

    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        // Never the exception's text: it may hold anything.
        std::fprintf(stderr, "osaamissilta-server: internal error while handling a request\n");
        res.status = 500;
        res.headers.clear();
        res.set_content(sync::errorBody(sync::Refusal::Internal, "internal error"), "application/json");
    });

    auto handler = [&d](const httplib::Request& req, httplib::Response& res) {
        const auto started = std::chrono::steady_clock::now();
        const ApiRequest api = toApiRequest(req);
        applyResponse(res, d.handle(api));
        if (d.options.log) {
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
            std::fprintf(stderr, "%s %s %d %.1fms %s\n", req.method.c_str(), req.path.c_str(), res.status, ms,
                         api.header(sync::header::kDevice).c_str());
        }
    };
    server.Get("/api/v1/health", handler);
    server.Post(R"(/api/v1/.*)", handler);
    server.Get(R"(/hr(/.*)?)", handler);
    server.Post(R"(/hr/.*)", handler);
    server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty())
            res.set_content(sync::errorBody(sync::Refusal::NotFound, "no such endpoint"), "application/json");
    });

    if (d.options.port == 0) {
        d.port = server.bind_to_any_port(d.options.host);
    } else {
        d.port = server.bind_to_port(d.options.host, d.options.port) ? d.options.port : -1;
    }
    if (d.port <= 0)
        return makeError(ErrorCode::Io, "cannot listen on " + d.options.host + ":" + std::to_string(d.options.port));
    return d.port;
}

void HttpServer::run() {
    if (m_impl->server) m_impl->server->listen_after_bind();
}

void HttpServer::stop() {
    if (m_impl && m_impl->server) m_impl->server->stop();
}

}  // namespace osm::server

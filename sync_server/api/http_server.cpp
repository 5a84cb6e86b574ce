// The HTTP layer. Defences for cpp-httplib 0.11.4 (fixed only upstream later), each with a
// regression test in tests/sync_server/http_hardening_test.cpp:
//  - chunked bodies bypass the payload limit      → refused before the body is read
//  - unbounded header lines / many headers         → total header size capped
//  - percent-decoded CR/LF in header values        → any CR, LF or NUL in a header refused
//  - a client-sent REMOTE_ADDR header (any case)   → we never read it, and refuse requests with one
//  - exception text leaked in a response header    → our own exception handler, generic 500
//  - a body read whole before any check            → each endpoint's limit, from Content-Length
//  - a fixed pool held by slow clients             → a worker pool that grows (api/worker_pool.h)
#include "api/http_server.h"

#include <httplib.h>

#include "api/worker_pool.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <strings.h>
#include <sys/socket.h>

namespace osm::server {

namespace {

constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
constexpr std::size_t kMaxHeaders = 64;
// The request headers cpp-httplib adds itself (with underscores, which no client header of ours has).
constexpr std::size_t kLibraryHeaders = 4;  // REMOTE_ADDR, REMOTE_PORT, LOCAL_ADDR, LOCAL_PORT
constexpr std::size_t kMaxHrLoginBodyBytes = 8 * 1024;
constexpr std::size_t kMaxHrBodyBytes = 256 * 1024;
// A development discussion's form on the leaders' web (own pre-form, a recorded discussion) at
// its largest legitimate size: the manager form's 10 answers and up to 5 follow-up comments of
// 20,000 bytes each and 5 goals of 2,000 (310,000 bytes of text), form-encoded by the browser:
// a byte outside ASCII letters is sent as %XX (3 bytes), a line break as %0D%0A (6 bytes for
// the 1 byte counted), so up to 1.9 MB. Every field is still checked against its own limit.
constexpr std::size_t kMaxLeaderFormBodyBytes = 2 * 1024 * 1024;
constexpr std::size_t kInitialWorkers = 16;  // the pool grows from these to HttpOptions::threads

void applyResponse(httplib::Response& res, const ApiResponse& api) {
    res.status = api.status;
    for (const auto& [name, value] : api.headers) res.set_header(name.c_str(), value);
    res.set_content(api.body, api.contentType.c_str());
}

bool startsWith(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

// The largest body the request's endpoint takes; nullopt when there is no such endpoint.
std::optional<std::size_t> bodyLimitOf(const httplib::Request& req) {
    if (req.path == std::string(sync::kApiPrefix) + "/health") return 0;
    if (req.path == "/hr" || startsWith(req.path, "/hr/")) {
        if (req.method != "POST") return 0;
        return req.path == "/hr/login" ? kMaxHrLoginBodyBytes : kMaxHrBodyBytes;
    }
    if (req.path == "/leaders" || startsWith(req.path, "/leaders/")) {
        if (req.method != "POST") return 0;
        if (req.path == "/leaders/own" || startsWith(req.path, "/leaders/record/") ||
            startsWith(req.path, "/leaders/group/"))
            return kMaxLeaderFormBodyBytes;
        return req.path == "/leaders/login" || req.path == "/leaders/activate" ? kMaxHrLoginBodyBytes : kMaxHrBodyBytes;
    }
    const std::size_t limit = sync::maxBodyBytesFor(req.path);
    if (limit == 0) return std::nullopt;
    return limit;
}

bool isJson(const std::string& contentType) {
    std::string type = contentType.substr(0, contentType.find(';'));
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
    return strcasecmp(type.c_str(), "application/json") == 0;
}

// Refuses, before the body is read, what the defences above list; Unhandled lets the request on.
// A web page's form over its endpoint's limit is answered with `tooLargePage`'s page, if it has one.
httplib::Server::HandlerResponse screenRequest(const httplib::Request& req, httplib::Response& res,
                                               const HttpOptions& options) {
    auto refuse = [&](sync::Refusal why, const std::string& message) {
        res.status = sync::refusalStatus(why);
        res.set_content(sync::errorBody(why, message), "application/json");
        return httplib::Server::HandlerResponse::Handled;
    };
    auto formTooLarge = [&](const std::string& message) {
        ApiRequest page{req.method, req.path, {}, {}, {}};
        for (const char* name : {"Accept-Language", "Cookie", "Accept"}) {
            if (req.has_header(name)) page.headers[name] = req.get_header_value(name);
        }
        auto answer = options.tooLargePage ? options.tooLargePage(page) : std::nullopt;
        if (!answer) return refuse(sync::Refusal::TooLarge, message);
        applyResponse(res, *answer);
        // The rest of the body is never read: the connection cannot carry another request.
        res.set_header("Connection", "close");
        return httplib::Server::HandlerResponse::Handled;
    };
    std::size_t headerBytes = 0;
    std::size_t underscored = 0;
    for (const auto& [name, value] : req.headers) {
        headerBytes += name.size() + value.size() + 4;
        if (name.find('_') != std::string::npos) ++underscored;
        if (value.find_first_of(std::string("\r\n\0", 3)) != std::string::npos) {
            return refuse(sync::Refusal::Unsupported, "header values may not contain CR, LF or NUL");
        }
    }
    // The library adds its four itself; more means the client sent one (in any case: remote_addr).
    if (underscored > kLibraryHeaders) {
        return refuse(sync::Refusal::Unsupported, "header names with underscores (REMOTE_ADDR…) are not accepted");
    }
    if (headerBytes > kMaxHeaderBytes || req.headers.size() > kMaxHeaders) {
        return refuse(sync::Refusal::TooLarge, "request headers are too large");
    }
    if (req.has_header("Transfer-Encoding")) {
        return refuse(sync::Refusal::Unsupported, "chunked request bodies are not accepted");
    }
    // The web pages' forms are read whole by the handler (readingTheForm below), never as parts.
    if (req.method == "POST" && req.get_header_value("Content-Type").rfind("multipart/", 0) == 0) {
        return refuse(sync::Refusal::MediaType, "multipart bodies are not accepted");
    }
    const auto limit = bodyLimitOf(req);
    if (!limit) return refuse(sync::Refusal::NotFound, "no such endpoint");
    if (req.has_header("Content-Length")) {
        const std::string length = req.get_header_value("Content-Length");
        if (length.empty() || length.size() > 9 || length.find_first_not_of("0123456789") != std::string::npos) {
            return refuse(sync::Refusal::BadRequest, "Content-Length must be a number of bytes");
        }
        if (std::stoul(length) > *limit) {
            return formTooLarge("the body is larger than this endpoint takes (" + std::to_string(*limit) + " bytes)");
        }
    }
    if (req.method == "POST" && startsWith(req.path, sync::kApiPrefix) &&
        !isJson(req.get_header_value("Content-Type"))) {
        return refuse(sync::Refusal::MediaType, "the body must be sent as Content-Type: application/json");
    }
    return httplib::Server::HandlerResponse::Unhandled;
}

// The request as the handlers see it: method, path, body, query, and only the headers they
// read. The body is moved, not copied: a request not yet authenticated costs its body once.
ApiRequest toApiRequest(httplib::Request& req, const std::vector<std::string>& trustedProxies) {
    ApiRequest api{req.method, req.path, {}, std::move(req.body), {}};
    api.source = clientAddress(req.remote_addr, req.get_header_value("X-Forwarded-For"), trustedProxies);
    api.remoteAddress = req.remote_addr;
    for (const auto& [name, value] : req.params) api.query.emplace(name, value);
    // The web pages read the origin headers (CSRF), the browser's languages, whether a form's
    // background save wants JSON (Accept) and, from a trusted proxy, the forwarded ones.
    static const char* const kHrHeaders[] = {
        "Cookie",          "Content-Type",      "Origin",          "Host",  "Sec-Fetch-Site",
        "X-Forwarded-For", "X-Forwarded-Proto", "Accept-Language", "Accept"};
    for (const auto& [name, value] : req.headers) {
        // Header names are case-insensitive: X-Osm-Device, x-osm-device and X-OSM-DEVICE are one.
        bool wanted = name.size() > 6 && strncasecmp(name.c_str(), "X-Osm-", 6) == 0;
        for (const char* hr : kHrHeaders) wanted = wanted || strcasecmp(name.c_str(), hr) == 0;
        if (wanted) api.headers[name] = value;
    }
    return api;
}

// The answer to a request the library refused itself (its status set, no body yet): a header
// line over 8 KiB (400 from cpp-httplib, after the request line was read), a request line over
// 8 KiB (414), no route (404).
void answerLibraryRefusal(const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    auto answer = [&](sync::Refusal why, const char* message) {
        res.status = sync::refusalStatus(why);
        res.set_content(sync::errorBody(why, message), "application/json");
    };
    if (res.status == 414) return answer(sync::Refusal::TooLarge, "the request line is longer than 8 KiB");
    // The library cannot tell us which: a header line over 8 KiB, or headers cut off by the read
    // timeout (then nobody reads the answer).
    if (res.status == 400 && !req.method.empty()) {
        return answer(sync::Refusal::TooLarge, "a request header line is longer than 8 KiB (or the headers stopped)");
    }
    if (res.status == 400) return answer(sync::Refusal::BadRequest, "not an HTTP/1.1 request");
    if (res.status == 413) return answer(sync::Refusal::TooLarge, "the body is larger than this endpoint takes");
    answer(sync::Refusal::NotFound, "no such endpoint");
}

// The web pages' forms are read by this, not by the library: cpp-httplib 0.11.4 refuses a
// form-encoded body over 8 KiB by itself (a limit compiled into Debian's libcpp-httplib), and a
// pre-form is longer. Each endpoint's own limit was checked from Content-Length before.
httplib::Server::HandlerWithContentReader readingTheForm(httplib::Server::Handler handler) {
    return [handler](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read) {
        std::string body;
        if (!read([&body](const char* data, std::size_t length) {
                body.append(data, length);
                return true;
            })) {
            res.status = 400;
            return;
        }
        // As the handler's own request: the library reads nothing of it after the handler.
        const_cast<httplib::Request&>(req).body = std::move(body);
        handler(req, res);
    };
}

// cpp-httplib 0.11.4 listens with a backlog of 5: a burst of connections (a fleet after an
// outage, or 200 slow clients reconnecting) overflowed it, and each connection dropped there
// waited a second or more for the kernel's retry, a kiosk's among them. The listening socket is
// the library's (protected); this reaches it to raise the backlog.
struct ListeningSocket : httplib::Server {
    static int of(httplib::Server& server) { return server.*(&ListeningSocket::svr_sock_); }
};

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
    const auto cap = static_cast<std::size_t>(std::max(d.options.threads, 1));
    server.new_task_queue = [cap] { return new WorkerPool(std::min<std::size_t>(cap, kInitialWorkers), cap); };
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(100);
    server.set_keep_alive_timeout(d.options.keepAliveSeconds);
    server.set_read_timeout(d.options.readTimeoutSeconds, 0);
    server.set_write_timeout(10, 0);
    server.set_payload_max_length(sync::kMaxBodyBytes);

    server.set_pre_routing_handler(
        [&d](const httplib::Request& req, httplib::Response& res) { return screenRequest(req, res, d.options); });

    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        // Never the exception's text: it may hold anything.
        std::fprintf(stderr, "osaamissilta-server: internal error while handling a request\n");
        res.status = 500;
        res.headers.clear();
        res.set_content(sync::errorBody(sync::Refusal::Internal, "internal error"), "application/json");
    });

    auto handler = [&d](const httplib::Request& req, httplib::Response& res) {
        const auto started = std::chrono::steady_clock::now();
        // The library hands the request as const, and does not read its body after the handler.
        const ApiRequest api = toApiRequest(const_cast<httplib::Request&>(req), d.options.trustedProxies);
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
    const auto formHandler = readingTheForm(handler);
    server.Post(R"(/hr/.*)", formHandler);
    server.Get(R"(/leaders(/.*)?)", handler);
    server.Post(R"(/leaders/.*)", formHandler);
    server.set_error_handler(answerLibraryRefusal);

    if (d.options.port == 0) {
        d.port = server.bind_to_any_port(d.options.host);
    } else {
        d.port = server.bind_to_port(d.options.host, d.options.port) ? d.options.port : -1;
    }
    if (d.port <= 0)
        return makeError(ErrorCode::Io, "cannot listen on " + d.options.host + ":" + std::to_string(d.options.port));
    (void)::listen(ListeningSocket::of(server), SOMAXCONN);
    return d.port;
}

void HttpServer::run() {
    if (m_impl->server) m_impl->server->listen_after_bind();
}

void HttpServer::stop() {
    if (m_impl && m_impl->server) m_impl->server->stop();
}

}  // namespace osm::server

// cpp-httplib client. Nagle is off (else every request waits ~40 ms on an ACK).
#include "http_transport.h"

#include <httplib.h>

namespace osm::kiosk {

struct HttpTransport::Impl {
    std::mutex mutex;
    std::map<std::string, std::unique_ptr<httplib::Client>> clients;
};

HttpTransport::HttpTransport() : m_impl(std::make_unique<Impl>()) {}
HttpTransport::~HttpTransport() = default;

Result<HttpReply> HttpTransport::post(const std::string& baseUrl, const std::string& path, const HttpHeaders& headers,
                                      const std::string& body) {
    std::lock_guard lock(m_impl->mutex);
    auto& client = m_impl->clients[baseUrl];
    if (!client) {
        client = std::make_unique<httplib::Client>(baseUrl);
        if (!client->is_valid()) {
            m_impl->clients.erase(baseUrl);
            return makeError(ErrorCode::InvalidInput, "not a usable server address: " + baseUrl);
        }
        client->set_tcp_nodelay(true);
        client->set_keep_alive(true);
        client->set_connection_timeout(3, 0);
        client->set_read_timeout(15, 0);
        client->set_write_timeout(15, 0);
    }
    httplib::Headers h;
    for (const auto& [name, value] : headers) h.emplace(name, value);
    auto res = client->Post(path.c_str(), h, body, "application/json");
    if (!res) {
        const std::string why = httplib::to_string(res.error());
        m_impl->clients.erase(baseUrl);  // a fresh connection next time
        return makeError(ErrorCode::Io, "server unreachable: " + why);
    }
    return HttpReply{res->status, res->body};
}

void HttpTransport::endOfBurst() {
    // Closing costs the next sync one TCP (and TLS) handshake; keeping it open would hold one of
    // the server's workers idle for its keep-alive time after every sync (docs/decisions.md).
    std::lock_guard lock(m_impl->mutex);
    m_impl->clients.clear();
}

}  // namespace osm::kiosk

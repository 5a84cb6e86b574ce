// The kiosk's network: SyncTransport over cpp-httplib (HTTPS in production). One client per
// server URL, kept alive between the requests of a sync and closed at its end (endOfBurst);
// short timeouts so an absent network costs seconds.
#pragma once

#include "sync_engine.h"

#include <map>
#include <memory>
#include <mutex>

namespace osm::kiosk {

class HttpTransport final : public SyncTransport {
public:
    HttpTransport();
    ~HttpTransport() override;
    Result<HttpReply> post(const std::string& baseUrl, const std::string& path, const HttpHeaders& headers,
                           const std::string& body) override;
    void endOfBurst() override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace osm::kiosk

// ApiRequest's header lookup: HTTP header names compare without regard to case.
#include "api/api_types.h"

#include <algorithm>
#include <cctype>

namespace osm::server {

std::string ApiRequest::header(const std::string& name) const {
    const auto sameLetter = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    };
    for (const auto& [key, value] : headers) {
        if (key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), sameLetter)) return value;
    }
    return {};
}

bool isTrustedProxy(const std::string& peer, const std::vector<std::string>& trustedProxies) {
    return !peer.empty() && std::find(trustedProxies.begin(), trustedProxies.end(), peer) != trustedProxies.end();
}

std::string clientAddress(const std::string& peer, const std::string& forwardedFor,
                          const std::vector<std::string>& trustedProxies) {
    if (forwardedFor.empty() || !isTrustedProxy(peer, trustedProxies)) return peer;
    const std::size_t comma = forwardedFor.rfind(',');
    std::string last = comma == std::string::npos ? forwardedFor : forwardedFor.substr(comma + 1);
    last.erase(0, last.find_first_not_of(" \t"));
    last.erase(last.find_last_not_of(" \t") + 1);
    return last.empty() || last.size() > 64 ? peer : last;
}

}  // namespace osm::server

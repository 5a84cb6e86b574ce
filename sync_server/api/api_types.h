// ApiRequest and ApiResponse: a request and its answer as the server's handlers see them, with no
// HTTP library in them. The sync service and HR's pages both answer these; api/http_server binds them.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace osm::server {

struct ApiRequest {
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers;  // names in any case; looked up case-insensitively
    std::string body;
    // The value of header `name` (any case), "" when absent.
    std::string header(const std::string& name) const;
    std::map<std::string, std::string> query = {};  // the URL's query parameters (HR's pages use them)
    // Where the request came from: clientAddress() below. Refusals of unauthenticated requests
    // and the web pages' sign-in throttles count by it.
    std::string source = {};
    std::string remoteAddress = {};  // the peer's address
};

// The client's address, by one rule for the sync API and the web pages: the last entry of
// X-Forwarded-For (the one the proxy wrote, overwriting what the client sent) when the peer is one
// of `trustedProxies` (the server's --trusted-proxy), else the peer's own address. An entry that
// is empty or over 64 bytes is not believed either.
std::string clientAddress(const std::string& peer, const std::string& forwardedFor,
                          const std::vector<std::string>& trustedProxies);
bool isTrustedProxy(const std::string& peer, const std::vector<std::string>& trustedProxies);

struct ApiResponse {
    ApiResponse(int status_ = 200, std::string body_ = {}, std::string contentType_ = "application/json")
        : status(status_), body(std::move(body_)), contentType(std::move(contentType_)) {}
    int status = 200;
    std::string body;
    std::string contentType = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;  // e.g. Set-Cookie, Location
};

}  // namespace osm::server

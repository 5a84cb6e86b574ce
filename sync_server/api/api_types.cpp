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

}  // namespace osm::server

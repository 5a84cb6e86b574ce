// Fuzzes the discussion readers: the server opens submitted forms from kiosks and parses them,
// and a kiosk parses the forms a manager or director receives.
#include "domain/discussion.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto d = osm::domain::developmentDiscussionFromJson(text); d.ok()) (void)osm::domain::toJson(*d);
    if (auto g = osm::domain::groupDiscussionFromJson(text); g.ok()) (void)osm::domain::toJson(*g);
    return 0;
}

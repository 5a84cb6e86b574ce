// Fuzzes the protocol's message readers: what the server reads from kiosks (records) and what a
// kiosk reads from the server (push results, roster entries). None may crash on any bytes.
#include "sync/protocol.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto json = nlohmann::json::parse(data, data + size, nullptr, false);
    if (json.is_discarded()) return 0;
    auto each = [](const nlohmann::json& item) {
        if (auto e = osm::sync::envelopeFromJson(item, "record"); e.ok()) (void)osm::sync::toJson(*e).dump();
        (void)osm::sync::pushResultFromJson(item);
        if (auto r = osm::sync::rosterEntryFromJson(item, "roster"); r.ok()) (void)osm::sync::toJson(*r).dump();
    };
    each(json);
    if (json.is_array()) {
        for (const auto& item : json) each(item);
    }
    return 0;
}

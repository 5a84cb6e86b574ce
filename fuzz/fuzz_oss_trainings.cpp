// Fuzzes the Oss trainings reader (an operator's file) against a small roster.
#include "ops/completion_import.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const osm::server::CompletionRules rules{{"1001", "1005"}, {}, {2026, 12, 3}};
    const std::string_view csv(reinterpret_cast<const char*>(data), size);
    auto rows = osm::server::parseOssTrainings(csv, rules);
    if (rows) {
        for (const osm::sync::Completion& c : *rows) {
            if (c.name.empty() || c.minutes < 0 || c.date.size() != 10) __builtin_trap();
        }
    }
    return 0;
}

// Fuzzes the Priima completions reader (an operator's file) against a small roster and course list.
#include "ops/completion_import.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const osm::server::CompletionRules rules{{"1001", "1005"}, {"pr_101", "pr_102"}, {2026, 12, 3}};
    const std::string_view csv(reinterpret_cast<const char*>(data), size);
    auto rows = osm::server::parsePriimaCompletions(csv, rules);
    if (rows) {
        for (const osm::sync::Completion& c : *rows) {
            if (!rules.staff.contains(c.staffNumber) || !rules.courses.contains(c.course)) __builtin_trap();
        }
    }
    return 0;
}

// Fuzzes the roster CSV reader (HR's payroll export).
#include "ops/roster_import.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)osm::server::parseRosterCsv(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}

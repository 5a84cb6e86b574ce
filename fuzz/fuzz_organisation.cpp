// Fuzzes the organisation reader (the JSON an operator imports).
#include "domain/organisation.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)osm::domain::parseOrganisation(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    return 0;
}

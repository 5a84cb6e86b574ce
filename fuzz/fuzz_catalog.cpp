// Fuzzes the catalogue reader (files the operator publishes, and what kiosks fetch).
#include "catalog/catalog.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)osm::catalog::parseCatalog(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    return 0;
}

// Fuzzes the Priima course-list reader and the merge into the catalogue (an operator's file).
#include "core/json_reader.h"
#include "ops/priima_courses.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto catalogue = osm::catalog::loadCatalogYear(OSM_ASSETS_DIR, 2026);
    if (!catalogue) return 0;
    const std::string_view csv(reinterpret_cast<const char*>(data), size);
    auto courses = osm::server::parsePriimaCourses(csv, *catalogue);
    if (!courses) return 0;
    static const auto text = osm::readTextFile(std::string(OSM_ASSETS_DIR) + "/catalog/2026.json");
    if (!text) return 0;
    auto merged = osm::server::mergePriimaCourses(*text, *courses);
    if (merged) (void)osm::catalog::parseCatalog(merged->catalogJson, "fuzz");
    return 0;
}

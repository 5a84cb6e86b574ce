// The catalogue resolver. A storage failure counts as "nothing published": the sync service then
// refuses nothing on the catalogue's account, and HR's pages fall back to the installed file.
#include "storage/catalog_resolver.h"

namespace osm::server {

std::optional<int> catalogYearFor(const std::vector<int>& published, int year) {
    std::optional<int> chosen;
    for (int y : published) {
        if (y <= year && (!chosen || y > *chosen)) chosen = y;
    }
    return chosen;
}

std::optional<PublishedCatalog> publishedCatalogFor(CatalogStorage& storage, int year) {
    auto years = storage.catalogYears();
    if (!years) return std::nullopt;
    const auto chosen = catalogYearFor(*years, year);
    if (!chosen) return std::nullopt;
    auto text = storage.catalog(*chosen);
    if (!text || !text->has_value()) return std::nullopt;
    return PublishedCatalog{*chosen, std::move(**text)};
}

Result<catalog::Catalog> resolveCatalog(CatalogStorage* storage, const std::filesystem::path& assetsDir, int year) {
    if (storage != nullptr) {
        if (auto published = publishedCatalogFor(*storage, year)) {
            return catalog::parseCatalog(published->json, "published catalogue " + std::to_string(published->year));
        }
    }
    return catalog::loadCatalogYear(assetsDir, year);
}

}  // namespace osm::server

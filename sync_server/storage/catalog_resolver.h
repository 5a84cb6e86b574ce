// The one rule for which competence catalogue applies to a year, used by the sync service (the
// catalogue a pushed record is checked against), HR's reports and plans, and the schedule command:
// the year's published catalogue, else the newest earlier published one (a year whose catalogue
// is not published yet, e.g. HR planning next year, goes on with the last one); and where nothing
// up to that year is published, the catalogue installed with the program for that year.
#pragma once

#include "catalog/catalog.h"
#include "storage/catalog_storage.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace osm::server {

// The year of the published catalogue that applies to `year`, none when no year up to it is
// published. `published` in any order.
std::optional<int> catalogYearFor(const std::vector<int>& published, int year);

struct PublishedCatalog {
    int year = 0;      // the year it was published for (`year` or an earlier one)
    std::string json;  // as published
};

// The published catalogue that applies to `year`; none when there is none (or the storage fails).
std::optional<PublishedCatalog> publishedCatalogFor(CatalogStorage& storage, int year);

// The catalogue that applies to `year`, parsed: the published one, or else the one installed in
// `assetsDir` for `year` (`storage` may be null: the installed catalogues only). Fails when the
// one chosen does not parse, or when none is published and none installed for the year.
Result<catalog::Catalog> resolveCatalog(CatalogStorage* storage, const std::filesystem::path& assetsDir, int year);

}  // namespace osm::server

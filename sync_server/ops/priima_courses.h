// Priima's course list (docs/integrations.md, "Priima: the course list"): the city's own courses
// and learning paths, imported as learning methods of the year's catalogue, so a goal at a
// terminal or on the web can name one. A course becomes the method "priima.<code>" of the
// category its row names (usually the 10 % one, formal_training); the republished catalogue
// reaches every kiosk at its next sync, as a new catalogue does.
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"
#include "storage/catalog_storage.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osm::server {

// A Priima course code as the code of its method ("priima.<code>"): a–z, 0–9 and _ only, upper
// case folded, '-' read as '_', 1–40 characters; nullopt for anything else.
std::optional<std::string> priimaCourseCode(const std::string& code);

struct PriimaCourse {
    int line = 0;
    std::string code;  // Priima's course code: a–z, 0–9 and _ (upper case is folded), at most 40
    catalog::Text name;
    std::string categoryId;
};

// The list, every row checked against `catalog`; refused whole, naming every bad line, for any
// problem (the roster import's rule). Columns by header, either ';' or ',' separated:
// koodi, nimi, nimi_sv, nimi_en, kategoria (nimi_sv and nimi_en may be empty: the Finnish name).
Result<std::vector<PriimaCourse>> parsePriimaCourses(std::string_view csv, const catalog::Catalog& catalog);

struct PriimaImport {
    int added = 0;
    int renamed = 0;          // already there; its names or category changed
    int unchanged = 0;        // already there as it is
    int kept = 0;             // earlier courses missing from this list, kept: goals may name them
    std::string catalogJson;  // the catalogue with the courses, as published (or to be)
};

// The catalogue text of the year with the courses merged in. A course missing from a later list
// stays, so a goal that names it never becomes invalid.
Result<PriimaImport> mergePriimaCourses(std::string_view catalogJson, const std::vector<PriimaCourse>& courses);

// Reads the year's published catalogue, merges the list, checks the result loads as a catalogue
// and publishes it (unless `dryRun`). NotFound when no catalogue of the year is published.
Result<PriimaImport> importPriimaCourses(CatalogStorage& storage, int year, std::string_view csv, bool dryRun);

}  // namespace osm::server

// Priima's course list: rows checked by line, then merged into the catalogue's JSON as learning
// methods, the result loaded as a catalogue again before it is published.
#include "ops/priima_courses.h"

#include "ops/csv_rows.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace osm::server {
namespace {

constexpr std::size_t kMaxCodeBytes = 40;
constexpr std::size_t kMaxNameBytes = 300;
constexpr std::size_t kMaxCourses = 5000;
constexpr const char* kPrefix = "priima.";
constexpr const char* kColumns[] = {"koodi", "nimi", "nimi_sv", "nimi_en", "kategoria"};

}  // namespace

std::optional<std::string> priimaCourseCode(const std::string& code) {
    if (code.empty() || code.size() > kMaxCodeBytes) return std::nullopt;
    std::string out;
    for (char c : code) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c == '-') c = '_';
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return std::nullopt;
        out += c;
    }
    return out;
}

Result<std::vector<PriimaCourse>> parsePriimaCourses(std::string_view csv, const catalog::Catalog& catalog) {
    std::vector<std::string> problems;
    const CsvTable table = readCsvTable(csv, kColumns, kMaxCourses, "the course list", problems);
    std::vector<PriimaCourse> courses;
    std::map<std::string, int> seen;
    for (const CsvRow& row : table.rows) {
        const auto get = [&](const char* name) { return table.get(row, name); };
        const std::string at = "line " + std::to_string(row.line) + ": ";
        const auto code = priimaCourseCode(get("koodi"));
        PriimaCourse course{
            row.line, code.value_or(""), {get("nimi"), get("nimi_sv"), get("nimi_en")}, get("kategoria")};
        if (!code) problems.push_back(at + "koodi must be 1–40 letters, digits, '_' or '-'");
        if (code && !seen.emplace(*code, row.line).second)
            problems.push_back(at + "koodi " + *code + " is on line " + std::to_string(seen[*code]) + " already");
        if (course.name.fi.empty()) problems.push_back(at + "nimi is empty");
        for (const std::string* name : {&course.name.fi, &course.name.sv, &course.name.en}) {
            if (!plainText(*name, kMaxNameBytes))
                problems.push_back(at + "a name is over 300 bytes or not plain UTF-8 text");
        }
        if (std::none_of(catalog.categories.begin(), catalog.categories.end(),
                         [&](const catalog::LearningCategory& c) { return c.id == course.categoryId; }))
            problems.push_back(at + "kategoria '" + course.categoryId + "' is not a learning category of the " +
                               std::to_string(catalog.year) + " catalogue");
        if (course.name.sv.empty()) course.name.sv = course.name.fi;
        if (course.name.en.empty()) course.name.en = course.name.fi;
        courses.push_back(std::move(course));
    }
    if (!problems.empty())
        return makeError(ErrorCode::InvalidInput, refusalMessage("the course list was not imported:", problems));
    return courses;
}

Result<PriimaImport> mergePriimaCourses(std::string_view catalogJson, const std::vector<PriimaCourse>& courses) {
    nlohmann::json doc = nlohmann::json::parse(catalogJson, nullptr, false);
    if (doc.is_discarded() || !doc.contains("learning_categories") || !doc["learning_categories"].is_array())
        return makeError(ErrorCode::InvalidInput, "the published catalogue is not readable");
    PriimaImport out;
    std::set<std::string> listed;
    for (const PriimaCourse& course : courses) listed.insert(kPrefix + course.code);
    // Where each course is now: an earlier import's method, maybe in another category.
    std::map<std::string, std::pair<std::string, nlohmann::json>> earlier;  // id → category, method
    for (nlohmann::json& category : doc["learning_categories"]) {
        nlohmann::json& methods = category["methods"];
        for (auto it = methods.begin(); it != methods.end();) {
            const std::string id = it->value("id", "");
            if (listed.contains(id)) {
                earlier[id] = {category.value("id", ""), *it};
                it = methods.erase(it);
            } else {
                if (id.rfind(kPrefix, 0) == 0) ++out.kept;
                ++it;
            }
        }
    }
    for (const PriimaCourse& course : courses) {
        const std::string id = kPrefix + course.code;
        nlohmann::json method{{"id", id},
                              {"name", {{"fi", course.name.fi}, {"sv", course.name.sv}, {"en", course.name.en}}}};
        for (nlohmann::json& category : doc["learning_categories"]) {
            if (category.value("id", "") == course.categoryId) category["methods"].push_back(method);
        }
        const auto before = earlier.find(id);
        if (before == earlier.end()) {
            ++out.added;
        } else if (before->second == std::pair(course.categoryId, method)) {
            ++out.unchanged;
        } else {
            ++out.renamed;
        }
    }
    out.catalogJson = doc.dump(2) + "\n";
    return out;
}

Result<PriimaImport> importPriimaCourses(CatalogStorage& storage, int year, std::string_view csv, bool dryRun) {
    auto text = storage.catalog(year);
    if (!text) return text.error();
    if (!text->has_value())
        return makeError(ErrorCode::NotFound, "no catalogue of " + std::to_string(year) + " is published");
    auto catalogue = catalog::parseCatalog(**text, "the published catalogue");
    if (!catalogue) return catalogue.error();
    auto courses = parsePriimaCourses(csv, *catalogue);
    if (!courses) return courses.error();
    auto merged = mergePriimaCourses(**text, *courses);
    if (!merged) return merged.error();
    // The result must load as every catalogue does (ids, names in three languages, no id twice).
    if (auto check = catalog::parseCatalog(merged->catalogJson, "the catalogue with Priima's courses"); !check)
        return check.error();
    if (dryRun) return merged;
    if (auto status = storage.publishCatalog(year, merged->catalogJson); !status) return status.error();
    return merged;
}

}  // namespace osm::server

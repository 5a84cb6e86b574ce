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

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// A course code as a method id takes: a–z, 0–9 and _ only; upper case folded, '-' read as '_'.
std::optional<std::string> methodCode(const std::string& code) {
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

// A name: not empty (the Finnish one), at most kMaxNameBytes, valid UTF-8 without control characters.
bool plainName(const std::string& name) {
    if (name.size() > kMaxNameBytes) return false;
    std::size_t i = 0;
    while (i < name.size()) {
        const auto c = static_cast<unsigned char>(name[i]);
        const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > name.size() || (length == 1 && c < 0x20) || c == 0x7F) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(name[i + k]) & 0xC0) != 0x80) return false;
        }
        i += length;
    }
    return true;
}

char separatorOf(std::string_view csv) {
    const std::string_view header = csv.substr(0, csv.find('\n'));
    return header.find(';') != std::string_view::npos ? ';' : ',';
}

}  // namespace

Result<std::vector<PriimaCourse>> parsePriimaCourses(std::string_view csv, const catalog::Catalog& catalog) {
    std::vector<std::string> problems;
    const std::vector<CsvRow> rows = splitCsv(csv, separatorOf(csv), problems);
    if (rows.empty()) return makeError(ErrorCode::InvalidInput, "the course list is empty");
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < rows[0].fields.size(); ++i) column[trimmed(rows[0].fields[i])] = i;
    for (const char* name : kColumns) {
        if (!column.contains(name)) problems.push_back("line 1: column '" + std::string(name) + "' is missing");
    }
    if (rows.size() - 1 > kMaxCourses)
        problems.push_back("more than " + std::to_string(kMaxCourses) + " courses in one list");
    std::vector<PriimaCourse> courses;
    std::map<std::string, int> seen;
    const bool headerOk = problems.empty();  // rows are read only by a whole header
    for (std::size_t r = 1; headerOk && r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        const auto get = [&](const char* name) {
            const std::size_t i = column.at(name);
            return i < row.fields.size() ? trimmed(row.fields[i]) : std::string();
        };
        const std::string at = "line " + std::to_string(row.line) + ": ";
        const auto code = methodCode(get("koodi"));
        PriimaCourse course{
            row.line, code.value_or(""), {get("nimi"), get("nimi_sv"), get("nimi_en")}, get("kategoria")};
        if (!code) problems.push_back(at + "koodi must be 1–40 letters, digits, '_' or '-'");
        if (code && !seen.emplace(*code, row.line).second)
            problems.push_back(at + "koodi " + *code + " is on line " + std::to_string(seen[*code]) + " already");
        if (course.name.fi.empty()) problems.push_back(at + "nimi is empty");
        for (const std::string* name : {&course.name.fi, &course.name.sv, &course.name.en}) {
            if (!plainName(*name)) problems.push_back(at + "a name is over 300 bytes or not plain UTF-8 text");
        }
        if (std::none_of(catalog.categories.begin(), catalog.categories.end(),
                         [&](const catalog::LearningCategory& c) { return c.id == course.categoryId; }))
            problems.push_back(at + "kategoria '" + course.categoryId + "' is not a learning category of the " +
                               std::to_string(catalog.year) + " catalogue");
        if (course.name.sv.empty()) course.name.sv = course.name.fi;
        if (course.name.en.empty()) course.name.en = course.name.fi;
        courses.push_back(std::move(course));
    }
    if (!problems.empty()) {
        std::string message = "the course list was not imported:";
        for (const std::string& p : problems) message += "\n  " + p;
        return makeError(ErrorCode::InvalidInput, message);
    }
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

// CSV rows by RFC 4180 rules (ops/csv_rows.h), then the same organisation checks as the JSON roster, reported by line.
#include "ops/roster_import.h"

#include "ops/csv_rows.h"

#include "core/utf8_text.h"

#include <algorithm>
#include <map>
#include <set>

namespace osm::server {
namespace {

// Ids end up in URLs (/hr/export/summary-<area>.md), file names and CSV cells: ASCII letters,
// digits, _ - and . only, a letter or digit first, at most 64. No CR/LF, # or ? among them.
bool validId(const std::string& id) {
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    return !id.empty() && id.size() <= 64 && alnum(id[0]) &&
           std::all_of(id.begin(), id.end(), [&](char c) { return alnum(c) || c == '_' || c == '-' || c == '.'; });
}

void checkIds(const domain::Person& p, const std::string& at, std::vector<std::string>& problems) {
    const std::pair<const char*, const std::string*> ids[] = {
        {"unit", &p.unitId}, {"service_area", &p.serviceAreaId}, {"sector", &p.sector}};
    for (const auto& [name, id] : ids) {
        if (!id->empty() && !validId(*id))
            problems.push_back(at + name + ": an id holds only letters a-z, digits, _ - . (at most 64)");
    }
}

// The ids as above; names and titles reach the kiosks' screens, the web pages and every JSON
// message: well-formed UTF-8 without control characters (a CSV cell may hold a quoted line
// break), at most 200 bytes.
void checkFields(const domain::Person& p, const std::string& unitName, const std::string& areaName,
                 const std::string& at, std::vector<std::string>& problems) {
    const std::pair<const char*, const std::string*> texts[] = {
        {"name", &p.name}, {"title", &p.title}, {"unit_name", &unitName}, {"service_area_name", &areaName}};
    checkIds(p, at, problems);
    // Only someone above the service areas (the city manager's management group) has none, as in
    // the JSON roster.
    if (p.serviceAreaId.empty() && (!p.unitId.empty() || !p.has(domain::Role::CityManagement)))
        problems.push_back(at + "service_area: missing");
    for (const auto& [name, text] : texts) {
        if (text->size() > 200 || !isPlainUtf8(*text))
            problems.push_back(at + name + ": not plain UTF-8 text of at most 200 bytes");
    }
}

std::string trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// The roles of a "roles" cell (separated by commas or |): a problem for each unknown one, and
// one when there is none at all.
std::vector<domain::Role> parseRoles(std::string roles, const std::string& at, std::vector<std::string>& problems) {
    std::replace(roles.begin(), roles.end(), '|', ',');
    std::vector<domain::Role> out;
    std::size_t start = 0;
    bool roleProblem = false;
    while (start <= roles.size()) {
        const std::size_t end = std::min(roles.find(',', start), roles.size());
        const std::string role = trim(roles.substr(start, end - start));
        if (!role.empty()) {
            if (auto parsed = domain::parseRole(role)) {
                out.push_back(*parsed);
            } else {
                problems.push_back(at + "roles: " + parsed.error().message);
                roleProblem = true;
            }
        }
        start = end + 1;
    }
    if (out.empty() && !roleProblem) problems.push_back(at + "roles: at least one role is needed");
    return out;
}

// Every manager named is a person of the file, and no chain of managers loops.
void checkManagers(const domain::Organisation& org, std::map<std::string, int>& lineOf,
                   std::vector<std::string>& problems) {
    for (const domain::Person& p : org.people) {
        const std::string at = "line " + std::to_string(lineOf[p.staffNumber]) + ": ";
        if (p.managerStaffNumber.empty()) continue;
        if (!org.findPerson(p.managerStaffNumber)) {
            problems.push_back(at + "manager: no person with staff number " + p.managerStaffNumber + " in the file");
            continue;
        }
        if (const std::string problem = domain::supervisorProblem(org, p); !problem.empty())
            problems.push_back(at + "manager: " + problem);
        std::set<std::string> chain{p.staffNumber};
        for (const domain::Person* up = org.findPerson(p.managerStaffNumber); up != nullptr;
             up = up->managerStaffNumber.empty() ? nullptr : org.findPerson(up->managerStaffNumber)) {
            if (!chain.insert(up->staffNumber).second) {
                problems.push_back(at + "manager: the manager chain loops back to " + up->staffNumber);
                break;
            }
        }
    }
}

}  // namespace

RosterParse parseRosterCsv(std::string_view text) {
    RosterParse out;
    auto rows = splitCsv(text, ',', out.problems);
    if (rows.empty()) {
        out.problems.push_back("line 1: the file is empty (a header line is needed)");
        return out;
    }
    static const std::vector<std::string> kRequired{"staff_number", "name",  "unit",   "service_area",
                                                    "sector",       "roles", "manager"};
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < rows[0].fields.size(); ++i) column[trim(rows[0].fields[i])] = i;
    for (const std::string& name : kRequired) {
        if (!column.contains(name)) out.problems.push_back("line 1: header: column '" + name + "' is missing");
    }
    if (!out.ok()) return out;

    domain::Organisation& org = out.organisation;
    std::map<std::string, int> lineOf;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        auto get = [&](const std::string& name) {
            auto it = column.find(name);
            return it == column.end() || it->second >= row.fields.size() ? std::string() : trim(row.fields[it->second]);
        };
        const std::string at = "line " + std::to_string(row.line) + ": ";
        const std::size_t before = out.problems.size();
        if (row.fields.size() != rows[0].fields.size()) {
            out.problems.push_back(at + "has " + std::to_string(row.fields.size()) + " fields, the header has " +
                                   std::to_string(rows[0].fields.size()));
            continue;
        }
        domain::Person p;
        p.staffNumber = get("staff_number");
        p.name = get("name");
        p.title = get("title");
        p.unitId = get("unit");
        p.serviceAreaId = get("service_area");
        p.sector = get("sector");
        p.managerStaffNumber = get("manager");
        p.roles = parseRoles(get("roles"), at, out.problems);
        if (!domain::isValidStaffNumber(p.staffNumber))
            out.problems.push_back(at + "staff_number: must be 1–12 digits");
        else if (lineOf.contains(p.staffNumber)) {
            out.problems.push_back(at + "staff_number: " + p.staffNumber + " is already on line " +
                                   std::to_string(lineOf[p.staffNumber]));
        }
        if (p.name.empty()) out.problems.push_back(at + "name: missing");
        if (p.sector.empty()) out.problems.push_back(at + "sector: missing");
        checkFields(p, get("unit_name"), get("service_area_name"), at, out.problems);
        if (out.problems.size() != before) continue;

        if (!p.serviceAreaId.empty() && !org.findServiceArea(p.serviceAreaId)) {
            const std::string areaName = get("service_area_name");
            org.serviceAreas.push_back({p.serviceAreaId, areaName.empty() ? p.serviceAreaId : areaName});
        }
        if (!p.unitId.empty()) {
            if (const domain::Unit* unit = org.findUnit(p.unitId)) {
                if (unit->serviceAreaId != p.serviceAreaId) {
                    out.problems.push_back(at + "service_area: unit " + p.unitId + " is in " + unit->serviceAreaId +
                                           " on an earlier line");
                    continue;
                }
            } else {
                const std::string unitName = get("unit_name");
                org.units.push_back(
                    {p.unitId, unitName.empty() ? p.unitId : unitName, p.serviceAreaId, p.sector, false});
            }
        }
        lineOf[p.staffNumber] = row.line;
        org.people.push_back(std::move(p));
    }
    // References and cycles, once every row is known.
    checkManagers(org, lineOf, out.problems);
    std::stable_sort(out.problems.begin(), out.problems.end(), [](const std::string& a, const std::string& b) {
        auto lineNumber = [](const std::string& s) { return std::stoi(s.substr(5, s.find(':') - 5)); };
        return lineNumber(a) < lineNumber(b);
    });
    return out;
}

}  // namespace osm::server

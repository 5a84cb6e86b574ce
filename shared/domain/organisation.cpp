// Roster loading and lookups. Sector and service area of a person default to their unit's.
#include "domain/organisation.h"

#include "core/json_reader.h"

#include <algorithm>
#include <set>

namespace osm::domain {
namespace {

constexpr std::pair<std::string_view, Role> kRoles[] = {
    {"employee", Role::Employee},
    {"manager", Role::Manager},
    {"principal", Role::Principal},
    {"daycare_director", Role::DaycareDirector},
    {"service_area_director", Role::ServiceAreaDirector},
    {"hr", Role::Hr},
    {"city_management", Role::CityManagement},
    {"cooperation_committee", Role::CooperationCommittee},
    {"management_group", Role::ManagementGroup},
};

Organisation readOrganisation(const JsonReader& r) {
    Organisation org;
    r.field("service_areas").forEach(1, [&](const JsonReader& s) {
        org.serviceAreas.push_back(ServiceArea{s.field("id").string(), s.field("name").string()});
    });
    r.field("units").forEach(1, [&](const JsonReader& u) {
        Unit unit;
        unit.id = u.field("id").string();
        unit.name = u.field("name").string();
        unit.serviceAreaId = u.field("service_area").string();
        unit.sector = u.field("sector").string();
        unit.hasKiosk = u.has("kiosk") && u.field("kiosk").boolean();
        if (org.findServiceArea(unit.serviceAreaId) == nullptr)
            u.field("service_area").fail("no service area '" + unit.serviceAreaId + "'");
        if (org.findUnit(unit.id) != nullptr) u.field("id").fail("unit '" + unit.id + "' appears twice");
        org.units.push_back(std::move(unit));
    });
    r.field("people").forEach(1, [&](const JsonReader& p) {
        Person person;
        person.staffNumber = p.field("staff_number").string();
        if (!isValidStaffNumber(person.staffNumber)) p.field("staff_number").fail("must be 1–12 digits");
        if (org.findPerson(person.staffNumber) != nullptr)
            p.field("staff_number").fail("staff number " + person.staffNumber + " appears twice");
        person.name = p.field("name").string();
        person.title = p.optionalString("title");
        person.unitId = p.optionalString("unit");
        person.serviceAreaId = p.optionalString("service_area");
        person.sector = p.optionalString("sector");
        person.managerStaffNumber = p.optionalString("manager");
        p.field("roles").forEach(1, [&](const JsonReader& role) {
            auto parsed = parseRole(role.string());
            if (!parsed) role.fail(parsed.error().message);
            person.roles.push_back(*parsed);
        });
        if (!person.unitId.empty()) {
            const Unit* unit = org.findUnit(person.unitId);
            if (unit == nullptr) p.field("unit").fail("no unit '" + person.unitId + "'");
            if (person.serviceAreaId.empty()) person.serviceAreaId = unit->serviceAreaId;
            if (person.sector.empty()) person.sector = unit->sector;
        }
        if (!person.serviceAreaId.empty() && org.findServiceArea(person.serviceAreaId) == nullptr) {
            p.field("service_area").fail("no service area '" + person.serviceAreaId + "'");
        }
        if (person.sector.empty()) person.sector = "default";
        org.people.push_back(std::move(person));
    });
    for (std::size_t i = 0; i < org.people.size(); ++i) {
        const Person& person = org.people[i];
        if (person.managerStaffNumber.empty()) continue;
        if (org.findPerson(person.managerStaffNumber) == nullptr) {
            r.field("people").at(i).field("manager").fail("no person with staff number " + person.managerStaffNumber);
        }
        if (const std::string problem = supervisorProblem(org, person); !problem.empty())
            r.field("people").at(i).field("manager").fail(problem);
        std::set<std::string> chain{person.staffNumber};
        for (const Person* up = org.findPerson(person.managerStaffNumber); up != nullptr;
             up = up->managerStaffNumber.empty() ? nullptr : org.findPerson(up->managerStaffNumber)) {
            if (!chain.insert(up->staffNumber).second) {
                r.field("people").at(i).field("manager").fail("the manager chain loops back to " + up->staffNumber);
            }
        }
    }
    return org;
}

}  // namespace

const char* roleName(Role role) {
    for (const auto& [name, r] : kRoles) {
        if (r == role) return name.data();
    }
    return "employee";
}

Result<Role> parseRole(std::string_view name) {
    for (const auto& [text, role] : kRoles) {
        if (text == name) return role;
    }
    return makeError(ErrorCode::InvalidInput, "unknown role '" + std::string(name) + "'");
}

std::string joinRoles(const std::vector<Role>& roles) {
    std::string out;
    for (Role role : roles) out += (out.empty() ? "" : ",") + std::string(roleName(role));
    return out;
}

std::vector<Role> splitRoles(std::string_view text) {
    std::vector<Role> roles;
    while (!text.empty()) {
        const std::size_t comma = std::min(text.find(','), text.size());
        if (auto role = parseRole(text.substr(0, comma))) roles.push_back(*role);
        text.remove_prefix(std::min(comma + 1, text.size()));
    }
    return roles;
}

bool Person::has(Role role) const { return std::find(roles.begin(), roles.end(), role) != roles.end(); }

const Person* Organisation::findPerson(std::string_view staffNumber) const {
    for (const Person& p : people) {
        if (p.staffNumber == staffNumber) return &p;
    }
    return nullptr;
}

const Unit* Organisation::findUnit(std::string_view id) const {
    for (const Unit& u : units) {
        if (u.id == id) return &u;
    }
    return nullptr;
}

const ServiceArea* Organisation::findServiceArea(std::string_view id) const {
    for (const ServiceArea& s : serviceAreas) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

std::vector<const Person*> Organisation::directReports(std::string_view managerStaffNumber) const {
    std::vector<const Person*> out;
    for (const Person& p : people) {
        if (p.managerStaffNumber == managerStaffNumber) out.push_back(&p);
    }
    return out;
}

std::vector<const Person*> Organisation::membersOf(std::string_view unitId) const {
    std::vector<const Person*> out;
    for (const Person& p : people) {
        if (p.unitId == unitId) out.push_back(&p);
    }
    return out;
}

std::string supervisorProblem(const Organisation& org, const Person& person) {
    const Person* supervisor = org.findPerson(person.managerStaffNumber);
    if (supervisor == nullptr || !(person.isPrincipalOrDirector() || person.isAboveUnit())) return {};
    const bool leads = supervisor->has(Role::ServiceAreaDirector) || supervisor->has(Role::ManagementGroup) ||
                       supervisor->has(Role::CityManagement) || supervisor->isManager();
    if (!supervisor->isAboveUnit() || !leads) {
        return "the supervisor of " + person.staffNumber +
               " (a leader or above the unit level) must lead above the "
               "unit level, and " +
               supervisor->staffNumber + " does not";
    }
    return {};
}

bool isValidStaffNumber(std::string_view text) {
    return !text.empty() && text.size() <= 12 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<Organisation> parseOrganisation(std::string_view json, std::string_view sourceName) {
    auto document = parseJsonText(json, sourceName);
    if (!document) return document.error();
    try {
        return readOrganisation(JsonReader(*document, std::string(sourceName)));
    } catch (const JsonReadError& error) {
        return makeError(ErrorCode::InvalidInput, error.what());
    } catch (const nlohmann::json::exception& error) {
        return makeError(ErrorCode::InvalidInput, std::string(sourceName) + ": " + error.what());
    }
}

Result<Organisation> loadOrganisationFile(const std::filesystem::path& path) {
    auto text = readTextFile(path.string());
    if (!text) return text.error();
    return parseOrganisation(*text, path.string());
}

}  // namespace osm::domain

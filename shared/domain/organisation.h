// People, units and service areas (docs/model.md, "Levels", "People and roles"; the demo's in assets/demo/). Loaded from a
// JSON roster file; the sync server's CSV import builds the same structures.
#pragma once

#include "core/result.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osm::domain {

enum class Role {
    Employee,
    Manager,
    Principal,
    DaycareDirector,
    ServiceAreaDirector,
    Hr,
    CityManagement,
    CooperationCommittee,
    ManagementGroup,  // a member of their service area's management group (palvelualueen johtoryhmä)
};

const char* roleName(Role role);
Result<Role> parseRole(std::string_view name);
// Roles as stored in a database column: names separated by commas; unknown names are skipped.
std::string joinRoles(const std::vector<Role>& roles);
std::vector<Role> splitRoles(std::string_view text);

struct ServiceArea {
    std::string id;
    std::string name;
};

struct Unit {
    std::string id;
    std::string name;
    std::string serviceAreaId;
    std::string sector;  // "early_childhood_education", "teaching", "default", …
    bool hasKiosk = false;
};

struct Person {
    std::string staffNumber;
    std::string name;
    std::string title;   // job title shown next to the name
    std::string unitId;  // empty for people who belong to a service area only
    std::string serviceAreaId;
    std::string sector;
    std::vector<Role> roles;
    // The person's supervisor (esihenkilö), for staff their unit's manager and for leaders the
    // one above them (a unit's principal or director: a service-area director or a director
    // without a unit). Empty when none. domain/rights.h decides what that lets each do.
    std::string managerStaffNumber;

    bool has(Role role) const;
    bool isManager() const { return has(Role::Manager); }
    bool isPrincipalOrDirector() const { return has(Role::Principal) || has(Role::DaycareDirector); }
    // Works above the unit level: no unit, a service area's leader or one of its management group.
    bool isAboveUnit() const { return unitId.empty(); }
};

struct Organisation {
    std::vector<ServiceArea> serviceAreas;
    std::vector<Unit> units;
    std::vector<Person> people;

    const Person* findPerson(std::string_view staffNumber) const;
    const Unit* findUnit(std::string_view id) const;
    const ServiceArea* findServiceArea(std::string_view id) const;
    std::vector<const Person*> directReports(std::string_view managerStaffNumber) const;
    std::vector<const Person*> membersOf(std::string_view unitId) const;
};

// What is wrong with the person's supervisor, or empty: a unit's leader (principal, daycare
// director) and anyone above the unit level who names a supervisor must name someone above the
// unit level who leads (a service-area director, a management-group member, a manager without a
// unit, or the city's management). The roster's `manager` field is that supervisor.
std::string supervisorProblem(const Organisation& org, const Person& person);

// A staff number is 1–12 digits.
bool isValidStaffNumber(std::string_view text);

// Parses and checks a whole organisation: unique ids, every reference resolves, no manager
// cycles. Errors name the source, the field and the problem.
Result<Organisation> parseOrganisation(std::string_view json, std::string_view sourceName);
Result<Organisation> loadOrganisationFile(const std::filesystem::path& path);

}  // namespace osm::domain

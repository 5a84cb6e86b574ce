// Roster import from CSV, as HR exports it from the payroll system. One header line, then one
// person a line; fields separated by commas, quoted with "…" where they hold commas or quotes;
// UTF-8 with or without a BOM. Columns (any order, by header name):
//   staff_number, name, title, unit, unit_name, service_area, service_area_name, sector,
//   roles (separated by |), manager
// Every bad row is reported with its line number; a file with any bad row changes nothing.
#pragma once

#include "domain/organisation.h"

#include <string>
#include <string_view>
#include <vector>

namespace osm::server {

struct RosterParse {
    domain::Organisation organisation;
    std::vector<std::string> problems;  // "line 7: manager: no person with staff number 9999"
    bool ok() const { return problems.empty(); }
};

RosterParse parseRosterCsv(std::string_view text);

}  // namespace osm::server

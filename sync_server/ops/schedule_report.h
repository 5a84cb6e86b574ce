// The annual-clock report: for a date, what is due for each person of an organisation, and
// the year's events per sector with the alternating year shown. Used by `osaamissilta-server
// schedule` (an HR and operator command) and by the demo.
#pragma once

#include "catalog/catalog.h"
#include "domain/annual_clock.h"
#include "domain/organisation.h"

#include <string>
#include <vector>

namespace osm::server {

std::string scheduleReport(const domain::Organisation& org, const catalog::Catalog& catalog, domain::Date date,
                           catalog::Lang lang);

// The year's clock per sector of the organisation's units (HR's page): for each sector, the
// kind of year under the alternating-year model (None: a sector that holds individual
// discussions every year) and which of the clock's events it holds, in clock order.
struct SectorClock {
    std::string sector;
    catalog::Alternation yearKind = catalog::Alternation::None;
    std::vector<const catalog::ClockEvent*> events;  // point into the catalogue
};
std::vector<SectorClock> annualClockBySector(const domain::Organisation& org, const catalog::Catalog& catalog,
                                             int year);

}  // namespace osm::server

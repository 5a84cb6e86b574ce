// The annual-clock report: for a date, what is due for each person of an organisation, and
// the year's events per sector with the alternating year shown. Used by `osaamissilta-server
// schedule` (an HR and operator command) and by the demo.
#pragma once

#include "catalog/catalog.h"
#include "domain/annual_clock.h"
#include "domain/organisation.h"

#include <string>

namespace osm::server {

std::string scheduleReport(const domain::Organisation& org, const catalog::Catalog& catalog, domain::Date date,
                           catalog::Lang lang);

}  // namespace osm::server

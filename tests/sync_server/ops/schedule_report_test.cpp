// The annual-clock report names each person's due discussions and the kind of year.
#include "ops/schedule_report.h"

#include "test_support.h"

#include <doctest/doctest.h>

using namespace osm;

TEST_CASE("the schedule report shows the alternating year and what is due") {
    auto catalogue = catalog::loadCatalogYear(test::assetsDir(), 2026);
    auto org = domain::loadOrganisationFile(test::assetsDir() / "demo" / "organisation.json");
    REQUIRE((catalogue.ok() && org.ok()));
    const std::string report = server::scheduleReport(*org, *catalogue, {2026, 2, 10}, catalog::Lang::Fi);
    CHECK(report.find("[early_childhood_education] individual year") != std::string::npos);
    CHECK(report.find("[default] every year") != std::string::npos);
    CHECK(report.find("1001  Aino Virtanen:\n    Työntekijöiden kehityskeskustelut (2026-01-01 – 2026-03-31)") !=
          std::string::npos);
    CHECK(report.find("9001  Marja Peltonen: nothing due") != std::string::npos);
}

// HR's figures as pictures (web/svg_chart.h), in the page's language: completion per service
// area or unit, the self-ratings per competence, the 70-20-10 balance and the years side by
// side. Each shows what the view shows (all service areas and the whole city; one service area
// and its units; one unit), from the same rows and released groups as the tables, so a chart
// never holds a figure the tables do not; a suppressed group is drawn as "too few to show".
#pragma once

#include "hr/hr_html.h"
#include "hr/hr_reports.h"

#include <string>
#include <vector>

namespace osm::server {

// One year's figures: completion (with the city's row, hr_reports.h withCityTotal) and the
// groups of its shown release (with the city's, ReleaseChoice::groupsWithCity).
struct YearFigures {
    int year = 0;
    std::vector<CompletionRow> completion;
    std::vector<GroupAggregate> groups;
};

// Completion of the view's rows: submitted of due, in per cent, the counts printed.
std::string completionChartHtml(const PageText& t, const std::vector<CompletionRow>& rows, const HrFilter& filter,
                                int year);
// The distribution of self-ratings per competence in the view's group (the unit, the service
// area, else the whole city); nothing without a release.
std::string ratingsChartHtml(const PageText& t, const std::vector<GroupAggregate>& groups,
                             const domain::Organisation& org, const catalog::Catalog& catalog, const HrFilter& filter);
// The chosen methods per 70-20-10 category per group, in per cent, with the target marked.
// `idSuffix`: added to the chart's ids, for a page with more than one of it.
std::string methodsChartHtml(const PageText& t, const std::vector<GroupAggregate>& groups,
                             const domain::Organisation& org, const catalog::Catalog& catalog, const HrFilter& filter,
                             const std::string& idSuffix = {});
// Completion and mean self-ratings year by year (`years` oldest first); empty with fewer than two.
std::string yearsChartsHtml(const PageText& t, const std::vector<YearFigures>& years, const domain::Organisation& org,
                            const catalog::Catalog& catalog, const HrFilter& filter, const std::string& idSuffix = {});

}  // namespace osm::server

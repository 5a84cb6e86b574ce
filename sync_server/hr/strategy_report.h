// The figures the strategic competence discussion reviews (docs/model.md, "The strategic
// discussion"): for the whole city and each service area, this year and the years before side by
// side — completion, the mean self-rating per competence and the chosen 70-20-10 methods and
// their balance. Only released figures (hr_release.h: anonymous, suppressed, with noise) and
// completion (not suppressed) ever enter it; a hidden group or competence stays hidden here.
// Outputs: CSV for a Finnish spreadsheet, JSON, Markdown for the Teams channel and a printable
// HTML page with charts and their tables, headings in the language of the PageText given.
#pragma once

#include "hr/hr_charts.h"
#include "hr/hr_release.h"
#include "ops/server_keys.h"
#include "storage/sync_storage.h"

#include <filesystem>
#include <string>
#include <vector>

namespace osm::server {

// One year's figures as the strategic discussion sees them, and what kind of figures they are.
struct StrategyYear {
    YearFigures figures;
    std::string label;  // releaseLabel of the year's shown release, in the page's language
};

struct StrategyFigures {
    int year = 0;
    domain::Organisation organisation;  // this year's
    catalog::Catalog catalog;           // this year's
    std::vector<StrategyYear> years;    // oldest first, the last is `year`
};

// The years before `current` (at most two) that have figures, oldest first, then `current`. A
// year whose data cannot be read (no catalogue for it) is left out, as is one with no
// discussions submitted and nothing released. What HR's page and the strategic page compare.
std::vector<YearFigures> yearsBeside(SyncStorage& storage, const ServerKeys& keys, const std::filesystem::path& assets,
                                     const PageText& t, YearFigures current);

// `year` and the years before it (as yearsBeside), each with the latest release's figures.
Result<StrategyFigures> loadStrategyFigures(SyncStorage& storage, const ServerKeys& keys,
                                            const std::filesystem::path& assets, const PageText& t, int year);

// One scope's (the city: "", else a service area) figures of one year: its completion row and
// its released group, or null when the year has none.
const CompletionRow* scopeCompletion(const YearFigures& year, const std::string& serviceAreaId);
const GroupAggregate* scopeGroup(const YearFigures& year, const std::string& serviceAreaId);

// Every figure in long form, one a line: scope, year, figure, item, count, of, value.
std::string strategyCsv(const PageText& t, const StrategyFigures& figures);
std::string strategyJson(const StrategyFigures& figures);
// For the Teams channel: one table per scope, the years as columns.
std::string strategyMarkdown(const PageText& t, const StrategyFigures& figures);
// The same tables with the charts (hr_charts.h), for a page under its own title: `serviceAreaId`
// empty, the whole city and every service area; else the whole city and that service area. Each
// scope is headed at `level` (2: <h2>).
std::string strategyHtmlBody(const PageText& t, const StrategyFigures& figures, const std::string& serviceAreaId = {},
                             int level = 2);

}  // namespace osm::server

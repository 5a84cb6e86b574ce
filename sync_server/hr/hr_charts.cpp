// HR's charts. Sections: [view] [completion] [ratings] [methods] [years].
#include "hr/hr_charts.h"

#include "web/svg_chart.h"

#include <algorithm>
#include <map>

namespace osm::server {

// [view] ---------------------------------------------------------------------------------------

namespace {

// The rows a chart of the view shows: without a filter the service areas' totals and the whole
// city's (area and unit empty); for a service area its units and total; for a unit the unit.
bool inView(const std::string& area, const std::string& unit, const HrFilter& filter) {
    if (!filter.unitId.empty()) return unit == filter.unitId;
    if (!filter.serviceAreaId.empty()) return area == filter.serviceAreaId;
    return unit.empty();
}

// The one group a view is about: the unit, the service area's total, else the whole city's.
bool focus(const GroupAggregate& g, const HrFilter& filter) {
    if (!filter.unitId.empty()) return g.unitId == filter.unitId;
    return g.unitId.empty() && g.serviceAreaId == filter.serviceAreaId;
}

std::string groupName(const PageText& t, const domain::Organisation& org, const std::string& area,
                      const std::string& unit) {
    if (const domain::Unit* u = org.findUnit(unit)) return u->name;
    if (!unit.empty()) return unit;
    if (const domain::ServiceArea* a = org.findServiceArea(area)) return a->name + " (" + t("hr.total") + ")";
    return area.empty() ? t("hr.city") : area;
}

std::string percent(double value) { return std::to_string(static_cast<int>(value + 0.5)) + " %"; }

BarChart chartOf(const PageText& t, const std::string& id, const std::string& title, const std::string& description) {
    BarChart chart;
    chart.id = id;
    chart.title = title;
    chart.description = description;
    chart.suppressedText = t("hr.chart.too_few");
    chart.tableSummary = t("hr.chart.table");
    return chart;
}

std::string scaleText(const catalog::Catalog& catalog) {
    return std::to_string(catalog.scale.min) + "–" + std::to_string(catalog.scale.max);
}

}  // namespace

// [completion] ---------------------------------------------------------------------------------

std::string completionChartHtml(const PageText& t, const std::vector<CompletionRow>& rows, const HrFilter& filter,
                                int year) {
    BarChart chart = chartOf(t, "chart-completion", t("hr.chart.completion.title", std::to_string(year)),
                             t("hr.chart.completion.desc"));
    chart.rowHeading = t("hr.col.unit");
    chart.series = {t("hr.chart.completion.series")};
    chart.max = 100;
    for (const CompletionRow& r : rows) {
        if (!inView(r.serviceAreaId, r.unitId, filter)) continue;
        const double share = r.due > 0 ? 100.0 * r.submitted / r.due : 0.0;
        const std::string label = r.unitId.empty()
                                      ? r.serviceAreaName + (r.serviceAreaId.empty() ? "" : " (" + t("hr.total") + ")")
                                      : r.unitName;
        chart.rows.push_back({label,
                              {share},
                              {std::to_string(r.submitted) + "/" + std::to_string(r.due) + " (" + percent(share) + ")"},
                              false,
                              r.unitId.empty()});
    }
    return chart.rows.empty() ? std::string() : barChartHtml(chart);
}

// [ratings] ------------------------------------------------------------------------------------

std::string ratingsChartHtml(const PageText& t, const std::vector<GroupAggregate>& groups,
                             const domain::Organisation& org, const catalog::Catalog& catalog, const HrFilter& filter) {
    const auto g =
        std::find_if(groups.begin(), groups.end(), [&](const GroupAggregate& x) { return focus(x, filter); });
    if (g == groups.end()) return {};
    const std::string name = groupName(t, org, g->serviceAreaId, g->unitId);
    BarChart chart =
        chartOf(t, "chart-ratings", t("hr.chart.ratings.title", name), t("hr.chart.ratings.desc", scaleText(catalog)));
    chart.rowHeading = t("hr.col.competence");
    for (int v = catalog.scale.min; v <= catalog.scale.max; ++v) chart.series.push_back(std::to_string(v));
    if (g->suppressed) {
        chart.rows.push_back({name, {}, {}, true, true});
        return barChartHtml(chart);
    }
    for (const catalog::Competence& competence : catalog.competences) {
        const auto c = std::find_if(g->competences.begin(), g->competences.end(),
                                    [&](const CompetenceAggregate& x) { return x.competenceId == competence.id; });
        if (c == g->competences.end()) continue;
        ChartRow row{competence.name.in(t.lang), {}, {}, false, false};
        for (int count : c->distribution) {
            row.values.push_back(count);
            row.texts.push_back(std::to_string(count));
        }
        chart.rows.push_back(std::move(row));
    }
    return chart.rows.empty() ? std::string() : barChartHtml(chart);
}

// [methods] ------------------------------------------------------------------------------------

std::string methodsChartHtml(const PageText& t, const std::vector<GroupAggregate>& groups,
                             const domain::Organisation& org, const catalog::Catalog& catalog, const HrFilter& filter,
                             const std::string& idSuffix) {
    BarChart chart = chartOf(t, "chart-methods" + idSuffix, t("hr.chart.methods.title"), t("hr.chart.methods.desc"));
    chart.rowHeading = t("hr.col.unit");
    chart.max = 100;
    std::string target;
    double mark = 0;
    for (const catalog::LearningCategory& category : catalog.categories) {
        chart.series.push_back(std::to_string(category.share) + " " + category.name.in(t.lang));
        target += (target.empty() ? "" : "/") + std::to_string(category.share);
        mark += category.share;
        if (mark < 100) chart.marks.push_back(mark);
    }
    chart.marksLabel = t("hr.chart.methods.target", target);
    for (const GroupAggregate& g : groups) {
        if (!inView(g.serviceAreaId, g.unitId, filter)) continue;
        ChartRow row{groupName(t, org, g.serviceAreaId, g.unitId), {}, {}, g.suppressed, g.unitId.empty()};
        int sum = 0;
        for (const auto& [id, count] : g.categories) sum += count;
        // Counts under the minimum are not released, so a group with none shown has nothing to draw.
        row.suppressed = row.suppressed || sum == 0;
        for (const catalog::LearningCategory& category : catalog.categories) {
            const auto it = g.categories.find(category.id);
            const int count = it == g.categories.end() ? 0 : it->second;
            const double share = sum > 0 ? 100.0 * count / sum : 0.0;
            row.values.push_back(share);
            row.texts.push_back(percent(share) + " (" + std::to_string(count) + ")");
        }
        chart.rows.push_back(std::move(row));
    }
    return chart.rows.empty() ? std::string() : barChartHtml(chart);
}

// [years] --------------------------------------------------------------------------------------

namespace {

std::string yearsCompletionHtml(const PageText& t, const std::vector<YearFigures>& years, const HrFilter& filter,
                                const std::string& idSuffix) {
    BarChart chart = chartOf(t, "chart-years-completion" + idSuffix, t("hr.chart.years.completion.title"),
                             t("hr.chart.years.completion.desc"));
    chart.rowHeading = t("hr.col.unit");
    chart.stacked = false;
    chart.max = 100;
    for (const YearFigures& y : years) chart.series.push_back(std::to_string(y.year));
    // The rows of the newest year; a unit that was not there in an earlier year gets 0 of 0.
    for (const CompletionRow& r : years.back().completion) {
        if (!inView(r.serviceAreaId, r.unitId, filter)) continue;
        ChartRow row{r.unitId.empty() ? r.serviceAreaName : r.unitName, {}, {}, false, r.unitId.empty()};
        for (const YearFigures& y : years) {
            const auto same = std::find_if(y.completion.begin(), y.completion.end(), [&](const CompletionRow& x) {
                return x.serviceAreaId == r.serviceAreaId && x.unitId == r.unitId;
            });
            const int due = same == y.completion.end() ? 0 : same->due;
            const double share = due > 0 ? 100.0 * same->submitted / due : 0.0;
            row.values.push_back(share);
            row.texts.push_back(due > 0 ? percent(share) : "–");
        }
        chart.rows.push_back(std::move(row));
    }
    return chart.rows.empty() ? std::string() : barChartHtml(chart);
}

std::string yearsRatingsHtml(const PageText& t, const std::vector<YearFigures>& years, const domain::Organisation& org,
                             const catalog::Catalog& catalog, const HrFilter& filter, const std::string& idSuffix) {
    const std::string name = groupName(t, org, filter.serviceAreaId, filter.unitId);
    BarChart chart = chartOf(t, "chart-years-ratings" + idSuffix, t("hr.chart.years.ratings.title", name),
                             t("hr.chart.years.ratings.desc"));
    chart.rowHeading = t("hr.col.competence");
    chart.stacked = false;
    chart.max = catalog.scale.max;
    std::vector<const GroupAggregate*> focused;
    for (const YearFigures& y : years) {
        chart.series.push_back(std::to_string(y.year));
        const auto g =
            std::find_if(y.groups.begin(), y.groups.end(), [&](const GroupAggregate& x) { return focus(x, filter); });
        focused.push_back(g == y.groups.end() ? nullptr : &*g);
    }
    for (const catalog::Competence& competence : catalog.competences) {
        ChartRow row{competence.name.in(t.lang), {}, {}, false, false};
        bool any = false;
        for (const GroupAggregate* g : focused) {
            const CompetenceAggregate* c = nullptr;
            if (g != nullptr) {
                for (const CompetenceAggregate& x : g->competences)
                    if (x.competenceId == competence.id) c = &x;
            }
            // A year without the figure (not released, or hidden): no bar, and said so.
            row.values.push_back(c != nullptr ? c->mean : 0.0);
            row.texts.push_back(c != nullptr ? decimalComma(c->mean, 1) : t("hr.chart.too_few"));
            any = any || c != nullptr;
        }
        if (any) chart.rows.push_back(std::move(row));
    }
    return chart.rows.empty() ? std::string() : barChartHtml(chart);
}

}  // namespace

std::string yearsChartsHtml(const PageText& t, const std::vector<YearFigures>& years, const domain::Organisation& org,
                            const catalog::Catalog& catalog, const HrFilter& filter, const std::string& idSuffix) {
    if (years.size() < 2) return {};
    return yearsCompletionHtml(t, years, filter, idSuffix) + yearsRatingsHtml(t, years, org, catalog, filter, idSuffix);
}

}  // namespace osm::server

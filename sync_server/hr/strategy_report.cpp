// The strategic discussion's figures. Sections: [load] [lines] [csv] [json] [markdown] [html].
#include "hr/strategy_report.h"

#include "hr/csv_cells.h"
#include "hr/hr_html.h"
#include "hr/markdown_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace osm::server {

// [load] ---------------------------------------------------------------------------------------

std::vector<YearFigures> yearsBeside(SyncStorage& storage, const ServerKeys& keys, const std::filesystem::path& assets,
                                     const PageText& t, YearFigures current) {
    std::vector<YearFigures> out;
    for (int year = current.year - 2; year < current.year; ++year) {
        auto data = loadHrData(storage, keys, assets, year);
        if (!data) continue;
        auto releases = chooseRelease(storage, year, {});
        if (!releases || (data->submitted.empty() && releases->shown() == nullptr)) continue;
        out.push_back(
            {year,
             withCityTotal(completion(data->organisation, data->catalog, year, data->submitted, data->progress),
                           t("hr.city")),
             releases->groupsWithCity()});
    }
    out.push_back(std::move(current));
    return out;
}

Result<StrategyFigures> loadStrategyFigures(SyncStorage& storage, const ServerKeys& keys,
                                            const std::filesystem::path& assets, const PageText& t, int year) {
    auto data = loadHrData(storage, keys, assets, year);
    if (!data) return data.error();
    auto releases = chooseRelease(storage, year, {});
    if (!releases) return releases.error();
    StrategyFigures out;
    out.year = year;
    YearFigures current{
        year,
        withCityTotal(completion(data->organisation, data->catalog, year, data->submitted, data->progress),
                      t("hr.city")),
        releases->groupsWithCity()};
    for (YearFigures& y : yearsBeside(storage, keys, assets, t, std::move(current))) {
        auto shown = chooseRelease(storage, y.year, {});
        const std::string label = shown ? releaseLabel(shown->shown(), t.code()) : std::string();
        out.years.push_back({std::move(y), label});
    }
    out.organisation = std::move(data->organisation);
    out.catalog = std::move(data->catalog);
    return out;
}

const CompletionRow* scopeCompletion(const YearFigures& year, const std::string& serviceAreaId) {
    for (const CompletionRow& r : year.completion)
        if (r.unitId.empty() && r.serviceAreaId == serviceAreaId) return &r;
    return nullptr;
}

const GroupAggregate* scopeGroup(const YearFigures& year, const std::string& serviceAreaId) {
    for (const GroupAggregate& g : year.groups)
        if (g.unitId.empty() && g.serviceAreaId == serviceAreaId) return &g;
    return nullptr;
}

// [lines] --------------------------------------------------------------------------------------

namespace {

// One figure of one year: its count, of how many, its value, and the text shown for it.
struct Cell {
    bool shown = false;
    int count = 0;
    int of = 0;
    double value = 0;
    std::string text = "–";
};

// One line of a scope's table: a figure (completion, a competence's mean, a category's share,
// a method's count) through the years.
struct Line {
    std::string figure;
    std::string item;
    int digits = 1;  // of `value` in the CSV
    std::vector<Cell> cells;
};

std::string percent(double value) { return std::to_string(static_cast<int>(value + 0.5)) + " %"; }

int countIn(const std::map<std::string, int>& counts, const std::string& id) {
    const auto it = counts.find(id);
    return it == counts.end() ? 0 : it->second;
}

int sumOf(const std::map<std::string, int>& counts) {
    int sum = 0;
    for (const auto& [id, count] : counts) sum += count;
    return sum;
}

// "liian vähän vastauksia" where the year's release hid the figure, "–" where it has none.
Cell hiddenOr(const PageText& t, const GroupAggregate* g) {
    Cell c;
    if (g != nullptr) c.text = t("hr.chart.too_few");
    return c;
}

Line completionLine(const PageText& t, const StrategyFigures& f, const std::string& scope) {
    Line line{t("hr.strategy.completion"), {}, 1, {}};
    for (const StrategyYear& y : f.years) {
        Cell c;
        if (const CompletionRow* r = scopeCompletion(y.figures, scope); r != nullptr && r->due > 0) {
            c = {true, r->submitted, r->due, 100.0 * r->submitted / r->due, {}};
            c.text = percent(c.value) + " (" + std::to_string(r->submitted) + "/" + std::to_string(r->due) + ")";
        }
        line.cells.push_back(std::move(c));
    }
    return line;
}

void addMeanLines(const PageText& t, const StrategyFigures& f, const std::string& scope, std::vector<Line>& out) {
    for (const catalog::Competence& competence : f.catalog.competences) {
        Line line{t("hr.strategy.mean"), competence.name.in(t.lang), 2, {}};
        bool any = false;
        for (const StrategyYear& y : f.years) {
            const GroupAggregate* g = scopeGroup(y.figures, scope);
            Cell c = hiddenOr(t, g);
            for (const CompetenceAggregate& x : g != nullptr ? g->competences : std::vector<CompetenceAggregate>{}) {
                if (x.competenceId != competence.id) continue;
                c = {true, x.responses, 0, x.mean, decimalComma(x.mean, 1)};
                any = true;
            }
            line.cells.push_back(std::move(c));
        }
        // A competence nobody rated in any year (the managers' on a staff form) is no line.
        if (any) out.push_back(std::move(line));
    }
}

void addMethodLines(const PageText& t, const StrategyFigures& f, const std::string& scope, std::vector<Line>& out) {
    for (const catalog::LearningCategory& category : f.catalog.categories) {
        Line line{t("hr.strategy.balance"), std::to_string(category.share) + " " + category.name.in(t.lang), 1, {}};
        for (const StrategyYear& y : f.years) {
            const GroupAggregate* g = scopeGroup(y.figures, scope);
            Cell c = hiddenOr(t, g);
            const int sum = g != nullptr ? sumOf(g->categories) : 0;
            if (sum > 0) {
                const int count = countIn(g->categories, category.id);
                c = {true, count, sum, 100.0 * count / sum, {}};
                c.text = percent(c.value) + " (" + std::to_string(count) + ")";
            }
            line.cells.push_back(std::move(c));
        }
        out.push_back(std::move(line));
    }
    for (const catalog::LearningCategory& category : f.catalog.categories) {
        for (const catalog::LearningMethod& method : category.methods) {
            Line line{t("hr.strategy.method"), method.name.in(t.lang), 0, {}};
            bool any = false;
            for (const StrategyYear& y : f.years) {
                const GroupAggregate* g = scopeGroup(y.figures, scope);
                Cell c = hiddenOr(t, g);
                if (g != nullptr && !g->suppressed) {
                    const int count = countIn(g->methods, method.id);
                    c = {true, count, sumOf(g->methods), static_cast<double>(count), std::to_string(count)};
                    any = any || count > 0;
                }
                line.cells.push_back(std::move(c));
            }
            if (any) out.push_back(std::move(line));
        }
    }
}

std::vector<Line> linesOf(const PageText& t, const StrategyFigures& f, const std::string& scope) {
    std::vector<Line> out{completionLine(t, f, scope)};
    addMeanLines(t, f, scope, out);
    addMethodLines(t, f, scope, out);
    return out;
}

// The scopes in order: the whole city, then each service area.
std::vector<std::pair<std::string, std::string>> scopesOf(const PageText& t, const StrategyFigures& f,
                                                          const std::string& only = {}) {
    std::vector<std::pair<std::string, std::string>> out;
    if (only.empty()) out.emplace_back("", t("hr.city"));
    for (const domain::ServiceArea& area : f.organisation.serviceAreas)
        if (only.empty() || area.id == only) out.emplace_back(area.id, area.name);
    return out;
}

}  // namespace

// [csv] ----------------------------------------------------------------------------------------

std::string strategyCsv(const PageText& t, const StrategyFigures& f) {
    std::string out = "\xEF\xBB\xBF";
    for (const StrategyYear& y : f.years)
        if (!y.label.empty()) out += csvLine({std::to_string(y.figures.year) + ": " + y.label});
    out += csvLine({t("hr.col.service_area"), t("hr.strategy.col.year"), t("hr.strategy.col.figure"),
                    t("hr.strategy.col.item"), t("hr.strategy.col.count"), t("hr.strategy.col.of"),
                    t("hr.strategy.col.value")});
    for (const auto& [scope, name] : scopesOf(t, f)) {
        for (const Line& line : linesOf(t, f, scope)) {
            for (std::size_t i = 0; i < f.years.size(); ++i) {
                const Cell& c = line.cells[i];
                out +=
                    csvLine({name, std::to_string(f.years[i].figures.year), line.figure, line.item,
                             c.shown ? std::to_string(c.count) : std::string(),
                             c.shown && c.of > 0 ? std::to_string(c.of) : std::string(),
                             c.shown ? (line.digits > 0 ? decimalComma(c.value, line.digits) : std::to_string(c.count))
                                     : (c.text == "–" ? std::string() : c.text)});
            }
        }
    }
    return out;
}

// [json] ---------------------------------------------------------------------------------------

std::string strategyJson(const StrategyFigures& f) {
    using nlohmann::json;
    json scopes = json::array();
    std::vector<std::string> ids{""};
    for (const domain::ServiceArea& area : f.organisation.serviceAreas) ids.push_back(area.id);
    for (const std::string& scope : ids) {
        json years = json::array();
        for (const StrategyYear& y : f.years) {
            json one{{"year", y.figures.year}, {"release", y.label}};
            if (const CompletionRow* r = scopeCompletion(y.figures, scope))
                one["completion"] = {{"due", r->due}, {"submitted", r->submitted}};
            const GroupAggregate* g = scopeGroup(y.figures, scope);
            one["released"] = g != nullptr;
            if (g != nullptr) {
                one["suppressed"] = g->suppressed;
                json competences = json::array();
                for (const CompetenceAggregate& c : g->competences)
                    competences.push_back({{"id", c.competenceId}, {"responses", c.responses}, {"mean", c.mean}});
                one["responses"] = g->responses;
                one["competences"] = std::move(competences);
                one["categories"] = g->categories;
                one["methods"] = g->methods;
            }
            years.push_back(std::move(one));
        }
        scopes.push_back({{"service_area", scope}, {"years", std::move(years)}});
    }
    return json{{"year", f.year}, {"scopes", std::move(scopes)}}.dump(2) + "\n";
}

// [markdown] -----------------------------------------------------------------------------------

std::string strategyMarkdown(const PageText& t, const StrategyFigures& f) {
    std::string out = "# " + markdownText(t("hr.strategy.title", std::to_string(f.year))) + "\n\n" +
                      markdownText(t("hr.strategy.intro")) + "\n\n";
    for (const StrategyYear& y : f.years)
        if (!y.label.empty()) out += "> " + std::to_string(y.figures.year) + ": " + markdownText(y.label) + "\n>\n";
    std::string header =
        "| " + markdownText(t("hr.strategy.col.figure")) + " | " + markdownText(t("hr.strategy.col.item")) + " |";
    std::string rule = "|---|---|";
    for (const StrategyYear& y : f.years) {
        header += " " + std::to_string(y.figures.year) + " |";
        rule += "---:|";
    }
    for (const auto& [scope, name] : scopesOf(t, f)) {
        out += "\n## " + markdownText(name) + "\n\n" + header + "\n" + rule + "\n";
        for (const Line& line : linesOf(t, f, scope)) {
            out += "| " + markdownText(line.figure) + " | " + markdownText(line.item) + " |";
            for (const Cell& c : line.cells) out += " " + markdownText(c.text) + " |";
            out += "\n";
        }
    }
    return out;
}

// [html] ---------------------------------------------------------------------------------------

std::string strategyHtmlBody(const PageText& t, const StrategyFigures& f, const std::string& serviceAreaId, int level) {
    const std::string h = "h" + std::to_string(level);
    std::string out = "<p>" + htmlEscape(t("hr.strategy.intro")) + "</p>";
    for (const StrategyYear& y : f.years) {
        if (!y.label.empty())
            out += "<p class=\"muted\">" + std::to_string(y.figures.year) + ": " + htmlEscape(y.label) + "</p>";
    }
    std::vector<YearFigures> years;
    for (const StrategyYear& y : f.years) years.push_back(y.figures);
    auto scopes = scopesOf(t, f, serviceAreaId);
    if (!serviceAreaId.empty()) scopes.insert(scopes.begin(), {"", t("hr.city")});
    for (const auto& [scope, name] : scopes) {
        const std::string id = scope.empty() ? std::string("city") : scope;
        out += "<section id=\"strategy-" + htmlEscape(id) + "\"><" + h + ">" + htmlEscape(name) + "</" + h +
               "><table id=\"strategy-" + htmlEscape(id) + "-table\"><tr><th>" +
               htmlEscape(t("hr.strategy.col.figure")) + "</th><th>" + htmlEscape(t("hr.strategy.col.item")) + "</th>";
        for (const StrategyYear& y : f.years) out += "<th>" + std::to_string(y.figures.year) + "</th>";
        out += "</tr>";
        for (const Line& line : linesOf(t, f, scope)) {
            out += "<tr><td>" + htmlEscape(line.figure) + "</td><td>" + htmlEscape(line.item) + "</td>";
            for (const Cell& c : line.cells) out += "<td class=\"n\">" + htmlEscape(c.text) + "</td>";
            out += "</tr>";
        }
        out += "</table>";
        const HrFilter filter{scope, {}};
        out += yearsChartsHtml(t, years, f.organisation, f.catalog, filter, "-" + id) +
               methodsChartHtml(t, f.years.back().figures.groups, f.organisation, f.catalog, filter, "-" + id) +
               "</section>";
    }
    return out;
}

}  // namespace osm::server

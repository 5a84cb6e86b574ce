// HR's CSV downloads for a Finnish spreadsheet: UTF-8 with BOM, semicolons, decimal comma, CRLF;
// every cell passes neutraliseCsvCell.
#include "hr/csv_cells.h"
#include "hr/hr_reports.h"

#include <algorithm>
#include <cstdio>

namespace osm::server {

namespace {

constexpr const char* kBom = "\xEF\xBB\xBF";

// The service area's id, or "(Koko kaupunki)" for the whole city's figures.
std::string areaColumn(const PageText& t, const GroupAggregate& g) {
    return g.serviceAreaId.empty() ? "(" + t("hr.city") + ")" : g.serviceAreaId;
}

}  // namespace

std::string decimalComma(double value, int digits) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", digits, value);
    std::string out = text;
    std::replace(out.begin(), out.end(), '.', ',');
    return out;
}

std::string completionCsv(const PageText& t, const std::vector<CompletionRow>& rows) {
    std::string out = kBom + csvLine({t("hr.col.service_area"), t("hr.col.unit"), t("hr.col.manager"), t("hr.col.due"),
                                      t("hr.col.drafted"), t("hr.col.submitted"), t("hr.col.share"),
                                      t("hr.col.discussed"), t("hr.col.agreed"), t("hr.col.late")});
    const std::string total = "(" + t("hr.total") + ")";
    for (const CompletionRow& r : rows) {
        const double share = r.due > 0 ? 100.0 * r.submitted / r.due : 0.0;
        out += csvLine({r.serviceAreaName, r.unitId.empty() ? total : r.unitName, r.managerName, std::to_string(r.due),
                        std::to_string(r.drafted), std::to_string(r.submitted), decimalComma(share, 1),
                        std::to_string(r.discussed), std::to_string(r.agreed), std::to_string(r.late)});
    }
    return out;
}

std::string aggregatesCsv(const PageText& t, const std::vector<GroupAggregate>& groups, const catalog::Catalog& catalog,
                          const std::vector<std::string>& notes) {
    std::vector<std::string> header{t("hr.col.service_area"), t("hr.col.unit"), t("hr.col.responses"),
                                    t("hr.col.competence"), t("hr.col.mean")};
    for (int v = catalog.scale.min; v <= catalog.scale.max; ++v) header.push_back(std::to_string(v));
    std::string out = kBom;
    for (const std::string& note : notes) out += csvLine({note});
    if (!notes.empty()) out += "\r\n";
    out += csvLine(header);
    for (const GroupAggregate& g : groups) {
        const std::string unit = g.unitId.empty() ? "(" + t("hr.total") + ")" : g.unitId;
        const std::string area = areaColumn(t, g);
        if (g.suppressed) {
            out += csvLine({area, unit, "", t("hr.suppressed.small"), ""});
            continue;
        }
        for (const CompetenceAggregate& c : g.competences) {
            const catalog::Competence* competence = catalog.findCompetence(c.competenceId);
            std::vector<std::string> fields{area, unit, std::to_string(g.responses),
                                            competence ? competence->name.in(t.lang) : c.competenceId,
                                            decimalComma(c.mean, 2)};
            for (int count : c.distribution) fields.push_back(std::to_string(count));
            out += csvLine(fields);
        }
    }
    return out;
}

namespace {

// The Priima counts after the marks (GroupAggregate::priima).
constexpr const char* kPriimaCounts[] = {"goals", "completed"};

}  // namespace

std::string followUpCsv(const PageText& t, const std::vector<GroupAggregate>& groups,
                        const std::vector<std::string>& notes) {
    std::vector<std::string> header{t("hr.col.service_area"), t("hr.col.unit"), t("hr.col.responses")};
    for (const std::string_view mark : domain::kGoalMarks) header.push_back(t("hr.follow_up." + std::string(mark)));
    for (const char* priima : kPriimaCounts) header.push_back(t(std::string("hr.priima.") + priima));
    std::string out = kBom;
    for (const std::string& note : notes) out += csvLine({note});
    out += csvLine({t("hr.follow_up.csv_note")}) + "\r\n" + csvLine(header);
    for (const GroupAggregate& g : groups) {
        const std::string unit = g.unitId.empty() ? "(" + t("hr.total") + ")" : g.unitId;
        if (g.suppressed) {
            out += csvLine({areaColumn(t, g), unit, "", t("hr.suppressed.small")});
            continue;
        }
        std::vector<std::string> fields{areaColumn(t, g), unit, std::to_string(g.responses)};
        for (const std::string_view mark : domain::kGoalMarks) {
            const auto it = g.followUp.find(std::string(mark));
            fields.push_back(it == g.followUp.end() ? "" : std::to_string(it->second));
        }
        for (const char* priima : kPriimaCounts) {
            const auto it = g.priima.find(priima);
            fields.push_back(it == g.priima.end() ? "" : std::to_string(it->second));
        }
        out += csvLine(fields);
    }
    return out;
}

}  // namespace osm::server

// Server-made SVG bar charts. Sections: [text] [layout] [svg] [table].
#include "web/svg_chart.h"

#include "hr/hr_html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace osm::server {

// [text] ---------------------------------------------------------------------------------------

std::string svgText(const std::string& text, std::size_t maxCodepoints) {
    std::string kept;
    std::size_t codepoints = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 && byte != '\t' && byte != '\n') continue;  // not allowed in XML 1.0
        if (byte == 0x7f) continue;
        const bool starts = (byte & 0xC0) != 0x80;
        if (starts && ++codepoints > maxCodepoints) {
            // Cut before this character, one back to make room for the ellipsis.
            std::size_t cut = kept.size();
            do {
                --cut;
            } while (cut > 0 && (static_cast<unsigned char>(kept[cut]) & 0xC0) == 0x80);
            kept.resize(cut);
            kept += "\xE2\x80\xA6";
            break;
        }
        kept += text[i];
    }
    return htmlEscape(kept);
}

// [layout] -------------------------------------------------------------------------------------

namespace {

// At least 4.5:1 against white (docs/decisions.md, "Charts"); white text on them too.
constexpr const char* kColours[] = {"#1f5f99", "#a15000", "#2e6b30", "#6a3d9a",
                                    "#a4262c", "#005f73", "#8a5a00", "#9b2f6f"};
constexpr int kWidth = 760;
constexpr int kLabelWidth = 230;
constexpr int kBarLeft = 240;
constexpr int kBarWidth = 360;
constexpr int kCharWidth = 7;  // a rough width of one character at 12 px, for fitting texts

std::string safeId(const std::string& id) {
    std::string out;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        out += ok ? c : '_';
    }
    return out.empty() ? "chart" : out;
}

std::string px(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

std::string fill(const std::string& id, std::size_t series) {
    return series % 2 == 1 ? "url(#" + id + "-p" + std::to_string(series) + ")"
                           : kColours[series % std::size(kColours)];
}

std::string valueText(const ChartRow& row, std::size_t i) {
    if (i < row.texts.size() && !row.texts[i].empty()) return row.texts[i];
    char text[32];
    std::snprintf(text, sizeof text, "%g", row.values[i]);
    return text;
}

double scaleEnd(const BarChart& chart) {
    if (chart.max > 0) return chart.max;
    double end = 0;
    for (const ChartRow& row : chart.rows) {
        double sum = 0;
        for (double v : row.values) {
            sum += std::max(v, 0.0);
            end = std::max(end, v);
        }
        if (chart.stacked) end = std::max(end, sum);
    }
    return end > 0 ? end : 1;
}

// The legend's swatches, wrapped to the width; returns its height.
int legend(const BarChart& chart, const std::string& id, std::string& out) {
    int x = 0, y = 4;
    auto place = [&](int width) {
        if (x > 0 && x + width > kWidth) {
            x = 0;
            y += 20;
        }
        const int at = x;
        x += width;
        return at;
    };
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        const std::string name = svgText(chart.series[i], 40);
        const int at = place(24 + kCharWidth * static_cast<int>(chart.series[i].size()) + 12);
        out += "<rect x=\"" + std::to_string(at) + "\" y=\"" + std::to_string(y) +
               "\" width=\"16\" height=\"14\" fill=\"" + fill(id, i) + "\"/><text x=\"" + std::to_string(at + 21) +
               "\" y=\"" + std::to_string(y + 12) + "\">" + name + "</text>";
    }
    if (!chart.marks.empty()) {
        const int at = place(30 + kCharWidth * static_cast<int>(chart.marksLabel.size()));
        out += "<line x1=\"" + std::to_string(at + 8) + "\" y1=\"" + std::to_string(y) + "\" x2=\"" +
               std::to_string(at + 8) + "\" y2=\"" + std::to_string(y + 14) +
               "\" stroke=\"#1d2730\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/><text x=\"" +
               std::to_string(at + 21) + "\" y=\"" + std::to_string(y + 12) + "\">" + svgText(chart.marksLabel, 60) +
               "</text>";
    }
    return y + 26;
}

std::string bar(double x, double y, double width, double height, const std::string& paint) {
    return "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(width) + "\" height=\"" + px(height) +
           "\" fill=\"" + paint + "\"/>";
}

// A value printed inside its bar when it fits, else nothing (the table has it).
std::string inside(double x, double y, double width, const std::string& text) {
    if (width < kCharWidth * static_cast<double>(text.size()) + 6) return {};
    return "<text x=\"" + px(x + width / 2) + "\" y=\"" + px(y) +
           "\" text-anchor=\"middle\" fill=\"#fff\" font-weight=\"bold\">" + svgText(text, 20) + "</text>";
}

}  // namespace

// [svg] ----------------------------------------------------------------------------------------

namespace {

// One row's bars from `top`; returns the row's height.
int rowBars(const BarChart& chart, const std::string& id, const ChartRow& row, int top, double end, std::string& out) {
    const int barHeight = chart.stacked ? 18 : 14;
    const int height = chart.stacked ? 26 : static_cast<int>(chart.series.size()) * (barHeight + 3) + 9;
    if (row.total) {
        out += "<line x1=\"0\" y1=\"" + std::to_string(top - 2) + "\" x2=\"" + std::to_string(kWidth) + "\" y2=\"" +
               std::to_string(top - 2) + "\" stroke=\"#595959\"/>";
    }
    out += "<text x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(top + 15) +
           "\" text-anchor=\"end\"" + (row.total ? " font-weight=\"bold\"" : "") + ">" + svgText(row.label, 32) +
           "</text>";
    if (row.suppressed) {
        out += "<text x=\"" + std::to_string(kBarLeft) + "\" y=\"" + std::to_string(top + 15) +
               "\" font-style=\"italic\" fill=\"#595959\">" + svgText(chart.suppressedText, 80) + "</text>";
        return height;
    }
    double x = kBarLeft;
    for (std::size_t i = 0; i < row.values.size() && i < chart.series.size(); ++i) {
        const double width = std::max(row.values[i], 0.0) / end * kBarWidth;
        const std::string text = valueText(row, i);
        if (chart.stacked && chart.series.size() == 1) {  // one value: printed after its bar, always
            out += bar(x, top + 4, width, barHeight, fill(id, i)) + "<text x=\"" + px(x + width + 4) + "\" y=\"" +
                   std::to_string(top + 17) + "\">" + svgText(text, 40) + "</text>";
            continue;
        }
        if (chart.stacked) {
            out += bar(x, top + 4, width, barHeight, fill(id, i)) + inside(x, top + 17, width, text);
            x += width;
            continue;
        }
        const double y = top + 4 + static_cast<double>(i) * (barHeight + 3);
        out += bar(kBarLeft, y, width, barHeight, fill(id, i)) + "<text x=\"" + px(kBarLeft + width + 4) + "\" y=\"" +
               px(y + 11) + "\">" + svgText(chart.series[i] + ": " + text, 40) + "</text>";
    }
    return height;
}

}  // namespace

std::string barChartSvg(const BarChart& chart) {
    const std::string id = safeId(chart.id);
    const double end = scaleEnd(chart);
    std::string defs = "<defs>";
    for (std::size_t i = 1; i < chart.series.size(); i += 2) {
        defs += "<pattern id=\"" + id + "-p" + std::to_string(i) +
                "\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                "<rect width=\"6\" height=\"6\" fill=\"" +
                kColours[i % std::size(kColours)] +
                "\"/><rect width=\"2\" height=\"6\" fill=\"#000\" fill-opacity=\"0.45\"/></pattern>";
    }
    defs += "</defs>";
    std::string body;
    int y = legend(chart, id, body);
    const int rowsTop = y;
    for (const ChartRow& row : chart.rows) y += rowBars(chart, id, row, y, end, body);
    for (double mark : chart.marks) {
        const std::string x = px(kBarLeft + mark / end * kBarWidth);
        body += "<line x1=\"" + x + "\" y1=\"" + std::to_string(rowsTop) + "\" x2=\"" + x + "\" y2=\"" +
                std::to_string(y) + "\" stroke=\"#1d2730\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>";
    }
    const std::string height = std::to_string(y + 4);
    // No xmlns: inline in HTML the parser puts it in the SVG namespace, and the page names no
    // address outside itself.
    return "<svg role=\"img\" id=\"" + id + "\" aria-labelledby=\"" + id + "-title " + id + "-desc\" viewBox=\"0 0 " +
           std::to_string(kWidth) + " " + height + "\" width=\"" + std::to_string(kWidth) + "\" height=\"" + height +
           "\" style=\"max-width:100%;height:auto\" font-family=\"Noto Sans, sans-serif\" font-size=\"12\" "
           "fill=\"#1d2730\"><title id=\"" +
           id + "-title\">" + svgText(chart.title) + "</title><desc id=\"" + id + "-desc\">" +
           svgText(chart.description) + "</desc>" + defs + body + "</svg>";
}

// [table] --------------------------------------------------------------------------------------

std::string barChartHtml(const BarChart& chart) {
    const std::string id = safeId(chart.id);
    std::string table = "<table id=\"" + id + "-table\"><tr><th>" + htmlEscape(chart.rowHeading) + "</th>";
    for (const std::string& s : chart.series) table += "<th>" + htmlEscape(s) + "</th>";
    table += "</tr>";
    for (const ChartRow& row : chart.rows) {
        table += std::string(row.total ? "<tr class=\"total\">" : "<tr>") + "<td>" + htmlEscape(row.label) + "</td>";
        if (row.suppressed) {
            table += "<td colspan=\"" + std::to_string(std::max<std::size_t>(chart.series.size(), 1)) +
                     "\" class=\"muted\">" + htmlEscape(chart.suppressedText) + "</td></tr>";
            continue;
        }
        for (std::size_t i = 0; i < chart.series.size(); ++i)
            table += "<td class=\"n\">" + (i < row.values.size() ? htmlEscape(valueText(row, i)) : "") + "</td>";
        table += "</tr>";
    }
    table += "</table>";
    return "<figure class=\"chart\" id=\"" + id + "-figure\"><figcaption><strong>" + htmlEscape(chart.title) +
           "</strong></figcaption>" + barChartSvg(chart) + "<details><summary>" + htmlEscape(chart.tableSummary) +
           "</summary>" + table + "</details></figure>";
}

}  // namespace osm::server

// Bar charts drawn by the server as inline SVG, no script: horizontal bars with their labels and
// values printed, stacked (parts of a whole: rating levels, 70-20-10 categories) or grouped (one
// bar per series: years side by side). Each chart is an image for screen readers (role="img"
// with its title and description) and is followed by the same figures as an HTML table. Colours
// have at least 4.5:1 contrast against white and every other series is hatched as well, so no
// meaning rests on colour alone, also in a black-and-white print. A row may be suppressed: it
// is drawn as the given text, never as a value. Every text is escaped (names come from the roster).
#pragma once

#include <string>
#include <vector>

namespace osm::server {

struct ChartRow {
    std::string label;
    std::vector<double> values;      // one per series; negative counts as zero
    std::vector<std::string> texts;  // printed for each value ("12", "64 %", "3,4"); empty: the value
    bool suppressed = false;         // drawn as BarChart::suppressedText, its values never shown
    bool total = false;              // a total row: its label in bold, a rule above it
};

struct BarChart {
    std::string id;  // unique on the page: the SVG's and table's ids derive from it
    std::string title;
    std::string description;  // what the chart shows, for screen readers
    std::string rowHeading;   // the table's first column
    std::vector<std::string> series;
    bool stacked = true;  // false: one bar per series, side by side
    double max = 0;       // the scale's end; 0: the largest row (stacked: the largest sum)
    // Marks across every bar at these values of the scale (the 70/20/10 target at 70 and 90).
    std::vector<double> marks;
    std::string marksLabel;
    std::string suppressedText;  // "too few to show"
    std::string tableSummary;    // the <details> summary of the table ("the figures as a table")
    std::vector<ChartRow> rows;
};

// The chart's SVG element alone.
std::string barChartSvg(const BarChart& chart);
// A <figure>: the SVG, and the same figures as a table in a <details> under it.
std::string barChartHtml(const BarChart& chart);

// `text` for XML character data or attribute values: escaped, control characters (not allowed
// in XML) dropped, and at most `maxCodepoints` characters, the last one "…" when cut.
std::string svgText(const std::string& text, std::size_t maxCodepoints = 1000);

}  // namespace osm::server

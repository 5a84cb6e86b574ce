// CSV cells that a spreadsheet opens as text, never as a formula: every CSV HR can download or
// print (completion, aggregates) passes each cell through neutraliseCsvCell before quoting.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace osm::server {

// A cell that a spreadsheet would read as a formula or a command (its first character, after
// any spaces, is = + - @, a tab, CR or LF, or one of the full-width ＝ ＋ － ＠) comes back with
// an apostrophe in front, so Excel and LibreOffice show it as text. A plain number ("-3,5",
// "12") is left as it is, and so is every other cell.
std::string neutraliseCsvCell(std::string_view cell);

// One CSV line for a Finnish spreadsheet: the cells neutralised, separated by semicolons, a cell
// with a semicolon, a quote or a line break quoted (quotes doubled), ended by CRLF.
std::string csvLine(const std::vector<std::string>& cells);

}  // namespace osm::server

// The triggers are those OWASP lists for CSV injection, plus the full-width forms some
// spreadsheets fold to ASCII and leading spaces that LibreOffice may trim before it parses.
#include "hr/csv_cells.h"

#include <array>

namespace osm::server {

namespace {

bool plainNumber(std::string_view cell) {
    if (!cell.empty() && (cell[0] == '-' || cell[0] == '+')) cell.remove_prefix(1);
    if (cell.empty()) return false;
    bool digit = false;
    bool separator = false;
    for (char c : cell) {
        if (c >= '0' && c <= '9') {
            digit = true;
        } else if ((c == ',' || c == '.') && !separator) {
            separator = true;
        } else {
            return false;
        }
    }
    return digit;
}

bool startsFormula(std::string_view cell) {
    const std::size_t first = cell.find_first_not_of(' ');
    if (first == std::string_view::npos) return false;
    const std::string_view rest = cell.substr(first);
    switch (rest[0]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
    case '\n': return true;
    default: break;
    }
    // ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20) in UTF-8.
    static constexpr std::array<std::string_view, 4> kWide{"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D",
                                                           "\xEF\xBC\xA0"};
    for (std::string_view wide : kWide) {
        if (rest.substr(0, wide.size()) == wide) return true;
    }
    return false;
}

std::string quoted(const std::string& value) {
    if (value.find_first_of(";\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

std::string neutraliseCsvCell(std::string_view cell) {
    if (!startsFormula(cell) || plainNumber(cell)) return std::string(cell);
    return "'" + std::string(cell);
}

std::string csvLine(const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? ";" : "") + quoted(neutraliseCsvCell(cells[i]));
    return out + "\r\n";
}

}  // namespace osm::server

// CSV files that operators import (the roster, Priima's course list and completions, Oss's
// trainings): rows split by RFC 4180 rules, each with the line it starts on, so a problem can name
// it; and a file read by its header's column names.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace osm::server {

struct CsvRow {
    int line = 0;  // the line the row starts on, from 1
    std::vector<std::string> fields;
};

// The rows of `text` (a UTF-8 byte-order mark skipped, blank lines left out), fields split at
// `separator` outside quotes. A quoted field left open is added to `problems` by its line.
std::vector<CsvRow> splitCsv(std::string_view text, char separator, std::vector<std::string>& problems);

// A file whose first line names its columns: separated by ';' when that line has one, else by ','.
struct CsvTable {
    std::vector<CsvRow> rows;                   // the data rows, the header left out
    std::map<std::string, std::size_t> column;  // header name (trimmed) → index
    // The row's field of a column the header has, trimmed of spaces and tabs; "" past its end.
    std::string get(const CsvRow& row, const std::string& name) const;
};

// The table, or none (empty rows) with `problems` saying why: a quoted field not closed, one of
// `required` missing from the header (as "line 1: column 'x' is missing"), more than `maxRows`
// data rows. `what` names the file in the problem of an empty one ("the course list is empty").
CsvTable readCsvTable(std::string_view text, std::span<const char* const> required, std::size_t maxRows,
                      std::string_view what, std::vector<std::string>& problems);

// The text with spaces and tabs taken off both ends.
std::string trimmedField(const std::string& text);

// Not longer than `maxBytes`, well-formed UTF-8 (core/utf8_text.h) without control characters.
bool plainText(const std::string& text, std::size_t maxBytes);

// The refusal of a whole file: `heading` and then every problem on a line of its own.
std::string refusalMessage(std::string_view heading, const std::vector<std::string>& problems);

}  // namespace osm::server

// CSV rows by RFC 4180 rules: quotes, doubled quotes, separators and line breaks inside quotes;
// a file read by its header.
#include "ops/csv_rows.h"

#include "core/utf8_text.h"

namespace osm::server {

std::vector<CsvRow> splitCsv(std::string_view text, char separator, std::vector<std::string>& problems) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<CsvRow> rows;
    CsvRow row{1, {}};
    std::string field;
    bool quoted = false;
    bool fieldStarted = false;
    int line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
        } else if (c == separator) {
            row.fields.push_back(std::move(field));
            field.clear();
            fieldStarted = false;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            row.fields.push_back(std::move(field));
            field.clear();
            fieldStarted = false;
            const bool blank = row.fields.size() == 1 && row.fields[0].empty();
            if (!blank) rows.push_back(std::move(row));
            row = CsvRow{++line, {}};
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted) problems.push_back("line " + std::to_string(row.line) + ": a quoted field is not closed");
    if (fieldStarted || !row.fields.empty()) {
        row.fields.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string CsvTable::get(const CsvRow& row, const std::string& name) const {
    const std::size_t i = column.at(name);
    return i < row.fields.size() ? trimmedField(row.fields[i]) : std::string();
}

CsvTable readCsvTable(std::string_view text, std::span<const char* const> required, std::size_t maxRows,
                      std::string_view what, std::vector<std::string>& problems) {
    const std::string_view header = text.substr(0, text.find('\n'));
    const char separator = header.find(';') != std::string_view::npos ? ';' : ',';
    const std::size_t before = problems.size();
    CsvTable table;
    table.rows = splitCsv(text, separator, problems);
    if (table.rows.empty()) {
        problems.push_back(std::string(what) + " is empty");
        return {};
    }
    for (std::size_t i = 0; i < table.rows[0].fields.size(); ++i)
        table.column[trimmedField(table.rows[0].fields[i])] = i;
    for (const char* name : required) {
        if (!table.column.contains(name)) problems.push_back("line 1: column '" + std::string(name) + "' is missing");
    }
    if (table.rows.size() - 1 > maxRows)
        problems.push_back("more than " + std::to_string(maxRows) + " rows in one file");
    if (problems.size() > before) return {};  // rows are read only by a whole header
    table.rows.erase(table.rows.begin());
    return table;
}

std::string trimmedField(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool plainText(const std::string& text, std::size_t maxBytes) { return text.size() <= maxBytes && isPlainUtf8(text); }

std::string refusalMessage(std::string_view heading, const std::vector<std::string>& problems) {
    std::string message(heading);
    for (const std::string& p : problems) message += "\n  " + p;
    return message;
}

}  // namespace osm::server

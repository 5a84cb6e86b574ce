// CSV rows by RFC 4180 rules: quotes, doubled quotes, separators and line breaks inside quotes.
#include "ops/csv_rows.h"

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

}  // namespace osm::server

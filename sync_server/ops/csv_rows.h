// CSV files that operators import (the roster, Priima's course list): rows split by RFC 4180
// rules, each with the line it starts on, so a problem can name it.
#pragma once

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

}  // namespace osm::server

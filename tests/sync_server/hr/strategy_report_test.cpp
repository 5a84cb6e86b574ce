// `hr-report strategy` and `hr-report groups` (issue 14) as HR runs them: the real binary on a
// real data folder. The strategic figures of a two-year data set are checked against values
// computed by hand (below, with the arithmetic), including a hidden service area, the whole city
// hidden because of it in one year and shown as the sum of the areas in the other. Each year's
// release is made with zero noise (random bits that make both geometric draws equal), so the
// released figures are the exact ones and can be computed by hand; the suppression is the real one.
#include "domain/discussion.h"
#include "hr/hr_release.h"
#include "sync_server/hr/hr_real_server.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace osm;
using nlohmann::json;
using test::RealServer;

namespace {

// A 6, a2 6 (area A), b1 5 (B), c1 5 (C): staff 5000–5005, 5006–5011, 5012–5016, 5017–5021.
std::vector<test::Unit> units() { return {{"a1", "A", 6}, {"a2", "A", 6}, {"b1", "B", 5}, {"c1", "C", 5}}; }

// Both geometric draws of every count equal: the noise is 0 and the release is the exact figures.
server::RandomBits noNoise() {
    return [] { return std::uint64_t{0x5A5A5A5A5A5A5A5AULL}; };
}

void submitRange(RealServer& hr, int from, int count, const std::string& unit, int rating, const std::string& method,
                 int year) {
    for (int staff = from; staff < from + count; ++staff) hr.submit(staff, unit, rating, "", method, year);
}

// The two years: 2025 and 2026, released each with no noise.
//   2025: a1 6 × rating 3 "mentoring"; a2 5 of 6 × 3 "mentoring"; b1 5 × 2 "courses"; c1 3 of 5 × 4.
//   2026: a1 6 × 4 "mentoring"; a2 6 × 2 "courses"; b1 5 × 3 "learning_by_doing"; c1 5 × 5 the same.
void twoYears(RealServer& hr) {
    auto text = json::parse(test::readFile(test::assetsDir() / "catalog" / "2026.json"));
    REQUIRE(hr.storage->publishCatalog(2026, text.dump()).ok());
    text["year"] = 2025;
    REQUIRE(hr.storage->publishCatalog(2025, text.dump()).ok());
    submitRange(hr, 5000, 6, "a1", 3, "mentoring", 2025);
    submitRange(hr, 5006, 5, "a2", 3, "mentoring", 2025);
    submitRange(hr, 5012, 5, "b1", 2, "courses", 2025);
    submitRange(hr, 5017, 3, "c1", 4, "courses", 2025);
    submitRange(hr, 5000, 6, "a1", 4, "mentoring", 2026);
    submitRange(hr, 5006, 6, "a2", 2, "courses", 2026);
    submitRange(hr, 5012, 5, "b1", 3, "learning_by_doing", 2026);
    submitRange(hr, 5017, 5, "c1", 5, "learning_by_doing", 2026);
    for (int year : {2025, 2026}) {
        auto release = server::publishRelease(*hr.storage, *hr.keys, test::assetsDir(), year, {1.0, 2.0, 5}, "hr.testi",
                                              1'700'000'000, noNoise());
        REQUIRE(release.ok());
    }
}

// The Markdown table row of `scope`'s section whose first two cells are `figure` and `item`.
std::string markdownRow(const std::string& md, const std::string& scope, const std::string& figure,
                        const std::string& item) {
    const std::size_t section = md.find("\n## " + scope + "\n");
    if (section == std::string::npos) return "(no section)";
    const std::size_t end = md.find("\n## ", section + 1);
    const std::size_t at = md.find("| " + figure + " | " + item + " |", section);
    if (at == std::string::npos || at > end) return "(no row)";
    return md.substr(at, md.find('\n', at) - at);
}

const json& scopeYear(const json& doc, const std::string& scope, int year) {
    for (const json& s : doc["scopes"])
        if (s["service_area"] == scope)
            for (const json& y : s["years"])
                if (y["year"] == year) return y;
    static const json none;
    return none;
}

constexpr const char* kSelfManagement = "Itsensä johtamisen taidot";  // the first all-staff competence
constexpr const char* kTooFew = "liian vähän vastauksia näytettäväksi";

}  // namespace

TEST_CASE("hr-report strategy: the figures of two years against hand-computed values") {
    RealServer hr(test::roster(units()));
    twoYears(hr);

    const auto md = hr.command({"hr-report", "strategy", "--year", "2026", "--format", "md"});
    INFO(md.output);
    REQUIRE(md.exitCode == 0);
    const std::string& m = md.output;
    CHECK(m.find("| Luku | Kohde | 2025 | 2026 |") != std::string::npos);
    // Completion: A 2025 (6+5)/12 = 91,7 % → 92 %; 2026 12/12. C 2025 3/5 = 60 %. The city:
    // (11+5+3)/22 = 86,4 % → 86 %, 2026 22/22. Completion is never hidden.
    CHECK(markdownRow(m, "Alue A", "Kehityskeskustelujen toteutuminen", "") ==
          "| Kehityskeskustelujen toteutuminen |  | 92 % (11/12) | 100 % (12/12) |");
    CHECK(markdownRow(m, "Alue C", "Kehityskeskustelujen toteutuminen", "") ==
          "| Kehityskeskustelujen toteutuminen |  | 60 % (3/5) | 100 % (5/5) |");
    CHECK(markdownRow(m, "Koko kaupunki", "Kehityskeskustelujen toteutuminen", "") ==
          "| Kehityskeskustelujen toteutuminen |  | 86 % (19/22) | 100 % (22/22) |");
    // Means: A 2025 all 3 → 3,0; 2026 (6×4 + 6×2)/12 = 3,0. B 2,0 → 3,0. C 2025 has 3 answers,
    // under the minimum 5: hidden; 2026 5,0. The city 2025 is hidden because the only hidden
    // part of it (C, 3) is under the minimum and would be the city less A and B; 2026 is
    // (24 + 12 + 15 + 25)/22 = 76/22 = 3,45 → 3,5.
    const std::string mean = "Itsearvion keskiarvo";
    CHECK(markdownRow(m, "Alue A", mean, kSelfManagement) == "| " + mean + " | " + kSelfManagement + " | 3,0 | 3,0 |");
    CHECK(markdownRow(m, "Alue B", mean, kSelfManagement) == "| " + mean + " | " + kSelfManagement + " | 2,0 | 3,0 |");
    CHECK(markdownRow(m, "Alue C", mean, kSelfManagement) ==
          "| " + mean + " | " + kSelfManagement + " | " + kTooFew + " | 5,0 |");
    CHECK(markdownRow(m, "Koko kaupunki", mean, kSelfManagement) ==
          "| " + mean + " | " + kSelfManagement + " | " + kTooFew + " | 3,5 |");
    // The 70-20-10 balance: A 2025 11 × mentoring (20) → 100 % on 20; 2026 6 mentoring, 6 courses
    // → 50 % / 50 %. The city 2026: 10 learning by doing (70), 6 (20), 6 (10) of 22 → 45/27/27 %.
    const std::string balance = "70-20-10-tasapaino";
    CHECK(markdownRow(m, "Alue A", balance, "20 Yhdessä oppiminen, muilta oppiminen") ==
          "| " + balance + " | 20 Yhdessä oppiminen, muilta oppiminen | 100 % (11) | 50 % (6) |");
    CHECK(markdownRow(m, "Koko kaupunki", balance, "70 Työhön integroitu oppiminen") ==
          "| " + balance + " | 70 Työhön integroitu oppiminen | " + kTooFew + " | 45 % (10) |");
    CHECK(markdownRow(m, "Koko kaupunki", balance, "10 Muodollinen koulutus tai valmennus") ==
          "| " + balance + " | 10 Muodollinen koulutus tai valmennus | " + kTooFew + " | 27 % (6) |");
    // Release labels for both years, and no free text of any pre-form.
    CHECK(m.find("> 2025: Julkaistu koonti 1/2025") != std::string::npos);
    CHECK(m.find("> 2026: Julkaistu koonti 1/2026") != std::string::npos);
    CHECK(m.find("VAPAATA-TEKSTIÄ") == std::string::npos);

    const auto js = hr.command({"hr-report", "strategy", "--year", "2026", "--format", "json"});
    REQUIRE(js.exitCode == 0);
    const json doc = json::parse(js.output);
    const json& city2026 = scopeYear(doc, "", 2026);
    CHECK(city2026["responses"] == 22);
    // A release keeps a mean to two decimals: 76/22 = 3,4545… → 3,45.
    CHECK(city2026["competences"][0]["mean"].get<double>() == doctest::Approx(3.45));
    CHECK(city2026["categories"]["work_integrated"] == 10);
    CHECK(scopeYear(doc, "", 2025)["suppressed"] == true);
    CHECK(scopeYear(doc, "", 2025)["completion"]["submitted"] == 19);
    CHECK(scopeYear(doc, "C", 2025)["suppressed"] == true);
    CHECK(scopeYear(doc, "C", 2025)["competences"].empty());
    CHECK(scopeYear(doc, "B", 2026)["methods"]["learning_by_doing"] == 5);

    // CSV: long form, decimal comma, the city's exact mean to two decimals; a hidden cell says so.
    const auto csv = hr.command({"hr-report", "strategy", "--year", "2026"});
    REQUIRE(csv.exitCode == 0);
    CHECK(csv.output.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(csv.output.find("Palvelualue;Vuosi;Luku;Kohde;Määrä;Kaikista;Arvo\r\n") != std::string::npos);
    CHECK(csv.output.find("Koko kaupunki;2026;Itsearvion keskiarvo;" + std::string(kSelfManagement) +
                          ";22;;3,45\r\n") != std::string::npos);
    CHECK(csv.output.find("Alue C;2025;Itsearvion keskiarvo;" + std::string(kSelfManagement) + ";;;" + kTooFew) !=
          std::string::npos);
    CHECK(csv.output.find("Alue A;2025;Kehityskeskustelujen toteutuminen;;11;12;91,7\r\n") != std::string::npos);

    // Printable HTML: a table per scope and the years' charts, with ids unique on the page.
    const auto html = hr.command({"hr-report", "strategy", "--year", "2026", "--format", "html"});
    REQUIRE(html.exitCode == 0);
    CHECK(html.output.find("@media print") != std::string::npos);
    CHECK(html.output.find("id=\"strategy-city-table\"") != std::string::npos);
    CHECK(html.output.find("id=\"chart-years-ratings-city\"") != std::string::npos);
    CHECK(html.output.find("id=\"chart-years-completion-A\"") != std::string::npos);
    CHECK(html.output.find("id=\"chart-methods-C\"") != std::string::npos);
}

TEST_CASE("hr-report strategy: a year with nothing before it has one column; a bad format is refused") {
    RealServer hr(test::roster(units()));
    submitRange(hr, 5000, 6, "a1", 4, "mentoring", 2026);
    const auto md = hr.command({"hr-report", "strategy", "--year", "2026", "--format", "md"});
    REQUIRE(md.exitCode == 0);
    CHECK(md.output.find("| Luku | Kohde | 2026 |") != std::string::npos);
    // Nothing released: completion only, the figures "–".
    CHECK(markdownRow(md.output, "Alue A", "Itsearvion keskiarvo", kSelfManagement) == "(no row)");
    CHECK(markdownRow(md.output, "Alue A", "Kehityskeskustelujen toteutuminen", "") ==
          "| Kehityskeskustelujen toteutuminen |  | 50 % (6/12) |");
    CHECK(hr.command({"hr-report", "strategy", "--year", "2026", "--format", "xml"}).exitCode != 0);
}

namespace {

// A submitted group discussion as the kiosk or the leaders' web leaves it, sealed.
void submitGroup(RealServer& hr, const std::string& id, const std::string& unit, const std::string& area,
                 const std::string& kind, int participants, const std::map<std::string, std::string>& answers) {
    domain::GroupDiscussion d;
    d.formId = "group_discussion";
    d.year = 2026;
    d.groupKind = kind;
    d.unitId = unit;
    d.serviceAreaId = unit.empty() ? area : std::string();
    for (int i = 0; i < participants; ++i) d.participants.push_back(std::to_string(5000 + i));
    d.recordedBy = "5000";
    d.answers = answers;
    server::ServerRecord r;
    r.id = id;
    r.owner = "5000";
    r.unitId = unit;
    r.kind = sync::RecordKindWire::Group;
    r.formId = d.formId;
    r.year = 2026;
    r.version = 1;
    r.state = sync::RecordStateWire::Submitted;
    r.payload = *crypto::seal(hr.keys->storage, {r.id, r.owner, r.version}, domain::toJson(d));
    r.contentHash = crypto::contentHash(r.payload);
    std::uint64_t serverVersion = 0;
    REQUIRE(hr.storage->putRecord(r, 0, serverVersion).ok());
}

}  // namespace

TEST_CASE("hr-report groups: the themes of an area's group discussions, no one named, small groups left out") {
    RealServer hr(test::roster(units()));
    submitGroup(hr, "g-a1", "a1", "A", "team", 6,
                {{"priorities.top_priorities", "Digitaidot\nPerehdytys"}, {"future_needs.needs", "Tekoäly"}});
    submitGroup(hr, "g-a2", "a2", "A", "team", 5, {{"priorities.top_priorities", "Asiakaspalvelu"}});
    submitGroup(hr, "g-a2-small", "a2", "A", "team", 3, {{"priorities.top_priorities", "PIENI-RYHMÄ"}});
    submitGroup(hr, "g-mg", "", "A", "service_area_management", 5,
                {{"priorities.top_priorities@2", "Johtamisen painopiste"}});
    submitGroup(hr, "g-b1", "b1", "B", "team", 5, {{"priorities.top_priorities", "TOINEN-ALUE"}});

    const auto md = hr.command({"hr-report", "groups", "--year", "2026", "--service-area", "A", "--format", "md"});
    INFO(md.output);
    REQUIRE(md.exitCode == 0);
    const std::string& m = md.output;
    CHECK(m.find("# Ryhmäosaamiskeskustelujen yhteenveto – Alue A 2026") != std::string::npos);
    CHECK(m.find("Keskusteluja mukana: 2. Jätetty pois pienen osallistujamäärän vuoksi: 1/5") != std::string::npos);
    // Sorted, one line an item: Asiakaspalvelu (a2) before Digitaidot (a1).
    CHECK(m.find("- Asiakaspalvelu\n- Digitaidot\n- Perehdytys\n") != std::string::npos);
    CHECK(m.find("- Tekoäly") != std::string::npos);
    CHECK(m.find("- Johtamisen painopiste") != std::string::npos);
    CHECK(m.find("(Koko palvelualueen näkökulma)") != std::string::npos);
    CHECK(m.find("PIENI-RYHMÄ") == std::string::npos);
    CHECK(m.find("TOINEN-ALUE") == std::string::npos);
    CHECK(m.find("Yksikkö a1") == std::string::npos);
    CHECK(m.find("5000") == std::string::npos);

    const auto html = hr.command({"hr-report", "groups", "--year", "2026", "--service-area", "A", "--format", "html"});
    REQUIRE(html.exitCode == 0);
    CHECK(html.output.find("<li>Digitaidot</li>") != std::string::npos);
    CHECK(html.output.find("@media print") != std::string::npos);
    // A lower minimum (never below 3) takes the small group in.
    const auto three = hr.command(
        {"hr-report", "groups", "--year", "2026", "--service-area", "A", "--format", "md", "--min-group", "2"});
    CHECK(three.output.find("- PIENI-RYHMÄ") != std::string::npos);
    CHECK(hr.command({"hr-report", "groups", "--year", "2026", "--service-area", "X", "--format", "md"}).exitCode != 0);
    CHECK(hr.command({"hr-report", "groups", "--year", "2026", "--service-area", "A", "--format", "csv"}).exitCode !=
          0);
    const auto none = hr.command({"hr-report", "groups", "--year", "2026", "--service-area", "C", "--format", "md"});
    CHECK(none.output.find("ei ole tältä vuodelta") != std::string::npos);
}

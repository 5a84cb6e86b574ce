// The real server binary for HR's tests: its own data folder from `init`, a roster imported with
// its command, submitted pre-forms written as a kiosk's push leaves them, and HR signed in over
// HTTP on loopback (the sign-in form's token and cookie), downloads fetched as HR gets them.
#pragma once

#include "hr/hr_release.h"
#include "hr/hr_web.h"
#include "ops/operator_commands.h"
#include "sync_server/hr/hr_web_fixture.h"
#include "sync_server/server_process.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace osm::test {

using nlohmann::json;

inline constexpr const char* kPassword = "Hyokkaystesti-salasana-2026";

// A roster line: staff number, unit, area (sector "default"; the first of a unit manages it).
inline std::string rosterLine(int staff, const std::string& unit, const std::string& area, bool manager,
                              int managerStaff, const std::string& unitName = {}) {
    return std::to_string(staff) + ",Henkilö " + std::to_string(staff) + ",työntekijä," + unit + "," +
           (unitName.empty() ? "Yksikkö " + unit : unitName) + "," + area + ",Alue " + area + ",default," +
           (manager ? "employee|manager" : "employee") + "," +
           (manager ? std::string() : std::to_string(managerStaff)) + "\n";
}

struct Unit {
    std::string id;
    std::string area;
    int people;
    std::string name = {};  // empty: "Yksikkö <id>"
};

inline std::string roster(const std::vector<Unit>& units, int firstStaff = 5000) {
    std::string csv = "staff_number,name,title,unit,unit_name,service_area,service_area_name,sector,roles,manager\n";
    int staff = firstStaff;
    for (const Unit& u : units) {
        const int manager = staff;
        for (int i = 0; i < u.people; ++i) {
            csv += rosterLine(staff, u.id, u.area, i == 0, manager, u.name);
            ++staff;
        }
    }
    return csv;
}

// The real binary with its own data folder, HR signed in over HTTP.
struct RealServer {
    TempDir dir;
    server::ServerPaths paths{dir / "data", dir / "data" / "keys"};
    std::unique_ptr<server::SyncStorage> storage;
    std::unique_ptr<server::ServerKeys> keys;
    std::unique_ptr<ServerProcess> process;
    std::string cookie;

    explicit RealServer(const std::string& rosterCsv) {
        REQUIRE(command({"init"}).exitCode == 0);
        importRoster(rosterCsv);
        storage = server::openSqliteStorage(paths.databasePath()).value();
        keys = std::make_unique<server::ServerKeys>(server::loadServerKeys(paths.keyDir).value());
        REQUIRE(storage->putHrAccount("hr.testi", *server::hashHrPassword(kPassword)).ok());
        process = std::make_unique<ServerProcess>(std::vector<std::string>{
            "--data", paths.dataDir.string(), "--assets", assetsDir().string(), "serve", "--port", "0"});
        // The sign-in form first: its token and the cookie it is bound to (docs/security.md).
        auto c = client();
        auto form = c.Get("/hr/");
        REQUIRE(form);
        const std::string token = formValue(form->body, "login_token");
        const std::string loginCookie = form->get_header_value("Set-Cookie");
        auto res = c.Post("/hr/login", httplib::Headers{{"Cookie", loginCookie.substr(0, loginCookie.find(';'))}},
                          "login_token=" + HrWebFixture::formEncode(token) + "&username=hr.testi&password=" + kPassword,
                          "application/x-www-form-urlencoded");
        REQUIRE(res);
        REQUIRE(res->status == 303);
        const std::string setCookie = res->get_header_value("Set-Cookie");
        cookie = setCookie.substr(0, setCookie.find(';'));
    }

    CommandResult command(std::vector<std::string> args) {
        args.insert(args.begin(), {"--data", paths.dataDir.string(), "--assets", assetsDir().string()});
        return runServerCommand(args);
    }

    void importRoster(const std::string& csv) {
        const auto file = dir / "roster.csv";
        std::ofstream(file) << csv;
        const auto result = command({"import-roster", file.string()});
        INFO(result.output);
        REQUIRE(result.exitCode == 0);
    }

    httplib::Client client() const { return httplib::Client("127.0.0.1", process->port()); }

    // A submitted pre-form as a kiosk's push leaves it: sealed with the storage key.
    // `year`: the discussion's year (2026's catalogue used for any).
    void submit(int staff, const std::string& unit, int rating, const std::string& goalCompetence,
                const std::string& method, int year = 2026) {
        static const catalog::Catalog catalog = *catalog::loadCatalogYear(assetsDir(), 2026);
        domain::DevelopmentDiscussion d =
            domain::newDevelopmentDiscussion(*catalog.findForm("development_discussion_staff"), catalog);
        d.year = year;
        for (domain::CompetenceRating& r : d.ratings) r.value = rating;
        d.answers["past_year.review"] = "VAPAATA-TEKSTIÄ";
        d.goals.push_back({"Tavoite", goalCompetence, {method}});
        server::ServerRecord r;
        r.id = "r-attack-" + std::to_string(year) + "-" + std::to_string(staff);
        r.owner = std::to_string(staff);
        r.unitId = unit;
        r.formId = "development_discussion_staff";
        r.year = year;
        r.version = 1;
        r.state = sync::RecordStateWire::Submitted;
        r.payload = *crypto::seal(keys->storage, {r.id, r.owner, r.version}, domain::toJson(d));
        r.contentHash = crypto::contentHash(r.payload);
        std::uint64_t serverVersion = 0;
        REQUIRE(storage->putRecord(r, 0, serverVersion).ok());
    }

    std::string get(const std::string& path) {
        auto res = client().Get(path, httplib::Headers{{"Cookie", cookie}});
        REQUIRE(res);
        REQUIRE(res->status == 200);
        return res->body;
    }

    // Asks for a release of `year` with the page's own form; the answer's status.
    int release(int year = 2026) {
        const std::string y = std::to_string(year);
        const std::string page = get("/hr/?year=" + y);
        const std::string csrf = formValue(page, "csrf");
        auto res = client().Post("/hr/release", httplib::Headers{{"Cookie", cookie}},
                                 "csrf=" + HrWebFixture::formEncode(csrf) + "&year=" + y + "&epsilon=1",
                                 "application/x-www-form-urlencoded");
        REQUIRE(res);
        return res->status;
    }

    // Every download's figures, as HR gets them (the summaries' completion part is live).
    std::string downloads() {
        const std::string markdown = get("/hr/export/summary-A.md?year=2026");
        const std::string html = get("/hr/export/summary-A.html?year=2026");
        const std::size_t from = html.find("id=\"release-label\"");
        REQUIRE(from != std::string::npos);
        return get("/hr/export/aggregates.csv?year=2026") + get("/hr/export/aggregates.json?year=2026") +
               get("/hr/export/follow_up.csv?year=2026") + markdown.substr(0, markdown.find("## Toteutuminen")) +
               markdown.substr(markdown.find("## Osaamisten")) +
               html.substr(from, html.find("<h2>Koulutussuunnitelma") - from);
    }

    json figures() { return json::parse(get("/hr/export/aggregates.json?year=2026")); }
};

}  // namespace osm::test

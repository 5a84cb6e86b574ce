// osaamissilta-server: the sync server and the operators' and HR's command line.
#include "ops/backup.h"
#include "core/install_paths.h"
#include "core/json_reader.h"
#include "hr/hr_reports.h"
#include "hr/hr_html.h"
#include "hr/hr_plan_command.h"
#include "hr/hr_web.h"
#include "api/http_server.h"
#include "ops/key_rotation.h"
#include "ops/operator_commands.h"
#include "ops/schedule_report.h"
#include "storage/catalog_resolver.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

#ifndef OSM_DEFAULT_ASSETS_DIR
#define OSM_DEFAULT_ASSETS_DIR "/usr/share/osaamissilta/server"
#define OSM_FALLBACK_ASSETS_DIR ""
#define OSM_VERSION "unknown"
#endif

namespace {

using namespace osm;

std::int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

server::HttpServer* g_server = nullptr;

void onSignal(int) {
    if (g_server != nullptr) g_server->stop();  // stops accepting; requests in flight finish
}

int fail(const Error& error) {
    std::cerr << "error: " << error.message << "\n";
    return error.code == ErrorCode::InvalidInput ? 2 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Osaamissilta sync server and HR tools"};
    app.require_subcommand(1);
    app.set_version_flag("--version", OSM_VERSION);
    app.set_config("--config", "", "Read options from this file (INI or TOML: data = \"…\", [serve] port = 8443, …)");
    server::ServerPaths paths{"/var/lib/osaamissilta", "/etc/osaamissilta/keys"};
    std::string dataDir = paths.dataDir.string();
    std::string keyDir;
    app.add_option("--data", dataDir, "Folder of the server database")->capture_default_str();
    app.add_option("--keys", keyDir, "Folder of the key files (default: <data>/keys)");
    std::string assets = defaultAssetsDir(OSM_DEFAULT_ASSETS_DIR, OSM_FALLBACK_ASSETS_DIR);
    app.add_option("--assets", assets, "Folder with catalog/ and demo/")->capture_default_str();

    auto* init = app.add_subcommand("init", "Create the server's keys and an empty database");
    bool withDemo = false;
    init->add_flag("--demo", withDemo, "Also load the fictitious demo organisation with its demo PINs");

    auto* importRoster = app.add_subcommand("import-roster", "Import the staff roster from CSV");
    std::string csvPath;
    bool dryRun = false;
    importRoster->add_option("file", csvPath, "CSV file")->required();
    importRoster->add_flag("--dry-run", dryRun, "Check every row and report; change nothing");

    auto* publish = app.add_subcommand("publish-catalog", "Publish a year's catalogue (validated first)");
    std::string catalogPath;
    publish->add_option("file", catalogPath, "catalog/<year>.json")->required();

    auto* enrolCode = app.add_subcommand("enrol-code", "Create a one-time code to enrol a kiosk for a unit");
    std::string unitId;
    double validHours = 72;
    enrolCode->add_option("--unit", unitId, "Unit id")->required();
    enrolCode->add_option("--valid-hours", validHours, "How long the code works")->capture_default_str();

    auto* kiosks = app.add_subcommand("kiosks", "List enrolled kiosks");
    auto* revoke = app.add_subcommand("revoke", "Revoke a kiosk: refused from its next request on");
    std::string deviceId;
    revoke->add_option("device", deviceId, "Device id (see `kiosks`)")->required();

    auto* pinCode = app.add_subcommand("pin-code", "Issue a one-time PIN-setup code for a person");
    std::string staffNumber;
    pinCode->add_option("staff_number", staffNumber)->required();

    auto* hrReport = app.add_subcommand("hr-report", "HR: completion per unit, anonymous aggregates, a service area's summary");
    std::string reportKind = "aggregates";
    std::string reportFormat = "csv";
    std::string serviceArea;
    int reportYear = domain::today().year;
    int minGroup = 5;
    hrReport->add_option("report", reportKind, "completion | aggregates | summary")
        ->check(CLI::IsMember({"completion", "aggregates", "summary"}))->capture_default_str();
    hrReport->add_option("--year", reportYear, "Discussion year")->capture_default_str();
    hrReport->add_option("--format", reportFormat, "csv (Finnish spreadsheet: BOM, semicolons, decimal comma) or json; summary: md or html")
        ->check(CLI::IsMember({"csv", "json", "md", "html"}))->capture_default_str();
    hrReport->add_option("--min-group", minGroup, "Smallest group shown in aggregates (never below 3)")->capture_default_str();
    hrReport->add_option("--service-area", serviceArea, "For `summary`: the service area (Markdown for its Teams channel)");

    auto* hrUser = app.add_subcommand("hr-user", "Create an HR account, or set its password (read from standard input)");
    std::string hrUsername;
    hrUser->add_option("username", hrUsername)->required();

    server::HrPlanCommand hrPlan(app);

    auto* serve = app.add_subcommand("serve", "Serve the sync protocol, and HR's pages under /hr/");
    server::HttpOptions http;
    http.port = 8443;
    serve->add_option("--host", http.host, "Address to listen on (plain HTTP only on loopback)")->capture_default_str();
    serve->add_option("--port", http.port, "Port (0: any free port, printed)")->capture_default_str();
    serve->add_option("--cert", http.certFile, "TLS certificate (PEM)");
    serve->add_option("--key", http.keyFile, "TLS private key (PEM)");
    serve->add_flag("--insecure-plain-http", http.allowInsecure, "Allow plain HTTP off loopback (behind a TLS proxy only)");
    serve->add_option("--threads", http.threads, "Worker threads (each kept-alive kiosk holds one)")->capture_default_str();
    serve->add_option("--keep-alive", http.keepAliveSeconds, "Seconds an idle connection is kept open (it holds a worker)")->capture_default_str();

    auto* schedule = app.add_subcommand("schedule", "Show what the annual clock makes due on a date, per person");
    std::string roster;
    std::string dateText;
    std::string langText = "fi";
    schedule->add_option("--roster", roster, "Organisation JSON (default: the demo organisation)");
    schedule->add_option("--date", dateText, "YYYY-MM-DD (default: today)");
    schedule->add_option("--lang", langText, "fi, sv or en")->capture_default_str();

    // Backup and restore (docs/operations.md).
    auto* backup = app.add_subcommand("backup", "Online backup of the database and keys into a new folder (while serving)");
    std::string backupDir;
    backup->add_option("dest", backupDir, "New or empty folder for server.db and keys/")->required();
    auto* restore = app.add_subcommand("restore", "Restore a backup folder (checked first) into --data; the server must be stopped");
    std::string restoreDir;
    bool forceRestore = false;
    restore->add_option("src", restoreDir, "Backup folder made by `backup`")->required();
    restore->add_flag("--force", forceRestore, "Replace existing data (moved aside into <data>/before-restore-<time>/)");
    auto* rotateKeys = app.add_subcommand("rotate-keys", "Re-seal every stored submission under a new storage key; the server must be stopped");

    CLI11_PARSE(app, argc, argv);
    paths.dataDir = dataDir;
    paths.keyDir = keyDir.empty() ? paths.dataDir / "keys" : std::filesystem::path(keyDir);

    if (schedule->parsed()) {
        const auto date = dateText.empty() ? Result<domain::Date>(domain::today()) : domain::parseDate(dateText);
        if (!date) return fail(date.error());
        const auto lang = catalog::parseLang(langText);
        if (!lang) return fail(lang.error());
        const auto catalogue = server::resolveCatalog(nullptr, assets, date->year);
        if (!catalogue) return fail(catalogue.error());
        const auto org = domain::loadOrganisationFile(roster.empty() ? assets + "/demo/organisation.json" : roster);
        if (!org) return fail(org.error());
        std::cout << server::scheduleReport(*org, *catalogue, *date, *lang);
        return 0;
    }
    if (backup->parsed() || restore->parsed()) {
        auto summary = backup->parsed() ? server::backupServer(paths, backupDir) : server::restoreServer(restoreDir, paths, forceRestore);
        if (!summary) return fail(summary.error());
        std::cout << (backup->parsed() ? "backed up to " + backupDir : "restored " + restoreDir + " into " + paths.dataDir.string())
                  << ": schema " << summary->schemaVersion << ", " << summary->people << " people, " << summary->records
                  << " records (" << summary->submitted << " submitted, all opened with the storage key)\n";
        return 0;
    }
    if (rotateKeys->parsed()) {
        auto rotated = server::rotateStorageKey(paths);
        if (!rotated) return fail(rotated.error());
        std::cout << (rotated->resumed ? "finished an interrupted rotation: the new storage key is in place\n"
                                       : "re-sealed " + std::to_string(rotated->resealed) + " stored submissions under a new storage key\n");
        return 0;
    }
    if (init->parsed()) {
        if (auto status = server::initServer(paths); !status) return fail(status.error());
        std::cout << "created " << paths.keyDir.string() << " (keys, mode 0600) and " << paths.databasePath() << "\n";
        if (!withDemo) return 0;
    }

    auto storage = server::openSqliteStorage(paths.databasePath());
    if (!storage) return fail(storage.error());
    server::SyncStorage& store = **storage;

    if (init->parsed()) {
        auto demoKeys = server::loadServerKeys(paths.keyDir);
        if (!demoKeys) return fail(demoKeys.error());
        if (auto status = server::loadDemoOrganisation(store, assets, &*demoKeys); !status) return fail(status.error());
        auto hash = server::hashHrPassword("Osaamissilta-demo-2026");
        if (!hash || !store.putHrAccount("marja.peltonen", *hash)) return fail(makeError(ErrorCode::Io, "cannot create the demo HR account"));
        std::cout << "loaded the demo organisation, its demo PINs and the HR account marja.peltonen\n";
        return 0;
    }
    if (hrUser->parsed()) {
        std::string password;
        std::getline(std::cin, password);
        auto hash = server::hashHrPassword(password);
        crypto::wipe(password);
        if (!hash) return fail(hash.error());
        if (auto status = store.putHrAccount(hrUsername, *hash); !status) return fail(status.error());
        std::cout << "HR account " << hrUsername << " is ready\n";
        return 0;
    }
    if (importRoster->parsed()) {
        auto text = readTextFile(csvPath);
        if (!text) return fail(text.error());
        const server::ImportReport report = server::importRosterCsv(store, *text, dryRun);
        for (const std::string& problem : report.problems) std::cerr << csvPath << ": " << problem << "\n";
        if (!report.problems.empty()) {
            std::cerr << report.problems.size() << " problem(s); nothing was imported\n";
            return 2;
        }
        std::cout << report.people << " people in " << report.units << " units "
                  << (report.applied ? "imported" : "checked (dry run: nothing changed)") << "\n";
        return 0;
    }
    if (publish->parsed()) {
        auto year = server::publishCatalogFile(store, catalogPath);
        if (!year) return fail(year.error());
        std::cout << "published the catalogue for " << *year << "\n";
        return 0;
    }
    if (enrolCode->parsed()) {
        auto code = server::createEnrolmentCode(store, unitId, static_cast<std::int64_t>(validHours * 3600), unixNow());
        if (!code) return fail(code.error());
        std::cout << *code << "\n";
        return 0;
    }
    if (kiosks->parsed()) {
        auto devices = store.devices();
        if (!devices) return fail(devices.error());
        std::cout << server::describeDevices(*devices);
        return 0;
    }
    if (revoke->parsed()) {
        auto revoked = store.revokeDevice(deviceId, unixNow());
        if (!revoked) return fail(revoked.error());
        if (!*revoked) return fail(makeError(ErrorCode::NotFound, "no active device " + deviceId));
        std::cout << "revoked " << deviceId << "\n";
        return 0;
    }
    if (pinCode->parsed()) {
        auto code = server::createPinSetupCode(store, staffNumber);
        if (!code) return fail(code.error());
        std::cout << *code << "\n";
        return 0;
    }
    auto keys = server::loadServerKeys(paths.keyDir);
    if (!keys) return fail(keys.error());
    if (hrReport->parsed()) {
        auto data = server::loadHrData(store, *keys, assets, reportYear);
        if (!data) return fail(data.error());
        const auto rows = server::completion(data->organisation, data->catalog, reportYear, data->submitted, data->progress);
        const auto groups = server::aggregates(data->organisation, data->catalog, data->submitted, {minGroup});
        if (reportKind == "completion") {
            std::cout << server::completionCsv(rows);
        } else if (reportKind == "aggregates") {
            std::cout << (reportFormat == "json" ? server::aggregatesJson(groups) + "\n" : server::aggregatesCsv(groups, data->catalog));
        } else {
            if (data->organisation.findServiceArea(serviceArea) == nullptr) {
                return fail(makeError(ErrorCode::InvalidInput, "summary needs --service-area with a known service area id"));
            }
            if (reportFormat == "html") {
                auto plan = server::loadTrainingPlan(store, data->catalog, reportYear, serviceArea);
                if (!plan) return fail(plan.error());
                std::cout << server::serviceAreaSummaryHtml(serviceArea, data->organisation, data->catalog, rows, groups, *plan);
                return 0;
            }
            std::cout << server::serviceAreaSummaryMarkdown(serviceArea, data->organisation, data->catalog, rows, groups);
        }
        return 0;
    }
    if (hrPlan.parsed()) return hrPlan.run(store, *keys, assets, unixNow(), std::cout, std::cerr);
    // serve
    auto lock = server::DataLock::acquire(paths.dataDir);
    if (!lock) return fail(lock.error());
    server::SyncService service(store, *keys, {});
    server::HrWebOptions hrOptions;
    hrOptions.assetsDir = assets;
    hrOptions.secureCookies = !http.certFile.empty();
    server::HrWeb hrWeb(store, *keys, hrOptions);
    server::HttpServer httpServer(
        [&](const server::ApiRequest& request) {
            return request.path.rfind("/hr", 0) == 0 ? hrWeb.handle(request) : service.handle(request);
        },
        http);
    auto port = httpServer.bind();
    if (!port) return fail(port.error());
    g_server = &httpServer;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::cout << "listening on " << http.host << ":" << *port << std::endl;
    httpServer.run();
    g_server = nullptr;
    std::cout << "stopped" << std::endl;
    return 0;
}

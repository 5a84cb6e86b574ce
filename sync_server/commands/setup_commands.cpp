// The setup subcommands; init --demo also creates the demo HR account (demo data only).
#include "commands/setup_commands.h"

#include "core/json_reader.h"
#include "hr/hr_release.h"
#include "hr/hr_web.h"
#include "leaders/leaders_web.h"
#include "ops/operator_commands.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>

namespace osm::server {

namespace {

// The demo's leaders and its co-operation committee member (assets/demo/organisation.json;
// docs/demo in the README).
constexpr const char* kDemoLeaders[] = {"1005", "2004", "3001", "3002", "3003", "4002", "4003", "5001", "9101", "9002"};
constexpr const char* kDemoLeaderPassword = "Johtaja-demo-2026";

}  // namespace

InitCommand::InitCommand(CLI::App& app) : Command(app, "init", "Create the server's keys and an empty database") {
    cli().add_flag("--demo", m_withDemo, "Also load the fictitious demo organisation with its demo PINs");
}

int InitCommand::run(const CommandContext& context) {
    if (auto status = initServer(context.paths); !status) return fail(status.error());
    std::cout << "created " << context.paths.keyDir.string() << " (keys, mode 0600) and "
              << context.paths.databasePath() << "\n";
    if (!m_withDemo) return 0;
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto demoKeys = loadServerKeys(context.paths.keyDir);
    if (!demoKeys) return fail(demoKeys.error());
    if (auto status = loadDemoOrganisation(**storage, context.assets, &*demoKeys); !status) {
        return fail(status.error());
    }
    auto hash = hashHrPassword("Osaamissilta-demo-2026");
    if (!hash || !(*storage)->putHrAccount("marja.peltonen", *hash)) {
        return fail(makeError(ErrorCode::Io, "cannot create the demo HR account"));
    }
    // The demo's leaders sign in to /leaders/ with their staff number and one demo password.
    for (const char* leader : kDemoLeaders) {
        if (auto status = setLeaderPassword(**storage, leader, kDemoLeaderPassword); !status)
            return fail(status.error());
    }
    // HR sees aggregates only as releases (docs/privacy.md): the demo starts with one of 2026 and
    // one of its previous individual year (ops/operator_commands.h), for the years side by side.
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (auto release = publishRelease(**storage, *demoKeys, context.assets, kDemoPreviousYear, {}, "demo", now);
        !release)
        return fail(release.error());
    if (auto release = publishRelease(**storage, *demoKeys, context.assets, 2026, {}, "demo", now); !release)
        return fail(release.error());
    std::cout << "loaded the demo organisation, its demo PINs, the HR account marja.peltonen and releases of "
                 "2024's and 2026's figures\n"
                 "leaders' pages /leaders/: staff numbers";
    for (const char* leader : kDemoLeaders) std::cout << " " << leader;
    std::cout << ", password " << kDemoLeaderPassword << "\n";
    return 0;
}

ImportRosterCommand::ImportRosterCommand(CLI::App& app)
    : Command(app, "import-roster", "Import the staff roster from CSV") {
    cli().add_option("file", m_csvPath, "CSV file")->required();
    cli().add_flag("--dry-run", m_dryRun, "Check every row and report; change nothing");
}

int ImportRosterCommand::run(const CommandContext& context) {
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto text = readTextFile(m_csvPath);
    if (!text) return fail(text.error());
    const ImportReport report = importRosterCsv(**storage, *text, m_dryRun);
    for (const std::string& problem : report.problems) std::cerr << m_csvPath << ": " << problem << "\n";
    if (!report.problems.empty()) {
        std::cerr << report.problems.size() << " problem(s); nothing was imported\n";
        return 2;
    }
    for (const std::string& who : report.transfers) std::cout << "transfer: " << who << "\n";
    for (const std::string& who : report.leavers)
        std::cout << (report.applied ? "left (removed from the roster): " : "leaves (not in the file): ") << who
                  << "\n";
    std::cout << report.people << " people in " << report.units << " units "
              << (report.applied ? "imported" : "checked (dry run: nothing changed)") << "\n";
    return 0;
}

PublishCatalogCommand::PublishCatalogCommand(CLI::App& app)
    : Command(app, "publish-catalog", "Publish a year's catalogue (validated first)") {
    cli().add_option("file", m_catalogPath, "catalog/<year>.json")->required();
}

int PublishCatalogCommand::run(const CommandContext& context) {
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto year = publishCatalogFile(**storage, m_catalogPath, context.siltaHosts);
    if (!year) return fail(year.error());
    std::cout << "published the catalogue for " << *year << "\n";
    return 0;
}

}  // namespace osm::server

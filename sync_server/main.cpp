// osaamissilta-server: the sync server and the operators' and HR's command line. main registers
// the subcommands (commands/) and runs the one the command line names.
#include "commands/access_commands.h"
#include "commands/data_commands.h"
#include "commands/hr_commands.h"
#include "commands/hr_plan_command.h"
#include "commands/oss_export_command.h"
#include "commands/person_data_command.h"
#include "commands/completion_command.h"
#include "commands/priima_command.h"
#include "commands/retention_command.h"
#include "commands/schedule_command.h"
#include "commands/serve_command.h"
#include "commands/setup_commands.h"
#include "core/install_paths.h"

#include <CLI/CLI.hpp>

#include <memory>
#include <vector>

#ifndef OSM_DEFAULT_ASSETS_DIR
#define OSM_DEFAULT_ASSETS_DIR "/usr/share/osaamissilta/server"
#define OSM_FALLBACK_ASSETS_DIR ""
#define OSM_VERSION "unknown"
#endif

int main(int argc, char** argv) {
    using namespace osm::server;
    CLI::App app{"Osaamissilta sync server and HR tools"};
    app.require_subcommand(1);
    app.set_version_flag("--version", OSM_VERSION);
    app.set_config("--config", "", "Read options from this file (INI or TOML: data = \"…\", [serve] port = 8443, …)");
    CommandContext context{{"/var/lib/osaamissilta", "/etc/osaamissilta/keys"}, {}};
    std::string dataDir = context.paths.dataDir.string();
    std::string keyDir;
    app.add_option("--data", dataDir, "Folder of the server database")->capture_default_str();
    app.add_option("--keys", keyDir, "Folder of the key files (default: <data>/keys)");
    context.assets = osm::defaultAssetsDir(OSM_DEFAULT_ASSETS_DIR, OSM_FALLBACK_ASSETS_DIR);
    app.add_option("--assets", context.assets, "Folder with catalog/ and demo/")->capture_default_str();
    app.add_flag("--oss-export", context.ossExportAllowed,
                 "Allow the oss-export command (in the configuration file: oss-export = true)");
    app.add_option("--silta-hosts", context.siltaHosts,
                   "Hosts of Silta that the catalogue's instruction links may name (silta-hosts = \"a,b\")")
        ->delimiter(',')
        ->capture_default_str();

    // In the order --help lists them.
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<InitCommand>(app));
    commands.push_back(std::make_unique<ImportRosterCommand>(app));
    commands.push_back(std::make_unique<PublishCatalogCommand>(app));
    commands.push_back(std::make_unique<EnrolCodeCommand>(app));
    commands.push_back(std::make_unique<KiosksCommand>(app));
    commands.push_back(std::make_unique<RevokeCommand>(app));
    commands.push_back(std::make_unique<PinCodeCommand>(app));
    commands.push_back(std::make_unique<LeaderCodeCommand>(app));
    commands.push_back(std::make_unique<PersonDataCommand>(app));
    commands.push_back(std::make_unique<RetentionCommand>(app));
    commands.push_back(std::make_unique<PriimaCoursesCommand>(app));
    commands.push_back(std::make_unique<CompletionImportCommand>(app, CompletionSource::Priima));
    commands.push_back(std::make_unique<CompletionImportCommand>(app, CompletionSource::Oss));
    commands.push_back(std::make_unique<OssExportCommand>(app));
    commands.push_back(std::make_unique<HrReportCommand>(app));
    commands.push_back(std::make_unique<HrReleaseCommand>(app));
    commands.push_back(std::make_unique<HrUserCommand>(app));
    commands.push_back(std::make_unique<HrPlanCommand>(app));
    commands.push_back(std::make_unique<ServeCommand>(app));
    commands.push_back(std::make_unique<ScheduleCommand>(app));
    commands.push_back(std::make_unique<BackupCommand>(app));
    commands.push_back(std::make_unique<RestoreCommand>(app));
    commands.push_back(std::make_unique<RotateKeysCommand>(app));

    CLI11_PARSE(app, argc, argv);
    context.paths.dataDir = dataDir;
    context.paths.keyDir = keyDir.empty() ? context.paths.dataDir / "keys" : std::filesystem::path(keyDir);
    for (const auto& command : commands) {
        if (command->parsed()) return command->run(context);
    }
    return 0;  // require_subcommand(1): not reached
}

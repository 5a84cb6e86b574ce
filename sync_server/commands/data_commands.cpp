// The backup, restore and key-rotation subcommands: the work is in ops/; these print what was done.
#include "commands/data_commands.h"

#include "ops/backup.h"
#include "ops/key_rotation.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace osm::server {
namespace {

// "<what was done>: schema …, … people, … records (… submitted, …)".
void printSummary(const std::string& done, const BackupSummary& summary) {
    std::cout << done << ": schema " << summary.schemaVersion << ", " << summary.people << " people, "
              << summary.records << " records (" << summary.submitted
              << " submitted, all opened with the storage key)\n";
}

}  // namespace

BackupCommand::BackupCommand(CLI::App& app)
    : Command(app, "backup", "Online backup of the database and keys into a new folder (while serving)") {
    cli().add_option("dest", m_dest, "New or empty folder for server.db and keys/")->required();
}

int BackupCommand::run(const CommandContext& context) {
    auto summary = backupServer(context.paths, m_dest);
    if (!summary) return fail(summary.error());
    printSummary("backed up to " + m_dest, *summary);
    return 0;
}

RestoreCommand::RestoreCommand(CLI::App& app)
    : Command(app, "restore", "Restore a backup folder (checked first) into --data; the server must be stopped") {
    cli().add_option("src", m_src, "Backup folder made by `backup`")->required();
    cli().add_flag("--force", m_force, "Replace existing data (moved aside into <data>/before-restore-<time>/)");
}

int RestoreCommand::run(const CommandContext& context) {
    auto summary = restoreServer(m_src, context.paths, m_force);
    if (!summary) return fail(summary.error());
    printSummary("restored " + m_src + " into " + context.paths.dataDir.string(), *summary);
    return 0;
}

RotateKeysCommand::RotateKeysCommand(CLI::App& app)
    : Command(app, "rotate-keys",
              "Re-seal every stored submission under a new storage key; the server must be stopped") {}

int RotateKeysCommand::run(const CommandContext& context) {
    auto rotated = rotateStorageKey(context.paths);
    if (!rotated) return fail(rotated.error());
    std::cout << (rotated->resumed ? "finished an interrupted rotation: the new storage key is in place\n"
                                   : "re-sealed " + std::to_string(rotated->resealed) +
                                         " stored submissions under a new storage key\n");
    return 0;
}

}  // namespace osm::server

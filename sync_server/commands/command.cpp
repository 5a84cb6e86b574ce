// The subcommands' common base and the few helpers they all use.
#include "commands/command.h"

#include <CLI/CLI.hpp>

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

namespace osm::server {

Command::Command(CLI::App& app, const std::string& name, const std::string& description)
    : m_command(app.add_subcommand(name, description)) {}

bool Command::parsed() const { return m_command->parsed(); }

int fail(const Error& error, std::ostream& err) {
    err << "error: " << error.message << "\n";
    return error.code == ErrorCode::InvalidInput ? 2 : 1;
}

int fail(const Error& error) { return fail(error, std::cerr); }

std::string whoRunsThis() {
    const passwd* entry = getpwuid(geteuid());
    std::string user = entry != nullptr ? entry->pw_name : "uid " + std::to_string(geteuid());
    const char* sudo = std::getenv("SUDO_USER");
    if (sudo != nullptr && *sudo != '\0' && user != sudo) user += std::string(" (sudo: ") + sudo + ")";
    return user;
}

std::int64_t unixNow() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::seconds>(now).count();
}

Result<std::unique_ptr<SyncStorage>> openStorage(const CommandContext& context) {
    return openSqliteStorage(context.paths.databasePath());
}

}  // namespace osm::server

// Command: one subcommand of osaamissilta-server. Each registers its options on the CLI11 app
// when constructed, and main runs the one the command line names.
#pragma once

#include "core/result.h"
#include "ops/operator_commands.h"
#include "storage/sync_storage.h"

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace osm::server {

// The options every subcommand shares, as parsed.
struct CommandContext {
    ServerPaths paths;
    std::string assets;  // the folder with catalog/ and demo/
    // The operator's consent to hand people's goals to Oss (oss-export = true in the configuration).
    bool ossExportAllowed = false;
    // The hosts of Silta that a published catalogue's instruction links may name (silta-hosts = …).
    std::vector<std::string> siltaHosts = kDemoSiltaHosts;
};

class Command {
public:
    virtual ~Command() = default;
    Command(const Command&) = delete;
    Command& operator=(const Command&) = delete;

    // Whether the command line named this subcommand.
    bool parsed() const;
    // Does the work and returns the process's exit code (0 done, 2 bad input, 1 refused or failed).
    virtual int run(const CommandContext& context) = 0;

protected:
    // Adds the subcommand `name` to `app`; the derived class adds its options to cli().
    Command(CLI::App& app, const std::string& name, const std::string& description);
    CLI::App& cli() const { return *m_command; }

private:
    CLI::App* m_command = nullptr;
};

// Prints "error: …" to `err` and returns the exit code for it (2 for bad input, else 1).
int fail(const Error& error, std::ostream& err);
int fail(const Error& error);  // to standard error

// The current time in unix seconds.
std::int64_t unixNow();

// The server's database, opened (and migrated) from the context's data folder.
Result<std::unique_ptr<SyncStorage>> openStorage(const CommandContext& context);

// Who runs the command, for the operator's log lines: "alice", or "root (sudo: alice)".
std::string whoRunsThis();

}  // namespace osm::server

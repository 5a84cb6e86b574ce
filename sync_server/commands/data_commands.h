// The data's safekeeping: `backup` (online), `restore` (the server stopped), `rotate-keys` (a new
// storage key for every stored submission, the server stopped). docs/operations.md.
#pragma once

#include "commands/command.h"

namespace osm::server {

class BackupCommand final : public Command {
public:
    explicit BackupCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_dest;
};

class RestoreCommand final : public Command {
public:
    explicit RestoreCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_src;
    bool m_force = false;
};

class RotateKeysCommand final : public Command {
public:
    explicit RotateKeysCommand(CLI::App& app);
    int run(const CommandContext& context) override;
};

}  // namespace osm::server

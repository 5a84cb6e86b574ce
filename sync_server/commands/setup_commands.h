// Setting a server up: `init` (keys and database, optionally the demo), `import-roster` and
// `publish-catalog`.
#pragma once

#include "commands/command.h"

namespace osm::server {

class InitCommand final : public Command {
public:
    explicit InitCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    bool m_withDemo = false;
};

class ImportRosterCommand final : public Command {
public:
    explicit ImportRosterCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_csvPath;
    bool m_dryRun = false;
};

class PublishCatalogCommand final : public Command {
public:
    explicit PublishCatalogCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_catalogPath;
};

}  // namespace osm::server

// `osaamissilta-server hr-plan …`: the training-plan steps HR's page offers, on the command line
// (show, edit, compile, review, confirm), recorded with the same checks and history.
#pragma once

#include "commands/command.h"
#include "ops/server_keys.h"
#include "storage/sync_storage.h"

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>

namespace osm::server {

class HrPlanCommand final : public Command {
public:
    // Adds the `hr-plan` subcommand and its options to `app`.
    explicit HrPlanCommand(CLI::App& app);
    // Opens the context's database and keys and runs the step below on standard output.
    int run(const CommandContext& context) override;
    // Runs the step; prints the plan (or the error) and returns the exit code: 0 done,
    // 2 bad input, 1 refused or failed.
    int run(SyncStorage& storage, const ServerKeys& keys, const std::filesystem::path& assetsDir, std::int64_t now,
            std::ostream& out, std::ostream& err) const;

private:
    std::string m_step = "show";
    int m_year = 0;
    std::string m_scope;
    std::string m_as;
    std::string m_body;
    std::string m_reference;
    std::string m_contentFile;
    int m_minGroup = 5;
};

}  // namespace osm::server

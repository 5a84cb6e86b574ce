// `osaamissilta-server hr-plan …`: the training-plan steps HR's page offers, on the command line
// (show, edit, compile, review, confirm), recorded with the same checks and history.
#pragma once

#include "ops/server_keys.h"
#include "storage/sync_storage.h"

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace osm::server {

class HrPlanCommand {
public:
    // Adds the `hr-plan` subcommand and its options to `app`.
    explicit HrPlanCommand(CLI::App& app);
    bool parsed() const;
    // Runs the step; prints the plan (or the error) and returns the exit code: 0 done,
    // 2 bad input, 1 refused or failed.
    int run(SyncStorage& storage, const ServerKeys& keys, const std::filesystem::path& assetsDir, std::int64_t now, std::ostream& out,
            std::ostream& err) const;

private:
    CLI::App* m_command = nullptr;
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

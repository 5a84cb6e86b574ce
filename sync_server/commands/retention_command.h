// `retention [--keep-years N] [--dry-run]`: deletes the records of the years past the retention
// period from the server (ops/retention.h); the terminals purge the same years at their next sync.
#pragma once

#include "commands/command.h"

namespace osm::server {

class RetentionCommand final : public Command {
public:
    explicit RetentionCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    int m_keepYears = 0;  // 0: the period last set (else the default)
    bool m_dryRun = false;
};

}  // namespace osm::server

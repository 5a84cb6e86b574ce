// HR's subcommands: `hr-report` (completion, the released aggregates, a service area's summary),
// `hr-release` (the year's next release of the aggregates, docs/privacy.md) and `hr-user` (an HR
// account for the web pages). `hr-plan` is commands/hr_plan_command.h.
#pragma once

#include "commands/command.h"
#include "ops/server_keys.h"
#include "storage/sync_storage.h"

namespace osm::server {

class HrReportCommand final : public Command {
public:
    explicit HrReportCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    int runStrategic(const CommandContext& context, SyncStorage& storage, const ServerKeys& keys);

    std::string m_kind = "aggregates";
    std::string m_format = "csv";
    std::string m_serviceArea;
    int m_year = 0;
    int m_release = 0;  // 0: the latest
    int m_minGroup = 5;
};

class HrReleaseCommand final : public Command {
public:
    explicit HrReleaseCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    int m_year = 0;
    double m_epsilon = 1.0;
    double m_budget = 2.0;
    int m_minGroup = 5;
    std::string m_as;
};

class HrUserCommand final : public Command {
public:
    explicit HrUserCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_username;
};

}  // namespace osm::server

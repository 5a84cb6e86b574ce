// HR's subcommands: `hr-report` (completion, the anonymous aggregates, a service area's summary)
// and `hr-user` (an HR account for the web pages). `hr-plan` is commands/hr_plan_command.h.
#pragma once

#include "commands/command.h"

namespace osm::server {

class HrReportCommand final : public Command {
public:
    explicit HrReportCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_kind = "aggregates";
    std::string m_format = "csv";
    std::string m_serviceArea;
    int m_year = 0;
    int m_minGroup = 5;
};

class HrUserCommand final : public Command {
public:
    explicit HrUserCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_username;
};

}  // namespace osm::server

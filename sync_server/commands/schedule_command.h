// `schedule`: what the annual clock makes due on a date, per person, for an organisation file
// (no database: the catalogue is the one installed for the date's year).
#pragma once

#include "commands/command.h"

namespace osm::server {

class ScheduleCommand final : public Command {
public:
    explicit ScheduleCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_roster;
    std::string m_date;
    std::string m_lang = "fi";
};

}  // namespace osm::server

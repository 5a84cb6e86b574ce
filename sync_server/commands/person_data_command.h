// `person-data STAFF_NUMBER`: a person's own data for a subject-access request (GDPR art. 15),
// written to standard output or to a new file that only its owner can read.
#pragma once

#include "commands/command.h"

namespace osm::server {

class PersonDataCommand final : public Command {
public:
    explicit PersonDataCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_staffNumber;
    std::string m_lang = "fi";
    std::string m_out;
};

}  // namespace osm::server

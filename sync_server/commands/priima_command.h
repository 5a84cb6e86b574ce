// `priima-courses FILE --year Y [--dry-run]`: Priima's course list into the year's catalogue as
// learning methods (ops/priima_courses.h); the terminals take the catalogue at their next sync.
#pragma once

#include "commands/command.h"

namespace osm::server {

class PriimaCoursesCommand final : public Command {
public:
    explicit PriimaCoursesCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_file;
    int m_year = 0;
    bool m_dryRun = false;
};

}  // namespace osm::server

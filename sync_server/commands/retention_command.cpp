// The retention command. Exit status 2 when a year to delete has no HR release (nothing deleted).
#include "commands/retention_command.h"

#include "domain/annual_clock.h"
#include "ops/retention.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace osm::server {

RetentionCommand::RetentionCommand(CLI::App& app)
    : Command(app, "retention", "Delete the records of years past the retention period (default 5 years)") {
    cli()
        .add_option("--keep-years", m_keepYears,
                    "Years kept, this one included (at least 4); remembered for the next runs")
        ->check(CLI::PositiveNumber);
    cli().add_flag("--dry-run", m_dryRun, "List the years and records that would go; change nothing");
}

int RetentionCommand::run(const CommandContext& context) {
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    const int thisYear = domain::dateOfUnixSeconds(unixNow()).year;
    const std::optional<int> keepYears = m_keepYears > 0 ? std::optional<int>(m_keepYears) : std::nullopt;
    auto report = applyRetention(**storage, keepYears, thisYear, m_dryRun);
    if (!report) return fail(report.error());
    std::cout << "keeping " << report->keepYears << " years: records from " << report->keptFrom << " on\n";
    for (const auto& [year, count] : report->toDelete) std::cout << year << ": " << count << " records\n";
    if (!report->unreleased.empty()) {
        for (int year : report->unreleased)
            std::cerr << year << ": HR has not released this year's figures (hr-release); nothing was deleted\n";
        return 2;
    }
    if (report->applied)
        std::cout << report->deleted << " records deleted; terminals delete the same years at their next sync\n";
    else
        std::cout << "dry run: nothing changed\n";
    return 0;
}

}  // namespace osm::server

// The schedule subcommand: reads files only, so it works before any server is set up.
#include "commands/schedule_command.h"

#include "domain/annual_clock.h"
#include "ops/schedule_report.h"
#include "storage/catalog_resolver.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace osm::server {

ScheduleCommand::ScheduleCommand(CLI::App& app)
    : Command(app, "schedule", "Show what the annual clock makes due on a date, per person") {
    cli().add_option("--roster", m_roster, "Organisation JSON (default: the demo organisation)");
    cli().add_option("--date", m_date, "YYYY-MM-DD (default: today)");
    cli().add_option("--lang", m_lang, "fi, sv or en")->capture_default_str();
}

int ScheduleCommand::run(const CommandContext& context) {
    const auto date = m_date.empty() ? Result<domain::Date>(domain::today()) : domain::parseDate(m_date);
    if (!date) return fail(date.error());
    const auto lang = catalog::parseLang(m_lang);
    if (!lang) return fail(lang.error());
    const auto catalogue = resolveCatalog(nullptr, context.assets, date->year);
    if (!catalogue) return fail(catalogue.error());
    const std::string roster = m_roster.empty() ? context.assets + "/demo/organisation.json" : m_roster;
    const auto org = domain::loadOrganisationFile(roster);
    if (!org) return fail(org.error());
    std::cout << scheduleReport(*org, *catalogue, *date, *lang);
    return 0;
}

}  // namespace osm::server

// HR's subcommands print what HR's pages offer for download, for scripts and spreadsheets.
#include "commands/hr_commands.h"

#include "crypto/secret_buffer.h"
#include "domain/annual_clock.h"
#include "hr/hr_html.h"
#include "hr/hr_reports.h"
#include "hr/hr_release.h"
#include "hr/hr_web.h"
#include "hr/group_summary.h"
#include "hr/strategy_report.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>

namespace osm::server {

HrReportCommand::HrReportCommand(CLI::App& app)
    : Command(app, "hr-report",
              "HR: completion per unit, anonymous aggregates, a service area's summary, the strategic discussion's "
              "figures, a service area's group discussions"),
      m_year(domain::today().year) {
    cli()
        .add_option("report", m_kind, "completion | aggregates | summary | strategy | groups")
        ->check(CLI::IsMember({"completion", "aggregates", "summary", "strategy", "groups"}))
        ->capture_default_str();
    cli().add_option("--year", m_year, "Discussion year")->capture_default_str();
    cli()
        .add_option("--format", m_format,
                    "csv (Finnish spreadsheet: BOM, semicolons, decimal comma) or json; summary and groups: md or "
                    "html; strategy: any")
        ->check(CLI::IsMember({"csv", "json", "md", "html"}))
        ->capture_default_str();
    cli().add_option("--release", m_release, "Which of the year's releases (default: the latest)");
    cli().add_option("--service-area", m_serviceArea,
                     "For `summary` and `groups`: the service area (Markdown for its Teams channel)");
    cli()
        .add_option("--min-group", m_minGroup,
                    "For `groups`: the fewest participants a discussion used has (at least 3)")
        ->capture_default_str();
}

// `strategy` and `groups`: their own data, neither needs the year's chosen release.
int HrReportCommand::runStrategic(const CommandContext& context, SyncStorage& storage, const ServerKeys& keys) {
    auto text = WebText::load(context.assets);
    if (!text) return fail(text.error());
    const PageText t{*text, catalog::Lang::Fi};
    if (m_kind == "strategy") {
        auto figures = loadStrategyFigures(storage, keys, context.assets, t, m_year);
        if (!figures) return fail(figures.error());
        if (m_format == "csv") std::cout << strategyCsv(t, *figures);
        if (m_format == "json") std::cout << strategyJson(*figures);
        if (m_format == "md") std::cout << strategyMarkdown(t, *figures);
        if (m_format == "html")
            std::cout << htmlDocument(t("hr.strategy.title", std::to_string(m_year)),
                                      "<h1>" + htmlEscape(t("hr.strategy.title", std::to_string(m_year))) + "</h1>" +
                                          strategyHtmlBody(t, *figures));
        return 0;
    }
    if (m_format != "md" && m_format != "html")
        return fail(makeError(ErrorCode::InvalidInput, "groups is written as --format md or html"));
    auto data = loadHrData(storage, keys, context.assets, m_year);
    if (!data) return fail(data.error());
    const domain::ServiceArea* area = data->organisation.findServiceArea(m_serviceArea);
    if (area == nullptr)
        return fail(makeError(ErrorCode::InvalidInput, "groups needs --service-area with a known service area id"));
    const int minimum = std::max(m_minGroup, 3);
    auto kinds =
        groupSummaries(storage, keys, data->organisation, data->catalog, m_year, area->id, minimum, catalog::Lang::Fi);
    if (!kinds) return fail(kinds.error());
    if (m_format == "md") {
        std::cout << groupSummaryMarkdown(t, area->name, m_year, minimum, *kinds);
    } else {
        std::cout << htmlDocument(t("hr.groups.title", area->name + " " + std::to_string(m_year)),
                                  groupSummaryHtmlBody(t, area->name, m_year, minimum, *kinds));
    }
    return 0;
}

int HrReportCommand::run(const CommandContext& context) {
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto keys = loadServerKeys(context.paths.keyDir);
    if (!keys) return fail(keys.error());
    if (m_kind == "strategy" || m_kind == "groups") return runStrategic(context, **storage, *keys);
    auto data = loadHrData(**storage, *keys, context.assets, m_year);
    if (!data) return fail(data.error());
    const auto rows = completion(data->organisation, data->catalog, m_year, data->submitted, data->progress);
    // Aggregate figures come only from a release (docs/privacy.md), never from live data.
    auto releases = chooseRelease(**storage, m_year, m_release > 0 ? std::to_string(m_release) : std::string());
    if (!releases) return fail(releases.error());
    if (m_release > static_cast<int>(releases->all.size()))
        return fail(makeError(ErrorCode::NotFound, "no such release for the year"));
    const Release* release = releases->shown();
    const std::vector<GroupAggregate> groups = releases->groupsWithCity();
    const auto notes = releaseLabels(release);
    // The command line's reports are in Finnish, with the web pages' texts.
    auto text = WebText::load(context.assets);
    if (!text) return fail(text.error());
    const PageText t{*text, catalog::Lang::Fi};
    if (m_kind == "completion") {
        std::cout << completionCsv(t, withCityTotal(rows, t("hr.city")));
    } else if (m_kind == "aggregates") {
        std::cout << (m_format == "json" ? releaseDownloadJson(release) + "\n"
                                         : aggregatesCsv(t, groups, data->catalog, notes));
    } else {
        if (data->organisation.findServiceArea(m_serviceArea) == nullptr) {
            return fail(
                makeError(ErrorCode::InvalidInput, "summary needs --service-area with a known service area id"));
        }
        if (m_format == "html") {
            auto plan = loadTrainingPlan(**storage, data->catalog, m_year, m_serviceArea);
            if (!plan) return fail(plan.error());
            std::cout << serviceAreaSummaryHtml(t, m_serviceArea, data->organisation, data->catalog, rows, groups,
                                                *plan, release);
            return 0;
        }
        std::cout << serviceAreaSummaryMarkdown(t, m_serviceArea, data->organisation, data->catalog, rows, groups,
                                                notes);
    }
    return 0;
}

HrReleaseCommand::HrReleaseCommand(CLI::App& app)
    : Command(app, "hr-release", "HR: release the year's aggregates as they stand now (frozen, with noise)"),
      m_year(domain::today().year) {
    cli().add_option("--year", m_year, "Discussion year")->capture_default_str();
    cli().add_option("--epsilon", m_epsilon, "Privacy loss this release spends")->capture_default_str();
    cli()
        .add_option("--budget", m_budget, "The year's privacy budget (the year's first release fixes it)")
        ->capture_default_str();
    cli().add_option("--min-group", m_minGroup, "Smallest group or cell shown (never below 3)")->capture_default_str();
    cli().add_option("--as", m_as, "The HR person releasing (recorded with the release)")->required();
}

int HrReleaseCommand::run(const CommandContext& context) {
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto keys = loadServerKeys(context.paths.keyDir);
    if (!keys) return fail(keys.error());
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    auto release =
        publishRelease(**storage, *keys, context.assets, m_year, {m_epsilon, m_budget, m_minGroup}, "cli:" + m_as, now);
    if (!release) return fail(release.error());
    std::cout << releaseLabel(&*release, "en") << "\n";
    return 0;
}

HrUserCommand::HrUserCommand(CLI::App& app)
    : Command(app, "hr-user", "Create an HR account, or set its password (read from standard input)") {
    cli().add_option("username", m_username)->required();
}

int HrUserCommand::run(const CommandContext& context) {
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    std::string password;
    std::getline(std::cin, password);
    auto hash = hashHrPassword(password);
    crypto::wipe(password);
    if (!hash) return fail(hash.error());
    if (auto status = (*storage)->putHrAccount(m_username, *hash); !status) return fail(status.error());
    std::cout << "HR account " << m_username << " is ready\n";
    return 0;
}

}  // namespace osm::server

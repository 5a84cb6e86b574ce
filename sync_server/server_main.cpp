// osaamissilta-server: the operators' and HR's command line (more subcommands come with the
// sync protocol).
#include "schedule_report.h"

#include <CLI/CLI.hpp>

#include <iostream>

#ifndef OSM_DEFAULT_ASSETS_DIR
#define OSM_DEFAULT_ASSETS_DIR "/usr/share/osaamissilta"
#endif

int main(int argc, char** argv) {
    using namespace osm;
    CLI::App app{"Osaamissilta sync server and HR tools"};
    app.require_subcommand(1);

    std::string assets = OSM_DEFAULT_ASSETS_DIR;
    std::string roster;
    std::string dateText;
    std::string langText = "fi";
    CLI::App* schedule = app.add_subcommand("schedule", "Show what the annual clock makes due on a date, per person");
    schedule->add_option("--assets", assets, "Folder with catalog/<year>.json")->capture_default_str();
    schedule->add_option("--roster", roster, "Organisation JSON (default: the demo organisation)");
    schedule->add_option("--date", dateText, "YYYY-MM-DD (default: today)");
    schedule->add_option("--lang", langText, "fi, sv or en")->capture_default_str();

    CLI11_PARSE(app, argc, argv);

    const auto date = dateText.empty() ? Result<domain::Date>(domain::today()) : domain::parseDate(dateText);
    const auto lang = catalog::parseLang(langText);
    if (!date || !lang) {
        std::cerr << "error: " << (!date ? date.error().message : lang.error().message) << "\n";
        return 2;
    }
    const auto catalogue = catalog::loadCatalogYear(assets, date->year);
    const auto org = domain::loadOrganisationFile(roster.empty() ? assets + "/demo/organisation.json" : roster);
    if (!catalogue || !org) {
        std::cerr << "error: " << (!catalogue ? catalogue.error().message : org.error().message) << "\n";
        return 1;
    }
    std::cout << server::scheduleReport(*org, *catalogue, *date, *lang);
    return 0;
}

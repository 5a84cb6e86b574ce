// The Priima course-list command: exit status 2 and nothing changed for a list with a bad row.
#include "commands/priima_command.h"

#include "core/json_reader.h"
#include "ops/priima_courses.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace osm::server {

PriimaCoursesCommand::PriimaCoursesCommand(CLI::App& app)
    : Command(app, "priima-courses", "Import Priima's course list as learning methods of a year's catalogue") {
    cli().add_option("file", m_file, "The course list (CSV: koodi, nimi, nimi_sv, nimi_en, kategoria)")->required();
    cli().add_option("--year", m_year, "The catalogue's year")->required()->check(CLI::Range(2000, 2999));
    cli().add_flag("--dry-run", m_dryRun, "Check the list and say what would change; change nothing");
}

int PriimaCoursesCommand::run(const CommandContext& context) {
    auto text = readTextFile(m_file);
    if (!text) return fail(text.error());
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto done = importPriimaCourses(**storage, m_year, *text, m_dryRun);
    if (!done) return fail(done.error());
    std::cout << done->added << " courses added, " << done->renamed << " changed, " << done->unchanged << " unchanged, "
              << done->kept << " from earlier lists kept\n";
    std::cout << (m_dryRun ? "dry run: nothing changed\n"
                           : "published: terminals take the catalogue at their next sync\n");
    return 0;
}

}  // namespace osm::server

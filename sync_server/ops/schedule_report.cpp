// Plain-text report; plain text so that it reads the same in a terminal, a log and a mail.
#include "ops/schedule_report.h"

#include <cstdio>
#include <set>
#include <sstream>

namespace osm::server {

namespace {

std::string formatDate(domain::Date date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
    return text;
}

}  // namespace

std::string scheduleReport(const domain::Organisation& org, const catalog::Catalog& catalog, domain::Date date,
                           catalog::Lang lang) {
    std::ostringstream out;
    out << catalog.title.in(lang) << " — " << formatDate(date) << "\n\n";

    std::set<std::string> sectors;
    for (const domain::Unit& unit : org.units) sectors.insert(unit.sector);
    for (const std::string& sector : sectors) {
        const bool alternating = catalog.clock.isAlternatingSector(sector);
        out << "[" << sector << "] ";
        if (alternating) {
            out << (catalog.clock.yearKind(date.year) == catalog::Alternation::Individual ? "individual year"
                                                                                          : "group year")
                << " (alternating-year model)\n";
        } else {
            out << "every year\n";
        }
    }
    out << "\n";
    for (const domain::Person& person : org.people) {
        const auto due = domain::dueNow(person, catalog, date);
        out << person.staffNumber << "  " << person.name;
        if (due.empty()) {
            out << ": nothing due\n";
            continue;
        }
        out << ":\n";
        for (const domain::ScheduledEvent& event : due) {
            out << "    " << event.event->name.in(lang) << " (" << formatDate(event.opens) << " – "
                << formatDate(event.closes) << ")\n";
        }
    }
    return out.str();
}

std::vector<SectorClock> annualClockBySector(const domain::Organisation& org, const catalog::Catalog& catalog,
                                             int year) {
    std::set<std::string> sectors;
    for (const domain::Unit& unit : org.units) sectors.insert(unit.sector);
    std::vector<SectorClock> out;
    for (const std::string& sector : sectors) {
        const bool alternating = catalog.clock.isAlternatingSector(sector);
        SectorClock clock{sector, alternating ? catalog.clock.yearKind(year) : catalog::Alternation::None, {}};
        for (const catalog::ClockEvent& event : catalog.clock.events) {
            if (event.sectors == catalog::SectorScope::Alternating && !alternating) continue;
            if (event.sectors == catalog::SectorScope::NonAlternating && alternating) continue;
            if (alternating && event.alternation != catalog::Alternation::None && event.alternation != clock.yearKind)
                continue;
            clock.events.push_back(&event);
        }
        out.push_back(std::move(clock));
    }
    return out;
}

}  // namespace osm::server

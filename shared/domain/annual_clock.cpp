// The alternating-year rule only ever narrows an event: outside the alternating sectors an
// event with an alternation is held every year.
#include "domain/annual_clock.h"

#include <charconv>
#include <ctime>

namespace osm::domain {

using catalog::Alternation;
using catalog::Participants;
using catalog::SectorScope;

int daysInMonth(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

Date today() { return dateOfUnixSeconds(std::time(nullptr)); }

Date dateOfUnixSeconds(std::int64_t seconds) {
    const std::time_t at = static_cast<std::time_t>(seconds);
    std::tm local{};
    localtime_r(&at, &local);
    return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

Result<Date> parseDate(std::string_view text) {
    auto bad = [&] {
        return makeError(ErrorCode::InvalidInput, "'" + std::string(text) + "' is not a date of the form YYYY-MM-DD");
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
    Date date;
    auto number = [&](std::size_t from, std::size_t length, int& out) {
        const auto [ptr, ec] = std::from_chars(text.data() + from, text.data() + from + length, out);
        return ec == std::errc() && ptr == text.data() + from + length;
    };
    if (!number(0, 4, date.year) || !number(5, 2, date.month) || !number(8, 2, date.day)) return bad();
    if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > daysInMonth(date.year, date.month))
        return bad();
    return date;
}

std::string finnishDate(std::string_view isoDate) {
    auto date = parseDate(isoDate);
    if (!date) return std::string(isoDate);
    return std::to_string(date->day) + "." + std::to_string(date->month) + "." + std::to_string(date->year);
}

namespace {

bool isParticipant(Participants participants, const Person& person) {
    switch (participants) {
    case Participants::Staff: return person.has(Role::Employee) && !person.isManager();
    case Participants::Managers: return person.isManager();
    case Participants::Teams: return !person.unitId.empty() && !person.has(Role::Hr);
    case Participants::PrincipalsAndDirectors: return person.isPrincipalOrDirector();
    case Participants::ServiceAreaManagement:
        return person.has(Role::ServiceAreaDirector) || person.has(Role::ManagementGroup);
    case Participants::Hr: return person.has(Role::Hr);
    case Participants::CityManagement: return person.has(Role::CityManagement);
    case Participants::CooperationCommittee: return person.has(Role::CooperationCommittee);
    }
    return false;
}

}  // namespace

bool concerns(const catalog::ClockEvent& event, const Person& person, const catalog::AnnualClock& clock, int year) {
    if (!isParticipant(event.participants, person)) return false;
    const bool alternating = clock.isAlternatingSector(person.sector);
    if (event.sectors == SectorScope::Alternating && !alternating) return false;
    if (event.sectors == SectorScope::NonAlternating && alternating) return false;
    if (alternating && event.alternation != Alternation::None) return event.alternation == clock.yearKind(year);
    return true;
}

std::vector<ScheduledEvent> scheduleFor(const Person& person, const catalog::Catalog& catalog, int year) {
    std::vector<ScheduledEvent> out;
    for (const catalog::ClockEvent& event : catalog.clock.events) {
        if (!concerns(event, person, catalog.clock, year)) continue;
        out.push_back(ScheduledEvent{&event, Date{year, event.fromMonth, 1},
                                     Date{year, event.toMonth, daysInMonth(year, event.toMonth)}});
    }
    return out;
}

std::vector<ScheduledEvent> dueNow(const Person& person, const catalog::Catalog& catalog, Date date) {
    std::vector<ScheduledEvent> out;
    for (ScheduledEvent& scheduled : scheduleFor(person, catalog, date.year)) {
        if (scheduled.opens <= date && date <= scheduled.closes) out.push_back(scheduled);
    }
    return out;
}

WindowState windowState(const ScheduledEvent& scheduled, Date date) {
    if (date < scheduled.opens) return WindowState::NotYetOpen;
    return date <= scheduled.closes ? WindowState::Open : WindowState::Late;
}

std::optional<ScheduledEvent> developmentWindow(const Person& person, const catalog::Catalog& catalog, int year) {
    for (const ScheduledEvent& scheduled : scheduleFor(person, catalog, year)) {
        const catalog::FormTemplate* form = catalog.findForm(scheduled.event->formId);
        if (form != nullptr && form->kind == catalog::FormKind::DevelopmentDiscussion) return scheduled;
    }
    return std::nullopt;
}

}  // namespace osm::domain

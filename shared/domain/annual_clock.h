// Which discussions are due for a person on a date, from the catalogue's annual clock and the
// alternating-year rule of education and early childhood education (docs/model.md, "Alternating years").
#pragma once

#include "catalog/catalog.h"
#include "domain/organisation.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace osm::domain {

struct Date {
    int year = 2026;
    int month = 1;  // 1..12
    int day = 1;
    auto operator<=>(const Date&) const = default;
};

// Today's date in the local time zone.
Date today();
Date dateOfUnixSeconds(std::int64_t seconds);      // local time
Result<Date> parseDate(std::string_view isoDate);  // "YYYY-MM-DD"
// "YYYY-MM-DD" as the Finnish "D.M.YYYY" (the text as it is if it is not such a date).
std::string finnishDate(std::string_view isoDate);

struct ScheduledEvent {
    const catalog::ClockEvent* event = nullptr;
    Date opens;   // first day of from_month
    Date closes;  // last day of to_month
};

// True when the event concerns this person at all in `year` (participants, sector scope and,
// in an alternating sector, the kind of year).
bool concerns(const catalog::ClockEvent& event, const Person& person, const catalog::AnnualClock& clock, int year);

// Every event of the person's year, in clock order.
std::vector<ScheduledEvent> scheduleFor(const Person& person, const catalog::Catalog& catalog, int year);

// The events whose window contains `date` and that concern the person.
std::vector<ScheduledEvent> dueNow(const Person& person, const catalog::Catalog& catalog, Date date);

// Where an event's window stands on a date. The clock sets targets, not locks: a discussion not
// held by the end of its window is late ("Myöhässä") and can still be held; only a window not
// begun yet is one that opens later.
enum class WindowState { NotYetOpen, Open, Late };
WindowState windowState(const ScheduledEvent& scheduled, Date date);

// The person's development-discussion window of `year`, if the clock gives them one.
std::optional<ScheduledEvent> developmentWindow(const Person& person, const catalog::Catalog& catalog, int year);

int daysInMonth(int year, int month);

}  // namespace osm::domain

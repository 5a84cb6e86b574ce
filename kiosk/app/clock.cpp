// The system clock: steady time for timers, system time for what is stored.
#include "clock.h"

#include <chrono>

namespace osm::kiosk {

double SystemClock::monotonic() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::int64_t SystemClock::unixSeconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

SystemClock::SystemClock(std::optional<domain::Date> fixedDate) {
    if (fixedDate) pinDate(*fixedDate);
}

void SystemClock::pinDate(domain::Date date) { m_fixedDate = date.year * 10000 + date.month * 100 + date.day; }

domain::Date SystemClock::date() const {
    const std::int32_t fixed = m_fixedDate;
    if (fixed == 0) return domain::today();
    return {fixed / 10000, fixed / 100 % 100, fixed % 100};
}

}  // namespace osm::kiosk

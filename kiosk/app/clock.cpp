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

domain::Date SystemClock::date() const { return m_fixedDate ? *m_fixedDate : domain::today(); }

}  // namespace osm::kiosk

// The kiosk's clock: monotonic seconds for its timers, wall-clock seconds for stored times and
// lockouts, and the calendar date the annual clock is read for. Tests pass a clock they move.
#pragma once

#include "domain/annual_clock.h"

#include <cstdint>
#include <optional>

namespace osm::kiosk {

class Clock {
public:
    virtual ~Clock() = default;
    virtual double monotonic() const = 0;  // seconds, for timers
    virtual std::int64_t unixSeconds() const = 0;
    virtual domain::Date date() const = 0;
};

// The real clock; `fixedDate` pins the calendar date (the demo shows the discussion season).
class SystemClock : public Clock {
public:
    explicit SystemClock(std::optional<domain::Date> fixedDate = std::nullopt) : m_fixedDate(fixedDate) {}
    double monotonic() const override;
    std::int64_t unixSeconds() const override;
    domain::Date date() const override;

private:
    std::optional<domain::Date> m_fixedDate;
};

}  // namespace osm::kiosk

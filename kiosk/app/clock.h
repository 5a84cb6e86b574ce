// The kiosk's clock: monotonic seconds for its timers, wall-clock seconds for stored times and
// lockouts, and the calendar date the annual clock is read for. Tests pass a clock they move.
#pragma once

#include "domain/annual_clock.h"

#include <atomic>
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
// Thread-safe: the date may be pinned again while other threads read it (the screenshot tour
// moves to a group year).
class SystemClock : public Clock {
public:
    explicit SystemClock(std::optional<domain::Date> fixedDate = std::nullopt);
    double monotonic() const override;
    std::int64_t unixSeconds() const override;
    domain::Date date() const override;
    void pinDate(domain::Date date);

private:
    std::atomic<std::int32_t> m_fixedDate{0};  // yyyymmdd; 0: today's date
};

}  // namespace osm::kiosk

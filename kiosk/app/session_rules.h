// The rules of a shared terminal, as plain functions and small value types with no clock of
// their own (the caller passes "now"): PIN policy, wrong-PIN throttling and lockout, the idle
// logout with its countdown, and when an edit must be saved.
#pragma once

#include "local_store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace osm::kiosk {

struct PinPolicy {
    int minLength = 6;
    int maxLength = 12;
};

// nullopt when the PIN is acceptable, else a translation key saying why not.
std::optional<std::string> checkNewPin(std::string_view pin, const PinPolicy& policy);

// One-time codes are typed with or without the dash, in any case: "7q4k 2m9p" == "7Q4K-2M9P".
std::string normaliseSetupCode(std::string_view code);

struct GuardPolicy {
    int freeAttempts = 3;  // wrong PINs allowed before waiting starts
    int lockAfter = 10;    // wrong PINs in a row that lock the person on this terminal
    std::int64_t lockSeconds = 15 * 60;
    std::int64_t maxDelaySeconds = 60;
};

struct GuardVerdict {
    bool allowed = true;
    bool locked = false;
    std::int64_t waitSeconds = 0;  // until the next attempt is accepted
};

GuardVerdict checkGuard(const GuardState& state, std::int64_t now, const GuardPolicy& policy);
GuardState afterFailure(GuardState state, std::int64_t now, const GuardPolicy& policy);
// Seconds to wait after `failures` wrong PINs in a row (0 for the first free attempts).
std::int64_t delayAfter(int failures, const GuardPolicy& policy);

// The idle logout: after `timeout` seconds without input the session ends; the last
// `warning` seconds show a countdown.
class IdleTimer {
public:
    IdleTimer(double timeout = 120, double warning = 30) : m_timeout(timeout), m_warning(warning) {}
    void activity(double now) { m_last = now; }
    double remaining(double now) const { return m_timeout - (now - m_last); }
    bool warningShown(double now) const { return remaining(now) <= m_warning; }
    bool expired(double now) const { return remaining(now) <= 0; }
    double timeout() const { return m_timeout; }

private:
    double m_timeout;
    double m_warning;
    double m_last = 0;
};

// Autosave timing: save once typing pauses for `quiet` seconds, and never later than
// `maxDelay` seconds after the first unsaved edit, so at most the last second is at risk.
class AutosaveTimer {
public:
    AutosaveTimer(double quiet = 0.4, double maxDelay = 1.0) : m_quiet(quiet), m_maxDelay(maxDelay) {}
    void edited(double now);
    bool dirty() const { return m_firstDirty.has_value(); }
    bool due(double now) const;
    // The moment a save becomes due (for the event loop's wait); nullopt when clean.
    std::optional<double> deadline() const;
    void saving() {
        m_firstDirty.reset();
        m_lastEdit.reset();
    }

private:
    double m_quiet;
    double m_maxDelay;
    std::optional<double> m_firstDirty;
    std::optional<double> m_lastEdit;
};

}  // namespace osm::kiosk

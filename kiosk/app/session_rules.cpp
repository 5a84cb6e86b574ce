// Terminal rules. The delays grow exponentially so that a guessing run is slow long before
// the lockout, while a person who mistypes once or twice never waits.
#include "session_rules.h"

#include <algorithm>
#include <cctype>

namespace osm::kiosk {

std::optional<std::string> checkNewPin(std::string_view pin, const PinPolicy& policy) {
    if (!std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return "pin.error.digits_only";
    if (static_cast<int>(pin.size()) < policy.minLength) return "pin.error.too_short";
    if (static_cast<int>(pin.size()) > policy.maxLength) return "pin.error.too_long";
    const bool allSame = std::all_of(pin.begin(), pin.end(), [&](char c) { return c == pin[0]; });
    bool ascending = true;
    bool descending = true;
    for (std::size_t i = 1; i < pin.size(); ++i) {
        ascending = ascending && pin[i] == pin[i - 1] + 1;
        descending = descending && pin[i] == pin[i - 1] - 1;
    }
    if (allSame || ascending || descending) return "pin.error.too_simple";
    return std::nullopt;
}

std::string normaliseSetupCode(std::string_view code) {
    std::string out;
    for (char c : code) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

std::int64_t delayAfter(int failures, const GuardPolicy& policy) {
    if (failures < policy.freeAttempts) return 0;
    const int exponent = std::min(failures - policy.freeAttempts, 20);
    return std::min<std::int64_t>(std::int64_t{1} << exponent, policy.maxDelaySeconds);
}

GuardVerdict checkGuard(const GuardState& state, std::int64_t now, const GuardPolicy& policy) {
    if (state.lockedUntil > now) return {false, true, state.lockedUntil - now};
    if (state.lockedUntil != 0) return {};  // the lock has run out: a fresh start
    const std::int64_t ready = state.lastFailureAt + delayAfter(state.failures, policy);
    if (state.failures > 0 && ready > now) return {false, false, ready - now};
    return {};
}

GuardState afterFailure(GuardState state, std::int64_t now, const GuardPolicy& policy) {
    if (state.lockedUntil != 0 && state.lockedUntil <= now) state = GuardState{};
    state.failures += 1;
    state.lastFailureAt = now;
    if (state.failures >= policy.lockAfter) state.lockedUntil = now + policy.lockSeconds;
    return state;
}

void AutosaveTimer::edited(double now) {
    if (!m_firstDirty) m_firstDirty = now;
    m_lastEdit = now;
}

std::optional<double> AutosaveTimer::deadline() const {
    if (!m_firstDirty) return std::nullopt;
    return std::min(*m_lastEdit + m_quiet, *m_firstDirty + m_maxDelay);
}

bool AutosaveTimer::due(double now) const {
    const auto when = deadline();
    return when && now >= *when;
}

}  // namespace osm::kiosk

// Logging in: the start screen (staff number), the PIN screen, and first use (the one-time code
// from HR and a new PIN). Deriving keys and opening the person's records run as jobs; wrong
// PINs and codes count towards the same throttling and lockout (session_rules.h).
#pragma once

#include "kiosk_context.h"

#include <functional>

namespace osm::kiosk {

class LoginFlow {
public:
    // `loggedIn` receives the opened session on the main thread.
    LoginFlow(KioskContext& context, std::function<void(Session)> loggedIn);

    StartState& start() { return m_start; }
    PinState& pin() { return m_pin; }
    FirstUseState& firstUse() { return m_firstUse; }
    const StartState& start() const { return m_start; }
    const PinState& pin() const { return m_pin; }
    const FirstUseState& firstUse() const { return m_firstUse; }

    void submitStaffNumber();
    void submitPin();
    void submitFirstUse();
    // Wipes what was typed and clears all three screens (the caller picks the screen).
    void clear();
    // The PIN screen's wait after a wrong PIN is over: its message goes.
    void tick();
    // The PIN screen counts down a wait or lockout (the loop wakes every second).
    bool countingDown() const;

    struct LoginResult;

private:
    // After the staff number was looked up: the PIN screen, or first use, or why neither.
    void showPersonScreen(const Result<std::optional<RosterEntry>>& entry, const Result<GuardState>& guard);
    void finish(LoginResult result, bool firstUse);

    KioskContext& m_context;
    std::function<void(Session)> m_loggedIn;
    StartState m_start;
    PinState m_pin;
    FirstUseState m_firstUse;
};

}  // namespace osm::kiosk

// Which screen the kiosk shows, and the state of the screens before a session: the views read
// these structs and type into their text fields; the app's actions do the rest.
#pragma once

#include <cstdint>
#include <string>

namespace osm::kiosk {

enum class Screen {
    Start,
    Pin,
    FirstUse,
    Home,
    DevelopmentForm,
    GroupForm,
    Review,
    Conflict,
    Enrol,
    TeamRecord,
    SummaryForm,
    MyData
};
// The screen's name in the UI probe and the tests ("start", "pin", …).
const char* screenName(Screen screen);

struct StartState {
    std::string staffNumber;
    std::string errorKey;
    std::string noticeKey;  // e.g. "logout.idle" after an automatic logout
    bool checking = false;
};

struct PinState {
    std::string staffNumber;
    std::string name;
    std::string pin;
    std::string errorKey;
    std::int64_t retryAt = 0;      // unix seconds; attempts before this are refused
    std::int64_t lockedUntil = 0;  // unix seconds; 0 when not locked
    bool checking = false;
    int failures = 0;  // wrong PINs or codes in a row (the guard's count), for the tries left
};

struct FirstUseState {
    std::string staffNumber;
    std::string name;
    std::string code;
    std::string newPin;
    std::string confirmPin;
    std::string errorKey;
    bool checking = false;
    int keypadField = 0;        // which field the on-screen keypad types into (0: the code)
    bool focusPending = false;  // the keypad moved on: the next frame focuses its field
};

// Enrolling the terminal with the sync server (whoever installs it: server address and the
// one-time code from HR).
struct EnrolState {
    std::string serverUrl = "https://";
    std::string code;
    std::string errorKey;
    std::string detail;  // the server's or the network's own words, for the installer
    bool busy = false;
};

}  // namespace osm::kiosk

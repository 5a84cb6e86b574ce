// The kiosk's window content as Dear ImGui draws it: the top bar (unit, person, logout,
// languages, the idle warning), the current screen (flow_views.h) and the server status line.
// The views read KioskApp state and call its actions; they hold no data of their own beyond
// what ImGui needs between frames.
#pragma once

#include "kiosk_app.h"

namespace osm::kiosk::ui {

class KioskView {
public:
    // Draws the whole window for the current screen (one frame).
    void draw(KioskApp& app);

private:
    // Which screen and session the last frame showed: on a change, text fields let go (and
    // after a logout, forget what was typed).
    Screen m_lastScreen = Screen::Start;
    bool m_wasLoggedIn = false;
};

}  // namespace osm::kiosk::ui

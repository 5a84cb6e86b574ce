// The kiosk's screens as Dear ImGui draw functions. They read KioskApp state, edit its text
// fields in place and call its actions; they hold no data of their own beyond which field an
// on-screen keypad types into.
#pragma once

#include "kiosk_app.h"

namespace osm::kiosk::ui {

// Draws the whole window for the current screen.
void drawApp(KioskApp& app);

}  // namespace osm::kiosk::ui

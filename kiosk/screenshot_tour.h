// The screenshot tour: drives the app through every screen with the demo's fictitious content
// and saves each in every language (for the manual, and to compare builds). The window is the
// shell's; the tour only needs the two things below of it.
#pragma once

#include "kiosk_app.h"

#include <functional>
#include <string>

namespace osm::kiosk {

class TourWindow {
public:
    virtual ~TourWindow() = default;
    // Lets text fields re-read the app's state (the tour sets fields from outside).
    virtual void refreshInputs() = 0;
    // Renders the app until ImGui's layout settles and saves the frame as a PNG file.
    virtual bool capture(const std::string& path) = 0;
    // Shows the on-screen keyboard under the screen whether or not a field asks for it.
    virtual void showKeyboard(bool shown) = 0;
};

// Runs the tour in the demo (logged out, on the demo store) into `dir`. Returns an exit code.
// `pinDate` moves the kiosk's calendar date: the team's group discussion is shown in the next
// year (the demo unit's group year); without it those screens are left out.
int runScreenshotTour(KioskApp& app, TourWindow& window, const std::string& dir,
                      const std::function<void(domain::Date)>& pinDate);

}  // namespace osm::kiosk

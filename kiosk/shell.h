// The window around KioskApp: GLFW + OpenGL 3 + Dear ImGui set-up, fonts and theme scaled to
// the screen, the idle-friendly event loop; it renders frames and saves them as PNG files for
// the screenshot tour (screenshot_tour.h).
#pragma once

#include "kiosk_app.h"

#include <functional>
#include <string>

namespace osm::kiosk {

struct ShellOptions {
    int width = 1280;
    int height = 800;
    bool fullscreen = false;
    std::string screenshotDir;  // non-empty: run the screenshot tour instead of the loop
    // The tour's way to move the kiosk's calendar date (to show a group year); may be empty.
    std::function<void(domain::Date)> pinTourDate;
    std::string probePath;  // non-empty: write the UI probe here every frame
    std::string title = "Osaamissilta";
    // A terminal with a touch screen and no keyboard: text fields bring up the on-screen
    // keyboard, and the pointer does not hover after a tap.
    bool touchOnly = false;
    // Benchmarks: print the time from `startedAt` to the first frame on screen and the
    // resident memory, then exit.
    bool measureStartup = false;
    double startedAt = 0;  // steady-clock seconds at the top of main()
};

// Wakes the event loop from any thread (a no-op until the window exists).
void wakeEventLoop();

// Opens the window and runs until it is closed. Returns a process exit code.
int runShell(KioskApp& app, Worker& worker, const ShellOptions& options);

}  // namespace osm::kiosk

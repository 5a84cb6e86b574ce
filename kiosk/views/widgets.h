// Touch-friendly ImGui widgets shared by the screens: big buttons, on-screen keypads, a
// multi-line text field that wraps long lines at word boundaries, and the UI probe that
// publishes where named widgets are (for the xdotool scenario test).
#pragma once

#include <imgui.h>

#include <string>

namespace osm::kiosk::ui {

// Size of a big touch target at the current scale.
float touchHeight();

bool bigButton(const char* label, float width = 0.0f, bool enabled = true);
bool primaryButton(const char* label, float width = 0.0f, bool enabled = true);

enum class KeypadKind { Digits, Code };
// Draws an on-screen keypad that types into `target`. Returns true when its OK key is pressed.
bool keypad(const char* id, std::string& target, KeypadKind kind, std::size_t maxLength);

// A multi-line text field bound to `text` that soft-wraps at the field's width. The wrap lives
// only on screen: `text` keeps the person's own line breaks and nothing else. Returns true when
// `text` changed.
bool wrappedTextInput(const char* id, std::string& text, float height, bool readOnly = false);

// Ends any text editing so fields re-read the app's state next frame (after the screen changed
// or state was set from outside). With `wipe`, also zeroes every text buffer ImGui and these
// widgets keep of their own, so nothing typed by the last person stays in memory.
void resetInputs(bool wipe);

// Coloured text helpers.
void textMuted(const char* text);
void textError(const char* text);
void textSuccess(const char* text);
void heading(const char* text);

// The UI probe: when enabled, records the screen rectangle of each named widget drawn this
// frame and writes them as JSON lines to a file after the frame.
void probeEnable(const std::string& path);
void probeItem(const char* name);                      // the last drawn item
void probeValue(const char* name, const char* value);  // a state worth waiting for (e.g. save status)
void probeFrame(const char* screenName, const char* lang);

}  // namespace osm::kiosk::ui

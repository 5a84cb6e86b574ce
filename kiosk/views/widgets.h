// Touch-friendly ImGui widgets shared by the screens: big buttons, on-screen keypads, a
// multi-line text field that wraps long lines at word boundaries, and the UI probe that
// publishes where named widgets are (for the xdotool scenario test).
#pragma once

#include <imgui.h>

#include <string>

namespace osm::kiosk::ui {

// Size of a big touch target at the current scale.
float touchHeight();

// Every interactive widget the screens draw comes from here (tests/kiosk/touch_targets_test.cpp
// checks the views call no other), so each is at least a touch target in size and reaches the
// UI probe as one.
bool bigButton(const char* label, float width = 0.0f, bool enabled = true);
bool primaryButton(const char* label, float width = 0.0f, bool enabled = true);
// A button sized by its label, at least a touch target high and wide.
bool button(const char* label, float width = 0.0f);
// A button that shows whether it is chosen, the same under the finger as not.
bool toggleButton(const char* label, bool chosen, float width);
bool checkbox(const char* label, bool* value);
// A row of a list to pick from (the form's pages, a combo's choices), a touch target high.
bool listItem(const char* label, bool selected);
// A drop-down; its choices are listItem()s. EndCombo() as ImGui's.
bool beginCombo(const char* label, const char* preview, float width);
// A one-line text field. With `keyboard`, it brings up the on-screen keyboard while edited on a
// touch-only terminal (fields with a keypad of their own do not).
bool textField(const char* id, std::string& text, ImGuiInputTextFlags flags, float width, bool keyboard);

// A page of a form or a list that scrolls: call inside its child window, before its EndChild().
// A finger dragged across it scrolls it (and the press under the finger does nothing); a new
// `page` value starts it at its top.
void touchScroll(int page = 0);
// A bar that shows a share, read-only (not a field): `fraction` of its width filled.
void shareBar(float fraction, float width, const char* text);

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
void probeTarget(const char* name = nullptr);          // the last drawn item, a touch target
void probeValue(const char* name, const char* value);  // a state worth waiting for (e.g. save status)
void probeFrame(const char* screenName, const char* lang);
// Writes the last frame's probe to `path` as well (the screenshot tour, one file a shot).
void probeSave(const std::string& path);

}  // namespace osm::kiosk::ui

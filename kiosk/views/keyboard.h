// The on-screen keyboard of a touch-only terminal: the Finnish and Swedish letters (å ä ö),
// shift, a layer of digits and punctuation, backspace, a new line, and a key that hides it. It
// shows under the screen while a text field that asks for it is being edited (the body above
// it shrinks, and the field keeps itself in view).
//
// Its keys never take the pointer from ImGui's point of view: the shell offers each press and
// release to keyboardTake() first, and what a key types reaches ImGui as characters and key
// events through the input queue, so the field being typed keeps its focus and its cursor.
//
// Main thread only.
#pragma once

#include "input_queue.h"
#include "kiosk_app.h"

namespace osm::kiosk::ui {

// On a touch-only terminal (the kiosk's --touch-only); off, the keyboard never shows.
void keyboardEnable(bool enabled);
bool keyboardEnabled();
// The screenshot tour: shown whether or not a field asks for it.
void keyboardShowAlways(bool shown);

// Once a frame, before the screen is drawn: whether the keyboard shows this frame (a field
// asked for it in the last one).
void keyboardBeginFrame();
// A text field being edited asks for the keyboard (each frame it is active).
void keyboardRequest();
bool keyboardShown();
// The keyboard's height when shown (0 when not).
float keyboardHeight();
// Draws the keyboard across the window at the cursor, its named keys in the app's language.
void drawKeyboard(const KioskApp& app);

// The shell, for a press or release at (x, y): true when it was on a key of the keyboard (then
// ImGui must not see it). A release on the key pressed puts what it types in front of `queue`.
bool keyboardTake(bool press, float x, float y, InputQueue& queue);

}  // namespace osm::kiosk::ui

// The window's input events in the order they came, handed out a frame at a time so that every
// press and every release reaches Dear ImGui in a frame of its own. Dear ImGui 1.86 samples
// button and key state once per frame, so a tap whose press and release arrive between two
// frames (real touch screens send such taps) would be merged with the next or lost. No GLFW or
// ImGui here: the shell records the window's events and feeds each frame's share to ImGui.
//
// Thread safety: main thread only (GLFW delivers events there).
#pragma once

#include <cstddef>
#include <deque>
#include <vector>

namespace osm::kiosk {

struct InputEvent {
    enum class Kind { CursorPos, MouseButton, Scroll, Key, Char };
    // The actions of MouseButton and Key events (GLFW's values).
    static constexpr int kRelease = 0;
    static constexpr int kPress = 1;
    static constexpr int kRepeat = 2;

    Kind kind = Kind::CursorPos;
    double x = 0;  // CursorPos: the position in the window; Scroll: the offsets
    double y = 0;
    int code = 0;  // MouseButton: the button; Key: the key; Char: the code point
    int scancode = 0;
    int action = kPress;
    int mods = 0;

    // A press or a release ImGui must see in a frame of its own (a key's auto-repeat is
    // neither). A key that types a character without Ctrl, Alt or Super is none: ImGui takes
    // text from the characters, so typing costs no frames; nor is a modifier key alone, which
    // goes along with the next key (GLFW's key codes: printable keys below 256, modifiers
    // 340–348; mods: Ctrl 2, Alt 4, Super 8).
    bool transition() const;
};

class InputQueue {
public:
    void push(const InputEvent& event) { m_events.push_back(event); }
    // Events to be handled before everything queued (the on-screen keyboard's keys).
    void pushFront(const std::vector<InputEvent>& events);
    bool empty() const { return m_events.empty(); }
    std::size_t size() const { return m_events.size(); }
    // The next frame's share, in order: the events before the first press or release, that
    // press or release, and (after a key press) the characters it typed. Pointer moves after a
    // release wait for the next frame, so a release is seen where it happened; a release after
    // moves waits for the next frame too, so a drag is seen with the button down.
    std::vector<InputEvent> nextFrame();

private:
    std::deque<InputEvent> m_events;
};

}  // namespace osm::kiosk

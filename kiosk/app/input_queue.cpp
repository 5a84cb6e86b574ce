// The frame's share of the queue: one transition at most, with what belongs to it.
#include "input_queue.h"

namespace osm::kiosk {

bool InputEvent::transition() const {
    if (action == kRepeat) return false;
    if (kind == Kind::MouseButton) return true;
    if (kind != Kind::Key) return false;
    constexpr int kFirstModifier = 340;
    constexpr int kLastModifier = 348;
    constexpr int kShortcutMods = 2 | 4 | 8;
    if (code < 0 || (code >= kFirstModifier && code <= kLastModifier)) return false;
    return code >= 256 || (mods & kShortcutMods) != 0;
}

void InputQueue::pushFront(const std::vector<InputEvent>& events) {
    m_events.insert(m_events.begin(), events.begin(), events.end());
}

std::vector<InputEvent> InputQueue::nextFrame() {
    std::vector<InputEvent> frame;
    bool moved = false;
    while (!m_events.empty()) {
        const InputEvent event = m_events.front();
        // A drag's moves are seen with the button still down, its release in the next frame.
        if (moved && event.kind == InputEvent::Kind::MouseButton && event.action == InputEvent::kRelease) break;
        moved = moved || event.kind == InputEvent::Kind::CursorPos;
        m_events.pop_front();
        frame.push_back(event);
        if (!event.transition()) continue;
        // A key press brings the characters it typed (GLFW sends them right after it).
        if (event.kind == InputEvent::Kind::Key && event.action == InputEvent::kPress) {
            while (!m_events.empty() && m_events.front().kind == InputEvent::Kind::Char) {
                frame.push_back(m_events.front());
                m_events.pop_front();
            }
        }
        break;
    }
    return frame;
}

}  // namespace osm::kiosk

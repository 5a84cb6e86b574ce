// Queued input. Dear ImGui 1.86's GLFW backend reads button state once per frame and keys as
// they come, so the backend's own callbacks are not installed: ours queue, and the feed replays
// each frame's share through the backend's key, character and scroll handlers and sets the
// pointer itself.
#include "window_input.h"

#include "input_queue.h"
#include "views/keyboard.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <imgui.h>

#include <cfloat>

namespace osm::kiosk {
namespace {

using Kind = InputEvent::Kind;

struct Pointer {
    float x = -FLT_MAX;
    float y = -FLT_MAX;
    bool down[ImGuiMouseButton_COUNT] = {};
    // Touch-only: the finger went up (ImGui sees no pointer) and when. A tap on the same spot
    // brings no move event, so a press puts the pointer back where it was.
    bool lifted = false;
    bool liftNextFrame = false;
};

InputQueue g_queue;
Pointer g_pointer;
bool g_inputSeen = false;
bool g_touchOnly = false;

void queue(const InputEvent& event) {
    g_queue.push(event);
    g_inputSeen = true;
}

void onCursor(GLFWwindow*, double x, double y) { queue({Kind::CursorPos, x, y}); }
void onMouseButton(GLFWwindow*, int button, int action, int mods) {
    queue({Kind::MouseButton, 0, 0, button, 0, action, mods});
}
void onScroll(GLFWwindow*, double x, double y) { queue({Kind::Scroll, x, y}); }
void onKey(GLFWwindow*, int key, int scancode, int action, int mods) {
    queue({Kind::Key, 0, 0, key, scancode, action, mods});
}
void onChar(GLFWwindow*, unsigned int c) { queue({Kind::Char, 0, 0, static_cast<int>(c)}); }
void onCursorEnter(GLFWwindow* window, int entered) {
    ImGui_ImplGlfw_CursorEnterCallback(window, entered);
    if (!entered) queue({Kind::CursorPos, -FLT_MAX, -FLT_MAX});
}
void onFocus(GLFWwindow* window, int focused) {
    ImGui_ImplGlfw_WindowFocusCallback(window, focused);
    g_inputSeen = true;
}
void onResize(GLFWwindow*, int, int) { g_inputSeen = true; }

void feedButton(const InputEvent& event) {
    if (ui::keyboardTake(event.action == InputEvent::kPress, g_pointer.x, g_pointer.y, g_queue)) return;
    if (event.code < 0 || event.code >= ImGuiMouseButton_COUNT) return;
    g_pointer.down[event.code] = event.action == InputEvent::kPress;
    if (event.action == InputEvent::kPress) g_pointer.lifted = false;
    // A finger that lifts leaves nothing under it: the pointer goes away in the next frame.
    if (g_touchOnly && event.action == InputEvent::kRelease) g_pointer.liftNextFrame = true;
}

}  // namespace

void installWindowInput(GLFWwindow* window, bool touchOnly) {
    g_touchOnly = touchOnly;
    glfwSetCursorPosCallback(window, onCursor);
    glfwSetMouseButtonCallback(window, onMouseButton);
    glfwSetScrollCallback(window, onScroll);
    glfwSetKeyCallback(window, onKey);
    glfwSetCharCallback(window, onChar);
    glfwSetCursorEnterCallback(window, onCursorEnter);
    glfwSetWindowFocusCallback(window, onFocus);
    glfwSetFramebufferSizeCallback(window, onResize);
}

void feedWindowInput(GLFWwindow* window) {
    if (g_pointer.liftNextFrame) {
        g_pointer.lifted = true;
        g_pointer.liftNextFrame = false;
    }
    for (const InputEvent& event : g_queue.nextFrame()) {
        switch (event.kind) {
        case Kind::CursorPos:
            g_pointer.x = static_cast<float>(event.x);
            g_pointer.y = static_cast<float>(event.y);
            g_pointer.lifted = false;
            break;
        case Kind::MouseButton: feedButton(event); break;
        case Kind::Scroll: ImGui_ImplGlfw_ScrollCallback(window, event.x, event.y); break;
        case Kind::Key: ImGui_ImplGlfw_KeyCallback(window, event.code, event.scancode, event.action, event.mods); break;
        case Kind::Char: ImGui_ImplGlfw_CharCallback(window, static_cast<unsigned int>(event.code)); break;
        }
    }
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < ImGuiMouseButton_COUNT; ++i) io.MouseDown[i] = g_pointer.down[i];
    io.MousePos = g_pointer.lifted ? ImVec2(-FLT_MAX, -FLT_MAX) : ImVec2(g_pointer.x, g_pointer.y);
}

bool takeInputSeen() {
    const bool seen = g_inputSeen;
    g_inputSeen = false;
    return seen;
}

bool inputPending() { return !g_queue.empty(); }

}  // namespace osm::kiosk

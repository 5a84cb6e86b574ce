// The window's input on its way to Dear ImGui: GLFW callbacks that queue every pointer, key and
// character event (input_queue.h), and a per-frame feed that gives ImGui at most one press or
// release a frame. Taps on the on-screen keyboard are taken before ImGui sees them
// (views/keyboard.h). On a touch-only terminal the pointer is lifted after each release, so
// nothing stays "hovered" under a finger that has gone.
//
// Main thread only; one window.
#pragma once

struct GLFWwindow;

namespace osm::kiosk {

// Installs the callbacks (call after ImGui's GLFW backend was set up without its own).
void installWindowInput(GLFWwindow* window, bool touchOnly);
// Between ImGui_ImplGlfw_NewFrame() and ImGui::NewFrame(): this frame's share of the queue.
void feedWindowInput(GLFWwindow* window);
// Whether anything was queued since the last call (activity: postpones the idle logout).
bool takeInputSeen();
// Whether events still wait for later frames (the loop must not sleep).
bool inputPending();

}  // namespace osm::kiosk

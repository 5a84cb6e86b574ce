// The on-screen keyboard. Rows are laid out in units of one letter key; the keys' rectangles
// of the last frame are what keyboardTake() hits. A letter typed with shift on turns shift off
// again, as on a phone.
#include "keyboard.h"

#include "widgets.h"

#include <GLFW/glfw3.h>  // the key codes ImGui's GLFW backend expects (backspace)
#include <imgui.h>
#include <imgui_internal.h>  // ClearActiveID: the hide key lets the field go

#include <string>
#include <vector>

namespace osm::kiosk::ui {
namespace {

enum class Action { Text, Shift, Layer, Backspace, Enter, Space, Hide };

struct Key {
    const char* lower;
    const char* upper;
    float units = 1.0f;
    Action action = Action::Text;
    const char* name = nullptr;  // the probe's and the translation's name of a named key
};

using Row = std::vector<Key>;

Key text(const char* lower, const char* upper) { return {lower, upper}; }
Key same(const char* both) { return {both, both}; }
Key named(Action action, const char* name, float units) { return {"", "", units, action, name}; }

const std::vector<Row>& letterRows() {
    static const std::vector<Row> rows = {
        {same("1"), same("2"), same("3"), same("4"), same("5"), same("6"), same("7"), same("8"), same("9"), same("0"),
         named(Action::Backspace, "backspace", 2)},
        {text("q", "Q"), text("w", "W"), text("e", "E"), text("r", "R"), text("t", "T"), text("y", "Y"), text("u", "U"),
         text("i", "I"), text("o", "O"), text("p", "P"), text("å", "Å")},
        {text("a", "A"), text("s", "S"), text("d", "D"), text("f", "F"), text("g", "G"), text("h", "H"), text("j", "J"),
         text("k", "K"), text("l", "L"), text("ö", "Ö"), text("ä", "Ä")},
        {named(Action::Shift, "shift", 1.5f), text("z", "Z"), text("x", "X"), text("c", "C"), text("v", "V"),
         text("b", "B"), text("n", "N"), text("m", "M"), text(",", ";"), text(".", ":"), text("-", "_")},
        {named(Action::Layer, "symbols", 2), named(Action::Space, "space", 6), named(Action::Enter, "enter", 2),
         named(Action::Hide, "hide", 2)},
    };
    return rows;
}

const std::vector<Row>& symbolRows() {
    static const std::vector<Row> rows = {
        letterRows()[0],
        {same("!"), same("?"), same("\""), same("'"), same("("), same(")"), same("/"), same(":"), same(";"), same("%"),
         same("&")},
        {same("@"), same("#"), same("€"), same("+"), same("="), same("*"), same("–"), same("§"), same("<"), same(">"),
         same("°")},
        {same("["), same("]"), same("{"), same("}"), same("\\"), same("|"), same("~"), same("^"), same(","), same("."),
         same("-")},
        {named(Action::Layer, "letters", 2), named(Action::Space, "space", 6), named(Action::Enter, "enter", 2),
         named(Action::Hide, "hide", 2)},
    };
    return rows;
}

struct KeyRect {
    ImVec2 min;
    ImVec2 max;
    Key key;
};

struct Keyboard {
    bool enabled = false;
    bool always = false;
    bool requested = false;
    bool shown = false;
    bool shift = false;
    bool symbols = false;
    std::vector<KeyRect> rects;  // of the last frame it was drawn
    int pressed = -1;            // index into rects of the key under the finger
};

Keyboard& keyboard() {
    static Keyboard instance;
    return instance;
}

// The code points of a UTF-8 string (the keys hold well-formed text).
std::vector<int> codePoints(const std::string& utf8) {
    std::vector<int> points;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto byte = static_cast<unsigned char>(utf8[i]);
        const int length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
        int point = length == 1 ? byte : byte & (0x7F >> length);
        for (int k = 1; k < length && i + static_cast<std::size_t>(k) < utf8.size(); ++k)
            point = (point << 6) | (static_cast<unsigned char>(utf8[i + static_cast<std::size_t>(k)]) & 0x3F);
        points.push_back(point);
        i += static_cast<std::size_t>(length);
    }
    return points;
}

InputEvent charEvent(int point) { return {InputEvent::Kind::Char, 0, 0, point}; }
InputEvent keyEvent(int key, int action) { return {InputEvent::Kind::Key, 0, 0, key, 0, action}; }

// What a key does when the finger lifts from it.
std::vector<InputEvent> typeKey(const Key& key) {
    Keyboard& k = keyboard();
    std::vector<InputEvent> events;
    switch (key.action) {
    case Action::Text:
        for (int point : codePoints(k.shift ? key.upper : key.lower)) events.push_back(charEvent(point));
        k.shift = false;
        break;
    case Action::Space: events.push_back(charEvent(' ')); break;
    case Action::Enter: events.push_back(charEvent('\n')); break;  // a new line in a multi-line field
    case Action::Backspace:
        events = {keyEvent(GLFW_KEY_BACKSPACE, InputEvent::kPress), keyEvent(GLFW_KEY_BACKSPACE, InputEvent::kRelease)};
        break;
    case Action::Shift: k.shift = !k.shift; break;
    case Action::Layer: k.symbols = !k.symbols; break;
    case Action::Hide: ImGui::ClearActiveID(); break;  // the field lets go, and so the keyboard goes
    }
    return events;
}

std::string probeName(const Key& key) {
    if (key.name != nullptr) return std::string("osk.") + key.name;
    const std::string lower = key.lower;
    if (lower == "\"" || lower == "\\") return "osk.u" + std::to_string(static_cast<int>(lower[0]));
    return "osk." + lower;
}

void drawKey(const KioskApp& app, const Key& key, float width, float height, bool pressed) {
    Keyboard& k = keyboard();
    const bool lit = pressed || (key.action == Action::Shift && k.shift);
    if (lit) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyle().Colors[ImGuiCol_ButtonActive]);
    const std::string label =
        key.name != nullptr ? app.tr(std::string("keyboard.") + key.name) : (k.shift ? key.upper : key.lower);
    ImGui::Button((label + "##" + probeName(key)).c_str(), ImVec2(width, height));
    if (lit) ImGui::PopStyleColor();
    probeTarget(probeName(key).c_str());
    k.rects.push_back({ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), key});
}

}  // namespace

void keyboardEnable(bool enabled) { keyboard().enabled = enabled; }
bool keyboardEnabled() { return keyboard().enabled; }
void keyboardShowAlways(bool shown) { keyboard().always = shown; }

void keyboardBeginFrame() {
    Keyboard& k = keyboard();
    k.shown = k.always || (k.enabled && k.requested);
    k.requested = false;
    if (!k.shown) {
        k.rects.clear();
        k.pressed = -1;
    }
}

void keyboardRequest() { keyboard().requested = true; }
bool keyboardShown() { return keyboard().shown; }

float keyboardHeight() {
    if (!keyboard().shown) return 0;
    const ImGuiStyle& style = ImGui::GetStyle();
    const auto rows = static_cast<float>(letterRows().size());
    return rows * touchHeight() + (rows - 1) * style.ItemSpacing.y + style.WindowPadding.y * 2;
}

void drawKeyboard(const KioskApp& app) {
    Keyboard& k = keyboard();
    if (!k.shown) return;
    const int pressed = k.pressed;
    const std::vector<KeyRect> before = k.rects;
    k.rects.clear();
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.86f, 0.88f, 0.91f, 1.0f));
    ImGui::BeginChild("keyboard", ImVec2(0, keyboardHeight()), false, ImGuiWindowFlags_NoScrollbar);
    ImGui::SetCursorPos(style.WindowPadding);
    const float width = ImGui::GetContentRegionAvail().x - style.WindowPadding.x;
    const float unit = (width - style.ItemSpacing.x * 11) / 12;
    for (const Row& row : k.symbols ? symbolRows() : letterRows()) {
        float rowWidth = -style.ItemSpacing.x;
        for (const Key& key : row)
            rowWidth += key.units * unit + (key.units - 1) * style.ItemSpacing.x + style.ItemSpacing.x;
        ImGui::SetCursorPosX(style.WindowPadding.x + (width - rowWidth) / 2);
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0) ImGui::SameLine();
            const Key& key = row[i];
            const bool isPressed = pressed >= 0 && static_cast<std::size_t>(pressed) < before.size() &&
                                   probeName(before[static_cast<std::size_t>(pressed)].key) == probeName(key);
            drawKey(app, key, key.units * unit + (key.units - 1) * style.ItemSpacing.x, touchHeight(), isPressed);
        }
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
    // The same key keeps being the one pressed, whatever the layout drew this time.
    if (pressed >= 0 && static_cast<std::size_t>(pressed) < before.size()) {
        k.pressed = -1;
        for (std::size_t i = 0; i < k.rects.size(); ++i) {
            if (probeName(k.rects[i].key) == probeName(before[static_cast<std::size_t>(pressed)].key))
                k.pressed = static_cast<int>(i);
        }
    }
}

bool keyboardTake(bool press, float x, float y, InputQueue& queue) {
    Keyboard& k = keyboard();
    int hit = -1;
    for (std::size_t i = 0; i < k.rects.size(); ++i) {
        const KeyRect& r = k.rects[i];
        if (x >= r.min.x && x < r.max.x && y >= r.min.y && y < r.max.y) hit = static_cast<int>(i);
    }
    if (press) {
        if (hit < 0) return false;
        k.pressed = hit;
        return true;
    }
    if (k.pressed < 0) return false;  // a release of a press ImGui saw
    if (hit == k.pressed) queue.pushFront(typeKey(k.rects[static_cast<std::size_t>(hit)].key));
    k.pressed = -1;
    return true;
}

}  // namespace osm::kiosk::ui

// Widgets. The wrapping text field keeps a display buffer in which some spaces are shown as
// line breaks ("soft breaks"); the buffer and the text always have the same length, so the
// cursor never moves when the wrap changes.
#include "widgets.h"

#include "keyboard.h"

#include <imgui_internal.h>  // GetActiveID, the current window: fields and scrolling need them
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <vector>

namespace osm::kiosk::ui {

float touchHeight() { return ImGui::GetFontSize() * 2.2f; }

bool bigButton(const char* label, float width, bool enabled) {
    if (!enabled) ImGui::BeginDisabled();
    const bool pressed = ImGui::Button(label, ImVec2(width, touchHeight()));
    if (!enabled) ImGui::EndDisabled();
    probeTarget();
    return pressed && enabled;
}

bool button(const char* label, float width) {
    const float labelWidth = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    const bool pressed = ImGui::Button(label, ImVec2(std::max({width, labelWidth, touchHeight()}), touchHeight()));
    probeTarget();
    return pressed;
}

bool toggleButton(const char* label, bool chosen, float width) {
    if (chosen) {
        const ImVec4 gold(0.95f, 0.75f, 0.20f, 1.0f);
        ImGui::PushStyleColor(ImGuiCol_Button, gold);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, gold);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.85f, 0.62f, 0.10f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.45f, 0.30f, 0.0f, 1.0f));
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 3.0f);
    }
    const bool pressed = button(label, width);
    if (chosen) {
        ImGui::PopStyleVar();
        ImGui::PopStyleColor(4);
    }
    return pressed;
}

bool checkbox(const char* label, bool* value) {
    const bool changed = ImGui::Checkbox(label, value);
    probeTarget();
    return changed;
}

bool listItem(const char* label, bool selected) {
    const bool pressed = ImGui::Selectable(label, selected, 0, ImVec2(0, touchHeight()));
    probeTarget();
    return pressed;
}

bool beginCombo(const char* label, const char* preview, float width) {
    ImGui::SetNextItemWidth(width);
    const bool open = ImGui::BeginCombo(label, preview, ImGuiComboFlags_HeightLargest);
    if (!open) probeTarget();  // (when open, the last item is the popup's; the combo was measured closed)
    return open;
}

namespace {

// The item just drawn, scrolled into its window's view (above the on-screen keyboard, which
// the window ends at).
void keepInView() {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const float top = window->InnerRect.Min.y;
    const float bottom = window->InnerRect.Max.y;
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    if (max.y > bottom && max.y - min.y <= bottom - top)
        ImGui::SetScrollY(window->Scroll.y + (max.y - bottom));
    else if (min.y < top)
        ImGui::SetScrollY(window->Scroll.y - (top - min.y));
}

// After a text field: while it is edited it asks for the keyboard and stays in view above it.
void fieldWantsKeyboard(bool keyboard) {
    if (!keyboard || !ImGui::IsItemActive()) return;
    keyboardRequest();
    if (keyboardShown()) keepInView();
}

}  // namespace

bool textField(const char* id, std::string& text, ImGuiInputTextFlags flags, float width, bool keyboard) {
    ImGui::SetNextItemWidth(width);
    const bool result = ImGui::InputText(id, &text, flags);
    probeTarget();
    fieldWantsKeyboard(keyboard);
    return result;
}

void touchScroll(int page) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    static std::map<ImGuiID, int> pages;
    auto [shown, first] = pages.try_emplace(window->ID, page);
    if (!first && shown->second != page) {
        shown->second = page;
        ImGui::SetScrollY(0);
    }
    // The window that scrolls with the finger: the innermost under the press that can scroll
    // (children reach their EndChild before their parents do).
    static ImGuiID dragging = 0;
    const ImGuiIO& io = ImGui::GetIO();
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        dragging = 0;
        return;
    }
    if (dragging == 0) {
        const ImVec2 start = io.MouseClickedPos[0];
        const ImRect inner(window->InnerRect.Min, ImVec2(window->InnerRect.Max.x, window->InnerRect.Max.y));
        if (!ImGui::IsMouseDragging(ImGuiMouseButton_Left) || !inner.Contains(start) || window->ScrollMax.y <= 0)
            return;
        dragging = window->ID;
        ImGui::ClearActiveID();  // a swipe: the button or field under the press is not pressed
        ImGui::SetScrollY(window->Scroll.y - ImGui::GetMouseDragDelta(ImGuiMouseButton_Left).y);
        return;
    }
    if (dragging == window->ID) ImGui::SetScrollY(window->Scroll.y - io.MouseDelta.y);
}

void shareBar(float fraction, float width, const char* text) {
    const float line = ImGui::GetTextLineHeight();
    const float thickness = std::round(line * 0.4f);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float y = std::round(at.y + (line - thickness) / 2);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(ImVec2(at.x, y), ImVec2(at.x + width, y + thickness), IM_COL32(214, 220, 228, 255),
                        thickness / 2);
    const float filled = width * std::clamp(fraction, 0.0f, 1.0f);
    if (filled > 0)
        draw->AddRectFilled(ImVec2(at.x, y), ImVec2(at.x + filled, y + thickness), IM_COL32(13, 97, 158, 255),
                            thickness / 2);
    ImGui::Dummy(ImVec2(width, line));
    ImGui::SameLine();
    ImGui::TextUnformatted(text);
}

bool primaryButton(const char* label, float width, bool enabled) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.05f, 0.38f, 0.62f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.10f, 0.46f, 0.72f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.03f, 0.30f, 0.50f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    const bool pressed = bigButton(label, width, enabled);
    ImGui::PopStyleColor(4);
    return pressed;
}

bool keypad(const char* id, std::string& target, KeypadKind kind, std::size_t maxLength) {
    static const char* kDigits[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "<", "0", "OK"};
    static const char* kCode[] = {"A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M",
                                  "N", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
                                  "2", "3", "4", "5", "6", "7", "8", "9", "-", "<", "OK"};
    const char* const* keys = kind == KeypadKind::Digits ? kDigits : kCode;
    const int count = kind == KeypadKind::Digits ? 12 : 35;
    const int columns = kind == KeypadKind::Digits ? 3 : 7;
    const float key = kind == KeypadKind::Digits ? touchHeight() * 1.35f : touchHeight() * 1.05f;
    bool ok = false;
    ImGui::PushID(id);
    for (int i = 0; i < count; ++i) {
        if (i % columns != 0) ImGui::SameLine();
        const std::string label = keys[i];
        const bool isOk = label == "OK";
        const bool pressed = isOk ? primaryButton(label.c_str(), key)
                                  : ImGui::Button(label.c_str(), ImVec2(key, std::max(key * 0.8f, touchHeight())));
        if (!isOk) probeTarget((std::string(id) + "." + (label == "<" ? std::string("back") : label)).c_str());
        if (isOk) probeItem((std::string(id) + ".ok").c_str());
        if (!pressed) continue;
        if (isOk)
            ok = true;
        else if (label == "<") {
            if (!target.empty()) target.pop_back();
        } else if (target.size() < maxLength)
            target += label;
    }
    ImGui::PopID();
    return ok;
}

namespace {

struct WrapState {
    std::string buffer;          // what the InputText edits: text with soft breaks
    std::set<std::size_t> soft;  // positions in buffer where '\n' stands for ' '
    float width = 0;
};

std::map<ImGuiID, WrapState>& wrapStates() {
    static std::map<ImGuiID, WrapState> states;
    return states;
}

// The person's text: soft breaks back to spaces.
std::string unwrap(const std::string& buffer, const std::set<std::size_t>& soft) {
    std::string text = buffer;
    for (std::size_t position : soft) {
        if (position < text.size() && text[position] == '\n') text[position] = ' ';
    }
    return text;
}

// Chooses soft breaks for `text` so no line is wider than `width`, breaking at spaces only.
void wrapInto(const std::string& text, float width, WrapState& state) {
    state.buffer = text;
    state.soft.clear();
    state.width = width;
    if (width <= 0) return;
    std::size_t lineStart = 0;
    std::size_t lastSpace = std::string::npos;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '\n') {
            lineStart = i + 1;
            lastSpace = std::string::npos;
            continue;
        }
        const float lineWidth = ImGui::CalcTextSize(text.data() + lineStart, text.data() + i + 1).x;
        if (lineWidth > width && lastSpace != std::string::npos) {
            state.buffer[lastSpace] = '\n';
            state.soft.insert(lastSpace);
            lineStart = lastSpace + 1;
            lastSpace = std::string::npos;
            // re-measure from the new line start on the next character
        }
        if (text[i] == ' ') lastSpace = i;
    }
}

struct EditContext {
    WrapState* state;
    std::string previous;
};

int onEdit(ImGuiInputTextCallbackData* data) {
    auto* context = static_cast<EditContext*>(data->UserData);
    WrapState& state = *context->state;
    const std::string now(data->Buf, static_cast<std::size_t>(data->BufTextLen));
    const std::string& before = context->previous;
    // Soft breaks outside the edited span survive, shifted by the length change.
    std::size_t prefix = 0;
    while (prefix < before.size() && prefix < now.size() && before[prefix] == now[prefix]) ++prefix;
    std::size_t suffix = 0;
    while (suffix < before.size() - prefix && suffix < now.size() - prefix &&
           before[before.size() - 1 - suffix] == now[now.size() - 1 - suffix]) {
        ++suffix;
    }
    const long delta = static_cast<long>(now.size()) - static_cast<long>(before.size());
    std::set<std::size_t> kept;
    for (std::size_t position : state.soft) {
        if (position < prefix)
            kept.insert(position);
        else if (position >= before.size() - suffix)
            kept.insert(static_cast<std::size_t>(static_cast<long>(position) + delta));
    }
    const std::string text = unwrap(now, kept);
    WrapState rewrapped;
    wrapInto(text, state.width, rewrapped);
    state.soft = rewrapped.soft;
    for (std::size_t i = 0; i < text.size(); ++i) data->Buf[i] = rewrapped.buffer[i];
    data->BufDirty = true;
    context->previous = rewrapped.buffer;
    return 0;
}

}  // namespace

bool wrappedTextInput(const char* id, std::string& text, float height, bool readOnly) {
    const ImGuiID key = ImGui::GetID(id);
    WrapState& state = wrapStates()[key];
    const float fieldWidth = ImGui::GetContentRegionAvail().x;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float wrapWidth = fieldWidth - style.FramePadding.x * 2 - style.ScrollbarSize - ImGui::GetFontSize() * 0.5f;
    const bool active = ImGui::GetActiveID() == key;
    if (!active && (unwrap(state.buffer, state.soft) != text || state.width != wrapWidth))
        wrapInto(text, wrapWidth, state);
    state.width = wrapWidth;

    EditContext context{&state, state.buffer};
    ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackEdit;
    if (readOnly) flags |= ImGuiInputTextFlags_ReadOnly;
    ImGui::InputTextMultiline(id, &state.buffer, ImVec2(fieldWidth, height), flags, onEdit, &context);
    probeTarget();
    fieldWantsKeyboard(!readOnly);
    const std::string updated = unwrap(state.buffer, state.soft);
    if (updated == text) return false;
    text = updated;
    return true;
}

namespace {

template <typename T>
void zero(ImVector<T>& vector) {
    if (vector.Data != nullptr) std::fill(vector.Data, vector.Data + vector.Capacity, T{});
}

}  // namespace

void resetInputs(bool wipe) {
    ImGui::ClearActiveID();
    if (!wipe) return;
    ImGuiInputTextState& state = ImGui::GetCurrentContext()->InputTextState;
    zero(state.TextW);
    zero(state.TextA);
    zero(state.InitialTextA);
    state.ClearText();
    for (auto& [id, wrap] : wrapStates()) std::fill(wrap.buffer.begin(), wrap.buffer.end(), '\0');
    wrapStates().clear();
}

void textMuted(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

void textError(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.72f, 0.10f, 0.10f, 1.0f));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

void textSuccess(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.10f, 0.50f, 0.20f, 1.0f));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

void heading(const char* text) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.Fonts->Fonts.Size > 1) ImGui::PushFont(io.Fonts->Fonts[1]);
    ImGui::TextWrapped("%s", text);
    if (io.Fonts->Fonts.Size > 1) ImGui::PopFont();
}

namespace {

struct Probe {
    bool enabled = false;
    std::string path;
    std::vector<std::string> items;
    std::string lastWritten;
    int targets = 0;  // unnamed targets this frame
};

Probe& probe() {
    static Probe instance;
    return instance;
}

}  // namespace

void probeEnable(const std::string& path) {
    probe().enabled = true;
    probe().path = path;
}

void probeItem(const char* name) {
    if (!probe().enabled) return;
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    char line[256];
    std::snprintf(line, sizeof line, "{\"name\":\"%s\",\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d}", name,
                  static_cast<int>(min.x), static_cast<int>(min.y), static_cast<int>(max.x - min.x),
                  static_cast<int>(max.y - min.y));
    probe().items.emplace_back(line);
}

void probeTarget(const char* name) {
    if (!probe().enabled) return;
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const std::string named = name != nullptr ? std::string(name) : "target" + std::to_string(probe().targets);
    ++probe().targets;
    char line[256];
    std::snprintf(line, sizeof line, "{\"name\":\"%s\",\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"target\":true}",
                  named.c_str(), static_cast<int>(min.x), static_cast<int>(min.y), static_cast<int>(max.x - min.x),
                  static_cast<int>(max.y - min.y));
    probe().items.emplace_back(line);
}

void probeValue(const char* name, const char* value) {
    if (!probe().enabled) return;
    probe().items.push_back(std::string("{\"value\":\"") + name + "\",\"is\":\"" + value + "\"}");
}

void probeFrame(const char* screenName, const char* lang) {
    Probe& p = probe();
    if (!p.enabled) return;
    std::string content = std::string("{\"screen\":\"") + screenName + "\",\"lang\":\"" + lang + "\"}\n";
    for (const std::string& item : p.items) content += item + "\n";
    p.items.clear();
    p.targets = 0;
    if (content == p.lastWritten) return;
    // Write whole and rename, so a reader never sees half a frame.
    const std::string temporary = p.path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << content;
    }
    std::rename(temporary.c_str(), p.path.c_str());
    p.lastWritten = content;
}

void probeSave(const std::string& path) {
    if (!probe().enabled) return;
    std::ofstream out(path, std::ios::trunc);
    out << probe().lastWritten;
}

}  // namespace osm::kiosk::ui

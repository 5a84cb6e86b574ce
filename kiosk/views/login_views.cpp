// The login screens: staff number, PIN, and first use (one-time code and a new PIN). Each types
// into its screen state and calls the matching action; the keypad's field lives in the state.
#include "flow_views.h"
#include "keyboard.h"
#include "view_parts.h"
#include "widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace osm::kiosk::ui {
namespace {

void drawLoginError(KioskApp& app, const std::string& errorKey, std::int64_t retryAt, std::int64_t lockedUntil) {
    if (errorKey.empty()) return;
    const std::int64_t now = app.clock().unixSeconds();
    if (errorKey == "pin.error.locked") {
        textError(format(app.tr(errorKey), {formatDuration(std::max<std::int64_t>(lockedUntil - now, 0))}).c_str());
    } else if (errorKey == "pin.error.wait" || (errorKey == "pin.error.wrong" && retryAt > now)) {
        textError(app.tr(errorKey == "pin.error.wait" ? "pin.error.wrong" : errorKey).c_str());
        textError(format(app.tr("pin.error.wait"), {formatDuration(retryAt - now)}).c_str());
    } else {
        textError(app.tr(errorKey).c_str());
    }
}

// After a wrong PIN or code: how many tries are left before the waits start and before the lock.
void drawTriesLeft(KioskApp& app, int failures, std::int64_t lockedUntil) {
    const GuardPolicy& policy = app.config().guardPolicy;
    if (failures <= 0 || lockedUntil > app.clock().unixSeconds()) return;
    const int free = policy.freeAttempts - failures;
    if (free > 0) textMuted(format(app.tr("pin.free_tries_left"), {std::to_string(free)}).c_str());
    const int beforeLock = std::max(policy.lockAfter - failures, 0);
    const std::string text =
        format(app.tr("pin.tries_left"), {std::to_string(beforeLock), std::to_string(policy.lockSeconds / 60)});
    probeValue("tries_left", std::to_string(beforeLock).c_str());
    if (beforeLock <= 3)
        textError(text.c_str());
    else
        textMuted(text.c_str());
}

// Whether the login field should take the physical keyboard's focus now. Not on a touch-only
// terminal: there the keypads type, and ImGui applies a focus request a frame later, when it
// would take the press of the next tap away from the keypad's key.
bool wantsKeyboardFocus() {
    if (keyboardEnabled()) return false;
    return ImGui::IsWindowAppearing() || (!ImGui::IsAnyItemActive() && !ImGui::IsMouseDown(0));
}

// The messages under a login field, in a space of fixed height, so that a message coming or
// going (or a wait counting down) never moves the keypad under the finger.
template <typename Draw>
void messageArea(float lines, Draw draw) {
    const float height = ImGui::GetTextLineHeightWithSpacing() * lines;
    const float top = ImGui::GetCursorPosY();
    ImGui::BeginGroup();
    draw();
    ImGui::EndGroup();
    const float used = ImGui::GetCursorPosY() - top;
    if (used < height) ImGui::Dummy(ImVec2(0, height - used - ImGui::GetStyle().ItemSpacing.y));
    probeValue("message_area", std::to_string(static_cast<int>(std::max(used, height))).c_str());
}

}  // namespace

void drawStart(KioskApp& app) {
    StartState& s = app.start();
    const float column = std::min(ImGui::GetContentRegionAvail().x, touchHeight() * 9.0f);
    ImGui::Dummy(ImVec2(0, touchHeight() * 0.3f));
    centredColumn(column);
    ImGui::BeginGroup();
    heading(app.tr("start.title").c_str());
    ImGui::TextWrapped("%s", app.tr("start.prompt").c_str());
    // A notice changing (the logout's save done) must not move the field and keypad either.
    messageArea(2.0f, [&] {
        if (s.noticeKey == "logout.notSaved")
            textError(app.tr(s.noticeKey).c_str());
        else if (!s.noticeKey.empty())
            textSuccess(app.tr(s.noticeKey).c_str());
    });
    if (wantsKeyboardFocus()) ImGui::SetKeyboardFocusHere();
    const bool entered =
        textField("##staff", s.staffNumber, ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue,
                  column, false);
    probeItem("staff_number");
    probeValue("staff_number", s.staffNumber.c_str());
    if (ImGui::IsItemEdited()) app.noteActivity();
    if (s.staffNumber.size() > 12) s.staffNumber.resize(12);
    messageArea(2.0f, [&] {
        if (!s.errorKey.empty()) textError(app.tr(s.errorKey).c_str());
        if (s.checking) textMuted(app.tr("common.checking").c_str());
    });
    const bool ok = keypad("start_keypad", s.staffNumber, KeypadKind::Digits, 12);
    if ((entered || ok) && !s.checking) app.submitStaffNumber();
    if (app.config().demo) {
        ImGui::Spacing();
        textMuted(app.tr("start.demo_hint").c_str());
    }
    if (!app.enrolled() && !app.config().demo) {
        ImGui::Spacing();
        textMuted(app.tr("enrol.not_enrolled").c_str());
        if (button(app.tr("enrol.open").c_str())) app.openEnrolment();
        probeItem("enrol");
    }
    ImGui::EndGroup();
}

void drawPin(KioskApp& app) {
    PinState& p = app.pin();
    const float column = std::min(ImGui::GetContentRegionAvail().x, touchHeight() * 9.0f);
    ImGui::Dummy(ImVec2(0, touchHeight() * 0.3f));
    centredColumn(column);
    ImGui::BeginGroup();
    heading(format(app.tr("pin.hello"), {p.name}).c_str());
    ImGui::TextWrapped("%s", app.tr("pin.prompt").c_str());
    const bool blocked = p.lockedUntil > app.clock().unixSeconds() || p.retryAt > app.clock().unixSeconds();
    if (wantsKeyboardFocus()) ImGui::SetKeyboardFocusHere();
    const bool entered = textField(
        "##pin", p.pin,
        ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue, column,
        false);
    probeItem("pin");
    probeValue("pin_length", std::to_string(p.pin.size()).c_str());
    probeValue("pin_error", p.errorKey.c_str());
    if (ImGui::IsItemEdited()) app.noteActivity();
    messageArea(5.0f, [&] {
        drawLoginError(app, p.errorKey, p.retryAt, p.lockedUntil);
        drawTriesLeft(app, p.failures, p.lockedUntil);
        if (p.checking) textMuted(app.tr("common.checking").c_str());
    });
    const bool ok = keypad("pin_keypad", p.pin, KeypadKind::Digits, 12);
    if ((entered || ok) && !p.checking && !blocked) app.submitPin();
    ImGui::Spacing();
    if (bigButton(app.tr("action.cancel").c_str(), column)) app.cancelLogin();
    ImGui::EndGroup();
}

namespace {

struct FirstUseField {
    const char* labelKey;
    std::string* value;
    ImGuiInputTextFlags flags;
};

// The three fields, the one the keypad types into marked. Returns the field to move on to after
// Enter in one of the first two (-1: none); `entered` after Enter in the last.
int drawFirstUseFields(KioskApp& app, FirstUseField (&fields)[3], int target, float width, bool& entered) {
    FirstUseState& f = app.firstUse();
    int advance = -1;
    for (int i = 0; i < 3; ++i) {
        if (i == target) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.03f, 0.30f, 0.50f, 1.0f));
        ImGui::TextUnformatted((std::string(i == target ? "> " : "") + app.tr(fields[i].labelKey)).c_str());
        if (i == target) ImGui::PopStyleColor();
        if (f.focusPending && i == target) {
            if (!keyboardEnabled()) ImGui::SetKeyboardFocusHere();
            f.focusPending = false;
        }
        if (textField((std::string("##first") + std::to_string(i)).c_str(), *fields[i].value,
                      fields[i].flags | ImGuiInputTextFlags_EnterReturnsTrue, width, false)) {
            entered = i == 2;
            if (i < 2) advance = i + 1;
        }
        if (ImGui::IsItemActivated()) f.keypadField = i;
        if (ImGui::IsItemEdited()) app.noteActivity();
        probeItem((std::string("first_use_field") + std::to_string(i)).c_str());
    }
    probeValue("first_use_target", std::to_string(target).c_str());
    return advance;
}

}  // namespace

// First use: the texts and fields on the left, the keypad on the right (so that all of it fits a
// 1280×800 screen). The keypad's OK moves the mark, and the keyboard's focus, on to the next field.
void drawFirstUse(KioskApp& app) {
    FirstUseState& f = app.firstUse();
    const float total = std::min(ImGui::GetContentRegionAvail().x, touchHeight() * 22.0f);
    const float left = total * 0.55f;
    centredColumn(total);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + left);
    heading(format(app.tr("first_use.title"), {f.name}).c_str());
    ImGui::TextWrapped("%s", app.tr("first_use.explain").c_str());
    const std::string policy = format(app.tr("first_use.policy"), {std::to_string(app.config().pinPolicy.minLength)});
    textMuted(policy.c_str());
    FirstUseField fields[] = {
        {"first_use.code", &f.code, ImGuiInputTextFlags_CharsUppercase},
        {"first_use.new_pin", &f.newPin, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal},
        {"first_use.confirm_pin", &f.confirmPin, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal},
    };
    const int target = std::clamp(f.keypadField, 0, 2);
    bool entered = false;
    int advance = drawFirstUseFields(app, fields, target, left, entered);
    messageArea(4.0f, [&] {
        drawLoginError(app, f.errorKey, app.pin().retryAt, app.pin().lockedUntil);
        drawTriesLeft(app, app.pin().failures, app.pin().lockedUntil);
        if (f.checking) textMuted(app.tr("common.checking").c_str());
    });
    if (bigButton(app.tr("action.cancel").c_str(), left)) app.cancelLogin();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SameLine(0, touchHeight());
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(0, touchHeight()));
    const bool ok =
        keypad("first_keypad", *fields[target].value, target == 0 ? KeypadKind::Code : KeypadKind::Digits, 12);
    ImGui::EndGroup();
    if ((entered || (ok && target == 2)) && !f.checking)
        app.submitFirstUse();
    else if (ok)
        advance = target + 1;
    if (advance >= 0) {
        f.keypadField = advance;
        f.focusPending = true;
    }
}

}  // namespace osm::kiosk::ui

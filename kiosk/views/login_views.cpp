// The login screens: staff number, PIN, and first use (one-time code and a new PIN). Each types
// into its screen state and calls the matching action; the keypad's field lives in the state.
#include "flow_views.h"
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

}  // namespace

void drawStart(KioskApp& app) {
    StartState& s = app.start();
    const float column = std::min(ImGui::GetContentRegionAvail().x, touchHeight() * 9.0f);
    ImGui::Dummy(ImVec2(0, touchHeight() * 0.3f));
    centredColumn(column);
    ImGui::BeginGroup();
    heading(app.tr("start.title").c_str());
    ImGui::TextWrapped("%s", app.tr("start.prompt").c_str());
    if (s.noticeKey == "logout.notSaved")
        textError(app.tr(s.noticeKey).c_str());
    else if (!s.noticeKey.empty())
        textSuccess(app.tr(s.noticeKey).c_str());
    ImGui::SetNextItemWidth(column);
    if (ImGui::IsWindowAppearing() || (!ImGui::IsAnyItemActive() && !ImGui::IsMouseDown(0)))
        ImGui::SetKeyboardFocusHere();
    const bool entered = ImGui::InputText("##staff", &s.staffNumber,
                                          ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
    probeItem("staff_number");
    if (ImGui::IsItemEdited()) app.noteActivity();
    if (s.staffNumber.size() > 12) s.staffNumber.resize(12);
    if (!s.errorKey.empty()) textError(app.tr(s.errorKey).c_str());
    if (s.checking) textMuted(app.tr("common.checking").c_str());
    const bool ok = keypad("start_keypad", s.staffNumber, KeypadKind::Digits, 12);
    if ((entered || ok) && !s.checking) app.submitStaffNumber();
    if (app.config().demo) {
        ImGui::Spacing();
        textMuted(app.tr("start.demo_hint").c_str());
    }
    if (!app.enrolled() && !app.config().demo) {
        ImGui::Spacing();
        textMuted(app.tr("enrol.not_enrolled").c_str());
        if (ImGui::Button(app.tr("enrol.open").c_str())) app.openEnrolment();
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
    ImGui::SetNextItemWidth(column);
    if (!ImGui::IsAnyItemActive() && !ImGui::IsMouseDown(0)) ImGui::SetKeyboardFocusHere();
    const bool entered = ImGui::InputText(
        "##pin", &p.pin,
        ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
    probeItem("pin");
    probeValue("pin_length", std::to_string(p.pin.size()).c_str());
    probeValue("pin_error", p.errorKey.c_str());
    if (ImGui::IsItemEdited()) app.noteActivity();
    drawLoginError(app, p.errorKey, p.retryAt, p.lockedUntil);
    if (p.checking) textMuted(app.tr("common.checking").c_str());
    const bool ok = keypad("pin_keypad", p.pin, KeypadKind::Digits, 12);
    if ((entered || ok) && !p.checking && !blocked) app.submitPin();
    ImGui::Spacing();
    if (bigButton(app.tr("action.cancel").c_str(), column)) app.cancelLogin();
    ImGui::EndGroup();
}

void drawFirstUse(KioskApp& app) {
    FirstUseState& f = app.firstUse();
    const float column = std::min(ImGui::GetContentRegionAvail().x, touchHeight() * 13.0f);
    centredColumn(column);
    ImGui::BeginGroup();
    heading(format(app.tr("first_use.title"), {f.name}).c_str());
    ImGui::TextWrapped("%s", app.tr("first_use.explain").c_str());
    const std::string policy = format(app.tr("first_use.policy"), {std::to_string(app.config().pinPolicy.minLength)});
    textMuted(policy.c_str());

    struct Field {
        const char* labelKey;
        std::string* value;
        ImGuiInputTextFlags flags;
    };
    Field fields[] = {
        {"first_use.code", &f.code, ImGuiInputTextFlags_CharsUppercase},
        {"first_use.new_pin", &f.newPin, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal},
        {"first_use.confirm_pin", &f.confirmPin, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal},
    };
    bool entered = false;
    for (int i = 0; i < 3; ++i) {
        ImGui::TextUnformatted(app.tr(fields[i].labelKey).c_str());
        ImGui::SetNextItemWidth(column * 0.6f);
        if (ImGui::InputText((std::string("##first") + std::to_string(i)).c_str(), fields[i].value,
                             fields[i].flags | ImGuiInputTextFlags_EnterReturnsTrue)) {
            entered = i == 2;
        }
        if (ImGui::IsItemActivated()) f.keypadField = i;
        if (ImGui::IsItemEdited()) app.noteActivity();
        probeItem((std::string("first_use_field") + std::to_string(i)).c_str());
    }
    drawLoginError(app, f.errorKey, app.pin().retryAt, app.pin().lockedUntil);
    if (f.checking) textMuted(app.tr("common.checking").c_str());
    const int target = std::clamp(f.keypadField, 0, 2);
    const bool ok =
        keypad("first_keypad", *fields[target].value, target == 0 ? KeypadKind::Code : KeypadKind::Digits, 12);
    if ((entered || (ok && target == 2)) && !f.checking)
        app.submitFirstUse();
    else if (ok)
        f.keypadField = target + 1;
    ImGui::Spacing();
    if (bigButton(app.tr("action.cancel").c_str(), column * 0.6f)) app.cancelLogin();
    ImGui::EndGroup();
}

}  // namespace osm::kiosk::ui

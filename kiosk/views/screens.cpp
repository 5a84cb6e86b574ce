// The frame around every screen: [top bar] [status bar] [screens]. The screens themselves live
// in one file per flow (flow_views.h).
#include "screens.h"

#include "flow_views.h"
#include "keyboard.h"
#include "widgets.h"

#include <imgui.h>

#include <string>

namespace osm::kiosk::ui {
namespace {

using catalog::Lang;

void drawTopBar(KioskApp& app) {
    ImGuiIO& io = ImGui::GetIO();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.05f, 0.32f, 0.52f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    ImGui::BeginChild("topbar", ImVec2(0, touchHeight() * 1.25f), false, ImGuiWindowFlags_NoScrollbar);
    ImGui::SetCursorPos(ImVec2(ImGui::GetStyle().WindowPadding.x, touchHeight() * 0.3f));
    if (io.Fonts->Fonts.Size > 1) ImGui::PushFont(io.Fonts->Fonts[1]);
    ImGui::TextUnformatted("Osaamissilta");
    if (io.Fonts->Fonts.Size > 1) ImGui::PopFont();
    ImGui::SameLine();
    ImGui::SetCursorPosY(touchHeight() * 0.42f);
    ImGui::TextUnformatted(app.unitName().c_str());

    // Right side: the person and logout, then languages.
    const float langWidth = touchHeight() * 1.6f;
    float right = ImGui::GetWindowWidth() - ImGui::GetStyle().WindowPadding.x - langWidth * 3 -
                  ImGui::GetStyle().ItemSpacing.x * 2;
    if (app.loggedIn()) {
        const std::string& logoutLabel = app.tr("action.logout");
        const float logoutWidth = ImGui::CalcTextSize(logoutLabel.c_str()).x + touchHeight();
        const float nameWidth = ImGui::CalcTextSize(app.session()->person.name.c_str()).x;
        right -= logoutWidth + nameWidth + ImGui::GetStyle().ItemSpacing.x * 3;
        ImGui::SameLine(right);
        ImGui::SetCursorPosY(touchHeight() * 0.42f);
        ImGui::TextUnformatted(app.session()->person.name.c_str());
        ImGui::SameLine();
        ImGui::SetCursorPosY(touchHeight() * 0.125f);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.1f, 0.1f, 0.1f, 1.0f));
        if (button((logoutLabel + "##logout").c_str(), logoutWidth)) app.logout(false);
        ImGui::PopStyleColor();
        probeItem("logout");
        right += logoutWidth + nameWidth + ImGui::GetStyle().ItemSpacing.x * 3;
    }
    static const std::pair<Lang, const char*> kLangs[] = {
        {Lang::Fi, "Suomi"}, {Lang::Sv, "Svenska"}, {Lang::En, "English"}};
    ImGui::SameLine(right);
    for (const auto& [lang, label] : kLangs) {
        ImGui::SetCursorPosY(touchHeight() * 0.125f);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.1f, 0.1f, 0.1f, 1.0f));
        if (toggleButton(label, app.lang() == lang, langWidth)) app.setLanguage(lang);
        ImGui::PopStyleColor();
        probeItem((std::string("lang_") + catalog::langCode(lang)).c_str());
        ImGui::SameLine();
    }
    ImGui::EndChild();
    ImGui::PopStyleColor(2);

    if (auto seconds = app.idleCountdown()) {
        // The countdown: its text on the left, a big button on the right, both on one band.
        const float buttonWidth = touchHeight() * 6.0f;
        ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.98f, 0.86f, 0.45f, 1.0f));
        ImGui::BeginChild("idle", ImVec2(0, touchHeight() * 1.7f), true, ImGuiWindowFlags_NoScrollbar);
        ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x - buttonWidth - ImGui::GetStyle().ItemSpacing.x);
        ImGui::TextWrapped("%s", format(app.tr(app.idleWarningKey()), {std::to_string(*seconds)}).c_str());
        ImGui::PopTextWrapPos();
        ImGui::SameLine(ImGui::GetContentRegionMax().x - buttonWidth);
        ImGui::SetCursorPosY((ImGui::GetWindowHeight() - touchHeight()) / 2);
        if (primaryButton(app.tr("idle.continue").c_str(), buttonWidth)) app.noteActivity();
        probeItem("idle_continue");
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }
}

void drawStatusBar(KioskApp& app) {
    ImGui::Separator();
    textMuted((app.tr("server.label") + ": " + app.tr(app.serverStatusKey())).c_str());
    if (!app.tpmStatusKey().empty()) {  // whether PINs are guarded by the terminal's TPM
        ImGui::SameLine();
        textMuted(("  ·  " + app.tr(app.tpmStatusKey())).c_str());
    }
}

void drawScreen(KioskApp& app) {
    switch (app.screen()) {
    case Screen::Start: drawStart(app); break;
    case Screen::Pin: drawPin(app); break;
    case Screen::FirstUse: drawFirstUse(app); break;
    case Screen::Home: drawHome(app); break;
    case Screen::DevelopmentForm: drawDevelopmentForm(app); break;
    case Screen::GroupForm: drawGroupForm(app); break;
    case Screen::Review: drawReview(app); break;
    case Screen::Conflict: drawConflict(app); break;
    case Screen::Enrol: drawEnrol(app); break;
    case Screen::TeamRecord: drawTeamRecord(app); break;
    case Screen::SummaryForm: drawSummaryForm(app); break;
    case Screen::MyData: drawMyData(app); break;
    }
}

}  // namespace

void KioskView::draw(KioskApp& app) {
    if (app.screen() != m_lastScreen || app.loggedIn() != m_wasLoggedIn) {
        resetInputs(m_wasLoggedIn && !app.loggedIn());
        m_lastScreen = app.screen();
        m_wasLoggedIn = app.loggedIn();
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::Begin("##kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    keyboardBeginFrame();
    drawTopBar(app);
    const float statusHeight = ImGui::GetTextLineHeightWithSpacing() * 1.6f;
    const float keyboard = keyboardShown() ? keyboardHeight() + ImGui::GetStyle().ItemSpacing.y : 0.0f;
    ImGui::BeginChild("body", ImVec2(0, ImGui::GetContentRegionAvail().y - statusHeight - keyboard), false);
    drawScreen(app);
    touchScroll(static_cast<int>(app.screen()));
    ImGui::EndChild();
    drawStatusBar(app);
    drawKeyboard(app);
    probeValue("keyboard", keyboardShown() ? "shown" : "hidden");
    probeValue("scrollbar", std::to_string(static_cast<int>(ImGui::GetStyle().ScrollbarSize)).c_str());
    ImGui::End();
    probeFrame(screenName(app.screen()), catalog::langCode(app.lang()));
}

}  // namespace osm::kiosk::ui

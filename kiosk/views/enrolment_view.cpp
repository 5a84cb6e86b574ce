// The enrolment screen: the server's address and HR's one-time code, for whoever installs the
// terminal.
#include "flow_views.h"
#include "view_parts.h"
#include "widgets.h"

#include <imgui.h>

#include <algorithm>

namespace osm::kiosk::ui {

void drawEnrol(KioskApp& app) {
    EnrolState& e = app.enrolState();
    const float column = std::min(ImGui::GetContentRegionAvail().x, touchHeight() * 14.0f);
    centredColumn(column);
    ImGui::BeginGroup();
    heading(app.tr("enrol.title").c_str());
    ImGui::TextWrapped("%s", app.tr("enrol.explain").c_str());
    ImGui::TextUnformatted(app.tr("enrol.server").c_str());
    textField("##server", e.serverUrl, 0, column, true);
    probeItem("enrol_server");
    ImGui::TextUnformatted(app.tr("enrol.code").c_str());
    const bool entered =
        textField("##code", e.code, ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_EnterReturnsTrue,
                  column * 0.6f, true);
    probeItem("enrol_code");
    if (!e.errorKey.empty()) textError(app.tr(e.errorKey).c_str());
    if (!e.detail.empty()) textMuted(e.detail.c_str());
    if (e.busy) textMuted(app.tr("common.checking").c_str());
    const float half = (column - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (bigButton(app.tr("action.cancel").c_str(), half)) app.cancelLogin();
    ImGui::SameLine();
    if ((primaryButton(app.tr("enrol.submit").c_str(), half, !e.busy) || entered) && !e.busy) app.submitEnrolment();
    probeItem("enrol_submit");
    ImGui::EndGroup();
}

}  // namespace osm::kiosk::ui

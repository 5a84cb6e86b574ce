// Silta's instructions at the terminal: the terminal cannot open the city's intranet, so a link
// is shown as a QR code with its title and URL, to open on one's own phone.
#include "qr_code.h"
#include "view_parts.h"
#include "widgets.h"

#include <imgui.h>

#include <algorithm>

namespace osm::kiosk::ui {
namespace {

// The matrix of the URL last shown: encoded once, not every frame.
const QrMatrix* qrOf(const std::string& url) {
    static std::string encodedUrl;
    static QrMatrix matrix;
    if (encodedUrl != url) {
        auto encoded = encodeQr(url);
        matrix = encoded ? *encoded : QrMatrix();
        encodedUrl = url;
    }
    return matrix.size() > 0 ? &matrix : nullptr;
}

// The symbol as filled squares on white, the quiet zone included, `side` pixels at most: whole
// pixels a module, so every module edge is sharp for a phone's camera.
void drawQr(const QrMatrix& qr, float side) {
    const int modules = qr.size() + 2 * kQrQuietZone;
    const float module = std::max(3.0f, static_cast<float>(static_cast<int>(side / static_cast<float>(modules))));
    const float total = module * static_cast<float>(modules);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 at(static_cast<float>(static_cast<int>(origin.x)), static_cast<float>(static_cast<int>(origin.y)));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(at, ImVec2(at.x + total, at.y + total), IM_COL32_WHITE);
    for (int y = 0; y < qr.size(); ++y) {
        for (int x = 0; x < qr.size(); ++x) {
            if (!qr.dark(x, y)) continue;
            const ImVec2 a(at.x + static_cast<float>(x + kQrQuietZone) * module,
                           at.y + static_cast<float>(y + kQrQuietZone) * module);
            draw->AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32_BLACK);
        }
    }
    ImGui::Dummy(ImVec2(total, total));
    probeItem("instructions_qr");
}

}  // namespace

namespace {

void show(KioskApp& app, std::optional<std::string> sectionId, InstructionLinks links) {
    if (links == InstructionLinks::TeamRecord) {
        app.showTeamInstructions(std::move(sectionId));
    } else {
        app.editing().showInstructions(std::move(sectionId));
    }
}

}  // namespace

void drawInstructionsButton(KioskApp& app, const catalog::Instructions& instructions, const std::string& sectionId,
                            InstructionLinks links) {
    if (instructions.empty() || links == InstructionLinks::None) return;
    const catalog::InstructionLink& link = instructions.in(app.lang());
    ImGui::PushID(sectionId.c_str());
    if (button(format(app.tr("instructions.open"), {link.title}).c_str())) show(app, sectionId, links);
    probeItem(("instructions." + (sectionId.empty() ? std::string("form") : sectionId)).c_str());
    ImGui::PopID();
}

void drawInstructionsPanel(KioskApp& app, const catalog::InstructionLink& link, InstructionLinks links) {
    heading(format(app.tr("instructions.open"), {link.title}).c_str());
    ImGui::TextWrapped("%s", app.tr("instructions.explain").c_str());
    ImGui::Spacing();
    const float lineHeight = ImGui::GetTextLineHeightWithSpacing();
    const ImVec2 space = ImGui::GetContentRegionAvail();
    const float side = std::min(space.x, space.y - lineHeight * 2 - touchHeight() * 1.5f);
    if (const QrMatrix* qr = qrOf(link.url)) {
        drawQr(*qr, std::min(side, touchHeight() * 12));
    } else {
        textError(app.tr("instructions.no_code").c_str());
    }
    probeValue("instructions_url", link.url.c_str());
    textMuted(link.url.c_str());
    ImGui::Spacing();
    if (bigButton(app.tr("instructions.close").c_str())) show(app, std::nullopt, links);
    probeItem("instructions_close");
}

}  // namespace osm::kiosk::ui

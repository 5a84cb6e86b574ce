// The home screen: this year's discussions from the annual clock (due now, then later), the
// team section (team_views.cpp), and the goals agreed in the latest earlier discussion, to
// follow up.
#include "flow_views.h"
#include "view_parts.h"
#include "widgets.h"

#include <imgui.h>

namespace osm::kiosk::ui {
namespace {

// A cross-unit group's discussion: where it is recorded and its window, with nothing to open.
void drawLeadersWebCard(KioskApp& app, const DueCard& card, int index) {
    ImGui::PushID(index);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.93f, 0.93f, 0.93f, 1));
    ImGui::BeginChild("card", ImVec2(0, touchHeight() * 2.6f), true, ImGuiWindowFlags_NoScrollbar);
    heading(card.event->name.in(app.lang()).c_str());
    const std::string window = formatDay(card.opens) + " – " + formatDay(card.closes);
    ImGui::TextUnformatted(window.c_str());
    ImGui::SameLine();
    if (card.window == domain::WindowState::Late)
        textError(app.tr("state.web_late").c_str());
    else
        textMuted(app.tr(card.window == domain::WindowState::Open ? "state.open_now" : "state.not_open").c_str());
    ImGui::TextWrapped("%s", app.tr("home.on_leaders_web").c_str());
    probeValue(("card" + std::to_string(index)).c_str(), "home.on_leaders_web");
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PopID();
}

void drawCard(KioskApp& app, const DueCard& card, int index) {
    if (card.onLeadersWeb) {
        drawLeadersWebCard(app, card, index);
        return;
    }
    ImGui::PushID(index);
    const bool dimmed = !card.dueNow && card.record == nullptr;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, dimmed ? ImVec4(0.93f, 0.93f, 0.93f, 1) : ImVec4(1, 1, 1, 1));
    ImGui::BeginChild("card", ImVec2(0, touchHeight() * 2.6f), true, ImGuiWindowFlags_NoScrollbar);
    heading(card.event->name.in(app.lang()).c_str());
    const std::string window = formatDay(card.opens) + " – " + formatDay(card.closes);
    ImGui::TextUnformatted(window.c_str());
    ImGui::SameLine();
    if (card.record != nullptr) {
        const char* key = card.record->conflict ? "state.conflict"
                          : card.record->state == RecordState::Draft && card.record->onServer
                              ? "state.on_server"
                              : stateKey(card.record->state);
        const std::string state = app.tr(key);
        if (card.record->state == RecordState::Draft)
            textMuted(state.c_str());
        else
            textSuccess(state.c_str());
        if (card.late) {
            ImGui::SameLine();
            textError(app.tr("state.late").c_str());
        }
    } else if (card.late) {
        textError(app.tr("state.late").c_str());
    } else {
        textMuted(app.tr(card.dueNow ? "state.not_started" : "state.not_open").c_str());
    }
    const std::string& label = app.tr(card.record == nullptr                     ? "action.start"
                                      : card.record->state == RecordState::Draft ? "action.continue"
                                                                                 : "action.view");
    ImGui::SameLine(ImGui::GetWindowWidth() - touchHeight() * 4.5f);
    ImGui::SetCursorPosY(touchHeight() * 0.7f);
    if (primaryButton((label + "##open").c_str(), touchHeight() * 4.0f, card.dueNow || card.record != nullptr))
        app.editing().openCard(card);
    probeItem(("card" + std::to_string(index)).c_str());
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PopID();
}

// The goals agreed in the person's latest earlier discussion, to follow up this year, with the
// marks this year's pre-form has given them so far.
void drawFollowUp(KioskApp& app) {
    const TeamRecord* agreed = app.agreementToFollowUp();
    if (agreed == nullptr || agreed->development.goals.empty()) return;
    const std::vector<domain::GoalFollowUp>* marks = app.followUpMarks();
    ImGui::Spacing();
    ImGui::Separator();
    heading(format(app.tr("home.follow_up"), {std::to_string(agreed->year)}).c_str());
    textMuted(app.tr("home.follow_up_explain").c_str());
    const auto& goals = agreed->development.goals;
    for (std::size_t i = 0; i < goals.size(); ++i) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", goals[i].text.c_str());
        drawMethodsList(app, goals[i].methodIds);
        drawGoalCompletion(app, app.session()->person.staffNumber, goals[i].methodIds);
        if (marks != nullptr && i < marks->size() && !(*marks)[i].mark.empty()) {
            ImGui::Indent();
            textSuccess(app.tr(goalMarkKey((*marks)[i].mark)).c_str());
            ImGui::Unindent();
        }
    }
    probeItem("follow_up");
}

}  // namespace

void drawHome(KioskApp& app) {
    const Session& session = *app.session();
    heading(format(app.tr("home.hello"), {session.person.name}).c_str());
    if (session.pinJustSet) {
        textSuccess(app.tr("first_use.done").c_str());
        probeValue("notice", "first_use.done");
    }
    const auto cards = app.dueCards();
    ImGui::Spacing();
    ImGui::TextUnformatted(app.tr("home.due_now").c_str());
    int index = 0;
    bool anyDue = false;
    for (const DueCard& card : cards) {
        if (!card.dueNow) continue;
        anyDue = true;
        drawCard(app, card, index++);
    }
    if (!anyDue) textMuted(app.tr("home.nothing_due").c_str());
    // Then the windows not begun yet, and last this year's ended ones that are done.
    for (const bool later : {true, false}) {
        bool headingShown = false;
        for (const DueCard& card : cards) {
            if (card.dueNow || (card.window == domain::WindowState::NotYetOpen) != later) continue;
            if (!headingShown) {
                ImGui::Spacing();
                ImGui::TextUnformatted(app.tr(later ? "home.later" : "home.earlier").c_str());
                headingShown = true;
            }
            drawCard(app, card, index++);
        }
    }
    drawTeam(app);
    drawFollowUp(app);
    drawCompletions(app, session.person.staffNumber);
    drawMyDataLink(app);
}

}  // namespace osm::kiosk::ui

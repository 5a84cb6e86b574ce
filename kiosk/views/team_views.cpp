// The team: the home screen's section for what a person's role lets them read (a manager's
// reports and their stages, a director's unit and its summary, the agreement awaiting this
// person's confirmation), and a team record read-only. Stages come from the app.
#include "flow_views.h"
#include "view_parts.h"
#include "widgets.h"

#include <imgui.h>

namespace osm::kiosk::ui {
namespace {

// The agreement from this person's own discussion, waiting for (or having) their confirmation.
void drawMyAgreement(KioskApp& app, const TeamRecord& agreement) {
    ImGui::Spacing();
    ImGui::Separator();
    heading(app.tr("agreement.mine_title").c_str());
    const bool confirmed = app.agreementConfirmed(agreement);
    if (confirmed)
        textSuccess(app.tr("agreement.confirmed").c_str());
    else
        textMuted(format(app.tr("agreement.to_confirm"), {app.nameOf(agreement.owner)}).c_str());
    ImGui::SameLine();
    if (button((app.tr(confirmed ? "action.view" : "agreement.open_to_confirm") + "##mine").c_str())) {
        app.openTeamRecord(agreement.owner, RecordKind::Agreement);
    }
    probeItem("my_agreement");
}

// A manager's direct reports with where each stands this year (pre-form, discussion, agreed
// goals). Returns the number of rows drawn.
int drawReports(KioskApp& app, const std::vector<const domain::Person*>& reports) {
    int index = 0;
    if (reports.empty() || !ImGui::BeginTable("reports", 4, ImGuiTableFlags_RowBg)) return index;
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("stage", ImGuiTableColumnFlags_WidthFixed, touchHeight() * 6.5f);
    ImGui::TableSetupColumn("pre_form", ImGuiTableColumnFlags_WidthFixed, touchHeight() * 3.5f);
    ImGui::TableSetupColumn("discussion", ImGuiTableColumnFlags_WidthFixed, touchHeight() * 4.5f);
    for (const domain::Person* person : reports) {
        ImGui::PushID(index);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();  // beside the row's buttons
        ImGui::TextUnformatted((person->name + (person->title.empty() ? "" : " (" + person->title + ")")).c_str());
        ImGui::TableNextColumn();
        const ReportStage stage = app.reportStage(person->staffNumber);
        const std::string label = app.tr(reportStageKey(stage));
        ImGui::AlignTextToFramePadding();
        if (app.reportLate(*person))
            textError((label + " · " + app.tr("state.late")).c_str());
        else if (stage == ReportStage::NotStarted || stage == ReportStage::Draft)
            textMuted(label.c_str());
        else
            textSuccess(label.c_str());
        ImGui::TableNextColumn();
        if (app.teamRecordOf(person->staffNumber, RecordKind::Development) != nullptr) {
            if (button(app.tr("team.read_pre_form").c_str()))
                app.openTeamRecord(person->staffNumber, RecordKind::Development);
            probeItem(("team" + std::to_string(index)).c_str());
        }
        ImGui::TableNextColumn();
        const char* action = stage == ReportStage::Discussed || stage == ReportStage::Agreed ? "team.open_discussion"
                                                                                             : "team.record_discussion";
        if (button(app.tr(action).c_str())) app.openAgreement(person->staffNumber);
        probeItem(("discuss" + std::to_string(index)).c_str());
        ImGui::PopID();
        ++index;
    }
    ImGui::EndTable();
    return index;
}

// A principal's or director's line for this year's unit summary.
void drawUnitSummaryLine(KioskApp& app, std::size_t groupCount) {
    ImGui::Spacing();
    const SummaryStage stage = app.summaryStage();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(app.tr("summary.title").c_str());
    ImGui::SameLine();
    if (stage == SummaryStage::Done)
        textSuccess(app.tr("summary.done").c_str());
    else if (stage == SummaryStage::Draft)
        textMuted(app.tr("state.draft").c_str());
    else
        textMuted(format(app.tr("summary.inputs"), {std::to_string(groupCount)}).c_str());
    ImGui::SameLine();
    const char* action = stage == SummaryStage::Done    ? "action.view"
                         : stage == SummaryStage::Draft ? "action.continue"
                                                        : "action.start";
    if (button(app.tr(action).c_str())) app.openUnitSummary();
    probeItem("unit_summary");
}

}  // namespace

void drawTeam(KioskApp& app) {
    const Session& session = *app.session();
    const auto reports = app.directReports();
    const auto groups = app.unitGroupDiscussions();
    const bool director = session.person.isPrincipalOrDirector();
    if (const TeamRecord* agreement = app.agreementForMe()) drawMyAgreement(app, *agreement);
    if (reports.empty() && groups.empty() && !director) return;
    ImGui::Spacing();
    ImGui::Separator();
    heading(app.tr("team.title").c_str());
    int index = drawReports(app, reports);
    for (const TeamRecord* r : groups) {
        ImGui::PushID(index++);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(format(app.tr("team.group_by"), {app.nameOf(r->owner)}).c_str());
        ImGui::SameLine();
        if (button(app.tr("action.view").c_str())) app.openTeamRecord(r->owner, RecordKind::Group);
        ImGui::PopID();
    }
    if (director) drawUnitSummaryLine(app, groups.size());
}

void drawTeamRecord(KioskApp& app) {
    const TeamRecord* record = app.openTeamRecord();
    if (record == nullptr) return;
    const catalog::FormTemplate* form = app.catalog().findForm(formIdOf(record->kind, *record));
    if (form == nullptr) return;
    const bool mine = record->kind == RecordKind::Agreement && record->subject == app.session()->person.staffNumber;
    if (mine) {
        heading(app.tr("agreement.mine_title").c_str());
        textMuted(format(app.tr("agreement.recorded_by"), {app.nameOf(record->owner), std::to_string(record->version)})
                      .c_str());
    } else {
        heading((app.nameOf(record->owner) + " – " + formTitle(app, *form, record->kind)).c_str());
        textMuted(app.tr("team.read_only").c_str());
    }
    const float bodyHeight = ImGui::GetContentRegionAvail().y - touchHeight() * 1.4f;
    ImGui::BeginChild("team_record", ImVec2(0, bodyHeight), true);
    if (const catalog::Instructions* shown = app.shownTeamInstructions()) {
        drawInstructionsPanel(app, shown->in(app.lang()), InstructionLinks::TeamRecord);  // in place of the record
    } else {
        drawInstructionsButton(app, form->instructions, "", InstructionLinks::TeamRecord);
        // A report's pre-form: what they completed in Priima and Oss first, beside their follow-up.
        if (!mine && record->kind == RecordKind::Development) drawCompletions(app, record->owner);
        drawRecordSummary(app, *form, record->kind, *record,
                          {goalsPersonOf(record->kind, record->owner, record->subject), InstructionLinks::TeamRecord});
    }
    touchScroll();
    ImGui::EndChild();
    if (!mine) {
        if (bigButton(app.tr("action.home").c_str(), ImGui::GetContentRegionAvail().x)) app.editing().backToHome();
        probeItem("home");
        return;
    }
    // The employee agrees: both sides then hold the same version; a later change by the
    // manager is a new version that is confirmed again.
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (bigButton(app.tr("action.home").c_str(), half)) app.editing().backToHome();
    probeItem("home");
    ImGui::SameLine();
    if (app.agreementConfirmed(*record)) {
        textSuccess(app.tr("agreement.confirmed").c_str());
    } else {
        if (primaryButton(app.tr("agreement.confirm").c_str(), half)) app.confirmAgreement();
        probeItem("confirm");
    }
    if (app.editor().save == SaveStatus::Failed) textError(app.tr("agreement.confirm_failed").c_str());
}

}  // namespace osm::kiosk::ui

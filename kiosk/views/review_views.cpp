// The editor's review screen (everything on one page, the problems first, then submit) and the
// conflict screen (this terminal's version beside the server's, row by row).
#include "flow_views.h"
#include "view_parts.h"
#include "widgets.h"

#include <imgui.h>

#include <cstdlib>

namespace osm::kiosk::ui {
namespace {

// Where an issue is, in the person's words: the competence, the question or theme, the goal,
// the list; empty when the message says it all. Never the internal field name.
std::string issuePlace(KioskApp& app, const catalog::FormTemplate& form, RecordKind kind, const std::string& field) {
    if (field.rfind("ratings.", 0) == 0) {
        const catalog::Competence* comp = app.catalog().findCompetence(field.substr(8));
        return comp != nullptr ? comp->name.in(app.lang()) : std::string();
    }
    if (field.rfind("answers.", 0) == 0) {
        const std::string key = field.substr(8);
        for (const catalog::Section& section : form.sections) {
            if (key == section.id) return section.title.in(app.lang());
            for (const catalog::Question& q : section.questions) {
                if (key == domain::answerKey(section.id, q.id)) return section.title.in(app.lang());
            }
        }
        return {};
    }
    if (const std::size_t open = field.find('['); open != std::string::npos) {
        const int index = std::atoi(field.c_str() + open + 1);
        const bool followUp = field.rfind("follow_up", 0) == 0;
        const char* key = !followUp                   ? "goals.goal_n"
                          : kind == RecordKind::Group ? "group.priority_n"
                                                      : "follow_up.goal_n";
        return format(app.tr(key), {std::to_string(index + 1)});
    }
    if (field == "follow_up") return app.tr(kind == RecordKind::Group ? "group.follow_up_title" : "follow_up.title");
    if (field == "participants" || field == "recorded_by") return app.tr("group.participants");
    if (field == "goals" || field == "discussion.goals")
        return app.tr(kind == RecordKind::Agreement ? "agreement.goals_title" : "goals.title");
    if (field == "training_needs") return app.tr("summary.needs_title");
    return {};
}

// The words of an issue: a group's followed-up priorities are not goals.
std::string issueMessageKey(RecordKind kind, const std::string& key) {
    if (kind != RecordKind::Group) return key;
    if (key == "validation.follow_up_mark_missing") return "validation.priority_mark_missing";
    if (key == "validation.follow_up_not_earlier") return "validation.priority_not_earlier";
    if (key == "validation.too_many_follow_ups") return "validation.too_many_priorities";
    return key;
}

void drawIssues(KioskApp& app, const catalog::FormTemplate& form, RecordKind kind,
                const std::vector<domain::ValidationIssue>& issues) {
    textError(app.tr("review.issues").c_str());
    for (const domain::ValidationIssue& issue : issues) {
        const std::string where = issuePlace(app, form, kind, issue.field);
        ImGui::Bullet();
        textError(
            (app.tr(issueMessageKey(kind, issue.messageKey)) + (where.empty() ? "" : " (" + where + ")")).c_str());
    }
    ImGui::Separator();
}

// One row of the side-by-side comparison; a row that differs is marked.
void compareRow(const std::string& label, const std::string& mine, const std::string& theirs,
                const std::string& empty) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const bool differs = mine != theirs;
    if (differs) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.60f, 0.25f, 0.0f, 1.0f));
    ImGui::TextWrapped("%s%s", differs ? "* " : "", label.c_str());
    if (differs) ImGui::PopStyleColor();
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", mine.empty() ? empty.c_str() : mine.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", theirs.empty() ? empty.c_str() : theirs.c_str());
}

std::string goalsText(KioskApp& app, const std::vector<domain::LearningGoal>& goals) {
    std::string text;
    for (const domain::LearningGoal& goal : goals) {
        text += "• " + goal.text;
        const std::string methods = methodNames(app, goal.methodIds);
        if (!methods.empty()) text += " (" + methods + ")";
        text += "\n";
    }
    return text;
}

std::string answerIn(const std::map<std::string, std::string>& answers, const std::string& key) {
    auto found = answers.find(key);
    return found == answers.end() ? std::string() : found->second;
}

// The rows of the comparison: every answer, and for a pre-form its ratings and goals.
void compareVersions(KioskApp& app, const catalog::FormTemplate& form, const RecordView& record,
                     const RecordView& theirs) {
    const std::string empty = app.tr("review.no_answer");
    const bool development = record.kind == RecordKind::Development;
    const auto& mineAnswers = development ? record.development.answers : record.group.answers;
    const auto& theirAnswers = development ? theirs.development.answers : theirs.group.answers;
    for (const catalog::Section& section : form.sections) {
        for (const catalog::Question& q : section.questions) {
            const std::string key = domain::answerKey(section.id, q.id);
            compareRow(q.prompt.in(app.lang()), answerIn(mineAnswers, key), answerIn(theirAnswers, key), empty);
        }
    }
    if (!development) return;
    for (const domain::CompetenceRating& rating : record.development.ratings) {
        const catalog::Competence* c = app.catalog().findCompetence(rating.competenceId);
        if (c == nullptr) continue;
        const int other = theirs.development.ratingOf(rating.competenceId);
        compareRow(c->name.in(app.lang()), rating.value ? std::to_string(rating.value) : std::string(),
                   other ? std::to_string(other) : std::string(), app.tr("ratings.not_rated"));
    }
    compareRow(app.tr("goals.title"), goalsText(app, record.development.goals),
               goalsText(app, theirs.development.goals), empty);
}

}  // namespace

void drawReview(KioskApp& app) {
    const EditorState& e = app.editor();
    const catalog::FormTemplate* form = app.editorForm();
    if (form == nullptr) return;
    heading(formTitle(app, *form, e.kind).c_str());
    ImGui::TextWrapped("%s", app.tr(e.readOnly() ? stateKey(e.state) : "review.explain").c_str());
    const float bodyHeight = ImGui::GetContentRegionAvail().y - touchHeight() * 1.4f;
    ImGui::BeginChild("summary", ImVec2(0, bodyHeight), true);
    if (!e.issues.empty()) drawIssues(app, *form, e.kind, e.issues);
    if (e.kind == RecordKind::Agreement) textMuted(format(app.tr("agreement.with"), {app.nameOf(e.subject)}).c_str());
    if (const catalog::Instructions* shown = app.editing().shownInstructions()) {
        drawInstructionsPanel(app, shown->in(app.lang()));  // in place of the summary
    } else {
        drawInstructionsButton(app, form->instructions, "");
        drawRecordSummary(
            app, *form, e.kind, e,
            {goalsPersonOf(e.kind, app.session()->person.staffNumber, e.subject), InstructionLinks::Editor});
    }
    touchScroll();
    ImGui::EndChild();
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (bigButton(app.tr(e.readOnly() ? "action.home" : "action.back_to_edit").c_str(), half))
        app.editing().backToEditor();
    probeItem("back");
    if (!e.readOnly()) {
        ImGui::SameLine();
        const char* submit = e.kind == RecordKind::Agreement ? "agreement.submit" : "action.submit";
        if (primaryButton(app.tr(submit).c_str(), half, e.issues.empty() && !e.submitting))
            app.editing().submitRecord();
        probeItem("submit");
    } else if (e.kind == RecordKind::Agreement) {
        ImGui::SameLine();
        if (bigButton(app.tr("agreement.change").c_str(), half)) app.editing().reopenSubmitted();
        probeItem("change");
    }
}

void drawConflict(KioskApp& app) {
    const RecordView* record = app.editorRecord();
    const catalog::FormTemplate* form = app.editorForm();
    if (record == nullptr || form == nullptr) return;
    heading(app.tr("conflict.title").c_str());
    ImGui::TextWrapped("%s", app.tr("conflict.explain").c_str());
    const float bodyHeight = ImGui::GetContentRegionAvail().y - touchHeight() * 1.4f;
    ImGui::BeginChild("compare", ImVec2(0, bodyHeight), true);
    const RecordView* theirs = record->theirs.get();
    if (theirs == nullptr) {
        textMuted(app.tr("conflict.waiting").c_str());
    } else if (ImGui::BeginTable("sides", 3, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(app.tr("conflict.mine").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.5f);
        ImGui::TableSetupColumn(app.tr("conflict.theirs").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.5f);
        ImGui::TableHeadersRow();
        compareVersions(app, *form, *record, *theirs);
        ImGui::EndTable();
    }
    touchScroll();
    ImGui::EndChild();
    const float third = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * 2) / 3;
    if (bigButton(app.tr("action.home").c_str(), third)) app.editing().backToHome();
    ImGui::SameLine();
    if (primaryButton(app.tr("conflict.keep_mine").c_str(), third, theirs != nullptr))
        app.editing().resolveConflict(true);
    probeItem("keep_mine");
    ImGui::SameLine();
    if (primaryButton(app.tr("conflict.take_theirs").c_str(), third, theirs != nullptr))
        app.editing().resolveConflict(false);
    probeItem("take_theirs");
}

}  // namespace osm::kiosk::ui

// Shared pieces of the screens. Read-only: nothing here calls an action.
#include "view_parts.h"

#include "widgets.h"

#include <imgui.h>

#include <cstdio>

namespace osm::kiosk::ui {

std::string formatDay(domain::Date date) {
    char text[16];
    std::snprintf(text, sizeof text, "%d.%d.%d", date.day, date.month, date.year);
    return text;
}

std::string formatDuration(std::int64_t seconds) {
    char text[32];
    if (seconds >= 60)
        std::snprintf(text, sizeof text, "%lld min", static_cast<long long>((seconds + 59) / 60));
    else
        std::snprintf(text, sizeof text, "%lld s", static_cast<long long>(seconds));
    return text;
}

const char* stateKey(RecordState state) {
    switch (state) {
    case RecordState::Draft: return "state.draft";
    case RecordState::Ready: return "state.ready";
    case RecordState::Sent: return "state.sent";
    case RecordState::Received: return "state.received";
    }
    return "state.draft";
}

std::string formTitle(const KioskApp& app, const catalog::FormTemplate& form, RecordKind kind) {
    return kind == RecordKind::Agreement ? app.tr("agreement.form_title") : form.title.in(app.lang());
}

void centredColumn(float width) {
    const float available = ImGui::GetContentRegionAvail().x;
    if (available > width) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (available - width) * 0.5f);
}

void quoted(const std::string& label, const std::string& text) {
    textMuted(label.c_str());
    ImGui::Indent();
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.15f, 0.30f, 0.45f, 1.0f));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
    ImGui::Unindent();
}

std::string methodNames(KioskApp& app, const std::vector<std::string>& methodIds) {
    std::string line;
    for (const std::string& id : methodIds) {
        if (const catalog::LearningMethod* m = app.catalog().findMethod(id))
            line += (line.empty() ? "" : ", ") + m->name.in(app.lang());
    }
    return line;
}

void drawMethodsList(KioskApp& app, const std::vector<std::string>& methodIds) {
    const std::string line = methodNames(app, methodIds);
    if (!line.empty()) textMuted((app.tr("goals.methods") + ": " + line).c_str());
}

void drawBalance(KioskApp& app, const std::vector<domain::LearningGoal>& goals, const char* titleKey) {
    const auto balance = domain::methodBalance(goals, app.catalog());
    ImGui::TextWrapped("%s", app.tr(titleKey).c_str());
    for (const domain::CategoryShare& share : balance) {
        const catalog::LearningCategory* category = nullptr;
        for (const catalog::LearningCategory& cat : app.catalog().categories) {
            if (cat.id == share.categoryId) category = &cat;
        }
        const std::string label = std::to_string(share.modelShare) + " – " + category->name.in(app.lang());
        shareBar(static_cast<float>(share.percent) / 100.0f, touchHeight() * 3,
                 (std::to_string(share.percent) + " %  " + label).c_str());
    }
}

void drawGoalList(KioskApp& app, const char* titleKey, const std::vector<domain::LearningGoal>& goals,
                  const std::string& completedBy) {
    heading(app.tr(titleKey).c_str());
    for (const domain::LearningGoal& goal : goals) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", goal.text.c_str());
        if (const catalog::Competence* comp = app.catalog().findCompetence(goal.competenceId)) {
            textMuted((app.tr("goals.competence") + ": " + comp->name.in(app.lang())).c_str());
        }
        drawMethodsList(app, goal.methodIds);
        if (!completedBy.empty()) drawGoalCompletion(app, completedBy, goal.methodIds);
    }
}

const char* goalMarkKey(const std::string& mark) {
    if (mark == "achieved") return "follow_up.achieved";
    if (mark == "partly") return "follow_up.partly";
    if (mark == "not_yet") return "follow_up.not_yet";
    return "follow_up.not_marked";
}

void drawFollowUpSummary(KioskApp& app, const std::string& title, const std::vector<domain::GoalFollowUp>& items,
                         const char* yearKey) {
    if (items.empty()) return;
    heading(title.c_str());
    for (const domain::GoalFollowUp& item : items) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", item.text.c_str());
        ImGui::Indent();
        const std::string mark =
            app.tr(goalMarkKey(item.mark)) + " · " + format(app.tr(yearKey), {std::to_string(item.year)});
        if (item.mark.empty())
            textMuted(mark.c_str());
        else
            textSuccess(mark.c_str());
        if (!item.comment.empty()) ImGui::TextWrapped("%s", item.comment.c_str());
        ImGui::Unindent();
    }
    ImGui::Spacing();
}

void drawGoalCompletion(KioskApp& app, const std::string& staffNumber, const std::vector<std::string>& methodIds) {
    if (app.session() == nullptr) return;
    const sync::Completion* done = priimaCompletionOf(*app.session(), staffNumber, methodIds);
    if (done == nullptr) return;
    ImGui::Indent();
    textSuccess(format(app.tr("completions.priima_done"), {domain::finnishDate(done->date)}).c_str());
    ImGui::Unindent();
}

void drawCompletions(KioskApp& app, const std::string& staffNumber) {
    if (app.session() == nullptr) return;
    const auto completions = completionsOf(*app.session(), staffNumber);
    if (completions.empty()) return;
    heading(app.tr("completions.title").c_str());
    for (const sync::Completion* c : completions) {
        std::string name = c->name;
        if (c->source == "priima") {
            const catalog::LearningMethod* course = app.catalog().findMethod("priima." + c->course);
            name = course != nullptr ? course->name.in(app.lang()) : c->course;
        }
        ImGui::Bullet();
        ImGui::TextWrapped("%s", name.c_str());
        std::string line = app.tr(c->source == "priima" ? "completions.in_priima" : "completions.in_oss") + " · " +
                           domain::finnishDate(c->date);
        if (c->minutes > 0) line += " · " + format(app.tr("completions.hours"), {sync::hoursText(*c)});
        ImGui::Indent();
        textMuted(line.c_str());
        ImGui::Unindent();
    }
    probeItem("completions");
    ImGui::Spacing();
}

void drawAnswersSummary(KioskApp& app, const catalog::FormTemplate& form,
                        const std::map<std::string, std::string>& answers, InstructionLinks links) {
    for (const catalog::Section& section : form.sections) {
        ImGui::Spacing();
        heading(section.title.in(app.lang()).c_str());
        if (links != InstructionLinks::None) drawInstructionsButton(app, section.instructions, section.id, links);
        for (const catalog::Question& q : section.questions) {
            ImGui::TextWrapped("%s", q.prompt.in(app.lang()).c_str());
            auto it = answers.find(domain::answerKey(section.id, q.id));
            if (it == answers.end() || it->second.empty())
                textMuted(app.tr("review.no_answer").c_str());
            else {
                ImGui::Indent();
                ImGui::TextWrapped("%s", it->second.c_str());
                ImGui::Unindent();
            }
        }
    }
}

void drawDiscussionSummary(KioskApp& app, const catalog::FormTemplate& form, RecordKind kind,
                           const domain::DevelopmentDiscussion& d, const SummaryOptions& options) {
    const bool agreement = kind == RecordKind::Agreement;
    if (agreement) {  // what was agreed comes first; the notes behind it last
        drawGoalList(app, "agreement.goals_title", d.goals, options.completedBy);
        drawBalance(app, d.goals, "agreement.balance");
        ImGui::Spacing();
    } else {
        drawFollowUpSummary(app, app.tr("follow_up.title"), d.followUp);
        drawAnswersSummary(app, form, d.answers, options.links);
        ImGui::Spacing();
    }
    heading(app.tr(agreement ? "agreement.ratings_title" : "ratings.title").c_str());
    for (catalog::CompetenceGroup group : form.competenceGroups) {
        for (const catalog::Competence* comp : app.catalog().competencesIn(group)) {
            const catalog::RatingLevel* level = app.catalog().scale.level(d.ratingOf(comp->id));
            ImGui::BulletText("%s: %s", comp->name.in(app.lang()).c_str(),
                              level ? (std::to_string(level->value) + " – " + level->label.in(app.lang())).c_str()
                                    : app.tr("ratings.not_rated").c_str());
        }
    }
    ImGui::Spacing();
    if (agreement) {
        heading(app.tr("agreement.notes").c_str());
        drawAnswersSummary(app, form, d.answers, options.links);
        return;
    }
    drawGoalList(app, "goals.title", d.goals, options.completedBy);
    drawBalance(app, d.goals, "goals.balance");
}

std::string goalsPersonOf(RecordKind kind, const std::string& owner, const std::string& subject) {
    if (kind == RecordKind::Development) return owner;
    return kind == RecordKind::Agreement ? subject : std::string();
}

void drawRecordSummary(KioskApp& app, const catalog::FormTemplate& form, RecordKind kind, const RecordContent& content,
                       const SummaryOptions& options) {
    if (kind == RecordKind::UnitSummary) {
        drawAnswersSummary(app, form, content.summary.answers, options.links);
        ImGui::Spacing();
        drawGoalList(app, "summary.needs_title", content.summary.trainingNeeds);
    } else if (kind == RecordKind::Development || kind == RecordKind::Agreement) {
        drawDiscussionSummary(app, form, kind, content.development, options);
    } else {
        heading(app.tr("group.participants").c_str());
        for (const std::string& staff : content.group.participants) ImGui::BulletText("%s", app.nameOf(staff).c_str());
        ImGui::Spacing();
        drawFollowUpSummary(app, app.tr("group.follow_up_title"), content.group.followUp,
                            "group.follow_up_recorded_in");
        drawAnswersSummary(app, form, content.group.answers, options.links);
    }
}

}  // namespace osm::kiosk::ui

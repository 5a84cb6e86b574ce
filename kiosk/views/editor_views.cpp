// The editor's form screens: a development discussion (a pre-form, or a manager's agreement
// beside the employee's pre-form), a group discussion and a unit summary. Pages on the left,
// the page on the right; every change goes through an edit action of the app.
#include "flow_views.h"
#include "keyboard.h"
#include "view_parts.h"
#include "widgets.h"

#include "crypto/secret_buffer.h"

#include <imgui.h>

#include <algorithm>
#include <functional>
#include <string>

namespace osm::kiosk::ui {
namespace {

void drawSaveStatus(KioskApp& app) {
    const EditorState& e = app.editor();
    static const char* kNames[] = {"clean", "unsaved", "saving", "saved", "failed"};
    probeValue("save", kNames[static_cast<int>(e.save)]);
    switch (e.save) {
    case SaveStatus::Clean: textMuted(app.tr("save.clean").c_str()); break;
    case SaveStatus::Unsaved: textMuted(app.tr("save.unsaved").c_str()); break;
    case SaveStatus::Saving: textMuted(app.tr("save.saving").c_str()); break;
    case SaveStatus::Saved: {
        // The same words as the home card's: on the server too once it acknowledged this version.
        const RecordView* record = app.editorRecord();
        const bool onServer = record != nullptr && record->onServer && record->version == e.confirmedVersion;
        textSuccess(app.tr(onServer ? "save.saved_server" : "save.saved").c_str());
        probeValue("saved_where", onServer ? "server" : "terminal");
        break;
    }
    case SaveStatus::Failed: textError(app.tr("save.failed").c_str()); break;
    }
    probeItem("save_status");
}

// What others wrote for a question, shown above the field: the employee's pre-form answer
// beside the manager's notes, the teams' inputs beside the unit summary.
using QuestionContext = std::function<void(const std::string& answerKey)>;

// `focusFirst`: the first answer takes the keyboard focus as the page opens (not below a list
// it would scroll out of view).
void drawQuestions(KioskApp& app, const catalog::Section& section, const std::map<std::string, std::string>& answers,
                   const QuestionContext& context = {}, bool focusFirst = true) {
    const float height = ImGui::GetFontSize() * 6.0f;
    const bool readOnly = app.editor().readOnly();
    bool first = true;
    for (const catalog::Question& q : section.questions) {
        ImGui::Spacing();
        ImGui::TextWrapped("%s", q.prompt.in(app.lang()).c_str());
        textMuted(q.help.in(app.lang()).c_str());
        const std::string key = domain::answerKey(section.id, q.id);
        if (context) context(key);
        // Not on a touch-only terminal: the keyboard would cover half the page unasked (and a
        // focus request, applied a frame later, would take the next tap's press).
        if (first && focusFirst && ImGui::IsWindowAppearing() && !keyboardEnabled()) ImGui::SetKeyboardFocusHere();
        auto found = answers.find(key);
        std::string text = found == answers.end() ? std::string() : found->second;
        if (wrappedTextInput(("##" + key).c_str(), text, height, readOnly)) app.editing().setAnswer(key, text);
        crypto::wipe(text);  // this frame's copy of the answer; the record keeps its own
        probeItem(("answer." + key).c_str());
        first = false;
    }
}

// One competence's rating buttons, with the employee's own rating above them in an agreement.
void drawRating(KioskApp& app, const catalog::Competence& competence) {
    const EditorState& e = app.editor();
    const catalog::Catalog& c = app.catalog();
    ImGui::PushID(competence.id.c_str());
    ImGui::Spacing();
    ImGui::TextWrapped("%s", competence.name.in(app.lang()).c_str());
    textMuted(competence.definition.in(app.lang()).c_str());
    if (const domain::DevelopmentDiscussion* self = app.editorPreForm()) {
        const catalog::RatingLevel* own = c.scale.level(self->ratingOf(competence.id));
        textMuted(
            format(app.tr("agreement.self_rating"),
                   {own ? std::to_string(own->value) + " – " + own->label.in(app.lang()) : app.tr("ratings.not_rated")})
                .c_str());
    }
    const int current = e.development.ratingOf(competence.id);
    for (const catalog::RatingLevel& level : c.scale.levels) {
        const bool selected = current == level.value;
        if (toggleButton(std::to_string(level.value).c_str(), selected, touchHeight() * 1.3f) && !e.readOnly())
            app.editing().setRating(competence.id, selected ? 0 : level.value);
        ImGui::SameLine();
    }
    const catalog::RatingLevel* chosen = c.scale.level(current);
    ImGui::TextUnformatted(chosen ? chosen->label.in(app.lang()).c_str() : app.tr("ratings.not_rated").c_str());
    ImGui::PopID();
}

void drawRatings(KioskApp& app) {
    const EditorState& e = app.editor();
    const catalog::Catalog& c = app.catalog();
    const catalog::FormTemplate* form = app.editorForm();
    const bool agreement = e.kind == RecordKind::Agreement;
    heading(app.tr(agreement ? "agreement.ratings_title" : "ratings.title").c_str());
    ImGui::TextWrapped("%s", app.tr(agreement ? "agreement.ratings_explain" : "ratings.explain").c_str());
    for (const catalog::RatingLevel& level : c.scale.levels) {
        textMuted(
            (std::to_string(level.value) + " = " + level.label.in(app.lang()) + ": " + level.description.in(app.lang()))
                .c_str());
    }
    for (catalog::CompetenceGroup group : form->competenceGroups) {
        ImGui::Spacing();
        ImGui::Separator();
        heading(app.tr(group == catalog::CompetenceGroup::Manager ? "ratings.group_manager" : "ratings.group_staff")
                    .c_str());
        for (const catalog::Competence* competence : c.competencesIn(group)) drawRating(app, *competence);
    }
}

// Goals with their 70-20-10 methods: a person's learning goals, the agreed goals of a
// discussion, or a unit's training needs (the editor's goals of its kind).
struct GoalsPage {
    std::vector<catalog::CompetenceGroup> competenceGroups;
    int maxGoals;
    const char* titleKey;
    const char* explainKey;
};

// One goal: its text, the competence it develops and its methods.
void drawGoal(KioskApp& app, const GoalsPage& page, std::size_t index, const domain::LearningGoal& goal) {
    const bool readOnly = app.editor().readOnly();
    const catalog::Catalog& c = app.catalog();
    std::string text = goal.text;
    if (wrappedTextInput("##goal", text, ImGui::GetFontSize() * 3.0f, readOnly)) app.editing().setGoalText(index, text);
    crypto::wipe(text);
    probeItem(("goal" + std::to_string(index)).c_str());
    const catalog::Competence* linked = c.findCompetence(goal.competenceId);
    if (beginCombo(app.tr("goals.competence").c_str(),
                   linked ? linked->name.in(app.lang()).c_str() : app.tr("goals.no_competence").c_str(),
                   touchHeight() * 10)) {
        if (listItem(app.tr("goals.no_competence").c_str(), linked == nullptr) && !readOnly)
            app.editing().setGoalCompetence(index, {});
        for (catalog::CompetenceGroup group : page.competenceGroups) {
            for (const catalog::Competence* comp : c.competencesIn(group)) {
                if (listItem(comp->name.in(app.lang()).c_str(), comp == linked) && !readOnly)
                    app.editing().setGoalCompetence(index, comp->id);
            }
        }
        ImGui::EndCombo();
    }
    ImGui::TextUnformatted(app.tr("goals.choose_methods").c_str());
    if (ImGui::BeginTable("methods", 3, ImGuiTableFlags_SizingStretchSame)) {
        for (const catalog::LearningCategory& category : c.categories) {
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%d – %s", category.share, category.name.in(app.lang()).c_str());
            for (const catalog::LearningMethod& method : category.methods) {
                bool chosen =
                    std::find(goal.methodIds.begin(), goal.methodIds.end(), method.id) != goal.methodIds.end();
                if (checkbox(method.name.in(app.lang()).c_str(), &chosen) && !readOnly)
                    app.editing().toggleMethod(index, method.id);
            }
        }
        ImGui::EndTable();
    }
}

void drawGoals(KioskApp& app, const GoalsPage& page) {
    const EditorState& e = app.editor();
    const auto& goals = e.kind == RecordKind::UnitSummary ? e.summary.trainingNeeds : e.development.goals;
    heading(app.tr(page.titleKey).c_str());
    ImGui::TextWrapped("%s", app.tr(page.explainKey).c_str());
    drawBalance(app, goals, e.kind == RecordKind::Agreement ? "agreement.balance" : "goals.balance");
    // Recording the discussion, the manager sees beside each goal whether the course it names is
    // already completed in Priima (so is the person, on their own pre-form).
    const std::string completedBy = goalsPersonOf(e.kind, app.session()->person.staffNumber, e.subject);
    int removeAt = -1;
    for (std::size_t i = 0; i < goals.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::TextUnformatted(format(app.tr("goals.goal_n"), {std::to_string(i + 1)}).c_str());
        drawGoal(app, page, i, goals[i]);
        if (!completedBy.empty()) drawGoalCompletion(app, completedBy, goals[i].methodIds);
        if (!e.readOnly() && button(app.tr("goals.remove").c_str())) removeAt = static_cast<int>(i);
        ImGui::PopID();
    }
    if (removeAt >= 0) app.editing().removeGoal(static_cast<std::size_t>(removeAt));
    ImGui::Spacing();
    if (!e.readOnly() && static_cast<int>(goals.size()) < page.maxGoals && bigButton(app.tr("goals.add").c_str()))
        app.editing().addGoal();
    probeItem("add_goal");
}

const std::vector<domain::GoalFollowUp> kNoFollowUp;

// What a follow-up list is called where it is marked: a pre-form's agreed goals, a group's priorities.
struct FollowUpWords {
    const char* titleKey;
    std::string explain;
    const char* yearKey;
};

// The first page of a pre-form: each goal agreed in the person's latest earlier discussion, to
// mark achieved, partly or not yet, with a comment; in a group discussion, each development
// priority of the team's previous one.
void drawFollowUpMarks(KioskApp& app, const std::vector<domain::GoalFollowUp>& items, const FollowUpWords& words) {
    const EditorState& e = app.editor();
    if (items.empty()) return;
    heading(app.tr(words.titleKey).c_str());
    ImGui::TextWrapped("%s", words.explain.c_str());
    static const char* const kMarks[][2] = {
        {"achieved", "follow_up.achieved"}, {"partly", "follow_up.partly"}, {"not_yet", "follow_up.not_yet"}};
    for (std::size_t i = 0; i < items.size(); ++i) {
        const domain::GoalFollowUp& item = items[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::TextWrapped("%s", item.text.c_str());
        textMuted(format(app.tr(words.yearKey), {std::to_string(item.year)}).c_str());
        for (const auto& [mark, key] : kMarks) {
            const bool chosen = item.mark == mark;
            if (toggleButton(app.tr(key).c_str(), chosen, touchHeight() * 3.5f) && !e.readOnly())
                app.editing().setFollowUpMark(i, chosen ? std::string() : std::string(mark));
            probeItem(("follow_up" + std::to_string(i) + "." + mark).c_str());
            ImGui::SameLine();
        }
        ImGui::NewLine();
        textMuted(app.tr("follow_up.comment").c_str());
        std::string comment = item.comment;
        if (wrappedTextInput("##comment", comment, ImGui::GetFontSize() * 3.0f, e.readOnly()))
            app.editing().setFollowUpComment(i, comment);
        crypto::wipe(comment);
        probeItem(("follow_up" + std::to_string(i) + ".comment").c_str());
        ImGui::PopID();
    }
    ImGui::Spacing();
    ImGui::Separator();
}

// The page titles of a form's sections in the kiosk's language, after `before` (the pages a
// screen puts first); the caller adds its own pages after them.
std::vector<std::string> sectionTitles(const KioskApp& app, const catalog::FormTemplate& form,
                                       std::vector<std::string> before = {}) {
    for (const catalog::Section& s : form.sections) before.push_back(s.title.in(app.lang()));
    return before;
}

// Page navigation shared by the forms: a list on the left, the page on the right.
void drawFormFrame(KioskApp& app, const std::vector<std::string>& pageTitles,
                   const std::function<void(int)>& drawPage) {
    const EditorState& e = app.editor();
    const catalog::FormTemplate* form = app.editorForm();
    heading(formTitle(app, *form, e.kind).c_str());
    drawSaveStatus(app);
    drawInstructionsButton(app, form->instructions, "");
    const float navWidth = std::min(touchHeight() * 7.0f, ImGui::GetContentRegionAvail().x * 0.3f);
    const float bodyHeight = ImGui::GetContentRegionAvail().y - touchHeight() * 1.4f;
    ImGui::BeginChild("nav", ImVec2(navWidth, bodyHeight), true);
    for (int i = 0; i < static_cast<int>(pageTitles.size()); ++i) {
        if (listItem((std::to_string(i + 1) + ". " + pageTitles[static_cast<std::size_t>(i)]).c_str(), e.page == i))
            app.editing().setPage(i);
        probeItem(("page" + std::to_string(i)).c_str());
    }
    touchScroll();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("page", ImVec2(0, bodyHeight), true);
    const int page = std::clamp(e.page, 0, static_cast<int>(pageTitles.size()) - 1);
    if (const catalog::Instructions* shown = app.editing().shownInstructions()) {
        drawInstructionsPanel(app, shown->in(app.lang()));  // in place of the page, which it names
    } else {
        drawPage(page);
    }
    probeValue("page_scroll", std::to_string(static_cast<int>(ImGui::GetScrollY())).c_str());
    touchScroll(page);  // each page opens at its top
    ImGui::EndChild();

    const float third = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * 3) / 4;
    if (bigButton(app.tr("action.home").c_str(), third)) app.editing().backToHome();
    probeItem("home");
    ImGui::SameLine();
    if (bigButton(app.tr("action.previous").c_str(), third, e.page > 0)) app.editing().setPage(e.page - 1);
    ImGui::SameLine();
    const bool last = e.page >= static_cast<int>(pageTitles.size()) - 1;
    if (bigButton(app.tr("action.next").c_str(), third, !last)) app.editing().setPage(e.page + 1);
    probeItem("next");
    ImGui::SameLine();
    if (primaryButton(app.tr("action.review").c_str(), third)) app.editing().goToReview();
    probeItem("review");
}

void drawParticipants(KioskApp& app) {
    const EditorState& e = app.editor();
    const Session& session = *app.session();
    heading(app.tr("group.participants").c_str());
    const catalog::FormTemplate* form = app.editorForm();
    for (const catalog::GroupKind& kind : form->groupKinds) {
        if (kind.id != e.group.groupKind) continue;
        ImGui::TextWrapped("%s", kind.name.in(app.lang()).c_str());
        for (const catalog::Text& perspective : kind.perspectives) textMuted(perspective.in(app.lang()).c_str());
        break;
    }
    ImGui::TextWrapped("%s", format(app.tr("group.recorded_by"), {session.person.name}).c_str());
    const auto& list = e.group.participants;
    for (const domain::Person& person : session.unitPeople) {
        bool in = std::find(list.begin(), list.end(), person.staffNumber) != list.end();
        const std::string label = person.name + (person.title.empty() ? "" : " (" + person.title + ")");
        if (checkbox(label.c_str(), &in) && !e.readOnly()) app.editing().toggleParticipant(person.staffNumber);
    }
}

}  // namespace

// A person's pre-form, or (an agreement) the manager's part of a report's discussion: notes
// per section under the employee's answers, the manager's view beside the self-assessment, and
// the goals agreed.
void drawDevelopmentForm(KioskApp& app) {
    const catalog::FormTemplate* form = app.editorForm();
    if (form == nullptr) return;
    const bool agreement = app.editor().kind == RecordKind::Agreement;
    std::vector<std::string> titles = sectionTitles(app, *form);
    titles.push_back(app.tr(agreement ? "agreement.ratings_title" : "ratings.title"));
    titles.push_back(app.tr(agreement ? "agreement.goals_title" : "goals.title"));
    if (agreement) heading(format(app.tr("agreement.with"), {app.nameOf(app.editor().subject)}).c_str());
    drawFormFrame(app, titles, [&](int page) {
        const int sections = static_cast<int>(form->sections.size());
        if (page < sections) {
            const catalog::Section& section = form->sections[static_cast<std::size_t>(page)];
            heading(section.title.in(app.lang()).c_str());
            drawInstructionsButton(app, section.instructions, section.id);
            const domain::DevelopmentDiscussion* preForm = app.editorPreForm();
            const auto& followUp =
                agreement ? (preForm ? preForm->followUp : kNoFollowUp) : app.editor().development.followUp;
            if (page == 0 && !agreement)
                drawFollowUpMarks(app, followUp,
                                  {"follow_up.title", app.tr("follow_up.explain"), "follow_up.agreed_in"});
            if (page == 0 && agreement) drawFollowUpSummary(app, app.tr("follow_up.employee_marked"), followUp);
            if (page == 0) drawCompletions(app, agreement ? app.editor().subject : app.session()->person.staffNumber);
            QuestionContext context;
            if (preForm != nullptr) {
                context = [&app, preForm](const std::string& key) {
                    auto it = preForm->answers.find(key);
                    quoted(app.tr("agreement.employee_wrote"), it == preForm->answers.end() || it->second.empty()
                                                                   ? app.tr("review.no_answer")
                                                                   : it->second);
                    textMuted(app.tr("agreement.notes").c_str());
                };
            } else if (agreement) {
                context = [&app](const std::string&) { textMuted(app.tr("agreement.notes").c_str()); };
            }
            drawQuestions(app, section, app.editor().development.answers, context, page > 0 || followUp.empty());
        } else if (page == sections) {
            drawRatings(app);
        } else {
            drawGoals(app, GoalsPage{form->competenceGroups, form->maxGoals,
                                     agreement ? "agreement.goals_title" : "goals.title",
                                     agreement ? "agreement.goals_explain" : "goals.explain"});
        }
    });
}

// A principal's or director's summary of the unit's group discussions: each theme with what
// the groups wrote above the summary field, then the unit's training needs.
void drawSummaryForm(KioskApp& app) {
    const catalog::FormTemplate* form = app.editorForm();
    if (form == nullptr) return;
    std::vector<std::string> titles = sectionTitles(app, *form);
    titles.push_back(app.tr("summary.needs_title"));
    heading(format(app.tr("summary.heading"), {app.unitName()}).c_str());
    const auto groups = app.unitGroupDiscussions();
    drawFormFrame(app, titles, [&](int page) {
        const int sections = static_cast<int>(form->sections.size());
        if (page < sections) {
            const catalog::Section& section = form->sections[static_cast<std::size_t>(page)];
            heading(section.title.in(app.lang()).c_str());
            drawInstructionsButton(app, section.instructions, section.id);
            if (groups.empty()) textMuted(app.tr("summary.no_inputs").c_str());
            if (domain::kGroupPrioritiesAnswer.starts_with(section.id + ".")) {  // how the groups followed up theirs
                for (const TeamRecord* group : groups) {
                    drawFollowUpSummary(app, format(app.tr("summary.group_follow_up"), {app.nameOf(group->owner)}),
                                        group->group.followUp, "group.follow_up_recorded_in");
                }
            }
            drawQuestions(app, section, app.editor().summary.answers, [&](const std::string& key) {
                for (const TeamRecord* group : groups) {
                    auto it = group->group.answers.find(key);
                    if (it == group->group.answers.end() || it->second.empty()) continue;
                    quoted(format(app.tr("team.group_by"), {app.nameOf(group->owner)}), it->second);
                }
                textMuted(app.tr("summary.unit_view").c_str());
            });
        } else {
            drawGoals(app, GoalsPage{{catalog::CompetenceGroup::AllStaff, catalog::CompetenceGroup::Manager},
                                     domain::kMaxTrainingNeeds,
                                     "summary.needs_title",
                                     "summary.needs_explain"});
        }
    });
}

// The participants first (who took part decides which earlier discussion is the team's), then,
// when there is one, the follow-up of its development priorities, then the four themes.
void drawGroupForm(KioskApp& app) {
    const catalog::FormTemplate* form = app.editorForm();
    if (form == nullptr) return;
    const auto& followUp = app.editor().group.followUp;
    std::vector<std::string> first{app.tr("group.participants")};
    if (!followUp.empty()) first.push_back(app.tr("group.follow_up_page"));
    const int themesFrom = static_cast<int>(first.size());
    const std::vector<std::string> titles = sectionTitles(app, *form, std::move(first));
    drawFormFrame(app, titles, [&](int page) {
        if (page == 0) {
            drawParticipants(app);
            return;
        }
        if (page < themesFrom) {
            drawFollowUpMarks(app, followUp,
                              {"group.follow_up_title",
                               format(app.tr("group.follow_up_explain"), {std::to_string(followUp.front().year)}),
                               "group.follow_up_recorded_in"});
            return;
        }
        const catalog::Section& section = form->sections[static_cast<std::size_t>(page - themesFrom)];
        heading(section.title.in(app.lang()).c_str());
        drawInstructionsButton(app, section.instructions, section.id);
        QuestionContext context;
        if (const TeamRecord* previous = app.previousGroupDiscussion()) {  // followed up: what was said then
            context = [&app, previous](const std::string& key) {
                auto it = previous->group.answers.find(key);
                if (it != previous->group.answers.end() && !it->second.empty())
                    quoted(format(app.tr("group.previous"), {std::to_string(previous->year)}), it->second);
            };
        }
        drawQuestions(app, section, app.editor().group.answers, context);
    });
}

}  // namespace osm::kiosk::ui

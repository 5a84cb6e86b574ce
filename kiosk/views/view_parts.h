// Pieces several of the kiosk's screens draw: dates and durations as shown, a record's state,
// a centred column, quoted text, and read-only summaries of a record's answers and goals.
#pragma once

#include "kiosk_app.h"

#include <map>
#include <string>
#include <vector>

namespace osm::kiosk::ui {

std::string formatDay(domain::Date date);
std::string formatDuration(std::int64_t seconds);
// The translation key of a record's state ("state.draft", …).
const char* stateKey(RecordState state);
// The title of a record's form: a manager's agreement is the discussion's record, not the form
// the employee filled in before it.
std::string formTitle(const KioskApp& app, const catalog::FormTemplate& form, RecordKind kind);
// Indents the cursor so a column of `width` stands in the middle of the space left.
void centredColumn(float width);
// Someone else's words under a muted label, indented and coloured apart.
void quoted(const std::string& label, const std::string& text);
// The names of the methods, comma-separated, in the kiosk's language.
std::string methodNames(KioskApp& app, const std::vector<std::string>& methodIds);
// "Methods: …" under a goal, in the kiosk's language.
void drawMethodsList(KioskApp& app, const std::vector<std::string>& methodIds);
// How the goals' methods divide between the 70-20-10 categories, under `titleKey` (the person's
// own goals: "goals.balance"; goals agreed with the manager: "agreement.balance").
void drawBalance(KioskApp& app, const std::vector<domain::LearningGoal>& goals, const char* titleKey);
// Goals (or training needs) with their methods, read-only; with `completedBy`, each goal naming
// a Priima course that person completed gets "Completed in Priima on <date>" under it.
void drawGoalList(KioskApp& app, const char* titleKey, const std::vector<domain::LearningGoal>& goals,
                  const std::string& completedBy = {});
// The translation key of a followed-up goal's mark ("follow_up.achieved", …; "" unmarked).
const char* goalMarkKey(const std::string& mark);
// Followed-up goals of an earlier discussion (or a group's followed-up priorities) with their
// marks and comments, read-only, under `title`, each with its year as `yearKey` words it
// ("follow_up.agreed_in", "group.follow_up_recorded_in"); nothing when there are none.
void drawFollowUpSummary(KioskApp& app, const std::string& title, const std::vector<domain::GoalFollowUp>& items,
                         const char* yearKey = "follow_up.agreed_in");
// "Completed in Priima on <date>" under a goal whose methods name a Priima course that
// `staffNumber` has completed; nothing otherwise.
void drawGoalCompletion(KioskApp& app, const std::string& staffNumber, const std::vector<std::string>& methodIds);
// What `staffNumber` completed in Priima and Oss (course or training, date, hours), under a
// heading; nothing when the pull brought none.
void drawCompletions(KioskApp& app, const std::string& staffNumber);
// Where a read-only summary's Silta buttons open their instructions: nowhere (no buttons), in
// the editor's state (its review screen), or the read-only view's (Screen::TeamRecord).
enum class InstructionLinks { None, Editor, TeamRecord };
// How a read-only summary is drawn: whose Priima completions its goals show (drawGoalList; ""
// none), and whether each section has its Silta button.
struct SummaryOptions {
    std::string completedBy;
    InstructionLinks links = InstructionLinks::None;
};
// Every question of the form with its answer (or "no answer"), read-only; each section with its
// Silta button unless `links` is None.
void drawAnswersSummary(KioskApp& app, const catalog::FormTemplate& form,
                        const std::map<std::string, std::string>& answers,
                        InstructionLinks links = InstructionLinks::None);
// A development discussion read-only: a pre-form, or an agreement (notes, the manager's view,
// the agreed goals).
void drawDiscussionSummary(KioskApp& app, const catalog::FormTemplate& form, RecordKind kind,
                           const domain::DevelopmentDiscussion& d, const SummaryOptions& options = {});
// Silta's instructions (docs/integrations.md, "Silta"): a button that shows them in place of the
// page, for the form (`sectionId` "") or a section; nothing when the catalogue gives none.
void drawInstructionsButton(KioskApp& app, const catalog::Instructions& instructions, const std::string& sectionId,
                            InstructionLinks links = InstructionLinks::Editor);
// The instructions shown: their title, a QR code of the URL to scan with a phone, the URL, and
// the way back to the page (instructions_view.cpp).
void drawInstructionsPanel(KioskApp& app, const catalog::InstructionLink& link,
                           InstructionLinks links = InstructionLinks::Editor);
// Any record's content read-only, by its kind.
void drawRecordSummary(KioskApp& app, const catalog::FormTemplate& form, RecordKind kind, const RecordContent& content,
                       const SummaryOptions& options = {});
// Whose completions a development record's goals show: a pre-form's owner, an agreement's
// employee; nobody ("") for the other kinds.
std::string goalsPersonOf(RecordKind kind, const std::string& owner, const std::string& subject);

}  // namespace osm::kiosk::ui

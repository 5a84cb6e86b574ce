// The editor: opening a record (new from a home card, the person's own, or their submitted copy
// from the server), the edit actions the form screens call, autosave, review and submission,
// and a conflict with another terminal's version. Also keeps the session's own records in step
// with the store.
#pragma once

#include "kiosk_context.h"

#include <functional>

namespace osm::kiosk {

// The form's instructions (`sectionId` "") or a section's, or nullptr when the catalogue gives none.
const catalog::Instructions* instructionsOf(const catalog::FormTemplate& form, const std::string& sectionId);

class EditorFlow {
public:
    // `saveAnswered(generation, ok)` hears of every save job as it answers, even one of a
    // session that has ended (the start screen says whether the last draft was saved).
    EditorFlow(KioskContext& context, std::function<void(std::uint64_t generation, bool saved)> saveAnswered);

    EditorState& editor() { return m_editor; }
    const EditorState& editor() const { return m_editor; }
    const catalog::FormTemplate* editorForm() const;
    // The session's copy of the record in the editor (nullptr for one not saved yet).
    const RecordView* editorRecord() const;
    // The next autosave, for the event loop's wait; nullopt when nothing is unsaved.
    std::optional<double> autosaveDeadline() const { return m_autosave.deadline(); }
    int savesInFlight() const { return m_savesInFlight; }

    // --- opening ---
    void openCard(const DueCard& card);
    void openRecord(const std::string& recordId);
    // A record this person wrote on another terminal and submitted, from the server's copy.
    void openServerCopy(const TeamRecord& copy);
    void open(EditorState editor, Screen screen);

    // --- editing: each marks the record edited (read-only records do not change) ---
    void markEdited();
    void setAnswer(const std::string& answerKey, const std::string& text);
    void setRating(const std::string& competenceId, int value);
    void toggleParticipant(const std::string& staffNumber);
    void addGoal();
    void removeGoal(std::size_t goal);
    void setGoalText(std::size_t goal, const std::string& text);
    void setGoalCompetence(std::size_t goal, const std::string& competenceId);
    void toggleMethod(std::size_t goal, const std::string& methodId);
    // A followed-up goal of an earlier discussion (in a group discussion: a development priority
    // of the team's previous one): its mark ("" to clear) and the comment.
    void setFollowUpMark(std::size_t item, const std::string& mark);
    void setFollowUpComment(std::size_t item, const std::string& comment);
    // A pre-form of this person's, editable and with no follow-up yet, takes the goals agreed in
    // their latest earlier discussion to follow up, once the person pull has brought it; a group
    // discussion likewise the development priorities of the team's previous one.
    void fillFollowUp();
    void setPage(int page);  // closes the instructions
    // Shows the form's instructions (`sectionId` ""), a section's, or none (nullopt); a form or
    // section without instructions in the catalogue shows none. Read-only records too.
    void showInstructions(std::optional<std::string> sectionId);
    // The instructions shown, or nullptr.
    const catalog::Instructions* shownInstructions() const;

    // --- review, submission, conflict ---
    void goToReview();
    void backToEditor();
    void submitRecord();
    void backToHome();
    void reopenSubmitted();
    void resolveConflict(bool keepMine);

    // --- saving and the session's records ---
    void tick(double now);  // autosave when due
    // Saves what is on screen when anything is unsaved (at logout, a failed save too).
    void saveIfUnsaved();
    void reloadRecords();
    // After a sync: what the server acknowledged; with `reload`, the records themselves.
    void refreshFromStore(bool reload);
    // Forgets the editor (after wiping its text) and any pending autosave.
    void clear();

private:
    static Screen editorScreen(RecordKind kind);
    // The editor's record as the store keeps it, without version or content.
    StoredRecord recordMeta() const;
    std::string contentJson() const;
    void startSave();
    void onSaved(const std::string& recordId, std::uint64_t version, const Status& status);
    void saveFailed();
    void keepEditsAsConflict(std::uint64_t attemptedVersion);
    // The goal (or training need) at that index when the editor may change it, else nullptr.
    domain::LearningGoal* editableGoal(std::size_t goal);
    domain::GoalFollowUp* editableFollowUp(std::size_t item);
    // fillFollowUp() on the editor as it stands; true when it took goals to follow up.
    bool takeFollowUp();
    // The follow-up list of the editor's kind (a pre-form's goals, a group's priorities).
    std::vector<domain::GoalFollowUp>& followUpList();
    // A group discussion's priorities to follow up, taken again when the participants ticked make
    // another earlier discussion the team's, as long as none is marked or commented yet.
    void retakeGroupFollowUp();

    KioskContext& m_context;
    std::function<void(std::uint64_t, bool)> m_saveAnswered;
    EditorState m_editor;
    AutosaveTimer m_autosave;
    int m_savesInFlight = 0;  // startSave() jobs not answered yet
};

}  // namespace osm::kiosk

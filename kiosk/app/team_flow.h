// What a person's role lets them read and write about others: a manager's direct reports and
// where each stands (report stages), the agreement from a report's discussion and its
// confirmation by the employee, and a principal's or director's unit summary of the unit's group
// discussions. The records come from the server's person pull (SyncReport::shared).
#pragma once

#include "editor_flow.h"
#include "kiosk_context.h"

namespace osm::kiosk {

// A submitted record of someone else as a person pull hands it over (plaintext, version 1): what
// the demo's screenshot tour and the tests give applySyncReport() in place of a server.
sync::RecordEnvelope sharedRecordOf(const std::string& id, const std::string& owner, RecordKind kind,
                                    const std::string& formId, int year, std::string_view plaintext);

class TeamFlow {
public:
    TeamFlow(KioskContext& context, EditorFlow& editor);

    // A manager's direct reports (people of the unit whose manager this person is).
    std::vector<const domain::Person*> directReports() const;
    // The newest readable record of that kind by `owner`.
    const TeamRecord* teamRecordOf(const std::string& owner, RecordKind kind) const;
    // The newest readable record of that kind about `subject` (an employee or a unit).
    const TeamRecord* teamRecordAbout(const std::string& subject, RecordKind kind) const;
    // A report's submitted pre-form of this year, or nullptr.
    const TeamRecord* preFormThisYear(const std::string& staffNumber) const;
    // With an agreement in the editor: the employee's pre-form it answers, shown beside it.
    const domain::DevelopmentDiscussion* editorPreForm() const;
    // A manager's view of a report this year, from the server's states and this terminal's records.
    ReportStage reportStage(const std::string& staffNumber) const;
    // The report's development-discussion window of this year has ended with their pre-form not
    // submitted and nothing recorded yet: late ("Myöhässä"), still to be held.
    bool reportLate(const domain::Person& report) const;
    // The agreement about the logged-in person awaiting (or having) their confirmation: this
    // year's, or an earlier one still unconfirmed.
    const TeamRecord* agreementForMe() const;
    bool agreementConfirmed(const TeamRecord& agreement) const;
    // With a group discussion in the editor: the team's previous one (latestGroupDiscussionBefore:
    // of the same unit and kind, earlier, the recorder took part in it), whose answers are shown
    // under each question and whose development priorities are followed up; else nullptr.
    const TeamRecord* previousGroupDiscussion() const;
    // The unit's group discussions of this year that a principal or director reads.
    std::vector<const TeamRecord*> unitGroupDiscussions() const;
    // Where this year's unit summary stands (for a principal or director).
    SummaryStage summaryStage() const;
    const TeamRecord* openTeamRecord() const;

    // Read-only view of a report's submitted form (Screen::TeamRecord).
    void openTeamRecord(const std::string& owner, RecordKind kind);
    // Silta's instructions on the read-only view, as the editor has them: the form's (""), a
    // section's, or none (nullopt); closed whenever another record is opened.
    void showTeamInstructions(std::optional<std::string> sectionId);
    // The instructions shown on the read-only view, or nullptr.
    const catalog::Instructions* shownTeamInstructions() const;
    // A manager records the discussion with a report: notes, their view of the competences and
    // the agreed goals (new, continued, or changed as a new version once submitted).
    void openAgreement(const std::string& staffNumber);
    // The employee confirms the agreement on screen (Screen::TeamRecord).
    void confirmAgreement();
    // A principal or director writes the unit's summary of the group discussions.
    void openUnitSummary();

    // Takes what a person pull brought for the logged-in person (replacing what was there).
    void takeShared(const SyncReport& report);
    void clear() { m_teamId.clear(); }

private:
    // This year's unit summary on the server (by anyone of the unit), or nullptr.
    const TeamRecord* serverSummaryThisYear() const;

    KioskContext& m_context;
    EditorFlow& m_editor;
    std::string m_teamOwner;
    std::string m_teamId;  // the team record on screen, by id when it has one
    RecordKind m_teamKind = RecordKind::Development;
    std::optional<std::string> m_instructions;
};

}  // namespace osm::kiosk

// KioskApp: the kiosk without a window, as the coordinator of its flows. It owns the screen,
// the language, the idle timer, the tick and logout, and offers the views every action they
// call; the work is done by the flows (login_flow.h, enrolment_flow.h, editor_flow.h,
// team_flow.h), which share a KioskContext. Slow work (Argon2id, SQLite) runs on the Worker;
// its results come back through Worker::pump().
//
// Thread safety: every public method is for the main thread. The KioskStore is only touched
// from Worker jobs.
#pragma once

#include "editor_flow.h"
#include "enrolment_flow.h"
#include "i18n.h"
#include "kiosk_context.h"
#include "login_flow.h"
#include "about_me.h"
#include "team_flow.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace osm::kiosk {

class KioskApp {
public:
    KioskApp(KioskConfig config, KioskStore store, catalog::Catalog catalog, Translations translations,
             const Clock& clock, Worker& worker);
    ~KioskApp();
    KioskApp(const KioskApp&) = delete;
    KioskApp& operator=(const KioskApp&) = delete;

    // --- reading ---------------------------------------------------------------------------
    Screen screen() const { return m_context.screen; }
    catalog::Lang lang() const { return m_lang; }
    const std::string& tr(std::string_view key) const { return m_translations.text(m_lang, key); }
    const Translations& translations() const { return m_translations; }
    const catalog::Catalog& catalog() const { return m_context.catalog; }
    const KioskConfig& config() const { return m_context.config; }
    const Clock& clock() const { return m_context.clock; }
    const std::string& unitName() const { return m_context.unitName; }
    const std::string& serverStatusKey() const { return m_context.serverStatusKey; }
    // "tpm.in_use", "tpm.none", or "" (the demo: no line).
    const std::string& tpmStatusKey() const { return m_context.tpmStatusKey; }
    bool loggedIn() const { return m_context.session != nullptr; }
    const Session* session() const { return m_context.session.get(); }
    std::vector<DueCard> dueCards() const;
    // The name of a person of the unit, or the staff number when they are not on the roster.
    std::string nameOf(const std::string& staffNumber) const;
    std::vector<const domain::Person*> directReports() const { return m_team.directReports(); }
    const TeamRecord* teamRecordOf(const std::string& owner, RecordKind kind) const {
        return m_team.teamRecordOf(owner, kind);
    }
    const TeamRecord* teamRecordAbout(const std::string& subject, RecordKind kind) const {
        return m_team.teamRecordAbout(subject, kind);
    }
    const RecordView* ownRecord(const std::string& id) const;
    ReportStage reportStage(const std::string& staffNumber) const { return m_team.reportStage(staffNumber); }
    bool reportLate(const domain::Person& report) const { return m_team.reportLate(report); }
    const TeamRecord* agreementForMe() const { return m_team.agreementForMe(); }
    bool agreementConfirmed(const TeamRecord& agreement) const { return m_team.agreementConfirmed(agreement); }
    std::vector<const TeamRecord*> unitGroupDiscussions() const { return m_team.unitGroupDiscussions(); }
    const TeamRecord* previousGroupDiscussion() const { return m_team.previousGroupDiscussion(); }
    SummaryStage summaryStage() const { return m_team.summaryStage(); }
    const TeamRecord* openTeamRecord() const { return m_team.openTeamRecord(); }
    // With an agreement in the editor: the employee's pre-form beside it (nullptr when none).
    const domain::DevelopmentDiscussion* editorPreForm() const { return m_team.editorPreForm(); }
    // The agreement of the person's latest development discussion before this year, whose agreed
    // goals they follow up this year (nullptr when none has been pulled).
    const TeamRecord* agreementToFollowUp() const;
    // This year's pre-form's follow-up of those goals, when the person has marked any.
    const std::vector<domain::GoalFollowUp>* followUpMarks() const;
    const catalog::FormTemplate* editorForm() const { return m_editor.editorForm(); }
    const RecordView* editorRecord() const { return m_editor.editorRecord(); }
    // Seconds left before the idle logout, when the countdown is showing.
    std::optional<int> idleCountdown() const;
    // Whether the person has a draft of their own here (what logging out keeps), and so the
    // countdown's text that says so or not.
    bool hasDraft() const;
    const char* idleWarningKey() const { return hasDraft() ? "idle.warning" : "idle.warning_no_draft"; }
    // How long the event loop may sleep before a timer needs it.
    double secondsUntilNextTimer() const;
    bool busy() const { return m_context.pendingJobs > 0; }

    // Screen states; views type into the text fields of the login and enrolment screens in
    // place. The editor's content changes only through the edit actions of editing() (tests may
    // set it directly, then call editing().markEdited()).
    StartState& start() { return m_login.start(); }
    PinState& pin() { return m_login.pin(); }
    FirstUseState& firstUse() { return m_login.firstUse(); }
    EnrolState& enrolState() { return m_enrolment.state(); }
    bool enrolled() const { return m_enrolment.enrolled(); }
    EditorState& editor() { return m_editor.editor(); }
    const StartState& start() const { return m_login.start(); }
    const PinState& pin() const { return m_login.pin(); }
    const FirstUseState& firstUse() const { return m_login.firstUse(); }
    const EditorState& editor() const { return m_editor.editor(); }

    // --- actions ---------------------------------------------------------------------------
    void setLanguage(catalog::Lang lang);
    void noteActivity();  // any input: postpones the idle logout
    void tick();          // timers: idle logout, autosave
    void submitStaffNumber();
    void submitPin();
    void submitFirstUse();
    void cancelLogin();
    void logout(bool idle = false);
    // The record on screen and its actions (editor_flow.h: open, edit, review, submit, resolve a
    // conflict). Reaching it counts as activity that postpones the idle logout; every edit action
    // marks the record edited, so it is autosaved.
    EditorFlow& editing() {
        noteActivity();
        return m_editor;
    }
    // Read-only view of a report's submitted form (Screen::TeamRecord).
    void openTeamRecord(const std::string& owner, RecordKind kind);
    // Silta's instructions on the read-only view (TeamFlow::showTeamInstructions).
    void showTeamInstructions(std::optional<std::string> sectionId) {
        m_team.showTeamInstructions(std::move(sectionId));
    }
    const catalog::Instructions* shownTeamInstructions() const { return m_team.shownTeamInstructions(); }
    // A manager records the discussion with a report (team_flow.h).
    void openAgreement(const std::string& staffNumber);
    // The employee confirms the agreement on screen (Screen::TeamRecord).
    void confirmAgreement();
    // A principal or director writes the unit's summary of the group discussions.
    void openUnitSummary();
    // "Tiedot minusta" (Screen::MyData): what is stored about the logged-in person (about_me.h).
    // Back home with editing().backToHome().
    void openMyData();
    MyDataView myData() const;

    // For tests and shutdown: finish all background work and apply its results.
    void settle() { m_context.worker.drain(); }

    // Sync: the hook asks the sync worker to sync now; with a person, also to pull that
    // person's records (signed with their key). Reports come back through applySyncReport().
    void setSyncHook(SyncHook hook) { m_context.syncHook = std::move(hook); }
    void applySyncReport(const SyncReport& report, const std::string& unitName = {});
    void setServerKey(const std::string& hex) { m_context.setServerKey(hex); }
    // The terminal's TPM (null: none): PINs are bound to it from the next login on. Call before
    // the first login.
    void setTpm(std::shared_ptr<tpm::TpmDevice> tpm) {
        m_context.tpmStatusKey = tpm ? "tpm.in_use" : "tpm.none";
        m_context.tpm = std::move(tpm);
    }

    // Enrolment: the hook hands the request to the sync worker; the answer comes back through
    // applyEnrolment() on the main thread.
    void setEnrolHook(EnrolmentFlow::EnrolHook hook) { m_enrolment.setHook(std::move(hook)); }
    void openEnrolment() { m_enrolment.open(); }
    void submitEnrolment() { m_enrolment.submit(); }
    void applyEnrolment(const Result<DeviceInfo>& device, const std::string& unitName) {
        m_enrolment.apply(device, unitName);
    }

private:
    void beginSession(Session session);
    void noteLogoutSave(std::uint64_t generation, bool saved);
    void wipeSession();
    void useNextCatalog();

    KioskContext m_context;
    Translations m_translations;
    LoginFlow m_login;
    EnrolmentFlow m_enrolment;
    EditorFlow m_editor;
    TeamFlow m_team;

    catalog::Lang m_lang = catalog::Lang::Fi;
    IdleTimer m_idle;
    // The session just closed with a save still running: the start screen's notice follows it.
    struct LogoutSave {
        std::uint64_t generation = 0;
        bool idle = false;
        bool pending = false;
        bool failed = false;
        bool hadDraft = true;
    };
    LogoutSave m_logoutSave;
    // The year's catalogue as the server published it again, waiting for the session to end.
    std::optional<catalog::Catalog> m_nextCatalog;
};

}  // namespace osm::kiosk

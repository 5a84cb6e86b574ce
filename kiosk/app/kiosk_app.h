// KioskApp: everything the kiosk does, without a window. Screens are plain state structs that
// the ImGui views read (and whose text fields they edit in place); actions are methods. Slow
// work (Argon2id, SQLite) runs on the Worker; its results come back through Worker::pump().
//
// Thread safety: every public method is for the main thread. The KioskStore is only touched
// from Worker jobs.
#pragma once

#include "catalog/catalog.h"
#include "crypto/kdf.h"
#include "crypto/secret_buffer.h"
#include "domain/annual_clock.h"
#include "domain/discussion.h"
#include "i18n.h"
#include "local_store.h"
#include "session_rules.h"
#include "sync_engine.h"
#include "worker.h"

#include <functional>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace osm::kiosk {

class Clock {
public:
    virtual ~Clock() = default;
    virtual double monotonic() const = 0;  // seconds, for timers
    virtual std::int64_t unixSeconds() const = 0;
    virtual domain::Date date() const = 0;
};

// The real clock; `fixedDate` pins the calendar date (the demo shows the discussion season).
class SystemClock : public Clock {
public:
    explicit SystemClock(std::optional<domain::Date> fixedDate = std::nullopt) : m_fixedDate(fixedDate) {}
    double monotonic() const override;
    std::int64_t unixSeconds() const override;
    domain::Date date() const override;

private:
    std::optional<domain::Date> m_fixedDate;
};

struct KioskConfig {
    PinPolicy pinPolicy;
    GuardPolicy guardPolicy;
    double idleTimeoutSeconds = 120;
    double idleWarningSeconds = 30;
    crypto::KdfParams newPinParams = crypto::defaultKdfParams();
    bool demo = false;
};

enum class Screen { Start, Pin, FirstUse, Home, DevelopmentForm, GroupForm, Review, Conflict, Enrol, TeamRecord, SummaryForm };
const char* screenName(Screen screen);

enum class SaveStatus { Clean, Unsaved, Saving, Saved, Failed };

struct StartState {
    std::string staffNumber;
    std::string errorKey;
    std::string noticeKey;  // e.g. "logout.idle" after an automatic logout
    bool checking = false;
};

struct PinState {
    std::string staffNumber;
    std::string name;
    std::string pin;
    std::string errorKey;
    std::int64_t retryAt = 0;      // unix seconds; attempts before this are refused
    std::int64_t lockedUntil = 0;  // unix seconds; 0 when not locked
    bool checking = false;
};

struct FirstUseState {
    std::string staffNumber;
    std::string name;
    std::string code;
    std::string newPin;
    std::string confirmPin;
    std::string errorKey;
    bool checking = false;
};

// Enrolling the terminal with the sync server (whoever installs it: server address and the
// one-time code from HR).
struct EnrolState {
    std::string serverUrl = "https://";
    std::string code;
    std::string errorKey;
    std::string detail;  // the server's or the network's own words, for the installer
    bool busy = false;
};

// What a record holds once opened, for every kind; only the part of its kind is filled in.
struct RecordContent {
    domain::DevelopmentDiscussion development;  // a pre-form, or an agreement's discussion
    domain::GroupDiscussion group;
    domain::UnitSummary summary;
    domain::Confirmation confirmation;
    // An agreement: whom it is about, and the pre-form it answers.
    std::string subject;
    std::string preFormId;
    std::uint64_t preFormVersion = 0;
};

// The content as JSON (what is sealed), and back; false when the text is not of that kind.
std::string contentJson(RecordKind kind, const RecordContent& content);
bool parseContent(RecordKind kind, std::string_view json, RecordContent& out);
void wipeContent(RecordContent& content);
// The form and year of the content.
const std::string& formIdOf(RecordKind kind, const RecordContent& content);
int yearOf(RecordKind kind, const RecordContent& content);

// One of the logged-in person's records, opened with their key.
struct RecordView : RecordContent {
    std::string id;
    RecordKind kind = RecordKind::Development;
    std::string formId;
    int year = 0;
    std::uint64_t version = 0;
    RecordState state = RecordState::Draft;
    std::int64_t updatedAt = 0;
    bool unreadable = false;  // failed authentication: shown, never opened
    bool onServer = false;    // the server acknowledged this version
    bool conflict = false;    // the server kept another version
    std::shared_ptr<RecordView> theirs;  // with a conflict: the server's version, once pulled
};

// One entry of the home screen: a discussion the annual clock gives this person this year.
struct DueCard {
    const catalog::ClockEvent* event = nullptr;
    domain::Date opens;
    domain::Date closes;
    bool dueNow = false;
    std::string groupKind;  // for group discussions
    const RecordView* record = nullptr;  // the person's record for it, if any
};

struct EditorState : RecordContent {
    std::string recordId;
    RecordKind kind = RecordKind::Development;
    std::uint64_t confirmedVersion = 0;  // the version the store holds
    std::uint64_t postedVersion = 0;     // the last version sent to the store
    std::uint64_t serverVersion = 0;     // a record started from the server's copy: its version there
    RecordState state = RecordState::Draft;
    int page = 0;  // development: one page per section, then ratings, then goals
    SaveStatus save = SaveStatus::Clean;
    std::vector<domain::ValidationIssue> issues;
    bool submitting = false;

    bool readOnly() const { return state != RecordState::Draft; }
};

// A submitted record of someone else that this person may read: a manager's direct report's
// pre-form, a group discussion or unit summary of a director's unit, the agreement about this
// person (and its confirmation), or the agreements this manager recorded.
struct TeamRecord : RecordContent {
    std::string id;
    std::string owner;
    RecordKind kind = RecordKind::Development;
    int year = 0;
    std::uint64_t version = 0;
    std::string plainHash;  // of the content as received: what a confirmation names
};

// Where a manager's direct report stands this year (domain.md §10).
enum class ReportStage { NotStarted, Draft, Submitted, Discussed, Agreed };
const char* reportStageKey(ReportStage stage);

struct Session {
    domain::Person person;
    std::shared_ptr<const crypto::SecretBuffer> key;
    std::shared_ptr<const crypto::SigningKeyPair> personKey;
    std::vector<RecordView> records;
    std::vector<domain::Person> unitPeople;  // for choosing group-discussion participants
    // What the person's role lets them read of others (in memory only, wiped at logout).
    std::vector<TeamRecord> team;
    std::vector<TeamStatus> teamStatus;  // the server's view of the reports' states
};

class KioskApp {
public:
    KioskApp(KioskConfig config, KioskStore store, catalog::Catalog catalog, Translations translations,
             const Clock& clock, Worker& worker);
    ~KioskApp();
    KioskApp(const KioskApp&) = delete;
    KioskApp& operator=(const KioskApp&) = delete;

    // --- reading ---------------------------------------------------------------------------
    Screen screen() const { return m_screen; }
    catalog::Lang lang() const { return m_lang; }
    const std::string& tr(std::string_view key) const { return m_translations.text(m_lang, key); }
    const Translations& translations() const { return m_translations; }
    const catalog::Catalog& catalog() const { return m_catalog; }
    const KioskConfig& config() const { return m_config; }
    const Clock& clock() const { return m_clock; }
    const std::string& unitName() const { return m_unitName; }
    const std::string& serverStatusKey() const { return m_serverStatusKey; }
    bool loggedIn() const { return m_session != nullptr; }
    const Session* session() const { return m_session.get(); }
    std::vector<DueCard> dueCards() const;
    // A manager's direct reports (people of the unit whose manager this person is).
    std::vector<const domain::Person*> directReports() const;
    const TeamRecord* teamRecordOf(const std::string& owner, RecordKind kind) const;
    // The newest readable record of that kind about `subject` (an employee or a unit).
    const TeamRecord* teamRecordAbout(const std::string& subject, RecordKind kind) const;
    const RecordView* ownRecord(const std::string& id) const;
    // A manager's view of a report this year, from the server's states and this terminal's records.
    ReportStage reportStage(const std::string& staffNumber) const;
    // The agreement about the logged-in person awaiting (or having) their confirmation.
    const TeamRecord* agreementForMe() const;
    bool agreementConfirmed(const TeamRecord& agreement) const;
    // The unit's group discussions of this year that a principal or director reads.
    std::vector<const TeamRecord*> unitGroupDiscussions() const;
    const TeamRecord* openTeamRecord() const;
    // Goals of last year's development discussion, for follow-up.
    std::vector<domain::LearningGoal> lastYearGoals() const;
    const catalog::FormTemplate* editorForm() const;
    // Seconds left before the idle logout, when the countdown is showing.
    std::optional<int> idleCountdown() const;
    // How long the event loop may sleep before a timer needs it.
    double secondsUntilNextTimer() const;
    bool busy() const;

    // Screen states; views edit the text fields in place and then call the matching action.
    StartState& start() { return m_start; }
    PinState& pin() { return m_pin; }
    FirstUseState& firstUse() { return m_firstUse; }
    EnrolState& enrolState() { return m_enrol; }
    bool enrolled() const { return m_serverKey.has_value(); }
    EditorState& editor() { return m_editor; }
    const StartState& start() const { return m_start; }
    const PinState& pin() const { return m_pin; }
    const FirstUseState& firstUse() const { return m_firstUse; }
    const EditorState& editor() const { return m_editor; }

    // --- actions ---------------------------------------------------------------------------
    void setLanguage(catalog::Lang lang);
    void noteActivity();            // any input: postpones the idle logout
    void tick();                    // timers: idle logout, autosave
    void submitStaffNumber();
    void submitPin();
    void submitFirstUse();
    void cancelLogin();
    void openCard(const DueCard& card);
    void openRecord(const std::string& recordId);
    void markEdited();
    void setPage(int page);
    void goToReview();
    void backToEditor();
    void submitRecord();
    void backToHome();
    void logout(bool idle = false);
    // Read-only view of a report's submitted form (Screen::TeamRecord).
    void openTeamRecord(const std::string& owner, RecordKind kind);
    // A manager records the discussion with a report: notes, their view of the competences and
    // the agreed goals (new, continued, or changed as a new version once submitted).
    void openAgreement(const std::string& staffNumber);
    void reopenSubmitted();  // an agreement on the review screen: change it as a new version
    // The employee confirms the agreement on screen (Screen::TeamRecord).
    void confirmAgreement();
    // A principal or director writes the unit's summary of the group discussions.
    void openUnitSummary();
    // With a conflict on screen: keep this terminal's version (as a new version on top of the
    // server's) or take the server's.
    void resolveConflict(bool keepMine);
    const RecordView* editorRecord() const;

    // For tests and shutdown: finish all background work and apply its results.
    void settle() { m_worker.drain(); }

    // Sync: the hook asks the sync worker to sync now; with a person, also to pull that
    // person's records (signed with their key). Reports come back through applySyncReport().
    using SyncHook = std::function<void(const std::string& staffNumber, std::shared_ptr<const crypto::SigningKeyPair> personKey)>;
    void setSyncHook(SyncHook hook) { m_syncHook = std::move(hook); }
    void applySyncReport(const SyncReport& report, const std::string& unitName = {});
    void setServerKey(const std::string& hex);

    // Enrolment: the hook hands the request to the sync worker; the answer comes back through
    // applyEnrolment() on the main thread.
    using EnrolHook = std::function<void(const std::string& serverUrl, const std::string& code)>;
    void setEnrolHook(EnrolHook hook) { m_enrolHook = std::move(hook); }
    void openEnrolment();
    void submitEnrolment();
    void applyEnrolment(const Result<DeviceInfo>& device, const std::string& unitName);

private:
    struct LoginResult;
    void beginSession(Session session);
    void finishLogin(const std::string& staffNumber, LoginResult result, bool firstUse);
    void openEditor(EditorState editor, Screen screen);
    void startSave();
    void onSaved(std::uint64_t generation, const std::string& recordId, std::uint64_t version, Status status);
    void noteLogoutSave(std::uint64_t generation, bool saved);
    void keepEditsAsConflict(std::uint64_t attemptedVersion);
    void wipeSession();
    std::string newRecordId() const;
    void reloadRecords();
    std::string contentJson() const;
    static Screen editorScreen(RecordKind kind);
    void openServerCopy(const TeamRecord& copy);
    // The editor's record as the store keeps it, without version or content.
    StoredRecord editorRecordMeta() const;

    KioskConfig m_config;
    KioskStore m_store;  // worker thread only
    catalog::Catalog m_catalog;
    Translations m_translations;
    const Clock& m_clock;
    Worker& m_worker;

    catalog::Lang m_lang = catalog::Lang::Fi;
    Screen m_screen = Screen::Start;
    std::string m_unitName;
    std::string m_serverStatusKey = "server.never";
    StartState m_start;
    PinState m_pin;
    FirstUseState m_firstUse;
    EditorState m_editor;
    std::unique_ptr<Session> m_session;
    std::uint64_t m_generation = 0;  // bumps at every login and logout; stale results are ignored
    int m_pendingJobs = 0;
    int m_savesInFlight = 0;  // startSave() jobs not answered yet
    IdleTimer m_idle;
    AutosaveTimer m_autosave;
    std::optional<crypto::PublicKey> m_serverKey;
    SyncHook m_syncHook;
    EnrolHook m_enrolHook;
    EnrolState m_enrol;
    std::string m_teamOwner;
    std::string m_teamId;  // the team record on screen, by id when it has one
    RecordKind m_teamKind = RecordKind::Development;
    // The session just closed with a save still running: the start screen's notice follows it.
    struct LogoutSave {
        std::uint64_t generation = 0;
        bool idle = false;
        bool pending = false;
        bool failed = false;
    };
    LogoutSave m_logoutSave;
};

}  // namespace osm::kiosk

// A logged-in person's session and the record types it holds: their own records opened with
// their key, the editor on screen, what their role lets them read of others, and the home
// screen's cards. All of it lives in memory only and is wiped at logout.
#pragma once

#include "catalog/catalog.h"
#include "crypto/secret_buffer.h"
#include "crypto/signing.h"
#include "domain/annual_clock.h"
#include "record_content.h"
#include "sync_engine.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace osm::kiosk {

enum class SaveStatus { Clean, Unsaved, Saving, Saved, Failed };

// One of the logged-in person's records, opened with their key.
struct RecordView : RecordContent {
    std::string id;
    RecordKind kind = RecordKind::Development;
    std::string formId;
    int year = 0;
    std::uint64_t version = 0;
    RecordState state = RecordState::Draft;
    std::int64_t updatedAt = 0;
    bool unreadable = false;             // failed authentication: shown, never opened
    bool onServer = false;               // the server acknowledged this version
    bool conflict = false;               // the server kept another version
    std::shared_ptr<RecordView> theirs;  // with a conflict: the server's version, once pulled
};

// One entry of the home screen: a discussion the annual clock gives this person this year.
struct DueCard {
    const catalog::ClockEvent* event = nullptr;
    domain::Date opens;
    domain::Date closes;
    bool dueNow = false;                 // may be started or continued now: its window is open, or it is late
    std::string groupKind;               // for group discussions
    const RecordView* record = nullptr;  // the person's record for it, if any
    domain::WindowState window = domain::WindowState::Open;
    // The window has ended with the discussion not started or still a draft ("Myöhässä"): it
    // can still be held.
    bool late = false;
    // A cross-unit group's discussion (domain::leaderGroupOfKind: the principals' and directors'
    // team, the management group): recorded on the leaders' web, never at a terminal, which
    // would file it under its unit. The card only says so, with its window; it opens nothing,
    // has no record (the terminal cannot know whether it was recorded) and is never `late`.
    bool onLeadersWeb = false;
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
    // Silta's instructions shown as a QR code in place of the page: none, the form's (""), or
    // the section's with this id.
    std::optional<std::string> instructions;

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

// Where a manager's direct report stands this year (docs/model.md, "Forms and the records they make").
enum class ReportStage { NotStarted, Draft, Submitted, Discussed, Agreed };
const char* reportStageKey(ReportStage stage);

// Where this year's unit summary stands for a principal or director.
enum class SummaryStage { NotStarted, Draft, Done };

struct Session {
    domain::Person person;
    std::shared_ptr<const crypto::SecretBuffer> key;
    std::shared_ptr<const crypto::SigningKeyPair> personKey;
    std::vector<RecordView> records;
    std::vector<domain::Person> unitPeople;  // for choosing group-discussion participants
    // What the person's role lets them read of others (in memory only, wiped at logout).
    std::vector<TeamRecord> team;
    std::vector<TeamStatus> teamStatus;  // the server's view of the reports' states
    // Who the server handed the person's records to, and when (its read log), from this
    // session's pull; `pulled` once that pull was answered.
    std::vector<sync::RecordReads> reads;
    // The person's own records as the server holds them, without content (from the same pull):
    // also those written at other terminals.
    std::vector<sync::OwnRecordListing> onServer;
    // What the person (and a manager's reports) completed in Priima and Oss (the same pull).
    std::vector<sync::Completion> completions;
    bool pulled = false;
    bool pinJustSet = false;  // logged in by setting a first PIN (the home screen says so)
};

// The agreement about the session's person from their latest development discussion before
// `year` (whichever terminal or manager held it, as the person pull brings it), or nullptr: its
// agreed goals are the ones followed up in `year` (docs/model.md, "Follow-up of agreed goals").
const TeamRecord* latestAgreementBefore(const Session& session, int year);
// The team's previous group discussion for `current`, which the session's person records: one of
// the same unit and group kind, of an earlier year, in which the session's person took part, as
// their pull brings it. Of the latest such year, the one sharing most participants with `current`
// (two teams' discussions of a unit may have had someone in common). nullptr if there is none.
// Its development priorities are followed up in `current` (docs/decisions.md).
const TeamRecord* latestGroupDiscussionBefore(const Session& session, const domain::GroupDiscussion& current);

// The completions of `staffNumber` the session's pull brought, oldest first.
std::vector<const sync::Completion*> completionsOf(const Session& session, const std::string& staffNumber);
// The latest Priima completion by `staffNumber` of a course that a goal names among its methods
// ("priima.<course>"), or nullptr: the follow-up shows it beside the goal.
const sync::Completion* priimaCompletionOf(const Session& session, const std::string& staffNumber,
                                           const std::vector<std::string>& methodIds);

// The session's own record with that id, or nullptr.
const RecordView* findRecord(const Session& session, const std::string& id);
RecordView* findRecord(Session& session, const std::string& id);
// Worker: every record of the person opened with their key, with the server's version beside
// those in conflict. An altered or misplaced row is marked unreadable and never parsed.
std::vector<RecordView> loadRecordViews(KioskStore& store, const crypto::SecretBuffer& key, const std::string& owner);
// Overwrites the plaintext of everything the session holds (its records and its team's).
void wipeSession(Session& session);

}  // namespace osm::kiosk

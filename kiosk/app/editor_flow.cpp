// The editor. Every change starts the autosave timer; a save seals the content on the worker
// and the screen says "saved" only once the store has answered for the newest version.
#include "editor_flow.h"

#include "crypto/encoding.h"
#include "domain/rights.h"
#include "record_sealing.h"

#include <algorithm>

namespace osm::kiosk {

using catalog::FormKind;

EditorFlow::EditorFlow(KioskContext& context, std::function<void(std::uint64_t, bool)> saveAnswered)
    : m_context(context), m_saveAnswered(std::move(saveAnswered)) {}

Screen EditorFlow::editorScreen(RecordKind kind) {
    switch (kind) {
    case RecordKind::Group: return Screen::GroupForm;
    case RecordKind::UnitSummary: return Screen::SummaryForm;
    default: return Screen::DevelopmentForm;
    }
}

const catalog::FormTemplate* EditorFlow::editorForm() const { return m_context.catalog.findForm(recordMeta().formId); }

const RecordView* EditorFlow::editorRecord() const {
    return m_context.session ? findRecord(*m_context.session, m_editor.recordId) : nullptr;
}

StoredRecord EditorFlow::recordMeta() const {
    StoredRecord record;
    record.id = m_editor.recordId;
    record.owner = m_context.session ? m_context.session->person.staffNumber : std::string();
    record.kind = m_editor.kind;
    record.formId = formIdOf(m_editor.kind, m_editor);
    record.year = yearOf(m_editor.kind, m_editor);
    record.state = m_editor.state;
    record.syncedVersion = m_editor.serverVersion;  // a record started from the server's copy
    record.updatedAt = m_context.clock.unixSeconds();
    return record;
}

std::string EditorFlow::contentJson() const { return kiosk::contentJson(m_editor.kind, m_editor); }

// [opening] ------------------------------------------------------------------------------------

void EditorFlow::openCard(const DueCard& card) {
    const Session* session = m_context.session.get();
    if (session == nullptr || card.event == nullptr) return;
    // Recorded on the leaders' web only: a terminal would file it under its unit.
    if (card.onLeadersWeb || domain::leaderGroupOfKind(card.groupKind)) return;
    if (card.record != nullptr) {
        openRecord(card.record->id);
        return;
    }
    const catalog::FormTemplate* form = m_context.catalog.findForm(card.event->formId);
    if (form == nullptr) return;
    const int year = m_context.clock.date().year;
    EditorState editor;
    editor.recordId = "r-" + crypto::toHex(crypto::randomBytes(12));
    if (form->kind == FormKind::DevelopmentDiscussion) {
        editor.kind = RecordKind::Development;
        editor.development = domain::newDevelopmentDiscussion(*form, m_context.catalog);
        editor.development.year = year;
        open(std::move(editor), Screen::DevelopmentForm);
        takeFollowUp();  // part of the new record, saved with its first change
    } else {
        editor.kind = RecordKind::Group;
        editor.group = domain::newGroupDiscussion(*form, year, card.groupKind, session->person.unitId);
        editor.group.recordedBy = session->person.staffNumber;
        editor.group.participants = {session->person.staffNumber};
        open(std::move(editor), Screen::GroupForm);
        takeFollowUp();  // the team's previous priorities, saved with the first change
    }
}

void EditorFlow::openRecord(const std::string& recordId) {
    if (!m_context.session) return;
    const RecordView* record = findRecord(*m_context.session, recordId);
    if (record == nullptr || record->unreadable) return;
    EditorState editor;
    editor.recordId = record->id;
    editor.kind = record->kind;
    editor.confirmedVersion = editor.postedVersion = record->version;
    editor.state = record->state;
    static_cast<RecordContent&>(editor) = *record;
    editor.save = SaveStatus::Saved;
    const Screen screen = record->conflict    ? Screen::Conflict
                          : editor.readOnly() ? Screen::Review
                                              : editorScreen(record->kind);
    open(std::move(editor), screen);
    if (m_editor.readOnly()) m_editor.issues.clear();
    fillFollowUp();  // a draft begun before the person pull had brought the agreed goals
}

// Changing it (an agreement) continues as a new version on top of the server's.
void EditorFlow::openServerCopy(const TeamRecord& copy) {
    EditorState editor;
    static_cast<RecordContent&>(editor) = copy;
    editor.recordId = copy.id;
    editor.kind = copy.kind;
    editor.serverVersion = editor.confirmedVersion = editor.postedVersion = copy.version;
    editor.state = RecordState::Received;
    editor.save = SaveStatus::Saved;
    open(std::move(editor), Screen::Review);
}

void EditorFlow::open(EditorState editor, Screen screen) {
    m_editor = std::move(editor);
    m_autosave = AutosaveTimer{};
    m_context.screen = screen;
}

// [editing] ------------------------------------------------------------------------------------

void EditorFlow::markEdited() {
    if (m_editor.readOnly()) return;
    m_autosave.edited(m_context.clock.monotonic());
    m_editor.save = SaveStatus::Unsaved;
}

void EditorFlow::setAnswer(const std::string& answerKey, const std::string& text) {
    if (m_editor.readOnly()) return;
    answersOf(m_editor.kind, m_editor)[answerKey] = text;
    markEdited();
}

void EditorFlow::setRating(const std::string& competenceId, int value) {
    if (m_editor.readOnly()) return;
    m_editor.development.setRating(competenceId, value);
    markEdited();
}

void EditorFlow::toggleParticipant(const std::string& staffNumber) {
    if (m_editor.readOnly()) return;
    auto& list = m_editor.group.participants;
    if (auto it = std::find(list.begin(), list.end(), staffNumber); it != list.end())
        list.erase(it);
    else
        list.push_back(staffNumber);
    retakeGroupFollowUp();
    markEdited();
}

domain::LearningGoal* EditorFlow::editableGoal(std::size_t goal) {
    auto& goals = goalsOf(m_editor.kind, m_editor);
    return m_editor.readOnly() || goal >= goals.size() ? nullptr : &goals[goal];
}

void EditorFlow::addGoal() {
    if (m_editor.readOnly()) return;
    goalsOf(m_editor.kind, m_editor).push_back({});
    markEdited();
}

void EditorFlow::removeGoal(std::size_t goal) {
    if (editableGoal(goal) == nullptr) return;
    auto& goals = goalsOf(m_editor.kind, m_editor);
    goals.erase(goals.begin() + static_cast<std::ptrdiff_t>(goal));
    markEdited();
}

void EditorFlow::setGoalText(std::size_t goal, const std::string& text) {
    if (domain::LearningGoal* g = editableGoal(goal)) {
        g->text = text;
        markEdited();
    }
}

void EditorFlow::setGoalCompetence(std::size_t goal, const std::string& competenceId) {
    if (domain::LearningGoal* g = editableGoal(goal)) {
        g->competenceId = competenceId;
        markEdited();
    }
}

void EditorFlow::toggleMethod(std::size_t goal, const std::string& methodId) {
    domain::LearningGoal* g = editableGoal(goal);
    if (g == nullptr) return;
    if (auto it = std::find(g->methodIds.begin(), g->methodIds.end(), methodId); it != g->methodIds.end())
        g->methodIds.erase(it);
    else
        g->methodIds.push_back(methodId);
    markEdited();
}

std::vector<domain::GoalFollowUp>& EditorFlow::followUpList() {
    return m_editor.kind == RecordKind::Group ? m_editor.group.followUp : m_editor.development.followUp;
}

domain::GoalFollowUp* EditorFlow::editableFollowUp(std::size_t item) {
    auto& list = followUpList();
    const bool follows = m_editor.kind == RecordKind::Development || m_editor.kind == RecordKind::Group;
    return m_editor.readOnly() || !follows || item >= list.size() ? nullptr : &list[item];
}

void EditorFlow::setFollowUpMark(std::size_t item, const std::string& mark) {
    if (domain::GoalFollowUp* f = editableFollowUp(item); f != nullptr && (mark.empty() || domain::isGoalMark(mark))) {
        f->mark = mark;
        markEdited();
    }
}

void EditorFlow::setFollowUpComment(std::size_t item, const std::string& comment) {
    if (domain::GoalFollowUp* f = editableFollowUp(item)) {
        f->comment = comment;
        markEdited();
    }
}

bool EditorFlow::takeFollowUp() {
    const Session* session = m_context.session.get();
    if (session == nullptr || m_editor.readOnly() || !followUpList().empty()) return false;
    if (m_editor.kind == RecordKind::Group) {
        const TeamRecord* previous = latestGroupDiscussionBefore(*session, m_editor.group);
        if (previous == nullptr) return false;
        m_editor.group.followUp = domain::followUpOf(previous->group);
        return !m_editor.group.followUp.empty();
    }
    domain::DevelopmentDiscussion& d = m_editor.development;
    if (m_editor.kind != RecordKind::Development) return false;
    const TeamRecord* agreed = latestAgreementBefore(*session, d.year);
    if (agreed == nullptr || agreed->development.goals.empty()) return false;
    d.followUp = domain::followUpOf(agreed->development);
    return true;
}

void EditorFlow::retakeGroupFollowUp() {
    const Session* session = m_context.session.get();
    auto& list = m_editor.group.followUp;
    if (session == nullptr || m_editor.kind != RecordKind::Group || m_editor.readOnly()) return;
    const bool touched = std::any_of(list.begin(), list.end(), [](const domain::GoalFollowUp& item) {
        return !item.mark.empty() || !item.comment.empty();
    });
    if (touched) return;
    const TeamRecord* previous = latestGroupDiscussionBefore(*session, m_editor.group);
    list = previous != nullptr ? domain::followUpOf(previous->group) : std::vector<domain::GoalFollowUp>{};
}

void EditorFlow::fillFollowUp() {
    if (m_context.screen != Screen::Review && m_context.screen != Screen::Conflict && takeFollowUp()) markEdited();
}

void EditorFlow::setPage(int page) {
    m_editor.page = std::max(0, page);
    m_editor.instructions.reset();
}

void EditorFlow::showInstructions(std::optional<std::string> sectionId) {
    m_editor.instructions = std::move(sectionId);
    if (shownInstructions() == nullptr) m_editor.instructions.reset();
}

const catalog::Instructions* instructionsOf(const catalog::FormTemplate& form, const std::string& sectionId) {
    const catalog::Instructions* found = nullptr;
    if (sectionId.empty()) found = &form.instructions;
    for (const catalog::Section& section : form.sections) {
        if (section.id == sectionId) found = &section.instructions;
    }
    return found != nullptr && !found->empty() ? found : nullptr;
}

const catalog::Instructions* EditorFlow::shownInstructions() const {
    const catalog::FormTemplate* form = editorForm();
    if (form == nullptr || !m_editor.instructions) return nullptr;
    return instructionsOf(*form, *m_editor.instructions);
}

// [review, submission, conflict] -------------------------------------------------------------

void EditorFlow::goToReview() {
    if (editorForm() == nullptr) return;
    m_editor.issues = validateContent(m_editor.kind, m_editor, m_context.catalog);
    m_editor.instructions.reset();  // the review opens on the whole record
    m_context.screen = Screen::Review;
}

void EditorFlow::backToEditor() {
    if (m_editor.readOnly()) {
        backToHome();
        return;
    }
    m_context.screen = editorScreen(m_editor.kind);
}

void EditorFlow::submitRecord() {
    if (m_editor.readOnly() || m_editor.submitting) return;
    goToReview();
    if (!m_editor.issues.empty()) return;
    m_editor.state = RecordState::Ready;
    m_editor.submitting = true;
    startSave();
}

void EditorFlow::backToHome() {
    if (m_autosave.dirty() || m_editor.save == SaveStatus::Failed) startSave();
    m_context.screen = Screen::Home;
}

void EditorFlow::reopenSubmitted() {
    if (m_editor.kind != RecordKind::Agreement || !m_editor.readOnly() || m_editor.submitting) return;
    m_editor.state = RecordState::Draft;
    m_editor.issues.clear();
    m_editor.page = 0;
    m_context.screen = Screen::DevelopmentForm;
    markEdited();  // saved at once as the next version, a draft until recorded again
}

void EditorFlow::resolveConflict(bool keepMine) {
    const RecordView* record = editorRecord();
    if (record == nullptr || !record->conflict || record->theirs == nullptr) return;
    const std::uint64_t theirsVersion = record->theirs->version;
    const std::uint64_t newVersion = std::max(record->version, theirsVersion) + 1;
    const Session& session = *m_context.session;
    KioskContext& c = m_context;
    c.runJob(
        [&c, id = record->id, keepMine, theirsVersion, newVersion, key = session.key, personKey = session.personKey,
         plain = contentJson()]() mutable {
            Status status = makeError(ErrorCode::NotFound, "the server's version is not here");
            auto mine = c.store.record(id);
            auto theirs = c.store.incoming(id);
            if (mine && mine->has_value() && theirs && theirs->has_value()) {
                StoredRecord chosen = keepMine ? **mine : **theirs;
                chosen.updatedAt = c.clock.unixSeconds();
                if (keepMine) {
                    // Mine, as a new version on top of theirs, so the server takes it as a plain update.
                    chosen.version = newVersion;
                    chosen.syncedVersion = theirsVersion;
                    // A submission stays a submission: its box to the server does not depend on the version.
                    status = sealForAuthor(chosen, *key, *personKey, plain)
                                 ? c.store.resolveConflict(chosen)
                                 : Status{makeError(ErrorCode::Internal, "sealing failed")};
                } else {
                    status = c.store.resolveConflict(chosen);
                }
            }
            crypto::wipe(plain);
            return status;
        },
        [this](const Status& status) {
            if (!m_context.session) return;
            if (!status) {
                m_editor.save = SaveStatus::Failed;
                return;
            }
            m_editor = EditorState{};
            reloadRecords();
            m_context.screen = Screen::Home;
            m_context.requestSync();
        });
}

// [saving] -------------------------------------------------------------------------------------

void EditorFlow::tick(double now) {
    if (m_context.session && m_autosave.due(now)) startSave();
}

void EditorFlow::saveIfUnsaved() {
    if (m_autosave.dirty() || m_editor.save == SaveStatus::Unsaved || m_editor.save == SaveStatus::Failed) startSave();
}

namespace {

struct SaveAnswer {
    std::string id;
    std::uint64_t version = 0;
    Status status;
};

}  // namespace

void EditorFlow::startSave() {
    if (!m_context.session) return;
    m_autosave.saving();
    m_editor.save = SaveStatus::Saving;
    StoredRecord record = recordMeta();
    record.version = ++m_editor.postedVersion;
    ++m_savesInFlight;
    const Session& session = *m_context.session;
    KioskContext& c = m_context;
    c.runJob(
        [&c, key = session.key, personKey = session.personKey, serverKey = c.serverKey, record = std::move(record),
         plain = contentJson()]() mutable {
            // What goes to the server of a submission: a copy sealed to the server (when the
            // terminal knows the server yet).
            const Status status = sealAndSave(c.store, record, *key, *personKey, serverKey, plain);
            crypto::wipe(plain);
            return SaveAnswer{record.id, record.version, status};
        },
        [this](const SaveAnswer& answer) { onSaved(answer.id, answer.version, answer.status); },
        [this, generation = c.generation](const SaveAnswer& answer) {
            --m_savesInFlight;
            m_saveAnswered(generation, answer.status.ok());
        });
}

void EditorFlow::saveFailed() {
    m_editor.postedVersion = m_editor.confirmedVersion;
    m_editor.save = SaveStatus::Failed;
    m_editor.submitting = false;
    m_autosave.edited(m_context.clock.monotonic());
}

void EditorFlow::onSaved(const std::string& recordId, std::uint64_t version, const Status& status) {
    if (!m_context.session || recordId != m_editor.recordId) return;
    if (!status && status.error().code == ErrorCode::Conflict) {
        keepEditsAsConflict(version);
        return;
    }
    if (!status) {
        // Nothing was written: fall back to the stored version and try again shortly; the
        // screen says "not saved" until a save succeeds.
        if (m_editor.state == RecordState::Ready && m_editor.confirmedVersion == 0) m_editor.state = RecordState::Draft;
        saveFailed();
        return;
    }
    m_editor.confirmedVersion = std::max(m_editor.confirmedVersion, version);
    if (!m_autosave.dirty() && m_editor.confirmedVersion == m_editor.postedVersion) m_editor.save = SaveStatus::Saved;

    // Keep the session's copy in step, so the home screen shows the saved state.
    Session& session = *m_context.session;
    RecordView* view = findRecord(session, recordId);
    if (view == nullptr) {
        view = &session.records.emplace_back();
        view->id = recordId;
    }
    view->kind = m_editor.kind;
    const StoredRecord meta = recordMeta();
    view->formId = meta.formId;
    view->year = meta.year;
    view->version = version;
    view->state = m_editor.state;
    view->updatedAt = m_context.clock.unixSeconds();
    static_cast<RecordContent&>(*view) = m_editor;

    view->onServer = false;
    if (m_editor.submitting && version == m_editor.postedVersion) {
        m_editor.submitting = false;
        m_context.screen = Screen::Home;
        m_context.requestSync();  // send it now if the server is there
    }
}

// The record changed underneath the editor (the sync brought another terminal's version while
// it was open): what is on screen is saved on top, as a conflict the author resolves, so
// neither version is lost.
void EditorFlow::keepEditsAsConflict(std::uint64_t attemptedVersion) {
    if (!m_context.session) return;
    const Session& session = *m_context.session;
    KioskContext& c = m_context;
    c.runJob(
        [&c, mine = recordMeta(), key = session.key, personKey = session.personKey, plain = contentJson(),
         attemptedVersion]() mutable {
            Status status = makeError(ErrorCode::NotFound, "the record is gone");
            auto current = c.store.record(mine.id);
            if (current && current->has_value() && (*current)->version + 1 == attemptedVersion) {
                // The store did not move: the write itself failed (a constraint, a full disk).
                status = makeError(ErrorCode::Io, "the save failed");
            } else if (current && current->has_value()) {
                mine.version = (*current)->version + 1;
                mine.syncedVersion = (*current)->syncedVersion;
                mine.state = RecordState::Draft;  // the author decides again once they have compared
                if (sealForAuthor(mine, *key, *personKey, plain)) status = c.store.saveAsConflict(mine);
            }
            crypto::wipe(plain);
            return std::make_pair(status, mine.version);
        },
        [this](const std::pair<Status, std::uint64_t>& answer) {
            if (!m_context.session) return;
            if (!answer.first) {
                saveFailed();
                return;
            }
            m_editor.confirmedVersion = m_editor.postedVersion = answer.second;
            m_editor.state = RecordState::Draft;
            m_editor.save = m_autosave.dirty() ? SaveStatus::Unsaved : SaveStatus::Saved;
            reloadRecords();
        });
}

// [the session's records] ----------------------------------------------------------------------

void EditorFlow::reloadRecords() {
    if (!m_context.session) return;
    KioskContext& c = m_context;
    c.runJob([&c, key = c.session->key,
              owner = c.session->person.staffNumber] { return loadRecordViews(c.store, *key, owner); },
             [this](std::vector<RecordView> views) {
                 if (!m_context.session) return;
                 // The record being edited keeps its content as it is on screen; its state (versions,
                 // conflict, the other terminal's copy) comes fresh from the store.
                 for (RecordView& view : views) {
                     if (view.id == m_editor.recordId) static_cast<RecordContent&>(view) = m_editor;
                 }
                 m_context.session->records = std::move(views);
             });
}

void EditorFlow::refreshFromStore(bool reload) {
    KioskContext& c = m_context;
    c.runJob([&c, owner = c.session->person.staffNumber] { return c.store.recordsOf(owner); },
             [this, reload](const Result<std::vector<StoredRecord>>& rows) {
                 if (!rows || !m_context.session) return;
                 for (const StoredRecord& row : *rows) {
                     RecordView* view = findRecord(*m_context.session, row.id);
                     if (view == nullptr) continue;
                     view->state = row.state;
                     view->onServer = row.syncedVersion == row.version;
                     view->conflict = row.conflict;
                 }
                 if (reload) reloadRecords();
             });
}

void EditorFlow::clear() {
    wipeContent(m_editor);
    m_editor = EditorState{};
    m_autosave = AutosaveTimer{};
}

}  // namespace osm::kiosk

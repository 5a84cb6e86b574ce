// The team: others' records as the person pull delivers them, in memory only. Stages combine
// the server's view (team_status) with what this terminal holds, which may be newer.
#include "team_flow.h"

#include "crypto/encoding.h"
#include "record_sealing.h"

#include <algorithm>

namespace osm::kiosk {

using catalog::FormKind;

sync::RecordEnvelope sharedRecordOf(const std::string& id, const std::string& owner, RecordKind kind,
                                    const std::string& formId, int year, std::string_view plaintext) {
    sync::RecordEnvelope e;
    e.id = id;
    e.owner = owner;
    e.kind = kind;
    e.formId = formId;
    e.year = year;
    e.version = 1;
    e.state = sync::RecordStateWire::Submitted;
    e.payload.assign(plaintext.begin(), plaintext.end());
    return e;
}

TeamFlow::TeamFlow(KioskContext& context, EditorFlow& editor) : m_context(context), m_editor(editor) {}

std::vector<const domain::Person*> TeamFlow::directReports() const {
    std::vector<const domain::Person*> out;
    const Session* session = m_context.session.get();
    if (session == nullptr || !session->person.isManager()) return out;
    for (const domain::Person& p : session->unitPeople) {
        if (p.managerStaffNumber == session->person.staffNumber) out.push_back(&p);
    }
    return out;
}

const TeamRecord* TeamFlow::teamRecordOf(const std::string& owner, RecordKind kind) const {
    if (!m_context.session) return nullptr;
    const TeamRecord* newest = nullptr;
    for (const TeamRecord& r : m_context.session->team) {
        if (r.owner == owner && r.kind == kind && (newest == nullptr || r.year > newest->year)) newest = &r;
    }
    return newest;
}

const TeamRecord* TeamFlow::teamRecordAbout(const std::string& subject, RecordKind kind) const {
    if (!m_context.session) return nullptr;
    const TeamRecord* newest = nullptr;
    for (const TeamRecord& r : m_context.session->team) {
        const std::string& about = kind == RecordKind::UnitSummary ? r.summary.unitId : r.subject;
        if (r.kind == kind && about == subject && (newest == nullptr || r.year > newest->year)) newest = &r;
    }
    return newest;
}

const TeamRecord* TeamFlow::preFormThisYear(const std::string& staffNumber) const {
    const TeamRecord* preForm = teamRecordOf(staffNumber, RecordKind::Development);
    return preForm != nullptr && preForm->year == m_context.clock.date().year ? preForm : nullptr;
}

const domain::DevelopmentDiscussion* TeamFlow::editorPreForm() const {
    const EditorState& e = m_editor.editor();
    if (e.kind != RecordKind::Agreement) return nullptr;
    const TeamRecord* preForm = teamRecordOf(e.subject, RecordKind::Development);
    return preForm != nullptr && preForm->year == e.development.year ? &preForm->development : nullptr;
}

ReportStage TeamFlow::reportStage(const std::string& staffNumber) const {
    if (!m_context.session) return ReportStage::NotStarted;
    const int year = m_context.clock.date().year;
    const TeamStatus* status = nullptr;
    for (const TeamStatus& s : m_context.session->teamStatus) {
        if (s.staffNumber == staffNumber && s.year == year) status = &s;
    }
    const RecordView* local = findRecord(*m_context.session, domain::agreementRecordId(year, staffNumber));
    if (status != nullptr && status->confirmedVersion != 0 && status->confirmedVersion == status->agreementVersion &&
        (local == nullptr || local->version == status->agreementVersion)) {
        return ReportStage::Agreed;
    }
    if ((local != nullptr && local->state != RecordState::Draft) ||
        (status != nullptr && status->agreementVersion > 0)) {
        return ReportStage::Discussed;
    }
    if (preFormThisYear(staffNumber) != nullptr || (status != nullptr && status->preForm == "submitted")) {
        return ReportStage::Submitted;
    }
    if (status != nullptr && status->preForm == "draft") return ReportStage::Draft;
    return ReportStage::NotStarted;
}

bool TeamFlow::reportLate(const domain::Person& report) const {
    const ReportStage stage = reportStage(report.staffNumber);
    if (stage != ReportStage::NotStarted && stage != ReportStage::Draft) return false;
    const domain::Date today = m_context.clock.date();
    const auto window = domain::developmentWindow(report, m_context.catalog, today.year);
    return window.has_value() && domain::windowState(*window, today) == domain::WindowState::Late;
}

const TeamRecord* TeamFlow::agreementForMe() const {
    if (!m_context.session) return nullptr;
    const TeamRecord* newest = teamRecordAbout(m_context.session->person.staffNumber, RecordKind::Agreement);
    // An earlier year's, once confirmed, is no longer for the person to act on: its goals are
    // followed up instead (KioskApp::agreementToFollowUp).
    if (newest != nullptr && newest->year < m_context.clock.date().year && agreementConfirmed(*newest)) return nullptr;
    return newest;
}

bool TeamFlow::agreementConfirmed(const TeamRecord& agreement) const {
    if (!m_context.session) return false;
    const std::string id = domain::confirmationRecordId(agreement.year, agreement.subject, agreement.version);
    if (findRecord(*m_context.session, id) != nullptr) return true;
    for (const TeamRecord& r : m_context.session->team) {
        if (r.kind == RecordKind::Confirmation && r.owner == agreement.subject &&
            r.confirmation.agreementId == agreement.id && r.confirmation.agreementVersion == agreement.version) {
            return true;
        }
    }
    return false;
}

const TeamRecord* TeamFlow::previousGroupDiscussion() const {
    const EditorState& e = m_editor.editor();
    if (!m_context.session || e.kind != RecordKind::Group) return nullptr;
    return latestGroupDiscussionBefore(*m_context.session, e.group);
}

std::vector<const TeamRecord*> TeamFlow::unitGroupDiscussions() const {
    std::vector<const TeamRecord*> out;
    if (!m_context.session) return out;
    for (const TeamRecord& r : m_context.session->team) {
        if (r.kind == RecordKind::Group && r.year == m_context.clock.date().year) out.push_back(&r);
    }
    return out;
}

const TeamRecord* TeamFlow::serverSummaryThisYear() const {
    const TeamRecord* server = teamRecordAbout(m_context.session->person.unitId, RecordKind::UnitSummary);
    return server != nullptr && server->year == m_context.clock.date().year ? server : nullptr;
}

SummaryStage TeamFlow::summaryStage() const {
    if (!m_context.session) return SummaryStage::NotStarted;
    const Session& session = *m_context.session;
    const RecordView* own =
        findRecord(session, domain::unitSummaryRecordId(m_context.clock.date().year, session.person.unitId));
    if ((own != nullptr && own->state != RecordState::Draft) || serverSummaryThisYear() != nullptr)
        return SummaryStage::Done;
    return own != nullptr ? SummaryStage::Draft : SummaryStage::NotStarted;
}

const TeamRecord* TeamFlow::openTeamRecord() const {
    if (!m_teamId.empty() && m_context.session) {
        for (const TeamRecord& r : m_context.session->team) {
            if (r.id == m_teamId) return &r;
        }
        return nullptr;
    }
    return teamRecordOf(m_teamOwner, m_teamKind);
}

void TeamFlow::openTeamRecord(const std::string& owner, RecordKind kind) {
    const TeamRecord* record = teamRecordOf(owner, kind);
    if (record == nullptr) return;
    m_teamOwner = owner;
    m_teamKind = kind;
    m_teamId = record->id;
    m_instructions.reset();
    m_context.screen = Screen::TeamRecord;
}

void TeamFlow::showTeamInstructions(std::optional<std::string> sectionId) { m_instructions = std::move(sectionId); }

const catalog::Instructions* TeamFlow::shownTeamInstructions() const {
    const TeamRecord* record = openTeamRecord();
    if (record == nullptr || !m_instructions) return nullptr;
    const catalog::FormTemplate* form = m_context.catalog.findForm(formIdOf(record->kind, *record));
    return form != nullptr ? instructionsOf(*form, *m_instructions) : nullptr;
}

void TeamFlow::openAgreement(const std::string& staffNumber) {
    if (!m_context.session) return;
    const int year = m_context.clock.date().year;
    const std::string id = domain::agreementRecordId(year, staffNumber);
    if (const RecordView* own = findRecord(*m_context.session, id); own != nullptr && !own->unreadable) {
        m_editor.openRecord(id);
        return;
    }
    const TeamRecord* server = teamRecordAbout(staffNumber, RecordKind::Agreement);
    if (server != nullptr && server->owner == m_context.session->person.staffNumber && server->year == year) {
        m_editor.openServerCopy(*server);
        return;
    }
    const auto reports = directReports();
    auto report = std::find_if(reports.begin(), reports.end(),
                               [&](const domain::Person* p) { return p->staffNumber == staffNumber; });
    if (report == reports.end()) return;
    const TeamRecord* preForm = preFormThisYear(staffNumber);
    const catalog::FormTemplate* form =
        m_context.catalog.findForm(preForm != nullptr       ? preForm->development.formId
                                   : (*report)->isManager() ? "development_discussion_manager"
                                                            : "development_discussion_staff");
    if (form == nullptr) return;
    const domain::Agreement agreement = domain::newAgreement(
        staffNumber, preForm != nullptr ? preForm->id : std::string(), preForm != nullptr ? preForm->version : 0,
        preForm != nullptr ? preForm->development : domain::DevelopmentDiscussion{}, *form, m_context.catalog);
    EditorState editor;
    editor.recordId = id;
    editor.kind = RecordKind::Agreement;
    editor.subject = agreement.employee;
    editor.preFormId = agreement.preFormId;
    editor.preFormVersion = agreement.preFormVersion;
    editor.development = agreement.discussion;
    editor.development.year = year;
    m_editor.open(std::move(editor), Screen::DevelopmentForm);
}

void TeamFlow::confirmAgreement() {
    const TeamRecord* agreement = openTeamRecord();
    Session* session = m_context.session.get();
    if (session == nullptr || agreement == nullptr || agreement->kind != RecordKind::Agreement ||
        agreement->subject != session->person.staffNumber || agreementConfirmed(*agreement)) {
        return;
    }
    RecordView view;
    view.id = domain::confirmationRecordId(agreement->year, agreement->subject, agreement->version);
    view.kind = RecordKind::Confirmation;
    view.formId = agreement->development.formId;
    view.year = agreement->year;
    view.version = 1;
    view.state = RecordState::Ready;
    view.updatedAt = m_context.clock.unixSeconds();
    view.confirmation = domain::Confirmation{agreement->id, agreement->version, agreement->plainHash};
    StoredRecord record;
    record.id = view.id;
    record.owner = session->person.staffNumber;
    record.kind = view.kind;
    record.formId = view.formId;
    record.year = view.year;
    record.version = 1;
    record.state = RecordState::Ready;
    record.updatedAt = view.updatedAt;
    KioskContext& c = m_context;
    c.runJob(
        [&c, record = std::move(record), plain = contentJson(RecordKind::Confirmation, view), key = session->key,
         personKey = session->personKey, serverKey = c.serverKey]() mutable {
            return sealAndSave(c.store, record, *key, *personKey, serverKey, plain);
        },
        [this](const Status& status) {
            if (!m_context.session) return;
            if (!status) {
                m_editor.editor().save = SaveStatus::Failed;  // the screen says the confirmation was not saved
                return;
            }
            m_editor.editor().save = SaveStatus::Saved;
            m_editor.reloadRecords();
            m_context.requestSync();
        });
    session->records.push_back(std::move(view));  // shown as confirmed at once; the store follows
    m_editor.editor().save = SaveStatus::Saving;
}

void TeamFlow::openUnitSummary() {
    const Session* session = m_context.session.get();
    if (session == nullptr || !session->person.isPrincipalOrDirector()) return;
    const int year = m_context.clock.date().year;
    const std::string& unit = session->person.unitId;
    const std::string id = domain::unitSummaryRecordId(year, unit);
    if (const RecordView* own = findRecord(*session, id); own != nullptr && !own->unreadable) {
        m_editor.openRecord(id);
        return;
    }
    if (const TeamRecord* server = serverSummaryThisYear()) {
        if (server->owner == session->person.staffNumber) {
            m_editor.openServerCopy(*server);
        } else {
            m_teamId = server->id;  // another director of the unit wrote it: read it
            m_context.screen = Screen::TeamRecord;
        }
        return;
    }
    const catalog::FormTemplate* form = nullptr;
    for (const catalog::FormTemplate& f : m_context.catalog.forms) {
        if (f.kind == FormKind::GroupDiscussion) form = &f;
    }
    if (form == nullptr) return;
    EditorState editor;
    editor.recordId = id;
    editor.kind = RecordKind::UnitSummary;
    editor.summary = domain::newUnitSummary(*form, year, unit, session->person.staffNumber);
    for (const TeamRecord* group : unitGroupDiscussions()) editor.summary.sources.push_back(group->id);
    m_editor.open(std::move(editor), Screen::SummaryForm);
}

void TeamFlow::takeShared(const SyncReport& report) {
    Session& session = *m_context.session;
    if (report.sharedFor != session.person.staffNumber) return;
    for (TeamRecord& old : session.team) wipeContent(old);
    session.team.clear();
    for (const sync::RecordEnvelope& e : report.shared) {
        std::string plain(e.payload.begin(), e.payload.end());
        TeamRecord record;
        record.id = e.id;
        record.owner = e.owner;
        record.kind = e.kind;
        record.year = e.year;
        record.version = e.version;
        record.plainHash = crypto::contentHash(plain);
        const bool parsed = parseContent(e.kind, plain, record);
        crypto::wipe(plain);
        if (parsed) session.team.push_back(std::move(record));
    }
    session.teamStatus = report.teamStatus;
    session.reads = report.reads;
    session.onServer = report.ownRecords;
    session.completions = report.completions;
    session.pulled = true;
}

}  // namespace osm::kiosk

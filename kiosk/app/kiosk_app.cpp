// The coordinator: sets up the flows, keeps the screen-wide timers (idle logout, autosave, the
// PIN screen's countdown), opens and closes sessions, and applies sync reports. Each action
// notes activity first (postponing the idle logout), then hands over to its flow.
#include "kiosk_app.h"

#include "domain/rights.h"

#include <algorithm>
#include <cmath>

namespace osm::kiosk {

using catalog::FormKind;
using domain::Date;

namespace {

// What the start screen says after a logout: that the draft is kept only to whom has one.
const char* logoutNotice(bool idle, bool hadDraft) {
    if (idle) return hadDraft ? "logout.idle" : "logout.idle_no_draft";
    return hadDraft ? "logout.done" : "logout.done_no_draft";
}

}  // namespace

KioskApp::KioskApp(KioskConfig config, KioskStore store, catalog::Catalog catalog, Translations translations,
                   const Clock& clock, Worker& worker)
    : m_context(config, std::move(store), std::move(catalog), clock, worker), m_translations(std::move(translations)),
      m_login(m_context, [this](Session session) { beginSession(std::move(session)); }),
      m_enrolment(m_context, m_login),
      m_editor(m_context, [this](std::uint64_t generation, bool saved) { noteLogoutSave(generation, saved); }),
      m_team(m_context, m_editor), m_idle(config.idleTimeoutSeconds, config.idleWarningSeconds) {
    // Read once before any job runs, so the store is still ours alone.
    KioskStore& stored = m_context.store;
    m_context.unitName = stored.setting("unit_name").ok() ? *stored.setting("unit_name") : std::string();
    if (auto lang = stored.setting("language", "fi"); lang.ok()) {
        if (auto parsed = catalog::parseLang(*lang)) m_lang = *parsed;
    }
    if (auto device = stored.device(); device && device->enrolled()) {
        m_context.serverStatusKey = "server.waiting";
        m_context.setServerKey(device->serverKeyHex);
    }
}

KioskApp::~KioskApp() {
    if (m_context.session) logout(false);
    m_context.worker.drain();
}

// [reading] ------------------------------------------------------------------------------------

namespace {

std::string groupKindFor(catalog::Participants participants) {
    switch (participants) {
    case catalog::Participants::Teams: return "team";
    case catalog::Participants::PrincipalsAndDirectors: return "principals_and_directors";
    case catalog::Participants::ServiceAreaManagement: return "service_area_management";
    default: return {};
    }
}

}  // namespace

std::vector<DueCard> KioskApp::dueCards() const {
    std::vector<DueCard> cards;
    const Session* session = m_context.session.get();
    if (session == nullptr) return cards;
    const catalog::Catalog& catalogue = m_context.catalog;
    const Date today = m_context.clock.date();
    for (const domain::ScheduledEvent& scheduled : domain::scheduleFor(session->person, catalogue, today.year)) {
        const catalog::FormTemplate* form = catalogue.findForm(scheduled.event->formId);
        if (form == nullptr || form->kind == FormKind::StrategicDiscussion) continue;
        DueCard card;
        card.event = scheduled.event;
        card.opens = scheduled.opens;
        card.closes = scheduled.closes;
        card.window = domain::windowState(scheduled, today);
        if (form->kind == FormKind::GroupDiscussion) card.groupKind = groupKindFor(scheduled.event->participants);
        if (domain::leaderGroupOfKind(card.groupKind)) {
            card.onLeadersWeb = true;
            card.dueNow = card.window != domain::WindowState::NotYetOpen;
            cards.push_back(card);
            continue;
        }
        for (const RecordView& record : session->records) {
            if (record.kind != RecordKind::Development && record.kind != RecordKind::Group) continue;
            if (record.formId != form->id || record.year != today.year) continue;
            if (form->kind == FormKind::GroupDiscussion && record.group.groupKind != card.groupKind) continue;
            card.record = &record;
            break;
        }
        const bool undone = card.record == nullptr || card.record->state == RecordState::Draft;
        card.late = card.window == domain::WindowState::Late && undone;
        card.dueNow = card.window == domain::WindowState::Open || card.late;
        cards.push_back(card);
    }
    return cards;
}

std::string KioskApp::nameOf(const std::string& staffNumber) const {
    if (m_context.session) {
        for (const domain::Person& p : m_context.session->unitPeople) {
            if (p.staffNumber == staffNumber) return p.name;
        }
    }
    return staffNumber;
}

const RecordView* KioskApp::ownRecord(const std::string& id) const {
    return m_context.session ? findRecord(*m_context.session, id) : nullptr;
}

const TeamRecord* KioskApp::agreementToFollowUp() const {
    return m_context.session ? latestAgreementBefore(*m_context.session, m_context.clock.date().year) : nullptr;
}

const std::vector<domain::GoalFollowUp>* KioskApp::followUpMarks() const {
    if (!m_context.session) return nullptr;
    const int year = m_context.clock.date().year;
    for (const RecordView& record : m_context.session->records) {
        if (record.kind == RecordKind::Development && record.year == year && !record.unreadable &&
            !record.development.followUp.empty())
            return &record.development.followUp;
    }
    return nullptr;
}

std::optional<int> KioskApp::idleCountdown() const {
    if (!m_context.session) return std::nullopt;
    const double now = m_context.clock.monotonic();
    if (!m_idle.warningShown(now)) return std::nullopt;
    return std::max(0, static_cast<int>(std::ceil(m_idle.remaining(now))));
}

bool KioskApp::hasDraft() const {
    if (!m_context.session) return false;
    const EditorState& editor = m_editor.editor();
    if (!editor.readOnly() && editor.save != SaveStatus::Clean) return true;
    for (const RecordView& record : m_context.session->records) {
        if (record.state == RecordState::Draft) return true;
    }
    return false;
}

double KioskApp::secondsUntilNextTimer() const {
    const double now = m_context.clock.monotonic();
    double wait = 60.0;
    if (m_context.session) {
        const double remaining = m_idle.remaining(now);
        const double untilWarning = remaining - m_context.config.idleWarningSeconds;
        // During the countdown, wake on each whole second so the number on screen changes.
        wait = untilWarning > 0 ? untilWarning : remaining - std::floor(remaining) + 0.01;
    }
    if (auto deadline = m_editor.autosaveDeadline()) wait = std::min(wait, *deadline - now);
    if (m_login.countingDown()) wait = std::min(wait, 1.0);
    return std::max(wait, 0.0);
}

// [timers and language] --------------------------------------------------------------------

void KioskApp::setLanguage(catalog::Lang lang) {
    m_lang = lang;
    noteActivity();
}

void KioskApp::noteActivity() { m_idle.activity(m_context.clock.monotonic()); }

void KioskApp::tick() {
    const double now = m_context.clock.monotonic();
    if (m_context.session && m_idle.expired(now)) {
        logout(true);
        return;
    }
    m_editor.tick(now);
    m_login.tick();
}

// [actions handed to the flows] --------------------------------------------------------------

void KioskApp::submitStaffNumber() {
    noteActivity();
    m_login.submitStaffNumber();
}

void KioskApp::submitPin() {
    noteActivity();
    m_login.submitPin();
}

void KioskApp::submitFirstUse() {
    noteActivity();
    m_login.submitFirstUse();
}

void KioskApp::openTeamRecord(const std::string& owner, RecordKind kind) {
    noteActivity();
    m_team.openTeamRecord(owner, kind);
}

void KioskApp::openAgreement(const std::string& staffNumber) {
    noteActivity();
    m_team.openAgreement(staffNumber);
}

void KioskApp::confirmAgreement() {
    noteActivity();
    m_team.confirmAgreement();
}

void KioskApp::openUnitSummary() {
    noteActivity();
    m_team.openUnitSummary();
}

void KioskApp::openMyData() {
    noteActivity();
    if (m_context.session) m_context.screen = Screen::MyData;
}

MyDataView KioskApp::myData() const {
    return m_context.session ? buildMyData(*m_context.session, m_context.unitName) : MyDataView{};
}

// [sessions and sync] --------------------------------------------------------------------------

void KioskApp::cancelLogin() {
    m_login.clear();
    ++m_context.generation;
    m_context.screen = Screen::Start;
}

void KioskApp::beginSession(Session session) {
    ++m_context.generation;
    m_context.session = std::make_unique<Session>(std::move(session));
    m_login.clear();
    m_editor.clear();
    noteActivity();
    m_context.screen = Screen::Home;
    if (m_context.syncHook) m_context.syncHook(m_context.session->person.staffNumber, m_context.session->personKey);
}

void KioskApp::applySyncReport(const SyncReport& report, const std::string& unitName) {
    if (!unitName.empty()) m_context.unitName = unitName;
    std::string& status = m_context.serverStatusKey;
    if (report.refusal == "not_enrolled")
        status = "server.never";
    else if (report.refusal == "stale_timestamp")
        status = "server.clock";  // the queue is kept as it was
    else if (!report.refusal.empty())
        status = "server.refused";
    else
        status = report.reachable ? "server.ok" : "server.unreachable";
    for (const auto& [year, text] : report.catalogTexts) {
        if (year != m_context.catalog.year) continue;  // another year's is taken at the next start
        if (auto parsed = catalog::parseCatalog(text, "catalogue " + std::to_string(year)))
            m_nextCatalog = std::move(*parsed);
    }
    if (!m_context.session) {
        useNextCatalog();
        return;
    }
    m_team.takeShared(report);
    m_editor.fillFollowUp();
    // Refresh what the server has acknowledged (or, after a person pull, the records themselves).
    m_editor.refreshFromStore(report.receivedRecords > 0);
}

void KioskApp::logout(bool idle) {
    if (!m_context.session) return;
    const bool hadDraft = hasDraft();
    // Save what is on screen first: the job holds its own reference to the key, so the
    // session can be wiped right away while the save completes in the background.
    m_editor.saveIfUnsaved();
    // Whether the draft is saved is known only when the last save job answers (it may fail on a
    // full disk); until then the start screen says it is being saved, never that it was.
    const bool saveOutstanding = m_editor.savesInFlight() > 0;
    m_logoutSave = LogoutSave{m_context.generation, idle, saveOutstanding, false, hadDraft};
    wipeSession();
    StartState& start = m_login.start();
    start = StartState{};
    start.noticeKey = saveOutstanding ? "logout.saving" : logoutNotice(idle, hadDraft);
    m_context.screen = Screen::Start;
}

void KioskApp::noteLogoutSave(std::uint64_t generation, bool saved) {
    if (!m_logoutSave.pending || generation != m_logoutSave.generation) return;
    if (!saved) m_logoutSave.failed = true;
    std::string& notice = m_login.start().noticeKey;
    if (m_context.screen != Screen::Start || notice.rfind("logout.", 0) != 0) return;  // someone else is here now
    if (m_logoutSave.failed)
        notice = "logout.notSaved";
    else if (m_editor.savesInFlight() == 0)
        notice = logoutNotice(m_logoutSave.idle, m_logoutSave.hadDraft);
}

void KioskApp::wipeSession() {
    ++m_context.generation;
    m_editor.clear();
    if (m_context.session) kiosk::wipeSession(*m_context.session);
    m_team.clear();
    m_context.session.reset();  // the key is freed (and zeroed) once no save job holds it
    useNextCatalog();
}

// A catalogue published again for the year in use (Priima's courses added, a text corrected)
// replaces the one in use only between sessions: an open form keeps the catalogue it began with.
void KioskApp::useNextCatalog() {
    if (!m_nextCatalog) return;
    m_context.catalog = std::move(*m_nextCatalog);
    m_nextCatalog.reset();
}

}  // namespace osm::kiosk

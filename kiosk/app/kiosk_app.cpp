// The kiosk's behaviour. Sections: [clock] [login] [home] [editor and autosave] [logout].
#include "kiosk_app.h"

#include "crypto/aead.h"
#include "crypto/box.h"
#include "crypto/encoding.h"
#include "sync/protocol.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace osm::kiosk {

using catalog::FormKind;
using domain::Date;

namespace {
std::vector<RecordView> loadViews(KioskStore& store, const crypto::SecretBuffer& key, const std::string& owner);
}  // namespace

// [clock] ------------------------------------------------------------------------------------

double SystemClock::monotonic() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::int64_t SystemClock::unixSeconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Date SystemClock::date() const { return m_fixedDate ? *m_fixedDate : domain::today(); }

const char* screenName(Screen screen) {
    switch (screen) {
    case Screen::Start: return "start";
    case Screen::Pin: return "pin";
    case Screen::FirstUse: return "first_use";
    case Screen::Home: return "home";
    case Screen::DevelopmentForm: return "development_form";
    case Screen::GroupForm: return "group_form";
    case Screen::Review: return "review";
    case Screen::Conflict: return "conflict";
    case Screen::Enrol: return "enrol";
    case Screen::TeamRecord: return "team_record";
    case Screen::SummaryForm: return "summary_form";
    }
    return "start";
}

const char* reportStageKey(ReportStage stage) {
    switch (stage) {
    case ReportStage::NotStarted: return "team.stage.not_started";
    case ReportStage::Draft: return "team.stage.draft";
    case ReportStage::Submitted: return "team.stage.submitted";
    case ReportStage::Discussed: return "team.stage.discussed";
    case ReportStage::Agreed: return "team.stage.agreed";
    }
    return "team.stage.not_started";
}

// [content] ----------------------------------------------------------------------------------

std::string contentJson(RecordKind kind, const RecordContent& c) {
    switch (kind) {
    case RecordKind::Development: return domain::toJson(c.development);
    case RecordKind::Group: return domain::toJson(c.group);
    case RecordKind::Agreement: return domain::toJson(domain::Agreement{c.subject, c.preFormId, c.preFormVersion, c.development});
    case RecordKind::Confirmation: return domain::toJson(c.confirmation);
    case RecordKind::UnitSummary: return domain::toJson(c.summary);
    }
    return {};
}

bool parseContent(RecordKind kind, std::string_view json, RecordContent& out) {
    auto take = [](auto parsed, auto& into) {
        if (!parsed) return false;
        into = std::move(*parsed);
        return true;
    };
    switch (kind) {
    case RecordKind::Development: return take(domain::developmentDiscussionFromJson(json), out.development);
    case RecordKind::Group: return take(domain::groupDiscussionFromJson(json), out.group);
    case RecordKind::Confirmation: return take(domain::confirmationFromJson(json), out.confirmation);
    case RecordKind::UnitSummary: return take(domain::unitSummaryFromJson(json), out.summary);
    case RecordKind::Agreement: {
        auto agreement = domain::agreementFromJson(json);
        if (!agreement) return false;
        out.subject = agreement->employee;
        out.preFormId = agreement->preFormId;
        out.preFormVersion = agreement->preFormVersion;
        out.development = std::move(agreement->discussion);
        return true;
    }
    }
    return false;
}

void wipeContent(RecordContent& c) {
    auto wipeAnswers = [](std::map<std::string, std::string>& answers) {
        for (auto& [key, text] : answers) crypto::wipe(text);
    };
    auto wipeGoals = [](std::vector<domain::LearningGoal>& goals) {
        for (domain::LearningGoal& goal : goals) crypto::wipe(goal.text);
    };
    wipeAnswers(c.development.answers);
    wipeGoals(c.development.goals);
    wipeAnswers(c.group.answers);
    wipeAnswers(c.summary.answers);
    wipeGoals(c.summary.trainingNeeds);
}

const std::string& formIdOf(RecordKind kind, const RecordContent& c) {
    switch (kind) {
    case RecordKind::Group: return c.group.formId;
    case RecordKind::UnitSummary: return c.summary.formId;
    default: return c.development.formId;
    }
}

int yearOf(RecordKind kind, const RecordContent& c) {
    switch (kind) {
    case RecordKind::Group: return c.group.year;
    case RecordKind::UnitSummary: return c.summary.year;
    default: return c.development.year;
    }
}

KioskApp::KioskApp(KioskConfig config, KioskStore store, catalog::Catalog catalog, Translations translations,
                   const Clock& clock, Worker& worker)
    : m_config(config),
      m_store(std::move(store)),
      m_catalog(std::move(catalog)),
      m_translations(std::move(translations)),
      m_clock(clock),
      m_worker(worker),
      m_idle(config.idleTimeoutSeconds, config.idleWarningSeconds) {
    // Read once before any job runs, so the store is still ours alone.
    m_unitName = m_store.setting("unit_name").ok() ? *m_store.setting("unit_name") : std::string();
    if (auto lang = m_store.setting("language", "fi"); lang.ok()) {
        if (auto parsed = catalog::parseLang(*lang)) m_lang = *parsed;
    }
    if (auto device = m_store.device(); device && device->enrolled()) {
        m_serverStatusKey = "server.waiting";
        setServerKey(device->serverKeyHex);
    }
}

void KioskApp::setServerKey(const std::string& hex) {
    auto bytes = crypto::fromHex(hex);
    if (!bytes) return;
    if (auto key = crypto::publicKeyFromBytes(*bytes)) m_serverKey = *key;
}

void KioskApp::openEnrolment() {
    if (m_session || enrolled() || !m_enrolHook) return;
    m_enrol.errorKey.clear();
    m_screen = Screen::Enrol;
}

void KioskApp::submitEnrolment() {
    if (m_enrol.busy || !m_enrolHook) return;
    m_enrol.errorKey.clear();
    m_enrol.detail.clear();
    const bool url = m_enrol.serverUrl.rfind("https://", 0) == 0 || m_enrol.serverUrl.rfind("http://", 0) == 0;
    if (!url || m_enrol.serverUrl.size() < 12) {
        m_enrol.errorKey = "enrol.error.url";
        return;
    }
    if (normaliseSetupCode(m_enrol.code).size() != 12) {
        m_enrol.errorKey = "enrol.error.code_format";
        return;
    }
    m_enrol.busy = true;
    m_enrolHook(m_enrol.serverUrl, m_enrol.code);
}

void KioskApp::applyEnrolment(const Result<DeviceInfo>& device, const std::string& unitName) {
    m_enrol.busy = false;
    if (!device) {
        m_enrol.errorKey = device.error().code == ErrorCode::Io ? "enrol.error.unreachable" : "enrol.error.refused";
        m_enrol.detail = device.error().message;
        return;
    }
    setServerKey(device->serverKeyHex);
    if (!unitName.empty()) m_unitName = unitName;
    m_serverStatusKey = "server.waiting";
    crypto::wipe(m_enrol.code);
    m_enrol = EnrolState{};
    m_start = StartState{};
    m_start.noticeKey = "enrol.done";
    m_screen = Screen::Start;
    if (m_syncHook) m_syncHook({}, nullptr);
}

void KioskApp::applySyncReport(const SyncReport& report, const std::string& unitName) {
    if (!unitName.empty()) m_unitName = unitName;
    if (report.refusal == "not_enrolled") m_serverStatusKey = "server.never";
    else if (report.refusal == "stale_timestamp") m_serverStatusKey = "server.clock";  // the queue is kept as it was
    else if (!report.refusal.empty()) m_serverStatusKey = "server.refused";
    else m_serverStatusKey = report.reachable ? "server.ok" : "server.unreachable";
    if (!m_session) return;
    if (report.sharedFor == m_session->person.staffNumber) {
        for (TeamRecord& old : m_session->team) wipeContent(old);
        m_session->team.clear();
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
            if (parsed) m_session->team.push_back(std::move(record));
        }
        m_session->teamStatus = report.teamStatus;
    }
    // Refresh what the server has acknowledged (or, after a person pull, the records themselves).
    const bool reload = report.receivedRecords > 0;
    ++m_pendingJobs;
    const std::uint64_t generation = m_generation;
    const std::string owner = m_session->person.staffNumber;
    m_worker.post([this, owner, generation, reload]() -> Worker::MainThreadTask {
        auto rows = m_store.recordsOf(owner);
        return [this, generation, reload, rows = std::move(rows)] {
            --m_pendingJobs;
            if (generation != m_generation || !rows || !m_session) return;
            for (const StoredRecord& row : *rows) {
                auto it = std::find_if(m_session->records.begin(), m_session->records.end(), [&](const RecordView& r) { return r.id == row.id; });
                if (it == m_session->records.end()) continue;
                it->state = row.state;
                it->onServer = row.syncedVersion == row.version;
                it->conflict = row.conflict;
            }
            if (reload) reloadRecords();
        };
    });
}

void KioskApp::reloadRecords() {
    if (!m_session) return;
    ++m_pendingJobs;
    const std::uint64_t generation = m_generation;
    auto key = m_session->key;
    const std::string owner = m_session->person.staffNumber;
    m_worker.post([this, key, owner, generation]() -> Worker::MainThreadTask {
        std::vector<RecordView> views = loadViews(m_store, *key, owner);
        return [this, generation, views = std::move(views)]() mutable {
            --m_pendingJobs;
            if (generation != m_generation || !m_session) return;
            // The record being edited keeps its content as it is on screen; its state (versions,
            // conflict, the other terminal's copy) comes fresh from the store.
            for (RecordView& view : views) {
                if (view.id == m_editor.recordId) static_cast<RecordContent&>(view) = m_editor;
            }
            m_session->records = std::move(views);
        };
    });
}

KioskApp::~KioskApp() {
    if (m_session) logout(false);
    m_worker.drain();
}

void KioskApp::setLanguage(catalog::Lang lang) {
    m_lang = lang;
    noteActivity();
}

void KioskApp::noteActivity() { m_idle.activity(m_clock.monotonic()); }

bool KioskApp::busy() const { return m_pendingJobs > 0; }

std::optional<int> KioskApp::idleCountdown() const {
    if (!m_session) return std::nullopt;
    const double now = m_clock.monotonic();
    if (!m_idle.warningShown(now)) return std::nullopt;
    return std::max(0, static_cast<int>(std::ceil(m_idle.remaining(now))));
}

double KioskApp::secondsUntilNextTimer() const {
    const double now = m_clock.monotonic();
    double wait = 60.0;
    if (m_session) {
        const double remaining = m_idle.remaining(now);
        const double untilWarning = remaining - m_config.idleWarningSeconds;
        // During the countdown, wake on each whole second so the number on screen changes.
        wait = untilWarning > 0 ? untilWarning : remaining - std::floor(remaining) + 0.01;
    }
    if (auto deadline = m_autosave.deadline()) wait = std::min(wait, *deadline - now);
    if (m_screen == Screen::Pin && (m_pin.retryAt > 0 || m_pin.lockedUntil > 0)) wait = std::min(wait, 1.0);
    return std::max(wait, 0.0);
}

void KioskApp::tick() {
    const double now = m_clock.monotonic();
    if (m_session && m_idle.expired(now)) {
        logout(true);
        return;
    }
    if (m_session && m_autosave.due(now)) startSave();
    if (m_screen == Screen::Pin && m_pin.retryAt != 0 && m_pin.retryAt <= m_clock.unixSeconds()) {
        m_pin.retryAt = 0;
        if (m_pin.errorKey == "pin.error.wait") m_pin.errorKey.clear();
    }
}

// [login] ------------------------------------------------------------------------------------

struct KioskApp::LoginResult {
    enum class Outcome { Ok, Wrong, Waiting, Locked, Failed } outcome = Outcome::Failed;
    std::int64_t retryAt = 0;
    std::int64_t lockedUntil = 0;
    std::string errorKey;
    std::optional<Session> session;
};

namespace {

crypto::Bytes signatureBytes(const crypto::Signature& signature) { return crypto::Bytes(signature.begin(), signature.end()); }

// Hashes and signs what goes to the server: the sealed draft, or for a submission its box to
// the server (left unsigned while the terminal has no server key yet).
void signForServer(StoredRecord& record, const crypto::SigningKeyPair& personKey) {
    const crypto::Bytes& payload = record.state == RecordState::Draft ? record.sealed : record.serverBox;
    if (payload.empty()) return;
    record.payloadHash = crypto::contentHash(payload);
    record.authorSignature = signatureBytes(crypto::sign(personKey, crypto::asBytes(recordSigningTextOf(record))));
}

// Seals the content for its author at the record's id, owner and version, then signs it.
bool sealForAuthor(StoredRecord& record, const crypto::SecretBuffer& key, const crypto::SigningKeyPair& personKey,
                   std::string_view plain) {
    auto sealed = crypto::seal(key, {record.id, record.owner, record.version}, plain);
    if (!sealed) return false;
    record.sealed = std::move(*sealed);
    signForServer(record, personKey);
    return true;
}

// Opens one stored record with the person's key; an altered or misplaced one is marked
// unreadable and never parsed.
RecordView viewOf(const StoredRecord& row, const crypto::SecretBuffer& key) {
    RecordView view;
    view.id = row.id;
    view.kind = row.kind;
    view.formId = row.formId;
    view.year = row.year;
    view.version = row.version;
    view.state = row.state;
    view.updatedAt = row.updatedAt;
    view.onServer = row.syncedVersion == row.version;
    view.conflict = row.conflict;
    auto plain = crypto::open(key, {row.id, row.owner, row.version}, row.sealed);
    if (!plain) {
        view.unreadable = true;
        return view;
    }
    if (!parseContent(row.kind, std::string_view(reinterpret_cast<const char*>(plain->data()), plain->size()), view)) {
        view.unreadable = true;
    }
    crypto::wipe(*plain);
    return view;
}

// Every record of the person, with the server's version beside those in conflict.
std::vector<RecordView> loadViews(KioskStore& store, const crypto::SecretBuffer& key, const std::string& owner) {
    std::vector<RecordView> views;
    auto rows = store.recordsOf(owner);
    if (!rows) return views;
    for (const StoredRecord& row : *rows) {
        RecordView view = viewOf(row, key);
        if (row.conflict) {
            if (auto theirs = store.incoming(row.id); theirs && theirs->has_value()) {
                const RecordView other = viewOf(**theirs, key);
                if (!other.unreadable) {
                    view.theirs = std::make_shared<RecordView>(other);
                }
            }
        }
        views.push_back(std::move(view));
    }
    return views;
}

// Opens the person's records with their key. A submitted form that has no copy for the server
// yet (submitted before this terminal was enrolled) gets one now, while its plaintext is at hand.
Result<Session> openSession(KioskStore& store, const RosterEntry& entry, crypto::UserKeys keys,
                            const std::optional<crypto::PublicKey>& serverKey) {
    Session session;
    session.person = entry.person;
    auto shared = std::make_shared<crypto::SecretBuffer>(std::move(keys.draftKey));
    session.key = shared;
    session.personKey = std::make_shared<crypto::SigningKeyPair>(std::move(keys.personKey));
    auto rows = store.recordsOf(entry.person.staffNumber);
    if (!rows) return rows.error();
    for (StoredRecord& row : *rows) {
        if (row.state != RecordState::Ready || !row.serverBox.empty() || !serverKey) continue;
        auto plain = crypto::open(*shared, {row.id, row.owner, row.version}, row.sealed);
        if (!plain) continue;
        if (auto box = crypto::sealToServer(*serverKey, *plain)) {
            row.serverBox = std::move(*box);
            row.version += 1;  // a new version, so the change is durable and queued
            if (sealForAuthor(row, *shared, *session.personKey, *plain)) (void)store.saveRecord(row);
        }
        crypto::wipe(*plain);
    }
    session.records = loadViews(store, *shared, entry.person.staffNumber);
    if (auto everyone = store.people()) {
        for (const RosterEntry& other : *everyone) {
            if (other.person.unitId == entry.person.unitId) session.unitPeople.push_back(other.person);
        }
    }
    return session;
}

// Verifies a secret against a stored credential. Returns the derived keys on success.
Result<crypto::UserKeys> checkCredential(const Credential& credential, std::string_view secret) {
    auto params = crypto::KdfParams::parse(credential.kdfParams);
    if (!params) return params.error();
    auto salt = crypto::saltFromHex(credential.saltHex);
    if (!salt) return salt.error();
    auto expected = crypto::fromHex(credential.verifierHex);
    if (!expected || expected->size() != crypto::Verifier{}.size()) {
        return makeError(ErrorCode::InvalidInput, "stored verifier is malformed");
    }
    auto keys = crypto::deriveUserKeys(secret, *salt, *params);
    if (!keys) return keys.error();
    crypto::Verifier want;
    std::copy(expected->begin(), expected->end(), want.begin());
    if (!crypto::verifierEquals(keys->verifier, want)) return makeError(ErrorCode::Refused, "wrong secret");
    return keys;
}

}  // namespace

void KioskApp::submitStaffNumber() {
    noteActivity();
    m_start.errorKey.clear();
    m_start.noticeKey.clear();
    const std::string staffNumber = m_start.staffNumber;
    if (!domain::isValidStaffNumber(staffNumber)) {
        m_start.errorKey = "start.error.format";
        return;
    }
    m_start.checking = true;
    ++m_pendingJobs;
    const std::uint64_t generation = m_generation;
    m_worker.post([this, staffNumber, generation]() -> Worker::MainThreadTask {
        auto entry = m_store.person(staffNumber);
        auto guard = m_store.guard(staffNumber);
        return [this, generation, entry = std::move(entry), guard = std::move(guard)]() mutable {
            --m_pendingJobs;
            m_start.checking = false;
            if (generation != m_generation) return;
            if (!entry || !guard) {
                m_start.errorKey = "error.storage";
                return;
            }
            if (!entry->has_value()) {
                m_start.errorKey = "start.error.unknown";
                return;
            }
            const RosterEntry& found = **entry;
            if (found.pin.empty() && found.setupCode.empty()) {
                m_start.errorKey = "start.error.no_pin";
                return;
            }
            const GuardVerdict verdict = checkGuard(*guard, m_clock.unixSeconds(), m_config.guardPolicy);
            if (found.pin.empty()) {
                m_firstUse = FirstUseState{found.person.staffNumber, found.person.name, {}, {}, {}, {}, false};
                if (verdict.locked) m_firstUse.errorKey = "pin.error.locked";
                m_screen = Screen::FirstUse;
            } else {
                m_pin = PinState{found.person.staffNumber, found.person.name, {}, {}, 0, 0, false};
                if (verdict.locked) {
                    m_pin.lockedUntil = m_clock.unixSeconds() + verdict.waitSeconds;
                    m_pin.errorKey = "pin.error.locked";
                } else if (!verdict.allowed) {
                    m_pin.retryAt = m_clock.unixSeconds() + verdict.waitSeconds;
                    m_pin.errorKey = "pin.error.wait";
                }
                m_screen = Screen::Pin;
            }
            m_start.staffNumber.clear();
        };
    });
}

void KioskApp::submitPin() {
    noteActivity();
    if (m_pin.checking) return;
    if (m_pin.pin.empty()) {
        m_pin.errorKey = "pin.error.empty";
        return;
    }
    m_pin.checking = true;
    m_pin.errorKey.clear();
    ++m_pendingJobs;
    std::string pin = std::move(m_pin.pin);
    crypto::wipe(m_pin.pin);
    const std::string staffNumber = m_pin.staffNumber;
    const std::uint64_t generation = m_generation;
    const std::int64_t now = m_clock.unixSeconds();
    m_worker.post([this, staffNumber, pin = std::move(pin), generation, now, serverKey = m_serverKey]() mutable -> Worker::MainThreadTask {
        LoginResult result;
        auto entry = m_store.person(staffNumber);
        auto guard = m_store.guard(staffNumber);
        if (!entry || !guard || !entry->has_value()) {
            crypto::wipe(pin);
            result.errorKey = "error.storage";
        } else if (GuardVerdict verdict = checkGuard(*guard, now, m_config.guardPolicy); !verdict.allowed) {
            crypto::wipe(pin);
            result.outcome = verdict.locked ? LoginResult::Outcome::Locked : LoginResult::Outcome::Waiting;
            (verdict.locked ? result.lockedUntil : result.retryAt) = now + verdict.waitSeconds;
        } else {
            auto keys = checkCredential((*entry)->pin, pin);
            crypto::wipe(pin);
            if (keys) {
                (void)m_store.putGuard(staffNumber, GuardState{});
                auto session = openSession(m_store, **entry, std::move(*keys), serverKey);
                if (session) {
                    result.outcome = LoginResult::Outcome::Ok;
                    result.session = std::move(*session);
                } else {
                    result.errorKey = "error.storage";
                }
            } else if (keys.error().code == ErrorCode::Refused) {
                const GuardState next = afterFailure(*guard, now, m_config.guardPolicy);
                (void)m_store.putGuard(staffNumber, next);
                result.outcome = next.lockedUntil > now ? LoginResult::Outcome::Locked : LoginResult::Outcome::Wrong;
                result.lockedUntil = next.lockedUntil > now ? next.lockedUntil : 0;
                result.retryAt = next.lastFailureAt + delayAfter(next.failures, m_config.guardPolicy);
            } else {
                result.errorKey = "error.credential";
            }
        }
        return [this, generation, staffNumber, result = std::move(result)]() mutable {
            --m_pendingJobs;
            m_pin.checking = false;
            if (generation != m_generation) return;
            finishLogin(staffNumber, std::move(result), false);
        };
    });
}

void KioskApp::submitFirstUse() {
    noteActivity();
    if (m_firstUse.checking) return;
    m_firstUse.errorKey.clear();
    if (auto problem = checkNewPin(m_firstUse.newPin, m_config.pinPolicy)) {
        m_firstUse.errorKey = *problem;
        return;
    }
    if (m_firstUse.newPin != m_firstUse.confirmPin) {
        m_firstUse.errorKey = "pin.error.mismatch";
        return;
    }
    m_firstUse.checking = true;
    ++m_pendingJobs;
    std::string code = normaliseSetupCode(m_firstUse.code);
    std::string newPin = std::move(m_firstUse.newPin);
    crypto::wipe(m_firstUse.code);
    crypto::wipe(m_firstUse.newPin);
    crypto::wipe(m_firstUse.confirmPin);
    const std::string staffNumber = m_firstUse.staffNumber;
    const std::uint64_t generation = m_generation;
    const std::int64_t now = m_clock.unixSeconds();
    m_worker.post([this, staffNumber, code = std::move(code), newPin = std::move(newPin), generation, now,
                   serverKey = m_serverKey]() mutable -> Worker::MainThreadTask {
        LoginResult result;
        auto entry = m_store.person(staffNumber);
        auto guard = m_store.guard(staffNumber);
        if (!entry || !guard || !entry->has_value() || (*entry)->setupCode.empty()) {
            result.errorKey = "error.storage";
        } else if (GuardVerdict verdict = checkGuard(*guard, now, m_config.guardPolicy); !verdict.allowed) {
            result.outcome = verdict.locked ? LoginResult::Outcome::Locked : LoginResult::Outcome::Waiting;
            (verdict.locked ? result.lockedUntil : result.retryAt) = now + verdict.waitSeconds;
        } else if (auto codeOk = checkCredential((*entry)->setupCode, code); !codeOk) {
            if (codeOk.error().code == ErrorCode::Refused) {
                const GuardState next = afterFailure(*guard, now, m_config.guardPolicy);
                (void)m_store.putGuard(staffNumber, next);
                result.outcome = next.lockedUntil > now ? LoginResult::Outcome::Locked : LoginResult::Outcome::Wrong;
                result.lockedUntil = next.lockedUntil > now ? next.lockedUntil : 0;
                result.retryAt = next.lastFailureAt + delayAfter(next.failures, m_config.guardPolicy);
                result.errorKey = "first_use.error.code";
            } else {
                result.errorKey = "error.credential";
            }
        } else {
            // The code is right: a fresh salt for the new PIN, so nothing derived from the code
            // is ever reused.
            const crypto::Salt salt = crypto::randomSalt();
            auto keys = crypto::deriveUserKeys(newPin, salt, m_config.newPinParams);
            if (!keys) {
                result.errorKey = "error.credential";
            } else {
                const Credential pin{m_config.newPinParams.toString(), crypto::toHex(salt), crypto::toHex(keys->verifier)};
                const std::string personKey = crypto::toHex(keys->personKey.publicKey);
                // Signed with the key the one-time code derives: the server's proof that whoever
                // set this PIN knew the code.
                const crypto::Signature proof =
                    crypto::sign(codeOk->personKey, crypto::asBytes(sync::pinProofText(staffNumber, pin, personKey)));
                RosterEntry updated = **entry;
                updated.pin = pin;
                updated.personKeyHex = personKey;
                if (m_store.setPin(staffNumber, pin, personKey, proof) && m_store.putGuard(staffNumber, GuardState{})) {
                    auto session = openSession(m_store, updated, std::move(*keys), serverKey);
                    if (session) {
                        result.outcome = LoginResult::Outcome::Ok;
                        result.session = std::move(*session);
                    }
                }
                if (result.outcome != LoginResult::Outcome::Ok) result.errorKey = "error.storage";
            }
        }
        crypto::wipe(code);
        crypto::wipe(newPin);
        return [this, generation, staffNumber, result = std::move(result)]() mutable {
            --m_pendingJobs;
            m_firstUse.checking = false;
            if (generation != m_generation) return;
            finishLogin(staffNumber, std::move(result), true);
        };
    });
}

void KioskApp::finishLogin(const std::string& staffNumber, LoginResult result, bool firstUse) {
    std::string& errorKey = firstUse ? m_firstUse.errorKey : m_pin.errorKey;
    switch (result.outcome) {
    case LoginResult::Outcome::Ok:
        beginSession(std::move(*result.session));
        return;
    case LoginResult::Outcome::Locked:
        m_pin.lockedUntil = result.lockedUntil;
        errorKey = "pin.error.locked";
        return;
    case LoginResult::Outcome::Waiting:
        m_pin.retryAt = result.retryAt;
        errorKey = "pin.error.wait";
        return;
    case LoginResult::Outcome::Wrong:
        m_pin.retryAt = result.retryAt > m_clock.unixSeconds() ? result.retryAt : 0;
        errorKey = result.errorKey.empty() ? "pin.error.wrong" : result.errorKey;
        return;
    case LoginResult::Outcome::Failed:
        errorKey = result.errorKey.empty() ? "error.storage" : result.errorKey;
        (void)staffNumber;
        return;
    }
}

void KioskApp::cancelLogin() {
    crypto::wipe(m_pin.pin);
    crypto::wipe(m_firstUse.code);
    crypto::wipe(m_firstUse.newPin);
    crypto::wipe(m_firstUse.confirmPin);
    m_pin = PinState{};
    m_firstUse = FirstUseState{};
    m_start = StartState{};
    ++m_generation;
    m_screen = Screen::Start;
}

void KioskApp::beginSession(Session session) {
    ++m_generation;
    m_session = std::make_unique<Session>(std::move(session));
    m_pin = PinState{};
    m_firstUse = FirstUseState{};
    m_start = StartState{};
    m_editor = EditorState{};
    m_autosave = AutosaveTimer{};
    noteActivity();
    m_screen = Screen::Home;
    if (m_syncHook) m_syncHook(m_session->person.staffNumber, m_session->personKey);
}

// [home] -------------------------------------------------------------------------------------

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
    if (!m_session) return cards;
    const Date today = m_clock.date();
    for (const domain::ScheduledEvent& scheduled : domain::scheduleFor(m_session->person, m_catalog, today.year)) {
        const catalog::FormTemplate* form = m_catalog.findForm(scheduled.event->formId);
        if (form == nullptr || form->kind == FormKind::StrategicDiscussion) continue;
        DueCard card{scheduled.event, scheduled.opens, scheduled.closes,
                     scheduled.opens <= today && today <= scheduled.closes, {}, nullptr};
        if (form->kind == FormKind::GroupDiscussion) card.groupKind = groupKindFor(scheduled.event->participants);
        for (const RecordView& record : m_session->records) {
            if (record.kind != RecordKind::Development && record.kind != RecordKind::Group) continue;
            if (record.formId != form->id || record.year != today.year) continue;
            if (form->kind == FormKind::GroupDiscussion && record.group.groupKind != card.groupKind) continue;
            card.record = &record;
            break;
        }
        cards.push_back(card);
    }
    return cards;
}

std::vector<const domain::Person*> KioskApp::directReports() const {
    std::vector<const domain::Person*> out;
    if (!m_session || !m_session->person.isManager()) return out;
    for (const domain::Person& p : m_session->unitPeople) {
        if (p.managerStaffNumber == m_session->person.staffNumber) out.push_back(&p);
    }
    return out;
}

const TeamRecord* KioskApp::teamRecordOf(const std::string& owner, RecordKind kind) const {
    if (!m_session) return nullptr;
    const TeamRecord* newest = nullptr;
    for (const TeamRecord& r : m_session->team) {
        if (r.owner == owner && r.kind == kind && (newest == nullptr || r.year > newest->year)) newest = &r;
    }
    return newest;
}

const TeamRecord* KioskApp::openTeamRecord() const {
    if (!m_teamId.empty() && m_session) {
        for (const TeamRecord& r : m_session->team) {
            if (r.id == m_teamId) return &r;
        }
        return nullptr;
    }
    return teamRecordOf(m_teamOwner, m_teamKind);
}

void KioskApp::openTeamRecord(const std::string& owner, RecordKind kind) {
    noteActivity();
    const TeamRecord* record = teamRecordOf(owner, kind);
    if (record == nullptr) return;
    m_teamOwner = owner;
    m_teamKind = kind;
    m_teamId = record->id;
    m_screen = Screen::TeamRecord;
}

const TeamRecord* KioskApp::teamRecordAbout(const std::string& subject, RecordKind kind) const {
    if (!m_session) return nullptr;
    const TeamRecord* newest = nullptr;
    for (const TeamRecord& r : m_session->team) {
        const std::string& about = kind == RecordKind::UnitSummary ? r.summary.unitId : r.subject;
        if (r.kind == kind && about == subject && (newest == nullptr || r.year > newest->year)) newest = &r;
    }
    return newest;
}

const RecordView* KioskApp::ownRecord(const std::string& id) const {
    if (!m_session) return nullptr;
    for (const RecordView& r : m_session->records) {
        if (r.id == id) return &r;
    }
    return nullptr;
}

ReportStage KioskApp::reportStage(const std::string& staffNumber) const {
    if (!m_session) return ReportStage::NotStarted;
    const int year = m_clock.date().year;
    const TeamStatus* status = nullptr;
    for (const TeamStatus& s : m_session->teamStatus) {
        if (s.staffNumber == staffNumber && s.year == year) status = &s;
    }
    const RecordView* local = ownRecord(domain::agreementRecordId(year, staffNumber));
    if (status != nullptr && status->confirmedVersion != 0 && status->confirmedVersion == status->agreementVersion &&
        (local == nullptr || local->version == status->agreementVersion)) {
        return ReportStage::Agreed;
    }
    if ((local != nullptr && local->state != RecordState::Draft) || (status != nullptr && status->agreementVersion > 0)) {
        return ReportStage::Discussed;
    }
    const TeamRecord* preForm = teamRecordOf(staffNumber, RecordKind::Development);
    if ((preForm != nullptr && preForm->year == year) || (status != nullptr && status->preForm == "submitted")) {
        return ReportStage::Submitted;
    }
    if (status != nullptr && status->preForm == "draft") return ReportStage::Draft;
    return ReportStage::NotStarted;
}

const TeamRecord* KioskApp::agreementForMe() const {
    return m_session ? teamRecordAbout(m_session->person.staffNumber, RecordKind::Agreement) : nullptr;
}

bool KioskApp::agreementConfirmed(const TeamRecord& agreement) const {
    if (!m_session) return false;
    if (ownRecord(domain::confirmationRecordId(agreement.year, agreement.subject, agreement.version)) != nullptr) return true;
    for (const TeamRecord& r : m_session->team) {
        if (r.kind == RecordKind::Confirmation && r.owner == agreement.subject &&
            r.confirmation.agreementId == agreement.id && r.confirmation.agreementVersion == agreement.version) {
            return true;
        }
    }
    return false;
}

std::vector<const TeamRecord*> KioskApp::unitGroupDiscussions() const {
    std::vector<const TeamRecord*> out;
    if (!m_session) return out;
    for (const TeamRecord& r : m_session->team) {
        if (r.kind == RecordKind::Group && r.year == m_clock.date().year) out.push_back(&r);
    }
    return out;
}

// A record this person wrote on another terminal and submitted: opened read-only from the
// server's copy; changing it (an agreement) continues as a new version on top of that one.
void KioskApp::openServerCopy(const TeamRecord& copy) {
    EditorState editor;
    static_cast<RecordContent&>(editor) = copy;
    editor.recordId = copy.id;
    editor.kind = copy.kind;
    editor.serverVersion = editor.confirmedVersion = editor.postedVersion = copy.version;
    editor.state = RecordState::Received;
    editor.save = SaveStatus::Saved;
    openEditor(std::move(editor), Screen::Review);
}

void KioskApp::openAgreement(const std::string& staffNumber) {
    noteActivity();
    if (!m_session) return;
    const int year = m_clock.date().year;
    const std::string id = domain::agreementRecordId(year, staffNumber);
    if (const RecordView* own = ownRecord(id); own != nullptr && !own->unreadable) {
        openRecord(id);
        return;
    }
    const TeamRecord* server = teamRecordAbout(staffNumber, RecordKind::Agreement);
    if (server != nullptr && server->owner == m_session->person.staffNumber && server->year == year) {
        openServerCopy(*server);
        return;
    }
    const auto reports = directReports();
    auto report = std::find_if(reports.begin(), reports.end(), [&](const domain::Person* p) { return p->staffNumber == staffNumber; });
    if (report == reports.end()) return;
    const TeamRecord* preForm = teamRecordOf(staffNumber, RecordKind::Development);
    if (preForm != nullptr && preForm->year != year) preForm = nullptr;
    const catalog::FormTemplate* form =
        m_catalog.findForm(preForm != nullptr ? preForm->development.formId
                                              : (*report)->isManager() ? "development_discussion_manager" : "development_discussion_staff");
    if (form == nullptr) return;
    const domain::Agreement agreement =
        domain::newAgreement(staffNumber, preForm != nullptr ? preForm->id : std::string(), preForm != nullptr ? preForm->version : 0,
                             preForm != nullptr ? preForm->development : domain::DevelopmentDiscussion{}, *form, m_catalog);
    EditorState editor;
    editor.recordId = id;
    editor.kind = RecordKind::Agreement;
    editor.subject = agreement.employee;
    editor.preFormId = agreement.preFormId;
    editor.preFormVersion = agreement.preFormVersion;
    editor.development = agreement.discussion;
    editor.development.year = year;
    openEditor(std::move(editor), Screen::DevelopmentForm);
}

void KioskApp::reopenSubmitted() {
    noteActivity();
    if (m_editor.kind != RecordKind::Agreement || !m_editor.readOnly() || m_editor.submitting) return;
    m_editor.state = RecordState::Draft;
    m_editor.issues.clear();
    m_editor.page = 0;
    m_screen = Screen::DevelopmentForm;
    markEdited();  // saved at once as the next version, a draft until recorded again
}

void KioskApp::confirmAgreement() {
    noteActivity();
    const TeamRecord* agreement = openTeamRecord();
    if (!m_session || agreement == nullptr || agreement->kind != RecordKind::Agreement ||
        agreement->subject != m_session->person.staffNumber || agreementConfirmed(*agreement)) {
        return;
    }
    RecordView view;
    view.id = domain::confirmationRecordId(agreement->year, agreement->subject, agreement->version);
    view.kind = RecordKind::Confirmation;
    view.formId = agreement->development.formId;
    view.year = agreement->year;
    view.version = 1;
    view.state = RecordState::Ready;
    view.updatedAt = m_clock.unixSeconds();
    view.confirmation = domain::Confirmation{agreement->id, agreement->version, agreement->plainHash};
    StoredRecord record;
    record.id = view.id;
    record.owner = m_session->person.staffNumber;
    record.kind = view.kind;
    record.formId = view.formId;
    record.year = view.year;
    record.version = 1;
    record.state = RecordState::Ready;
    record.updatedAt = view.updatedAt;
    ++m_pendingJobs;
    const std::uint64_t generation = m_generation;
    m_worker.post([this, record = std::move(record), plain = kiosk::contentJson(RecordKind::Confirmation, view), key = m_session->key,
                   personKey = m_session->personKey, serverKey = m_serverKey, generation]() mutable -> Worker::MainThreadTask {
        if (serverKey) {
            if (auto box = crypto::sealToServer(*serverKey, plain)) record.serverBox = std::move(*box);
        }
        const Status status = sealForAuthor(record, *key, *personKey, plain) ? m_store.saveRecord(record)
                                                                             : Status{makeError(ErrorCode::Internal, "sealing failed")};
        return [this, generation, status] {
            --m_pendingJobs;
            if (generation != m_generation || !m_session) return;
            if (!status) {
                m_editor.save = SaveStatus::Failed;  // the screen says the confirmation was not saved
                return;
            }
            m_editor.save = SaveStatus::Saved;
            reloadRecords();
            if (m_syncHook) m_syncHook({}, nullptr);
        };
    });
    m_session->records.push_back(std::move(view));  // shown as confirmed at once; the store follows
    m_editor.save = SaveStatus::Saving;
}

void KioskApp::openUnitSummary() {
    noteActivity();
    if (!m_session || !m_session->person.isPrincipalOrDirector()) return;
    const int year = m_clock.date().year;
    const std::string& unit = m_session->person.unitId;
    const std::string id = domain::unitSummaryRecordId(year, unit);
    if (const RecordView* own = ownRecord(id); own != nullptr && !own->unreadable) {
        openRecord(id);
        return;
    }
    if (const TeamRecord* server = teamRecordAbout(unit, RecordKind::UnitSummary); server != nullptr && server->year == year) {
        if (server->owner == m_session->person.staffNumber) {
            openServerCopy(*server);
        } else {
            m_teamId = server->id;  // another director of the unit wrote it: read it
            m_screen = Screen::TeamRecord;
        }
        return;
    }
    const catalog::FormTemplate* form = nullptr;
    for (const catalog::FormTemplate& f : m_catalog.forms) {
        if (f.kind == FormKind::GroupDiscussion) form = &f;
    }
    if (form == nullptr) return;
    EditorState editor;
    editor.recordId = id;
    editor.kind = RecordKind::UnitSummary;
    editor.summary = domain::newUnitSummary(*form, year, unit, m_session->person.staffNumber);
    for (const TeamRecord* group : unitGroupDiscussions()) editor.summary.sources.push_back(group->id);
    openEditor(std::move(editor), Screen::SummaryForm);
}

std::vector<domain::LearningGoal> KioskApp::lastYearGoals() const {
    if (!m_session) return {};
    const int lastYear = m_clock.date().year - 1;
    for (const RecordView& record : m_session->records) {
        if (record.kind == RecordKind::Development && record.year == lastYear && !record.unreadable) {
            return record.development.goals;
        }
    }
    return {};
}

std::string KioskApp::newRecordId() const { return "r-" + crypto::toHex(crypto::randomBytes(12)); }

void KioskApp::openCard(const DueCard& card) {
    noteActivity();
    if (!m_session || card.event == nullptr) return;
    if (card.record != nullptr) {
        openRecord(card.record->id);
        return;
    }
    const catalog::FormTemplate* form = m_catalog.findForm(card.event->formId);
    if (form == nullptr) return;
    EditorState editor;
    editor.recordId = newRecordId();
    if (form->kind == FormKind::DevelopmentDiscussion) {
        editor.kind = RecordKind::Development;
        editor.development = domain::newDevelopmentDiscussion(*form, m_catalog);
        editor.development.year = m_clock.date().year;
        openEditor(std::move(editor), Screen::DevelopmentForm);
    } else {
        editor.kind = RecordKind::Group;
        editor.group = domain::newGroupDiscussion(*form, m_clock.date().year, card.groupKind, m_session->person.unitId);
        editor.group.recordedBy = m_session->person.staffNumber;
        editor.group.participants = {m_session->person.staffNumber};
        openEditor(std::move(editor), Screen::GroupForm);
    }
}

void KioskApp::openRecord(const std::string& recordId) {
    noteActivity();
    if (!m_session) return;
    for (const RecordView& record : m_session->records) {
        if (record.id != recordId || record.unreadable) continue;
        EditorState editor;
        editor.recordId = record.id;
        editor.kind = record.kind;
        editor.confirmedVersion = editor.postedVersion = record.version;
        editor.state = record.state;
        static_cast<RecordContent&>(editor) = record;
        editor.save = SaveStatus::Saved;
        const Screen screen = record.conflict ? Screen::Conflict : editor.readOnly() ? Screen::Review : editorScreen(record.kind);
        openEditor(std::move(editor), screen);
        if (m_editor.readOnly()) m_editor.issues.clear();
        return;
    }
}

void KioskApp::openEditor(EditorState editor, Screen screen) {
    m_editor = std::move(editor);
    m_autosave = AutosaveTimer{};
    m_screen = screen;
}

// [editor and autosave] ---------------------------------------------------------------------------

Screen KioskApp::editorScreen(RecordKind kind) {
    switch (kind) {
    case RecordKind::Group: return Screen::GroupForm;
    case RecordKind::UnitSummary: return Screen::SummaryForm;
    default: return Screen::DevelopmentForm;
    }
}

const catalog::FormTemplate* KioskApp::editorForm() const {
    return m_catalog.findForm(editorRecordMeta().formId);
}

StoredRecord KioskApp::editorRecordMeta() const {
    StoredRecord record;
    record.id = m_editor.recordId;
    record.owner = m_session ? m_session->person.staffNumber : std::string();
    record.kind = m_editor.kind;
    record.formId = formIdOf(m_editor.kind, m_editor);
    record.year = yearOf(m_editor.kind, m_editor);
    record.state = m_editor.state;
    record.syncedVersion = m_editor.serverVersion;  // a record started from the server's copy
    record.updatedAt = m_clock.unixSeconds();
    return record;
}

void KioskApp::markEdited() {
    noteActivity();
    if (m_editor.readOnly()) return;
    m_autosave.edited(m_clock.monotonic());
    m_editor.save = SaveStatus::Unsaved;
}

void KioskApp::setPage(int page) {
    noteActivity();
    m_editor.page = std::max(0, page);
}

std::string KioskApp::contentJson() const { return kiosk::contentJson(m_editor.kind, m_editor); }

void KioskApp::startSave() {
    if (!m_session) return;
    m_autosave.saving();
    m_editor.save = SaveStatus::Saving;
    StoredRecord record = editorRecordMeta();
    record.version = ++m_editor.postedVersion;
    ++m_pendingJobs;
    ++m_savesInFlight;
    const std::uint64_t generation = m_generation;
    m_worker.post([this, key = m_session->key, personKey = m_session->personKey, serverKey = m_serverKey,
                   record = std::move(record), plain = contentJson(), generation]() mutable -> Worker::MainThreadTask {
        // What goes to the server of a submission: a copy sealed to the server (when the terminal
        // knows the server yet).
        if (record.state == RecordState::Ready && serverKey) {
            if (auto box = crypto::sealToServer(*serverKey, plain)) record.serverBox = std::move(*box);
        }
        const Status status = sealForAuthor(record, *key, *personKey, plain)
                                  ? m_store.saveRecord(record)
                                  : Status{makeError(ErrorCode::Internal, "sealing failed")};
        crypto::wipe(plain);
        return [this, generation, id = record.id, version = record.version, status] {
            --m_pendingJobs;
            --m_savesInFlight;
            noteLogoutSave(generation, status.ok());
            onSaved(generation, id, version, status);
        };
    });
}

void KioskApp::onSaved(std::uint64_t generation, const std::string& recordId, std::uint64_t version, Status status) {
    if (generation != m_generation || !m_session || recordId != m_editor.recordId) return;
    if (!status && status.error().code == ErrorCode::Conflict) {
        keepEditsAsConflict(version);
        return;
    }
    if (!status) {
        // Nothing was written: fall back to the stored version and try again shortly; the
        // screen says "not saved" until a save succeeds.
        m_editor.postedVersion = m_editor.confirmedVersion;
        m_editor.save = SaveStatus::Failed;
        m_editor.submitting = false;
        if (m_editor.state == RecordState::Ready && m_editor.confirmedVersion == 0) m_editor.state = RecordState::Draft;
        m_autosave.edited(m_clock.monotonic());
        return;
    }
    m_editor.confirmedVersion = std::max(m_editor.confirmedVersion, version);
    if (!m_autosave.dirty() && m_editor.confirmedVersion == m_editor.postedVersion) m_editor.save = SaveStatus::Saved;

    // Keep the session's copy in step, so the home screen shows the saved state.
    auto it = std::find_if(m_session->records.begin(), m_session->records.end(),
                           [&](const RecordView& r) { return r.id == recordId; });
    if (it == m_session->records.end()) {
        m_session->records.push_back(RecordView{});
        it = std::prev(m_session->records.end());
        it->id = recordId;
    }
    it->kind = m_editor.kind;
    const StoredRecord meta = editorRecordMeta();
    it->formId = meta.formId;
    it->year = meta.year;
    it->version = version;
    it->state = m_editor.state;
    it->updatedAt = m_clock.unixSeconds();
    static_cast<RecordContent&>(*it) = m_editor;

    it->onServer = false;
    if (m_editor.submitting && version == m_editor.postedVersion) {
        m_editor.submitting = false;
        m_screen = Screen::Home;
        if (m_syncHook) m_syncHook({}, nullptr);  // send it now if the server is there
    }
}

// The record changed underneath the editor (the sync brought another terminal's version while
// it was open): what is on screen is saved on top, as a conflict the author resolves, so
// neither version is lost.
void KioskApp::keepEditsAsConflict(std::uint64_t attemptedVersion) {
    if (!m_session) return;
    ++m_pendingJobs;
    const std::uint64_t generation = m_generation;
    StoredRecord mine = editorRecordMeta();
    m_worker.post([this, mine, key = m_session->key, personKey = m_session->personKey, plain = contentJson(), attemptedVersion,
                   generation]() mutable -> Worker::MainThreadTask {
        Status status = makeError(ErrorCode::NotFound, "the record is gone");
        auto current = m_store.record(mine.id);
        if (current && current->has_value() && (*current)->version + 1 == attemptedVersion) {
            // The store did not move: the write itself failed (a constraint, a full disk).
            status = makeError(ErrorCode::Io, "the save failed");
        } else if (current && current->has_value()) {
            mine.version = (*current)->version + 1;
            mine.syncedVersion = (*current)->syncedVersion;
            mine.state = RecordState::Draft;  // the author decides again once they have compared
            if (sealForAuthor(mine, *key, *personKey, plain)) status = m_store.saveAsConflict(mine);
        }
        crypto::wipe(plain);
        return [this, generation, status, version = mine.version] {
            --m_pendingJobs;
            if (generation != m_generation || !m_session) return;
            if (!status) {
                m_editor.postedVersion = m_editor.confirmedVersion;
                m_editor.save = SaveStatus::Failed;
                m_editor.submitting = false;
                m_autosave.edited(m_clock.monotonic());
                return;
            }
            m_editor.confirmedVersion = m_editor.postedVersion = version;
            m_editor.state = RecordState::Draft;
            m_editor.save = m_autosave.dirty() ? SaveStatus::Unsaved : SaveStatus::Saved;
            reloadRecords();
        };
    });
}

void KioskApp::goToReview() {
    noteActivity();
    const catalog::FormTemplate* form = editorForm();
    if (form == nullptr) return;
    switch (m_editor.kind) {
    case RecordKind::Group: m_editor.issues = domain::validate(m_editor.group, m_catalog); break;
    case RecordKind::Agreement:
        m_editor.issues = domain::validate(domain::Agreement{m_editor.subject, m_editor.preFormId, m_editor.preFormVersion, m_editor.development},
                                           m_catalog);
        break;
    case RecordKind::UnitSummary: m_editor.issues = domain::validate(m_editor.summary, m_catalog); break;
    default: m_editor.issues = domain::validate(m_editor.development, m_catalog); break;
    }
    m_screen = Screen::Review;
}

void KioskApp::backToEditor() {
    noteActivity();
    if (m_editor.readOnly()) {
        backToHome();
        return;
    }
    m_screen = editorScreen(m_editor.kind);
}

void KioskApp::submitRecord() {
    noteActivity();
    if (m_editor.readOnly() || m_editor.submitting) return;
    goToReview();
    if (!m_editor.issues.empty()) return;
    m_editor.state = RecordState::Ready;
    m_editor.submitting = true;
    startSave();
}

void KioskApp::backToHome() {
    noteActivity();
    if (m_autosave.dirty() || m_editor.save == SaveStatus::Failed) startSave();
    m_screen = Screen::Home;
}

const RecordView* KioskApp::editorRecord() const {
    if (!m_session) return nullptr;
    for (const RecordView& record : m_session->records) {
        if (record.id == m_editor.recordId) return &record;
    }
    return nullptr;
}

void KioskApp::resolveConflict(bool keepMine) {
    noteActivity();
    const RecordView* record = editorRecord();
    if (record == nullptr || !record->conflict || record->theirs == nullptr) return;
    const std::uint64_t theirsVersion = record->theirs->version;
    const std::uint64_t newVersion = std::max(record->version, theirsVersion) + 1;
    const std::string id = record->id;
    const std::string owner = m_session->person.staffNumber;
    ++m_pendingJobs;
    const std::uint64_t generation = m_generation;
    m_worker.post([this, id, owner, keepMine, theirsVersion, newVersion, key = m_session->key, personKey = m_session->personKey,
                   plain = contentJson(), generation]() mutable -> Worker::MainThreadTask {
        Status status = makeError(ErrorCode::NotFound, "the server's version is not here");
        auto mine = m_store.record(id);
        auto theirs = m_store.incoming(id);
        if (mine && mine->has_value() && theirs && theirs->has_value()) {
            StoredRecord chosen = keepMine ? **mine : **theirs;
            chosen.updatedAt = m_clock.unixSeconds();
            if (keepMine) {
                // Mine, as a new version on top of theirs, so the server takes it as a plain update.
                chosen.version = newVersion;
                chosen.syncedVersion = theirsVersion;
                // A submission stays a submission: its box to the server does not depend on the version.
                status = sealForAuthor(chosen, *key, *personKey, plain) ? m_store.resolveConflict(chosen)
                                                                          : Status{makeError(ErrorCode::Internal, "sealing failed")};
            } else {
                status = m_store.resolveConflict(chosen);
            }
        }
        crypto::wipe(plain);
        return [this, generation, status] {
            --m_pendingJobs;
            if (generation != m_generation || !m_session) return;
            if (!status) {
                m_editor.save = SaveStatus::Failed;
                return;
            }
            m_editor = EditorState{};
            reloadRecords();
            m_screen = Screen::Home;
            if (m_syncHook) m_syncHook({}, nullptr);
        };
    });
}

// [logout] -----------------------------------------------------------------------------------

void KioskApp::logout(bool idle) {
    if (!m_session) return;
    // Save what is on screen first: the job holds its own reference to the key, so the
    // session can be wiped right away while the save completes in the background.
    if (m_autosave.dirty() || m_editor.save == SaveStatus::Unsaved || m_editor.save == SaveStatus::Failed) startSave();
    // Whether the draft is saved is known only when the last save job answers (it may fail on a
    // full disk); until then the start screen says it is being saved, never that it was.
    const bool saveOutstanding = m_savesInFlight > 0;
    m_logoutSave = LogoutSave{m_generation, idle, saveOutstanding};
    wipeSession();
    m_start = StartState{};
    m_start.noticeKey = saveOutstanding ? "logout.saving" : idle ? "logout.idle" : "logout.done";
    m_screen = Screen::Start;
}

void KioskApp::noteLogoutSave(std::uint64_t generation, bool saved) {
    if (!m_logoutSave.pending || generation != m_logoutSave.generation) return;
    if (!saved) m_logoutSave.failed = true;
    if (m_screen != Screen::Start || m_start.noticeKey.rfind("logout.", 0) != 0) return;  // someone else is here now
    if (m_logoutSave.failed) m_start.noticeKey = "logout.notSaved";
    else if (m_savesInFlight == 0) m_start.noticeKey = m_logoutSave.idle ? "logout.idle" : "logout.done";
}

void KioskApp::wipeSession() {
    ++m_generation;
    wipeContent(m_editor);
    if (m_session) {
        for (TeamRecord& record : m_session->team) wipeContent(record);
        for (RecordView& record : m_session->records) wipeContent(record);
    }
    m_editor = EditorState{};
    m_autosave = AutosaveTimer{};
    m_teamId.clear();
    m_session.reset();  // the key is freed (and zeroed) once no save job holds it
}

}  // namespace osm::kiosk

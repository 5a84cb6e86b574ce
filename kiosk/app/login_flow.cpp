// Login. The checks run on the worker (Argon2id is slow on purpose); the screens only show what
// came back. The lockout is decided on the worker too, with the guard state read in the same job.
#include "login_flow.h"

#include "crypto/aead.h"
#include "crypto/box.h"
#include "crypto/encoding.h"
#include "crypto/master_key.h"
#include "pin_vault.h"
#include "record_sealing.h"
#include "roster_seal.h"
#include "sync/roster.h"

#include <algorithm>

namespace osm::kiosk {

struct LoginFlow::LoginResult {
    enum class Outcome { Ok, Wrong, Waiting, Locked, Failed } outcome = Outcome::Failed;
    std::int64_t retryAt = 0;
    std::int64_t lockedUntil = 0;
    int failures = -1;  // the guard's count after a wrong secret (-1: unchanged)
    std::string errorKey;
    std::optional<Session> session;
};

namespace {

using LoginResult = LoginFlow::LoginResult;
using Outcome = LoginResult::Outcome;

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
    session.records = loadRecordViews(store, *shared, entry.person.staffNumber);
    if (auto everyone = store.people()) {
        for (const RosterEntry& other : *everyone) {
            if (other.person.unitId == entry.person.unitId) session.unitPeople.push_back(other.person);
        }
    }
    return session;
}

// Binds a PIN just checked or set to the terminal's TPM, when it has one (pin_vault.h). A failure
// leaves the person as before: the roster's credential still lets them in, and the next login
// tries again.
void bindToTpm(KioskStore& store, tpm::TpmDevice* tpm, const KioskConfig& config, const std::string& staffNumber,
               std::string_view pin, const crypto::SecretBuffer& master, const Credential& network,
               const std::string& personKeyHex) {
    if (!tpm) return;
    auto binding = bindPin(*tpm, staffNumber, pin, config.newPinParams, master, network, personKeyHex);
    if (binding) (void)store.putPinBinding(staffNumber, *binding);
}

// A PIN bound to the TPM: the TPM checks it (and counts a wrong one). A PIN set here that a
// restored server lost goes out again: its credential is in the vault just opened.
Result<crypto::UserKeys> checkAtTpm(KioskStore& store, tpm::TpmDevice* tpm, const std::string& staffNumber,
                                    const PinBinding& binding, std::string_view pin) {
    if (!tpm) return makeError(ErrorCode::NotFound, "the PIN is bound to a TPM and this terminal has none now");
    auto opened = openPin(*tpm, staffNumber, binding, pin);
    if (!opened) return opened.error();
    if (auto waiting = store.boundPinAwaitsResend(staffNumber); waiting && *waiting)
        (void)store.requeueBoundPin(staffNumber, opened->network, crypto::toHex(opened->keys.personKey.publicKey));
    return std::move(opened->keys);
}

// A PIN not bound here yet: checked against the roster's credential (at the TPM when it is
// sealed to it), then bound.
Result<crypto::UserKeys> checkAndBind(KioskStore& store, tpm::TpmDevice* tpm, const KioskConfig& config,
                                      const RosterEntry& entry, std::string_view pin) {
    auto checked = checkSecret(tpm, entry.pin, pin);
    if (!checked) return checked.error();
    bindToTpm(store, tpm, config, entry.person.staffNumber, pin, checked->master, checked->clear, entry.personKeyHex);
    return std::move(checked->keys);
}

// What the screen says when a PIN could not be checked at all.
std::string pinErrorKey(const Error& error) {
    switch (error.code) {
    case ErrorCode::Locked: return "pin.error.tpm_locked";
    case ErrorCode::NotFound:
    case ErrorCode::InvalidInput: return "pin.error.tpm_changed";
    default: return "error.credential";
    }
}

// True when the guard refuses any attempt now; the result then says until when.
bool refusedByGuard(const GuardState& guard, std::int64_t now, const GuardPolicy& policy, LoginResult& result) {
    const GuardVerdict verdict = checkGuard(guard, now, policy);
    if (verdict.allowed) return false;
    result.outcome = verdict.locked ? Outcome::Locked : Outcome::Waiting;
    (verdict.locked ? result.lockedUntil : result.retryAt) = now + verdict.waitSeconds;
    return true;
}

// A wrong PIN or code: counted, and the result says how long to wait or that the person is
// locked out.
void noteWrongSecret(KioskStore& store, const std::string& staffNumber, const GuardState& guard, std::int64_t now,
                     const GuardPolicy& policy, LoginResult& result) {
    const GuardState next = afterFailure(guard, now, policy);
    (void)store.putGuard(staffNumber, next);
    result.outcome = next.lockedUntil > now ? Outcome::Locked : Outcome::Wrong;
    result.lockedUntil = next.lockedUntil > now ? next.lockedUntil : 0;
    result.retryAt = next.lastFailureAt + delayAfter(next.failures, policy);
    result.failures = next.failures;
}

// The session, once the keys are known and the guard is cleared.
void openWithKeys(KioskStore& store, const RosterEntry& entry, crypto::UserKeys keys,
                  const std::optional<crypto::PublicKey>& serverKey, LoginResult& result) {
    auto session = openSession(store, entry, std::move(keys), serverKey);
    if (!session) return;
    result.outcome = Outcome::Ok;
    result.session = std::move(*session);
}

// Worker: checks a PIN (at the TPM when it is bound to it) and opens the session.
LoginResult checkPin(KioskStore& store, tpm::TpmDevice* tpm, const KioskConfig& config, const std::string& staffNumber,
                     std::string& pin, std::int64_t now, const std::optional<crypto::PublicKey>& serverKey) {
    LoginResult result;
    auto entry = store.person(staffNumber);
    auto guard = store.guard(staffNumber);
    auto binding = store.pinBinding(staffNumber);
    if (!entry || !guard || !binding || !entry->has_value()) {
        result.errorKey = "error.storage";
    } else if (!refusedByGuard(*guard, now, config.guardPolicy, result)) {
        auto keys = binding->has_value() ? checkAtTpm(store, tpm, staffNumber, **binding, pin)
                                         : checkAndBind(store, tpm, config, **entry, pin);
        if (keys) {
            (void)store.putGuard(staffNumber, GuardState{});
            openWithKeys(store, **entry, std::move(*keys), serverKey, result);
            if (result.outcome != Outcome::Ok) result.errorKey = "error.storage";
        } else if (keys.error().code == ErrorCode::Refused) {
            noteWrongSecret(store, staffNumber, *guard, now, config.guardPolicy, result);
        } else {
            result.errorKey = pinErrorKey(keys.error());
            if (keys.error().code == ErrorCode::InvalidInput)
                (void)(binding->has_value() ? store.dropPinBinding(staffNumber) : store.dropSealedPin(staffNumber));
        }
    }
    crypto::wipe(pin);
    return result;
}

// Worker: the one-time code was right; sets the new PIN and opens the session. A fresh salt for
// the new PIN, so nothing derived from the code is ever reused.
void setFirstPin(KioskStore& store, tpm::TpmDevice* tpm, const KioskConfig& config, const RosterEntry& entry,
                 const crypto::UserKeys& codeKeys, std::string_view newPin,
                 const std::optional<crypto::PublicKey>& serverKey, LoginResult& result) {
    const std::string& staffNumber = entry.person.staffNumber;
    const crypto::Salt salt = crypto::randomSalt();
    auto master = crypto::deriveMasterKey(newPin, salt, config.newPinParams);
    auto keys = master ? crypto::userKeysFromMaster(*master) : Result<crypto::UserKeys>(master.error());
    if (!keys) {
        result.errorKey = "error.credential";
        return;
    }
    const Credential pin{config.newPinParams.toString(), crypto::toHex(salt), crypto::toHex(keys->verifier)};
    const std::string personKey = crypto::toHex(keys->personKey.publicKey);
    // Signed with the key the one-time code derives: the server's proof that whoever set this
    // PIN knew the code.
    const crypto::Signature proof =
        crypto::sign(codeKeys.personKey, crypto::asBytes(sync::pinProofText(staffNumber, pin, personKey)));
    RosterEntry updated = entry;
    updated.pin = pin;
    updated.personKeyHex = personKey;
    if (store.setPin(staffNumber, pin, personKey, proof) && store.putGuard(staffNumber, GuardState{})) {
        // Bound at once; the credential stays readable only until the server has it.
        bindToTpm(store, tpm, config, staffNumber, newPin, *master, pin, personKey);
        openWithKeys(store, updated, std::move(*keys), serverKey, result);
    }
    if (result.outcome != Outcome::Ok) result.errorKey = "error.storage";
}

// Worker: checks the one-time code, then sets the new PIN.
LoginResult checkFirstUse(KioskStore& store, tpm::TpmDevice* tpm, const KioskConfig& config,
                          const std::string& staffNumber, std::string& code, std::string& newPin, std::int64_t now,
                          const std::optional<crypto::PublicKey>& serverKey) {
    LoginResult result;
    auto entry = store.person(staffNumber);
    auto guard = store.guard(staffNumber);
    if (!entry || !guard || !entry->has_value() || (*entry)->setupCode.empty()) {
        result.errorKey = "error.storage";
    } else if (!refusedByGuard(*guard, now, config.guardPolicy, result)) {
        if (auto codeOk = checkSecret(nullptr, (*entry)->setupCode, code); codeOk) {
            setFirstPin(store, tpm, config, **entry, codeOk->keys, newPin, serverKey, result);
        } else if (codeOk.error().code == ErrorCode::Refused) {
            noteWrongSecret(store, staffNumber, *guard, now, config.guardPolicy, result);
            result.errorKey = "first_use.error.code";
        } else {
            result.errorKey = "error.credential";
        }
    }
    crypto::wipe(code);
    crypto::wipe(newPin);
    return result;
}

}  // namespace

LoginFlow::LoginFlow(KioskContext& context, std::function<void(Session)> loggedIn)
    : m_context(context), m_loggedIn(std::move(loggedIn)) {}

void LoginFlow::submitStaffNumber() {
    m_start.errorKey.clear();
    m_start.noticeKey.clear();
    const std::string staffNumber = m_start.staffNumber;
    if (!domain::isValidStaffNumber(staffNumber)) {
        m_start.errorKey = "start.error.format";
        return;
    }
    m_start.checking = true;
    KioskStore& store = m_context.store;
    m_context.runJob(
        [&store, staffNumber] { return std::make_pair(store.person(staffNumber), store.guard(staffNumber)); },
        [this](auto found) { showPersonScreen(found.first, found.second); },
        [this](const auto&) { m_start.checking = false; });
}

void LoginFlow::showPersonScreen(const Result<std::optional<RosterEntry>>& entry, const Result<GuardState>& guard) {
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
    const std::int64_t now = m_context.clock.unixSeconds();
    const GuardVerdict verdict = checkGuard(*guard, now, m_context.config.guardPolicy);
    if (found.pin.empty()) {
        m_firstUse = FirstUseState{found.person.staffNumber, found.person.name, {}, {}, {}, {}, false};
        if (verdict.locked) m_firstUse.errorKey = "pin.error.locked";
        m_context.screen = Screen::FirstUse;
    } else {
        m_pin = PinState{found.person.staffNumber, found.person.name, {}, {}, 0, 0, false};
        m_pin.failures = guard->lockedUntil != 0 && !verdict.locked ? 0 : guard->failures;
        if (verdict.locked) {
            m_pin.lockedUntil = now + verdict.waitSeconds;
            m_pin.errorKey = "pin.error.locked";
        } else if (!verdict.allowed) {
            m_pin.retryAt = now + verdict.waitSeconds;
            m_pin.errorKey = "pin.error.wait";
        }
        m_context.screen = Screen::Pin;
    }
    m_start.staffNumber.clear();
}

void LoginFlow::submitPin() {
    if (m_pin.checking) return;
    if (m_pin.pin.empty()) {
        m_pin.errorKey = "pin.error.empty";
        return;
    }
    m_pin.checking = true;
    m_pin.errorKey.clear();
    std::string pin = std::move(m_pin.pin);
    crypto::wipe(m_pin.pin);
    KioskContext& c = m_context;
    m_context.runJob(
        [&c, staffNumber = m_pin.staffNumber, pin = std::move(pin), now = c.clock.unixSeconds(),
         serverKey = c.serverKey]() mutable {
            return checkPin(c.store, c.tpm.get(), c.config, staffNumber, pin, now, serverKey);
        },
        [this](LoginResult result) { finish(std::move(result), false); },
        [this](const LoginResult&) { m_pin.checking = false; });
}

void LoginFlow::submitFirstUse() {
    if (m_firstUse.checking) return;
    m_firstUse.errorKey.clear();
    if (auto problem = checkNewPin(m_firstUse.newPin, m_context.config.pinPolicy)) {
        m_firstUse.errorKey = *problem;
        return;
    }
    if (m_firstUse.newPin != m_firstUse.confirmPin) {
        m_firstUse.errorKey = "pin.error.mismatch";
        return;
    }
    m_firstUse.checking = true;
    std::string code = normaliseSetupCode(m_firstUse.code);
    std::string newPin = std::move(m_firstUse.newPin);
    crypto::wipe(m_firstUse.code);
    crypto::wipe(m_firstUse.newPin);
    crypto::wipe(m_firstUse.confirmPin);
    KioskContext& c = m_context;
    m_context.runJob(
        [&c, staffNumber = m_firstUse.staffNumber, code = std::move(code), newPin = std::move(newPin),
         now = c.clock.unixSeconds(), serverKey = c.serverKey]() mutable {
            return checkFirstUse(c.store, c.tpm.get(), c.config, staffNumber, code, newPin, now, serverKey);
        },
        [this](LoginResult result) { finish(std::move(result), true); },
        [this](const LoginResult&) { m_firstUse.checking = false; });
}

void LoginFlow::finish(LoginResult result, bool firstUse) {
    std::string& errorKey = firstUse ? m_firstUse.errorKey : m_pin.errorKey;
    if (result.failures >= 0) m_pin.failures = result.failures;
    switch (result.outcome) {
    case Outcome::Ok:
        result.session->pinJustSet = firstUse;
        m_loggedIn(std::move(*result.session));
        return;
    case Outcome::Locked:
        m_pin.lockedUntil = result.lockedUntil;
        errorKey = "pin.error.locked";
        return;
    case Outcome::Waiting:
        m_pin.retryAt = result.retryAt;
        errorKey = "pin.error.wait";
        return;
    case Outcome::Wrong:
        m_pin.retryAt = result.retryAt > m_context.clock.unixSeconds() ? result.retryAt : 0;
        errorKey = result.errorKey.empty() ? "pin.error.wrong" : result.errorKey;
        return;
    case Outcome::Failed: errorKey = result.errorKey.empty() ? "error.storage" : result.errorKey; return;
    }
}

void LoginFlow::clear() {
    crypto::wipe(m_pin.pin);
    crypto::wipe(m_firstUse.code);
    crypto::wipe(m_firstUse.newPin);
    crypto::wipe(m_firstUse.confirmPin);
    m_pin = PinState{};
    m_firstUse = FirstUseState{};
    m_start = StartState{};
}

void LoginFlow::tick() {
    if (m_context.screen == Screen::Pin && m_pin.retryAt != 0 && m_pin.retryAt <= m_context.clock.unixSeconds()) {
        m_pin.retryAt = 0;
        if (m_pin.errorKey == "pin.error.wait") m_pin.errorKey.clear();
    }
}

bool LoginFlow::countingDown() const {
    return m_context.screen == Screen::Pin && (m_pin.retryAt > 0 || m_pin.lockedUntil > 0);
}

}  // namespace osm::kiosk

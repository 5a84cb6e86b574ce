// The kiosk's schema and its queries. Roles are stored as a comma-separated list of role names.
#include "local_store.h"

namespace osm::kiosk {
namespace {

using storage::Database;
using storage::Migration;
using storage::Statement;
using storage::Transaction;

constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE setting(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE person(
  staff_number TEXT PRIMARY KEY,
  name TEXT NOT NULL, title TEXT NOT NULL, unit_id TEXT NOT NULL, service_area_id TEXT NOT NULL,
  sector TEXT NOT NULL, roles TEXT NOT NULL, manager TEXT NOT NULL,
  pin_params TEXT NOT NULL DEFAULT '', pin_salt TEXT NOT NULL DEFAULT '', pin_verifier TEXT NOT NULL DEFAULT '',
  setup_params TEXT NOT NULL DEFAULT '', setup_salt TEXT NOT NULL DEFAULT '', setup_verifier TEXT NOT NULL DEFAULT '');
CREATE TABLE login_guard(
  staff_number TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure_at INTEGER NOT NULL, locked_until INTEGER NOT NULL);
CREATE TABLE record(
  id TEXT PRIMARY KEY, owner TEXT NOT NULL, kind TEXT NOT NULL, form_id TEXT NOT NULL, year INTEGER NOT NULL,
  version INTEGER NOT NULL, state TEXT NOT NULL, sealed BLOB NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX record_owner ON record(owner);
)sql"},
    {2, R"sql(
ALTER TABLE person ADD COLUMN person_key TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN pin_synced INTEGER NOT NULL DEFAULT 1;
ALTER TABLE person ADD COLUMN setup_key TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN pin_proof BLOB NOT NULL DEFAULT x'';
ALTER TABLE record ADD COLUMN synced_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE record ADD COLUMN payload_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE record ADD COLUMN author_signature BLOB NOT NULL DEFAULT x'';
ALTER TABLE record ADD COLUMN server_box BLOB NOT NULL DEFAULT x'';
ALTER TABLE record ADD COLUMN conflict INTEGER NOT NULL DEFAULT 0;
-- The server's version of a record that conflicts with this terminal's: kept until its author chooses.
CREATE TABLE record_incoming(id TEXT PRIMARY KEY, version INTEGER NOT NULL, sealed BLOB NOT NULL,
  payload_hash TEXT NOT NULL, author_signature BLOB NOT NULL);
CREATE TABLE device(
  one INTEGER PRIMARY KEY CHECK (one = 1), device_id TEXT NOT NULL, unit_id TEXT NOT NULL,
  server_url TEXT NOT NULL, server_key TEXT NOT NULL, pull_cursor INTEGER NOT NULL DEFAULT 0);
)sql"},
    {3, R"sql(
-- The server instance that acknowledged synced_version, when the server has since been restored
-- from a backup and may have lost it: the record goes out again, based on that instance.
ALTER TABLE record ADD COLUMN resend_from TEXT NOT NULL DEFAULT '';
)sql"},
    {4, R"sql(
-- A PIN bound to this terminal's TPM (pin_vault.h): the person's row then keeps no salt and the
-- verifier 'tpm'; person_key names the roster credential it binds.
CREATE TABLE pin_binding(staff_number TEXT PRIMARY KEY, kdf_params TEXT NOT NULL, salt TEXT NOT NULL,
  sealed_secret BLOB NOT NULL, vault BLOB NOT NULL, person_key TEXT NOT NULL);
)sql"},
    {5, R"sql(
-- People the server named as departed from this terminal's unit (the pull's "departed"): only
-- their records are erased once the server holds them (local_store_erasure.cpp). Being missing
-- from the roster is not enough: a terminal whose roster pull has not completed yet has nobody
-- on it. The owners missing from the roster when this runs were erased that way before, so they
-- are taken as departed.
CREATE TABLE departed(staff_number TEXT PRIMARY KEY);
INSERT INTO departed SELECT DISTINCT owner FROM record WHERE owner NOT IN (SELECT staff_number FROM person);
)sql"},
    {6, R"sql(
-- The push queue in push order (KioskStore::unsynced): a push reads each batch from here instead
-- of scanning every record, past each one's sealed payload, once per batch. The condition is
-- kUnsyncedCondition's, word for word, so that SQLite uses this index for it.
CREATE INDEX record_unsynced ON record(updated_at, id) WHERE (version > synced_version OR resend_from != '')
  AND conflict = 0 AND payload_hash != '' AND (state = 'draft' OR length(server_box) > 0);
)sql"},
};

// What is queued for the push; the same text as the record_unsynced index's condition (migration 6).
constexpr const char* kUnsyncedCondition =
    "(version > synced_version OR resend_from != '') AND conflict = 0 AND payload_hash != '' AND (state = 'draft' OR "
    "length(server_box) > 0)";

constexpr const char* kServerInstanceSetting = "server_instance";

constexpr const char* kPersonColumns =
    "staff_number, name, title, unit_id, service_area_id, sector, roles, manager, pin_params, pin_salt, "
    "pin_verifier, setup_params, setup_salt, setup_verifier, person_key, setup_key";

RosterEntry readPerson(const Statement& s) {
    RosterEntry e;
    e.person.staffNumber = s.getText(0);
    e.person.name = s.getText(1);
    e.person.title = s.getText(2);
    e.person.unitId = s.getText(3);
    e.person.serviceAreaId = s.getText(4);
    e.person.sector = s.getText(5);
    e.person.roles = domain::splitRoles(s.getText(6));
    e.person.managerStaffNumber = s.getText(7);
    e.pin = {s.getText(8), s.getText(9), s.getText(10)};
    e.setupCode = {s.getText(11), s.getText(12), s.getText(13)};
    e.personKeyHex = s.getText(14);
    e.setupKeyHex = s.getText(15);
    return e;
}

RecordState parseState(const std::string& text) {
    if (text == "ready") return RecordState::Ready;
    if (text == "sent") return RecordState::Sent;
    if (text == "received") return RecordState::Received;
    return RecordState::Draft;
}

constexpr const char* kRecordColumns =
    "id, owner, kind, form_id, year, version, state, sealed, updated_at, synced_version, payload_hash, "
    "author_signature, "
    "server_box, conflict";

StoredRecord readRecord(const Statement& s) {
    StoredRecord r;
    r.id = s.getText(0);
    r.owner = s.getText(1);
    r.kind = sync::kindFromName(s.getText(2)).value_or(RecordKind::Development);
    r.formId = s.getText(3);
    r.year = static_cast<int>(s.getInt(4));
    r.version = static_cast<std::uint64_t>(s.getInt(5));
    r.state = parseState(s.getText(6));
    r.sealed = s.getBlob(7);
    r.updatedAt = s.getInt(8);
    r.syncedVersion = static_cast<std::uint64_t>(s.getInt(9));
    r.payloadHash = s.getText(10);
    r.authorSignature = s.getBlob(11);
    r.serverBox = s.getBlob(12);
    r.conflict = s.getInt(13) != 0;
    return r;
}

}  // namespace

const char* recordStateName(RecordState state) {
    switch (state) {
    case RecordState::Draft: return "draft";
    case RecordState::Ready: return "ready";
    case RecordState::Sent: return "sent";
    case RecordState::Received: return "received";
    }
    return "draft";
}

namespace {

// Binds a record row's first nine columns (kRecordColumns' order, id to updated_at).
void bindRecordRow(Statement& s, const StoredRecord& r) {
    s.bind(1, r.id).bind(2, r.owner).bind(3, sync::kindName(r.kind)).bind(4, r.formId).bind(5, r.year);
    s.bind(6, static_cast<std::int64_t>(r.version)).bind(7, recordStateName(r.state)).bindBlob(8, r.sealed);
    s.bind(9, r.updatedAt);
}

}  // namespace

Result<KioskStore> KioskStore::open(const std::string& path) {
    auto db = Database::open(path, {storage::Durability::Full});
    if (!db) return db.error();
    if (auto status = storage::migrate(*db, kMigrations); !status) return status.error();
    // Whatever is deleted or rewritten is zeroed in the file: a verifier once a PIN is bound or
    // sealed, a leaver's erased data (local_store_erasure.cpp); no copy stays in free space.
    if (auto status = db->exec("PRAGMA secure_delete = ON"); !status) return status.error();
    return KioskStore(std::move(*db));
}

// The person (?1) has a PIN bound to the TPM here, for the roster's person key (?15).
#define BOUND_SAME_KEY "EXISTS(SELECT 1 FROM pin_binding WHERE staff_number = ?1 AND person_key = ?15)"

Status KioskStore::putPerson(const RosterEntry& e) {
    // Back on this unit's roster (a return, a transfer undone): no longer departed.
    auto back = m_db.prepare("DELETE FROM departed WHERE staff_number = ?");
    if (!back) return back.error();
    if (auto status = back->bind(1, e.person.staffNumber).run(); !status) return status;
    // A binding to this terminal's TPM of another PIN than the roster's is stale (the PIN was
    // set elsewhere): dropped, and the roster's credential is kept until the next login binds it.
    auto stale = m_db.prepare("DELETE FROM pin_binding WHERE staff_number = ? AND person_key != ?");
    if (!stale) return stale.error();
    if (auto status = stale->bind(1, e.person.staffNumber).bind(2, e.personKeyHex).run(); !status) return status;
    // A PIN set here keeps its proof and its queued state while the roster copy carries the same
    // verifier (the proof is what lets it be sent again after a server restore). A PIN bound to
    // the TPM keeps no salt or verifier, however often the roster brings them.
    auto s =
        m_db.prepare(std::string("INSERT INTO person(") + kPersonColumns +
                     ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(staff_number) DO UPDATE SET "
                     "name = excluded.name, title = excluded.title, unit_id = excluded.unit_id, "
                     "service_area_id = excluded.service_area_id, sector = excluded.sector, roles = excluded.roles, "
                     "manager = excluded.manager, pin_params = excluded.pin_params, "
                     "pin_salt = CASE WHEN " BOUND_SAME_KEY
                     " THEN '' ELSE excluded.pin_salt END, "
                     "pin_verifier = CASE WHEN " BOUND_SAME_KEY
                     " THEN 'tpm' ELSE excluded.pin_verifier END, "
                     "setup_params = excluded.setup_params, "
                     "setup_salt = excluded.setup_salt, setup_verifier = excluded.setup_verifier, "
                     "pin_proof = CASE WHEN pin_verifier = excluded.pin_verifier THEN pin_proof ELSE x'' END, "
                     "pin_synced = CASE WHEN pin_verifier = excluded.pin_verifier THEN pin_synced ELSE 1 END, "
                     "person_key = excluded.person_key, setup_key = excluded.setup_key");
    if (!s) return s.error();
    const domain::Person& p = e.person;
    s->bind(1, p.staffNumber).bind(2, p.name).bind(3, p.title).bind(4, p.unitId).bind(5, p.serviceAreaId);
    s->bind(6, p.sector).bind(7, domain::joinRoles(p.roles)).bind(8, p.managerStaffNumber);
    s->bind(9, e.pin.kdfParams).bind(10, e.pin.saltHex).bind(11, e.pin.verifierHex);
    s->bind(12, e.setupCode.kdfParams).bind(13, e.setupCode.saltHex).bind(14, e.setupCode.verifierHex);
    s->bind(15, e.personKeyHex).bind(16, e.setupKeyHex);
    return s->run();
}

Result<std::optional<RosterEntry>> KioskStore::person(const std::string& staffNumber) {
    auto s = m_db.prepare(std::string("SELECT ") + kPersonColumns + " FROM person WHERE staff_number = ?");
    if (!s) return s.error();
    s->bind(1, staffNumber);
    return storage::firstRow<RosterEntry>(*s, readPerson);
}

Result<std::vector<RosterEntry>> KioskStore::people() {
    auto s = m_db.prepare(std::string("SELECT ") + kPersonColumns + " FROM person ORDER BY staff_number");
    if (!s) return s.error();
    return storage::collectRows<RosterEntry>(*s, readPerson);
}

Status KioskStore::setPin(const std::string& staffNumber, const Credential& pin, const std::string& personKeyHex,
                          std::span<const std::uint8_t> proof) {
    auto s = m_db.prepare(
        "UPDATE person SET pin_params = ?, pin_salt = ?, pin_verifier = ?, setup_params = '', setup_salt = '', "
        "setup_verifier = '', setup_key = '', person_key = ?, pin_proof = ?, pin_synced = 0 WHERE staff_number = ?");
    if (!s) return s.error();
    s->bind(1, pin.kdfParams)
        .bind(2, pin.saltHex)
        .bind(3, pin.verifierHex)
        .bind(4, personKeyHex)
        .bindBlob(5, proof)
        .bind(6, staffNumber);
    if (auto status = s->run(); !status) return status;
    if (m_db.changes() != 1) return makeError(ErrorCode::NotFound, "no person " + staffNumber + " on this terminal");
    return {};
}

Result<std::vector<KioskStore::PendingPin>> KioskStore::pendingPins() {
    auto s = m_db.prepare(std::string("SELECT ") + kPersonColumns +
                          ", pin_proof, pin_synced FROM person WHERE pin_synced != 1 AND pin_verifier != 'tpm'");
    if (!s) return s.error();
    return storage::collectRows<PendingPin>(*s, [](const Statement& row) {
        return PendingPin{readPerson(row), row.getBlob(16), row.getInt(17) == 2};
    });
}

Status KioskStore::giveUpPinResend(const std::string& staffNumber) {
    auto s =
        m_db.prepare("UPDATE person SET pin_synced = 1, pin_proof = x'' WHERE staff_number = ? AND pin_synced = 2");
    if (!s) return s.error();
    return s->bind(1, staffNumber).run();
}

Status KioskStore::giveUpResend(const std::string& id) {
    auto s = m_db.prepare("UPDATE record SET resend_from = '' WHERE id = ?");
    if (!s) return s.error();
    return s->bind(1, id).run();
}

Status KioskStore::markPinSynced(const std::string& staffNumber, const std::string& verifierHex) {
    // A PIN bound to the TPM here keeps its credential only until the server has it.
    auto s = m_db.prepare(
        "UPDATE person SET pin_synced = 1, pin_salt = CASE WHEN bound THEN '' ELSE pin_salt END, "
        "pin_verifier = CASE WHEN bound THEN 'tpm' ELSE pin_verifier END FROM (SELECT EXISTS(SELECT 1 FROM "
        "pin_binding b WHERE b.staff_number = ?1 AND b.person_key = (SELECT person_key FROM person WHERE "
        "staff_number = ?1)) AS bound) WHERE staff_number = ?1 AND pin_verifier = ?2");
    if (!s) return s.error();
    return s->bind(1, staffNumber).bind(2, verifierHex).run();
}

Result<GuardState> KioskStore::guard(const std::string& staffNumber) {
    auto s = m_db.prepare("SELECT failures, last_failure_at, locked_until FROM login_guard WHERE staff_number = ?");
    if (!s) return s.error();
    s->bind(1, staffNumber);
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return GuardState{};
    return GuardState{static_cast<int>(s->getInt(0)), s->getInt(1), s->getInt(2)};
}

Status KioskStore::putGuard(const std::string& staffNumber, const GuardState& state) {
    auto s = m_db.prepare("INSERT OR REPLACE INTO login_guard VALUES(?,?,?,?)");
    if (!s) return s.error();
    return s->bind(1, staffNumber)
        .bind(2, state.failures)
        .bind(3, state.lastFailureAt)
        .bind(4, state.lockedUntil)
        .run();
}

Result<std::vector<StoredRecord>> KioskStore::recordsOf(const std::string& owner) {
    auto s = m_db.prepare(std::string("SELECT ") + kRecordColumns +
                          " FROM record WHERE owner = ? ORDER BY year DESC, updated_at DESC");
    if (!s) return s.error();
    s->bind(1, owner);
    return storage::collectRows<StoredRecord>(*s, readRecord);
}

Result<std::optional<StoredRecord>> KioskStore::record(const std::string& id) {
    auto s = m_db.prepare(std::string("SELECT ") + kRecordColumns + " FROM record WHERE id = ?");
    if (!s) return s.error();
    s->bind(1, id);
    return storage::firstRow<StoredRecord>(*s, readRecord);
}

Status KioskStore::saveRecord(const StoredRecord& r) {
    if (r.version == 0) return makeError(ErrorCode::Internal, "a saved record starts at version 1");
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    auto current = m_db.prepare("SELECT version, owner FROM record WHERE id = ?");
    if (!current) return current.error();
    current->bind(1, r.id);
    auto row = current->step();
    if (!row) return row.error();
    // A record new here may continue the server's copy (written on another terminal): it then
    // starts on top of the version the server holds.
    const std::uint64_t stored = *row ? static_cast<std::uint64_t>(current->getInt(0)) : r.syncedVersion;
    if (*row && current->getText(1) != r.owner)
        return makeError(ErrorCode::Refused, "record " + r.id + " belongs to someone else");
    if (stored + 1 != r.version) {
        return makeError(ErrorCode::Conflict, "record " + r.id + " is at version " + std::to_string(stored) + ", not " +
                                                  std::to_string(r.version - 1));
    }
    const std::uint64_t synced = *row ? 0 : r.syncedVersion;  // keep what the server acknowledged
    auto s =
        m_db.prepare(std::string("INSERT INTO record(") + kRecordColumns +
                     ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,0) ON CONFLICT(id) DO UPDATE SET version = excluded.version, "
                     "state = excluded.state, sealed = excluded.sealed, updated_at = excluded.updated_at, "
                     "payload_hash = excluded.payload_hash, author_signature = excluded.author_signature, "
                     "server_box = excluded.server_box");
    if (!s) return s.error();
    bindRecordRow(*s, r);
    s->bind(10, static_cast<std::int64_t>(synced))
        .bind(11, r.payloadHash)
        .bindBlob(12, r.authorSignature)
        .bindBlob(13, r.serverBox);
    if (auto status = s->run(); !status) return status;
    return tx->commit();
}

Result<std::vector<StoredRecord>> KioskStore::unsynced(std::size_t limit) { return unsyncedAfter({}, limit); }

Result<std::vector<StoredRecord>> KioskStore::unsyncedAfter(const QueuePosition& after, std::size_t limit) {
    // A submitted record goes out only once its server copy exists (sealed at submit time).
    auto s = m_db.prepare(std::string("SELECT ") + kRecordColumns +
                          ", resend_from FROM record INDEXED BY record_unsynced WHERE " + kUnsyncedCondition +
                          " AND (updated_at, id) > (?, ?) ORDER BY updated_at, id LIMIT ?");
    if (!s) return s.error();
    s->bind(1, after.updatedAt).bind(2, after.id).bind(3, static_cast<std::int64_t>(limit));
    return storage::collectRows<StoredRecord>(*s, [](const Statement& row) {
        StoredRecord r = readRecord(row);
        r.resendFrom = row.getText(14);
        return r;
    });
}

Result<bool> KioskStore::noteServerInstance(const std::string& instance) {
    auto known = setting(kServerInstanceSetting);
    if (!known) return known.error();
    if (*known == instance) return false;
    const bool restored = !known->empty();  // "": first contact, or a terminal older than instances
    if (restored) {
        auto records = m_db.prepare("UPDATE record SET resend_from = ? WHERE synced_version > 0 AND resend_from = ''");
        if (!records) return records.error();
        if (auto status = records->bind(1, *known).run(); !status) return status.error();
        // 2: sent again after a restore (given up if refused: giveUpPinResend).
        if (auto status = m_db.exec("UPDATE person SET pin_synced = 2 WHERE length(pin_proof) > 0 AND pin_synced = 1");
            !status) {
            return status.error();
        }
        if (auto status = setPullCursor(0); !status) return status.error();
    }
    if (auto status = putSetting(kServerInstanceSetting, instance); !status) return status.error();
    return restored;
}

Result<std::string> KioskStore::serverInstance() { return setting(kServerInstanceSetting); }

Result<bool> KioskStore::markSynced(const std::string& id, std::uint64_t version, const std::string& payloadHash) {
    auto s = m_db.prepare(
        "UPDATE record SET synced_version = ?1, resend_from = '', state = CASE WHEN state IN ('ready', 'sent') AND "
        "version = ?1 THEN 'received' ELSE state END WHERE id = ?2 AND version >= ?1 AND "
        "(synced_version < ?1 OR (synced_version = ?1 AND resend_from != '')) AND (version > ?1 OR payload_hash = ?3)");
    if (!s) return s.error();
    s->bind(1, static_cast<std::int64_t>(version)).bind(2, id).bind(3, payloadHash);
    if (auto status = s->run(); !status) return status.error();
    return m_db.changes() == 1;
}

Status KioskStore::markConflict(const std::string& id, std::uint64_t version) {
    auto s = m_db.prepare("UPDATE record SET conflict = 1, resend_from = '' WHERE id = ? AND version = ?");
    if (!s) return s.error();
    return s->bind(1, id).bind(2, static_cast<std::int64_t>(version)).run();
}

Result<bool> KioskStore::storeFromServer(const StoredRecord& r) {
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    auto current = record(r.id);
    if (!current) return current.error();
    if (current->has_value()) {
        const StoredRecord& mine = **current;
        if (mine.owner != r.owner) return makeError(ErrorCode::Refused, "record " + r.id + " belongs to someone else");
        if (mine.version == r.version && mine.payloadHash == r.payloadHash) return false;  // the same
        if (r.version <= mine.syncedVersion) return false;                                 // older news
        // Never overwrite local work the server has not seen: keep the server's version beside
        // it and let the author choose (Screen::Conflict).
        if (mine.version > mine.syncedVersion || mine.conflict) {
            auto keep = m_db.prepare("INSERT OR REPLACE INTO record_incoming VALUES(?, ?, ?, ?, ?)");
            if (!keep) return keep.error();
            keep->bind(1, r.id)
                .bind(2, static_cast<std::int64_t>(r.version))
                .bindBlob(3, r.sealed)
                .bind(4, r.payloadHash);
            keep->bindBlob(5, r.authorSignature);
            if (auto status = keep->run(); !status) return status.error();
            auto mark = m_db.prepare("UPDATE record SET conflict = 1 WHERE id = ?");
            if (!mark) return mark.error();
            if (auto status = mark->bind(1, r.id).run(); !status) return status.error();
            if (auto status = tx->commit(); !status) return status.error();
            return true;
        }
    }
    auto s = m_db.prepare(std::string("INSERT OR REPLACE INTO record(") + kRecordColumns +
                          ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,x'',0)");
    if (!s) return s.error();
    bindRecordRow(*s, r);
    s->bind(10, static_cast<std::int64_t>(r.version)).bind(11, r.payloadHash).bindBlob(12, r.authorSignature);
    if (auto status = s->run(); !status) return status.error();
    if (auto status = tx->commit(); !status) return status.error();
    return true;
}

Result<std::optional<StoredRecord>> KioskStore::incoming(const std::string& id) {
    auto s = m_db.prepare("SELECT version, sealed, payload_hash, author_signature FROM record_incoming WHERE id = ?");
    if (!s) return s.error();
    s->bind(1, id);
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return std::optional<StoredRecord>();
    auto mine = record(id);
    if (!mine) return mine.error();
    if (!mine->has_value()) return std::optional<StoredRecord>();
    StoredRecord theirs = **mine;
    theirs.version = static_cast<std::uint64_t>(s->getInt(0));
    theirs.sealed = s->getBlob(1);
    theirs.payloadHash = s->getText(2);
    theirs.authorSignature = s->getBlob(3);
    theirs.syncedVersion = theirs.version;
    theirs.serverBox.clear();
    theirs.conflict = false;
    theirs.state = RecordState::Draft;  // the server hands back only drafts
    return std::optional<StoredRecord>(std::move(theirs));
}

Status KioskStore::saveAsConflict(const StoredRecord& mine) {
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    auto current = record(mine.id);
    if (!current) return current.error();
    if (!current->has_value() || (*current)->owner != mine.owner || (*current)->version + 1 != mine.version) {
        return makeError(ErrorCode::Conflict, "record " + mine.id + " changed again; try once more");
    }
    const StoredRecord& theirs = **current;
    if (!theirs.conflict) {  // already in conflict: the incoming copy is there; mine just moves on
        auto keep = m_db.prepare("INSERT OR REPLACE INTO record_incoming VALUES(?, ?, ?, ?, ?)");
        if (!keep) return keep.error();
        keep->bind(1, theirs.id)
            .bind(2, static_cast<std::int64_t>(theirs.version))
            .bindBlob(3, theirs.sealed)
            .bind(4, theirs.payloadHash);
        keep->bindBlob(5, theirs.authorSignature);
        if (auto status = keep->run(); !status) return status;
    }
    auto s = m_db.prepare(
        "UPDATE record SET version = ?, sealed = ?, payload_hash = ?, author_signature = ?, server_box = ?, state = ?, "
        "updated_at = ?, conflict = 1 WHERE id = ?");
    if (!s) return s.error();
    s->bind(1, static_cast<std::int64_t>(mine.version))
        .bindBlob(2, mine.sealed)
        .bind(3, mine.payloadHash)
        .bindBlob(4, mine.authorSignature);
    s->bindBlob(5, mine.serverBox).bind(6, recordStateName(mine.state)).bind(7, mine.updatedAt).bind(8, mine.id);
    if (auto status = s->run(); !status) return status;
    return tx->commit();
}

Status KioskStore::resolveConflict(const StoredRecord& chosen) {
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    auto s = m_db.prepare(
        "UPDATE record SET version = ?, sealed = ?, payload_hash = ?, author_signature = ?, synced_version = ?, "
        "server_box = ?, conflict = 0, state = ?, updated_at = ? WHERE id = ? AND owner = ?");
    if (!s) return s.error();
    s->bind(1, static_cast<std::int64_t>(chosen.version)).bindBlob(2, chosen.sealed).bind(3, chosen.payloadHash);
    s->bindBlob(4, chosen.authorSignature).bind(5, static_cast<std::int64_t>(chosen.syncedVersion));
    s->bindBlob(6, chosen.serverBox).bind(7, recordStateName(chosen.state)).bind(8, chosen.updatedAt);
    s->bind(9, chosen.id).bind(10, chosen.owner);
    if (auto status = s->run(); !status) return status;
    if (m_db.changes() != 1) return makeError(ErrorCode::NotFound, "no record " + chosen.id + " of " + chosen.owner);
    auto drop = m_db.prepare("DELETE FROM record_incoming WHERE id = ?");
    if (!drop) return drop.error();
    if (auto status = drop->bind(1, chosen.id).run(); !status) return status;
    return tx->commit();
}

Result<DeviceInfo> KioskStore::device() {
    auto s = m_db.prepare("SELECT device_id, unit_id, server_url, server_key, pull_cursor FROM device");
    if (!s) return s.error();
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return DeviceInfo{};
    return DeviceInfo{s->getText(0), s->getText(1), s->getText(2), s->getText(3), s->getInt(4), {}};
}

Status KioskStore::putDevice(const DeviceInfo& d) {
    auto s = m_db.prepare("INSERT OR REPLACE INTO device VALUES(1, ?, ?, ?, ?, ?)");
    if (!s) return s.error();
    return s->bind(1, d.deviceId)
        .bind(2, d.unitId)
        .bind(3, d.serverUrl)
        .bind(4, d.serverKeyHex)
        .bind(5, d.pullCursor)
        .run();
}

Status KioskStore::setPullCursor(std::int64_t cursor) {
    auto s = m_db.prepare("UPDATE device SET pull_cursor = ?");
    if (!s) return s.error();
    return s->bind(1, cursor).run();
}

Result<std::string> KioskStore::setting(const std::string& key, const std::string& fallback) {
    auto s = m_db.prepare("SELECT value FROM setting WHERE key = ?");
    if (!s) return s.error();
    s->bind(1, key);
    auto row = s->step();
    if (!row) return row.error();
    return *row ? s->getText(0) : fallback;
}

Status KioskStore::putSetting(const std::string& key, const std::string& value) {
    auto s = m_db.prepare("INSERT OR REPLACE INTO setting VALUES(?, ?)");
    if (!s) return s.error();
    return s->bind(1, key).bind(2, value).run();
}

}  // namespace osm::kiosk

// SQLite implementation of SyncStorage. One connection behind a mutex: a commit costs ~0.2 ms
// here, which serves a city's kiosks many times over (docs/performance.md).
#include "storage/sync_storage.h"

#include "storage/database.h"


namespace osm::server {
namespace {

using storage::Database;
using storage::Migration;
using storage::Statement;
using storage::Transaction;

constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE service_area(id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE unit(id TEXT PRIMARY KEY, name TEXT NOT NULL, service_area_id TEXT NOT NULL, sector TEXT NOT NULL,
  has_kiosk INTEGER NOT NULL);
CREATE TABLE person(
  staff_number TEXT PRIMARY KEY, name TEXT NOT NULL, title TEXT NOT NULL, unit_id TEXT NOT NULL,
  service_area_id TEXT NOT NULL, sector TEXT NOT NULL, roles TEXT NOT NULL, manager TEXT NOT NULL,
  pin_params TEXT NOT NULL DEFAULT '', pin_salt TEXT NOT NULL DEFAULT '', pin_verifier TEXT NOT NULL DEFAULT '',
  person_key TEXT NOT NULL DEFAULT '',
  setup_params TEXT NOT NULL DEFAULT '', setup_salt TEXT NOT NULL DEFAULT '', setup_verifier TEXT NOT NULL DEFAULT '',
  setup_key TEXT NOT NULL DEFAULT '',
  seq INTEGER NOT NULL);
CREATE INDEX person_unit_seq ON person(unit_id, seq);
CREATE TABLE catalog(year INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE enrolment_code(code_hash TEXT PRIMARY KEY, unit_id TEXT NOT NULL, expires_at INTEGER NOT NULL,
  used_at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE device(id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, public_key BLOB NOT NULL, enrolled_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL DEFAULT 0, last_seen INTEGER NOT NULL DEFAULT 0);
CREATE TABLE nonce(device_id TEXT NOT NULL, nonce TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY(device_id, nonce));
CREATE INDEX nonce_age ON nonce(seen_at);
CREATE TABLE record(
  id TEXT PRIMARY KEY, owner TEXT NOT NULL, unit_id TEXT NOT NULL, kind TEXT NOT NULL, form_id TEXT NOT NULL,
  year INTEGER NOT NULL, version INTEGER NOT NULL, state TEXT NOT NULL, content_hash TEXT NOT NULL,
  payload BLOB NOT NULL, author_signature BLOB NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX record_owner ON record(owner);
CREATE INDEX record_unit ON record(unit_id, kind, state);
-- Every version ever stored (for idempotent retries and the history of agreed goals).
CREATE TABLE record_version(id TEXT NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT NULL,
  stored_at INTEGER NOT NULL, PRIMARY KEY(id, version));
-- Versions based on an older version than the server held: kept, never overwritten.
CREATE TABLE record_conflict(id TEXT NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT NULL,
  owner TEXT NOT NULL, payload BLOB NOT NULL, author_signature BLOB NOT NULL, received_at INTEGER NOT NULL,
  PRIMARY KEY(id, version, content_hash));
CREATE TABLE counter(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO counter VALUES('roster_seq', 0);
)sql"},
    {2, R"sql(
CREATE TABLE hr_account(username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0);
CREATE TABLE hr_session(token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, csrf TEXT NOT NULL, expires_at INTEGER NOT NULL);
)sql"},
    {3, R"sql(
CREATE TABLE training_plan(year INTEGER NOT NULL, scope TEXT NOT NULL, state TEXT NOT NULL, version INTEGER NOT NULL,
  PRIMARY KEY(year, scope));
CREATE TABLE training_plan_version(year INTEGER NOT NULL, scope TEXT NOT NULL, version INTEGER NOT NULL, content TEXT NOT NULL,
  saved_at INTEGER NOT NULL, PRIMARY KEY(year, scope, version));
CREATE TABLE training_plan_event(year INTEGER NOT NULL, scope TEXT NOT NULL, seq INTEGER NOT NULL, version INTEGER NOT NULL,
  action TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, actor TEXT NOT NULL, body TEXT NOT NULL,
  reference TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY(year, scope, seq));
-- The history is a record of decisions: never rewritten, never deleted; a compiled version's
-- content is what the bodies saw, so it never changes either.
CREATE TRIGGER training_plan_event_no_update BEFORE UPDATE ON training_plan_event
  BEGIN SELECT RAISE(ABORT, 'a training plan''s history is never changed'); END;
CREATE TRIGGER training_plan_event_no_delete BEFORE DELETE ON training_plan_event
  BEGIN SELECT RAISE(ABORT, 'a training plan''s history is never deleted'); END;
CREATE TRIGGER training_plan_version_no_delete BEFORE DELETE ON training_plan_version
  BEGIN SELECT RAISE(ABORT, 'a training plan''s versions are never deleted'); END;
CREATE TRIGGER training_plan_version_frozen BEFORE UPDATE ON training_plan_version
  WHEN EXISTS(SELECT 1 FROM training_plan_event e WHERE e.year = OLD.year AND e.scope = OLD.scope
              AND e.version = OLD.version AND e.action = 'compile')
  BEGIN SELECT RAISE(ABORT, 'a compiled training plan version is never changed'); END;
)sql"},
    {4, R"sql(
-- The server instance kiosks see in every answer; `restore` gives the restored data a new one.
CREATE TABLE server_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO server_meta VALUES('instance', lower(hex(randomblob(16))));
-- Whose history a record's current version continues: the instance that stored it, or for a
-- version taken back after a restore, the instance that had acknowledged its base.
ALTER TABLE record ADD COLUMN instance TEXT NOT NULL DEFAULT '';
)sql"},
};

constexpr const char* kPersonColumns =
    "staff_number, name, title, unit_id, service_area_id, sector, roles, manager, pin_params, pin_salt, pin_verifier, "
    "person_key, setup_params, setup_salt, setup_verifier, setup_key, seq";

sync::RosterEntry readPerson(const Statement& s) {
    sync::RosterEntry e;
    e.person.staffNumber = s.getText(0);
    e.person.name = s.getText(1);
    e.person.title = s.getText(2);
    e.person.unitId = s.getText(3);
    e.person.serviceAreaId = s.getText(4);
    e.person.sector = s.getText(5);
    e.person.roles = domain::splitRoles(s.getText(6));
    e.person.managerStaffNumber = s.getText(7);
    e.pin = {s.getText(8), s.getText(9), s.getText(10)};
    e.personKeyHex = s.getText(11);
    e.setupCode = {s.getText(12), s.getText(13), s.getText(14)};
    e.setupKeyHex = s.getText(15);
    return e;
}

constexpr const char* kRecordColumns =
    "id, owner, unit_id, kind, form_id, year, version, state, content_hash, payload, author_signature, updated_at";

ServerRecord readRecord(const Statement& s) {
    ServerRecord r;
    r.id = s.getText(0);
    r.owner = s.getText(1);
    r.unitId = s.getText(2);
    r.kind = sync::kindFromName(s.getText(3)).value_or(sync::RecordKindWire::Development);
    r.formId = s.getText(4);
    r.year = static_cast<int>(s.getInt(5));
    r.version = static_cast<std::uint64_t>(s.getInt(6));
    r.state = s.getText(7) == "submitted" ? sync::RecordStateWire::Submitted : sync::RecordStateWire::Draft;
    r.contentHash = s.getText(8);
    r.payload = s.getBlob(9);
    r.authorSignature = s.getBlob(10);
    r.updatedAt = s.getInt(11);
    return r;
}

DeviceRecord readDevice(const Statement& s) {
    DeviceRecord d;
    d.id = s.getText(0);
    d.unitId = s.getText(1);
    const auto key = s.getBlob(2);
    if (key.size() == d.publicKey.size()) std::copy(key.begin(), key.end(), d.publicKey.begin());
    d.enrolledAt = s.getInt(3);
    d.revokedAt = s.getInt(4);
    d.lastSeen = s.getInt(5);
    return d;
}

// Commits made while one of these lives are not synced to disk on their own (synchronous=
// NORMAL; WAL keeps the file consistent whatever happens): they reach the disk with the next
// FULL commit or checkpoint, and only a power cut or an OS crash before that loses them, never
// a crash of the server. For what each request writes in passing (its nonce, the device's
// last-seen time), whose loss costs nothing: every request's effect is idempotent, so a request
// replayed within its 300 s window after a power cut changes nothing (docs/performance.md).
// The caller holds the storage mutex.
class RelaxedCommits {
public:
    explicit RelaxedCommits(Database& db) : m_db(db) { (void)m_db.exec("PRAGMA synchronous=NORMAL"); }
    ~RelaxedCommits() { (void)m_db.exec("PRAGMA synchronous=FULL"); }
    RelaxedCommits(const RelaxedCommits&) = delete;
    RelaxedCommits& operator=(const RelaxedCommits&) = delete;

private:
    Database& m_db;
};

class SqliteSyncStorage final : public SyncStorage {
public:
    explicit SqliteSyncStorage(Database db) : m_db(std::move(db)) {}

    Status importOrganisation(const domain::Organisation& org) override {
        std::lock_guard lock(m_mutex);
        auto tx = Transaction::begin(m_db);
        if (!tx) return tx.error();
        for (const domain::ServiceArea& area : org.serviceAreas) {
            auto s = m_db.prepare("INSERT INTO service_area VALUES(?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name");
            if (!s) return s.error();
            if (auto st = s->bind(1, area.id).bind(2, area.name).run(); !st) return st;
        }
        for (const domain::Unit& unit : org.units) {
            auto s = m_db.prepare(
                "INSERT INTO unit VALUES(?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                "service_area_id = excluded.service_area_id, sector = excluded.sector, has_kiosk = excluded.has_kiosk");
            if (!s) return s.error();
            if (auto st = s->bind(1, unit.id).bind(2, unit.name).bind(3, unit.serviceAreaId).bind(4, unit.sector).bind(5, unit.hasKiosk ? 1 : 0).run(); !st) return st;
        }
        for (const domain::Person& p : org.people) {
            auto seq = nextSeq();
            if (!seq) return seq.error();
            auto s = m_db.prepare(
                "INSERT INTO person(staff_number, name, title, unit_id, service_area_id, sector, roles, manager, seq) "
                "VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(staff_number) DO UPDATE SET name = excluded.name, "
                "title = excluded.title, unit_id = excluded.unit_id, service_area_id = excluded.service_area_id, "
                "sector = excluded.sector, roles = excluded.roles, manager = excluded.manager, seq = excluded.seq");
            if (!s) return s.error();
            s->bind(1, p.staffNumber).bind(2, p.name).bind(3, p.title).bind(4, p.unitId).bind(5, p.serviceAreaId);
            s->bind(6, p.sector).bind(7, domain::joinRoles(p.roles)).bind(8, p.managerStaffNumber).bind(9, *seq);
            if (auto st = s->run(); !st) return st;
        }
        return tx->commit();
    }

    Result<std::optional<domain::Unit>> unit(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("SELECT id, name, service_area_id, sector, has_kiosk FROM unit WHERE id = ?");
        if (!s) return s.error();
        s->bind(1, id);
        auto rows = storage::collectRows<domain::Unit>(*s, readUnit);
        if (!rows) return rows.error();
        if (rows->empty()) return std::optional<domain::Unit>();
        return std::optional<domain::Unit>(rows->front());
    }

    Result<std::vector<domain::Unit>> units() override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("SELECT id, name, service_area_id, sector, has_kiosk FROM unit ORDER BY id");
        if (!s) return s.error();
        return storage::collectRows<domain::Unit>(*s, readUnit);
    }

    Result<std::vector<domain::ServiceArea>> serviceAreas() override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("SELECT id, name FROM service_area ORDER BY id");
        if (!s) return s.error();
        return storage::collectRows<domain::ServiceArea>(*s, [](const Statement& row) { return domain::ServiceArea{row.getText(0), row.getText(1)}; });
    }

    Result<std::optional<sync::RosterEntry>> person(const std::string& staffNumber) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare(std::string("SELECT ") + kPersonColumns + " FROM person WHERE staff_number = ?");
        if (!s) return s.error();
        s->bind(1, staffNumber);
        auto rows = storage::collectRows<sync::RosterEntry>(*s, readPerson);
        if (!rows) return rows.error();
        if (rows->empty()) return std::optional<sync::RosterEntry>();
        return std::optional<sync::RosterEntry>(rows->front());
    }

    Result<std::vector<sync::RosterEntry>> people() override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare(std::string("SELECT ") + kPersonColumns + " FROM person ORDER BY staff_number");
        if (!s) return s.error();
        return storage::collectRows<sync::RosterEntry>(*s, readPerson);
    }

    Result<std::vector<RosterChange>> rosterSince(const std::string& unitId, std::int64_t cursor, int limit) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare(std::string("SELECT ") + kPersonColumns +
                              " FROM person WHERE unit_id = ? AND seq > ? ORDER BY seq LIMIT ?");
        if (!s) return s.error();
        s->bind(1, unitId).bind(2, cursor).bind(3, limit);
        return storage::collectRows<RosterChange>(*s, [](const Statement& row) { return RosterChange{row.getInt(16), readPerson(row)}; });
    }

    Status setSetupCode(const std::string& staffNumber, const sync::Credential& code, const std::string& setupKeyHex) override {
        return updatePerson("setup_params = ?, setup_salt = ?, setup_verifier = ?, setup_key = ?",
                            {code.kdfParams, code.saltHex, code.verifierHex, setupKeyHex}, staffNumber);
    }

    Status setPin(const std::string& staffNumber, const sync::Credential& pin, const std::string& personKeyHex) override {
        return updatePerson(
            "pin_params = ?, pin_salt = ?, pin_verifier = ?, person_key = ?, setup_params = '', setup_salt = '', "
            "setup_verifier = '', setup_key = ''",
            {pin.kdfParams, pin.saltHex, pin.verifierHex, personKeyHex}, staffNumber);
    }

    Status publishCatalog(int year, const std::string& json) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("INSERT OR REPLACE INTO catalog VALUES(?, ?)");
        if (!s) return s.error();
        return s->bind(1, year).bind(2, json).run();
    }

    Result<std::vector<int>> catalogYears() override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("SELECT year FROM catalog ORDER BY year");
        if (!s) return s.error();
        return storage::collectRows<int>(*s, [](const Statement& row) { return static_cast<int>(row.getInt(0)); });
    }

    Result<std::optional<std::string>> catalog(int year) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("SELECT json FROM catalog WHERE year = ?");
        if (!s) return s.error();
        s->bind(1, year);
        auto row = s->step();
        if (!row) return row.error();
        if (!*row) return std::optional<std::string>();
        return std::optional<std::string>(s->getText(0));
    }

    Status addEnrolmentCode(const std::string& codeHash, const std::string& unitId, std::int64_t expiresAt) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("INSERT INTO enrolment_code(code_hash, unit_id, expires_at) VALUES(?, ?, ?)");
        if (!s) return s.error();
        return s->bind(1, codeHash).bind(2, unitId).bind(3, expiresAt).run();
    }

    Result<CodeOutcome> useEnrolmentCode(const std::string& codeHash, std::int64_t now, std::string& unitId) override {
        std::lock_guard lock(m_mutex);
        auto tx = Transaction::begin(m_db);
        if (!tx) return tx.error();
        auto s = m_db.prepare("SELECT unit_id, expires_at, used_at FROM enrolment_code WHERE code_hash = ?");
        if (!s) return s.error();
        s->bind(1, codeHash);
        auto row = s->step();
        if (!row) return row.error();
        if (!*row) return CodeOutcome::Unknown;
        if (s->getInt(2) != 0) return CodeOutcome::Used;
        if (s->getInt(1) <= now) return CodeOutcome::Expired;
        unitId = s->getText(0);
        auto use = m_db.prepare("UPDATE enrolment_code SET used_at = ? WHERE code_hash = ?");
        if (!use) return use.error();
        if (auto st = use->bind(1, now).bind(2, codeHash).run(); !st) return st.error();
        if (auto st = tx->commit(); !st) return st.error();
        return CodeOutcome::Ok;
    }

    Status addDevice(const DeviceRecord& d) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("INSERT INTO device VALUES(?, ?, ?, ?, 0, ?)");
        if (!s) return s.error();
        return s->bind(1, d.id).bind(2, d.unitId).bindBlob(3, d.publicKey).bind(4, d.enrolledAt).bind(5, d.enrolledAt).run();
    }

    Result<std::optional<DeviceRecord>> device(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("SELECT id, unit_id, public_key, enrolled_at, revoked_at, last_seen FROM device WHERE id = ?");
        if (!s) return s.error();
        s->bind(1, id);
        auto rows = storage::collectRows<DeviceRecord>(*s, readDevice);
        if (!rows) return rows.error();
        if (rows->empty()) return std::optional<DeviceRecord>();
        return std::optional<DeviceRecord>(rows->front());
    }

    Result<std::vector<DeviceRecord>> devices() override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("SELECT id, unit_id, public_key, enrolled_at, revoked_at, last_seen FROM device ORDER BY enrolled_at");
        if (!s) return s.error();
        return storage::collectRows<DeviceRecord>(*s, readDevice);
    }

    Result<bool> revokeDevice(const std::string& id, std::int64_t now) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("UPDATE device SET revoked_at = ? WHERE id = ? AND revoked_at = 0");
        if (!s) return s.error();
        if (auto st = s->bind(1, now).bind(2, id).run(); !st) return st.error();
        return m_db.changes() == 1;
    }

    Status touchDevice(const std::string& id, std::int64_t now) override {
        std::lock_guard lock(m_mutex);
        const RelaxedCommits relaxed(m_db);
        auto s = m_db.prepare("UPDATE device SET last_seen = ? WHERE id = ?");
        if (!s) return s.error();
        return s->bind(1, now).bind(2, id).run();
    }

    Result<bool> rememberNonce(const std::string& deviceId, const std::string& nonce, std::int64_t now,
                               std::int64_t forgetBefore) override {
        std::lock_guard lock(m_mutex);
        const RelaxedCommits relaxed(m_db);
        auto prune = m_db.prepare("DELETE FROM nonce WHERE seen_at < ?");
        if (!prune) return prune.error();
        if (auto st = prune->bind(1, forgetBefore).run(); !st) return st.error();
        auto s = m_db.prepare("INSERT OR IGNORE INTO nonce VALUES(?, ?, ?)");
        if (!s) return s.error();
        if (auto st = s->bind(1, deviceId).bind(2, nonce).bind(3, now).run(); !st) return st.error();
        return m_db.changes() == 1;
    }

    Result<PutOutcome> putRecord(const ServerRecord& r, std::uint64_t baseVersion, std::uint64_t& serverVersion) override {
        std::lock_guard lock(m_mutex);
        auto tx = Transaction::begin(m_db);
        if (!tx) return tx.error();
        auto outcome = putInTransaction(r, baseVersion, {}, serverVersion);
        if (!outcome) return outcome.error();
        if (auto st = tx->commit(); !st) return st.error();
        return outcome;
    }

    // One commit for the batch: with synchronous=FULL each commit waits for the disk, and a
    // commit per record made a push of 200 drafts 200 syncs (docs/performance.md).
    Result<std::vector<RecordPutResult>> putRecords(const std::vector<RecordPut>& puts) override {
        std::lock_guard lock(m_mutex);
        auto tx = Transaction::begin(m_db);
        if (!tx) return tx.error();
        std::vector<RecordPutResult> results;
        results.reserve(puts.size());
        for (const RecordPut& put : puts) {
            RecordPutResult result;
            auto outcome = putInTransaction(put.record, put.baseVersion, put.baseInstance, result.serverVersion);
            if (!outcome) return outcome.error();
            result.outcome = *outcome;
            results.push_back(result);
        }
        if (auto st = tx->commit(); !st) return st.error();
        return results;
    }

private:
    // putRecord's rules; the caller holds the mutex and a transaction.
    Result<PutOutcome> putInTransaction(const ServerRecord& r, std::uint64_t baseVersion, const std::string& baseInstance,
                                        std::uint64_t& serverVersion) {
        // A version seen before with the same content: a retry. Changes nothing.
        auto seen = m_db.prepare("SELECT content_hash FROM record_version WHERE id = ? AND version = ?");
        if (!seen) return seen.error();
        seen->bind(1, r.id).bind(2, static_cast<std::int64_t>(r.version));
        auto seenRow = seen->step();
        if (!seenRow) return seenRow.error();
        const bool known = *seenRow;
        const std::string knownHash = known ? seen->getText(0) : std::string();
        (void)seen->reset();

        auto current = m_db.prepare("SELECT version, instance FROM record WHERE id = ?");
        if (!current) return current.error();
        current->bind(1, r.id);
        auto row = current->step();
        if (!row) return row.error();
        serverVersion = *row ? static_cast<std::uint64_t>(current->getInt(0)) : 0;
        const std::string rowInstance = *row ? current->getText(1) : std::string();
        (void)current->reset();

        if (known && knownHash == r.contentHash) return PutOutcome::Unchanged;
        auto instance = currentInstance();
        if (!instance) return instance.error();
        // The base was acknowledged by the server this one was restored from (putRecords), and
        // the server's version is one from before the restore (or taken back since from such a
        // base): nothing written here since the restore can be passed over.
        const bool acknowledgedBeforeRestore = !baseInstance.empty() && baseInstance != *instance && rowInstance != *instance;
        if (acknowledgedBeforeRestore && !known && r.version == baseVersion && r.version < serverVersion) {
            return PutOutcome::Unchanged;
        }
        const bool continuesServer = acknowledgedBeforeRestore ? serverVersion <= baseVersion : serverVersion == baseVersion;
        if (known || !continuesServer || r.version <= serverVersion) {
            auto s = m_db.prepare("INSERT OR IGNORE INTO record_conflict VALUES(?, ?, ?, ?, ?, ?, ?)");
            if (!s) return s.error();
            s->bind(1, r.id).bind(2, static_cast<std::int64_t>(r.version)).bind(3, r.contentHash).bind(4, r.owner);
            s->bindBlob(5, r.payload).bindBlob(6, r.authorSignature).bind(7, r.updatedAt);
            if (auto st = s->run(); !st) return st.error();
            return PutOutcome::Conflict;
        }
        auto s = m_db.prepare(std::string("INSERT OR REPLACE INTO record(") + kRecordColumns + ", instance) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
        if (!s) return s.error();
        s->bind(13, acknowledgedBeforeRestore ? baseInstance : *instance);
        s->bind(1, r.id).bind(2, r.owner).bind(3, r.unitId).bind(4, sync::kindName(r.kind));
        s->bind(5, r.formId).bind(6, r.year).bind(7, static_cast<std::int64_t>(r.version));
        s->bind(8, r.state == sync::RecordStateWire::Submitted ? "submitted" : "draft").bind(9, r.contentHash);
        s->bindBlob(10, r.payload).bindBlob(11, r.authorSignature).bind(12, r.updatedAt);
        if (auto st = s->run(); !st) return st.error();
        auto history = m_db.prepare("INSERT INTO record_version VALUES(?, ?, ?, ?)");
        if (!history) return history.error();
        if (auto st = history->bind(1, r.id).bind(2, static_cast<std::int64_t>(r.version)).bind(3, r.contentHash).bind(4, r.updatedAt).run(); !st) {
            return st.error();
        }
        serverVersion = r.version;
        return PutOutcome::Stored;
    }

    // The caller holds the mutex.
    Result<std::string> currentInstance() {
        if (!m_instance.empty()) return m_instance;
        auto s = m_db.prepare("SELECT value FROM server_meta WHERE key = 'instance'");
        if (!s) return s.error();
        auto row = s->step();
        if (!row) return row.error();
        if (!*row) return makeError(ErrorCode::Internal, "the database has no server instance id");
        m_instance = s->getText(0);
        return m_instance;
    }

public:
    Result<std::string> instanceId() override {
        std::lock_guard lock(m_mutex);
        return currentInstance();
    }

    Result<std::string> newInstance() override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("UPDATE server_meta SET value = lower(hex(randomblob(16))) WHERE key = 'instance'");
        if (!s) return s.error();
        if (auto st = s->run(); !st) return st.error();
        m_instance.clear();
        return currentInstance();
    }

    Result<std::optional<ServerRecord>> record(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare(std::string("SELECT ") + kRecordColumns + " FROM record WHERE id = ?");
        if (!s) return s.error();
        s->bind(1, id);
        auto rows = storage::collectRows<ServerRecord>(*s, readRecord);
        if (!rows) return rows.error();
        if (rows->empty()) return std::optional<ServerRecord>();
        return std::optional<ServerRecord>(rows->front());
    }

    Result<std::vector<ServerRecord>> recordsOwnedBy(const std::string& owner) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare(std::string("SELECT ") + kRecordColumns + " FROM record WHERE owner = ? ORDER BY updated_at");
        if (!s) return s.error();
        s->bind(1, owner);
        return storage::collectRows<ServerRecord>(*s, readRecord);
    }

    Result<std::vector<ServerRecord>> submittedDevelopmentOf(const std::vector<std::string>& owners) override {
        std::vector<ServerRecord> out;
        for (const std::string& owner : owners) {
            std::lock_guard lock(m_mutex);
            auto s = m_db.prepare(std::string("SELECT ") + kRecordColumns +
                                  " FROM record WHERE owner = ? AND kind = 'development' AND state = 'submitted'");
            if (!s) return s.error();
            s->bind(1, owner);
            auto rows = storage::collectRows<ServerRecord>(*s, readRecord);
            if (!rows) return rows.error();
            out.insert(out.end(), rows->begin(), rows->end());
        }
        return out;
    }

    Result<std::vector<ServerRecord>> submittedGroupOfUnit(const std::string& unitId) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare(std::string("SELECT ") + kRecordColumns +
                              " FROM record WHERE unit_id = ? AND kind = 'group' AND state = 'submitted'");
        if (!s) return s.error();
        s->bind(1, unitId);
        return storage::collectRows<ServerRecord>(*s, readRecord);
    }

    Result<int> conflictCount(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("SELECT count(*) FROM record_conflict WHERE id = ?");
        if (!s) return s.error();
        s->bind(1, id);
        auto row = s->step();
        if (!row) return row.error();
        return static_cast<int>(s->getInt(0));
    }

    Status putHrAccount(const std::string& username, const std::string& passwordHash) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("INSERT OR REPLACE INTO hr_account VALUES(?, ?, 0, 0)");
        if (!s) return s.error();
        return s->bind(1, username).bind(2, passwordHash).run();
    }

    Result<std::optional<HrAccount>> hrAccount(const std::string& username) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("SELECT username, password_hash, failures, locked_until FROM hr_account WHERE username = ?");
        if (!s) return s.error();
        s->bind(1, username);
        auto row = s->step();
        if (!row) return row.error();
        if (!*row) return std::optional<HrAccount>();
        return std::optional<HrAccount>(HrAccount{s->getText(0), s->getText(1), static_cast<int>(s->getInt(2)), s->getInt(3)});
    }

    Status setHrFailures(const std::string& username, int failures, std::int64_t lockedUntil) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("UPDATE hr_account SET failures = ?, locked_until = ? WHERE username = ?");
        if (!s) return s.error();
        return s->bind(1, failures).bind(2, lockedUntil).bind(3, username).run();
    }

    Status putHrSession(const std::string& tokenHash, const HrSession& session) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("INSERT OR REPLACE INTO hr_session VALUES(?, ?, ?, ?)");
        if (!s) return s.error();
        return s->bind(1, tokenHash).bind(2, session.username).bind(3, session.csrf).bind(4, session.expiresAt).run();
    }

    Result<std::optional<HrSession>> hrSession(const std::string& tokenHash) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("SELECT username, csrf, expires_at FROM hr_session WHERE token_hash = ?");
        if (!s) return s.error();
        s->bind(1, tokenHash);
        auto row = s->step();
        if (!row) return row.error();
        if (!*row) return std::optional<HrSession>();
        return std::optional<HrSession>(HrSession{s->getText(0), s->getText(1), s->getInt(2)});
    }

    Status deleteHrSession(const std::string& tokenHash) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("DELETE FROM hr_session WHERE token_hash = ?");
        if (!s) return s.error();
        return s->bind(1, tokenHash).run();
    }

    Result<std::optional<PlanRow>> trainingPlan(int year, const std::string& scope) override {
        std::lock_guard lock(m_mutex);
        auto s = m_db.prepare("SELECT state, version FROM training_plan WHERE year = ? AND scope = ?");
        if (!s) return s.error();
        s->bind(1, year).bind(2, scope);
        auto row = s->step();
        if (!row) return row.error();
        if (!*row) return std::optional<PlanRow>();
        PlanRow plan{year, scope, s->getText(0), static_cast<std::uint64_t>(s->getInt(1)), {}, {}};
        auto versions = m_db.prepare("SELECT version, content, saved_at FROM training_plan_version WHERE year = ? AND scope = ? ORDER BY version");
        if (!versions) return versions.error();
        versions->bind(1, year).bind(2, scope);
        auto versionRows = storage::collectRows<PlanVersionRow>(*versions, [](const Statement& v) {
            return PlanVersionRow{static_cast<std::uint64_t>(v.getInt(0)), v.getText(1), v.getInt(2)};
        });
        if (!versionRows) return versionRows.error();
        plan.versions = std::move(*versionRows);
        auto events = m_db.prepare(
            "SELECT seq, version, action, from_state, to_state, actor, body, reference, at FROM training_plan_event "
            "WHERE year = ? AND scope = ? ORDER BY seq");
        if (!events) return events.error();
        events->bind(1, year).bind(2, scope);
        auto eventRows = storage::collectRows<PlanEventRow>(*events, [](const Statement& e) {
            return PlanEventRow{static_cast<int>(e.getInt(0)), static_cast<std::uint64_t>(e.getInt(1)), e.getText(2), e.getText(3),
                                e.getText(4), e.getText(5), e.getText(6), e.getText(7), e.getInt(8)};
        });
        if (!eventRows) return eventRows.error();
        plan.history = std::move(*eventRows);
        return std::optional<PlanRow>(std::move(plan));
    }

    Result<bool> appendPlanStep(int year, const std::string& scope, int expectedSteps, const std::string& state, std::uint64_t version,
                                const std::string& contentJson, const PlanEventRow& event) override {
        std::lock_guard lock(m_mutex);
        auto tx = Transaction::begin(m_db);
        if (!tx) return tx.error();
        auto count = m_db.prepare("SELECT count(*) FROM training_plan_event WHERE year = ? AND scope = ?");
        if (!count) return count.error();
        count->bind(1, year).bind(2, scope);
        if (auto row = count->step(); !row) return row.error();
        if (count->getInt(0) != expectedSteps) return false;
        auto plan = m_db.prepare(
            "INSERT INTO training_plan VALUES(?, ?, ?, ?) ON CONFLICT(year, scope) DO UPDATE SET state = excluded.state, "
            "version = excluded.version");
        if (!plan) return plan.error();
        if (auto st = plan->bind(1, year).bind(2, scope).bind(3, state).bind(4, static_cast<std::int64_t>(version)).run(); !st) return st.error();
        if (!contentJson.empty()) {
            auto content = m_db.prepare(
                "INSERT INTO training_plan_version VALUES(?, ?, ?, ?, ?) ON CONFLICT(year, scope, version) DO UPDATE SET "
                "content = excluded.content, saved_at = excluded.saved_at");
            if (!content) return content.error();
            content->bind(1, year).bind(2, scope).bind(3, static_cast<std::int64_t>(version)).bind(4, contentJson).bind(5, event.at);
            if (auto st = content->run(); !st) return st.error();
        }
        auto add = m_db.prepare("INSERT INTO training_plan_event VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!add) return add.error();
        add->bind(1, year).bind(2, scope).bind(3, expectedSteps + 1).bind(4, static_cast<std::int64_t>(event.version)).bind(5, event.action);
        add->bind(6, event.fromState).bind(7, event.toState).bind(8, event.actor).bind(9, event.body).bind(10, event.reference).bind(11, event.at);
        if (auto st = add->run(); !st) return st.error();
        if (auto st = tx->commit(); !st) return st.error();
        return true;
    }

    bool isIntact() override {
        std::lock_guard lock(m_mutex);
        return m_db.isIntact();
    }

private:
    static domain::Unit readUnit(const Statement& s) {
        return domain::Unit{s.getText(0), s.getText(1), s.getText(2), s.getText(3), s.getInt(4) != 0};
    }

    // Callers hold the mutex and a transaction.
    Result<std::int64_t> nextSeq() {
        if (auto st = m_db.exec("UPDATE counter SET value = value + 1 WHERE name = 'roster_seq'"); !st) return st.error();
        auto s = m_db.prepare("SELECT value FROM counter WHERE name = 'roster_seq'");
        if (!s) return s.error();
        auto row = s->step();
        if (!row) return row.error();
        return s->getInt(0);
    }

    Status updatePerson(const std::string& assignments, const std::vector<std::string>& values, const std::string& staffNumber) {
        std::lock_guard lock(m_mutex);
        auto tx = Transaction::begin(m_db);
        if (!tx) return tx.error();
        auto seq = nextSeq();
        if (!seq) return seq.error();
        auto s = m_db.prepare("UPDATE person SET " + assignments + ", seq = ? WHERE staff_number = ?");
        if (!s) return s.error();
        int index = 1;
        for (const std::string& value : values) s->bind(index++, value);
        s->bind(index, *seq);
        s->bind(index + 1, staffNumber);
        if (auto st = s->run(); !st) return st;
        if (m_db.changes() != 1) return makeError(ErrorCode::NotFound, "no person with staff number " + staffNumber);
        return tx->commit();
    }

    std::mutex m_mutex;
    Database m_db;
    std::string m_instance;  // cached server_meta 'instance' ("" until read)
};

}  // namespace

Result<std::unique_ptr<SyncStorage>> openSqliteStorage(const std::string& path) {
    auto db = Database::open(path, {storage::Durability::Full});
    if (!db) return db.error();
#ifdef OSM_SERVER_SCHEMA_LIMIT
    // Packaging's upgrade test builds "the previous version" with an older schema.
    const auto migrations = std::span<const Migration>(kMigrations).first(OSM_SERVER_SCHEMA_LIMIT);
#else
    const auto migrations = std::span<const Migration>(kMigrations);
#endif
    if (auto status = storage::migrate(*db, migrations); !status) return status.error();
    return std::unique_ptr<SyncStorage>(std::make_unique<SqliteSyncStorage>(std::move(*db)));
}

}  // namespace osm::server

// The server's SQLite storage: the schema's migrations, and SqliteSyncStorage, which combines one
// class per concern over a single shared connection (a commit costs ~0.2 ms here, which serves a
// city's kiosks many times over: docs/performance.md).
#include "storage/sync_storage.h"

#include "storage/sqlite_catalog_storage.h"
#include "storage/sqlite_completion_storage.h"
#include "storage/sqlite_departure_storage.h"
#include "storage/sqlite_connection.h"
#include "storage/sqlite_device_storage.h"
#include "storage/sqlite_hr_account_storage.h"
#include "storage/sqlite_leader_account_storage.h"
#include "storage/sqlite_instance_storage.h"
#include "storage/sqlite_plan_storage.h"
#include "storage/sqlite_read_log_storage.h"
#include "storage/sqlite_record_storage.h"
#include "storage/sqlite_release_storage.h"
#include "storage/sqlite_retention_storage.h"
#include "storage/sqlite_roster_storage.h"

namespace osm::server {
namespace {

using storage::Database;
using storage::Migration;

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
    {5, R"sql(
-- HR sessions get an absolute lifetime from their sign-in time; sessions from before have none
-- and end now. Failed sign-ins are throttled in memory instead of locking the account, so no
-- account stays locked (the columns failures and locked_until are no longer read).
ALTER TABLE hr_session ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
DELETE FROM hr_session;
UPDATE hr_account SET failures = 0, locked_until = 0;
)sql"},
    {6, R"sql(
-- HR's released aggregate figures (docs/privacy.md): frozen when released, never recomputed.
CREATE TABLE hr_release(year INTEGER NOT NULL, seq INTEGER NOT NULL, released_at INTEGER NOT NULL,
  released_by TEXT NOT NULL, epsilon REAL NOT NULL, year_budget REAL NOT NULL, content TEXT NOT NULL,
  basis TEXT NOT NULL, PRIMARY KEY(year, seq));
CREATE TRIGGER hr_release_no_update BEFORE UPDATE ON hr_release
  BEGIN SELECT RAISE(ABORT, 'a release is never changed'); END;
CREATE TRIGGER hr_release_no_delete BEFORE DELETE ON hr_release
  BEGIN SELECT RAISE(ABORT, 'a release is never deleted'); END;
)sql"},
    {7, R"sql(
-- Whether the kiosk said at enrolment that a TPM guards its PINs ('tpm', 'none'; '' not said).
ALTER TABLE device ADD COLUMN tpm TEXT NOT NULL DEFAULT '';
)sql"},
    {8, R"sql(
-- The leaders' web (docs/security.md, "The leaders' pages"): a password set by the person with a
-- one-time code an operator issued; sessions by the hash of their token.
CREATE TABLE leader_account(staff_number TEXT PRIMARY KEY, password_hash TEXT NOT NULL DEFAULT '',
  code_hash TEXT NOT NULL DEFAULT '', code_expires_at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE leader_session(token_hash TEXT PRIMARY KEY, staff_number TEXT NOT NULL, csrf TEXT NOT NULL,
  expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX leader_session_person ON leader_session(staff_number);
)sql"},
    {9, R"sql(
-- Who left which unit (storage/departure_storage.h): a change the unit's kiosks pull, with the
-- roster entry as it was there (no credentials) to verify the drafts still to be pushed.
CREATE TABLE roster_departure(staff_number TEXT NOT NULL, unit_id TEXT NOT NULL, seq INTEGER NOT NULL,
  departed_at INTEGER NOT NULL, left_organisation INTEGER NOT NULL, entry TEXT NOT NULL,
  PRIMARY KEY(staff_number, unit_id));
CREATE INDEX roster_departure_unit_seq ON roster_departure(unit_id, seq);
)sql"},
    {10, R"sql(
-- Who was handed a record's content other than its author (storage/read_log_storage.h): one row
-- per delivery. The rows go with their record, whatever deletes it.
-- `subject`: whom the record is about (the employee of an agreement or confirmation, else its owner).
CREATE TABLE record_read(record_id TEXT NOT NULL, subject TEXT NOT NULL, version INTEGER NOT NULL,
  reader TEXT NOT NULL, channel TEXT NOT NULL, read_at INTEGER NOT NULL);
CREATE INDEX record_read_record ON record_read(record_id, version);
CREATE INDEX record_read_subject ON record_read(subject);
CREATE TRIGGER record_read_goes_with_record AFTER DELETE ON record
  BEGIN DELETE FROM record_read WHERE record_id = OLD.id; END;
)sql"},
    {11, R"sql(
-- The read log counts repeated deliveries on one row per record version, reader and channel, with
-- the first and last time and how many (what the pull and the export show anyway), so it grows
-- with what was read, not with how often a manager's terminal pulls. Rows of version 10 are
-- taken together the same way.
CREATE TABLE record_read_counted(record_id TEXT NOT NULL, subject TEXT NOT NULL, version INTEGER NOT NULL,
  reader TEXT NOT NULL, channel TEXT NOT NULL, first_at INTEGER NOT NULL, last_at INTEGER NOT NULL,
  count INTEGER NOT NULL, PRIMARY KEY(record_id, version, reader, channel)) WITHOUT ROWID;
INSERT INTO record_read_counted
  SELECT record_id, min(subject), version, reader, channel, min(read_at), max(read_at), count(*)
  FROM record_read GROUP BY record_id, version, reader, channel;
DROP TRIGGER record_read_goes_with_record;
DROP TABLE record_read;
ALTER TABLE record_read_counted RENAME TO record_read;
CREATE INDEX record_read_subject ON record_read(subject);
CREATE TRIGGER record_read_goes_with_record AFTER DELETE ON record
  BEGIN DELETE FROM record_read WHERE record_id = OLD.id; END;
)sql"},
    {12, R"sql(
-- A draft written on the leaders' web is sealed by the server with its storage key (its author
-- has no key of their own there: decisions.md, "Drafts on the web"), not by a kiosk for its
-- author. Such a draft is re-sealed by `rotate-keys` and never handed to a kiosk.
ALTER TABLE record ADD COLUMN sealed_by_server INTEGER NOT NULL DEFAULT 0;
)sql"},
    {13, R"sql(
-- What people completed in the city's systems (docs/integrations.md): Priima's course
-- completions (course set, name '') and Oss's trainings (name set, course ''). Every field that
-- tells one apart is in the key, so importing a file again adds nothing. A person's rows go when
-- they leave the roster (docs/security.md, "Completions from Priima and Oss").
CREATE TABLE completion(source TEXT NOT NULL, staff_number TEXT NOT NULL, course TEXT NOT NULL, name TEXT NOT NULL,
  completed_on TEXT NOT NULL, minutes INTEGER NOT NULL,
  PRIMARY KEY(staff_number, source, course, name, completed_on)) WITHOUT ROWID;
CREATE TRIGGER completion_goes_with_person AFTER DELETE ON person
  BEGIN DELETE FROM completion WHERE staff_number = OLD.staff_number; END;
)sql"},
};

// Every concern's SQLite class on the same connection; the interfaces are virtual bases of
// SyncStorage and of each class, so each class's methods are the final ones here.
class SqliteSyncStorage final : public SyncStorage,
                                public SqliteRosterStorage,
                                public SqliteCatalogStorage,
                                public SqliteDeviceStorage,
                                public SqliteRecordStorage,
                                public SqliteHrAccountStorage,
                                public SqliteLeaderAccountStorage,
                                public SqlitePlanStorage,
                                public SqliteInstanceStorage,
                                public SqliteReleaseStorage,
                                public SqliteDepartureStorage,
                                public SqliteRetentionStorage,
                                public SqliteReadLogStorage,
                                public SqliteCompletionStorage {
public:
    explicit SqliteSyncStorage(const std::shared_ptr<SqliteConnection>& c)
        : SqliteRosterStorage(c), SqliteCatalogStorage(c), SqliteDeviceStorage(c), SqliteRecordStorage(c),
          SqliteHrAccountStorage(c), SqliteLeaderAccountStorage(c), SqlitePlanStorage(c), SqliteInstanceStorage(c),
          SqliteReleaseStorage(c), SqliteDepartureStorage(c), SqliteRetentionStorage(c), SqliteReadLogStorage(c),
          SqliteCompletionStorage(c) {}
};

}  // namespace

Result<std::unique_ptr<SyncStorage>> openSqliteStorage(const std::string& path, SchemaUpgrade upgrade) {
    auto db = Database::open(path, {storage::Durability::Full});
    if (!db) return db.error();
    const auto migrations = std::span<const Migration>(kMigrations);
    if (upgrade == SchemaUpgrade::Migrate) {
        if (auto status = storage::migrate(*db, migrations); !status) return status.error();
    }
    auto connection = std::make_shared<SqliteConnection>(std::move(*db));
    return std::unique_ptr<SyncStorage>(std::make_unique<SqliteSyncStorage>(connection));
}

}  // namespace osm::server

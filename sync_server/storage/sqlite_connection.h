// SqliteConnection: the one SQLite connection every SQLite storage class of the server shares
// (one mutex, one transaction at a time), and the small helpers they have in common.
#pragma once

#include "core/result.h"
#include "storage/database.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace osm::server {

// Each storage class locks mutex() for the whole of a method, so a transaction one of them
// opens never interleaves with another's statements.
class SqliteConnection {
public:
    explicit SqliteConnection(storage::Database db) : m_db(std::move(db)) {}

    std::mutex& mutex() { return m_mutex; }
    storage::Database& db() { return m_db; }

    // server_meta's 'instance', cached after the first read. The caller holds the mutex.
    Result<std::string> currentInstance();
    // Drops the cached instance (after it was replaced). The caller holds the mutex.
    void forgetInstance() { m_instance.clear(); }

private:
    std::mutex m_mutex;
    storage::Database m_db;
    std::string m_instance;  // "" until read
};

// The base of every SQLite storage class: the shared connection, and its mutex and database
// under the names the statements use.
class SqliteStorageBase {
protected:
    explicit SqliteStorageBase(std::shared_ptr<SqliteConnection> connection)
        : m_connection(std::move(connection)), m_mutex(m_connection->mutex()), m_db(m_connection->db()) {}

    std::shared_ptr<SqliteConnection> m_connection;
    std::mutex& m_mutex;
    storage::Database& m_db;
};

// Commits made while one of these lives are not synced to disk on their own (synchronous=
// NORMAL; WAL keeps the file consistent whatever happens): they reach the disk with the next
// FULL commit or checkpoint, and only a power cut or an OS crash before that loses them, never
// a crash of the server. For what each request writes in passing (its nonce, the device's
// last-seen time), whose loss costs nothing: every request's effect is idempotent, so a request
// replayed within its 300 s window after a power cut changes nothing (docs/performance.md).
// The caller holds the storage mutex.
class RelaxedCommits {
public:
    explicit RelaxedCommits(storage::Database& db) : m_db(db) { set("PRAGMA synchronous=NORMAL"); }
    ~RelaxedCommits() { set("PRAGMA synchronous=FULL"); }
    RelaxedCommits(const RelaxedCommits&) = delete;
    RelaxedCommits& operator=(const RelaxedCommits&) = delete;

private:
    // Prepared (and so kept by the connection), not parsed again for every request.
    void set(const char* pragma) {
        if (auto statement = m_db.prepare(pragma)) (void)statement->run();
    }
    storage::Database& m_db;
};

// The single number a statement such as SELECT count(*) answers (0 when it has no row).
Result<std::int64_t> singleNumber(storage::Statement& statement);

// The roster's next change number (roster entries and departures share it). The caller holds
// the mutex and a transaction.
Result<std::int64_t> nextRosterSeq(storage::Database& db);

}  // namespace osm::server

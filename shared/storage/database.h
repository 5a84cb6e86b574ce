// A small RAII layer over SQLite: a move-only connection, prepared statements, transactions
// that roll back unless committed, numbered schema migrations and integrity checks.
//
// Thread safety: a Database is used by one thread at a time (SQLite's "multi-thread" mode);
// give each thread its own connection. Failures come back as Result values with the SQLite
// message; nothing here throws except std::bad_alloc.
#pragma once

#include "core/result.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace osm::storage {

enum class Durability {
    Full,    // synchronous=FULL: an acknowledged commit survives power loss
    Normal,  // synchronous=NORMAL: may lose the last commits on power loss, never corrupts
};

struct OpenOptions {
    Durability durability = Durability::Full;
    bool readOnly = false;
    int busyTimeoutMs = 5000;
};

class Statement;
class StatementCache;  // the connection's idle prepared statements, by their SQL (database.cpp)

class Database {
public:
    // Opens (creating if needed) the file and sets WAL, foreign keys and the durability.
    static Result<Database> open(const std::string& path, const OpenOptions& options = {});

    Database(Database&&) noexcept = default;
    Database& operator=(Database&&) noexcept = default;

    // Runs one or more statements that return no rows.
    Status exec(std::string_view sql);
    // A statement of one SQL text. The connection keeps the statements it prepared, reset and
    // unbound, for the next prepare of the same text (parsing costs more than most lookups);
    // a text already in use (a statement still alive) is prepared anew.
    Result<Statement> prepare(std::string_view sql);

    // "ok" or the list of problems SQLite's integrity_check reports.
    Result<std::vector<std::string>> integrityCheck();
    bool isIntact();

    std::int64_t lastInsertRowId() const;
    int changes() const;
    const std::string& path() const { return m_path; }
    sqlite3* handle() const { return m_db.get(); }

    // Current PRAGMA values, for tests and diagnostics.
    Result<std::string> pragma(std::string_view name);

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    Database(std::unique_ptr<sqlite3, Closer> db, std::string path);

    std::unique_ptr<sqlite3, Closer> m_db;
    std::string m_path;
    // After m_db: destroyed first, so its statements are finalized before the connection closes.
    std::shared_ptr<StatementCache> m_cache;
};

// A prepared statement. Bind parameters by 1-based index, then step() until it returns false.
class Statement {
public:
    Statement(Statement&&) noexcept = default;
    Statement& operator=(Statement&&) noexcept = default;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bindBlob(int index, std::span<const std::uint8_t> blob);
    Statement& bindNull(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    // true while a row is available; false when done. Errors (including a failed bind) come
    // back as a Result error.
    Result<bool> step();
    // Steps a statement that returns no rows.
    Status run();
    Status reset();

    bool isNull(int column) const;
    std::int64_t getInt(int column) const;
    double getDouble(int column) const;
    std::string getText(int column) const;
    std::vector<std::uint8_t> getBlob(int column) const;

private:
    friend class Database;
    // Gives the statement back to its connection's cache (reset, bindings cleared), or
    // finalizes it when the cache has one of that text already or is gone.
    struct Finalizer {
        std::weak_ptr<StatementCache> cache;
        void operator()(sqlite3_stmt* stmt) const;
    };
    Statement(std::unique_ptr<sqlite3_stmt, Finalizer> stmt, sqlite3* db);
    void noteBindResult(int rc);

    std::unique_ptr<sqlite3_stmt, Finalizer> m_stmt;
    sqlite3* m_db = nullptr;
    std::optional<Error> m_bindError;
};

// BEGIN IMMEDIATE on construction; ROLLBACK in the destructor unless commit() succeeded.
class Transaction {
public:
    static Result<Transaction> begin(Database& db);
    ~Transaction();
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;

    Status commit();

private:
    explicit Transaction(Database& db) : m_db(&db) {}
    Database* m_db;
    bool m_done = false;
};

// Steps a statement to the end, turning each row into a T with `read(statement)`.
template <typename T, typename Read>
Result<std::vector<T>> collectRows(Statement& statement, Read read) {
    std::vector<T> out;
    while (true) {
        auto row = statement.step();
        if (!row) return row.error();
        if (!*row) return out;
        out.push_back(read(statement));
    }
}

// What `read` makes of the statement's first row, or nothing when it has none (a lookup by key).
template <typename T, typename Read>
Result<std::optional<T>> firstRow(Statement& statement, Read read) {
    auto row = statement.step();
    if (!row) return row.error();
    if (!*row) return std::optional<T>();
    return std::optional<T>(read(statement));
}

// One step of the schema: migration N brings user_version from N-1 to N.
struct Migration {
    int version;
    std::string_view sql;
};

// Applies the migrations above the file's user_version, each in its own transaction.
// Refuses a file whose version is newer than this program knows (a downgrade).
Status migrate(Database& db, std::span<const Migration> migrations);
Result<int> schemaVersion(Database& db);

}  // namespace osm::storage

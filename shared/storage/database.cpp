// SQLite RAII wrappers. Bind errors are remembered and reported by step(), so call sites can
// chain binds without checking each one.
#include "storage/database.h"

#include <sqlite3.h>

#include <mutex>
#include <unordered_map>
#include <utility>

namespace osm::storage {

// Idle statements by SQL text. Its own mutex: a Statement may end on another thread than the one
// that used the connection last (the connection's users serialise everything else).
class StatementCache {
public:
    StatementCache() = default;
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;
    ~StatementCache() {
        // A statement still in use is its user's to finalize (its Finalizer finds no cache then).
        for (auto& [sql, entry] : m_entries) {
            if (!entry.inUse) sqlite3_finalize(entry.stmt);
        }
    }

    // The cached statement of `sql` when it is idle (now in use), else nullptr.
    sqlite3_stmt* take(std::string_view sql) {
        std::lock_guard lock(m_mutex);
        auto it = m_entries.find(sql);
        if (it == m_entries.end() || it->second.inUse) return nullptr;
        it->second.inUse = true;
        return it->second.stmt;
    }

    // A statement its user is done with: kept idle for its text, or finalized.
    void giveBack(sqlite3_stmt* stmt) {
        sqlite3_reset(stmt);  // ends its read of the database, whatever the last step answered
        sqlite3_clear_bindings(stmt);
        const char* sql = sqlite3_sql(stmt);
        std::lock_guard lock(m_mutex);
        auto it = m_entries.find(std::string_view(sql != nullptr ? sql : ""));
        if (it != m_entries.end() && it->second.stmt == stmt) {
            it->second.inUse = false;
            return;
        }
        if (it == m_entries.end() && sql != nullptr && m_entries.size() < kMaxStatements) {
            m_entries.emplace(std::string(sql), Entry{stmt, false});
            return;
        }
        sqlite3_finalize(stmt);
    }

private:
    // More distinct texts than a program has (statements built from varying parts are finalized).
    static constexpr std::size_t kMaxStatements = 512;
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
    };
    struct Entry {
        sqlite3_stmt* stmt;
        bool inUse;
    };
    std::mutex m_mutex;
    std::unordered_map<std::string, Entry, Hash, std::equal_to<>> m_entries;
};

namespace {

Error sqliteError(sqlite3* db, std::string_view what) {
    const int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
    std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "no connection");
    const int primary = code & 0xff;
    const ErrorCode kind = (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) ? ErrorCode::Locked
                           : (primary == SQLITE_CONSTRAINT)                     ? ErrorCode::Conflict
                                                                                : ErrorCode::Io;
    return makeError(kind, std::move(message));
}

}  // namespace

void Database::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }
void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const {
    if (auto owner = cache.lock()) {
        owner->giveBack(stmt);
    } else {
        sqlite3_finalize(stmt);
    }
}

Database::Database(std::unique_ptr<sqlite3, Closer> db, std::string path)
    : m_db(std::move(db)), m_path(std::move(path)), m_cache(std::make_shared<StatementCache>()) {}

Result<Database> Database::open(const std::string& path, const OpenOptions& options) {
    sqlite3* raw = nullptr;
    const int flags =
        (options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    std::unique_ptr<sqlite3, Closer> holder(raw);
    if (rc != SQLITE_OK) return sqliteError(raw, "cannot open database '" + path + "'");
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, options.busyTimeoutMs);

    Database db(std::move(holder), path);
    std::string setup = "PRAGMA foreign_keys=ON;";
    if (!options.readOnly) {
        setup += "PRAGMA journal_mode=WAL;";
        setup += options.durability == Durability::Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
    }
    if (auto status = db.exec(setup); !status) return status.error();
    if (!options.readOnly) {
        auto mode = db.pragma("journal_mode");
        if (!mode) return mode.error();
        if (*mode != "wal" && path != ":memory:") {
            return makeError(ErrorCode::Io, "database '" + path + "' could not be put in WAL mode");
        }
    }
    return db;
}

Status Database::exec(std::string_view sql) {
    const std::string text(sql);
    char* message = nullptr;
    if (sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        return sqliteError(m_db.get(), "statement failed");
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* raw = m_cache->take(sql);
    if (raw == nullptr &&
        sqlite3_prepare_v2(m_db.get(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK) {
        return sqliteError(m_db.get(), "cannot prepare statement");
    }
    return Statement(std::unique_ptr<sqlite3_stmt, Statement::Finalizer>(raw, Statement::Finalizer{m_cache}),
                     m_db.get());
}

Result<std::vector<std::string>> Database::integrityCheck() {
    auto stmt = prepare("PRAGMA integrity_check");
    if (!stmt) return stmt.error();
    std::vector<std::string> lines;
    while (true) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        lines.push_back(stmt->getText(0));
    }
    return lines;
}

bool Database::isIntact() {
    auto lines = integrityCheck();
    return lines && lines->size() == 1 && lines->front() == "ok";
}

std::int64_t Database::lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db.get()); }
int Database::changes() const { return sqlite3_changes(m_db.get()); }

Result<std::string> Database::pragma(std::string_view name) {
    auto stmt = prepare("PRAGMA " + std::string(name));
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return makeError(ErrorCode::NotFound, "pragma returned nothing");
    return stmt->getText(0);
}

Statement::Statement(std::unique_ptr<sqlite3_stmt, Finalizer> stmt, sqlite3* db) : m_stmt(std::move(stmt)), m_db(db) {}

void Statement::noteBindResult(int rc) {
    if (rc != SQLITE_OK && !m_bindError) m_bindError = sqliteError(m_db, "cannot bind parameter");
}

Statement& Statement::bind(int index, std::int64_t value) {
    noteBindResult(sqlite3_bind_int64(m_stmt.get(), index, value));
    return *this;
}

Statement& Statement::bind(int index, double value) {
    noteBindResult(sqlite3_bind_double(m_stmt.get(), index, value));
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    noteBindResult(sqlite3_bind_text64(m_stmt.get(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement& Statement::bindBlob(int index, std::span<const std::uint8_t> blob) {
    // A zero-length blob must still be a blob, not NULL: pass a non-null pointer.
    static const std::uint8_t empty = 0;
    noteBindResult(
        sqlite3_bind_blob64(m_stmt.get(), index, blob.empty() ? &empty : blob.data(), blob.size(), SQLITE_TRANSIENT));
    return *this;
}

Statement& Statement::bindNull(int index) {
    noteBindResult(sqlite3_bind_null(m_stmt.get(), index));
    return *this;
}

Result<bool> Statement::step() {
    if (m_bindError) return *m_bindError;
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error error = sqliteError(m_db, "statement failed");
    sqlite3_reset(m_stmt.get());
    return error;
}

Status Statement::run() {
    auto row = step();
    if (!row) return row.error();
    return reset();
}

Status Statement::reset() {
    m_bindError.reset();
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
    return {};
}

bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL; }
std::int64_t Statement::getInt(int column) const { return sqlite3_column_int64(m_stmt.get(), column); }
double Statement::getDouble(int column) const { return sqlite3_column_double(m_stmt.get(), column); }

std::string Statement::getText(int column) const {
    const auto* text = sqlite3_column_text(m_stmt.get(), column);
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)) : std::string();
}

std::vector<std::uint8_t> Statement::getBlob(int column) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt.get(), column));
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    return data ? std::vector<std::uint8_t>(data, data + size) : std::vector<std::uint8_t>();
}

namespace {

// One statement of no rows, through the connection's cache (a transaction's BEGIN and COMMIT
// come often enough that parsing them each time shows in a profile).
Status runCached(Database& db, std::string_view sql) {
    auto statement = db.prepare(sql);
    if (!statement) return statement.error();
    return statement->run();
}

}  // namespace

Result<Transaction> Transaction::begin(Database& db) {
    if (auto status = runCached(db, "BEGIN IMMEDIATE"); !status) return status.error();
    return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept : m_db(other.m_db), m_done(std::exchange(other.m_done, true)) {}

Transaction::~Transaction() {
    if (!m_done) (void)runCached(*m_db, "ROLLBACK");
}

Status Transaction::commit() {
    if (m_done) return makeError(ErrorCode::Internal, "transaction already finished");
    auto status = runCached(*m_db, "COMMIT");
    if (status) m_done = true;  // on failure the destructor rolls back
    return status;
}

Result<int> schemaVersion(Database& db) {
    auto value = db.pragma("user_version");
    if (!value) return value.error();
    return std::stoi(*value);
}

Status migrate(Database& db, std::span<const Migration> migrations) {
    auto current = schemaVersion(db);
    if (!current) return current.error();
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    if (*current > latest) {
        return makeError(ErrorCode::Conflict, "database '" + db.path() + "' has schema version " +
                                                  std::to_string(*current) + ", newer than this program's " +
                                                  std::to_string(latest));
    }
    int expected = 1;
    for (const Migration& step : migrations) {
        if (step.version != expected++) {
            return makeError(ErrorCode::Internal, "migrations must be numbered 1, 2, 3, … without gaps");
        }
        if (step.version <= *current) continue;
        auto tx = Transaction::begin(db);
        if (!tx) return tx.error();
        if (auto status = db.exec(step.sql); !status) {
            return makeError(status.error().code,
                             "migration " + std::to_string(step.version) + " failed: " + status.error().message);
        }
        if (auto status = db.exec("PRAGMA user_version=" + std::to_string(step.version)); !status) return status;
        if (auto status = tx->commit(); !status) return status;
    }
    return {};
}

}  // namespace osm::storage

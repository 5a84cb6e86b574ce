// Backup and restore. The snapshot is SQLite's VACUUM INTO: one read transaction, which in WAL
// mode never blocks the server's writers, and a compact single file as the result. Files are
// written under a temporary name, fsynced and renamed, so a crash leaves no half a backup.
#include "ops/backup.h"

#include "storage/database.h"
#include "storage/sync_storage.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

namespace osm::server {
namespace fs = std::filesystem;

namespace {

constexpr const char* kDatabaseFile = "server.db";

Error ioError(const fs::path& path, const std::string& what) {
    return makeError(ErrorCode::Io, path.string() + ": " + what);
}

Status syncPath(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ioError(path, "cannot open to sync");
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok ? Status{} : Status{ioError(path, "fsync failed")};
}

Status makePrivateDir(const fs::path& dir) {
    std::error_code error;
    fs::create_directories(dir, error);
    if (error) return ioError(dir, "cannot create: " + error.message());
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, error);
    if (error) return ioError(dir, "cannot restrict to its owner: " + error.message());
    return {};
}

// Copies a file byte for byte to `to` (created 0600, never over an existing file), fsynced.
Status copyPrivateFile(const fs::path& from, const fs::path& to) {
    const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) return ioError(from, "cannot read");
    const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        ::close(in);
        return ioError(to, "cannot create (it may exist already)");
    }
    char buffer[1 << 16];
    bool ok = true;
    for (ssize_t n; ok && (n = ::read(in, buffer, sizeof buffer)) != 0;) {
        ok = n > 0 && ::write(out, buffer, static_cast<std::size_t>(n)) == n;
    }
    ok = ok && ::fsync(out) == 0;
    ::close(in);
    ::close(out);
    if (!ok) return ioError(to, "copy failed");
    return {};
}

bool hasServerData(const ServerPaths& paths) {
    std::error_code error;
    if (fs::exists(paths.databasePath(), error)) return true;
    for (const char* name : kServerKeyFiles) {
        if (fs::exists(paths.keyDir / name, error)) return true;
    }
    return false;
}

}  // namespace

Result<DataLock> DataLock::acquire(const fs::path& dataDir) {
    const fs::path path = dataDir / "serve.lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return ioError(path, "cannot open the lock file");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return makeError(
            ErrorCode::Locked,
            dataDir.string() + " is in use by a running server (stop it first: systemctl stop osaamissilta-server)");
    }
    return DataLock(fd);
}

DataLock::~DataLock() {
    if (m_fd >= 0) ::close(m_fd);
}

Status refuseRootOnForeignData(const fs::path& dataDir) {
    struct stat info {};
    if (::geteuid() != 0 || ::stat(dataDir.c_str(), &info) != 0 || info.st_uid == 0) return {};
    return makeError(ErrorCode::Refused,
                     dataDir.string() +
                         " belongs to another user; run this as that user (sudo -u osaamissilta …) so every "
                         "file stays readable by the service");
}

Result<BackupSummary> verifyBackup(const fs::path& folder) {
    const fs::path dbPath = folder / kDatabaseFile;
    if (!fs::is_regular_file(dbPath))
        return makeError(ErrorCode::NotFound, dbPath.string() + ": no database in the backup");
    auto keys = loadServerKeys(folder / "keys");
    if (!keys) return makeError(keys.error().code, "backup keys: " + keys.error().message);
    auto db = storage::Database::open(dbPath.string());
    if (!db) return db.error();
    auto problems = db->integrityCheck();
    if (!problems) return problems.error();
    if (problems->size() != 1 || problems->front() != "ok") {
        return makeError(ErrorCode::Refused, dbPath.string() + ": integrity check failed: " + problems->front());
    }
    BackupSummary summary;
    auto version = storage::schemaVersion(*db);
    if (!version) return version.error();
    summary.schemaVersion = *version;
    {
        // Read as it is: checking a backup never migrates it.
        auto data = openSqliteStorage(dbPath.string(), SchemaUpgrade::AsIs);
        if (!data) return data.error();
        auto people = (*data)->personCount();
        auto records = (*data)->recordCount();
        if (!people || !records) return makeError(ErrorCode::Refused, dbPath.string() + ": not a server database");
        summary.people = *people;
        summary.records = *records;
        auto submitted = (*data)->sealedPayloads(false);
        if (!submitted) return submitted.error();
        for (const SealedPayload& payload : *submitted) {
            if (!opensWith(keys->storage, payload)) {
                return makeError(ErrorCode::Refused, "the backup's storage key does not open submitted record " +
                                                         payload.id + ": keys and database do not belong together");
            }
            ++summary.submitted;
        }
    }  // closed, so that this connection alone can leave WAL mode
    // Leave the backup a single file again (the check opened it in WAL mode).
    if (auto status = db->exec("PRAGMA journal_mode=DELETE"); !status) return status.error();
    return summary;
}

Result<BackupSummary> backupServer(const ServerPaths& from, const fs::path& dest) {
    if (auto status = refuseRootOnForeignData(from.dataDir); !status) return status.error();
    if (!fs::is_regular_file(from.databasePath()))
        return makeError(ErrorCode::NotFound, from.databasePath() + ": no database");
    std::error_code error;
    if (fs::exists(dest, error) && !fs::is_empty(dest, error)) {
        return makeError(ErrorCode::InvalidInput, dest.string() + ": exists and is not empty; give a new folder");
    }
    if (auto status = makePrivateDir(dest / "keys"); !status) return status.error();
    fs::permissions(dest, fs::perms::owner_all, fs::perm_options::replace, error);
    for (const char* name : kServerKeyFiles) {
        if (auto status = copyPrivateFile(from.keyDir / name, dest / "keys" / name); !status) return status.error();
    }

    auto source = storage::Database::open(from.databasePath());
    if (!source) return source.error();
    const fs::path partial = dest / "server.db.partial";
    auto vacuum = source->prepare("VACUUM INTO ?");
    if (!vacuum) return vacuum.error();
    if (auto status = vacuum->bind(1, partial.string()).run(); !status) return status.error();
    ::chmod(partial.c_str(), 0600);
    if (auto status = syncPath(partial); !status) return status.error();
    fs::rename(partial, dest / kDatabaseFile, error);
    if (error) return ioError(dest / kDatabaseFile, "cannot rename: " + error.message());
    if (auto status = syncPath(dest); !status) return status.error();
    return verifyBackup(dest);
}

Result<BackupSummary> restoreServer(const fs::path& src, const ServerPaths& to, bool force) {
    auto checked = verifyBackup(src);
    if (!checked) return makeError(checked.error().code, "not restoring: " + checked.error().message);
    if (auto status = makePrivateDir(to.dataDir); !status) return status.error();
    if (auto status = refuseRootOnForeignData(to.dataDir); !status) return status.error();
    auto lock = DataLock::acquire(to.dataDir);
    if (!lock) return makeError(lock.error().code, "not restoring: " + lock.error().message);

    if (hasServerData(to)) {
        if (!force) {
            return makeError(ErrorCode::Conflict, to.dataDir.string() +
                                                      " already holds a database or keys; --force moves them aside "
                                                      "(into before-restore-<time>/) and restores");
        }
        const auto now =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
        const fs::path aside = to.dataDir / ("before-restore-" + std::to_string(now.count()));
        if (auto status = makePrivateDir(aside / "keys"); !status) return status.error();
        std::error_code error;
        for (const char* suffix : {"", "-wal", "-shm"}) {
            const fs::path file = to.databasePath() + suffix;
            if (fs::exists(file, error)) fs::rename(file, aside / (std::string(kDatabaseFile) + suffix), error);
            if (error) return ioError(file, "cannot move aside: " + error.message());
        }
        for (const char* name : kServerKeyFiles) {
            if (fs::exists(to.keyDir / name, error)) fs::rename(to.keyDir / name, aside / "keys" / name, error);
            if (error) return ioError(to.keyDir / name, "cannot move aside: " + error.message());
        }
    }

    if (auto status = makePrivateDir(to.keyDir); !status) return status.error();
    for (const char* name : kServerKeyFiles) {
        if (auto status = copyPrivateFile(src / "keys" / name, to.keyDir / name); !status) return status.error();
    }
    const fs::path partial = to.databasePath() + ".partial";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(partial.string() + suffix);
    if (auto status = copyPrivateFile(src / kDatabaseFile, partial); !status) return status.error();
    {
        // Brought forward to this version's schema, and made a new instance, before it takes the
        // database's place: a restored server is a new instance, so the kiosks see the change
        // at their next sync and send again what the lost server had acknowledged after the
        // backup (docs/protocol.md). Never the backup's instance under the real name, even after
        // a crash here.
        auto storage = openSqliteStorage(partial.string());
        if (!storage) return storage.error();
        if (!(*storage)->isIntact())
            return makeError(ErrorCode::Io, partial.string() + ": integrity check failed after restore");
        if (auto instance = (*storage)->newInstance(); !instance) return instance.error();
    }  // closed: SQLite checkpoints the WAL into the file and removes it
    std::error_code error;
    if (fs::exists(partial.string() + "-wal", error)) return ioError(partial, "the restored database kept a WAL file");
    fs::rename(partial, to.databasePath(), error);
    if (error) return ioError(to.databasePath(), "cannot rename: " + error.message());
    if (auto status = syncPath(to.dataDir); !status) return status.error();
    return checked;
}

}  // namespace osm::server

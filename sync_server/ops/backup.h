// Online backup and restore of the server's data: the database (a consistent snapshot taken
// while the server keeps serving) and the key files, and the lock `serve` holds on its data.
#pragma once

#include "ops/operator_commands.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace osm::server {

// Held by a running `serve` (and by restore and rotate-keys) on <data>/serve.lock, an flock
// released when the process ends however it ends. Move-only.
class DataLock {
public:
    // Fails with Locked when another process holds it.
    static Result<DataLock> acquire(const std::filesystem::path& dataDir);
    DataLock(DataLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    DataLock& operator=(DataLock&&) = delete;
    DataLock(const DataLock&) = delete;
    ~DataLock();

private:
    explicit DataLock(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

// What a backup folder holds, as checked by verifyBackup.
struct BackupSummary {
    int schemaVersion = 0;
    std::int64_t people = 0;
    std::int64_t records = 0;
    std::int64_t submitted = 0;  // each opened with the storage key of the backup
};

// Writes DEST/server.db (a snapshot by VACUUM INTO: one read transaction, so the server goes on
// serving) and DEST/keys/ (0700, files 0600), then checks the result with verifyBackup.
// DEST must not exist or be empty. A failed backup leaves no half-written server.db in DEST.
Result<BackupSummary> backupServer(const ServerPaths& from, const std::filesystem::path& dest);

// Checks a backup folder: the database passes integrity_check, the keys load (0600), and the
// storage key opens every submitted record (so keys and data belong together).
Result<BackupSummary> verifyBackup(const std::filesystem::path& folder);

// Restores a checked backup into `to`. Refuses while a server holds the data's lock. Refuses
// when `to` already holds a database or keys unless `force`; with force the old files are
// moved aside into <data>/before-restore-<unix time>/, never deleted. The restored database is
// migrated to this program's schema.
Result<BackupSummary> restoreServer(const std::filesystem::path& src, const ServerPaths& to, bool force);

// Root must not create files the service user cannot open later: refuses when run as root on
// a data folder owned by someone else (run as that user: sudo -u osaamissilta …).
Status refuseRootOnForeignData(const std::filesystem::path& dataDir);

}  // namespace osm::server

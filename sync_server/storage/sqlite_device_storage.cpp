// SqliteDeviceStorage. What every request writes in passing (the device's last-seen time, its
// nonce) is committed without its own sync to disk (RelaxedCommits says why that is safe).
#include "storage/sqlite_device_storage.h"

#include <algorithm>

namespace osm::server {
namespace {

using storage::Statement;
using storage::Transaction;

constexpr const char* kDeviceColumns = "id, unit_id, public_key, enrolled_at, revoked_at, last_seen, tpm";

DeviceRecord readDevice(const Statement& s) {
    DeviceRecord d;
    d.id = s.getText(0);
    d.unitId = s.getText(1);
    const auto key = s.getBlob(2);
    if (key.size() == d.publicKey.size()) std::copy(key.begin(), key.end(), d.publicKey.begin());
    d.enrolledAt = s.getInt(3);
    d.revokedAt = s.getInt(4);
    d.lastSeen = s.getInt(5);
    d.tpm = s.getText(6);
    return d;
}

}  // namespace

Status SqliteDeviceStorage::addEnrolmentCode(const std::string& codeHash, const std::string& unitId,
                                             std::int64_t expiresAt) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("INSERT INTO enrolment_code(code_hash, unit_id, expires_at) VALUES(?, ?, ?)");
    if (!s) return s.error();
    return s->bind(1, codeHash).bind(2, unitId).bind(3, expiresAt).run();
}

Result<CodeOutcome> SqliteDeviceStorage::useEnrolmentCode(const std::string& codeHash, std::int64_t now,
                                                          std::string& unitId) {
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

Status SqliteDeviceStorage::addDevice(const DeviceRecord& d) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("INSERT INTO device(") + kDeviceColumns + ") VALUES(?, ?, ?, ?, 0, ?, ?)");
    if (!s) return s.error();
    s->bind(1, d.id).bind(2, d.unitId).bindBlob(3, d.publicKey);
    return s->bind(4, d.enrolledAt).bind(5, d.enrolledAt).bind(6, d.tpm).run();
}

Result<std::optional<DeviceRecord>> SqliteDeviceStorage::device(const std::string& id) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("SELECT ") + kDeviceColumns + " FROM device WHERE id = ?");
    if (!s) return s.error();
    s->bind(1, id);
    return storage::firstRow<DeviceRecord>(*s, readDevice);
}

Result<std::vector<DeviceRecord>> SqliteDeviceStorage::devices() {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("SELECT ") + kDeviceColumns + " FROM device ORDER BY enrolled_at");
    if (!s) return s.error();
    return storage::collectRows<DeviceRecord>(*s, readDevice);
}

Result<bool> SqliteDeviceStorage::revokeDevice(const std::string& id, std::int64_t now) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("UPDATE device SET revoked_at = ? WHERE id = ? AND revoked_at = 0");
    if (!s) return s.error();
    if (auto st = s->bind(1, now).bind(2, id).run(); !st) return st.error();
    return m_db.changes() == 1;
}

Status SqliteDeviceStorage::touchDevice(const std::string& id, std::int64_t now) {
    std::lock_guard lock(m_mutex);
    const RelaxedCommits relaxed(m_db);
    auto s = m_db.prepare("UPDATE device SET last_seen = ? WHERE id = ?");
    if (!s) return s.error();
    return s->bind(1, now).bind(2, id).run();
}

Result<bool> SqliteDeviceStorage::rememberNonce(const std::string& deviceId, const std::string& nonce, std::int64_t now,
                                                std::int64_t forgetBefore) {
    std::lock_guard lock(m_mutex);
    const RelaxedCommits relaxed(m_db);
    if (forgetBefore > m_prunedBefore) {
        auto prune = m_db.prepare("DELETE FROM nonce WHERE seen_at < ?");
        if (!prune) return prune.error();
        if (auto st = prune->bind(1, forgetBefore).run(); !st) return st.error();
        m_prunedBefore = forgetBefore;
    }
    auto s = m_db.prepare("INSERT OR IGNORE INTO nonce VALUES(?, ?, ?)");
    if (!s) return s.error();
    if (auto st = s->bind(1, deviceId).bind(2, nonce).bind(3, now).run(); !st) return st.error();
    return m_db.changes() == 1;
}

}  // namespace osm::server

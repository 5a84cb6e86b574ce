// The kiosk store's PIN bindings to the terminal's TPM (pin_vault.h, docs/decisions.md).
#include "local_store.h"

namespace osm::kiosk {

Status KioskStore::putPinBinding(const std::string& staffNumber, const PinBinding& b) {
    auto tx = storage::Transaction::begin(m_db);
    if (!tx) return tx.error();
    auto s = m_db.prepare("INSERT OR REPLACE INTO pin_binding VALUES(?, ?, ?, ?, ?, ?)");
    if (!s) return s.error();
    s->bind(1, staffNumber).bind(2, b.kdfParams).bind(3, b.saltHex).bindBlob(4, b.sealedSecret);
    if (auto status = s->bindBlob(5, b.vault).bind(6, b.personKeyHex).run(); !status) return status;
    auto blank = m_db.prepare(
        "UPDATE person SET pin_salt = '', pin_verifier = ? WHERE staff_number = ? AND person_key = ? AND "
        "pin_synced = 1");
    if (!blank) return blank.error();
    if (auto status = blank->bind(1, kTpmBoundVerifier).bind(2, staffNumber).bind(3, b.personKeyHex).run(); !status)
        return status;
    return tx->commit();
}

Result<std::optional<PinBinding>> KioskStore::pinBinding(const std::string& staffNumber) {
    auto s = m_db.prepare(
        "SELECT kdf_params, salt, sealed_secret, vault, person_key FROM pin_binding WHERE staff_number = ?");
    if (!s) return s.error();
    s->bind(1, staffNumber);
    return storage::firstRow<PinBinding>(*s, [](const storage::Statement& row) {
        return PinBinding{row.getText(0), row.getText(1), row.getBlob(2), row.getBlob(3), row.getText(4)};
    });
}

Status KioskStore::dropPinBinding(const std::string& staffNumber) {
    auto tx = storage::Transaction::begin(m_db);
    if (!tx) return tx.error();
    auto s = m_db.prepare("DELETE FROM pin_binding WHERE staff_number = ?");
    if (!s) return s.error();
    if (auto status = s->bind(1, staffNumber).run(); !status) return status;
    if (auto status = setPullCursor(0); !status) return status;
    return tx->commit();
}

Status KioskStore::replaceStoredPin(const std::string& staffNumber, const std::string& clearVerifierHex,
                                    const Credential& sealed, const std::string& identity) {
    auto s = m_db.prepare(
        "UPDATE person SET pin_params = ?, pin_salt = ?, pin_verifier = ?, person_key = ? WHERE staff_number = ? AND "
        "pin_verifier = ? AND pin_synced = 1");
    if (!s) return s.error();
    s->bind(1, sealed.kdfParams).bind(2, sealed.saltHex).bind(3, sealed.verifierHex).bind(4, identity);
    return s->bind(5, staffNumber).bind(6, clearVerifierHex).run();
}

Status KioskStore::dropSealedPin(const std::string& staffNumber) {
    auto tx = storage::Transaction::begin(m_db);
    if (!tx) return tx.error();
    auto s = m_db.prepare(
        "UPDATE person SET pin_params = '', pin_salt = '', pin_verifier = '', person_key = '' WHERE staff_number = ? "
        "AND pin_verifier LIKE 'tpm-sealed:%'");
    if (!s) return s.error();
    if (auto status = s->bind(1, staffNumber).run(); !status) return status;
    if (auto status = setPullCursor(0); !status) return status;
    return tx->commit();
}

Status KioskStore::dropOldPages() { return m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

Result<bool> KioskStore::boundPinAwaitsResend(const std::string& staffNumber) {
    auto s = m_db.prepare("SELECT 1 FROM person WHERE staff_number = ? AND pin_synced = 2 AND pin_verifier = ?");
    if (!s) return s.error();
    s->bind(1, staffNumber).bind(2, kTpmBoundVerifier);
    auto row = s->step();
    if (!row) return row.error();
    return *row;
}

Status KioskStore::requeueBoundPin(const std::string& staffNumber, const Credential& network,
                                   const std::string& personKeyHex) {
    auto s = m_db.prepare(
        "UPDATE person SET pin_params = ?, pin_salt = ?, pin_verifier = ?, person_key = ? WHERE staff_number = ? AND "
        "pin_synced = 2 AND pin_verifier = ?");
    if (!s) return s.error();
    s->bind(1, network.kdfParams).bind(2, network.saltHex).bind(3, network.verifierHex).bind(4, personKeyHex);
    return s->bind(5, staffNumber).bind(6, kTpmBoundVerifier).run();
}

}  // namespace osm::kiosk

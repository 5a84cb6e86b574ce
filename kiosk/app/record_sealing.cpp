// Sealing, signing and opening records. The signature covers the wire envelope, so the server
// can check that the author (not only the terminal) made this version.
#include "record_sealing.h"

#include "crypto/aead.h"
#include "crypto/box.h"
#include "crypto/encoding.h"

namespace osm::kiosk {

sync::RecordEnvelope envelopeOf(const StoredRecord& r) {
    sync::RecordEnvelope e;
    e.id = r.id;
    e.kind = r.kind;
    e.owner = r.owner;
    e.formId = r.formId;
    e.year = r.year;
    e.version = r.version;
    e.baseVersion = r.syncedVersion;
    const bool submitted = r.state != RecordState::Draft;
    e.state = submitted ? sync::RecordStateWire::Submitted : sync::RecordStateWire::Draft;
    e.payload = submitted ? r.serverBox : r.sealed;
    e.contentHash = r.payloadHash;
    e.authorSignature = r.authorSignature;
    return e;
}

std::string recordSigningTextOf(const StoredRecord& record) { return sync::signingTextOf(envelopeOf(record)); }

void signForServer(StoredRecord& record, const crypto::SigningKeyPair& personKey) {
    const crypto::Bytes& payload = record.state == RecordState::Draft ? record.sealed : record.serverBox;
    if (payload.empty()) return;
    record.payloadHash = crypto::contentHash(payload);
    const crypto::Signature signature = crypto::sign(personKey, crypto::asBytes(recordSigningTextOf(record)));
    record.authorSignature = crypto::Bytes(signature.begin(), signature.end());
}

bool sealForAuthor(StoredRecord& record, const crypto::SecretBuffer& key, const crypto::SigningKeyPair& personKey,
                   std::string_view plain) {
    auto sealed = crypto::seal(key, {record.id, record.owner, record.version}, plain);
    if (!sealed) return false;
    record.sealed = std::move(*sealed);
    signForServer(record, personKey);
    return true;
}

void boxForServer(StoredRecord& record, const std::optional<crypto::PublicKey>& serverKey, std::string_view plain) {
    if (!serverKey) return;
    if (auto box = crypto::sealToServer(*serverKey, plain)) record.serverBox = std::move(*box);
}

Status sealAndSave(KioskStore& store, StoredRecord& record, const crypto::SecretBuffer& key,
                   const crypto::SigningKeyPair& personKey, const std::optional<crypto::PublicKey>& serverKey,
                   std::string_view plain) {
    if (record.state == RecordState::Ready) boxForServer(record, serverKey, plain);
    if (!sealForAuthor(record, key, personKey, plain)) return makeError(ErrorCode::Internal, "sealing failed");
    return store.saveRecord(record);
}

bool openSealedRow(const StoredRecord& row, const crypto::SecretBuffer& key, RecordContent& out) {
    auto plain = crypto::open(key, {row.id, row.owner, row.version}, row.sealed);
    if (!plain) return false;
    const bool parsed = parseContent(row.kind, *plain, out);
    crypto::wipe(*plain);
    return parsed;
}

}  // namespace osm::kiosk

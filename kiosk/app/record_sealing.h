// Sealing and signing of records: the author's sealed copy, the box a submission carries to the
// server, the hash and signature of what goes on the wire, and opening a sealed row again.
//
// Thread safety: pure functions; call them on the worker (sealing is slow enough to matter).
#pragma once

#include "crypto/secret_buffer.h"
#include "crypto/signing.h"
#include "local_store.h"
#include "record_content.h"
#include "sync/protocol.h"

#include <optional>
#include <string>
#include <string_view>

namespace osm::kiosk {

// The record as it goes on the wire (drafts carry their sealed blob, submissions the box sealed
// to the server), and the text its author signs.
sync::RecordEnvelope envelopeOf(const StoredRecord& record);
std::string recordSigningTextOf(const StoredRecord& record);

// Hashes and signs what goes to the server: the sealed draft, or for a submission its box to
// the server (left unsigned while that is still empty).
void signForServer(StoredRecord& record, const crypto::SigningKeyPair& personKey);

// Seals the content for its author at the record's id, owner and version, then signs it.
// False when sealing failed (the record is then unchanged).
bool sealForAuthor(StoredRecord& record, const crypto::SecretBuffer& key, const crypto::SigningKeyPair& personKey,
                   std::string_view plain);

// A submission's copy for the server: boxes `plain` to the server's key into record.serverBox.
// Nothing happens while the terminal knows no server yet (the box is made at a later login).
void boxForServer(StoredRecord& record, const std::optional<crypto::PublicKey>& serverKey, std::string_view plain);

// Seals a record for its author and saves it. A submission (state Ready) also gets its box to
// the server first. A failed sealing is an Internal error; nothing is written then.
Status sealAndSave(KioskStore& store, StoredRecord& record, const crypto::SecretBuffer& key,
                   const crypto::SigningKeyPair& personKey, const std::optional<crypto::PublicKey>& serverKey,
                   std::string_view plain);

// Opens a sealed row with the person's key into `out`. False when the row was altered or
// misplaced (failed authentication) or its text is not of the row's kind.
bool openSealedRow(const StoredRecord& row, const crypto::SecretBuffer& key, RecordContent& out);

}  // namespace osm::kiosk

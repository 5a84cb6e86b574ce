// A push batch's checks that do not depend on the order of its records: each owner looked up
// once per batch, and the authors' signatures checked on two threads (SyncService::checkBatch).
#include "api/sync_service.h"

#include "api/roster_page.h"
#include "crypto/signing.h"

namespace osm::server {

SyncService::OwnerLookup SyncService::lookUpOwner(const Caller& caller, const std::string& staffNumber) {
    auto owner = m_storage.person(staffNumber);
    if (!owner) return {true, std::nullopt};
    if (!owner->has_value() || (*owner)->person.unitId != caller.device.unitId) {
        // Someone who has left the unit: their drafts still on its kiosks come in as they were.
        return {false, departedFrom(m_storage, staffNumber, caller.device.unitId)};
    }
    return {false, std::move(*owner)};
}

SyncService::BatchChecks SyncService::checkBatch(const Caller& caller, const std::vector<sync::PushedRecord>& batch) {
    BatchChecks checks;
    std::vector<crypto::SignatureCheck> signatures;
    std::vector<std::size_t> checkAt(batch.size(), batch.size());  // batch index → index in `signatures`
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!batch[i].envelope) continue;
        const sync::RecordEnvelope& e = *batch[i].envelope;
        auto known = checks.owners.find(e.owner);
        if (known == checks.owners.end()) known = checks.owners.emplace(e.owner, lookUpOwner(caller, e.owner)).first;
        if (!known->second.entry) continue;
        // A key or signature of the wrong size is a signature that does not verify.
        auto keyBytes = crypto::fromHex(known->second.entry->personKeyHex);
        auto key = keyBytes ? crypto::publicKeyFromBytes(*keyBytes) : Result<crypto::PublicKey>(keyBytes.error());
        auto signature = crypto::signatureFromBytes(e.authorSignature);
        if (!key || !signature) continue;
        checkAt[i] = signatures.size();
        signatures.push_back({*key, sync::signingTextOf(e), *signature});
    }
    // Two threads: the machine a server runs on has at least two cores, and the batch's one
    // durable commit waits for all of them anyway (docs/decisions.md, "The push's pipe").
    const std::vector<std::uint8_t> verdicts = crypto::verifyAll(signatures, 2);
    checks.signatureOk.assign(batch.size(), 0);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (checkAt[i] < verdicts.size()) checks.signatureOk[i] = verdicts[checkAt[i]];
    }
    return checks;
}

}  // namespace osm::server

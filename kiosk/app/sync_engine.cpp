// The kiosk side of the protocol. A record leaves the queue only when the server acknowledged
// its id, version and payload hash (KioskStore::markSynced); the only records deleted here are
// those of people who left the unit, and only once the server holds them (eraseDeparted).
#include "sync_engine.h"

#include "catalog/catalog.h"
#include "crypto/encoding.h"
#include "crypto/secret_buffer.h"
#include "device_key.h"
#include "roster_seal.h"
#include "sync/messages.h"

#include <algorithm>
#include <future>

namespace osm::kiosk {

namespace {

std::string refusalOf(const HttpReply& reply) {
    const auto error = sync::decodeErrorAnswer(reply.body);
    return error ? error->code : "http_" + std::to_string(reply.status);
}

// The answer of a request, decoded by `decode`, or nothing; an unreachable server, a refusal or
// a malformed answer is recorded in the report.
template <typename Decode>
auto answerOf(const Result<HttpReply>& reply, Decode decode, SyncReport& report)
    -> std::optional<std::decay_t<decltype(*decode(""))>> {
    if (!reply) {
        report.reachable = false;  // the answer may have been lost: the same request is safe to repeat
        return std::nullopt;
    }
    if (reply->status != 200) {
        report.refusal = refusalOf(*reply);
        return std::nullopt;
    }
    auto answer = decode(reply->body);
    if (!answer) {
        report.refusal = "bad_answer";
        return std::nullopt;
    }
    return std::move(*answer);
}

}  // namespace

void wipeShared(SyncReport& report) {
    for (sync::RecordEnvelope& e : report.shared) crypto::wipe(e.payload);
    report.shared.clear();
}

SyncEngine::SyncEngine(KioskStore store, std::filesystem::path deviceKeyPath, SyncTransport& transport,
                       crypto::KdfParams pinKdfFloor)
    : m_store(std::move(store)), m_keyPath(std::move(deviceKeyPath)), m_transport(transport),
      m_pinKdfFloor(pinKdfFloor) {}

bool SyncEngine::enrolled() {
    auto device = m_store.device();
    return device && device->enrolled();
}

Result<crypto::SigningKeyPair> SyncEngine::deviceKey() { return loadDeviceKey(m_keyPath, m_tpm.get()); }

Result<DeviceInfo> SyncEngine::enrol(const std::string& serverUrl, const std::string& code, std::int64_t now) {
    (void)now;
    const crypto::SigningKeyPair pair = crypto::generateSigningKeyPair();
    const std::string body = sync::encode(sync::EnrolRequest{code, crypto::toHex(pair.publicKey), m_tpmKind});
    auto reply = m_transport.post(serverUrl, std::string(sync::kApiPrefix) + "/enrol", {}, body);
    if (!reply) return reply.error();
    if (reply->status != 200) return makeError(ErrorCode::Refused, "enrolment refused: " + refusalOf(*reply));
    const auto answer = sync::decodeEnrolAnswer(reply->body);
    if (!answer) return makeError(ErrorCode::InvalidInput, "enrolment answer is malformed");
    DeviceInfo device{answer->deviceId, answer->unitId, serverUrl, answer->serverPublicKeyHex, 0, answer->unitName};

    // The device key: the one secret a terminal must keep without a person present, in its own
    // file readable only by the kiosk's user, sealed to the TPM when there is one (device_key.h).
    if (auto saved = saveDeviceKey(m_keyPath, crypto::seedOf(pair), m_tpm.get()); !saved) {
        return makeError(ErrorCode::Io, saved.error().message + " (the enrolment code is spent; ask HR for a new one)");
    }
    if (auto status = m_store.putDevice(device); !status) return status.error();
    if (!device.unitName.empty()) (void)m_store.putSetting("unit_name", device.unitName);
    (void)m_store.putSetting("unit_id", device.unitId);
    return device;
}

Result<HttpHeaders> SyncEngine::signedHeaders(const DeviceInfo& device, const std::string& path,
                                              const std::string& body, std::int64_t now,
                                              const crypto::SigningKeyPair* person, const std::string& staffNumber) {
    if (!m_burstKey) {
        auto key = deviceKey();
        if (!key) return key.error();
        m_burstKey.emplace(std::move(*key));
    }
    const sync::SignedHeaders h =
        sync::signRequest(*m_burstKey, device.deviceId, "POST", path, body, now, person, staffNumber);
    HttpHeaders headers{{sync::header::kDevice, h.device},
                        {sync::header::kTimestamp, h.timestamp},
                        {sync::header::kNonce, h.nonce},
                        {sync::header::kSignature, h.signature}};
    if (person != nullptr) {
        headers.push_back({sync::header::kPerson, h.person});
        headers.push_back({sync::header::kPersonSignature, h.personSignature});
    }
    return headers;
}

Result<HttpReply> SyncEngine::signedPost(const DeviceInfo& device, const std::string& path, const std::string& body,
                                         std::int64_t now, const crypto::SigningKeyPair* person,
                                         const std::string& staffNumber) {
    auto headers = signedHeaders(device, path, body, now, person, staffNumber);
    if (!headers) return headers.error();
    return m_transport.post(device.serverUrl, path, *headers, body);
}

void SyncEngine::pushPins(const DeviceInfo& device, std::int64_t now, SyncReport& report) {
    auto pending = m_store.pendingPins();
    if (!pending || pending->empty() || !report.reachable) return;
    sync::PinsRequest request;
    for (const KioskStore::PendingPin& p : *pending) {
        request.pins.push_back({p.entry.person.staffNumber, p.entry.pin, p.entry.personKeyHex, p.proof});
    }
    auto reply = signedPost(device, std::string(sync::kApiPrefix) + "/pins", sync::encode(request), now);
    const auto answer = answerOf(reply, sync::decodePinsAnswer, report);
    if (!answer) return;
    // A restored server queues every PIN set here again; the ones answered here are then done.
    auto tx = storage::Transaction::begin(m_store.database());
    if (!tx) return;
    noteInstance(answer->serverInstance, report);
    for (const sync::PinResult& item : answer->results) {
        // Refused PINs stay queued and visible, but for resends.
        if (item.status != "stored" && item.status != "unchanged") {
            for (const KioskStore::PendingPin& p : *pending) {
                if (p.resend && p.entry.person.staffNumber == item.staffNumber) {
                    (void)m_store.giveUpPinResend(p.entry.person.staffNumber);
                }
            }
            continue;
        }
        for (const KioskStore::PendingPin& p : *pending) {
            if (p.entry.person.staffNumber == item.staffNumber &&
                m_store.markPinSynced(p.entry.person.staffNumber, p.entry.pin.verifierHex)) {
                ++report.pinsSent;
            }
        }
    }
    (void)tx->commit();
}

// The pipe is kept full: while the server checks and stores batch N, this thread reads, encodes
// and signs batch N+1. The rules stay those of one batch at a time: N+1 is sent only after N was
// answered and its acknowledgements committed (so the server sees every version in order, and
// nothing follows a batch that failed), and a record is marked sent only from the server's
// answer, in a durable commit (docs/decisions.md, "The push's pipe").
void SyncEngine::pushRecords(const DeviceInfo& device, std::int64_t now, SyncReport& report) {
    const std::string path = std::string(sync::kApiPrefix) + "/push";
    auto send = [&](PushBatch& batch) {
        return std::async(std::launch::async,
                          [this, &device, &path, headers = std::move(batch.headers), body = std::move(batch.body)] {
                              return m_transport.post(device.serverUrl, path, headers, body);
                          });
    };
    KioskStore::QueuePosition after;  // one pass sends each queued record once
    std::optional<PushBatch> current = preparePush(device, now, after, nullptr, report);
    if (!current) return;
    std::future<Result<HttpReply>> onTheWire = send(*current);
    while (current) {
        std::optional<PushBatch> next = preparePush(device, now, after, &current->records, report);
        const auto answer = answerOf(onTheWire.get(), sync::decodePushAnswer, report);
        if (!answer) return;  // the next batch is never sent
        // The acknowledgements are on disk before the next batch goes: overlapping the two durable
        // commits was slower where kiosk and server share a disk (docs/performance.md).
        if (!acknowledgePush(current->records, *answer, report)) return;
        if (next) onTheWire = send(*next);
        current = std::move(next);
    }
}

std::optional<SyncEngine::PushBatch> SyncEngine::preparePush(const DeviceInfo& device, std::int64_t now,
                                                             KioskStore::QueuePosition& after,
                                                             const std::vector<StoredRecord>* inFlight,
                                                             SyncReport& report) {
    if (!report.reachable || !report.refusal.empty()) return std::nullopt;
    PushBatch batch;
    std::size_t bytes = 0;
    bool full = false;
    while (!full) {
        auto rows = m_store.unsyncedAfter(after, sync::kMaxRecordsPerPush - batch.records.size());
        if (!rows || rows->empty()) break;
        for (StoredRecord& r : *rows) {
            // Keep the request well under the server's body limit (base64 grows payloads by a third).
            bytes += r.sealed.size() + r.serverBox.size();
            full = !batch.records.empty() && bytes * 4 / 3 > sync::kMaxBodyBytes * 3 / 4;
            if (full) break;
            after = {r.updatedAt, r.id};
            // Changed again while its previous version is in flight: it goes at the next sync,
            // based on the version that answer acknowledges (sent now, it would meet its own past).
            const auto sameId = [&](const StoredRecord& f) { return f.id == r.id; };
            if (inFlight != nullptr && std::any_of(inFlight->begin(), inFlight->end(), sameId)) continue;
            batch.records.push_back(std::move(r));
        }
        full = full || batch.records.size() == sync::kMaxRecordsPerPush;
    }
    if (batch.records.empty()) return std::nullopt;
    // Each base names the server instance that acknowledged it, so a server restored from an
    // older backup can tell a kiosk ahead of it from a conflicting one (docs/protocol.md).
    auto instance = m_store.serverInstance();
    const std::string known = instance ? *instance : std::string();
    sync::PushRequest request;
    for (const StoredRecord& r : batch.records) {
        sync::RecordEnvelope e = envelopeOf(r);
        e.baseInstance = !r.resendFrom.empty() ? r.resendFrom : r.syncedVersion > 0 ? known : std::string();
        request.records.push_back(std::move(e));
    }
    batch.body = sync::encode(request);
    auto headers = signedHeaders(device, std::string(sync::kApiPrefix) + "/push", batch.body, now);
    if (!headers) {
        report.reachable = false;  // as an unsent request: everything stays queued
        return std::nullopt;
    }
    batch.headers = std::move(*headers);
    return batch;
}

bool SyncEngine::acknowledgePush(const std::vector<StoredRecord>& sent, const sync::PushAnswer& answer,
                                 SyncReport& report) {
    // The acknowledgements of a batch in one durable commit (not one per record). If that
    // commit fails, the records stay queued and the next push is answered `unchanged`.
    auto tx = storage::Transaction::begin(m_store.database());
    if (!tx) return false;
    // First: a restored server queues every acknowledged record again; this batch's answers
    // below then settle the ones it answered.
    noteInstance(answer.serverInstance, report);
    SyncReport counted;  // added to the report only once the acknowledgements are on disk
    for (const sync::PushResult& result : answer.results) {
        const auto it = std::find_if(sent.begin(), sent.end(), [&](const StoredRecord& r) {
            return r.id == result.id && r.version == result.version;
        });
        if (it == sent.end()) continue;  // an answer for something we did not send: ignore
        if (result.status == "stored" || result.status == "unchanged") {
            (void)m_store.markSynced(it->id, it->version, it->payloadHash);
            ++(result.status == "stored" ? counted.stored : counted.unchanged);
        } else if (result.status == "conflict") {
            (void)m_store.markConflict(it->id, it->version);
            ++counted.conflicts;
        } else {
            ++counted.refused;
            // An acknowledged, unchanged record the restored server refuses: nothing more to try.
            if (!it->resendFrom.empty() && it->version == it->syncedVersion) (void)m_store.giveUpResend(it->id);
        }
    }
    if (!tx->commit()) return false;
    report.stored += counted.stored;
    report.unchanged += counted.unchanged;
    report.conflicts += counted.conflicts;
    report.refused += counted.refused;
    return true;
}

bool SyncEngine::storeRosterEntry(sync::RosterEntry& entry, SyncReport& report) {
    // A PIN set here and not yet acknowledged wins over an older roster copy.
    auto mine = m_store.person(entry.person.staffNumber);
    bool keepLocalPin = false;
    if (mine && mine->has_value()) {
        if (auto pending = m_store.pendingPins()) {
            for (const KioskStore::PendingPin& p : *pending)
                keepLocalPin = keepLocalPin || p.entry.person.staffNumber == entry.person.staffNumber;
        }
        if (keepLocalPin) {
            entry.pin = (*mine)->pin;
            entry.setupCode = {};
            entry.personKeyHex = (*mine)->personKeyHex;
        }
    }
    // A verifier crackable in moments (weak Argon2id parameters) is never taken: the
    // person keeps what this terminal had, or sets a PIN anew.
    if (!entry.pin.empty() && sync::pinKdfProblem(entry.pin.kdfParams, m_pinKdfFloor)) {
        entry.pin = mine && mine->has_value() ? (*mine)->pin : sync::Credential{};
        entry.personKeyHex = mine && mine->has_value() ? (*mine)->personKeyHex : std::string();
    }
    // On a terminal with a TPM nothing that checks a PIN is stored as it came (roster_seal.h).
    if (m_tpm && !keepLocalPin && !sealIncoming(m_store, *m_tpm, entry)) {
        report.refusal = "tpm";
        return false;
    }
    if (m_store.putPerson(entry)) ++report.rosterChanges;
    return true;
}

void SyncEngine::pullRoster(DeviceInfo& device, std::int64_t now, SyncReport& report) {
    // Runs even after a refused push: a bad record must not cut the terminal off from the roster.
    while (report.reachable) {
        const std::string body = sync::encode(sync::PullRequest{device.pullCursor, sync::kMaxPullLimit, {}});
        auto reply = signedPost(device, std::string(sync::kApiPrefix) + "/pull", body, now);
        auto answer = answerOf(reply, sync::decodePullAnswer, report);
        if (!answer) return;
        {
            auto tx = storage::Transaction::begin(m_store.database());
            if (!tx) return;
            const bool restored = noteInstance(answer->serverInstance, report);
            if (!tx->commit()) return;
            if (restored) {  // the restored server's roster, from the start
                device.pullCursor = 0;
                continue;
            }
        }
        for (sync::RosterEntry& entry : answer->roster) {
            if (!storeRosterEntry(entry, report)) return;  // the cursor stays: the same page comes again
        }
        // After the entries: someone who left and is back in the unit is not listed as departed.
        for (const std::string& staffNumber : answer->departed) {
            if (m_store.removePerson(staffNumber)) ++report.departed;
        }
        if (answer->keptFrom > 0) {
            if (auto purged = m_store.eraseYearsBefore(answer->keptFrom)) report.purged += *purged;
        }
        fetchCatalogs(device, answer->catalogs, now, report);
        device.pullCursor = answer->nextCursor;
        (void)m_store.setPullCursor(device.pullCursor);
        if (!answer->more) return;
    }
}

void SyncEngine::fetchCatalogs(const DeviceInfo& device, const std::vector<sync::CatalogListing>& listed,
                               std::int64_t now, SyncReport& report) {
    for (const sync::CatalogListing& item : listed) {
        const int year = item.year;
        const std::string& hash = item.hash;
        if (auto known = m_store.setting("catalog_hash." + std::to_string(year)); !known || *known == hash) continue;
        const std::string body = sync::encode(sync::CatalogRequest{year});
        auto reply = signedPost(device, std::string(sync::kApiPrefix) + "/catalog", body, now);
        if (!reply || reply->status != 200) continue;
        const auto answer = sync::decodeCatalogAnswer(reply->body);
        if (!answer) continue;
        const std::string& text = answer->catalog;
        // Kept only when it loads whole: a broken catalogue never replaces a working one.
        auto parsed = catalog::parseCatalog(text, "catalog " + std::to_string(year));
        if (!parsed || parsed->year != year || crypto::contentHash(text) != hash) continue;
        if (m_store.putSetting("catalog." + std::to_string(year), text) &&
            m_store.putSetting("catalog_hash." + std::to_string(year), hash)) {
            ++report.catalogsUpdated;
            report.catalogTexts.emplace_back(year, text);
        }
    }
}

SyncReport SyncEngine::syncOnce(std::int64_t now) {
    const Burst burst(*this);
    SyncReport report;
    auto device = m_store.device();
    if (!device || !device->enrolled()) {
        report.refusal = "not_enrolled";
        return report;
    }
    report.reachable = true;
    pushPins(*device, now, report);
    pushRecords(*device, now, report);
    if (report.serverRestored) device->pullCursor = 0;  // the restored server's roster, from the start
    pullRoster(*device, now, report);
    if (report.serverRestored && report.reachable && report.refusal.empty()) {
        // What the restored server lost goes out again now, not at the next sync.
        pushPins(*device, now, report);
        pushRecords(*device, now, report);
    }
    // A departed person's records go once the server holds them: those pushed just now too.
    if (auto erased = m_store.eraseDeparted()) report.erased = *erased;
    return report;
}

bool SyncEngine::noteInstance(const std::string& instance, SyncReport& report) {
    if (instance.empty()) return false;
    auto changed = m_store.noteServerInstance(instance);
    if (!changed || !*changed) return false;
    report.serverRestored = true;
    return true;
}

SyncReport SyncEngine::pullForPerson(const std::string& staffNumber, const crypto::SigningKeyPair& personKey,
                                     std::int64_t now) {
    const Burst burst(*this);
    SyncReport report;
    auto device = m_store.device();
    if (!device || !device->enrolled()) {
        report.refusal = "not_enrolled";
        return report;
    }
    const std::string body = sync::encode(sync::PullRequest{0, sync::kMaxPullLimit, staffNumber});
    auto reply = signedPost(*device, std::string(sync::kApiPrefix) + "/pull", body, now, &personKey, staffNumber);
    if (!reply) return report;
    report.reachable = true;
    if (reply->status != 200) {
        report.refusal = refusalOf(*reply);
        return report;
    }
    auto answer = sync::decodePullAnswer(reply->body);  // wipes its own copies of the shared plaintext
    crypto::wipe(reply->body);
    if (!answer) return report;
    for (const sync::RecordEnvelope& e : answer->records) {
        // Only the person's own drafts come back as sealed blobs this terminal keeps.
        if (e.owner != staffNumber || e.state != sync::RecordStateWire::Draft) continue;
        StoredRecord r;
        r.id = e.id;
        r.owner = e.owner;
        r.kind = e.kind;
        r.formId = e.formId;
        r.year = e.year;
        r.version = e.version;
        r.state = RecordState::Draft;
        r.sealed = e.payload;
        r.payloadHash = e.contentHash;
        r.authorSignature = e.authorSignature;
        auto stored = m_store.storeFromServer(r);
        if (stored && *stored) ++report.receivedRecords;
    }
    report.sharedFor = staffNumber;
    for (sync::RecordEnvelope& e : answer->shared) {
        if (e.state == sync::RecordStateWire::Submitted) {
            report.shared.push_back(std::move(e));
        } else {
            crypto::wipe(e.payload);
        }
    }
    report.teamStatus = std::move(answer->teamStatus);
    report.reads = std::move(answer->reads);
    report.ownRecords = std::move(answer->ownRecords);
    report.completions = std::move(answer->completions);
    return report;
}

}  // namespace osm::kiosk

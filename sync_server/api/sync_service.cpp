// Protocol v1: reading requests and answering them. Sections: [helpers] [authentication] [enrol] [push] [pull]
// [pins] [dispatch]; the rules a pushed record must meet are in api/record_rules.cpp.
#include "api/sync_service.h"

#include "api/roster_page.h"
#include "api/person_pull_scope.h"
#include "api/team_status.h"
#include "api/transfer_reading.h"
#include "domain/rights.h"

#include "crypto/aead.h"
#include "crypto/box.h"
#include "crypto/kdf.h"
#include "domain/annual_clock.h"
#include "domain/discussion.h"
#include "sync/messages.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <iterator>

namespace osm::server {

using sync::Refusal;

// [helpers] ----------------------------------------------------------------------------------

namespace {

ApiResponse refuse(Refusal refusal, std::string_view message) {
    return ApiResponse{sync::refusalStatus(refusal), sync::errorBody(refusal, message)};
}

ApiResponse ok(std::string body) { return ApiResponse{200, std::move(body)}; }

std::string normaliseCode(const std::string& code) {
    std::string out;
    for (char c : code) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

// Binds a submitted record's content, sealed at rest with the storage key, to its id, owner
// and version: a row moved or rolled back in the database does not open.
crypto::RecordBinding bindingOf(const ServerRecord& r) { return {r.id, r.owner, r.version}; }

}  // namespace

std::string enrolmentCodeHash(const std::string& code) {
    return crypto::contentHash("osm-enrol\n" + normaliseCode(code));
}

SyncService::SyncService(SyncStorage& storage, const ServerKeys& keys, ServiceOptions options)
    : m_storage(storage), m_keys(keys), m_options(std::move(options)) {
    m_decoyKey = crypto::generateSigningKeyPair().publicKey;
    if (!m_options.now) {
        m_options.now = [] {
            return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        };
    }
}

// [authentication] -----------------------------------------------------------------------------

bool SyncService::allowRate(const std::string& key) {
    constexpr std::size_t kPruneAbove = 4096;  // buckets; full ones are forgotten past this many
    const double now = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    std::lock_guard lock(m_rateMutex);
    auto refilled = [&](const Bucket& b) {
        return std::min(m_options.burst, b.tokens + (now - b.at) * m_options.requestsPerSecond);
    };
    if (m_buckets.size() > kPruneAbove) {
        std::erase_if(m_buckets, [&](const auto& entry) { return refilled(entry.second) >= m_options.burst; });
    }
    auto [it, inserted] = m_buckets.try_emplace(key, Bucket{m_options.burst, now});
    Bucket& bucket = it->second;
    bucket.tokens = refilled(bucket);
    bucket.at = now;
    if (bucket.tokens < 1.0) return false;
    bucket.tokens -= 1.0;
    return true;
}

// Checks the device's signature, then spends the device's budget: a request anyone could make
// without the device's key (its id is in every request) never spends it. What fails here is
// counted against the request's source address instead (dispatch()).
Result<SyncService::Caller> SyncService::authenticate(const ApiRequest& request, Refusal& refusal) {
    auto fail = [&](Refusal why, std::string message) {
        refusal = why;
        return makeError(ErrorCode::Refused, std::move(message));
    };
    const std::string deviceId = request.header(sync::header::kDevice);
    const std::string timestampText = request.header(sync::header::kTimestamp);
    const std::string nonce = request.header(sync::header::kNonce);
    const std::string signatureText = request.header(sync::header::kSignature);
    if (deviceId.empty() || timestampText.empty() || nonce.empty() || signatureText.empty()) {
        return fail(Refusal::BadSignature, "the request is not signed (X-Osm-Device, -Timestamp, -Nonce, -Signature)");
    }
    if (nonce.size() < 16 || nonce.size() > 64) return fail(Refusal::BadRequest, "the nonce must be 16–64 characters");
    std::int64_t timestamp = 0;
    const auto [end, error] =
        std::from_chars(timestampText.data(), timestampText.data() + timestampText.size(), timestamp);
    if (error != std::errc() || end != timestampText.data() + timestampText.size()) {
        return fail(Refusal::BadRequest, "the timestamp must be unix seconds (digits only)");
    }
    auto device = m_storage.device(deviceId);
    if (!device) return fail(Refusal::Internal, "storage failed");
    if (!device->has_value()) return fail(Refusal::UnknownDevice, "unknown device");
    if ((*device)->revokedAt != 0) return fail(Refusal::RevokedDevice, "this device has been revoked");
    const std::int64_t now = m_options.now();
    if (timestamp < now - sync::kTimestampWindowSeconds || timestamp > now + sync::kTimestampWindowSeconds) {
        return fail(Refusal::StaleTimestamp, "the timestamp is more than 300 s from the server's clock");
    }
    const std::string staffHeader = request.header(sync::header::kPerson);
    const std::string text =
        sync::canonicalRequest(deviceId, staffHeader, request.method, request.path, timestamp, nonce, request.body);
    auto signatureBytes = crypto::fromBase64(signatureText);
    auto signature = signatureBytes ? crypto::signatureFromBytes(*signatureBytes)
                                    : Result<crypto::Signature>(signatureBytes.error());
    if (!signature || !crypto::verify((*device)->publicKey, crypto::asBytes(text), *signature)) {
        return fail(Refusal::BadSignature, "the device signature does not verify");
    }
    if (!allowRate(deviceId)) return fail(Refusal::RateLimited, "too many requests from this device; slow down");
    // Only a correctly signed request may spend a nonce, so nobody can burn another's nonces.
    auto fresh = m_storage.rememberNonce(deviceId, nonce, now, now - 2 * sync::kTimestampWindowSeconds);
    if (!fresh) return fail(Refusal::Internal, "storage failed");
    if (!*fresh) return fail(Refusal::Replayed, "this request was seen before");
    if (now - (*device)->lastSeen >= 60)
        (void)m_storage.touchDevice(deviceId, now);  // one write a minute, not one a request

    Caller caller{**device, std::nullopt};
    if (!staffHeader.empty()) {
        auto person = authenticatePerson(request, text, caller.device);
        if (!person) {
            refusal = person.error().code == ErrorCode::Refused ? Refusal::BadSignature : Refusal::Internal;
            return person.error();
        }
        caller.person = std::move(*person);
    }
    return caller;
}

// One answer for an unknown person, one with no PIN, one of another unit and a wrong signature,
// given after a signature check in every case: an enrolled device learns nothing of who exists.
Result<sync::RosterEntry> SyncService::authenticatePerson(const ApiRequest& request, const std::string& signedText,
                                                          const DeviceRecord& device) {
    auto person = m_storage.person(request.header(sync::header::kPerson));
    if (!person) return makeError(ErrorCode::Io, "storage failed");
    const bool usable =
        person->has_value() && !(*person)->personKeyHex.empty() && (*person)->person.unitId == device.unitId;
    auto keyBytes = crypto::fromHex(usable ? (*person)->personKeyHex : std::string());
    auto key = keyBytes ? crypto::publicKeyFromBytes(*keyBytes) : Result<crypto::PublicKey>(keyBytes.error());
    auto signatureBytes = crypto::fromBase64(request.header(sync::header::kPersonSignature));
    auto signature = signatureBytes ? crypto::signatureFromBytes(*signatureBytes)
                                    : Result<crypto::Signature>(signatureBytes.error());
    const crypto::PublicKey& checkedKey = usable && key ? *key : m_decoyKey;
    const bool verified = signature && crypto::verify(checkedKey, crypto::asBytes(signedText), *signature);
    if (!usable || !key || !verified) {
        return makeError(ErrorCode::Refused,
                         "the person signature does not verify (or no such person with a PIN in this device's unit)");
    }
    return std::move(**person);
}

// [enrol] --------------------------------------------------------------------------------------

ApiResponse SyncService::enrol(const ApiRequest& request) {
    const auto body = sync::decodeEnrolRequest(request.body);
    if (!body) return refuse(Refusal::BadRequest, body.error().message);
    auto keyBytes = crypto::fromHex(body->publicKeyHex);
    auto key = keyBytes ? crypto::publicKeyFromBytes(*keyBytes) : Result<crypto::PublicKey>(keyBytes.error());
    if (!key) return refuse(Refusal::BadRequest, "public_key must be 32 bytes as 64 hex digits");
    std::string unitId;
    auto outcome = m_storage.useEnrolmentCode(enrolmentCodeHash(body->code), m_options.now(), unitId);
    if (!outcome) return refuse(Refusal::Internal, "storage failed");
    if (*outcome == CodeOutcome::Expired) return refuse(Refusal::ExpiredCode, "the enrolment code has expired");
    if (*outcome != CodeOutcome::Ok) return refuse(Refusal::InvalidCode, "unknown or already used enrolment code");
    DeviceRecord device{"k-" + crypto::toHex(crypto::randomBytes(8)),
                        unitId,
                        *key,
                        m_options.now(),
                        0,
                        0,
                        body->tpm == "tpm" || body->tpm == "none" ? body->tpm : ""};
    if (!m_storage.addDevice(device)) return refuse(Refusal::Internal, "storage failed");
    auto unit = m_storage.unit(unitId);
    const std::string unitName = unit && unit->has_value() ? (*unit)->name : std::string();
    const std::string serverKey = crypto::toHex(m_keys.signing.publicKey);
    return ok(sync::encode(sync::EnrolAnswer{device.id, unitId, unitName, serverKey, sync::kProtocolVersion}));
}

// [push] ---------------------------------------------------------------------------------------

Result<std::string> SyncService::openSubmitted(const ServerRecord& r) {
    auto plain = crypto::open(m_keys.storage, bindingOf(r), r.payload);
    if (!plain) return plain.error();
    std::string text(plain->begin(), plain->end());
    crypto::wipe(*plain);
    return text;
}

std::optional<ServerRecord> SyncService::prepareRecord(const Caller& caller, const sync::RecordEnvelope& e,
                                                       const OwnerLookup& owner, bool signatureOk,
                                                       const ServerRecord* earlier, CatalogMemo& catalogs,
                                                       sync::PushResult& result) {
    result = {e.id, e.version, "refused", "", "", 0};
    auto refused = [&](Refusal why, std::string message) {
        result.code = sync::refusalCode(why);
        result.message = std::move(message);
        return std::nullopt;
    };
    if (owner.failed) return refused(Refusal::Internal, "storage failed");
    if (!owner.entry) return refused(Refusal::Forbidden, "the owner is not in this device's unit");
    if (crypto::contentHash(e.payload) != e.contentHash)
        return refused(Refusal::BadRequest, "content_hash does not match the payload");
    if (const auto keptFrom = m_storage.keptFrom(); !keptFrom || e.year < *keptFrom)
        return refused(keptFrom ? Refusal::Forbidden : Refusal::Internal, "the record's year is past retention");
    if (!signatureOk) return refused(Refusal::BadSignature, "the author's signature does not verify");
    if (auto why = writeRefusal(e, *owner.entry)) return refused(Refusal::Forbidden, *why);
    // The record as it will stand when this one is stored: an earlier version in the same batch
    // (stored in the same commit) or the stored one.
    std::optional<ServerRecord> stored;
    if (earlier == nullptr) {
        auto existing = m_storage.record(e.id);
        if (!existing) return refused(Refusal::Internal, "storage failed");
        stored = std::move(*existing);
    }
    const ServerRecord* current = earlier != nullptr ? earlier : stored ? &*stored : nullptr;
    // A record keeps the form it was accepted on (its author may have changed role since).
    if (current == nullptr || current->formId != e.formId) {
        if (auto problem = formRefusal(e, *owner.entry, catalogs)) return refused(problem->first, problem->second);
    }
    if (current != nullptr) {
        if (current->owner != e.owner) return refused(Refusal::Forbidden, "the record id belongs to someone else");
        // A confirmation is a fact about one version of an agreement: confirming it again
        // (on another terminal, or a retried push) changes nothing.
        if (e.kind == sync::RecordKindWire::Confirmation) {
            result.status = "unchanged";
            result.serverVersion = current->version;
            return std::nullopt;
        }
        // Only an agreement may be reopened after submitting: the manager changes it as a new
        // version, which the employee confirms again; the submitted versions stay in history.
        if (current->state == sync::RecordStateWire::Submitted && e.state == sync::RecordStateWire::Draft &&
            e.version > current->version && e.kind != sync::RecordKindWire::Agreement) {
            return refused(Refusal::Forbidden, "a submitted record cannot become a draft again");
        }
    }

    ServerRecord record{e.id,      e.owner, caller.device.unitId, e.kind,    e.formId,          e.year,
                        e.version, e.state, e.contentHash,        e.payload, e.authorSignature, m_options.now()};
    if (e.state == sync::RecordStateWire::Submitted) {
        // The content arrives sealed to us; we check it is a discussion of the stated kind and
        // keep it sealed with the storage key.
        auto plain = crypto::openAsServer(m_keys.signing, e.payload);
        if (!plain) return refused(Refusal::BadRequest, "the submitted content is not sealed to this server");
        std::string plainText(plain->begin(), plain->end());
        auto problem = contentRefusal(e, plainText, catalogs, nullptr);
        crypto::wipe(plainText);
        if (problem) {
            crypto::wipe(*plain);
            return refused(problem->first, problem->second);
        }
        auto sealed = crypto::seal(m_keys.storage, bindingOf(record), *plain);
        crypto::wipe(*plain);
        if (!sealed) return refused(Refusal::Internal, "sealing failed");
        record.payload = std::move(*sealed);
    }
    return record;
}

ApiResponse SyncService::push(const Caller& caller, const ApiRequest& request) {
    auto batch = sync::decodePushBatch(request.body);
    if (!batch) return refuse(Refusal::BadRequest, batch.error().message);
    if (batch->size() > sync::kMaxRecordsPerPush) return refuse(Refusal::TooLarge, "at most 200 records per push");
    // A malformed record is refused on its own; the rest of the batch is checked, then stored
    // in one commit, and answered only once that commit is on disk.
    sync::PushAnswer answer;
    std::vector<sync::PushResult>& results = answer.results;
    results.resize(batch->size());
    std::vector<RecordPut> puts;
    std::vector<std::size_t> putAt;
    std::map<std::string, std::size_t> latest;  // record id → its last entry in `puts`
    CatalogMemo catalogs;
    const BatchChecks checks = checkBatch(caller, *batch);
    for (std::size_t i = 0; i < batch->size(); ++i) {
        const sync::PushedRecord& item = (*batch)[i];
        if (const auto& e = item.envelope) {
            const auto earlier = latest.find(e->id);
            if (auto record = prepareRecord(caller, *e, checks.owners.at(e->owner), checks.signatureOk[i] != 0,
                                            earlier == latest.end() ? nullptr : &puts[earlier->second].record, catalogs,
                                            results[i])) {
                latest[e->id] = puts.size();
                puts.push_back({std::move(*record), e->baseVersion, e->baseInstance});
                putAt.push_back(i);
            }
            continue;
        }
        results[i] = {item.id, item.version, "refused", sync::refusalCode(Refusal::BadRequest), item.problem, 0};
    }
    if (!puts.empty()) {
        auto stored = m_storage.putRecords(puts);
        for (std::size_t k = 0; k < putAt.size(); ++k) {
            sync::PushResult& result = results[putAt[k]];
            if (!stored) {
                result.code = sync::refusalCode(Refusal::Internal);
                result.message = "storage failed";
                continue;
            }
            const RecordPutResult& put = (*stored)[k];
            result.serverVersion = put.serverVersion;
            result.status = put.outcome == PutOutcome::Stored      ? "stored"
                            : put.outcome == PutOutcome::Unchanged ? "unchanged"
                                                                   : "conflict";
        }
    }
    return answerWithInstance(std::move(answer));
}

// [pull] ---------------------------------------------------------------------------------------

namespace {

// A stored record as a pull answer carries it, with `payload` (its sealed draft, or a
// submission opened for the reader).
sync::RecordEnvelope envelopeOf(const ServerRecord& r, crypto::Bytes payload) {
    return {r.id,
            r.kind,
            r.owner,
            r.formId,
            r.year,
            r.version,
            r.version,
            r.state,
            r.contentHash,
            std::move(payload),
            r.authorSignature,
            {}};
}

}  // namespace

// What the person's role lets them read, decrypted for them (over TLS in production): a
// manager's reports' submitted pre-forms, the agreements the manager recorded and their
// confirmations; a principal's or director's unit's group discussions and unit summary; anyone's
// own agreement to confirm; and to anyone else of a unit, the team's previous group discussions
// they took part in, for the follow-up. With the team's states for the manager's list. What goes to
// anyone but its author is written in the read log, with the kiosk as the channel; so are the
// reports' completions from Priima and Oss that go to their manager.
Status SyncService::addReadable(const sync::RosterEntry& me, const std::string& channel, sync::PullAnswer& answer) {
    const std::vector<int> years = yearsToRead(m_storage, m_options.now());
    std::vector<ServerRecord> readable;
    auto submittedById = [&](const std::string& id) -> std::optional<ServerRecord> {
        auto r = m_storage.record(id);
        if (!r || !r->has_value() || (*r)->state != sync::RecordStateWire::Submitted) return std::nullopt;
        return **r;
    };
    // An employee's agreement (if submitted) and the confirmation of its current version.
    auto addAgreementOf = [&](const std::string& employee, int year) {
        auto agreement = submittedById(domain::agreementRecordId(year, employee));
        if (!agreement) return;
        readable.push_back(*agreement);
        if (auto confirmation = submittedById(domain::confirmationRecordId(year, employee, agreement->version)))
            readable.push_back(*confirmation);
    };
    for (int year : ownAgreementYears(years, m_options.now())) addAgreementOf(me.person.staffNumber, year);

    answer.forPerson = true;
    std::vector<std::string> reports;
    if (me.person.isManager()) {
        auto everyone = m_storage.people();
        if (everyone) {
            for (const sync::RosterEntry& p : *everyone) {
                if (domain::mayReadPreFormOf(me.person, p.person)) reports.push_back(p.person.staffNumber);
            }
        }
        // Added to the manager's own agreements above, not in their place: a manager confirms too.
        if (auto records = m_storage.submittedDevelopmentOf(reports))
            readable.insert(readable.end(), records->begin(), records->end());
        for (const std::string& report : reports) {
            for (int year : years) {
                addAgreementOf(report, year);
                answer.teamStatus.push_back(teamStatusOf(m_storage, report, year));
            }
        }
        keepCurrentTenure(m_storage, me.person.staffNumber, reports, readable);
        addDiscussionsHeldBefore(m_storage, me.person.staffNumber, reports, readable);
    }
    if (me.person.isPrincipalOrDirector()) {
        // A cross-unit group's discussions are filed under no unit (unit_id ""): never a unit's.
        if (auto records = me.person.unitId.empty() ? Result<std::vector<ServerRecord>>(std::vector<ServerRecord>{})
                                                    : m_storage.submittedGroupOfUnit(me.person.unitId)) {
            readable.insert(readable.end(), records->begin(), records->end());
        }
        for (int year : years) {
            if (auto summary = submittedById(domain::unitSummaryRecordId(year, me.person.unitId)))
                readable.push_back(*summary);
        }
    } else {
        const int thisYear = domain::dateOfUnixSeconds(m_options.now()).year;
        auto earlier = earlierGroupDiscussionsOf(m_storage, me.person, thisYear,
                                                 [this](const ServerRecord& r) { return openSubmitted(r); });
        std::move(earlier.begin(), earlier.end(), std::back_inserter(readable));
    }
    std::vector<RecordRead> reads;
    const std::int64_t now = m_options.now();
    answer.completions = completionsFor(m_storage, me.person.staffNumber, reports, {channel, now}, reads);
    for (const ServerRecord& r : readable) {
        auto plain = openSubmitted(r);
        if (!plain) continue;  // a damaged row is skipped, never served
        answer.shared.push_back(envelopeOf(r, crypto::Bytes(plain->begin(), plain->end())));
        crypto::wipe(*plain);
        if (r.owner != me.person.staffNumber)
            reads.push_back({r.id, subjectOf(r), r.version, me.person.staffNumber, channel, now});
    }
    return m_storage.logReads(reads);
}

ApiResponse SyncService::pull(const Caller& caller, const ApiRequest& request) {
    const auto body = sync::decodePullRequest(request.body);
    if (!body) return refuse(Refusal::BadRequest, body.error().message);
    const int limit = std::clamp(body->limit.value_or(100), 1, sync::kMaxPullLimit);
    if (!body->person.empty() && (!caller.person || caller.person->person.staffNumber != body->person)) {
        return refuse(Refusal::Forbidden, "a person's records need that person's signature");
    }

    sync::PullAnswer answer;
    answer.nextCursor = body->cursor;
    if (!fillRosterPage(m_storage, caller.device.unitId, body->cursor, limit, answer))
        return refuse(Refusal::Internal, "storage failed");
    // Published catalogues by year and hash; a kiosk fetches the ones it lacks with /catalog.
    if (auto published = m_storage.catalogHashes()) answer.catalogs = std::move(*published);

    if (caller.person) {
        const sync::RosterEntry& me = *caller.person;
        auto own = m_storage.recordsOwnedBy(me.person.staffNumber);
        if (!own) return refuse(Refusal::Internal, "storage failed");
        for (const ServerRecord& r : *own) {
            answer.ownRecords.push_back({r.id, r.kind, r.formId, r.year, r.version, r.state, r.updatedAt});
            // The author's own drafts, still sealed by them; a draft written on the leaders' web is
            // sealed with the server's key, which no kiosk has, and stays on the web.
            if (r.state != sync::RecordStateWire::Draft || r.sealedByServer) continue;
            answer.records.push_back(envelopeOf(r, r.payload));
        }
        // Not served unless logged: a read the log cannot hold is not made.
        if (auto logged = addReadable(me, caller.device.id, answer); !logged)
            return refuse(Refusal::Internal, "storage failed");
        answer.reads = readsOfRecordsAbout(m_storage, me.person.staffNumber);
    }
    return answerWithInstance(std::move(answer));
}

template <typename Answer>
ApiResponse SyncService::answerWithInstance(Answer answer) {
    auto instance = m_storage.instanceId();
    if (!instance) return refuse(Refusal::Internal, "storage failed");
    answer.serverInstance = *instance;
    return ok(sync::encode(answer));
}

ApiResponse SyncService::catalog(const ApiRequest& request) {
    const auto body = sync::decodeCatalogRequest(request.body);
    if (!body) return refuse(Refusal::BadRequest, body.error().message);
    auto text = m_storage.catalog(body->year);
    if (!text) return refuse(Refusal::Internal, "storage failed");
    if (!text->has_value()) return refuse(Refusal::NotFound, "no catalogue published for that year");
    return ok(sync::encode(sync::CatalogAnswer{body->year, crypto::contentHash(**text), **text}));
}

// [pins] ---------------------------------------------------------------------------------------

ApiResponse SyncService::pins(const Caller& caller, const ApiRequest& request) {
    const auto body = sync::decodePinsRequest(request.body);
    if (!body) return refuse(Refusal::BadRequest, body.error().message);
    if (body->pins.size() > sync::kMaxPinsPerPush) return refuse(Refusal::BadRequest, "at most 100 PINs per request");
    sync::PinsAnswer answer;
    for (const sync::PinPush& item : body->pins) {
        const std::string& staff = item.staffNumber;
        auto refuseItem = [&](Refusal why, const char* message) {
            answer.results.push_back({staff, "refused", sync::refusalCode(why), message});
        };
        auto person = m_storage.person(staff);
        if (!person || !person->has_value() || (*person)->person.unitId != caller.device.unitId) {
            refuseItem(Refusal::Forbidden, "not a person of this device's unit");
            continue;
        }
        const sync::Credential& credential = item.pin;
        const std::string& personKey = item.personKeyHex;
        if ((*person)->pin.verifierHex == credential.verifierHex && (*person)->personKeyHex == personKey) {
            answer.results.push_back({staff, "unchanged", {}, {}});
            continue;
        }
        // Only someone who knew the pending one-time code may set the PIN.
        auto setupKeyBytes = crypto::fromHex((*person)->setupKeyHex);
        auto setupKey = setupKeyBytes ? crypto::publicKeyFromBytes(*setupKeyBytes)
                                      : Result<crypto::PublicKey>(setupKeyBytes.error());
        auto proof = crypto::signatureFromBytes(item.proof);
        const std::string text = sync::pinProofText(staff, credential, personKey);
        if (!setupKey || !proof || !crypto::verify(*setupKey, crypto::asBytes(text), *proof)) {
            refuseItem(Refusal::BadSignature, "no valid proof of the one-time code");
            continue;
        }
        if (auto weak = sync::pinKdfProblem(credential.kdfParams, m_options.pinKdfFloor)) {
            answer.results.push_back({staff, "refused", sync::refusalCode(Refusal::BadRequest), *weak});
            continue;
        }
        if (!crypto::saltFromHex(credential.saltHex)) {
            refuseItem(Refusal::BadRequest, "malformed PIN credential");
            continue;
        }
        if (!m_storage.setPin(staff, credential, personKey)) {
            refuseItem(Refusal::Internal, "storage failed");
            continue;
        }
        answer.results.push_back({staff, "stored", {}, {}});
    }
    return answerWithInstance(std::move(answer));
}

// [dispatch] -----------------------------------------------------------------------------------

ApiResponse SyncService::handle(const ApiRequest& request) {
    try {
        return dispatch(request);
    } catch (const nlohmann::json::exception&) {
        // A field of the wrong type deep in a message: the client's mistake, not ours.
        return refuse(Refusal::BadRequest, "a field has the wrong type (see docs/protocol.md)");
    }
}

ApiResponse SyncService::dispatch(const ApiRequest& request) {
    const std::string prefix = sync::kApiPrefix;
    if (request.path == prefix + "/health" && request.method == "GET") {
        return ok(sync::encode(sync::HealthAnswer{"ok", sync::kProtocolVersion, m_storage.isIntact()}));
    }
    const std::size_t limit = sync::maxBodyBytesFor(request.path);
    if (request.method != "POST" || limit == 0 || request.path == prefix + "/health")
        return refuse(Refusal::NotFound, "no such endpoint");
    if (request.body.size() > limit) {
        return refuse(Refusal::TooLarge,
                      "the body is larger than this endpoint takes (" + std::to_string(limit) + " bytes)");
    }
    if (request.path == prefix + "/enrol") {
        ApiResponse answer = enrol(request);
        // A wrong code spends its source's budget: codes cannot be guessed at speed.
        if (answer.status != 200 && answer.status != 500 && !allowRate("source:" + request.source)) {
            return refuse(Refusal::RateLimited, "too many refused requests from this address; slow down");
        }
        return answer;
    }
    Refusal refusal = Refusal::Internal;
    auto caller = authenticate(request, refusal);
    if (!caller) {
        // Unauthenticated junk spends its source's budget, never the device's it names.
        const bool unauthenticated = refusal != Refusal::Internal && refusal != Refusal::RateLimited;
        if (unauthenticated && !allowRate("source:" + request.source)) {
            return refuse(Refusal::RateLimited, "too many refused requests from this address; slow down");
        }
        return refuse(refusal, caller.error().message);
    }
    if (request.path == prefix + "/push") return push(*caller, request);
    if (request.path == prefix + "/pull") return pull(*caller, request);
    if (request.path == prefix + "/catalog") return catalog(request);
    return pins(*caller, request);
}

}  // namespace osm::server

// Protocol v1. Sections: [helpers] [authentication] [enrol] [push] [pull] [pins] [dispatch].
#include "api/sync_service.h"

#include "crypto/aead.h"
#include "crypto/box.h"
#include "crypto/kdf.h"
#include "domain/annual_clock.h"
#include "domain/discussion.h"
#include "storage/catalog_resolver.h"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace osm::server {

using nlohmann::json;
using sync::Refusal;

// [helpers] ----------------------------------------------------------------------------------

namespace {

ApiResponse refuse(Refusal refusal, std::string_view message) {
    return ApiResponse{sync::refusalStatus(refusal), sync::errorBody(refusal, message)};
}

ApiResponse ok(const json& body) { return ApiResponse{200, body.dump()}; }

std::string normaliseCode(const std::string& code) {
    std::string out;
    for (char c : code) {
        if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

// Binds a submitted record's content, sealed at rest with the storage key, to its id, owner
// and version: a row moved or rolled back in the database does not open.
crypto::RecordBinding bindingOf(const ServerRecord& r) { return {r.id, r.owner, r.version}; }

}  // namespace

std::string enrolmentCodeHash(const std::string& code) { return crypto::contentHash("osm-enrol\n" + normaliseCode(code)); }

SyncService::SyncService(SyncStorage& storage, const ServerKeys& keys, ServiceOptions options)
    : m_storage(storage), m_keys(keys), m_options(std::move(options)) {
    if (!m_options.now) {
        m_options.now = [] {
            return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        };
    }
}

// [authentication] -----------------------------------------------------------------------------

bool SyncService::allowRate(const std::string& deviceId) {
    const double now = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    std::lock_guard lock(m_rateMutex);
    auto [it, inserted] = m_buckets.try_emplace(deviceId, Bucket{m_options.burst, now});
    Bucket& bucket = it->second;
    bucket.tokens = std::min(m_options.burst, bucket.tokens + (now - bucket.at) * m_options.requestsPerSecond);
    bucket.at = now;
    if (bucket.tokens < 1.0) return false;
    bucket.tokens -= 1.0;
    return true;
}

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
    auto device = m_storage.device(deviceId);
    if (!device) return fail(Refusal::Internal, "storage failed");
    if (!device->has_value()) return fail(Refusal::UnknownDevice, "unknown device");
    if ((*device)->revokedAt != 0) return fail(Refusal::RevokedDevice, "this device has been revoked");
    if (!allowRate(deviceId)) return fail(Refusal::RateLimited, "too many requests from this device; slow down");

    std::int64_t timestamp = 0;
    try {
        std::size_t used = 0;
        timestamp = std::stoll(timestampText, &used);
        if (used != timestampText.size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
        return fail(Refusal::BadRequest, "the timestamp must be unix seconds");
    }
    const std::int64_t now = m_options.now();
    if (timestamp < now - sync::kTimestampWindowSeconds || timestamp > now + sync::kTimestampWindowSeconds) {
        return fail(Refusal::StaleTimestamp, "the timestamp is more than 300 s from the server's clock");
    }
    const std::string staffHeader = request.header(sync::header::kPerson);
    const std::string text = sync::canonicalRequest(deviceId, staffHeader, request.method, request.path, timestamp, nonce, request.body);
    auto signatureBytes = crypto::fromBase64(signatureText);
    auto signature = signatureBytes ? crypto::signatureFromBytes(*signatureBytes) : Result<crypto::Signature>(signatureBytes.error());
    if (!signature || !crypto::verify((*device)->publicKey, crypto::asBytes(text), *signature)) {
        return fail(Refusal::BadSignature, "the device signature does not verify");
    }
    // Only a correctly signed request may spend a nonce, so nobody can burn another's nonces.
    auto fresh = m_storage.rememberNonce(deviceId, nonce, now, now - 2 * sync::kTimestampWindowSeconds);
    if (!fresh) return fail(Refusal::Internal, "storage failed");
    if (!*fresh) return fail(Refusal::Replayed, "this request was seen before");
    if (now - (*device)->lastSeen >= 60) (void)m_storage.touchDevice(deviceId, now);  // one write a minute, not one a request

    Caller caller{**device, std::nullopt};
    const std::string staffNumber = request.header(sync::header::kPerson);
    if (!staffNumber.empty()) {
        auto person = m_storage.person(staffNumber);
        if (!person) return fail(Refusal::Internal, "storage failed");
        if (!person->has_value() || (*person)->personKeyHex.empty()) return fail(Refusal::Forbidden, "unknown person or no PIN set");
        if ((*person)->person.unitId != caller.device.unitId) return fail(Refusal::Forbidden, "the person is not in this device's unit");
        auto keyBytes = crypto::fromHex((*person)->personKeyHex);
        auto key = keyBytes ? crypto::publicKeyFromBytes(*keyBytes) : Result<crypto::PublicKey>(keyBytes.error());
        auto personSigBytes = crypto::fromBase64(request.header(sync::header::kPersonSignature));
        auto personSig = personSigBytes ? crypto::signatureFromBytes(*personSigBytes) : Result<crypto::Signature>(personSigBytes.error());
        if (!key || !personSig || !crypto::verify(*key, crypto::asBytes(text), *personSig)) {
            return fail(Refusal::BadSignature, "the person signature does not verify");
        }
        caller.person = **person;
    }
    return caller;
}

// [enrol] --------------------------------------------------------------------------------------

ApiResponse SyncService::enrol(const ApiRequest& request) {
    const json body = json::parse(request.body, nullptr, false);
    if (!body.is_object() || !body.contains("code") || !body["code"].is_string() || !body.contains("public_key") ||
        !body["public_key"].is_string()) {
        return refuse(Refusal::BadRequest, "expected {\"code\": string, \"public_key\": hex}");
    }
    auto keyBytes = crypto::fromHex(body["public_key"].get<std::string>());
    auto key = keyBytes ? crypto::publicKeyFromBytes(*keyBytes) : Result<crypto::PublicKey>(keyBytes.error());
    if (!key) return refuse(Refusal::BadRequest, "public_key must be 32 bytes as 64 hex digits");
    std::string unitId;
    auto outcome = m_storage.useEnrolmentCode(enrolmentCodeHash(body["code"]), m_options.now(), unitId);
    if (!outcome) return refuse(Refusal::Internal, "storage failed");
    if (*outcome == CodeOutcome::Expired) return refuse(Refusal::ExpiredCode, "the enrolment code has expired");
    if (*outcome != CodeOutcome::Ok) return refuse(Refusal::InvalidCode, "unknown or already used enrolment code");
    DeviceRecord device{"k-" + crypto::toHex(crypto::randomBytes(8)), unitId, *key, m_options.now(), 0, 0};
    if (!m_storage.addDevice(device)) return refuse(Refusal::Internal, "storage failed");
    auto unit = m_storage.unit(unitId);
    return ok({{"device_id", device.id},
               {"unit_id", unitId},
               {"unit_name", unit && unit->has_value() ? (*unit)->name : std::string()},
               {"server_public_key", crypto::toHex(m_keys.signing.publicKey)},
               {"protocol", sync::kProtocolVersion}});
}

// [push] ---------------------------------------------------------------------------------------

// Who may write a record, from its kind, its id and the roster, before any content is opened.
std::optional<std::string> SyncService::writeRefusal(const sync::RecordEnvelope& e, const sync::RosterEntry& owner) {
    using Kind = sync::RecordKindWire;
    const auto id = domain::parseStructuredId(e.id);
    if (e.kind == Kind::Development || e.kind == Kind::Group) {
        if (id) return "that id is reserved for another kind of record";
        return std::nullopt;
    }
    if (!id || id->kind != sync::kindName(e.kind) || id->year != e.year) {
        return std::string("an ") + sync::kindName(e.kind) + " record needs the id its kind prescribes (see docs/protocol.md)";
    }
    switch (e.kind) {
    case Kind::Agreement: {
        auto employee = m_storage.person(id->subject);
        if (!employee || !employee->has_value() || (*employee)->person.managerStaffNumber != owner.person.staffNumber) {
            return "only the employee's own manager records their discussion";
        }
        return std::nullopt;
    }
    case Kind::Confirmation:
        if (id->subject != owner.person.staffNumber) return "only the employee confirms their own agreed goals";
        if (e.state != sync::RecordStateWire::Submitted) return "a confirmation is submitted, never a draft";
        return std::nullopt;
    case Kind::UnitSummary:
        if (!owner.person.isPrincipalOrDirector() || owner.person.unitId != id->subject) {
            return "only the unit's principal or daycare director writes its summary";
        }
        return std::nullopt;
    default: return std::nullopt;
    }
}

// Checks a submission's content, opened from its box: of the stated kind, about what its id
// says, and for a confirmation, of the agreement's current version exactly as it stands.
std::optional<std::pair<Refusal, std::string>> SyncService::contentRefusal(const sync::RecordEnvelope& e, const std::string& plain) {
    using Kind = sync::RecordKindWire;
    auto wrongKind = std::make_pair(Refusal::BadRequest, std::string("the submitted content is not a record of that kind"));
    auto otherForm = std::make_pair(Refusal::BadRequest, std::string("the submitted content is on another form or year than the record"));
    const auto id = domain::parseStructuredId(e.id);
    switch (e.kind) {
    case Kind::Development: {
        auto discussion = domain::developmentDiscussionFromJson(plain);
        if (!discussion) return wrongKind;
        if (discussion->formId != e.formId || discussion->year != e.year) return otherForm;
        return std::nullopt;
    }
    case Kind::Group: {
        auto discussion = domain::groupDiscussionFromJson(plain);
        if (!discussion) return wrongKind;
        if (discussion->formId != e.formId || discussion->year != e.year) return otherForm;
        return std::nullopt;
    }
    case Kind::Agreement: {
        auto agreement = domain::agreementFromJson(plain);
        if (!agreement) return wrongKind;
        if (agreement->employee != id->subject || agreement->discussion.year != e.year || agreement->discussion.formId != e.formId) {
            return std::make_pair(Refusal::BadRequest, std::string("the agreement is about another employee, year or form than its record"));
        }
        return std::nullopt;
    }
    case Kind::UnitSummary: {
        auto summary = domain::unitSummaryFromJson(plain);
        if (!summary) return wrongKind;
        if (summary->unitId != id->subject || summary->year != e.year) {
            return std::make_pair(Refusal::BadRequest, std::string("the summary is about another unit or year than its id"));
        }
        return std::nullopt;
    }
    case Kind::Confirmation: {
        auto confirmation = domain::confirmationFromJson(plain);
        if (!confirmation) return wrongKind;
        if (confirmation->agreementId != domain::agreementRecordId(e.year, e.owner) || confirmation->agreementVersion != id->version) {
            return std::make_pair(Refusal::BadRequest, std::string("the confirmation names another agreement than its id"));
        }
        auto agreement = m_storage.record(confirmation->agreementId);
        if (!agreement) return std::make_pair(Refusal::Internal, std::string("storage failed"));
        const bool current = agreement->has_value() && (*agreement)->state == sync::RecordStateWire::Submitted &&
                             (*agreement)->version == confirmation->agreementVersion;
        if (!current) return std::make_pair(Refusal::Forbidden, std::string("that version of the agreement is not the current one"));
        auto shown = openSubmitted(**agreement);
        const bool same = shown && crypto::contentHash(*shown) == confirmation->agreementHash;
        if (shown) crypto::wipe(*shown);
        if (!same) return std::make_pair(Refusal::Forbidden, std::string("the agreement confirmed is not the one on the server"));
        return std::nullopt;
    }
    }
    return wrongKind;
}

Result<std::string> SyncService::openSubmitted(const ServerRecord& r) {
    auto plain = crypto::open(m_keys.storage, bindingOf(r), r.payload);
    if (!plain) return plain.error();
    std::string text(plain->begin(), plain->end());
    crypto::wipe(*plain);
    return text;
}

std::shared_ptr<const catalog::Catalog> SyncService::catalogFor(int year, CatalogMemo& memo) {
    if (const auto known = memo.find(year); known != memo.end()) return known->second;
    std::shared_ptr<const catalog::Catalog> found;
    if (auto published = publishedCatalogFor(m_storage, year)) {
        const std::string hash = crypto::contentHash(published->json);
        std::lock_guard lock(m_catalogMutex);
        auto& cached = m_parsedCatalogs[hash];
        if (!cached) {
            if (auto parsed = catalog::parseCatalog(published->json, "catalog " + std::to_string(published->year))) {
                cached = std::make_shared<const catalog::Catalog>(std::move(*parsed));
            }
        }
        found = cached;
    }
    memo[year] = found;
    return found;
}

std::optional<std::pair<Refusal, std::string>> SyncService::formRefusal(const sync::RecordEnvelope& e, const sync::RosterEntry& owner,
                                                                         CatalogMemo& memo) {
    using Kind = sync::RecordKindWire;
    if (e.kind != Kind::Development && e.kind != Kind::Group && e.kind != Kind::Agreement) return std::nullopt;
    // An agreement is recorded on the employee's development form (writeRefusal checked the id).
    const sync::RosterEntry* subject = &owner;
    std::optional<sync::RosterEntry> employee;
    if (e.kind == Kind::Agreement) {
        const auto id = domain::parseStructuredId(e.id);
        auto found = id ? m_storage.person(id->subject) : Result<std::optional<sync::RosterEntry>>(std::nullopt);
        if (!found || !found->has_value()) return std::nullopt;
        employee = std::move(**found);
        subject = &*employee;
    }
    const auto catalogue = catalogFor(e.year, memo);
    if (!catalogue) return std::nullopt;  // nothing published to check against (docs/protocol.md)
    const catalog::FormTemplate* form = catalogue->findForm(e.formId);
    if (form == nullptr) {
        return std::make_pair(Refusal::BadRequest, "form \"" + e.formId + "\" is not in the catalogue for " + std::to_string(e.year));
    }
    if (e.kind == Kind::Group) {
        if (form->kind != catalog::FormKind::GroupDiscussion) {
            return std::make_pair(Refusal::BadRequest, "a group record needs a group-discussion form, not \"" + e.formId + "\"");
        }
        return std::nullopt;
    }
    if (form->kind != catalog::FormKind::DevelopmentDiscussion) {
        return std::make_pair(Refusal::BadRequest, "a development record or agreement needs a development-discussion form, not \"" +
                                                       e.formId + "\"");
    }
    const std::string audience = subject->person.isManager() ? "manager" : "staff";
    if (form->audience != audience) {
        return std::make_pair(Refusal::Forbidden, "form \"" + e.formId + "\" is for " + form->audience + ", and " +
                                                      subject->person.staffNumber + "'s discussion is on the " + audience + " form");
    }
    return std::nullopt;
}

std::optional<ServerRecord> SyncService::prepareRecord(const Caller& caller, const sync::RecordEnvelope& e, const ServerRecord* earlier,
                                                       CatalogMemo& catalogs, sync::PushResult& result) {
    result = {e.id, e.version, "refused", "", "", 0};
    auto refused = [&](Refusal why, std::string message) {
        result.code = sync::refusalCode(why);
        result.message = std::move(message);
        return std::nullopt;
    };
    auto owner = m_storage.person(e.owner);
    if (!owner) return refused(Refusal::Internal, "storage failed");
    if (!owner->has_value() || (*owner)->person.unitId != caller.device.unitId) {
        return refused(Refusal::Forbidden, "the owner is not in this device's unit");
    }
    if (crypto::contentHash(e.payload) != e.contentHash) return refused(Refusal::BadRequest, "content_hash does not match the payload");
    auto keyBytes = crypto::fromHex((*owner)->personKeyHex);
    auto key = keyBytes ? crypto::publicKeyFromBytes(*keyBytes) : Result<crypto::PublicKey>(keyBytes.error());
    auto signature = crypto::signatureFromBytes(e.authorSignature);
    const std::string signed_ = sync::signingTextOf(e);
    if (!key || !signature || !crypto::verify(*key, crypto::asBytes(signed_), *signature)) {
        return refused(Refusal::BadSignature, "the author's signature does not verify");
    }
    if (auto why = writeRefusal(e, **owner)) return refused(Refusal::Forbidden, *why);
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
        if (auto problem = formRefusal(e, **owner, catalogs)) return refused(problem->first, problem->second);
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

    ServerRecord record{e.id, e.owner, caller.device.unitId, e.kind, e.formId, e.year, e.version, e.state,
                        e.contentHash, e.payload, e.authorSignature, m_options.now()};
    if (e.state == sync::RecordStateWire::Submitted) {
        // The content arrives sealed to us; we check it is a discussion of the stated kind and
        // keep it sealed with the storage key.
        auto plain = crypto::openAsServer(m_keys.signing, e.payload);
        if (!plain) return refused(Refusal::BadRequest, "the submitted content is not sealed to this server");
        std::string plainText(plain->begin(), plain->end());
        auto problem = contentRefusal(e, plainText);
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
    const json body = json::parse(request.body, nullptr, false);
    if (!body.is_object() || !body.contains("records") || !body["records"].is_array()) {
        return refuse(Refusal::BadRequest, "expected {\"records\": [...]}");
    }
    if (body["records"].size() > sync::kMaxRecordsPerPush) return refuse(Refusal::TooLarge, "at most 200 records per push");
    // A malformed record is refused on its own; the rest of the batch is checked, then stored
    // in one commit, and answered only once that commit is on disk.
    std::vector<sync::PushResult> results(body["records"].size());
    std::vector<RecordPut> puts;
    std::vector<std::size_t> putAt;
    std::map<std::string, std::size_t> latest;  // record id → its last entry in `puts`
    CatalogMemo catalogs;
    for (std::size_t i = 0; i < body["records"].size(); ++i) {
        const json& item = body["records"][i];
        auto e = sync::envelopeFromJson(item, "records[" + std::to_string(i) + "]");
        if (e) {
            const auto earlier = latest.find(e->id);
            if (auto record = prepareRecord(caller, *e, earlier == latest.end() ? nullptr : &puts[earlier->second].record, catalogs, results[i])) {
                latest[e->id] = puts.size();
                puts.push_back({std::move(*record), e->baseVersion, e->baseInstance});
                putAt.push_back(i);
            }
            continue;
        }
        sync::PushResult& refused = results[i];
        refused.id = item.is_object() && item.contains("id") && item["id"].is_string() ? item["id"].get<std::string>() : std::string();
        refused.version = item.is_object() && item.contains("version") && item["version"].is_number_unsigned() ? item["version"].get<std::uint64_t>() : 0;
        refused.status = "refused";
        refused.code = sync::refusalCode(Refusal::BadRequest);
        refused.message = e.error().message;
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
            result.status = put.outcome == PutOutcome::Stored ? "stored" : put.outcome == PutOutcome::Unchanged ? "unchanged" : "conflict";
        }
    }
    json answer = json::array();
    for (const sync::PushResult& result : results) answer.push_back(sync::toJson(result));
    return answerWithInstance({{"results", answer}});
}

// [pull] ---------------------------------------------------------------------------------------

// What the person's role lets them read, decrypted for them (over TLS in production): a
// manager's reports' submitted pre-forms, the agreements the manager recorded and their
// confirmations; a principal's or director's unit's group discussions and unit summary; and
// anyone's own agreement to confirm. With the team's states for the manager's list.
void SyncService::addReadable(const sync::RosterEntry& me, json& answer) {
    // The years around today's and any with a published catalogue.
    const int thisYear = domain::dateOfUnixSeconds(m_options.now()).year;
    std::vector<int> years{thisYear - 1, thisYear, thisYear + 1};
    if (auto published = m_storage.catalogYears()) {
        for (int year : *published) {
            if (std::find(years.begin(), years.end(), year) == years.end()) years.push_back(year);
        }
    }
    std::vector<ServerRecord> readable;
    auto submittedById = [&](const std::string& id) -> std::optional<ServerRecord> {
        auto r = m_storage.record(id);
        if (!r || !r->has_value() || (*r)->state != sync::RecordStateWire::Submitted) return std::nullopt;
        return **r;
    };
    // An employee's agreement (if submitted) and the confirmation of its current version.
    auto addAgreementOf = [&](const std::string& employee, int year, json* status) {
        auto agreement = submittedById(domain::agreementRecordId(year, employee));
        if (!agreement) return;
        if (status != nullptr) (*status)["agreement_version"] = agreement->version;
        readable.push_back(*agreement);
        if (auto confirmation = submittedById(domain::confirmationRecordId(year, employee, agreement->version))) {
            if (status != nullptr) (*status)["confirmed_version"] = agreement->version;
            readable.push_back(*confirmation);
        }
    };
    for (int year : years) addAgreementOf(me.person.staffNumber, year, nullptr);

    answer["team_status"] = json::array();
    if (me.person.isManager()) {
        auto everyone = m_storage.people();
        std::vector<std::string> reports;
        if (everyone) {
            for (const sync::RosterEntry& p : *everyone) {
                if (p.person.managerStaffNumber == me.person.staffNumber) reports.push_back(p.person.staffNumber);
            }
        }
        if (auto records = m_storage.submittedDevelopmentOf(reports)) readable = std::move(*records);
        for (const std::string& report : reports) {
            auto own = m_storage.recordsOwnedBy(report);
            for (int year : years) {
                json status{{"staff_number", report}, {"year", year}, {"pre_form", "none"}, {"agreement_version", 0}, {"confirmed_version", 0}};
                if (own) {
                    for (const ServerRecord& r : *own) {
                        if (r.kind != sync::RecordKindWire::Development || r.year != year) continue;
                        status["pre_form"] = r.state == sync::RecordStateWire::Submitted ? "submitted" : "draft";
                    }
                }
                addAgreementOf(report, year, &status);
                answer["team_status"].push_back(status);
            }
        }
    }
    if (me.person.isPrincipalOrDirector()) {
        if (auto records = m_storage.submittedGroupOfUnit(me.person.unitId)) {
            readable.insert(readable.end(), records->begin(), records->end());
        }
        for (int year : years) {
            if (auto summary = submittedById(domain::unitSummaryRecordId(year, me.person.unitId))) readable.push_back(*summary);
        }
    }
    answer["shared"] = json::array();
    for (const ServerRecord& r : readable) {
        auto plain = openSubmitted(r);
        if (!plain) continue;  // a damaged row is skipped, never served
        sync::RecordEnvelope e{r.id, r.kind, r.owner, r.formId, r.year, r.version, r.version, r.state,
                               r.contentHash, crypto::Bytes(plain->begin(), plain->end()), r.authorSignature, {}};
        crypto::wipe(*plain);
        answer["shared"].push_back(sync::toJson(e));
    }
}

ApiResponse SyncService::pull(const Caller& caller, const ApiRequest& request) {
    const json body = json::parse(request.body, nullptr, false);
    if (!body.is_object() || !body.contains("cursor") || !body["cursor"].is_number_integer()) {
        return refuse(Refusal::BadRequest, "expected {\"cursor\": integer, \"limit\"?: integer, \"person\"?: string}");
    }
    const std::int64_t cursor = body["cursor"].get<std::int64_t>();
    const int limit = std::clamp(body.value("limit", 100), 1, sync::kMaxPullLimit);
    const std::string asked = body.contains("person") && body["person"].is_string() ? body["person"].get<std::string>() : std::string();
    if (!asked.empty() && (!caller.person || caller.person->person.staffNumber != asked)) {
        return refuse(Refusal::Forbidden, "a person's records need that person's signature");
    }

    json answer{{"roster", json::array()}, {"records", json::array()}, {"next_cursor", cursor}, {"more", false}};
    auto changes = m_storage.rosterSince(caller.device.unitId, cursor, limit + 1);
    if (!changes) return refuse(Refusal::Internal, "storage failed");
    const bool more = static_cast<int>(changes->size()) > limit;
    if (more) changes->resize(static_cast<std::size_t>(limit));
    for (const RosterChange& change : *changes) {
        answer["roster"].push_back(sync::toJson(change.entry));
        answer["next_cursor"] = change.seq;
    }
    answer["more"] = more;
    // Published catalogues by year and hash; a kiosk fetches the ones it lacks with /catalog.
    answer["catalogs"] = json::array();
    if (auto years = m_storage.catalogYears()) {
        for (int year : *years) {
            if (auto text = m_storage.catalog(year); text && text->has_value()) {
                answer["catalogs"].push_back({{"year", year}, {"hash", crypto::contentHash(**text)}});
            }
        }
    }

    if (caller.person) {
        const sync::RosterEntry& me = *caller.person;
        auto own = m_storage.recordsOwnedBy(me.person.staffNumber);
        if (!own) return refuse(Refusal::Internal, "storage failed");
        for (const ServerRecord& r : *own) {
            if (r.state != sync::RecordStateWire::Draft) continue;  // the author's own drafts, still sealed by them
            sync::RecordEnvelope e{r.id, r.kind, r.owner, r.formId, r.year, r.version, r.version, r.state,
                                   r.contentHash, r.payload, r.authorSignature, {}};
            answer["records"].push_back(sync::toJson(e));
        }
        addReadable(me, answer);
    }
    return answerWithInstance(std::move(answer));
}

ApiResponse SyncService::answerWithInstance(json answer) {
    auto instance = m_storage.instanceId();
    if (!instance) return refuse(Refusal::Internal, "storage failed");
    answer[sync::kServerInstanceField] = *instance;
    return ok(answer);
}

ApiResponse SyncService::catalog(const ApiRequest& request) {
    const json body = json::parse(request.body, nullptr, false);
    if (!body.is_object() || !body.contains("year") || !body["year"].is_number_integer()) {
        return refuse(Refusal::BadRequest, "expected {\"year\": integer}");
    }
    auto text = m_storage.catalog(body["year"].get<int>());
    if (!text) return refuse(Refusal::Internal, "storage failed");
    if (!text->has_value()) return refuse(Refusal::NotFound, "no catalogue published for that year");
    return ApiResponse{200, json{{"year", body["year"]}, {"hash", crypto::contentHash(**text)}, {"catalog", **text}}.dump()};
}

// [pins] ---------------------------------------------------------------------------------------

ApiResponse SyncService::pins(const Caller& caller, const ApiRequest& request) {
    const json body = json::parse(request.body, nullptr, false);
    if (!body.is_object() || !body.contains("pins") || !body["pins"].is_array() || body["pins"].size() > 100) {
        return refuse(Refusal::BadRequest, "expected {\"pins\": [...]} with at most 100 items");
    }
    json results = json::array();
    for (const json& item : body["pins"]) {
        const std::string staff = item.value("staff_number", "");
        auto refuseItem = [&](Refusal why, const char* message) {
            results.push_back({{"staff_number", staff}, {"status", "refused"}, {"code", sync::refusalCode(why)}, {"message", message}});
        };
        auto person = m_storage.person(staff);
        if (!person || !person->has_value() || (*person)->person.unitId != caller.device.unitId) {
            refuseItem(Refusal::Forbidden, "not a person of this device's unit");
            continue;
        }
        const json pin = item.value("pin", json::object());
        const sync::Credential credential{pin.value("kdf", ""), pin.value("salt", ""), pin.value("verifier", "")};
        const std::string personKey = item.value("person_key", "");
        if ((*person)->pin.verifierHex == credential.verifierHex && (*person)->personKeyHex == personKey) {
            results.push_back({{"staff_number", staff}, {"status", "unchanged"}});
            continue;
        }
        // Only someone who knew the pending one-time code may set the PIN.
        auto setupKeyBytes = crypto::fromHex((*person)->setupKeyHex);
        auto setupKey = setupKeyBytes ? crypto::publicKeyFromBytes(*setupKeyBytes) : Result<crypto::PublicKey>(setupKeyBytes.error());
        auto proofBytes = crypto::fromBase64(item.value("proof", ""));
        auto proof = proofBytes ? crypto::signatureFromBytes(*proofBytes) : Result<crypto::Signature>(proofBytes.error());
        const std::string text = sync::pinProofText(staff, credential, personKey);
        if (!setupKey || !proof || !crypto::verify(*setupKey, crypto::asBytes(text), *proof)) {
            refuseItem(Refusal::BadSignature, "no valid proof of the one-time code");
            continue;
        }
        if (!crypto::KdfParams::parse(credential.kdfParams) || !crypto::saltFromHex(credential.saltHex)) {
            refuseItem(Refusal::BadRequest, "malformed PIN credential");
            continue;
        }
        if (!m_storage.setPin(staff, credential, personKey)) {
            refuseItem(Refusal::Internal, "storage failed");
            continue;
        }
        results.push_back({{"staff_number", staff}, {"status", "stored"}});
    }
    return answerWithInstance({{"results", results}});
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
        return ok({{"status", "ok"}, {"protocol", sync::kProtocolVersion}, {"intact", m_storage.isIntact()}});
    }
    if (request.body.size() > sync::kMaxBodyBytes) return refuse(Refusal::TooLarge, "the body is larger than 4 MiB");
    if (request.method != "POST") return refuse(Refusal::NotFound, "no such endpoint");
    if (request.path == prefix + "/enrol") return enrol(request);
    const bool known = request.path == prefix + "/push" || request.path == prefix + "/pull" || request.path == prefix + "/pins" ||
                       request.path == prefix + "/catalog";
    if (!known) return refuse(Refusal::NotFound, "no such endpoint");
    Refusal refusal = Refusal::Internal;
    auto caller = authenticate(request, refusal);
    if (!caller) return refuse(refusal, caller.error().message);
    if (request.path == prefix + "/push") return push(*caller, request);
    if (request.path == prefix + "/pull") return pull(*caller, request);
    if (request.path == prefix + "/catalog") return catalog(request);
    return pins(*caller, request);
}

}  // namespace osm::server

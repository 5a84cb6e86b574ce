// The wire messages' codec (shared/sync/messages_*.h): each message round-trips, a missing or
// mistyped field is refused naming it, and the lenient readings kiosks and servers rely on hold.
#include "sync/messages.h"

#include <doctest/doctest.h>

#include <string>

using namespace osm;
using namespace osm::sync;

namespace {

const std::string kHash(64, 'a');
const std::string kInstance = "0123456789abcdef0123456789abcdef";

RecordEnvelope sampleRecord() {
    RecordEnvelope e;
    e.id = "r-1";
    e.kind = RecordKindWire::Agreement;
    e.owner = "1005";
    e.formId = "development_discussion_staff";
    e.year = 2026;
    e.version = 3;
    e.baseVersion = 2;
    e.state = RecordStateWire::Submitted;
    e.contentHash = kHash;
    e.payload = {1, 2, 3, 250};
    e.authorSignature = {9, 8, 7};
    e.baseInstance = kInstance;
    return e;
}

RosterEntry sampleEntry() {
    RosterEntry e;
    e.person = {
        "1001", "Aino Virtanen", "opettaja", "pk_a", "kasvatus", "early_childhood_education", {domain::Role::Employee},
        "1005"};
    e.pin = {"argon2id:v=19:ops=3:mem=201326592", std::string(32, '1'), std::string(64, '2')};
    e.personKeyHex = std::string(64, '3');
    return e;
}

// The error of a decoding that must fail.
template <typename T>
std::string errorOf(const Result<T>& result) {
    REQUIRE_FALSE(result.ok());
    return result.error().message;
}

}  // namespace

TEST_CASE("every message round-trips through its JSON form") {
    const PushRequest wholePush{{sampleRecord()}};
    CHECK(*decodePushRequest(encode(wholePush)) == wholePush);

    const PushAnswer pushAnswer{{{"r-1", 3, "refused", "forbidden", "not yours", 0}, {"r-2", 1, "stored", "", "", 1}},
                                kInstance};
    CHECK(*decodePushAnswer(encode(pushAnswer)) == pushAnswer);

    const PullRequest roster{42, 500, ""};
    CHECK(*decodePullRequest(encode(roster)) == roster);
    const PullRequest person{0, std::nullopt, "1001"};
    CHECK(*decodePullRequest(encode(person)) == person);

    PullAnswer pull;
    pull.roster = {sampleEntry()};
    pull.nextCursor = 17;
    pull.more = true;
    pull.catalogs = {{2026, kHash}};
    pull.records = {sampleRecord()};
    pull.forPerson = true;
    pull.shared = {sampleRecord()};
    pull.teamStatus = {{"1001", 2026, "draft", 2, 2}};
    pull.reads = {{"r-1", 3, "1005", "Maria Niemi", "k-1", 1767225600, 1767312000, 4}};
    pull.ownRecords = {{"r-1", RecordKindWire::Development, "development_discussion_staff", 2026, 3,
                        RecordStateWire::Submitted, 1767225600},
                       {"agreement:2026:1002", RecordKindWire::Agreement, "f", 2026, 1, RecordStateWire::Draft, 5}};
    pull.serverInstance = kInstance;
    CHECK(*decodePullAnswer(encode(pull)) == pull);

    const CatalogRequest catalogRequest{2027};
    CHECK(*decodeCatalogRequest(encode(catalogRequest)) == catalogRequest);
    const CatalogAnswer catalogAnswer{2027, kHash, "{\"year\": 2027}"};
    CHECK(*decodeCatalogAnswer(encode(catalogAnswer)) == catalogAnswer);

    const EnrolRequest enrol{"7MKQ-2PX9-HC4T", std::string(64, 'b'), "tpm"};
    CHECK(*decodeEnrolRequest(encode(enrol)) == enrol);
    const EnrolAnswer enrolled{"k-1", "pk_a", "Päiväkoti", std::string(64, 'c'), 1};
    CHECK(*decodeEnrolAnswer(encode(enrolled)) == enrolled);

    const PinsRequest pins{{{"1003", sampleEntry().pin, std::string(64, 'd'), {1, 2, 3}}}};
    CHECK(*decodePinsRequest(encode(pins)) == pins);
    const PinsAnswer pinsAnswer{{{"1003", "stored", "", ""}, {"1004", "refused", "bad_signature", "no proof"}},
                                kInstance};
    CHECK(*decodePinsAnswer(encode(pinsAnswer)) == pinsAnswer);

    const ErrorAnswer error{"replayed", "this request was seen before"};
    CHECK(*decodeErrorAnswer(encode(error)) == error);
    CHECK(encode(error) == errorBody(Refusal::Replayed, "this request was seen before"));
    const HealthAnswer health{"ok", 1, true};
    CHECK(*decodeHealthAnswer(encode(health)) == health);
}

TEST_CASE("the JSON on the wire is the documented one") {
    CHECK(encode(HealthAnswer{"ok", 1, true}) == R"({"intact":true,"protocol":1,"status":"ok"})");
    CHECK(errorBody(Refusal::Replayed, "this request was seen before") ==
          R"({"error":{"code":"replayed","message":"this request was seen before"}})");
    CHECK(encode(PullRequest{5, 500, ""}) == R"({"cursor":5,"limit":500})");
    CHECK(encode(PullRequest{1000000, std::nullopt, ""}) == R"({"cursor":1000000})");
    CHECK(encode(CatalogRequest{2026}) == R"({"year":2026})");
    CHECK(encode(PinsAnswer{{{"1003", "stored", "", ""}}, kInstance}) ==
          R"({"results":[{"staff_number":"1003","status":"stored"}],"server_instance":")" + kInstance + "\"}");
    // A new record names no base instance; a roster entry without a PIN has a null "pin".
    RecordEnvelope fresh = sampleRecord();
    fresh.baseInstance.clear();
    CHECK_FALSE(toJson(fresh).contains("base_instance"));
    CHECK(toJson(RosterEntry{})["pin"].is_null());
    // Without a person, a pull answer has no "shared" nor "team_status"; "records" is always there.
    const std::string rosterOnly = encode(PullAnswer{});
    CHECK(rosterOnly.find("\"shared\"") == std::string::npos);
    CHECK(rosterOnly.find("\"team_status\"") == std::string::npos);
    CHECK(rosterOnly.find("\"records\":[]") != std::string::npos);
    // "departed" and "kept_from" only when there is something to say (older kiosks ignore them).
    CHECK(rosterOnly.find("departed") == std::string::npos);
    CHECK(rosterOnly.find("kept_from") == std::string::npos);
    PullAnswer departures;
    departures.departed = {"1002", "1001"};
    departures.keptFrom = 2022;
    const std::string withDepartures = encode(departures);
    CHECK(withDepartures.find(R"("departed":["1002","1001"])") != std::string::npos);
    CHECK(withDepartures.find(R"("kept_from":2022)") != std::string::npos);
    CHECK(*decodePullAnswer(withDepartures) == departures);
    // "reads" likewise, each with the fields protocol.md shows.
    CHECK(rosterOnly.find("reads") == std::string::npos);
    PullAnswer read;
    read.reads = {{"r-1", 3, "1005", "Maria Niemi", "k-1", 100, 200, 2}};
    CHECK(encode(read).find(R"("reads":[{"channel":"k-1","count":2,"first_at":100,"last_at":200,"reader":"1005",)"
                            R"("reader_name":"Maria Niemi","record":"r-1","version":3}])") != std::string::npos);
    // "own_records" likewise: a listing of the person's records, never their content.
    CHECK(rosterOnly.find("own_records") == std::string::npos);
    PullAnswer listed;
    listed.ownRecords = {{"r-1", RecordKindWire::Group, "g", 2027, 2, RecordStateWire::Submitted, 300}};
    CHECK(encode(listed).find(R"("own_records":[{"form":"g","id":"r-1","kind":"group","saved_at":300,)"
                              R"("state":"submitted","version":2,"year":2027}])") != std::string::npos);
    CHECK(toJson(PushResult{"r", 1, "stored", "", "", 1}).dump() ==
          R"({"id":"r","server_version":1,"status":"stored","version":1})");
}

TEST_CASE("a missing or mistyped field is refused, naming it") {
    CHECK(errorOf(decodeEnrolRequest(R"({"code": "x"})")).find("public_key: missing") != std::string::npos);
    CHECK(errorOf(decodeEnrolRequest(R"({"code": 5, "public_key": "x"})")).find("code: must be a string") !=
          std::string::npos);
    CHECK(errorOf(decodeEnrolAnswer(R"({"device_id": "k", "unit_id": "u"})")).find("server_public_key") !=
          std::string::npos);
    CHECK(errorOf(decodePushRequest(R"({"records": {}})")).find("records: must be an array") != std::string::npos);
    CHECK(errorOf(decodePushRequest("{not json")).find("not valid JSON") != std::string::npos);
    CHECK(errorOf(decodePushAnswer(R"({"server_instance": "x"})")).find("results: missing") != std::string::npos);
    CHECK(errorOf(decodePullRequest(R"({"limit": 5})")).find("cursor: missing") != std::string::npos);
    CHECK(errorOf(decodePullRequest(R"({"cursor": 0, "limit": "5"})")).find("limit: must be a number") !=
          std::string::npos);
    CHECK(errorOf(decodePullRequest(R"({"cursor": 1.5})")).find("cursor: must be a whole number") != std::string::npos);
    CHECK(errorOf(decodePullAnswer(R"({"roster": []})")).find("next_cursor: missing") != std::string::npos);
    CHECK(errorOf(decodePullAnswer(R"({"roster": [], "next_cursor": 1, "more": 1})"))
              .find("more: must be true or false") != std::string::npos);
    CHECK(errorOf(decodeCatalogRequest(R"({"year": "2026"})")).find("year: must be a whole number") !=
          std::string::npos);
    CHECK(errorOf(decodeCatalogAnswer(R"({"year": 2026})")).find("catalog: missing") != std::string::npos);
    CHECK(errorOf(decodePinsRequest(R"({"pins": [{"staff_number": 7}]})"))
              .find("pins[0].staff_number: must be a string") != std::string::npos);
    CHECK(errorOf(decodePinsRequest(R"({"pins": [{"pin": null}]})")).find("pins[0].pin: must be an object") !=
          std::string::npos);
    CHECK(errorOf(decodePinsAnswer(R"({"results": 1})")).find("results: must be an array") != std::string::npos);
    CHECK(errorOf(decodeErrorAnswer(R"({"error": {"message": "m"}})")).find("error.code: missing") !=
          std::string::npos);
    CHECK(errorOf(decodeHealthAnswer(R"({"status": "ok", "protocol": 1})")).find("intact: missing") !=
          std::string::npos);

    // A record's fields, with the path the server's refusal names.
    nlohmann::json record = toJson(sampleRecord());
    record.erase("kind");
    CHECK(errorOf(envelopeFromJson(record, "records[0]")).find("records[0].kind: missing") != std::string::npos);
    record = toJson(sampleRecord());
    record["base_instance"] = "XYZ";
    CHECK(errorOf(envelopeFromJson(record, "records[0]")).find("base_instance") != std::string::npos);
    record = toJson(sampleRecord());
    record["version"] = "3";
    CHECK(errorOf(envelopeFromJson(record, "r")).find("r.version: must be a whole number") != std::string::npos);
    nlohmann::json entry = toJson(sampleEntry());
    entry["roles"] = {"wizard"};
    CHECK_FALSE(rosterEntryFromJson(entry, "roster[0]").ok());
}

TEST_CASE("the server takes a push batch record by record") {
    nlohmann::json good = toJson(sampleRecord());
    nlohmann::json bad = good;
    bad.erase("payload");
    const std::string body = nlohmann::json{{"records", {good, bad}}}.dump();
    auto batch = decodePushBatch(body);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 2);
    CHECK((*batch)[0].envelope == sampleRecord());
    CHECK_FALSE((*batch)[1].envelope.has_value());
    CHECK((*batch)[1].id == "r-1");
    CHECK((*batch)[1].version == 3);
    CHECK((*batch)[1].problem.find("records[1].payload: missing") != std::string::npos);
    CHECK_FALSE(decodePushRequest(body).ok());  // the strict reading takes all or nothing
    CHECK_FALSE(decodePushBatch(R"({"records": 5})").ok());
}

TEST_CASE("lenient readings: unknown fields, left-out items and defaults") {
    // Unknown fields are ignored everywhere.
    CHECK(decodeEnrolRequest(R"({"code": "c", "public_key": "k", "extra": [1]})").ok());
    CHECK(decodeCatalogRequest(R"({"year": 2026, "what": true})")->year == 2026);
    // A person that is not a string is no person; a left-out limit is none.
    const auto pull = decodePullRequest(R"({"cursor": 3, "person": 1001})");
    CHECK(pull->person.empty());
    CHECK_FALSE(pull->limit.has_value());
    // A pull answer keeps the items that read and leaves out the rest.
    nlohmann::json answer{{"roster", {toJson(sampleEntry()), {{"name", "no staff number"}}}},
                          {"next_cursor", 9},
                          {"catalogs", {{{"year", 2026}, {"hash", kHash}}, {{"year", "x"}}}},
                          {"team_status", {{{"staff_number", "1001"}}, 5}},
                          {"reads",
                           {{{"record", "r-1"}, {"version", 2}, {"reader", "1005"}, {"first_at", 5}, {"last_at", 5}},
                            {{"record", "r-1"}, {"version", 2}, {"reader", "1005"}, {"first_at", 5}, {"last_at", 4}},
                            {{"record", "r-1"}, {"reader", "1005"}, {"first_at", 5}, {"last_at", 5}}}},
                          {"own_records",
                           {{{"id", "r-1"}, {"kind", "development"}, {"version", 2}, {"state", "submitted"}},
                            {{"id", "r-2"}, {"kind", "poem"}, {"version", 1}, {"state", "draft"}},
                            {{"id", "r-3"}, {"kind", "group"}, {"version", 1}, {"state", "sent"}},
                            {{"id", "r-4"}, {"kind", "group"}, {"state", "draft"}}}},
                          {"server_instance", "not an instance"}};
    const auto decoded = decodePullAnswer(answer.dump());
    REQUIRE(decoded.ok());
    CHECK(decoded->roster.size() == 1);
    CHECK(decoded->catalogs.size() == 1);
    CHECK_FALSE(decoded->more);
    REQUIRE(decoded->teamStatus.size() == 1);
    CHECK(decoded->teamStatus[0].preForm == "none");
    CHECK(decoded->teamStatus[0].agreementVersion == 0);
    // A read needs its record, version, reader and times in order; left out, a count is one.
    REQUIRE(decoded->reads.size() == 1);
    CHECK(decoded->reads[0].count == 1);
    CHECK(decoded->reads[0].channel.empty());
    // A listed record needs a known kind and state and a version; year and time read as 0.
    REQUIRE(decoded->ownRecords.size() == 1);
    CHECK(decoded->ownRecords[0].id == "r-1");
    CHECK(decoded->ownRecords[0].year == 0);
    CHECK(decoded->ownRecords[0].savedAt == 0);
    CHECK(decoded->serverInstance.empty());
    // A PIN item's left-out parts read as empty; a proof that is not base64url as none.
    const auto pins = decodePinsRequest(R"({"pins": [{"staff_number": "1003", "proof": "%%%"}]})");
    REQUIRE(pins.ok());
    CHECK(pins->pins[0].pin.empty());
    CHECK(pins->pins[0].proof.empty());
    // Push results that do not read are left out (their records stay queued).
    const auto results =
        decodePushAnswer(R"({"results": [{"id": "", "version": 0, "status": "refused", "server_version": 0},
        {"id": "r", "version": 1, "status": "stored", "server_version": 1}]})");
    REQUIRE(results.ok());
    CHECK(results->results.size() == 1);
    // An error body with no message still names its code.
    CHECK(decodeErrorAnswer(R"({"error": {"code": "internal", "message": 5}})")->code == "internal");
    // Enrolment answers of older servers may leave out the unit's name and the protocol.
    const auto enrolled = decodeEnrolAnswer(R"({"device_id": "k", "unit_id": "u", "server_public_key": "s"})");
    CHECK(enrolled->unitName.empty());
    CHECK(enrolled->protocol == kProtocolVersion);
}

// Every refusal of protocol v1, provoked on the real server over loopback, with its code:
// replay, altered body, stale timestamp, unknown and revoked devices, a foreign unit, a forged
// author, a PIN without the one-time code, oversized batches, and a device that floods.
#include "sync_server/api/signed_fixture.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::test;
using nlohmann::json;

TEST_CASE_FIXTURE(Fixture, "a correctly signed request is served") {
    const auto reply = send("/api/v1/pull", R"({"cursor":0})");
    CHECK(reply.status == 200);
    CHECK(pushOne(draftOf("1001", aino.personKey))["status"] == "stored");
}

TEST_CASE_FIXTURE(Fixture, "a replayed request is refused") {
    const std::string body = R"({"cursor":0})";
    const auto h = sync::signRequest(device.key, device.id, "POST", "/api/v1/pull", body, unixNow());
    auto first = http.post(server.url(), "/api/v1/pull", headersFor(h), body);
    auto second = http.post(server.url(), "/api/v1/pull", headersFor(h), body);
    REQUIRE((first.ok() && second.ok()));
    CHECK(first->status == 200);
    CHECK(second->status == 401);
    CHECK(codeOf(*second) == "replayed");
}

TEST_CASE_FIXTURE(Fixture, "an altered body, path or signature is refused") {
    const std::string body = R"({"cursor":0})";
    auto h = sync::signRequest(device.key, device.id, "POST", "/api/v1/pull", body, unixNow());
    auto altered = http.post(server.url(), "/api/v1/pull", headersFor(h), R"({"cursor":1})");
    CHECK(codeOf(*altered) == "bad_signature");
    h = sync::signRequest(device.key, device.id, "POST", "/api/v1/pull", body, unixNow());
    auto otherPath = http.post(server.url(), "/api/v1/push", headersFor(h), body);
    CHECK(codeOf(*otherPath) == "bad_signature");
    h = sync::signRequest(crypto::generateSigningKeyPair(), device.id, "POST", "/api/v1/pull", body, unixNow());
    auto otherKey = http.post(server.url(), "/api/v1/pull", headersFor(h), body);
    CHECK(codeOf(*otherKey) == "bad_signature");
    auto unsigned_ = http.post(server.url(), "/api/v1/pull", {}, body);
    CHECK(unsigned_->status == 401);
    CHECK(codeOf(*unsigned_) == "bad_signature");
}

TEST_CASE_FIXTURE(Fixture, "a timestamp outside the window is refused") {
    CHECK(codeOf(send("/api/v1/pull", R"({"cursor":0})", unixNow() - 400)) == "stale_timestamp");
    CHECK(codeOf(send("/api/v1/pull", R"({"cursor":0})", unixNow() + 400)) == "stale_timestamp");
    CHECK(send("/api/v1/pull", R"({"cursor":0})", unixNow() - 200).status == 200);
}

TEST_CASE_FIXTURE(Fixture, "unknown and revoked devices are refused") {
    Device stranger{"k-0000000000000000", crypto::generateSigningKeyPair()};
    const auto h = sync::signRequest(stranger.key, stranger.id, "POST", "/api/v1/pull", "{}", unixNow());
    CHECK(codeOf(*http.post(server.url(), "/api/v1/pull", headersFor(h), "{}")) == "unknown_device");

    REQUIRE(*server.storage().revokeDevice(device.id, unixNow()));
    const auto reply = send("/api/v1/pull", R"({"cursor":0})");
    CHECK(reply.status == 401);
    CHECK(codeOf(reply) == "revoked_device");
}

TEST_CASE_FIXTURE(Fixture, "records of another unit, another author or a forged signature are refused") {
    // 2001 works at the school, not in this device's unit.
    const crypto::SigningKeyPair juha = crypto::generateSigningKeyPair();
    json result = pushOne(draftOf("2001", juha));
    CHECK(result["status"] == "refused");
    CHECK(result["code"] == "forbidden");

    // Aino's record signed by someone else.
    result = pushOne(draftOf("1001", crypto::generateSigningKeyPair()));
    CHECK(result["code"] == "bad_signature");

    // A payload that does not match its hash.
    sync::RecordEnvelope e = draftOf("1001", aino.personKey);
    e.payload[0] ^= 1;
    result = pushOne(e);
    CHECK(result["code"] == "bad_request");

    // Someone else's record id.
    CHECK(pushOne(draftOf("1001", aino.personKey))["status"] == "stored");
    const crypto::UserKeys mikko = server.setPin("1002", "735104");
    sync::RecordEnvelope hijack = draftOf("1002", mikko.personKey, 2);
    hijack.id = "r-test-1001";
    const auto sig = crypto::sign(mikko.personKey, crypto::asBytes(sync::signingTextOf(hijack)));
    hijack.authorSignature.assign(sig.begin(), sig.end());
    hijack.baseVersion = 1;
    result = pushOne(hijack);
    CHECK(result["code"] == "forbidden");
}

TEST_CASE_FIXTURE(Fixture, "a person pull needs that person's own signature") {
    const std::string body = R"({"cursor":0,"person":"1001"})";
    auto h = sync::signRequest(device.key, device.id, "POST", "/api/v1/pull", body, unixNow());
    CHECK(codeOf(*http.post(server.url(), "/api/v1/pull", headersFor(h), body)) == "forbidden");
    const crypto::SigningKeyPair impostor = crypto::generateSigningKeyPair();
    h = sync::signRequest(device.key, device.id, "POST", "/api/v1/pull", body, unixNow(), &impostor, "1001");
    CHECK(codeOf(*http.post(server.url(), "/api/v1/pull", headersFor(h), body)) == "bad_signature");
    h = sync::signRequest(device.key, device.id, "POST", "/api/v1/pull", body, unixNow(), &aino.personKey, "1001");
    CHECK(http.post(server.url(), "/api/v1/pull", headersFor(h), body)->status == 200);
    // A person of another unit cannot be used through this device at all.
    const std::string other = R"({"cursor":0,"person":"2001"})";
    h = sync::signRequest(device.key, device.id, "POST", "/api/v1/pull", other, unixNow(), &aino.personKey, "2001");
    CHECK(codeOf(*http.post(server.url(), "/api/v1/pull", headersFor(h), other)) == "bad_signature");
}

TEST_CASE_FIXTURE(Fixture, "a PIN is only accepted with proof of the one-time code") {
    auto code = server::createPinSetupCode(server.storage(), "1003");
    REQUIRE(code.ok());
    const crypto::Salt salt = crypto::randomSalt();
    auto newKeys = crypto::deriveUserKeys("580213", salt, crypto::minimalKdfParams());
    const std::string verifier = crypto::toHex(newKeys->verifier);
    const std::string personKey = crypto::toHex(newKeys->personKey.publicKey);
    auto pinBody = [&](const crypto::SigningKeyPair& prover) {
        const auto proof = crypto::sign(
            prover, crypto::asBytes(sync::pinProofText(
                        "1003", {crypto::minimalKdfParams().toString(), crypto::toHex(salt), verifier}, personKey)));
        return json{{"pins",
                     {{{"staff_number", "1003"},
                       {"pin",
                        {{"kdf", crypto::minimalKdfParams().toString()},
                         {"salt", crypto::toHex(salt)},
                         {"verifier", verifier}}},
                       {"person_key", personKey},
                       {"proof", crypto::toBase64(proof)}}}}}
            .dump();
    };
    auto reply = send("/api/v1/pins", pinBody(crypto::generateSigningKeyPair()));
    CHECK(json::parse(reply.body)["results"][0]["code"] == "bad_signature");
    CHECK((*server.storage().person("1003"))->pin.empty());

    const auto entry = *server.storage().person("1003");
    // The right proof: derived from the code exactly as a kiosk does.
    std::string normalised;
    for (char c : *code) {
        if (c != '-') normalised += c;
    }
    auto codeKeys = crypto::deriveUserKeys(normalised, *crypto::saltFromHex(entry->setupCode.saltHex),
                                           *crypto::KdfParams::parse(entry->setupCode.kdfParams));
    reply = send("/api/v1/pins", pinBody(codeKeys->personKey));
    CHECK(json::parse(reply.body)["results"][0]["status"] == "stored");
    CHECK((*server.storage().person("1003"))->pin.verifierHex == verifier);
}

TEST_CASE_FIXTURE(Fixture,
                  "naming another server instance as a record's base skips no check and overwrites nothing newer") {
    const std::string instance = server.storage().instanceId().value();
    const auto pulled = send("/api/v1/pull", R"({"cursor":0})");
    REQUIRE(pulled.status == 200);
    CHECK(json::parse(pulled.body)["server_instance"] == instance);
    const std::string other(32, 'a');
    REQUIRE(other != instance);

    // Aino's record at version 3 on the server.
    std::vector<sync::RecordEnvelope> versions;
    for (std::uint64_t v = 1; v <= 3; ++v) {
        versions.push_back(draftOf("1001", aino.personKey, v));
        versions.back().baseVersion = v - 1;
        REQUIRE(pushOne(versions.back())["status"] == "stored");
    }
    // An old version sent again "from before a restore": answered, never stored over version 3;
    // the same version number with other content is kept beside as a conflict.
    sync::RecordEnvelope old = versions[1];
    old.baseVersion = 2;
    old.baseInstance = other;
    CHECK(pushOne(old)["status"] == "unchanged");
    sync::RecordEnvelope otherContent = draftOf("1001", aino.personKey, 2);
    otherContent.baseVersion = 2;
    otherContent.baseInstance = other;
    CHECK(pushOne(otherContent)["status"] == "conflict");
    CHECK((*server.storage().record("r-test-1001"))->version == 3);
    CHECK((*server.storage().record("r-test-1001"))->contentHash == versions[2].contentHash);
    // Ahead of the server but not descended from its version (based on 1): a conflict.
    sync::RecordEnvelope fork = draftOf("1001", aino.personKey, 4);
    fork.baseVersion = 1;
    fork.baseInstance = other;
    CHECK(pushOne(fork)["status"] == "conflict");
    CHECK((*server.storage().record("r-test-1001"))->version == 3);

    // The rights and signature checks come first, whatever the instance.
    sync::RecordEnvelope forged = draftOf("1001", crypto::generateSigningKeyPair(), 5);
    forged.baseVersion = 4;
    forged.baseInstance = other;
    CHECK(pushOne(forged)["code"] == "bad_signature");
    sync::RecordEnvelope school = draftOf("2001", crypto::generateSigningKeyPair(), 2);
    school.baseVersion = 1;
    school.baseInstance = other;
    CHECK(pushOne(school)["code"] == "forbidden");

    // A malformed instance is refused with the field named.
    json item = sync::toJson(draftOf("1001", aino.personKey, 5));
    item["base_instance"] = "not-an-instance";
    const auto bad = send("/api/v1/push", json{{"records", {item}}}.dump());
    REQUIRE(bad.status == 200);
    const json result = json::parse(bad.body)["results"][0];
    CHECK(result["code"] == "bad_request");
    CHECK(result["message"].get<std::string>().find("base_instance") != std::string::npos);
    CHECK(json::parse(bad.body)["server_instance"] == instance);
}

TEST_CASE_FIXTURE(Fixture, "malformed and oversized requests are refused with a code") {
    CHECK(codeOf(send("/api/v1/push", "{not json")) == "bad_request");
    // A malformed record is refused on its own, with the field named; the batch is answered.
    const auto oneBad = send("/api/v1/push", R"({"records":[{"id":"x","version":3}]})");
    CHECK(oneBad.status == 200);
    const json result = json::parse(oneBad.body)["results"][0];
    CHECK(result["id"] == "x");
    CHECK(result["status"] == "refused");
    CHECK(result["code"] == "bad_request");
    CHECK(result["message"].get<std::string>().find("records[0].kind: missing") != std::string::npos);
    CHECK(codeOf(send("/api/v1/pull", R"({"cursor":0,"limit":"5"})")) == "bad_request");
    json many = json::array();
    for (int i = 0; i < 201; ++i) many.push_back(sync::toJson(draftOf("1001", aino.personKey)));
    CHECK(codeOf(send("/api/v1/push", json{{"records", many}}.dump())) == "too_large");
    CHECK(codeOf(send("/api/v1/nothing", "{}")) == "not_found");
}

TEST_CASE_FIXTURE(Fixture, "a flooding device is slowed down") {
    int limited = 0;
    for (int i = 0; i < 120; ++i) {
        if (codeOf(send("/api/v1/pull", R"({"cursor":0})")) == "rate_limited") ++limited;
    }
    CHECK(limited > 0);
}

// [rights over the discussion records] -----------------------------------------------------------

TEST_CASE_FIXTURE(RightsFixture, "only the employee's manager records the discussion, only the employee confirms it") {
    using Kind = sync::RecordKindWire;
    const std::string id = domain::agreementRecordId(2026, "1001");
    // A colleague cannot record Aino's discussion; her manager can.
    auto result = pushOne(submitted(Kind::Agreement, id, "1002", mikko.personKey, agreementJson("1001", "x")));
    CHECK(result["status"] == "refused");
    CHECK(result["code"] == "forbidden");
    const std::string shown = agreementJson("1001", "sovittu");
    CHECK(pushOne(submitted(Kind::Agreement, id, "1005", helena.personKey, shown))["status"] == "stored");
    // The id must say what the record is about: an agreement about Mikko filed under Aino's id,
    // or a pre-form squatting on an agreement's id, is refused.
    result =
        pushOne(submitted(Kind::Agreement, domain::agreementRecordId(2026, "1002"), "1005", helena.personKey, shown));
    CHECK(result["code"] == "bad_request");
    result =
        pushOne(submitted(Kind::Development, domain::agreementRecordId(2026, "1004"), "1001", aino.personKey, shown));
    CHECK(result["code"] == "forbidden");
    result = pushOne(submitted(Kind::Agreement, "r-random-id", "1005", helena.personKey, shown));
    CHECK(result["code"] == "forbidden");

    // Confirmations: of the version on the server, by hash of exactly what was shown.
    auto confirmation = [&](std::uint64_t version, const std::string& hash) {
        return domain::toJson(domain::Confirmation{id, version, hash});
    };
    const std::string confirmId = domain::confirmationRecordId(2026, "1001", 1);
    result = pushOne(submitted(Kind::Confirmation, domain::confirmationRecordId(2026, "1002", 1), "1002",
                               mikko.personKey, confirmation(1, crypto::contentHash(shown))));
    CHECK(result["code"] == "bad_request");  // names Aino's agreement under Mikko's id
    result = pushOne(
        submitted(Kind::Confirmation, confirmId, "1002", mikko.personKey, confirmation(1, crypto::contentHash(shown))));
    CHECK(result["code"] == "forbidden");  // somebody else's confirmation
    result = pushOne(submitted(Kind::Confirmation, confirmId, "1001", aino.personKey,
                               confirmation(1, crypto::contentHash(agreementJson("1001", "muuta")))));
    CHECK(result["code"] == "forbidden");  // not what the manager recorded
    result =
        pushOne(submitted(Kind::Confirmation, domain::confirmationRecordId(2026, "1001", 2), "1001", aino.personKey,
                          domain::toJson(domain::Confirmation{id, 2, crypto::contentHash(shown)})));
    CHECK(result["code"] == "forbidden");  // a version that does not exist
    auto draft = draftOf("1001", aino.personKey);
    draft.id = confirmId;
    draft.kind = Kind::Confirmation;
    const auto signature = crypto::sign(aino.personKey, crypto::asBytes(sync::signingTextOf(draft)));
    draft.authorSignature.assign(signature.begin(), signature.end());
    CHECK(pushOne(draft)["code"] == "forbidden");  // a confirmation is never a draft
    CHECK(pushOne(submitted(Kind::Confirmation, confirmId, "1001", aino.personKey,
                            confirmation(1, crypto::contentHash(shown))))["status"] == "stored");

    // Once the manager changes it, the old confirmation does not carry over to the new version.
    const std::string changed = agreementJson("1001", "muutettu");
    CHECK(pushOne(submitted(Kind::Agreement, id, "1005", helena.personKey, changed, 2, 1))["status"] == "stored");
    result =
        pushOne(submitted(Kind::Confirmation, domain::confirmationRecordId(2026, "1001", 2), "1001", aino.personKey,
                          domain::toJson(domain::Confirmation{id, 2, crypto::contentHash(shown)})));
    CHECK(result["code"] == "forbidden");
}

TEST_CASE_FIXTURE(RightsFixture,
                  "only the unit's director writes its summary; a pre-form cannot be passed off as one") {
    using Kind = sync::RecordKindWire;
    domain::UnitSummary summary;
    summary.formId = "group_discussion";
    summary.year = 2026;
    summary.unitId = "pk_tahtitaivas";
    summary.recordedBy = "1005";
    summary.trainingNeeds.push_back({"Kielitietoisuus", "", {"courses"}});
    const std::string id = domain::unitSummaryRecordId(2026, "pk_tahtitaivas");
    auto result = pushOne(submitted(Kind::UnitSummary, id, "1002", mikko.personKey, domain::toJson(summary)));
    CHECK(result["code"] == "forbidden");
    result = pushOne(submitted(Kind::UnitSummary, domain::unitSummaryRecordId(2026, "kirkonkylan_koulu"), "1005",
                               helena.personKey, domain::toJson(summary)));
    CHECK(result["code"] == "forbidden");  // another unit's summary
    result = pushOne(submitted(Kind::UnitSummary, id, "1005", helena.personKey, agreementJson("1001", "x")));
    CHECK(result["code"] == "bad_request");  // not a summary inside
    CHECK(pushOne(submitted(Kind::UnitSummary, id, "1005", helena.personKey, domain::toJson(summary)))["status"] ==
          "stored");
}

TEST_CASE_FIXTURE(RightsFixture, "a pre-form on a form of another kind, another role or no catalogue is refused") {
    using Kind = sync::RecordKindWire;
    auto draftOn = [&](const std::string& owner, const crypto::SigningKeyPair& author, Kind kind,
                       const std::string& form) {
        sync::RecordEnvelope e = draftOf(owner, author);
        e.kind = kind;
        e.formId = form;
        const auto signature = crypto::sign(author, crypto::asBytes(sync::signingTextOf(e)));
        e.authorSignature.assign(signature.begin(), signature.end());
        return pushOne(e);
    };
    // Aino is staff, Helena a manager: each on their own form only.
    CHECK(draftOn("1001", aino.personKey, Kind::Development, "development_discussion_staff")["status"] == "stored");
    json result = draftOn("1001", aino.personKey, Kind::Development, "development_discussion_manager");
    CHECK(result["code"] == "forbidden");
    CHECK(result["message"].get<std::string>().find("staff form") != std::string::npos);
    CHECK(draftOn("1005", helena.personKey, Kind::Development, "development_discussion_manager")["status"] == "stored");
    CHECK(draftOn("1005", helena.personKey, Kind::Development, "development_discussion_staff")["code"] == "forbidden");
    // A form the catalogue does not have, or of another kind.
    result = draftOn("1002", mikko.personKey, Kind::Development, "no_such_form");
    CHECK(result["code"] == "bad_request");
    CHECK(result["message"].get<std::string>().find("no_such_form") != std::string::npos);
    CHECK(draftOn("1002", mikko.personKey, Kind::Development, "group_discussion")["code"] == "bad_request");
    CHECK(draftOn("1002", mikko.personKey, Kind::Group, "development_discussion_staff")["code"] == "bad_request");
    // An agreement is on the employee's form, whoever records it.
    const std::string id = domain::agreementRecordId(2026, "1001");
    sync::RecordEnvelope onManagersForm =
        submitted(Kind::Agreement, id, "1005", helena.personKey, agreementJson("1001", "x"));
    onManagersForm.formId = "development_discussion_manager";
    const auto signature = crypto::sign(helena.personKey, crypto::asBytes(sync::signingTextOf(onManagersForm)));
    onManagersForm.authorSignature.assign(signature.begin(), signature.end());
    CHECK(pushOne(onManagersForm)["code"] == "forbidden");
    // Submitted content on another form than its envelope says.
    domain::DevelopmentDiscussion other;
    other.formId = "development_discussion_manager";
    other.year = 2026;
    result = pushOne(submitted(Kind::Development, "r-other-form", "1002", mikko.personKey, domain::toJson(other)));
    CHECK(result["code"] == "bad_request");
    CHECK(result["message"].get<std::string>().find("another form") != std::string::npos);
}

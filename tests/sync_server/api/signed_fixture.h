// Fixtures of the refusal tests: a device enrolled by hand so a test controls every byte it
// sends (Fixture), and one with the catalogue published and PINs for Aino's unit (RightsFixture).
#pragma once

#include "sync_server/sync_harness.h"

#include "crypto/box.h"
#include "crypto/kdf.h"
#include "domain/discussion.h"
#include "sync/messages.h"

#include <doctest/doctest.h>

namespace osm::test {

using nlohmann::json;

struct Device {
    std::string id;
    crypto::SigningKeyPair key;
};

struct Fixture {
    ServerHarness server;
    kiosk::HttpTransport http;
    Device device;
    crypto::UserKeys aino;

    // PINs set through /pins need at least `pinKdfFloor` (ServerHarness).
    explicit Fixture(crypto::KdfParams pinKdfFloor = crypto::minimalKdfParams()) : server(pinKdfFloor) {
        // Enrol a device by hand, so the tests control every byte they send.
        device.key = crypto::generateSigningKeyPair();
        const std::string body =
            json{{"code", server.enrolmentCode("pk_tahtitaivas")}, {"public_key", crypto::toHex(device.key.publicKey)}}
                .dump();
        auto reply = http.post(server.url(), "/api/v1/enrol", {}, body);
        REQUIRE(reply.ok());
        REQUIRE(reply->status == 200);
        device.id = json::parse(reply->body)["device_id"];
        const crypto::Salt salt = crypto::randomSalt();
        aino = crypto::deriveUserKeys("482915", salt, crypto::minimalKdfParams()).value();
        REQUIRE(server.storage()
                    .setPin("1001",
                            {crypto::minimalKdfParams().toString(), crypto::toHex(salt), crypto::toHex(aino.verifier)},
                            crypto::toHex(aino.personKey.publicKey))
                    .ok());
    }

    kiosk::HttpHeaders headersFor(const sync::SignedHeaders& h) {
        kiosk::HttpHeaders out{{sync::header::kDevice, h.device},
                               {sync::header::kTimestamp, h.timestamp},
                               {sync::header::kNonce, h.nonce},
                               {sync::header::kSignature, h.signature}};
        if (!h.person.empty()) {
            out.push_back({sync::header::kPerson, h.person});
            out.push_back({sync::header::kPersonSignature, h.personSignature});
        }
        return out;
    }

    kiosk::HttpReply send(const std::string& path, const std::string& body, std::int64_t at = 0) {
        const auto h = sync::signRequest(device.key, device.id, "POST", path, body, at == 0 ? unixNow() : at);
        auto reply = http.post(server.url(), path, headersFor(h), body);
        REQUIRE(reply.ok());
        return *reply;
    }

    sync::RecordEnvelope draftOf(const std::string& owner, const crypto::SigningKeyPair& author,
                                 std::uint64_t version = 1) {
        sync::RecordEnvelope e;
        e.id = "r-test-" + owner;
        e.owner = owner;
        e.formId = "development_discussion_staff";
        e.year = 2026;
        e.version = version;
        e.payload = crypto::randomBytes(80);  // opaque to the server
        e.contentHash = crypto::contentHash(e.payload);
        const auto signature = crypto::sign(author, crypto::asBytes(sync::signingTextOf(e)));
        e.authorSignature.assign(signature.begin(), signature.end());
        return e;
    }

    json pushOne(const sync::RecordEnvelope& e) {
        const auto reply = send("/api/v1/push", json{{"records", {sync::toJson(e)}}}.dump());
        REQUIRE(reply.status == 200);
        return json::parse(reply.body)["results"][0];
    }
};

inline std::string codeOf(const kiosk::HttpReply& reply) {
    const json body = json::parse(reply.body, nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"]["code"].get<std::string>() : std::string("none");
}

struct RightsFixture : Fixture {
    crypto::UserKeys mikko = keysFor("1002", "735104");
    crypto::UserKeys helena = keysFor("1005", "318406");

    RightsFixture() {
        REQUIRE(server::publishCatalogFile(server.storage(), assetsDir() / "catalog" / "2026.json").ok());
    }

    crypto::UserKeys keysFor(const std::string& staff, const std::string& pin) {
        const crypto::Salt salt = crypto::randomSalt();
        auto keys = crypto::deriveUserKeys(pin, salt, crypto::minimalKdfParams()).value();
        REQUIRE(server.storage()
                    .setPin(staff,
                            {crypto::minimalKdfParams().toString(), crypto::toHex(salt), crypto::toHex(keys.verifier)},
                            crypto::toHex(keys.personKey.publicKey))
                    .ok());
        return keys;
    }

    // A submission as a kiosk sends it: the content sealed to the server, signed by its author.
    sync::RecordEnvelope submitted(sync::RecordKindWire kind, const std::string& id, const std::string& owner,
                                   const crypto::SigningKeyPair& author, const std::string& plain,
                                   std::uint64_t version = 1, std::uint64_t baseVersion = 0) {
        sync::RecordEnvelope e;
        e.id = id;
        e.kind = kind;
        e.owner = owner;
        e.formId = kind == sync::RecordKindWire::UnitSummary ? "group_discussion" : "development_discussion_staff";
        e.year = 2026;
        e.version = version;
        e.baseVersion = baseVersion;
        e.state = sync::RecordStateWire::Submitted;
        e.payload = crypto::sealToServer(server.keys().signing.publicKey, plain).value();
        e.contentHash = crypto::contentHash(e.payload);
        const auto signature = crypto::sign(author, crypto::asBytes(sync::signingTextOf(e)));
        e.authorSignature.assign(signature.begin(), signature.end());
        return e;
    }

    std::string agreementJson(const std::string& employee, const std::string& note) {
        domain::Agreement a{employee, "", 0, {}};
        a.discussion.formId = "development_discussion_staff";
        a.discussion.year = 2026;
        a.discussion.answers["past_year.review"] = note;
        a.discussion.goals.push_back({"Tavoite", "", {"mentoring"}});
        return domain::toJson(a);
    }
};

}  // namespace osm::test

// A push batch is checked record by record and stored in one durable commit (one sync to disk
// per batch, not per record): each record still gets its own answer, versions of one record
// within a batch follow the same rules as across batches, and when the commit fails nothing of
// the batch is stored or acknowledged. Real server on loopback, real SQLite file.
#include "sync_server/sync_harness.h"

#include "catalog/catalog.h"
#include "crypto/box.h"
#include "crypto/kdf.h"
#include "domain/discussion.h"
#include "storage/database.h"
#include "sync/messages.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::test;
using nlohmann::json;

namespace {

struct BatchFixture {
    ServerHarness server;
    kiosk::HttpTransport http;
    std::string deviceId;
    crypto::SigningKeyPair deviceKey = crypto::generateSigningKeyPair();
    crypto::UserKeys author;

    BatchFixture() {
        const std::string body =
            json{{"code", server.enrolmentCode("pk_tahtitaivas")}, {"public_key", crypto::toHex(deviceKey.publicKey)}}
                .dump();
        auto reply = http.post(server.url(), "/api/v1/enrol", {}, body);
        REQUIRE((reply.ok() && reply->status == 200));
        deviceId = json::parse(reply->body)["device_id"];
        author = server.setPin("1001", "482915");
    }

    sync::RecordEnvelope record(const std::string& id, std::uint64_t version, crypto::Bytes payload,
                                sync::RecordStateWire state = sync::RecordStateWire::Draft) {
        sync::RecordEnvelope e;
        e.id = id;
        e.owner = "1001";
        e.formId = "development_discussion_staff";
        e.year = 2026;
        e.version = version;
        e.baseVersion = version - 1;
        e.state = state;
        e.payload = std::move(payload);
        e.contentHash = crypto::contentHash(e.payload);
        const auto signature = crypto::sign(author.personKey, crypto::asBytes(sync::signingTextOf(e)));
        e.authorSignature.assign(signature.begin(), signature.end());
        return e;
    }

    sync::RecordEnvelope draft(const std::string& id, std::uint64_t version) {
        return record(id, version, crypto::randomBytes(300));
    }

    // The results of pushing `records` (JSON items, so a test can slip in a malformed one).
    json push(const json& records) {
        const std::string body = json{{"records", records}}.dump();
        const auto h = sync::signRequest(deviceKey, deviceId, "POST", "/api/v1/push", body, unixNow());
        auto reply = http.post(server.url(), "/api/v1/push",
                               {{sync::header::kDevice, h.device},
                                {sync::header::kTimestamp, h.timestamp},
                                {sync::header::kNonce, h.nonce},
                                {sync::header::kSignature, h.signature}},
                               body);
        REQUIRE(reply.ok());
        REQUIRE(reply->status == 200);
        return json::parse(reply->body)["results"];
    }

    std::uint64_t storedVersion(const std::string& id) {
        auto r = server.storage().record(id);
        REQUIRE(r.ok());
        return r->has_value() ? (*r)->version : 0;
    }
};

std::vector<std::string> statuses(const json& results) {
    std::vector<std::string> out;
    for (const json& r : results)
        out.push_back(r.value("status", "") + (r.contains("code") ? "/" + r.value("code", "") : ""));
    return out;
}

}  // namespace

TEST_CASE("a push batch is answered record by record, and sending it again changes nothing") {
    BatchFixture f;
    sync::RecordEnvelope forged = f.draft("r-c", 1);
    forged.contentHash = crypto::contentHash(std::string("something else"));
    const json batch =
        json::array({sync::toJson(f.draft("r-a", 1)), sync::toJson(f.draft("r-b", 1)), sync::toJson(f.draft("r-a", 2)),
                     json{{"id", "r-broken"}, {"version", 1}}, sync::toJson(forged)});
    CHECK(statuses(f.push(batch)) ==
          std::vector<std::string>{"stored", "stored", "stored", "refused/bad_request", "refused/bad_request"});
    CHECK(f.storedVersion("r-a") == 2);
    CHECK(f.storedVersion("r-b") == 1);
    CHECK(f.storedVersion("r-c") == 0);
    CHECK(statuses(f.push(batch)) == std::vector<std::string>{"unchanged", "unchanged", "unchanged",
                                                              "refused/bad_request", "refused/bad_request"});
}

TEST_CASE("within one batch, a submitted record cannot become a draft again") {
    BatchFixture f;
    auto catalogue = catalog::loadCatalogYear(assetsDir(), 2026);
    REQUIRE(catalogue.ok());
    const std::string content = domain::toJson(
        domain::newDevelopmentDiscussion(*catalogue->findForm("development_discussion_staff"), *catalogue));
    auto box = crypto::sealToServer(f.server.keys().signing.publicKey, content);
    REQUIRE(box.ok());
    const json batch = json::array(
        {sync::toJson(f.record("r-s", 1, *box, sync::RecordStateWire::Submitted)), sync::toJson(f.draft("r-s", 2))});
    CHECK(statuses(f.push(batch)) == std::vector<std::string>{"stored", "refused/forbidden"});
    CHECK(f.storedVersion("r-s") == 1);
}

TEST_CASE("when a batch's commit fails, none of it is stored or acknowledged, and the retry stores it all") {
    BatchFixture f;
    {
        // A real failure inside the server's transaction: a trigger that aborts one insert.
        auto db = storage::Database::open(f.server.dbPath());
        REQUIRE(db.ok());
        REQUIRE(db->exec("CREATE TRIGGER poison BEFORE INSERT ON record WHEN NEW.id = 'r-poison' "
                         "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
                    .ok());
    }
    const json batch = json::array({sync::toJson(f.draft("r-first", 1)), sync::toJson(f.draft("r-poison", 1)),
                                    sync::toJson(f.draft("r-last", 1))});
    CHECK(statuses(f.push(batch)) ==
          std::vector<std::string>{"refused/internal", "refused/internal", "refused/internal"});
    CHECK(f.storedVersion("r-first") == 0);
    CHECK(f.storedVersion("r-last") == 0);
    {
        auto db = storage::Database::open(f.server.dbPath());
        REQUIRE(db.ok());
        REQUIRE(db->exec("DROP TRIGGER poison").ok());
        CHECK(db->isIntact());
    }
    CHECK(statuses(f.push(batch)) == std::vector<std::string>{"stored", "stored", "stored"});
    CHECK(f.storedVersion("r-poison") == 1);
}

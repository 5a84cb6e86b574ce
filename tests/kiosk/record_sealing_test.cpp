// Sealing and opening records: what the store holds is sealed to its id, owner and version,
// so an altered or misplaced row is never opened.
#include "kiosk_fixture.h"

#include "crypto/encoding.h"
#include "record_sealing.h"
#include "storage/database.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::kiosk;
using osm::test::KioskFixture;

TEST_CASE_FIXTURE(KioskFixture, "a tampered or swapped record is shown as unreadable, never opened") {
    REQUIRE(login("1001", "482915"));
    app->editing().openCard(app->dueCards().front());
    app->editor().development.answers["past_year.review"] = "alkuperäinen";
    app->editing().markEdited();
    clock.advance(1.1);
    app->tick();
    app->logout();
    app->settle();

    {
        auto db = storage::Database::open(dbPath);
        REQUIRE(db.ok());
        SUBCASE("a flipped byte") { REQUIRE(db->exec("UPDATE record SET sealed = CAST(zeroblob(60) AS BLOB)").ok()); }
        SUBCASE("a version rolled back") { REQUIRE(db->exec("UPDATE record SET version = version + 1").ok()); }
    }
    REQUIRE(login("1001", "482915"));
    REQUIRE(app->session()->records.size() == 1);
    CHECK(app->session()->records.front().unreadable);
    const std::string id = app->session()->records.front().id;
    app->editing().openRecord(id);
    CHECK(app->screen() == Screen::Home);
}

TEST_CASE("a sealed record opens only with its key and at its own id, owner and version") {
    const crypto::SecretBuffer key = crypto::SecretBuffer::copyOf(crypto::randomBytes(32));
    const crypto::SigningKeyPair author = crypto::generateSigningKeyPair();
    StoredRecord record;
    record.id = "r-1";
    record.owner = "1001";
    record.kind = RecordKind::Development;
    record.version = 2;
    RecordContent content;
    content.development.formId = "development_discussion_staff";
    content.development.year = 2026;
    content.development.answers["past_year.review"] = "sinetöity";
    REQUIRE(sealForAuthor(record, key, author, contentJson(RecordKind::Development, content)));
    CHECK_FALSE(record.payloadHash.empty());  // a draft signs its sealed blob
    CHECK(crypto::verify(author.publicKey, crypto::asBytes(recordSigningTextOf(record)),
                         crypto::signatureFromBytes(record.authorSignature).value()));
    RecordContent opened;
    REQUIRE(openSealedRow(record, key, opened));
    CHECK(opened.development.answers.at("past_year.review") == "sinetöity");
    StoredRecord moved = record;
    moved.version = 3;
    CHECK_FALSE(openSealedRow(moved, key, opened));
}

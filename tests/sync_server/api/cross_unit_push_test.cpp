// A terminal files what it records under its own unit, so a group discussion that names a
// service area (a cross-unit group's, recorded on the leaders' web) is refused from a kiosk's
// push, and so is one of a cross-unit group's kind filed under the unit; the unit's own team
// discussion is stored as before (issue 13).
#include "sync_server/api/signed_fixture.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::test;

TEST_CASE_FIXTURE(RightsFixture, "a kiosk's push of a cross-unit group discussion is refused, a unit's is stored") {
    const catalog::Catalog catalogue = catalog::loadCatalogFile(assetsDir() / "catalog" / "2026.json").value();
    domain::GroupDiscussion d =
        domain::newGroupDiscussion(*catalogue.findForm("group_discussion"), 2026, "principals_and_directors", "");
    d.serviceAreaId = "kasvatus_ja_opetus";
    d.recordedBy = "1005";
    d.participants = {"1005", "2004"};
    auto envelope = [&](const std::string& id, const domain::GroupDiscussion& content) {
        sync::RecordEnvelope e = submitted(sync::RecordKindWire::Group, id, "1005", helena.personKey, "{}");
        e.formId = "group_discussion";
        e.payload = crypto::sealToServer(server.keys().signing.publicKey, domain::toJson(content)).value();
        e.contentHash = crypto::contentHash(e.payload);
        const auto signature = crypto::sign(helena.personKey, crypto::asBytes(sync::signingTextOf(e)));
        e.authorSignature.assign(signature.begin(), signature.end());
        return e;
    };
    const auto refused = pushOne(envelope("g-area", d));
    CHECK(refused["status"] == "refused");
    CHECK(refused["code"] == "forbidden");
    CHECK(refused["message"].get<std::string>().find("leaders' web") != std::string::npos);
    CHECK_FALSE(server.storage().record("g-area").value().has_value());

    // Nor without the service area: the team's kind filed under the terminal's unit (as an
    // older kiosk recorded it) is refused the same, and nothing is stored.
    domain::GroupDiscussion underUnit = d;
    underUnit.serviceAreaId.clear();
    underUnit.unitId = "pk_tahtitaivas";
    const auto refusedToo = pushOne(envelope("g-under-unit", underUnit));
    CHECK(refusedToo["status"] == "refused");
    CHECK(refusedToo["code"] == "forbidden");
    CHECK(refusedToo["message"].get<std::string>().find("principals_and_directors") != std::string::npos);
    CHECK_FALSE(server.storage().record("g-under-unit").value().has_value());
    underUnit.groupKind = "service_area_management";
    CHECK(pushOne(envelope("g-management", underUnit))["code"] == "forbidden");

    // The unit's own team discussion is stored as before.
    domain::GroupDiscussion ofUnit = underUnit;
    ofUnit.groupKind = "team";
    CHECK(pushOne(envelope("g-unit", ofUnit))["status"] == "stored");
}

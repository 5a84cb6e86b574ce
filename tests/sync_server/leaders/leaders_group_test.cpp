// A cross-unit group discussion on the leaders' web (issue 13): the daycare director of
// Tähtitaivas (1005) records the principals' and directors' team's discussion with the principal
// of Kirkonkylän koulu (2004), both points of view, a sealed draft, a stale save refused with the
// text kept, submitted; the service-area director (3001) reads it (in the read log) and so does
// the other participant. Refused with a status and nothing of it: a colleague of the service area
// who is not in the group (3002), leaders of another service area (4003, 4002), a signed-out
// browser; by direct address and by forged POST. A participant from outside the group is refused;
// the text is never in the data folder in plaintext, nor filed under any unit.
#include "sync_server/leaders/leaders_fixture.h"

#include "api/sync_service.h"
#include "hr/training_plan.h"
#include "ops/subject_access.h"
#include "crypto/aead.h"
#include "domain/discussion.h"

#include <doctest/doctest.h>

#include <filesystem>

using namespace osm;
using test::Leaders;

namespace {

constexpr const char* kMarker = "RYHMAN-SALAISUUS-5T2W";
constexpr const char* kPriority = "Yhteinen+arviointikulttuuri";

std::string locationOf(const server::ApiResponse& r) {
    for (const auto& [name, value] : r.headers) {
        if (name == "Location") return value;
    }
    return {};
}

// Every theme answered under both points of view (the marker under the first theme's first).
std::string allThemes() {
    std::string body = "&a.current_competence.strengths=" + std::string(kMarker);
    for (const char* q : {"current_competence.strengths@2", "future_needs.needs", "future_needs.needs@2",
                          "worklife_skills.cooperation", "worklife_skills.cooperation@2"})
        body += std::string("&a.") + q + "=Keskusteltiin";
    return body + "&a.priorities.top_priorities=" + kPriority + "&a.priorities.top_priorities@2=Yhteiset+koulutukset";
}

std::vector<server::ServerRecord> groupRecordsOf(server::SyncStorage& storage, const std::string& staff) {
    auto owned = storage.recordsOwnedBy(staff);
    REQUIRE(owned.ok());
    std::vector<server::ServerRecord> out;
    for (server::ServerRecord& r : *owned) {
        if (r.kind == sync::RecordKindWire::Group) out.push_back(std::move(r));
    }
    return out;
}

}  // namespace

TEST_CASE_FIXTURE(Leaders,
                  "leaders of two units record a cross-unit group discussion; the service-area director reads it") {
    for (const char* leader : {"3002", "4002"})
        REQUIRE(server::setLeaderPassword(*storage, leader, test::kPassword).ok());
    auto helena = signedIn("1005");
    const auto home = helena.get("/leaders/");
    CHECK(home.body.find("/leaders/group/new?kind=principals_and_directors") != std::string::npos);
    CHECK(home.body.find("kind=service_area_management") == std::string::npos);  // not in the management group

    // The form: the team's members across units as participants, both points of view.
    const auto blank = helena.get("/leaders/group/new", {{"kind", "principals_and_directors"}});
    REQUIRE(blank.status == 200);
    CHECK(blank.body.find("name=\"p.1005\" value=\"1\" checked") != std::string::npos);
    CHECK(blank.body.find("name=\"p.2004\"") != std::string::npos);
    for (const char* outsider : {"p.3001", "p.3002", "p.1001", "p.4002"})
        CHECK(blank.body.find(outsider) == std::string::npos);
    CHECK(blank.body.find("Oman ryhmän näkökulma") != std::string::npos);
    CHECK(blank.body.find("Koko vastuualueen näkökulma") != std::string::npos);
    CHECK(blank.body.find("<label for=\"a.priorities.top_priorities@2\">") != std::string::npos);
    CHECK(blank.body.find("aria-describedby=\"a.priorities.top_priorities@2-help\"") != std::string::npos);
    const std::string csrf = test::LeaderBrowser::hidden(blank.body, "csrf");
    const std::string start = "csrf=" + csrf + "&version=0&kind=principals_and_directors&year=2026&p.1005=1&p.2004=1";

    // A participant from outside the group (staff of her unit, a leader of another area): nothing stored.
    for (const char* outsider : {"1001", "4002", "3002"}) {
        const auto forged = helena.post("/leaders/group/new", start + "&action=save&p." + outsider + "=1");
        CHECK(forged.status == 400);
    }
    CHECK(groupRecordsOf(*storage, "1005").empty());

    // A draft: sealed with the server's key, filed under no unit, hers alone.
    const auto saved =
        helena.post("/leaders/group/new", start + "&action=save&a.current_competence.strengths=" + kMarker);
    REQUIRE(saved.status == 303);
    const std::string address = locationOf(saved).substr(0, locationOf(saved).find('?'));
    REQUIRE(address.rfind("/leaders/group/w-", 0) == 0);
    auto draft = groupRecordsOf(*storage, "1005");
    REQUIRE(draft.size() == 1);
    CHECK(draft[0].state == sync::RecordStateWire::Draft);
    CHECK(draft[0].sealedByServer);
    CHECK(draft[0].unitId.empty());
    CHECK(helena.get(address, {{"saved", "1"}}).body.find(kMarker) != std::string::npos);
    auto kaisa = signedIn("2004");
    const auto notYet = kaisa.get(address);
    CHECK(notYet.status == 403);
    CHECK(notYet.body.find(kMarker) == std::string::npos);

    // A save from a stale page: 409, nothing stored, the text sent shown back.
    const std::string next = "csrf=" + csrf + "&p.1005=1&p.2004=1";
    const auto stale = helena.post(address, next + "&version=0&action=save&a.future_needs.needs=VANHA-SIVU");
    CHECK(stale.status == 409);
    CHECK(stale.body.find("VANHA-SIVU") != std::string::npos);
    CHECK(groupRecordsOf(*storage, "1005")[0].version == 1);
    // Submitted with a theme missing under the second point of view: kept as a draft, error beside it.
    const auto missing = helena.post(address, next + "&version=1&action=submit&a.current_competence.strengths=x");
    CHECK(missing.status == 400);
    CHECK(missing.body.find("id=\"theme.future_needs@2-error\"") != std::string::npos);
    CHECK(groupRecordsOf(*storage, "1005")[0].state == sync::RecordStateWire::Draft);
    const auto submitted = helena.post(address, next + "&version=2&action=submit" + allThemes());
    REQUIRE(submitted.status == 303);
    const server::ServerRecord record = groupRecordsOf(*storage, "1005")[0];
    CHECK(record.state == sync::RecordStateWire::Submitted);
    CHECK_FALSE(record.sealedByServer);
    const auto content =
        domain::groupDiscussionFromJson(
            crypto::open(keys->storage, {record.id, record.owner, record.version}, record.payload).value())
            .value();
    CHECK(content.serviceAreaId == "kasvatus_ja_opetus");
    CHECK(content.unitId.empty());
    CHECK(content.participants == std::vector<std::string>{"1005", "2004"});
    CHECK(content.answers.at("priorities.top_priorities@2") == "Yhteiset koulutukset");
    // Submitted is final: another save changes nothing.
    CHECK(helena.post(address, next + "&version=3&action=save").status == 403);

    // The service-area director reads it from his home page; the delivery is in the read log.
    auto pekka = signedIn("3001");
    CHECK(pekka.get("/leaders/").body.find(address) != std::string::npos);
    const auto read = pekka.get(address);
    CHECK(read.status == 200);
    CHECK(read.body.find(kMarker) != std::string::npos);
    CHECK(read.body.find("Kaisa Lehtonen") != std::string::npos);
    CHECK(read.body.find("Yhteiset koulutukset") != std::string::npos);
    const auto reads = storage->readsAbout("1005").value();
    CHECK(std::any_of(reads.begin(), reads.end(), [&](const server::ReadSummary& r) {
        return r.recordId == record.id && r.reader == "3001" && r.channel == "web";
    }));
    // The other participant reads it too.
    CHECK(kaisa.get("/leaders/").body.find(address) != std::string::npos);
    CHECK(kaisa.get(address).body.find(kMarker) != std::string::npos);

    // Refused, with nothing of it: a colleague not in the group, leaders of another service area.
    for (const char* other : {"3002", "4003", "4002"}) {
        INFO(other);
        auto browser = signedIn(other);
        CHECK(browser.get("/leaders/").body.find(address) == std::string::npos);
        const auto direct = browser.get(address);
        CHECK(direct.status == 403);
        CHECK(direct.body.find(kMarker) == std::string::npos);
        CHECK(direct.body.find("Kaisa") == std::string::npos);
        const std::string theirs = "csrf=" + browser.csrf() + "&version=3&action=save&p.1005=1";
        const auto forged = browser.post(address, theirs);
        CHECK(forged.status == 403);
        CHECK(forged.body.find(kMarker) == std::string::npos);
        CHECK(browser.post("/leaders/group/new", theirs + "&kind=principals_and_directors&year=2026").status == 403);
        CHECK(browser.get("/leaders/group/new", {{"kind", "principals_and_directors"}}).status == 403);
    }
    // A signed-out browser: sent to sign in, or refused.
    test::LeaderBrowser nobody(*web);
    const auto out = nobody.get(address);
    CHECK(out.status == 303);
    CHECK(out.body.find(kMarker) == std::string::npos);
    CHECK(nobody.post(address, "csrf=x&version=3&action=save").status == 403);
    // Her own session, from another site or without the page's token: refused, nothing changed.
    CHECK(helena.post("/leaders/group/new", start + "&action=save", {{"Sec-Fetch-Site", "cross-site"}}).status == 403);
    CHECK(helena.post("/leaders/group/new", "version=0&kind=principals_and_directors&year=2026&p.1005=1&p.2004=1")
              .status == 403);
    CHECK(groupRecordsOf(*storage, "1005").size() == 1);

    // Filed under no unit: never among a unit's group discussions (its summary, its terminals' pulls).
    for (const char* unit : {"pk_tahtitaivas", "kirkonkylan_koulu"}) {
        const auto ofUnit = storage->submittedGroupOfUnit(unit).value();
        CHECK(std::none_of(ofUnit.begin(), ofUnit.end(),
                           [&](const server::ServerRecord& r) { return r.id == record.id; }));
    }
    std::string stored;  // the database and its WAL, as bytes
    for (const auto& file : std::filesystem::directory_iterator(paths.dataDir)) stored += test::readFile(file.path());
    CHECK(stored.find(kMarker) == std::string::npos);

    // Kaisa's subject-access export says she took part (the facts, not the words); Marketta's does not.
    const auto kaisaData =
        server::subjectAccessExport(*storage, *keys, test::assetsDir(), {"2004", catalog::Lang::Fi, now}).value();
    CHECK(kaisaData.find(record.id) != std::string::npos);
    CHECK(kaisaData.find(kMarker) == std::string::npos);
    const auto markettaData =
        server::subjectAccessExport(*storage, *keys, test::assetsDir(), {"3002", catalog::Lang::Fi, now}).value();
    CHECK(markettaData.find(record.id) == std::string::npos);

    // Its development priorities are the service area's input to its training plan, of no unit.
    const auto needs = server::unitTrainingNeeds(*storage, *keys, 2026).value();
    const auto priority = std::find_if(needs.begin(), needs.end(), [](const server::UnitTrainingNeeds& n) {
        return n.text == "Yhteinen arviointikulttuuri";
    });
    REQUIRE(priority != needs.end());
    CHECK(priority->unitId.empty());
    CHECK(priority->serviceAreaId == "kasvatus_ja_opetus");
    CHECK(std::any_of(needs.begin(), needs.end(),
                      [](const server::UnitTrainingNeeds& n) { return n.text == "Yhteiset koulutukset"; }));
    const domain::Organisation org{storage->serviceAreas().value(), storage->units().value(), {}};
    const catalog::Catalog catalogue = catalog::loadCatalogFile(test::assetsDir() / "catalog" / "2026.json").value();
    const auto plan = server::compiledNeeds("kasvatus_ja_opetus", org, catalogue, {}, needs);
    CHECK(std::any_of(plan.begin(), plan.end(), [](const server::PlanNeed& n) {
        return n.text.find("Yhteinen arviointikulttuuri") != std::string::npos && n.unitIds.empty();
    }));
    const auto otherPlan = server::compiledNeeds("hyvinvointipalvelut", org, catalogue, {}, needs);
    CHECK(std::none_of(otherPlan.begin(), otherPlan.end(), [](const server::PlanNeed& n) {
        return n.text.find("Yhteinen arviointikulttuuri") != std::string::npos;
    }));
}

TEST_CASE_FIXTURE(Leaders, "the server's rules for a cross-unit group discussion, for the web and for a terminal") {
    server::SyncService rules(*storage, *keys, server::ServiceOptions{[this] { return now; }});
    const auto helena = storage->person("1005").value().value();
    const auto marketta = storage->person("3002").value().value();
    const catalog::Catalog catalogue = catalog::loadCatalogFile(test::assetsDir() / "catalog" / "2026.json").value();
    domain::GroupDiscussion d =
        domain::newGroupDiscussion(*catalogue.findForm("group_discussion"), 2026, "principals_and_directors", "");
    d.serviceAreaId = "kasvatus_ja_opetus";
    d.recordedBy = "1005";
    d.participants = {"1005", "2004"};
    const sync::RecordEnvelope e{"w-test", sync::RecordKindWire::Group,
                                 "1005",   "group_discussion",
                                 2026,     1,
                                 0,        sync::RecordStateWire::Submitted,
                                 {},       {},
                                 {},       {}};
    CHECK_FALSE(rules.writtenOnServerRefusal(e, helena, domain::toJson(d)).has_value());
    // Someone of another unit among the participants, or one not in the group.
    for (const char* outsider : {"1001", "3002", "4002"}) {
        domain::GroupDiscussion other = d;
        other.participants.push_back(outsider);
        const auto refusal = rules.writtenOnServerRefusal(e, helena, domain::toJson(other));
        REQUIRE(refusal.has_value());
        CHECK(refusal->first == sync::Refusal::Forbidden);
    }
    // Recorded by someone not in the group, or in another's name.
    sync::RecordEnvelope byMarketta = e;
    byMarketta.owner = "3002";
    domain::GroupDiscussion hers = d;
    hers.recordedBy = "3002";
    CHECK(rules.writtenOnServerRefusal(byMarketta, marketta, domain::toJson(hers)).has_value());
    CHECK(rules.writtenOnServerRefusal(byMarketta, marketta, domain::toJson(d)).has_value());
    // The web writes no unit's group discussion, and a unit's kind names no service area.
    domain::GroupDiscussion ofUnit = d;
    ofUnit.serviceAreaId.clear();
    ofUnit.unitId = "pk_tahtitaivas";
    CHECK(rules.writtenOnServerRefusal(e, helena, domain::toJson(ofUnit)).has_value());
    domain::GroupDiscussion team = d;
    team.groupKind = "team";
    CHECK(rules.writtenOnServerRefusal(e, helena, domain::toJson(team)).has_value());
}

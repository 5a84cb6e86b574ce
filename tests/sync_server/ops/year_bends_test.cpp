// A year that bends (issue 15), end to end on the real server with kiosks of the real client
// code: a late pre-form is started, sent and counted late for HR; a roster import's leaver
// disappears from every kiosk of the unit at its next sync (its files scanned), after the
// server holds all of it; a transfer's records follow her, read by the manager of each year.
#include "sync_server/hr/hr_texts.h"
#include "sync_server/sync_harness.h"

#include "domain/discussion.h"
#include "hr/hr_reports.h"
#include "ops/retention.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

using namespace osm;
using namespace osm::test;

namespace {

// The organisation as the roster CSV HR imports (roles separated by |).
std::string rosterCsv(const domain::Organisation& org) {
    std::string csv = "staff_number,name,title,unit,unit_name,service_area,service_area_name,sector,roles,manager\n";
    for (const domain::Person& p : org.people) {
        std::string roles;
        for (domain::Role role : p.roles) roles += (roles.empty() ? "" : "|") + std::string(domain::roleName(role));
        const domain::Unit* unit = org.findUnit(p.unitId);
        csv += p.staffNumber + "," + p.name + "," + p.title + "," + p.unitId + "," + (unit ? unit->name : "") + "," +
               p.serviceAreaId + ",," + p.sector + "," + roles + "," + p.managerStaffNumber + "\n";
    }
    return csv;
}

// Every file of a kiosk's folder (store, write-ahead log, keys), as bytes.
std::string filesOf(const TempDir& dir) {
    std::string all;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
        if (entry.is_regular_file()) all += readFile(entry.path());
    }
    return all;
}

struct Unit {
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness a{http};
    KioskHarness b{http};

    Unit() {
        REQUIRE(server::publishCatalogFile(server.storage(), assetsDir() / "catalog" / "2026.json").ok());
        for (const auto& [who, pin] :
             {std::pair{"1001", "482915"}, {"1002", "735104"}, {"1005", "318406"}, {"2004", "620947"}}) {
            server.setPin(who, pin);
        }
        REQUIRE(a.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
        REQUIRE(b.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
        REQUIRE(a.sync().reachable);
        REQUIRE(b.sync().reachable);
    }

    // The person's pre-form of the year at `kiosk`, every answer filled, left as a draft or sent.
    void preForm(KioskHarness& kiosk, const std::string& who, const std::string& pin, const std::string& text,
                 bool send) {
        REQUIRE(kiosk.login(who, pin));
        const auto cards = kiosk.app->dueCards();
        REQUIRE_FALSE(cards.empty());
        kiosk.app->editing().openCard(cards.front());
        auto& e = kiosk.app->editor();
        e.development.answers["past_year.review"] = text;
        for (domain::CompetenceRating& r : e.development.ratings) r.value = 4;
        e.development.goals.push_back({"Tavoite " + text, "", {"mentoring"}});
        kiosk.app->editing().markEdited();
        if (send) kiosk.app->editing().submitRecord();
        kiosk.app->settle();
        kiosk.app->logout();
        kiosk.app->settle();
    }

    std::vector<std::string> recordIdsOf(KioskHarness& kiosk, const std::string& owner) {
        std::vector<std::string> ids;
        auto records = kiosk.store().recordsOf(owner);
        REQUIRE(records.ok());
        for (const kiosk::StoredRecord& r : *records) ids.push_back(r.id);
        return ids;
    }
};

}  // namespace

TEST_CASE_FIXTURE(Unit, "a pre-form not started by the end of its window is late in April, sent, and counted late") {
    a.clock.setDate({2026, 4, 15});
    REQUIRE(a.login("1001", "482915"));
    const auto cards = a.app->dueCards();
    REQUIRE_FALSE(cards.empty());
    CHECK(cards.front().late);
    a.app->logout();
    a.app->settle();
    preForm(a, "1001", "482915", "MYÖHÄSSÄ-MUTTA-TEHTY", true);
    REQUIRE(a.sync().stored == 1);
    // The server received it after the window had ended (its own clock, past March 2026).
    auto hr = server::loadHrData(server.storage(), server.keys(), assetsDir(), 2026);
    REQUIRE(hr.ok());
    const auto rows = server::completion(hr->organisation, hr->catalog, 2026, hr->submitted, hr->progress);
    const auto daycare = std::find_if(rows.begin(), rows.end(),
                                      [](const server::CompletionRow& r) { return r.unitId == "pk_tahtitaivas"; });
    REQUIRE(daycare != rows.end());
    CHECK(daycare->submitted == 1);
    CHECK(daycare->late == 1);
    CHECK(server::completionCsv(test::finnishHrText(), rows).find(";Myöhässä\r\n") != std::string::npos);
}

TEST_CASE_FIXTURE(Unit, "a leaver leaves every kiosk of the unit once the server holds all of it; a transfer follows") {
    // Mikko sends his pre-form at A, and writes a draft at B that B has not sent yet.
    preForm(a, "1002", "735104", "MIKON-ENNAKKO-3141", true);
    REQUIRE(a.sync().stored == 1);
    preForm(b, "1002", "735104", "MIKON-LUONNOS-2718", false);
    const auto mikkoAtB = recordIdsOf(b, "1002");
    REQUIRE(mikkoAtB.size() == 1);
    // Aino sends hers at A, and Helena records their discussion there.
    preForm(a, "1001", "482915", "AINON-ENNAKKO-1618", true);
    REQUIRE(a.sync().stored == 1);
    REQUIRE(a.login("1005", "318406"));
    a.pullFor("1005");
    a.app->openAgreement("1001");
    a.app->editor().development.answers["past_year.review"] = "HELENAN-MUISTIO-5050";
    for (domain::CompetenceRating& r : a.app->editor().development.ratings) r.value = 3;
    a.app->editing().markEdited();
    a.app->editing().submitRecord();
    a.app->settle();
    a.app->logout();
    a.app->settle();
    REQUIRE(a.sync().stored == 1);
    const auto mikkoAtA = recordIdsOf(a, "1002");
    const auto ainoAtA = recordIdsOf(a, "1001");
    REQUIRE(mikkoAtA.size() == 1);
    REQUIRE(ainoAtA.size() == 1);

    // HR's roster: Mikko has left; Aino moves to the school, under its principal.
    domain::Organisation org = *domain::loadOrganisationFile(assetsDir() / "demo" / "organisation.json");
    std::erase_if(org.people, [](const domain::Person& p) { return p.staffNumber == "1002"; });
    for (domain::Person& p : org.people) {
        if (p.staffNumber != "1001") continue;
        p.unitId = "kirkonkylan_koulu";
        p.sector = "teaching";
        p.managerStaffNumber = "2004";
    }
    const server::ImportReport imported = server::importRosterCsv(server.storage(), rosterCsv(org), false);
    REQUIRE_MESSAGE(imported.problems.empty(), (imported.problems.empty() ? "" : imported.problems.front()));
    CHECK(imported.applied);
    CHECK(imported.leavers.size() == 1);
    CHECK(imported.transfers.size() == 1);

    // At the next sync each kiosk of the daycare removes both, and erases what the server holds.
    const kiosk::SyncReport atA = a.sync();
    CHECK(atA.departed == 2);
    CHECK(atA.erased == 2);
    const kiosk::SyncReport atB = b.sync();
    CHECK(atB.departed == 2);
    CHECK(atB.stored == 1);  // Mikko's draft first reached the server...
    CHECK(atB.erased == 1);  // ...and only then left B
    REQUIRE(server.storage().record(mikkoAtB.front()).ok());
    CHECK(server.storage().record(mikkoAtB.front())->has_value());
    for (KioskHarness* kiosk : {&a, &b}) {
        CHECK_FALSE(kiosk->store().person("1002")->has_value());
        CHECK_FALSE(kiosk->store().person("1001")->has_value());
        CHECK(recordIdsOf(*kiosk, "1002").empty());
        CHECK(recordIdsOf(*kiosk, "1001").empty());
        const std::string files = filesOf(kiosk->dir);
        for (const std::string& id : {mikkoAtA.front(), mikkoAtB.front(), ainoAtA.front()})
            CHECK_MESSAGE(files.find(id) == std::string::npos, id);
        CHECK(files.find("Mikko Korhonen") == std::string::npos);
        CHECK(files.find("Aino Virtanen") == std::string::npos);
        CHECK(kiosk->store().person("1005")->has_value());  // the rest of the unit stays
    }
    CHECK_FALSE(a.login("1002", "735104"));

    // Aino at the school's kiosk: her agreement follows her; the principal does not read the
    // year Helena held, and Helena still does.
    KioskHarness school{http};
    REQUIRE(school.enrol(server.url(), server.enrolmentCode("kirkonkylan_koulu")).ok());
    REQUIRE(school.sync().reachable);
    REQUIRE(school.login("1001", "482915"));
    school.pullFor("1001");
    const kiosk::TeamRecord* mine = school.app->agreementForMe();
    REQUIRE(mine != nullptr);
    CHECK(mine->development.answers.at("past_year.review") == "HELENAN-MUISTIO-5050");
    school.app->logout();
    school.app->settle();
    REQUIRE(school.login("2004", "620947"));
    school.pullFor("2004");
    CHECK(school.app->teamRecordOf("1001", kiosk::RecordKind::Development) == nullptr);
    school.app->logout();
    school.app->settle();
    REQUIRE(a.login("1005", "318406"));
    a.pullFor("1005");
    const kiosk::TeamRecord* held = a.app->teamRecordOf("1001", kiosk::RecordKind::Development);
    REQUIRE(held != nullptr);
    CHECK(held->development.answers.at("past_year.review") == "AINON-ENNAKKO-1618");
}

namespace {

// The network up to the server, but every roster pull lost on the way (a proxy that times out on
// it, a connection cut after the push).
class NoRosterPull final : public kiosk::SyncTransport {
public:
    explicit NoRosterPull(kiosk::SyncTransport& inner) : m_inner(inner) {}
    Result<kiosk::HttpReply> post(const std::string& baseUrl, const std::string& path,
                                  const kiosk::HttpHeaders& headers, const std::string& body) override {
        if (cut && path.ends_with("/pull")) return makeError(ErrorCode::Io, "connection reset");
        return m_inner.post(baseUrl, path, headers, body);
    }
    bool cut = true;

private:
    kiosk::SyncTransport& m_inner;
};

}  // namespace

TEST_CASE_FIXTURE(Unit, "a terminal whose push works and roster pull fails erases nobody's drafts") {
    // A terminal new to the unit: enrolled, drafts queued, no roster yet. Its first push reaches
    // the server, its pull does not: nobody is on its roster, and nobody has left.
    const crypto::UserKeys aino = server.setPin("1001", "482915");
    NoRosterPull lossy{http};
    KioskHarness fresh{lossy};
    REQUIRE(fresh.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
    REQUIRE(fresh.store().saveRecord(signedTestDraft("r-uusi-paate", aino.personKey, 300, unixNow())).ok());

    const kiosk::SyncReport first = fresh.sync();
    CHECK(first.stored == 1);
    CHECK(first.erased == 0);
    CHECK_FALSE(fresh.store().person("1001")->has_value());
    CHECK(fresh.store().record("r-uusi-paate")->has_value());

    // The network heals: the roster arrives and the draft is still Aino's to open here.
    lossy.cut = false;
    const kiosk::SyncReport healed = fresh.sync();
    CHECK(healed.erased == 0);
    CHECK(fresh.store().person("1001")->has_value());
    CHECK(fresh.store().record("r-uusi-paate")->has_value());
}

TEST_CASE_FIXTURE(Unit,
                  "retention deletes a released old year on the server and on the kiosks, and no push brings it back") {
    // A draft of 2020 on the server, and one on kiosk A; this year's pre-form stays.
    server::ServerRecord old;
    old.id = "r-vuosi-2020";
    old.owner = "1001";
    old.unitId = "pk_tahtitaivas";
    old.formId = "development_discussion_staff";
    old.year = 2020;
    old.version = 1;
    old.contentHash = "h";
    old.payload = {1, 2, 3};
    std::uint64_t serverVersion = 0;
    REQUIRE(server.storage().putRecord(old, 0, serverVersion).ok());
    kiosk::StoredRecord local;
    local.id = "r-paikallinen-2020";
    local.owner = "1001";
    local.formId = "development_discussion_staff";
    local.year = 2020;
    local.version = 1;
    local.sealed = {4, 5, 6};
    REQUIRE(a.store().saveRecord(local).ok());
    preForm(a, "1001", "482915", "TÄMÄN-VUODEN-ENNAKKO", true);
    REQUIRE(a.sync().stored == 1);

    // Too short a period, and a year HR has not released, are refused; nothing changes.
    CHECK(server::applyRetention(server.storage(), 3, 2026, false).error().code == ErrorCode::InvalidInput);
    auto refused = server::applyRetention(server.storage(), std::nullopt, 2026, false);
    REQUIRE(refused.ok());
    CHECK(refused->keepYears == 5);
    CHECK(refused->keptFrom == 2022);
    CHECK(refused->unreleased == std::vector<int>{2020});
    CHECK_FALSE(refused->applied);
    CHECK(server.storage().record(old.id)->has_value());

    server::ReleaseRow release{2020, 1, 100, "hr", 1.0, 2.0, "{}", "{}"};
    REQUIRE(*server.storage().appendRelease(release) == server::ReleaseAppend::Stored);
    auto done = server::applyRetention(server.storage(), std::nullopt, 2026, false);
    REQUIRE(done.ok());
    CHECK(done->applied);
    CHECK(done->deleted == 1);
    CHECK_FALSE(server.storage().record(old.id)->has_value());
    CHECK(server.versionsOf(old.id) == 0);
    CHECK(server.storage().releases(2020)->size() == 1);  // HR's figures of the year stay

    const kiosk::SyncReport synced = a.sync();
    CHECK(synced.purged == 1);
    CHECK_FALSE(a.store().record(local.id)->has_value());
    CHECK(a.store().recordsOf("1001")->size() == 1);  // this year's
    CHECK(filesOf(a.dir).find(local.id) == std::string::npos);
    // A kiosk that still has a signed record of a purged year cannot push it back.
    REQUIRE(b.login("1001", "482915"));
    kiosk::StoredRecord stale = local;
    stale.id = "r-myohastynyt-2020";
    stale.payloadHash = crypto::contentHash(stale.sealed);
    const auto signature =
        crypto::sign(*b.app->session()->personKey, crypto::asBytes(kiosk::recordSigningTextOf(stale)));
    stale.authorSignature.assign(signature.begin(), signature.end());
    b.app->logout();
    b.app->settle();
    REQUIRE(b.store().saveRecord(stale).ok());
    const kiosk::SyncReport atB = b.sync();
    CHECK(atB.refused == 1);
    CHECK(atB.purged == 1);
    CHECK_FALSE(server.storage().record(stale.id)->has_value());
    CHECK_FALSE(b.store().record(stale.id)->has_value());
}

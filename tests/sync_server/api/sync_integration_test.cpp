// The sync protocol end to end: the real server on loopback and kiosks made of the real client
// code. Offline edits, retries, a lost answer, a draft continued elsewhere, a conflict kept,
// PINs set at a terminal, submissions shared by role, and every refusal with its code.
#include "sync_server/hr/hr_texts.h"
#include "sync_server/sync_harness.h"

#include "crypto/kdf.h"
#include "storage/database.h"
#include "sync/messages.h"
#include "hr/hr_reports.h"
#include "sync_worker.h"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace osm;
using namespace osm::test;
using nlohmann::json;

namespace {

// A transport that delivers the request but loses the answer, as a dropped connection would.
class LosingTransport final : public kiosk::SyncTransport {
public:
    explicit LosingTransport(kiosk::SyncTransport& inner) : m_inner(inner) {}
    bool loseNext = false;
    Result<kiosk::HttpReply> post(const std::string& url, const std::string& path, const kiosk::HttpHeaders& headers,
                                  const std::string& body) override {
        auto reply = m_inner.post(url, path, headers, body);
        if (loseNext && path.find("/push") != std::string::npos) {
            loseNext = false;
            return makeError(ErrorCode::Io, "connection reset");
        }
        return reply;
    }

private:
    kiosk::SyncTransport& m_inner;
};

struct Fixture {
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness a{http};
    KioskHarness b{http};

    Fixture() {
        server.setPin("1001", "482915");
        server.setPin("1002", "735104");
        server.setPin("1005", "318406");
        REQUIRE(a.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
        REQUIRE(b.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
        REQUIRE(a.sync().reachable);
        REQUIRE(b.sync().reachable);
    }
};

// The TCP connections of this machine with one end on `port`, from /proc/net/tcp: how many
// are established, and how many ended with the kiosk's side or the server's side closing first
// (the side that closes first waits in TIME_WAIT).
struct Connections {
    int established = 0;
    int closedByClient = 0;
    int closedByServer = 0;
};

Connections connectionsOnPort(int port) {
    Connections c;
    std::ifstream tcp("/proc/net/tcp");
    std::string line;
    std::getline(tcp, line);  // the heading
    while (std::getline(tcp, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        fields >> slot >> local >> remote >> state;
        const int localPort = std::stoi(local.substr(local.find(':') + 1), nullptr, 16);
        const int remotePort = std::stoi(remote.substr(remote.find(':') + 1), nullptr, 16);
        if (localPort != port && remotePort != port) continue;
        if (state == "01" && localPort == port) ++c.established;  // the server's end of one
        if (state == "06" && remotePort == port) ++c.closedByClient;
        if (state == "06" && localPort == port) ++c.closedByServer;
    }
    return c;
}

int portOf(const std::string& url) { return std::stoi(url.substr(url.rfind(':') + 1)); }

// Waits until no connection to the port is established (the server's keep-alive would end one
// after 1 s, so this alone does not tell who closed it; TIME_WAIT does).
Connections settledConnections(int port) {
    for (int i = 0; i < 100 && connectionsOnPort(port).established != 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return connectionsOnPort(port);
}

std::string onlyRecordId(KioskHarness& k, const std::string& owner) {
    auto records = k.store().recordsOf(owner);
    REQUIRE(records.ok());
    REQUIRE(records->size() >= 1);
    return records->front().id;
}

}  // namespace

TEST_CASE_FIXTURE(Fixture, "enrolment gives the terminal its unit's roster; a code works once") {
    auto people = a.store().people();
    REQUIRE(people.ok());
    CHECK(people->size() == 5);  // Päiväkoti Tähtitaivas
    CHECK(a.app->unitName() == "Päiväkoti Tähtitaivas");
    CHECK(a.app->serverStatusKey() == "server.ok");

    const std::string code = server.enrolmentCode("kirkonkylan_koulu");
    KioskHarness c{http};
    REQUIRE(c.enrol(server.url(), code).ok());
    KioskHarness d{http};
    auto again = d.enrol(server.url(), code);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message.find("invalid_code") != std::string::npos);
    auto expired = d.enrol(server.url(), server.enrolmentCode("kirkonkylan_koulu", -1));
    REQUIRE_FALSE(expired.ok());
    CHECK(expired.error().message.find("expired_code") != std::string::npos);
    c.sync();
    CHECK(c.store().people()->size() == 4);  // the school's people only
}

TEST_CASE_FIXTURE(Fixture, "a published catalogue reaches the terminals once") {
    REQUIRE(server::publishCatalogFile(server.storage(), assetsDir() / "catalog" / "2026.json").ok());
    CHECK(a.sync().catalogsUpdated == 1);
    CHECK(a.sync().catalogsUpdated == 0);  // already there, same hash
    auto stored = a.store().setting("catalog.2026");
    REQUIRE(stored.ok());
    auto parsed = catalog::parseCatalog(*stored, "stored");
    REQUIRE(parsed.ok());
    CHECK(parsed->competences.size() == 13);
}

TEST_CASE_FIXTURE(Fixture, "offline edits are queued and reach the server when it is back") {
    REQUIRE(a.login("1001", "482915"));
    server.stop();
    a.app->editing().openCard(a.app->dueCards().front());
    a.type("past_year.review", "kirjoitettu ilman verkkoa");
    const kiosk::SyncReport offline = a.sync();
    CHECK_FALSE(offline.reachable);
    CHECK(a.app->serverStatusKey() == "server.unreachable");
    CHECK(a.store().unsynced(10)->size() == 1);

    server.start();
    const kiosk::SyncReport online = a.sync();
    CHECK(online.reachable);
    CHECK(online.stored == 1);
    CHECK(a.store().unsynced(10)->empty());
    const std::string id = onlyRecordId(a, "1001");
    auto stored = server.storage().record(id);
    REQUIRE((stored.ok() && stored->has_value()));
    CHECK((*stored)->owner == "1001");
    CHECK(a.app->dueCards().front().record->onServer);
}

TEST_CASE_FIXTURE(Fixture, "the same push twice, and a push whose answer was lost, change nothing") {
    LosingTransport losing(http);
    KioskHarness k{losing};
    REQUIRE(k.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
    k.sync();
    REQUIRE(k.login("1002", "735104"));
    k.app->editing().openCard(k.app->dueCards().front());
    k.type("wellbeing.coping", "hyvin");
    losing.loseNext = true;
    const kiosk::SyncReport lost = k.sync();
    CHECK_FALSE(lost.reachable);
    CHECK(k.store().unsynced(10)->size() == 1);  // not acknowledged: still queued
    const std::string id = onlyRecordId(k, "1002");
    CHECK(server.versionsOf(id) == 1);  // but the server has it

    const kiosk::SyncReport retry = k.sync();
    CHECK(retry.unchanged == 1);
    CHECK(retry.stored == 0);
    CHECK(k.store().unsynced(10)->empty());
    CHECK(server.versionsOf(id) == 1);

    // Forcing the same batch out once more still changes nothing.
    {
        auto db = storage::Database::open((k.dir.path() / "kiosk.db").string());
        REQUIRE(db->exec("UPDATE record SET synced_version = 0").ok());
    }
    CHECK(k.sync().unchanged == 1);
    CHECK(server.versionsOf(id) == 1);
    CHECK(server.storage().isIntact());
}

TEST_CASE_FIXTURE(Fixture, "a draft continues on a second terminal") {
    REQUIRE(a.login("1001", "482915"));
    a.app->editing().openCard(a.app->dueCards().front());
    a.type("past_year.review", "aloitettu laitteella A");
    a.app->logout();
    a.sync();

    REQUIRE(b.login("1001", "482915"));
    CHECK(b.app->dueCards().front().record == nullptr);  // not here yet
    const kiosk::SyncReport pulled = b.pullFor("1001");
    CHECK(pulled.receivedRecords == 1);
    const auto cards = b.app->dueCards();
    REQUIRE(cards.front().record != nullptr);
    b.app->editing().openCard(cards.front());
    CHECK(b.app->editor().development.answers["past_year.review"] == "aloitettu laitteella A");
    b.type("past_year.review", "aloitettu laitteella A, jatkettu B:llä");
    CHECK(b.sync().stored == 1);
    const std::string id = onlyRecordId(b, "1001");
    CHECK((*server.storage().record(id))->version == b.store().record(id)->value().version);

    // A sees B's continuation at its next login.
    REQUIRE(a.login("1001", "482915"));
    CHECK(a.pullFor("1001").receivedRecords == 1);
    a.app->editing().openCard(a.app->dueCards().front());
    CHECK(a.app->editor().development.answers["past_year.review"] == "aloitettu laitteella A, jatkettu B:llä");
}

TEST_CASE_FIXTURE(Fixture, "a change based on an old version is kept as a conflict, never overwritten") {
    REQUIRE(a.login("1001", "482915"));
    a.app->editing().openCard(a.app->dueCards().front());
    a.type("past_year.review", "yhteinen alku");
    a.app->logout();
    a.sync();
    REQUIRE(b.login("1001", "482915"));
    b.pullFor("1001");
    b.app->logout();

    // Both terminals edit the same version, offline from each other.
    REQUIRE(a.login("1001", "482915"));
    a.app->editing().openCard(a.app->dueCards().front());
    a.type("past_year.review", "A:n muutos");
    a.app->logout();
    REQUIRE(b.login("1001", "482915"));
    b.app->editing().openCard(b.app->dueCards().front());
    b.type("past_year.review", "B:n muutos");
    b.app->logout();

    CHECK(a.sync().stored == 1);
    const kiosk::SyncReport second = b.sync();
    CHECK(second.conflicts == 1);
    const std::string id = onlyRecordId(a, "1001");
    CHECK(*server.storage().conflictCount(id) == 1);
    CHECK(b.store().record(id)->value().conflict);
    // The server still holds A's version; B's is kept beside it, and B's own copy is untouched.
    CHECK((*server.storage().record(id))->contentHash == a.store().record(id)->value().payloadHash);

    // At Aino's next login on B, the server's version arrives and both are shown side by side.
    REQUIRE(b.login("1001", "482915"));
    CHECK(b.pullFor("1001").receivedRecords == 1);
    const auto cards = b.app->dueCards();
    REQUIRE(cards.front().record != nullptr);
    CHECK(cards.front().record->conflict);
    b.app->editing().openCard(cards.front());
    REQUIRE(b.app->screen() == kiosk::Screen::Conflict);
    const kiosk::RecordView* record = b.app->editorRecord();
    REQUIRE(record != nullptr);
    REQUIRE(record->theirs != nullptr);
    CHECK(record->development.answers.at("past_year.review") == "B:n muutos");
    CHECK(record->theirs->development.answers.at("past_year.review") == "A:n muutos");

    SUBCASE("keeping this terminal's version makes it the server's") {
        b.app->editing().resolveConflict(true);
        b.app->settle();
        CHECK(b.app->screen() == kiosk::Screen::Home);
        CHECK(b.sync().stored == 1);
        CHECK((*server.storage().record(id))->contentHash == b.store().record(id)->value().payloadHash);
        b.app->editing().openCard(b.app->dueCards().front());
        CHECK(b.app->editor().development.answers["past_year.review"] == "B:n muutos");
    }
    SUBCASE("taking the other version replaces this one") {
        b.app->editing().resolveConflict(false);
        b.app->settle();
        CHECK(b.sync().stored == 0);
        CHECK(b.store().unsynced(10)->empty());
        b.app->editing().openCard(b.app->dueCards().front());
        CHECK(b.app->screen() == kiosk::Screen::DevelopmentForm);
        CHECK(b.app->editor().development.answers["past_year.review"] == "A:n muutos");
    }
}

TEST_CASE_FIXTURE(Fixture, "a PIN set with a one-time code at one terminal works at the other") {
    auto code = server::createPinSetupCode(server.storage(), "1003");
    REQUIRE(code.ok());
    a.sync();
    a.app->start().staffNumber = "1003";
    a.app->submitStaffNumber();
    a.app->settle();
    REQUIRE(a.app->screen() == kiosk::Screen::FirstUse);
    a.app->firstUse().code = *code;
    a.app->firstUse().newPin = "580213";
    a.app->firstUse().confirmPin = "580213";
    a.app->submitFirstUse();
    a.app->settle();
    REQUIRE(a.app->screen() == kiosk::Screen::Home);
    a.app->logout();
    CHECK(a.sync().pinsSent == 1);
    CHECK_FALSE((*server.storage().person("1003"))->pin.empty());

    b.sync();
    CHECK(b.login("1003", "580213"));
}

TEST_CASE_FIXTURE(Fixture, "a submitted form is encrypted at rest and readable by the manager, not by colleagues") {
    REQUIRE(a.login("1001", "482915"));
    a.app->editing().openCard(a.app->dueCards().front());
    auto& e = a.app->editor();
    e.development.answers["past_year.review"] = "ESIMIEHELLE-NÄKYVÄ-7781";
    for (domain::CompetenceRating& r : e.development.ratings) r.value = 3;
    e.development.goals.push_back({"Tavoite", "", {"mentoring"}});
    a.app->editing().markEdited();
    a.app->editing().submitRecord();
    a.app->settle();
    REQUIRE(a.app->screen() == kiosk::Screen::Home);
    a.app->logout();
    CHECK(a.sync().stored == 1);
    CHECK(a.store().recordsOf("1001")->front().state == kiosk::RecordState::Received);

    // Not in the server's files in plaintext.
    std::string files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(server.dir.path())) {
        if (entry.is_regular_file()) files += readFile(entry.path());
    }
    CHECK(files.find("ESIMIEHELLE-NÄKYVÄ-7781") == std::string::npos);

    // HR sees it only as counts and suppressed aggregates (one answer is below the minimum).
    auto hr = server::loadHrData(server.storage(), server.keys(), assetsDir(), 2026);
    REQUIRE(hr.ok());
    CHECK(hr->submitted.size() == 1);
    const auto rows = server::completion(hr->organisation, hr->catalog, 2026, hr->submitted);
    const auto daycare = std::find_if(rows.begin(), rows.end(),
                                      [](const server::CompletionRow& r) { return r.unitId == "pk_tahtitaivas"; });
    REQUIRE(daycare != rows.end());
    CHECK(daycare->submitted == 1);
    const auto groups = server::aggregates(hr->organisation, hr->catalog, hr->submitted, {5});
    REQUIRE_FALSE(groups.empty());
    CHECK(groups.front().suppressed);
    CHECK(server::aggregatesCsv(test::finnishHrText(), groups, hr->catalog).find("ESIMIEHELLE") == std::string::npos);

    // The manager (1005) gets it; a colleague (1002) does not.
    REQUIRE(b.login("1005", "318406"));
    // At the kiosk: the director sees Aino's submitted pre-form, read-only, in memory only.
    b.pullFor("1005");
    const auto reports = b.app->directReports();
    CHECK(reports.size() == 4);
    REQUIRE(b.app->teamRecordOf("1001", kiosk::RecordKind::Development) != nullptr);
    CHECK(b.app->teamRecordOf("1002", kiosk::RecordKind::Development) == nullptr);
    b.app->openTeamRecord("1001", kiosk::RecordKind::Development);
    CHECK(b.app->screen() == kiosk::Screen::TeamRecord);
    CHECK(b.app->openTeamRecord()->development.answers.at("past_year.review") == "ESIMIEHELLE-NÄKYVÄ-7781");
    b.app->settle();
    std::string kioskFiles;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(b.dir.path())) {
        if (entry.is_regular_file()) kioskFiles += readFile(entry.path());
    }
    CHECK(kioskFiles.find("ESIMIEHELLE-NÄKYVÄ-7781") == std::string::npos);
    auto key = b.app->session()->personKey;
    auto managerPull = [&](const std::string& staff, const crypto::SigningKeyPair& personKey) {
        auto device = b.store().device();
        const std::string body = json{{"cursor", 0}, {"person", staff}}.dump();
        auto seedText = readFile(b.dir.path() / "device.key");
        auto seed = crypto::fromHex(seedText.substr(0, 64));
        auto pair = crypto::signingKeyPairFromSeed(*seed);
        const auto h =
            sync::signRequest(*pair, device->deviceId, "POST", "/api/v1/pull", body, unixNow(), &personKey, staff);
        return http.post(server.url(), "/api/v1/pull",
                         {{sync::header::kDevice, h.device},
                          {sync::header::kTimestamp, h.timestamp},
                          {sync::header::kNonce, h.nonce},
                          {sync::header::kSignature, h.signature},
                          {sync::header::kPerson, h.person},
                          {sync::header::kPersonSignature, h.personSignature}},
                         body);
    };
    auto reply = managerPull("1005", *key);
    REQUIRE(reply.ok());
    REQUIRE(reply->status == 200);
    const json answer = json::parse(reply->body);
    REQUIRE(answer["shared"].size() == 1);
    auto shared = sync::envelopeFromJson(answer["shared"][0], "shared[0]");
    REQUIRE(shared.ok());
    CHECK(std::string(shared->payload.begin(), shared->payload.end()).find("ESIMIEHELLE-NÄKYVÄ-7781") !=
          std::string::npos);
    b.app->logout();

    REQUIRE(b.login("1002", "735104"));
    b.pullFor("1002");
    CHECK(b.app->teamRecordOf("1001", kiosk::RecordKind::Development) == nullptr);
    CHECK(b.app->directReports().empty());
    reply = managerPull("1002", *b.app->session()->personKey);
    REQUIRE(reply.ok());
    CHECK(json::parse(reply->body)["shared"].empty());
    // …and cannot ask as someone else without their key.
    reply = managerPull("1005", *b.app->session()->personKey);
    REQUIRE(reply.ok());
    CHECK(reply->status == 401);
    CHECK(json::parse(reply->body)["error"]["code"] == "bad_signature");
}

TEST_CASE("enrolling a terminal from its own screen, with the background sync worker") {
    ServerHarness server;
    server.setPin("1001", "482915");
    kiosk::HttpTransport http;
    KioskHarness k{http};
    kiosk::SyncWorker syncWorker(
        std::make_unique<kiosk::SyncEngine>(k.store(), k.dir.path() / "device.key", http, crypto::minimalKdfParams()),
        unixNow,
        [&k](std::shared_ptr<const kiosk::SyncReport> report) {
            k.worker.postToMain([&k, report] { k.app->applySyncReport(*report); });
        },
        3600);
    k.app->setEnrolHook([&](const std::string& url, const std::string& code) {
        syncWorker.enrol(url, code, [&k](const Result<kiosk::DeviceInfo>& device) {
            k.worker.postToMain(
                [&k, device] { k.app->applyEnrolment(device, device ? device->unitName : std::string()); });
        });
    });
    k.app->setSyncHook(
        [&](const std::string&, std::shared_ptr<const crypto::SigningKeyPair>) { syncWorker.syncNow(); });
    auto waitUntil = [&](auto condition) {
        for (int i = 0; i < 250 && !condition(); ++i) {
            k.app->settle();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return condition();
    };

    CHECK_FALSE(k.app->enrolled());
    k.app->openEnrolment();
    REQUIRE(k.app->screen() == kiosk::Screen::Enrol);
    kiosk::EnrolState& e = k.app->enrolState();
    e.serverUrl = "ftp://nowhere";
    k.app->submitEnrolment();
    CHECK(e.errorKey == "enrol.error.url");
    e.serverUrl = server.url();
    e.code = "ABC";
    k.app->submitEnrolment();
    CHECK(e.errorKey == "enrol.error.code_format");
    e.code = "AAAA-BBBB-CCCC";
    k.app->submitEnrolment();
    CHECK(waitUntil([&] { return !k.app->enrolState().busy; }));
    CHECK(k.app->enrolState().errorKey == "enrol.error.refused");

    k.app->enrolState().code = server.enrolmentCode("pk_tahtitaivas");
    k.app->submitEnrolment();
    REQUIRE(waitUntil([&] { return k.app->enrolled(); }));
    CHECK(k.app->screen() == kiosk::Screen::Start);
    CHECK(k.app->start().noticeKey == "enrol.done");
    CHECK(k.app->unitName() == "Päiväkoti Tähtitaivas");
    // The first sync brings the roster; then Aino can log in.
    REQUIRE(waitUntil([&] { return k.app->serverStatusKey() == "server.ok"; }));
    CHECK(k.login("1001", "482915"));
}

TEST_CASE_FIXTURE(Fixture, "another terminal's version arriving while the draft is open loses nothing") {
    REQUIRE(a.login("1001", "482915"));
    a.app->editing().openCard(a.app->dueCards().front());
    a.type("past_year.review", "ensimmäinen versio");
    a.app->logout();
    a.sync();
    REQUIRE(b.login("1001", "482915"));
    b.pullFor("1001");
    b.app->editing().openCard(b.app->dueCards().front());
    b.type("past_year.review", "B jatkoi");
    b.app->logout();
    b.sync();

    // A opens its (older) copy; the login pull lands while the form is open; then A types.
    REQUIRE(a.login("1001", "482915"));
    a.app->editing().openCard(a.app->dueCards().front());
    REQUIRE(a.app->screen() == kiosk::Screen::DevelopmentForm);
    const kiosk::SyncReport pulled = a.engine->pullForPerson("1001", *a.app->session()->personKey, unixNow());
    CHECK(pulled.receivedRecords == 1);
    a.type("past_year.review", "A kirjoitti samaan aikaan");
    CHECK(a.app->editor().save == kiosk::SaveStatus::Saved);
    CHECK(a.app->editor().development.answers["past_year.review"] == "A kirjoitti samaan aikaan");
    a.app->editing().backToHome();
    a.app->settle();

    const auto cards = a.app->dueCards();
    REQUIRE(cards.front().record != nullptr);
    CHECK(cards.front().record->conflict);
    a.app->editing().openCard(cards.front());
    REQUIRE(a.app->screen() == kiosk::Screen::Conflict);
    const kiosk::RecordView* record = a.app->editorRecord();
    REQUIRE(record->theirs != nullptr);
    CHECK(record->development.answers.at("past_year.review") == "A kirjoitti samaan aikaan");
    CHECK(record->theirs->development.answers.at("past_year.review") == "B jatkoi");
}

TEST_CASE_FIXTURE(Fixture,
                  "a kiosk closes its connection when a sync or a person pull ends, so no worker waits on it") {
    const int port = portOf(server.url());
    const Connections before = settledConnections(port);
    CHECK(before.established == 0);
    REQUIRE(a.sync().reachable);
    REQUIRE(a.login("1001", "482915"));
    REQUIRE(a.pullFor("1001").reachable);
    const Connections after = settledConnections(port);
    CHECK(after.established == 0);
    // Each burst ended by the kiosk: client-side closes, none by the server's timer. (Not "two
    // more": with net.ipv4.tcp_tw_reuse, Linux's default for loopback, a new connection may take
    // over a TIME_WAIT entry of the same address pair, so the count can also fall.)
    CHECK(after.closedByClient >= 1);
    CHECK(after.closedByServer <= before.closedByServer);
}

// The integration harness.
#include "sync_harness.h"

#include "storage/database.h"

#include "crypto/kdf.h"

#include <doctest/doctest.h>

#include <chrono>

namespace osm::test {

std::int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

kiosk::StoredRecord signedTestDraft(const std::string& id, const crypto::SigningKeyPair& author, std::size_t bytes,
                                    std::int64_t updatedAt) {
    kiosk::StoredRecord r;
    r.id = id;
    r.owner = "1001";
    r.formId = "development_discussion_staff";
    r.year = 2026;
    r.version = 1;
    r.sealed = crypto::randomBytes(bytes);
    r.payloadHash = crypto::contentHash(r.sealed);
    r.updatedAt = updatedAt;
    const auto signature = crypto::sign(author, crypto::asBytes(kiosk::recordSigningTextOf(r)));
    r.authorSignature.assign(signature.begin(), signature.end());
    return r;
}

ServerHarness::ServerHarness(crypto::KdfParams pinKdfFloor) : m_paths{dir.path() / "data", dir.path() / "keys"} {
    REQUIRE(server::initServer(m_paths).ok());
    auto storage = server::openSqliteStorage(m_paths.databasePath());
    REQUIRE(storage.ok());
    m_storage = std::move(*storage);
    auto keys = server::loadServerKeys(m_paths.keyDir);
    REQUIRE(keys.ok());
    m_keys = std::make_unique<server::ServerKeys>(std::move(*keys));
    auto org = domain::loadOrganisationFile(assetsDir() / "demo" / "organisation.json");
    REQUIRE(org.ok());
    REQUIRE(m_storage->importOrganisation(*org).ok());
    server::ServiceOptions options;
    options.pinKdfFloor = pinKdfFloor;
    m_service = std::make_unique<server::SyncService>(*m_storage, *m_keys, options);
    start();
}

ServerHarness::~ServerHarness() { stop(); }

void ServerHarness::start() {
    server::HttpOptions options;
    options.port = m_port;
    options.log = false;
    options.trustedProxies = trustedProxies;
    m_http = std::make_unique<server::HttpServer>(*m_service, options);
    auto port = m_http->bind();
    REQUIRE_MESSAGE(port.ok(), (port.ok() ? "" : port.error().message));
    m_port = *port;
    m_thread = std::thread([this] { m_http->run(); });
}

void ServerHarness::stop() {
    if (!m_http) return;
    m_http->stop();
    if (m_thread.joinable()) m_thread.join();
    m_http.reset();
}

std::string ServerHarness::enrolmentCode(const std::string& unit, std::int64_t validSeconds) {
    auto code = server::createEnrolmentCode(*m_storage, unit, validSeconds, unixNow());
    REQUIRE(code.ok());
    return *code;
}

crypto::UserKeys ServerHarness::setPin(const std::string& staffNumber, const std::string& pin) {
    const crypto::KdfParams params = crypto::minimalKdfParams();
    const crypto::Salt salt = crypto::randomSalt();
    auto keys = crypto::deriveUserKeys(pin, salt, params);
    REQUIRE(keys.ok());
    REQUIRE(m_storage
                ->setPin(staffNumber, {params.toString(), crypto::toHex(salt), crypto::toHex(keys->verifier)},
                         crypto::toHex(keys->personKey.publicKey))
                .ok());
    return std::move(*keys);
}

KioskHarness::KioskHarness(kiosk::SyncTransport& transport) : m_transport(transport) {
    engine =
        std::make_unique<kiosk::SyncEngine>(store(), dir.path() / "device.key", transport, crypto::minimalKdfParams());
    restartApp();
}

KioskHarness::~KioskHarness() {
    if (app) app->settle();
    app.reset();
}

kiosk::KioskStore KioskHarness::store() const {
    auto s = kiosk::KioskStore::open((dir.path() / "kiosk.db").string());
    REQUIRE(s.ok());
    return std::move(*s);
}

void KioskHarness::restartApp() {
    if (app) app->settle();
    app.reset();
    auto catalogue = catalog::loadCatalogYear(assetsDir(), 2026);
    auto translations = kiosk::Translations::load(assetsDir());
    REQUIRE((catalogue.ok() && translations.ok()));
    kiosk::KioskConfig config;
    config.newPinParams = newPinParams;
    app = std::make_unique<kiosk::KioskApp>(config, store(), std::move(*catalogue), std::move(*translations), clock,
                                            worker);
}

Result<kiosk::DeviceInfo> KioskHarness::enrol(const std::string& url, const std::string& code) {
    auto device = engine->enrol(url, code, unixNow());
    if (device) restartApp();  // the app reads the server key at start
    return device;
}

int ServerHarness::versionsOf(const std::string& recordId) {
    auto db = storage::Database::open(dbPath());
    REQUIRE(db.ok());
    auto s = db->prepare("SELECT count(*) FROM record_version WHERE id = ?");
    REQUIRE(s.ok());
    s->bind(1, recordId);
    REQUIRE(*s->step());
    return static_cast<int>(s->getInt(0));
}

kiosk::SyncReport KioskHarness::sync() {
    app->settle();
    auto report = engine->syncOnce(unixNow());
    app->applySyncReport(report);
    app->settle();
    return report;
}

kiosk::SyncReport KioskHarness::pullFor(const std::string& staffNumber) {
    REQUIRE(app->session() != nullptr);
    auto report = engine->pullForPerson(staffNumber, *app->session()->personKey, unixNow());
    app->applySyncReport(report);
    app->settle();
    return report;
}

bool KioskHarness::login(const std::string& staffNumber, const std::string& pin) {
    app->start().staffNumber = staffNumber;
    app->submitStaffNumber();
    app->settle();
    if (app->screen() == kiosk::Screen::FirstUse) return false;
    if (app->screen() != kiosk::Screen::Pin) return false;
    app->pin().pin = pin;
    app->submitPin();
    app->settle();
    return app->screen() == kiosk::Screen::Home;
}

void KioskHarness::type(const std::string& answerKey, const std::string& text) {
    app->editor().development.answers[answerKey] = text;
    app->editing().markEdited();
    clock.advance(1.1);
    app->tick();
    app->settle();
}

UnitTerminals::UnitTerminals() {
    REQUIRE(server::publishCatalogFile(server.storage(), assetsDir() / "catalog" / "2026.json").ok());
    server.setPin("1001", "482915");
    server.setPin("1002", "735104");
    server.setPin("1005", "318406");
    REQUIRE(staff.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
    REQUIRE(office.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
    REQUIRE(staff.sync().reachable);
    REQUIRE(office.sync().reachable);
}

void submitPreForm(KioskHarness& k, const std::string& who, const std::string& pin, const std::string& marker) {
    REQUIRE(k.login(who, pin));
    k.app->editing().openCard(k.app->dueCards().front());
    auto& e = k.app->editor();
    e.development.answers["past_year.review"] = marker;
    for (domain::CompetenceRating& r : e.development.ratings) r.value = 3;
    e.development.goals.push_back({"Opettelen dokumentoinnin", "", {"mentoring"}});
    k.app->editing().markEdited();
    k.app->editing().submitRecord();
    k.app->settle();
    REQUIRE(k.app->screen() == kiosk::Screen::Home);
    k.app->logout();
    REQUIRE(k.sync().stored >= 1);
}

void recordDiscussion(KioskHarness& k, const std::string& notes, int rating) {
    auto& e = k.app->editor();
    REQUIRE(e.kind == kiosk::RecordKind::Agreement);
    e.development.answers["past_year.review"] = notes;
    for (domain::CompetenceRating& r : e.development.ratings) r.value = rating;
    k.app->editing().markEdited();
    k.app->editing().goToReview();
    CHECK(k.app->editor().issues.empty());
    k.app->editing().submitRecord();
    k.app->settle();
    REQUIRE(k.app->screen() == kiosk::Screen::Home);
}

}  // namespace osm::test

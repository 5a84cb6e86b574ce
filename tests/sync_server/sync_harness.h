// Integration harness: the real sync server (SyncService + HttpServer on a free loopback port,
// or the real binary as a child process) and kiosks built from the real client code (KioskApp,
// SyncEngine, HttpTransport), each with its own store in a temp folder.
#pragma once

#include "api/http_server.h"
#include "http_transport.h"
#include "kiosk_app.h"
#include "ops/operator_commands.h"
#include "sync_engine.h"
#include "test_support.h"

#include "../kiosk/kiosk_fixture.h"

#include <memory>
#include <string>
#include <thread>

namespace osm::test {

std::int64_t unixNow();

// A queued draft of staff member 1001's development discussion with `bytes` random sealed
// bytes, signed by its author's person key as the kiosk signs records.
kiosk::StoredRecord signedTestDraft(const std::string& id, const crypto::SigningKeyPair& author, std::size_t bytes,
                                    std::int64_t updatedAt);

// A server in this process, on 127.0.0.1 and a free port.
class ServerHarness {
public:
    // PINs set through /pins need Argon2id parameters at least `pinKdfFloor`: by default the
    // cheapest, as the tests' kiosks set PINs that way (the product's floor is sync::pinKdfFloor()).
    explicit ServerHarness(crypto::KdfParams pinKdfFloor = crypto::minimalKdfParams());
    ~ServerHarness();
    void start();  // (re)starts the HTTP layer on the same port where possible
    void stop();
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    server::SyncStorage& storage() { return *m_storage; }
    const server::ServerKeys& keys() const { return *m_keys; }
    std::string enrolmentCode(const std::string& unit, std::int64_t validSeconds = 3600);
    // Gives the person a PIN with cheap KDF parameters (tests log in often); returns the keys it
    // derives, for tests that sign as the person without a kiosk.
    crypto::UserKeys setPin(const std::string& staffNumber, const std::string& pin);
    std::string dbPath() const { return m_paths.databasePath(); }
    // How many versions of the record the server keeps in its history.
    int versionsOf(const std::string& recordId);

    TempDir dir;
    // Given to the HTTP layer at the next start() (api_types.h clientAddress).
    std::vector<std::string> trustedProxies;

private:
    server::ServerPaths m_paths;
    std::unique_ptr<server::SyncStorage> m_storage;
    std::unique_ptr<server::ServerKeys> m_keys;
    std::unique_ptr<server::SyncService> m_service;
    std::unique_ptr<server::HttpServer> m_http;
    std::thread m_thread;
    int m_port = 0;
};

// A kiosk: an app with its own store, plus a sync engine on a second connection.
class KioskHarness {
public:
    explicit KioskHarness(kiosk::SyncTransport& transport);
    ~KioskHarness();
    Result<kiosk::DeviceInfo> enrol(const std::string& url, const std::string& code);
    kiosk::SyncReport sync();
    kiosk::SyncReport pullFor(const std::string& staffNumber);
    bool login(const std::string& staffNumber, const std::string& pin);
    void type(const std::string& answerKey, const std::string& text);  // edit + wait for the autosave
    kiosk::KioskStore store() const;
    void restartApp();

    TempDir dir;
    ManualClock clock;
    kiosk::Worker worker;
    // The parameters of a PIN set at this kiosk (from the next restartApp()): cheap, as tests
    // log in often; a server binary, which takes none below sync::pinKdfFloor(), needs that floor.
    crypto::KdfParams newPinParams = crypto::minimalKdfParams();
    std::unique_ptr<kiosk::KioskApp> app;
    std::unique_ptr<kiosk::SyncEngine> engine;

private:
    kiosk::SyncTransport& m_transport;
};

// A unit's two terminals on one server with the 2026 catalogue published (so every record is also
// checked against its forms), Aino (1001), Mikko (1002) and their manager Helena (1005) with PINs.
struct UnitTerminals {
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness staff{http};   // the break-room terminal
    KioskHarness office{http};  // the director's terminal
    UnitTerminals();
};

// The person logs in at `k`, fills in the first card due (`marker` as an answer, every
// competence rated, one goal), submits it, logs out, and the kiosk syncs it to the server.
void submitPreForm(KioskHarness& k, const std::string& who, const std::string& pin, const std::string& marker);

// The manager records the discussion on the editor open at `k` (an agreement): `notes` as the
// first answer, every competence rated `rating`; checks it has no issues and submits it.
void recordDiscussion(KioskHarness& k, const std::string& notes, int rating);

}  // namespace osm::test

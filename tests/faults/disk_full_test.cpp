// A full disk, and one write in N failing at random, under the kiosk's store and under the server's
// database (a SQLite VFS that fails writes, faulty_vfs.h): the kiosk never says "saved" when
// the store did not take it, the server never acknowledges what it did not store, and what
// was saved before stays intact and readable.
#include "fault_support.h"
#include "faulty_vfs.h"

#include "../sync_server/sync_harness.h"
#include "crypto/aead.h"
#include "crypto/kdf.h"
#include "storage/database.h"

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <optional>
#include <thread>

using namespace osm;
using namespace osm::test;
using kiosk::SaveStatus;

namespace {

// The faulty VFS is registered before the kiosk opens its store, and outlives it.
struct KioskOnFaultyDisk {
    FaultyVfs vfs{"kiosk.db"};
    KioskFixture kiosk;

    void type(const std::string& text) {
        kiosk.app->editor().development.answers["past_year.review"] = text;
        kiosk.app->editing().markEdited();
        kiosk.clock.advance(1.1);
        kiosk.app->tick();
        kiosk.app->settle();
    }

    // What the store holds for the open record, opened with the person's key (faults paused).
    std::pair<std::uint64_t, std::string> stored() {
        vfs.heal();
        auto record = kiosk.openStore().record(kiosk.app->editor().recordId);
        REQUIRE(record.ok());
        if (!record->has_value()) return {0, {}};
        const kiosk::StoredRecord& r = **record;
        auto plain = crypto::open(*kiosk.app->session()->key, {r.id, r.owner, r.version}, r.sealed);
        REQUIRE_MESSAGE(plain.ok(), "a stored record no longer opens");
        return {r.version, *plain};
    }
};

// Enrols the kiosk with the server, where Aino (1001) has a cheap PIN; her keys.
std::optional<crypto::UserKeys> enrolWithAino(ServerHarness& server, KioskHarness& k) {
    crypto::UserKeys aino = server.setPin("1001", "482915");
    REQUIRE(k.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
    return aino;
}

// Runs `after` once the server has answered a push, before the sync engine reads the answer.
class AfterPush : public kiosk::SyncTransport {
public:
    AfterPush(kiosk::SyncTransport& inner, std::function<void()> after) : m_inner(inner), m_after(std::move(after)) {}
    Result<kiosk::HttpReply> post(const std::string& baseUrl, const std::string& path,
                                  const kiosk::HttpHeaders& headers, const std::string& body) override {
        auto reply = m_inner.post(baseUrl, path, headers, body);
        if (path.ends_with("/push")) m_after();
        return reply;
    }

private:
    kiosk::SyncTransport& m_inner;
    std::function<void()> m_after;
};

}  // namespace

TEST_CASE(
    "the kiosk's disk fills between the server's answer and its acknowledgement: all stays queued, the retry is "
    "unchanged") {
    FaultyVfs vfs{"kiosk.db"};
    ServerHarness server;
    kiosk::HttpTransport http;
    bool fillDisk = false;
    AfterPush transport(http, [&] {
        if (fillDisk) vfs.diskFull();
    });
    KioskHarness k{transport};
    const auto aino = enrolWithAino(server, k);
    {
        kiosk::KioskStore store = k.store();
        for (int i = 0; i < 30; ++i)
            saveSignedDraft(store, "r-ack-" + std::to_string(i), "1001", aino->personKey, 1, i, 300);
    }

    fillDisk = true;
    const kiosk::SyncReport lost = k.sync();
    CHECK(vfs.failures() > 0);
    CHECK(lost.stored + lost.unchanged == 0);  // nothing counted that is not acknowledged on disk
    vfs.heal();
    fillDisk = false;
    CHECK(server.versionsOf("r-ack-0") == 1);      // the server did store them
    CHECK(k.store().unsynced(100)->size() == 30);  // and the kiosk still has them all queued

    const kiosk::SyncReport retry = k.sync();
    CHECK(retry.unchanged == 30);
    CHECK(retry.stored == 0);
    CHECK(retry.conflicts == 0);
    CHECK(k.store().unsynced(100)->empty());
    for (int i = 0; i < 30; ++i) CHECK(server.versionsOf("r-ack-" + std::to_string(i)) == 1);
}

TEST_CASE("a full disk under the kiosk: it says NOT saved, keeps the saved draft, and saves once there is room") {
    KioskOnFaultyDisk f;
    REQUIRE(f.kiosk.login("1001", "482915"));
    f.kiosk.app->setLanguage(catalog::Lang::En);
    f.kiosk.app->editing().openCard(f.kiosk.app->dueCards().front());
    f.type("ENNEN-TÄYTTÄ");
    REQUIRE(f.kiosk.app->editor().save == SaveStatus::Saved);
    const auto before = f.stored();
    CHECK(before.first == 1);
    CHECK(before.second.find("ENNEN-TÄYTTÄ") != std::string::npos);

    f.vfs.diskFull();
    f.type("LEVY-TÄYNNÄ");
    CHECK(f.kiosk.app->editor().save == SaveStatus::Failed);
    CHECK(f.kiosk.app->tr("save.failed").find("NOT") != std::string::npos);  // what the screen shows (en)
    CHECK(f.vfs.failures() > 0);
    CHECK(f.stored() == before);  // stored() heals: the old version is untouched

    // Room again: the retry saves what is on screen.
    f.kiosk.clock.advance(1.1);
    f.kiosk.app->tick();
    f.kiosk.app->settle();
    CHECK(f.kiosk.app->editor().save == SaveStatus::Saved);
    const auto after = f.stored();
    CHECK(after.first == 2);
    CHECK(after.second.find("LEVY-TÄYNNÄ") != std::string::npos);

    // Logging out onto a full disk: the notice waits for the save and then says it failed.
    f.vfs.diskFull();
    f.kiosk.app->editor().development.answers["past_year.review"] = "ULOS-TÄYDELLÄ-LEVYLLÄ";
    f.kiosk.app->editing().markEdited();
    f.kiosk.app->logout();
    CHECK(f.kiosk.app->start().noticeKey == "logout.saving");
    f.kiosk.app->settle();
    CHECK(f.kiosk.app->start().noticeKey == "logout.notSaved");
    f.vfs.heal();
    auto db = storage::Database::open(f.kiosk.dbPath);
    REQUIRE(db.ok());
    CHECK(db->isIntact());
    REQUIRE(f.kiosk.login("1001", "482915"));
    REQUIRE(f.kiosk.app->session()->records.size() == 1);
    const kiosk::RecordView& kept = f.kiosk.app->session()->records.front();
    CHECK(kept.version == 2);
    CHECK_FALSE(kept.unreadable);
    CHECK(kept.development.answers.at("past_year.review") == "LEVY-TÄYNNÄ");
}

TEST_CASE("one write in 8 failing under the kiosk: 'saved' is only ever shown for what the store holds") {
    KioskOnFaultyDisk f;
    REQUIRE(f.kiosk.login("1001", "482915"));
    f.kiosk.app->editing().openCard(f.kiosk.app->dueCards().front());
    const unsigned seed = seedFromEnv();
    int savedShown = 0;
    int failedShown = 0;
    for (int i = 0; i < 120; ++i) {
        f.vfs.failOneIn(8, seed + static_cast<unsigned>(i));  // a save is a handful of writes and syncs
        const std::string text = "muokkaus-" + std::to_string(i);
        f.type(text);
        const SaveStatus status = f.kiosk.app->editor().save;
        const auto [version, plain] = f.stored();
        if (status == SaveStatus::Saved) {
            ++savedShown;
            CHECK(version == f.kiosk.app->editor().confirmedVersion);
            CHECK(plain.find("\"" + text + "\"") != std::string::npos);
        } else {
            ++failedShown;
            CHECK(status == SaveStatus::Failed);
            CHECK(plain.find("\"" + text + "\"") == std::string::npos);
        }
    }
    MESSAGE("saved " << savedShown << " times, NOT saved " << failedShown << " times, " << f.vfs.failures()
                     << " injected failures");
    CHECK(savedShown > 0);
    CHECK(failedShown > 0);
    f.vfs.heal();
    auto db = storage::Database::open(f.kiosk.dbPath);
    REQUIRE(db.ok());
    CHECK(db->isIntact());
}

TEST_CASE("a full disk, then one write in 10 failing, under the server: it acknowledges only what it stored") {
    FaultyVfs vfs{"server.db"};
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness k{http};
    const auto aino = enrolWithAino(server, k);

    // Queued drafts, sealed and signed as the kiosk does; the first ten reach the server first.
    auto queue = [&](int from, int to, std::uint64_t version) {
        kiosk::KioskStore store = k.store();
        for (int i = from; i < to; ++i)
            saveSignedDraft(store, "r-disk-" + std::to_string(i), "1001", aino->personKey, version, i, 300);
    };
    queue(0, 10, 1);
    REQUIRE(k.sync().stored == 10);

    vfs.diskFull();
    queue(10, 60, 1);
    queue(0, 5, 2);  // new versions of records the server already holds
    const kiosk::SyncReport full = k.sync();
    CHECK(full.stored == 0);
    CHECK(full.refusal == "internal");
    CHECK(k.store().unsynced(100)->size() == 55);  // the queue is kept whole

    vfs.failOneIn(10, seedFromEnv());
    // Like the kiosk's sync worker, wait when the server says this device asks too often.
    auto syncBackingOff = [&] {
        if (k.sync().refusal == "rate_limited") std::this_thread::sleep_for(std::chrono::seconds(1));
    };
    int rounds = 0;
    while (!k.store().unsynced(1)->empty() && rounds < 60) {
        ++rounds;
        syncBackingOff();
    }
    MESSAGE(rounds << " sync rounds with one write in 10 failing, " << vfs.failures() << " injected failures");
    vfs.heal();
    while (!k.store().unsynced(1)->empty() && rounds < 80) {
        ++rounds;
        syncBackingOff();
    }
    CHECK(k.store().unsynced(1)->empty());

    auto db = storage::Database::open(server.dbPath());
    REQUIRE(db.ok());
    CHECK(db->isIntact());
    // Every record the kiosk holds as acknowledged is on the server, at that version and hash.
    kiosk::KioskStore store = k.store();
    auto mine = store.recordsOf("1001");
    REQUIRE(mine.ok());
    CHECK(mine->size() == 60);
    for (const kiosk::StoredRecord& r : *mine) {
        auto s = db->prepare("SELECT version, content_hash FROM record WHERE id = ?");
        s->bind(1, r.id);
        REQUIRE(*s->step());
        CHECK(static_cast<std::uint64_t>(s->getInt(0)) == r.version);
        CHECK(s->getText(1) == r.payloadHash);
        CHECK(r.syncedVersion == r.version);
    }
    auto count = [&](const char* sql) {
        auto s = db->prepare(sql);
        REQUIRE(*s->step());
        return s->getInt(0);
    };
    CHECK(count("SELECT count(*) FROM record") == 60);
    CHECK(count("SELECT count(*) FROM record_version") == 65);
    CHECK(count("SELECT count(*) FROM record_conflict") == 0);
}

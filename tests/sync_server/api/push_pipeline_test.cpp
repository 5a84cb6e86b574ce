// The kiosk's push keeps the pipe full (it prepares batch N+1 while the server stores batch N)
// under the rules of one batch at a time: a batch goes out only after the previous one was
// answered, nothing follows a batch that failed, a record is marked sent only from the server's
// answer, and a record changed while its previous version is in flight is not sent on a stale
// base. Real server on loopback, real kiosk client code (SyncEngine over HttpTransport).
#include "sync_server/sync_harness.h"

#include <doctest/doctest.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

using namespace osm;
using namespace osm::test;
using nlohmann::json;

namespace {

// Passes pushes on to the server, noting each one's record ids, and whether one started before
// the previous one had been answered. `cutAt` (1-based) makes that push fail as a cut
// connection: before it reaches the server, or after (the answer lost). `answered` runs on the
// sending thread once the server has answered push number `answeredAt`, before the engine
// reads that answer.
class WatchedPushes final : public kiosk::SyncTransport {
public:
    explicit WatchedPushes(kiosk::SyncTransport& inner) : m_inner(inner) {}
    enum class Cut { None, BeforeServer, AnswerLost };
    Cut cut = Cut::None;
    int cutAt = 0;
    int answeredAt = 0;
    std::function<void()> answered;

    Result<kiosk::HttpReply> post(const std::string& url, const std::string& path, const kiosk::HttpHeaders& headers,
                                  const std::string& body) override {
        if (!path.ends_with("/push")) return m_inner.post(url, path, headers, body);
        if (m_inFlight.exchange(true)) overlapped = true;
        int number = 0;
        {
            std::lock_guard lock(m_mutex);
            std::vector<std::string> ids;
            const json request = json::parse(body);
            for (const json& r : request["records"]) ids.push_back(r["id"]);
            pushes.push_back(std::move(ids));
            number = static_cast<int>(pushes.size());
        }
        Result<kiosk::HttpReply> reply = makeError(ErrorCode::Io, "connection reset");
        if (!(number == cutAt && cut == Cut::BeforeServer)) reply = m_inner.post(url, path, headers, body);
        if (number == answeredAt && answered) answered();
        if (number == cutAt && cut == Cut::AnswerLost) reply = makeError(ErrorCode::Io, "connection reset");
        m_inFlight = false;
        return reply;
    }
    void endOfBurst() override { m_inner.endOfBurst(); }

    std::vector<std::vector<std::string>> pushes;  // read once the sync has returned
    std::atomic<bool> overlapped{false};

private:
    kiosk::SyncTransport& m_inner;
    std::mutex m_mutex;
    std::atomic<bool> m_inFlight{false};
};

struct PipeFixture {
    ServerHarness server;
    kiosk::HttpTransport http;
    WatchedPushes pushes{http};
    KioskHarness k{pushes};
    crypto::UserKeys aino;

    // `count` drafts of Aino's queued in this order (r-000 oldest): more than three batches.
    explicit PipeFixture(int count) {
        aino = server.setPin("1001", "482915");
        REQUIRE(k.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
        REQUIRE(k.sync().reachable);
        kiosk::KioskStore store = k.store();
        for (int i = 0; i < count; ++i)
            REQUIRE(store.saveRecord(signedTestDraft(idOf(i), aino.personKey, 64, 1000 + i)).ok());
        pushes.pushes.clear();
    }

    static std::string idOf(int i) {
        std::string n = std::to_string(i);
        return "r-" + std::string(3 - n.size(), '0') + n;
    }

    // Every record the kiosk no longer has queued is on the server at its version.
    void checkNothingMarkedThatTheServerLacks(int count) {
        kiosk::KioskStore store = k.store();
        std::set<std::string> queued;
        auto queuedRecords = store.unsynced(10000);
        REQUIRE(queuedRecords.ok());
        for (const kiosk::StoredRecord& r : *queuedRecords) queued.insert(r.id);
        for (int i = 0; i < count; ++i) {
            if (queued.count(idOf(i)) != 0) continue;
            auto mine = store.record(idOf(i));
            REQUIRE((mine.ok() && mine->has_value()));
            auto theirs = server.storage().record(idOf(i));
            REQUIRE(theirs.ok());
            INFO(idOf(i));
            REQUIRE(theirs->has_value());
            CHECK((*theirs)->version == (*mine)->syncedVersion);
        }
    }
};

std::size_t queuedCount(KioskHarness& k) { return k.store().unsynced(10000)->size(); }

}  // namespace

TEST_CASE("a pipelined push sends its batches one after the other, in queue order, each record once") {
    PipeFixture f(650);
    const kiosk::SyncReport report = f.k.sync();
    CHECK(report.stored == 650);
    CHECK_FALSE(f.pushes.overlapped);
    REQUIRE(f.pushes.pushes.size() == 4);
    std::vector<std::string> sent;
    for (const auto& batch : f.pushes.pushes) sent.insert(sent.end(), batch.begin(), batch.end());
    REQUIRE(sent.size() == 650);
    for (int i = 0; i < 650; ++i) CHECK(sent[static_cast<std::size_t>(i)] == PipeFixture::idOf(i));
    CHECK(queuedCount(f.k) == 0);
    f.checkNothingMarkedThatTheServerLacks(650);
}

namespace {

void cutInTheMiddle(bool answerLost) {
    PipeFixture f(650);
    f.pushes.cut = answerLost ? WatchedPushes::Cut::AnswerLost : WatchedPushes::Cut::BeforeServer;
    f.pushes.cutAt = 2;
    const kiosk::SyncReport cut = f.k.sync();
    CHECK_FALSE(cut.reachable);
    CHECK(cut.stored == 200);
    CHECK(f.pushes.pushes.size() == 2);  // the third batch, prepared meanwhile, never went
    CHECK_FALSE(f.pushes.overlapped);
    // The first batch is marked sent; the second (whatever the server did with it) and every
    // later record stay queued, and the server has nothing of the third batch onwards.
    CHECK(queuedCount(f.k) == 450);
    CHECK(f.server.versionsOf(PipeFixture::idOf(199)) == 1);
    CHECK(f.server.versionsOf(PipeFixture::idOf(200)) == (answerLost ? 1 : 0));
    CHECK(f.server.versionsOf(PipeFixture::idOf(399)) == (answerLost ? 1 : 0));
    for (int i = 400; i < 650; ++i) CHECK(f.server.versionsOf(PipeFixture::idOf(i)) == 0);
    f.checkNothingMarkedThatTheServerLacks(650);

    f.pushes.cut = WatchedPushes::Cut::None;
    const kiosk::SyncReport retry = f.k.sync();
    CHECK(retry.unchanged == (answerLost ? 200 : 0));
    CHECK(retry.stored == (answerLost ? 250 : 450));
    CHECK(retry.conflicts == 0);
    CHECK(queuedCount(f.k) == 0);
    f.checkNothingMarkedThatTheServerLacks(650);
}

}  // namespace

TEST_CASE("a connection cut in the middle of a push: nothing after it is sent, nothing unanswered is marked sent") {
    for (const bool answerLost : {false, true}) {
        CAPTURE(answerLost);
        cutInTheMiddle(answerLost);
    }
}

TEST_CASE("a record changed while its previous version is in flight goes after it, on the acknowledged base") {
    PipeFixture f(450);
    // The server has answered the first batch (r-000 … r-199); the engine has meanwhile prepared
    // the second, with version 1 of r-250. Now Aino saves version 2 of r-250: the newest change
    // in the queue, while its version 1 is about to go.
    f.pushes.answeredAt = 1;
    f.pushes.answered = [&] {
        // The engine's thread prepares the second batch while the first is on its way (a few
        // milliseconds of work): let it finish, so that version 1 is the one in that batch.
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        kiosk::KioskStore store = f.k.store();
        kiosk::StoredRecord v2 = signedTestDraft(PipeFixture::idOf(250), f.aino.personKey, 64, 5000);
        v2.version = 2;
        const auto signature = crypto::sign(f.aino.personKey, crypto::asBytes(kiosk::recordSigningTextOf(v2)));
        v2.authorSignature.assign(signature.begin(), signature.end());
        REQUIRE(store.saveRecord(v2).ok());
    };
    const kiosk::SyncReport first = f.k.sync();
    CHECK(first.conflicts == 0);  // version 2 did not go on the base the server was moving past
    CHECK(first.stored == 450);
    CHECK(f.server.versionsOf(PipeFixture::idOf(250)) == 1);
    auto queued = f.k.store().unsynced(10);
    REQUIRE(queued->size() == 1);
    CHECK((*queued)[0].id == PipeFixture::idOf(250));
    CHECK((*queued)[0].version == 2);
    CHECK((*queued)[0].syncedVersion == 1);
    f.checkNothingMarkedThatTheServerLacks(450);

    const kiosk::SyncReport second = f.k.sync();
    CHECK(second.stored == 1);
    CHECK(second.conflicts == 0);
    CHECK(f.server.versionsOf(PipeFixture::idOf(250)) == 2);
    CHECK(queuedCount(f.k) == 0);
    f.checkNothingMarkedThatTheServerLacks(450);
}

TEST_CASE("a batch the server refuses whole stops the push: nothing after it is sent") {
    PipeFixture f(450);
    f.pushes.answeredAt = 1;
    f.pushes.answered = [&] {  // the device is revoked before the second batch reaches the server
        REQUIRE(f.server.storage().revokeDevice(f.k.store().device()->deviceId, unixNow()).ok());
    };
    const kiosk::SyncReport report = f.k.sync();
    CHECK(report.refusal == "revoked_device");
    CHECK(report.stored == 200);
    CHECK(f.pushes.pushes.size() == 2);
    CHECK(queuedCount(f.k) == 250);
    for (int i = 200; i < 450; ++i) CHECK(f.server.versionsOf(PipeFixture::idOf(i)) == 0);
    f.checkNothingMarkedThatTheServerLacks(450);
}

// The kiosk's clock a year ahead or behind: the server refuses its requests (±300 s), the
// kiosk says its clock is wrong and keeps its queue; once the clock is right, everything goes
// out with its versions in order, and records stamped in the "future" or "past" are not lost.
#include "fault_support.h"

#include "../sync_server/sync_harness.h"

#include "storage/database.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::test;

namespace {
constexpr std::int64_t kYear = 365LL * 24 * 3600;
}

TEST_CASE("a kiosk clock a year off: refused with stale_timestamp, said on screen, nothing lost or reordered") {
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness a{http};
    KioskHarness b{http};
    server.setPin("1001", "482915");
    REQUIRE(a.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
    REQUIRE(b.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
    REQUIRE(a.sync().refusal.empty());
    REQUIRE(b.sync().refusal.empty());

    REQUIRE(a.login("1001", "482915"));
    a.app->setLanguage(catalog::Lang::En);
    a.app->editing().openCard(a.app->dueCards().front());
    const std::string recordId = [&] {
        a.type("past_year.review", "versio-1");
        return a.app->editor().recordId;
    }();
    for (const std::int64_t skew : {kYear, -kYear}) {
        a.app->settle();
        const kiosk::SyncReport report = a.engine->syncOnce(unixNow() + skew);
        a.app->applySyncReport(report);
        CHECK(report.refusal == "stale_timestamp");
        CHECK(report.stored == 0);
        CHECK(a.app->serverStatusKey() == "server.clock");
        CHECK(a.app->tr("server.clock").find("clock") != std::string::npos);
        a.type("past_year.review", skew > 0 ? "versio-2" : "versio-3");
    }
    // Records stamped by a wrong clock (their updated_at a year ahead and a year behind).
    auto person = a.app->session()->personKey;
    {
        kiosk::KioskStore store = a.store();
        for (const auto& [id, at] :
             {std::pair<std::string, std::int64_t>{"r-future", unixNow() + kYear}, {"r-past", unixNow() - kYear}}) {
            for (std::uint64_t version = 1; version <= 2; ++version)
                saveSignedDraft(store, id, "1001", *person, version, at, 100);
        }
        CHECK(store.unsynced(10)->size() == 3);
    }

    // The clock is set right: everything goes, each at its newest version.
    const kiosk::SyncReport fixed = a.sync();
    CHECK(fixed.refusal.empty());
    CHECK(fixed.stored == 3);
    CHECK(a.app->serverStatusKey() == "server.ok");
    CHECK(a.store().unsynced(10)->empty());
    auto db = storage::Database::open(server.dbPath());
    REQUIRE(db.ok());
    auto versionOf = [&](const std::string& id) {
        auto s = db->prepare("SELECT version FROM record WHERE id = ?");
        s->bind(1, id);
        REQUIRE(*s->step());
        return s->getInt(0);
    };
    CHECK(versionOf(recordId) == 3);
    CHECK(versionOf("r-future") == 2);
    CHECK(versionOf("r-past") == 2);

    // On another terminal the draft continues from its newest text.
    a.app->logout();
    a.app->settle();
    REQUIRE(b.login("1001", "482915"));
    b.pullFor("1001");
    const auto& records = b.app->session()->records;
    const auto it =
        std::find_if(records.begin(), records.end(), [&](const kiosk::RecordView& r) { return r.id == recordId; });
    REQUIRE(it != records.end());
    CHECK(it->version == 3);
    CHECK(it->development.answers.at("past_year.review") == "versio-3");
}

// Priima's completions and Oss's trainings (issue 17) on the real server with kiosks of the real
// client code: a file with a bad row is refused whole, each bad line named, and stores nothing; a
// good one reaches the person's follow-up at a terminal after sync (beside the goal that names the
// course) and their manager's, whose read is logged; the same file again changes nothing; a
// leaver's completions go with them.
#include "sync_server/server_process.h"
#include "sync_server/sync_harness.h"

#include "ops/completion_import.h"
#include "ops/priima_courses.h"
#include "hr/priima_goals.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

using namespace osm;
using namespace osm::test;

namespace {

constexpr const char* kCourses =
    "koodi;nimi;nimi_sv;nimi_en;kategoria\nPR-101;Digitaalinen dokumentointi;;;formal_training\n";

struct Completions {
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness terminal{http};

    Completions() {
        REQUIRE(server::publishCatalogFile(server.storage(), assetsDir() / "catalog" / "2026.json").ok());
        REQUIRE(server::importPriimaCourses(server.storage(), 2026, kCourses, false).ok());
        server.setPin("1001", "482915");
        server.setPin("1005", "318406");
        REQUIRE(terminal.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
        REQUIRE(terminal.sync().reachable);
    }

    CommandResult import(const char* command, const std::string& csv, const std::vector<std::string>& extra = {}) {
        const std::string file = (server.dir.path() / "suoritukset.csv").string();
        std::ofstream(file, std::ios::binary | std::ios::trunc) << csv;
        std::vector<std::string> args{
            "--data", (server.dir.path() / "data").string(), "--assets", assetsDir().string(), command, file};
        args.insert(args.end(), extra.begin(), extra.end());
        return runServerCommand(args);
    }

    std::vector<sync::Completion> stored(const std::string& staffNumber) {
        auto rows = server.storage().completionsOf({staffNumber});
        REQUIRE(rows.ok());
        return *rows;
    }

    // Helena records Aino's discussion with one goal naming the Priima course.
    void agreeOnTheCourse() {
        REQUIRE(terminal.login("1005", "318406"));
        terminal.pullFor("1005");
        terminal.app->openAgreement("1001");
        auto& e = terminal.app->editor();
        REQUIRE(e.kind == kiosk::RecordKind::Agreement);
        e.development.goals = {{"Dokumentoin sujuvasti", "", {"priima.pr_101", "learning_by_doing"}}};
        for (domain::CompetenceRating& r : e.development.ratings) r.value = 4;
        terminal.app->editing().markEdited();
        terminal.app->editing().submitRecord();
        terminal.app->settle();
        REQUIRE(terminal.app->screen() == kiosk::Screen::Home);
        terminal.app->logout();
        terminal.app->settle();
        REQUIRE(terminal.sync().stored == 1);
    }
};

bool has(const std::string& output, const std::string& text) { return output.find(text) != std::string::npos; }

}  // namespace

TEST_CASE_FIXTURE(Completions, "a completions file with a bad row is refused whole, naming each bad line") {
    const CommandResult refused = import("priima-completions",
                                         "henkilönumero;koodi;suoritettu\n"
                                         "1001;PR-101;2026-05-04\n"
                                         "9999;PR-101;2026-05-04\n"
                                         "1005;PR-999;4.5.2026\n"
                                         "1005;PR-101;31.2.2026\n"
                                         "1005;PR-101;2099-01-01\n"
                                         "1001;pr_101;4.5.2026\n");
    CHECK(refused.exitCode == 2);
    CHECK(has(refused.output, "line 3: henkilönumero '9999' is not on the roster"));
    CHECK(has(refused.output, "line 4: koodi 'PR-999' is not a Priima course of any published catalogue"));
    CHECK(has(refused.output, "line 5: suoritettu '31.2.2026' is not a date"));
    CHECK(has(refused.output, "line 6: suoritettu 2099-01-01 is in the future"));
    CHECK(has(refused.output, "line 7: the same as line 2"));
    CHECK_FALSE(has(refused.output, "line 2:"));
    CHECK(stored("1001").empty());  // not the good row either
    CHECK(stored("1005").empty());

    const CommandResult noColumn = import("priima-completions", "henkilönumero;koodi\n1001;PR-101\n");
    CHECK(noColumn.exitCode == 2);
    CHECK(has(noColumn.output, "line 1: column 'suoritettu' is missing"));
    const CommandResult oss = import("oss-import-trainings",
                                     "henkilönumero;koulutus;päättyi;tunnit\n"
                                     "1001;Ensiapu 1;14.3.2026;7,5\n"
                                     "1001;;14.3.2026;2\n"
                                     "1001;Hygieniapassi;14.3.2026;paljon\n");
    CHECK(oss.exitCode == 2);
    CHECK(has(oss.output, "line 3: koulutus must be"));
    CHECK(has(oss.output, "line 4: tunnit 'paljon' is not a number of hours"));
    CHECK(stored("1001").empty());
}

TEST_CASE_FIXTURE(Completions,
                  "a completion shows beside the goal at the person's terminal and to the manager, once however "
                  "often imported") {
    agreeOnTheCourse();
    const std::string csv = "\xEF\xBB\xBFhenkilönumero,koodi,suoritettu\r\n1001,PR-101,4.5.2026\r\n";
    const CommandResult dry = import("priima-completions", csv, {"--dry-run"});
    REQUIRE_MESSAGE(dry.exitCode == 0, dry.output);
    CHECK(has(dry.output, "1 rows: 1 new, 0 imported earlier"));
    CHECK(stored("1001").empty());
    const CommandResult done = import("priima-completions", csv);
    REQUIRE_MESSAGE(done.exitCode == 0, done.output);
    CHECK(has(done.output, "1 rows: 1 new"));
    const CommandResult again = import("priima-completions", csv);
    REQUIRE_MESSAGE(again.exitCode == 0, again.output);
    CHECK(has(again.output, "1 rows: 0 new, 1 imported earlier"));
    REQUIRE(stored("1001").size() == 1);
    CHECK(stored("1001")[0] == sync::Completion{"1001", "priima", "pr_101", "", "2026-05-04", 0});

    // Aino in 2027 follows up the goal agreed in 2026: the course's completion is beside it.
    terminal.clock.setDate({2027, 2, 10});
    REQUIRE(terminal.login("1001", "482915"));
    terminal.pullFor("1001");
    const kiosk::TeamRecord* agreed = terminal.app->agreementToFollowUp();
    REQUIRE(agreed != nullptr);
    REQUIRE(agreed->development.goals.size() == 1);
    const sync::Completion* done1001 =
        kiosk::priimaCompletionOf(*terminal.app->session(), "1001", agreed->development.goals[0].methodIds);
    REQUIRE(done1001 != nullptr);
    CHECK(domain::finnishDate(done1001->date) == "4.5.2026");
    CHECK(kiosk::priimaCompletionOf(*terminal.app->session(), "1001", {"learning_by_doing"}) == nullptr);
    terminal.app->logout();
    terminal.app->settle();

    // Helena, her manager, has it too; the server logged that it went to her.
    REQUIRE(terminal.login("1005", "318406"));
    terminal.pullFor("1005");
    CHECK(kiosk::completionsOf(*terminal.app->session(), "1001").size() == 1);
    terminal.app->logout();
    terminal.app->settle();
    auto reads = server.storage().readsAbout("1001");
    REQUIRE(reads.ok());
    CHECK(std::any_of(reads->begin(), reads->end(), [](const server::ReadSummary& r) {
        return r.recordId == "completions:1001" && r.reader == "1005";
    }));
}

TEST_CASE_FIXTURE(Completions, "Oss's trainings reach the person's and the manager's terminal, once") {
    const std::string csv =
        "henkilönumero;koulutus;päättyi;tunnit\n1001;\"Ensiapu 1; "
        "EA1\";14.3.2026;7,5\n1001;Hygieniapassi;2026-04-02;\n";
    const CommandResult done = import("oss-import-trainings", csv);
    REQUIRE_MESSAGE(done.exitCode == 0, done.output);
    CHECK(has(done.output, "2 rows: 2 new, 0 imported earlier"));
    CHECK(has(import("oss-import-trainings", csv).output, "2 rows: 0 new, 2 imported earlier"));
    REQUIRE(stored("1001").size() == 2);
    CHECK(stored("1001")[0] == sync::Completion{"1001", "oss", "", "Ensiapu 1; EA1", "2026-03-14", 450});
    // In her subject-access file too.
    const CommandResult file = runServerCommand({"--data", (server.dir.path() / "data").string(), "--keys",
                                                 (server.dir.path() / "keys").string(), "--assets",
                                                 assetsDir().string(), "person-data", "1001"});
    REQUIRE_MESSAGE(file.exitCode == 0, file.output);
    CHECK(has(file.output, "## Suoritukset Priimassa ja Ossissa"));
    CHECK(has(file.output, "- Ensiapu 1; EA1 (koulutus Ossissa, 14.3.2026, 7,5 h)"));

    for (const auto& [who, pin] : {std::pair{"1001", "482915"}, std::pair{"1005", "318406"}}) {
        REQUIRE(terminal.login(who, pin));
        terminal.pullFor(who);
        const auto seen = kiosk::completionsOf(*terminal.app->session(), "1001");
        REQUIRE(seen.size() == 2);
        CHECK(seen[0]->name == "Ensiapu 1; EA1");
        CHECK(seen[1]->name == "Hygieniapassi");
        terminal.app->logout();
        terminal.app->settle();
    }
    // A colleague of the same unit sees none of them.
    server.setPin("1002", "736104");
    REQUIRE(terminal.sync().reachable);
    REQUIRE(terminal.login("1002", "736104"));
    terminal.pullFor("1002");
    CHECK(terminal.app->session()->completions.empty());
}

TEST_CASE_FIXTURE(Completions, "a leaver's completions go with them") {
    REQUIRE(import("priima-completions", "henkilönumero;koodi;suoritettu\n1001;PR-101;2026-05-04\n").exitCode == 0);
    auto entry = server.storage().person("1001");
    REQUIRE(entry.ok());
    REQUIRE(entry->has_value());
    std::vector<server::Departure> gone{{0, "pk_tahtitaivas", 1, true, **entry}};
    REQUIRE(server.storage().recordDepartures(gone).ok());
    CHECK(stored("1001").empty());
}

TEST_CASE_FIXTURE(Completions, "a wrong import is taken out with --remove, logged, and all or nothing") {
    REQUIRE(
        import("oss-import-trainings",
               "henkilönumero;koulutus;päättyi;tunnit\n1001;Ensiapu 1;14.3.2026;7,5\n1005;Ensiapu 1;14.3.2026;7,5\n")
            .exitCode == 0);
    // A row that is not stored refuses the file, naming it; the stored one stays too.
    const CommandResult refused = import("oss-import-trainings",
                                         "henkilönumero;koulutus;päättyi;tunnit\n1001;Ensiapu 1;14.3.2026;7,5\n"
                                         "1001;Ensiapu 2;14.3.2026;7,5\n",
                                         {"--remove"});
    CHECK(refused.exitCode == 2);
    CHECK(has(refused.output, "not stored, so not removed: 1001 oss 'Ensiapu 2' 2026-03-14 7,5 h"));
    CHECK(stored("1001").size() == 1);
    // A dry run says what would go; the hours need not match (they are not part of the key).
    const std::string wrong = "henkilönumero;koulutus;päättyi;tunnit\n1001;Ensiapu 1;14.3.2026;\n";
    const CommandResult dry = import("oss-import-trainings", wrong, {"--remove", "--dry-run"});
    REQUIRE_MESSAGE(dry.exitCode == 0, dry.output);
    CHECK(has(dry.output, "would remove: 1001 oss 'Ensiapu 1' 2026-03-14"));
    CHECK(stored("1001").size() == 1);
    const CommandResult removed = import("oss-import-trainings", wrong, {"--remove"});
    REQUIRE_MESSAGE(removed.exitCode == 0, removed.output);
    CHECK(has(removed.output, "removed by "));
    CHECK(has(removed.output, "1 rows: 1 removed"));
    CHECK(stored("1001").empty());
    CHECK(stored("1005").size() == 1);  // someone else's same training stays
    // The right hours are then imported as a new row.
    REQUIRE(import("oss-import-trainings", "henkilönumero;koulutus;päättyi;tunnit\n1001;Ensiapu 1;14.3.2026;4\n")
                .exitCode == 0);
    REQUIRE(stored("1001").size() == 1);
    CHECK(stored("1001")[0].minutes == 240);
}

TEST_CASE_FIXTURE(Completions, "HR's Priima figure counts the agreed goal naming the course, and its completion") {
    // What HR's figures count of one person (hr/priima_goals.h): goals, completed.
    const auto counted = [this](const std::string& staffNumber) {
        auto done = server::priimaCompleted(server.storage(), {staffNumber});
        REQUIRE(done.ok());
        server::SubmittedDiscussion s;
        REQUIRE(server::countAgreedPriimaGoals(server.storage(), server.keys(), 2026, staffNumber, *done, s).ok());
        return std::pair{s.priimaGoals, s.priimaCompleted};
    };
    agreeOnTheCourse();
    CHECK(counted("1001") == std::pair{1, 0});
    REQUIRE(import("priima-completions", "henkilönumero;koodi;suoritettu\n1001;PR-101;2026-05-04\n").exitCode == 0);
    CHECK(counted("1001") == std::pair{1, 1});
    CHECK(counted("1002") == std::pair{0, 0});  // no agreement: nothing counted
}

// Priima's course list (issue 17): a list with a bad row is refused whole, naming the line, and
// changes nothing; a good one becomes learning methods of the year's catalogue, which a kiosk of
// the real client code takes at its next sync and a goal can name; a later list keeps the courses
// it no longer has, so no goal that names one becomes invalid.
#include "sync_server/server_process.h"
#include "sync_server/sync_harness.h"

#include "ops/priima_courses.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

using namespace osm;
using namespace osm::test;

namespace {

constexpr const char* kGoodList =
    "\xEF\xBB\xBFkoodi;nimi;nimi_sv;nimi_en;kategoria\r\n"
    "PR-101;Digitaalinen dokumentointi varhaiskasvatuksessa;;;formal_training\r\n"
    "PR-102;\"Vuorovaikutus; perusteet\";Interaktion;Interaction;learning_together\r\n";

struct Published {
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness terminal{http};

    Published() {
        REQUIRE(server::publishCatalogFile(server.storage(), assetsDir() / "catalog" / "2026.json").ok());
        server.setPin("1001", "482915");
        REQUIRE(terminal.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
        REQUIRE(terminal.sync().reachable);
    }

    std::string published() {
        auto text = server.storage().catalog(2026);
        REQUIRE(text.ok());
        REQUIRE(text->has_value());
        return **text;
    }

    CommandResult importFile(const std::string& csv, const std::vector<std::string>& extra = {}) {
        const std::string file = (server.dir.path() / "kurssit.csv").string();
        std::ofstream(file, std::ios::binary | std::ios::trunc) << csv;
        std::vector<std::string> args{"--data",         (server.dir.path() / "data").string(),
                                      "--assets",       assetsDir().string(),
                                      "priima-courses", file,
                                      "--year",         "2026"};
        args.insert(args.end(), extra.begin(), extra.end());
        return runServerCommand(args);
    }
};

}  // namespace

TEST_CASE_FIXTURE(Published, "a course list with a bad row is refused whole, naming the line") {
    const std::string before = published();
    const CommandResult refused = importFile(std::string(kGoodList) +
                                             "PR-103;Johtamisen polku;;;leadership_courses\r\n"
                                             "PR 104;;;;formal_training\r\n"
                                             "PR-101;Sama koodi uudelleen;;;formal_training\r\n");
    CHECK(refused.exitCode == 2);
    CHECK(refused.output.find("line 4: kategoria 'leadership_courses' is not a learning category") !=
          std::string::npos);
    CHECK(refused.output.find("line 5: koodi must be") != std::string::npos);
    CHECK(refused.output.find("line 5: nimi is empty") != std::string::npos);
    CHECK(refused.output.find("line 6: koodi pr_101 is on line 2 already") != std::string::npos);
    CHECK(published() == before);  // not one course of the good rows either

    const CommandResult noColumn = importFile("koodi;nimi;kategoria\nPR-1;Kurssi;formal_training\n");
    CHECK(noColumn.exitCode == 2);
    CHECK(noColumn.output.find("line 1: column 'nimi_sv' is missing") != std::string::npos);
    const CommandResult broken = importFile(std::string(kGoodList) + "PR-9;\"auki jäänyt;;;formal_training\n");
    CHECK(broken.exitCode == 2);
    CHECK(broken.output.find("line 4: a quoted field is not closed") != std::string::npos);
    CHECK(published() == before);
    auto noYear = server::importPriimaCourses(server.storage(), 2031, kGoodList, false);
    REQUIRE_FALSE(noYear.ok());
    CHECK(noYear.error().code == ErrorCode::NotFound);
}

TEST_CASE_FIXTURE(Published,
                  "a good list's courses reach the kiosk's goals at the next sync, and a goal can name one") {
    const CommandResult dry = importFile(kGoodList, {"--dry-run"});
    REQUIRE_MESSAGE(dry.exitCode == 0, dry.output);
    CHECK(dry.output.find("2 courses added") != std::string::npos);
    CHECK(terminal.sync().reachable);
    CHECK(terminal.app->catalog().findMethod("priima.pr_101") == nullptr);  // a dry run changes nothing

    // Published while Aino is signed in: her open session keeps the catalogue it began with.
    REQUIRE(terminal.login("1001", "482915"));
    const CommandResult done = importFile(kGoodList);
    REQUIRE_MESSAGE(done.exitCode == 0, done.output);
    CHECK(terminal.sync().catalogsUpdated == 1);
    CHECK(terminal.app->catalog().findMethod("priima.pr_101") == nullptr);
    terminal.app->logout();
    terminal.app->settle();
    const catalog::Catalog& catalogue = terminal.app->catalog();
    const catalog::LearningMethod* course = catalogue.findMethod("priima.pr_101");
    REQUIRE(course != nullptr);
    CHECK(course->name.fi == "Digitaalinen dokumentointi varhaiskasvatuksessa");
    CHECK(course->name.sv == course->name.fi);  // no Swedish name in the list: the Finnish one
    CHECK(catalogue.categoryOfMethod("priima.pr_101")->id == "formal_training");
    REQUIRE(catalogue.findMethod("priima.pr_102") != nullptr);
    CHECK(catalogue.findMethod("priima.pr_102")->name.fi == "Vuorovaikutus; perusteet");
    CHECK(catalogue.categoryOfMethod("priima.pr_102")->id == "learning_together");

    // Aino's goal names the course; the server takes the pre-form.
    REQUIRE(terminal.login("1001", "482915"));
    terminal.app->editing().openCard(terminal.app->dueCards().front());
    auto& e = terminal.app->editor();
    e.development.answers["past_year.review"] = "Hyvä vuosi";
    for (domain::CompetenceRating& r : e.development.ratings) r.value = 3;
    e.development.goals.push_back({"Dokumentoin sujuvasti", "", {"priima.pr_101", "mentoring"}});
    terminal.app->editing().markEdited();
    terminal.app->editing().submitRecord();
    terminal.app->settle();
    REQUIRE(terminal.app->screen() == kiosk::Screen::Home);
    terminal.app->logout();
    CHECK(terminal.sync().stored == 1);

    // A later list without PR-101 keeps it (her goal names it), renames PR-102 and adds one.
    const CommandResult later = importFile(
        "koodi,nimi,nimi_sv,nimi_en,kategoria\n"
        "PR-102,Vuorovaikutuksen perusteet,Interaktion,Interaction,learning_together\n"
        "PR-201,Kielitietoinen varhaiskasvatus,,,formal_training\n");
    REQUIRE_MESSAGE(later.exitCode == 0, later.output);
    CHECK(later.output.find("1 courses added, 1 changed, 0 unchanged, 1 from earlier lists kept") != std::string::npos);
    REQUIRE(terminal.sync().reachable);
    CHECK(terminal.app->catalog().findMethod("priima.pr_101") != nullptr);
    CHECK(terminal.app->catalog().findMethod("priima.pr_102")->name.fi == "Vuorovaikutuksen perusteet");
    CHECK(terminal.app->catalog().findMethod("priima.pr_201") != nullptr);
}

TEST_CASE("the merge keeps every method the catalogue had") {
    auto catalogue = catalog::loadCatalogYear(assetsDir(), 2026);
    REQUIRE(catalogue.ok());
    auto courses = server::parsePriimaCourses(kGoodList, *catalogue);
    REQUIRE(courses.ok());
    REQUIRE(courses->size() == 2);
    CHECK(courses->at(1).line == 3);
    auto text = readTextFile((assetsDir() / "catalog" / "2026.json").string());
    REQUIRE(text.ok());
    auto merged = server::mergePriimaCourses(*text, *courses);
    REQUIRE(merged.ok());
    auto after = catalog::parseCatalog(merged->catalogJson, "merged");
    REQUIRE(after.ok());
    for (const catalog::LearningCategory& category : catalogue->categories) {
        for (const catalog::LearningMethod& method : category.methods) {
            INFO(method.id);
            CHECK(after->categoryOfMethod(method.id) != nullptr);
        }
    }
    CHECK(server::parsePriimaCourses("", *catalogue).error().code == ErrorCode::InvalidInput);
}

TEST_CASE("a course name that is not well-formed UTF-8 is refused by line, not thrown on when merged") {
    // The fuzzer's find: an overlong form (C0 91) passed the old check, and writing the merged
    // catalogue threw. Each bad name is now named by its line.
    auto catalogue = catalog::loadCatalogYear(assetsDir(), 2026);
    REQUIRE(catalogue.ok());
    const std::string list = std::string(kGoodList) +
                             "PR-103;Kirjaaminen;;\xC0\x91llion;formal_training\r\n"
                             "PR-104;Tunnetaidot \xED\xA0\x80;;;learning_together\r\n"
                             "PR-105;Kieli \xF4\x90\x80\x80;;;formal_training\r\n";
    auto courses = server::parsePriimaCourses(list, *catalogue);
    REQUIRE_FALSE(courses.ok());
    const std::string& message = courses.error().message;
    CHECK(message.find("line 4: a name is over 300 bytes or not plain UTF-8 text") != std::string::npos);
    CHECK(message.find("line 5: a name is over 300 bytes or not plain UTF-8 text") != std::string::npos);
    CHECK(message.find("line 6: a name is over 300 bytes or not plain UTF-8 text") != std::string::npos);
}

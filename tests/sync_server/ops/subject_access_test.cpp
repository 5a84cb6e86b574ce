// A person's own data (GDPR art. 15): records made through kiosks of the real client code on
// the real server, then exported for one person by the library call and by the real binary.
// The export holds her answers, her manager's record of their discussion and the facts of the
// group discussion she took part in, and nothing anyone else wrote.
#include "sync_server/server_process.h"
#include "sync_server/sync_harness.h"

#include "domain/discussion.h"
#include "ops/subject_access.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>

using namespace osm;
using namespace osm::test;

namespace {

struct People {
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness terminal{http};

    People() {
        REQUIRE(server::publishCatalogFile(server.storage(), assetsDir() / "catalog" / "2026.json").ok());
        server.setPin("1001", "482915");
        server.setPin("1002", "735104");
        server.setPin("1005", "318406");
        REQUIRE(terminal.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
        REQUIRE(terminal.sync().reachable);
    }

    // Opens the first card the person has due now, of the wanted kind, and fills in every answer.
    void fillDue(const std::string& who, const std::string& pin, bool group, const std::string& text) {
        REQUIRE(terminal.login(who, pin));
        const auto cards = terminal.app->dueCards();
        auto card = std::find_if(cards.begin(), cards.end(), [&](const kiosk::DueCard& c) {
            return c.groupKind.empty() != group && !c.onLeadersWeb && c.dueNow;
        });
        REQUIRE(card != cards.end());
        terminal.app->editing().openCard(*card);
        auto& e = terminal.app->editor();
        if (group) {
            e.group.participants = {"1005", "1001"};
            for (const catalog::Section& s : terminal.app->catalog().findForm(e.group.formId)->sections) {
                for (const catalog::Question& q : s.questions) e.group.answers[domain::answerKey(s.id, q.id)] = text;
            }
        } else {
            e.development.answers["past_year.review"] = text;
            for (domain::CompetenceRating& r : e.development.ratings) r.value = 4;
            e.development.goals.push_back({"Tavoite " + text, "", {"mentoring"}});
        }
    }

    void submit() {
        terminal.app->editing().markEdited();
        terminal.app->editing().submitRecord();
        terminal.app->settle();
        REQUIRE(terminal.app->screen() == kiosk::Screen::Home);
        terminal.app->logout();
        REQUIRE(terminal.sync().stored >= 1);
    }
};

}  // namespace

TEST_CASE_FIXTURE(People, "a person's own data holds her records and their history, and nobody else's words") {
    fillDue("1001", "482915", false, "OMA-ENNAKKO-7711");
    submit();
    fillDue("1002", "735104", false, "TOISEN-ENNAKKO-5521");
    submit();
    // The director records the discussion with Aino.
    REQUIRE(terminal.login("1005", "318406"));
    terminal.pullFor("1005");
    terminal.app->openAgreement("1001");
    terminal.app->editor().development.answers["past_year.review"] = "JOHTAJAN-MUISTIO-4242";
    for (domain::CompetenceRating& r : terminal.app->editor().development.ratings) r.value = 3;
    submit();
    // A group discussion of the next year that Aino took part in, and a draft of her own.
    terminal.clock.setDate({2027, 2, 10});
    fillDue("1005", "318406", true, "RYHMÄN-PUHEENVUORO-9090");
    submit();

    auto text =
        server::subjectAccessExport(server.storage(), server.keys(), assetsDir(), {"1001", catalog::Lang::Fi, 0});
    REQUIRE(text.ok());
    CHECK(text->find("Aino Virtanen") != std::string::npos);
    CHECK(text->find("Roolit: työntekijä") != std::string::npos);
    CHECK(text->find("OMA-ENNAKKO-7711") != std::string::npos);
    CHECK(text->find("Tavoite OMA-ENNAKKO-7711") != std::string::npos);
    CHECK(text->find("JOHTAJAN-MUISTIO-4242") != std::string::npos);  // the record about her
    CHECK(text->find("Helena Laine (1005)") != std::string::npos);    // her manager, and the group's recorder
    CHECK(text->find(domain::agreementRecordId(2026, "1001")) != std::string::npos);
    CHECK(text->find("Ryhmäkeskustelut, joihin osallistuit") != std::string::npos);
    // Nobody else's words: not Mikko's pre-form, not the group's contributions.
    CHECK(text->find("TOISEN-ENNAKKO-5521") == std::string::npos);
    CHECK(text->find("RYHMÄN-PUHEENVUORO-9090") == std::string::npos);
    // Mikko's export has his pre-form and not Aino's, nor her agreement, nor the group he was not in.
    auto his =
        server::subjectAccessExport(server.storage(), server.keys(), assetsDir(), {"1002", catalog::Lang::En, 0});
    REQUIRE(his.ok());
    CHECK(his->find("TOISEN-ENNAKKO-5521") != std::string::npos);
    CHECK(his->find("OMA-ENNAKKO-7711") == std::string::npos);
    CHECK(his->find("JOHTAJAN-MUISTIO-4242") == std::string::npos);
    CHECK(his->find("Group discussions you took part in") == std::string::npos);

    auto unknown =
        server::subjectAccessExport(server.storage(), server.keys(), assetsDir(), {"9999", catalog::Lang::Fi, 0});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == ErrorCode::NotFound);
}

TEST_CASE_FIXTURE(People, "a draft is listed as sealed to its author, and the binary writes a private new file") {
    fillDue("1001", "482915", false, "LUONNOS-3131");
    terminal.app->editing().markEdited();
    terminal.app->settle();
    terminal.app->logout();
    REQUIRE(terminal.sync().stored == 1);

    const std::string out = (server.dir.path() / "aino.md").string();
    const std::vector<std::string> args{"--data",      (server.dir.path() / "data").string(),
                                        "--keys",      (server.dir.path() / "keys").string(),
                                        "--assets",    assetsDir().string(),
                                        "person-data", "1001",
                                        "--lang",      "sv",
                                        "--out",       out};
    const CommandResult done = runServerCommand(args);
    REQUIRE_MESSAGE(done.exitCode == 0, done.output);
    const std::string file = readFile(out);
    CHECK(file.find("Personuppgifter i Osaamissilta") != std::string::npos);
    CHECK(file.find("utkast") != std::string::npos);
    CHECK(file.find("LUONNOS-3131") == std::string::npos);  // the server cannot open a draft
    struct stat st {};
    REQUIRE(::stat(out.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    // Never over an existing file.
    const CommandResult again = runServerCommand(args);
    CHECK(again.exitCode != 0);
    CHECK(again.output.find("cannot create") != std::string::npos);
}

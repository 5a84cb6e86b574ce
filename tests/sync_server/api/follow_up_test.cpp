// The follow-up of agreed goals end to end (issue 15), on the real server with kiosks of the real
// client code: a daycare employee's goals agreed in 2026 are followed up in her next individual
// year, 2028, at another terminal of her unit; she marks them, and the marks reach her manager.
// The server takes only the three marks.
#include "sync_server/api/signed_fixture.h"

#include <doctest/doctest.h>

#include <fstream>

using namespace osm;
using namespace osm::test;

namespace {

// A daycare with two terminals; HR has published the catalogue of 2026 and (the same model) of 2028.
struct Daycare {
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness a{http};  // where the 2026 discussion was held
    KioskHarness b{http};  // the break room's terminal, used in 2028

    Daycare() {
        REQUIRE(server::publishCatalogFile(server.storage(), assetsDir() / "catalog" / "2026.json").ok());
        std::string catalogue = readFile(assetsDir() / "catalog" / "2026.json");
        const std::string year = "\"year\": 2026";
        REQUIRE(catalogue.find(year) != std::string::npos);
        catalogue.replace(catalogue.find(year), year.size(), "\"year\": 2028");
        const auto file = server.dir.path() / "2028.json";
        std::ofstream(file) << catalogue;
        REQUIRE(server::publishCatalogFile(server.storage(), file).ok());
        server.setPin("1001", "482915");
        server.setPin("1005", "318406");
        REQUIRE(a.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
        REQUIRE(b.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
        REQUIRE(a.sync().reachable);
        REQUIRE(b.sync().reachable);
    }

    // Aino's pre-form at `kiosk`, every competence rated and one goal, submitted; `marks` are
    // given to the goals she follows up, in order.
    void submitPreForm(KioskHarness& kiosk, const std::vector<std::string>& marks) {
        REQUIRE(kiosk.login("1001", "482915"));
        kiosk.pullFor("1001");
        kiosk.app->editing().openCard(kiosk.app->dueCards().front());
        REQUIRE(kiosk.app->editor().development.followUp.size() == marks.size());
        for (std::size_t i = 0; i < marks.size(); ++i) {
            kiosk.app->editing().setFollowUpMark(i, marks[i]);
            kiosk.app->editing().setFollowUpComment(i, "SEURANTA-" + std::to_string(i));
        }
        for (domain::CompetenceRating& r : kiosk.app->editor().development.ratings) r.value = 3;
        kiosk.app->editor().development.goals.push_back({"Ehdotan uutta", "", {"mentoring"}});
        kiosk.app->editing().markEdited();
        kiosk.app->editing().goToReview();
        CHECK(kiosk.app->editor().issues.empty());
        kiosk.app->editing().submitRecord();
        kiosk.app->settle();
        REQUIRE(kiosk.app->screen() == kiosk::Screen::Home);
        kiosk.app->logout();
        kiosk.app->settle();
        REQUIRE(kiosk.sync().stored == 1);
    }

    // Helena records Aino's discussion at A with these agreed goals.
    void recordAgreement(const std::vector<std::string>& goals) {
        REQUIRE(a.login("1005", "318406"));
        a.pullFor("1005");
        a.app->openAgreement("1001");
        auto& e = a.app->editor();
        REQUIRE(e.kind == kiosk::RecordKind::Agreement);
        e.development.goals.clear();
        for (const std::string& goal : goals) e.development.goals.push_back({goal, "", {"learning_by_doing"}});
        for (domain::CompetenceRating& r : e.development.ratings) r.value = 4;
        a.app->editing().markEdited();
        a.app->editing().submitRecord();
        a.app->settle();
        REQUIRE(a.app->screen() == kiosk::Screen::Home);
        a.app->logout();
        a.app->settle();
        REQUIRE(a.sync().stored == 1);
    }
};

}  // namespace

TEST_CASE_FIXTURE(Daycare,
                  "goals agreed in 2026 are followed up in 2028 at another terminal, and the marks reach "
                  "the manager") {
    submitPreForm(a, {});
    recordAgreement({"METSÄKASVATUS-2026", "DOKUMENTOINTI-2026"});

    // 2027 is a group year in early childhood education; in 2028 Aino is at B, which never held
    // anything of hers.
    b.clock.setDate({2028, 2, 10});
    REQUIRE(b.login("1001", "482915"));
    b.pullFor("1001");
    const kiosk::TeamRecord* agreed = b.app->agreementToFollowUp();
    REQUIRE(agreed != nullptr);
    CHECK(agreed->year == 2026);
    REQUIRE(agreed->development.goals.size() == 2);
    CHECK(agreed->development.goals[0].text == "METSÄKASVATUS-2026");
    b.app->logout();
    b.app->settle();
    submitPreForm(b, {"achieved", "not_yet"});

    // Helena, in 2028, reads the marks on the pre-form and has them beside the discussion.
    a.clock.setDate({2028, 2, 20});
    REQUIRE(a.login("1005", "318406"));
    a.pullFor("1005");
    const kiosk::TeamRecord* preForm = a.app->teamRecordOf("1001", kiosk::RecordKind::Development);
    REQUIRE(preForm != nullptr);
    CHECK(preForm->year == 2028);
    const auto& followUp = preForm->development.followUp;
    REQUIRE(followUp.size() == 2);
    CHECK(followUp[0].text == "METSÄKASVATUS-2026");
    CHECK(followUp[0].year == 2026);
    CHECK(followUp[0].mark == "achieved");
    CHECK(followUp[1].mark == "not_yet");
    CHECK(followUp[1].comment == "SEURANTA-1");
    a.app->openAgreement("1001");
    REQUIRE(a.app->editorPreForm() != nullptr);
    CHECK(a.app->editorPreForm()->followUp.size() == 2);
    CHECK(a.app->editor().development.followUp.empty());  // the manager's record does not copy them
}

TEST_CASE_FIXTURE(RightsFixture, "the server takes a followed-up goal only with one of the three marks") {
    using Kind = sync::RecordKindWire;
    domain::DevelopmentDiscussion d;
    d.formId = "development_discussion_staff";
    d.year = 2026;
    d.followUp = {{"Tavoite", 2024, "maybe", ""}};
    auto result = pushOne(submitted(Kind::Development, "r-seuranta", "1001", aino.personKey, domain::toJson(d)));
    CHECK(result["status"] == "refused");
    CHECK(result["code"] == "bad_request");
    CHECK(result["message"].get<std::string>().find("follow_up[0].mark") != std::string::npos);
    d.followUp = {{"Tavoite", 2026, "achieved", ""}};  // not of an earlier year
    result = pushOne(submitted(Kind::Development, "r-seuranta", "1001", aino.personKey, domain::toJson(d)));
    CHECK(result["code"] == "bad_request");
    d.followUp = {{"Tavoite", 2024, "partly", "Puolet"}};
    result = pushOne(submitted(Kind::Development, "r-seuranta", "1001", aino.personKey, domain::toJson(d)));
    CHECK(result["status"] == "stored");
}

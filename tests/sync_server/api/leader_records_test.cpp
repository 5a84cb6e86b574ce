// What the leaders' web writes is what a kiosk reads: a daycare director records a kiosk
// employee's discussion on the web, after the employee's pre-form came from the break-room
// terminal, and the employee confirms it there with the real client code (the kiosk's hash of
// the content the web stored is the one the server checks). A draft the web sealed with the
// server's key never reaches a kiosk, which could not open it.
#include "sync_server/api/signed_fixture.h"
#include "sync_server/leaders/leaders_browser.h"
#include "sync_server/sync_harness.h"

#include "api/team_status.h"
#include "domain/discussion.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace osm;
using namespace osm::test;

TEST_CASE_FIXTURE(UnitTerminals, "a discussion recorded on the leaders' web is confirmed at the employee's kiosk") {
    submitPreForm(staff, "1001", "482915", "ENNAKKO-7731");
    REQUIRE(server::setLeaderPassword(server.storage(), "1005", "Johtaja-testi-2026").ok());
    server::LeadersWebOptions options;
    options.assetsDir = assetsDir();
    auto web = server::LeadersWeb::create(server.storage(), server.keys(), options).value();
    LeaderBrowser helena(*web);
    REQUIRE(helena.signIn("1005", "Johtaja-testi-2026").status == 303);
    const auto form = helena.get("/leaders/record/1001");
    REQUIRE(form.status == 200);
    CHECK(form.body.find("ENNAKKO-7731") != std::string::npos);
    std::string body =
        "csrf=" + LeaderBrowser::hidden(form.body, "csrf") +
        "&version=0&action=submit&a.past_year.review=VERKOSSA-5120&g0.text=Dokumentointi&g0.m.mentoring=1";
    for (const char* c : {"staff.self_management", "staff.learning_and_renewal", "staff.thinking_and_problem_solving",
                          "staff.interaction_and_cooperation", "staff.technology_and_digital", "staff.professional"})
        body += std::string("&r.") + c + "=4";
    REQUIRE(helena.post("/leaders/record/1001", body).status == 303);

    REQUIRE(staff.login("1001", "482915"));
    staff.pullFor("1001");
    const kiosk::TeamRecord* agreement = staff.app->agreementForMe();
    REQUIRE(agreement != nullptr);
    CHECK(agreement->development.answers.at("past_year.review") == "VERKOSSA-5120");
    staff.app->openTeamRecord(agreement->owner, kiosk::RecordKind::Agreement);
    REQUIRE(staff.app->screen() == kiosk::Screen::TeamRecord);
    staff.app->confirmAgreement();
    staff.app->settle();
    CHECK(staff.sync().stored == 1);
    CHECK(server::teamStatusOf(server.storage(), "1001", 2026).confirmedVersion == 1);
}

TEST_CASE_FIXTURE(RightsFixture, "a draft written on the leaders' web is not in its author's kiosk pull") {
    REQUIRE(server::setLeaderPassword(server.storage(), "1005", "Johtaja-testi-2026").ok());
    server::LeadersWebOptions options;
    options.assetsDir = assetsDir();
    auto web = server::LeadersWeb::create(server.storage(), server.keys(), options).value();
    LeaderBrowser browser(*web);
    REQUIRE(browser.signIn("1005", "Johtaja-testi-2026").status == 303);
    const std::string csrf = LeaderBrowser::hidden(browser.get("/leaders/record/1001").body, "csrf");
    REQUIRE(browser.post("/leaders/record/1001", "csrf=" + csrf + "&version=0&action=save&g0.text=Luonnos").status ==
            303);
    const std::string id = domain::agreementRecordId(2026, "1001");
    REQUIRE(server.storage().record(id).value()->sealedByServer);
    auto pull = [&] {
        const std::string body = R"({"cursor":0,"person":"1005"})";
        const auto h = sync::signRequest(device.key, device.id, "POST", "/api/v1/pull", body, unixNow(),
                                         &helena.personKey, "1005");
        const auto reply = http.post(server.url(), "/api/v1/pull", headersFor(h), body);
        REQUIRE(reply->status == 200);
        return json::parse(reply->body);
    };
    auto holds = [&](const json& list) {
        return std::any_of(list.begin(), list.end(), [&](const json& r) { return r["id"] == id; });
    };
    const json answer = pull();
    CHECK_FALSE(holds(answer.value("records", json::array())));
    CHECK_FALSE(holds(answer.value("shared", json::array())));
}

// A PIN code made on the leaders' page works at a kiosk of the director's unit: the code is taken
// from the printable slip the page shows, and typed at a kiosk of the real client code.
#include "sync_server/leaders/leaders_browser.h"
#include "sync_server/sync_harness.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::test;

TEST_CASE("a PIN code the daycare director makes on the leaders' page works at her unit's kiosk") {
    ServerHarness server;
    kiosk::HttpTransport http;
    KioskHarness kiosk{http};
    REQUIRE(kiosk.enrol(server.url(), server.enrolmentCode("pk_tahtitaivas")).ok());
    REQUIRE(server::setLeaderPassword(server.storage(), "1005", "Johtaja-testi-2026").ok());
    server::LeadersWebOptions options;
    options.assetsDir = assetsDir();
    auto web = server::LeadersWeb::create(server.storage(), server.keys(), options).value();

    LeaderBrowser director(*web);
    REQUIRE(director.signIn("1005", "Johtaja-testi-2026").status == 303);
    const auto slip = director.post("/leaders/pin", "csrf=" + director.csrf() + "&staff=1002");
    REQUIRE(slip.status == 200);
    const std::string marker = "id=\"pin-code\">";
    const std::size_t at = slip.body.find(marker);
    REQUIRE(at != std::string::npos);
    const std::string code = slip.body.substr(at + marker.size(), slip.body.find('<', at) - at - marker.size());
    CHECK(code.size() == 9);  // "7Q4K-2M9P"

    kiosk.sync();
    kiosk.app->start().staffNumber = "1002";
    kiosk.app->submitStaffNumber();
    kiosk.app->settle();
    REQUIRE(kiosk.app->screen() == kiosk::Screen::FirstUse);
    kiosk.app->firstUse().code = code;
    kiosk.app->firstUse().newPin = "613208";
    kiosk.app->firstUse().confirmPin = "613208";
    kiosk.app->submitFirstUse();
    kiosk.app->settle();
    CHECK(kiosk.app->screen() == kiosk::Screen::Home);
    kiosk.app->logout();
    CHECK(kiosk.sync().pinsSent == 1);
    CHECK_FALSE((*server.storage().person("1002"))->pin.empty());
}

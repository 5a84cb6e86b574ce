// The leaders' forms saved in the background (assets/web/leaders_autosave.js): the script served
// from the server's own origin, the CSP that lets only the form pages run it, and the JSON answer
// to a background save: the version stored, or a conflict that stores nothing and echoes nothing.
// Attacks: a stale, a forged, a cross-site and a signed-out background save change nothing.
#include "sync_server/leaders/leaders_fixture.h"

#include "domain/discussion.h"

#include <doctest/doctest.h>

using namespace osm;
using test::Leaders;

namespace {

constexpr const char* kMarker = "TAUSTATALLENNUS-3J6W";
const std::map<std::string, std::string> kJson{{"Accept", "application/json"}};

std::string header(const server::ApiResponse& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
        if (n == name) return v;
    }
    return {};
}

std::uint64_t ownVersion(server::SyncStorage& storage, const std::string& staff) {
    auto owned = storage.recordsOwnedBy(staff);
    REQUIRE(owned);
    for (const server::ServerRecord& r : *owned) {
        if (r.kind == sync::RecordKindWire::Development && r.year == 2026) return r.version;
    }
    return 0;
}

}  // namespace

TEST_CASE_FIXTURE(Leaders, "the autosave script comes from the server's own origin; only form pages may run it") {
    test::LeaderBrowser signedOut(*web);
    const auto script = signedOut.get("/leaders/autosave.js");
    CHECK(script.status == 200);
    CHECK(script.contentType == "text/javascript; charset=utf-8");
    CHECK(header(script, "X-Content-Type-Options") == "nosniff");
    CHECK(script.body.find("data-autosave") != std::string::npos);

    auto kaisa = signedIn("2004");
    const auto own = kaisa.get("/leaders/own");
    CHECK(header(own, "Content-Security-Policy").find("script-src 'self'; connect-src 'self'") != std::string::npos);
    CHECK(own.body.find("<script src=\"/leaders/autosave.js\" defer></script>") != std::string::npos);
    CHECK(own.body.find("data-autosave=\"2000\"") != std::string::npos);
    CHECK(own.body.find("data-text-saved=\"Tallennettu klo {0}\"") != std::string::npos);
    CHECK(own.body.find("aria-live=\"polite\"") != std::string::npos);
    // Pages without such a form run no script at all.
    for (const auto& page : {kaisa.get("/leaders/"), kaisa.get("/leaders/staff/2001"), signedOut.get("/leaders/")}) {
        CHECK(header(page, "Content-Security-Policy").find("script-src") == std::string::npos);
        CHECK(page.body.find("<script") == std::string::npos);
    }
}

TEST_CASE_FIXTURE(Leaders, "a background save answers the version stored; a stale one stores and echoes nothing") {
    auto kaisa = signedIn("2004");
    const std::string head = "csrf=" + kaisa.csrf() + "&action=save";
    const auto first = kaisa.post("/leaders/own", head + "&version=0&a.past_year.review=" + kMarker, kJson);
    CHECK(first.status == 200);
    CHECK(first.body == "{\"version\":1}");
    CHECK(header(first, "Cache-Control") == "no-store");
    CHECK(ownVersion(*storage, "2004") == 1);
    CHECK(kaisa.post("/leaders/own", head + "&version=1&a.past_year.review=" + kMarker + "+2", kJson).body ==
          "{\"version\":2}");

    // Another tab's page, made from version 1: refused, and the answer holds nothing typed.
    const auto stale = kaisa.post("/leaders/own", head + "&version=1&a.past_year.review=VANHA-TEKSTI", kJson);
    CHECK(stale.status == 409);
    CHECK(stale.body == "{\"problem\":\"conflict\",\"version\":2}");
    CHECK(ownVersion(*storage, "2004") == 2);

    const auto forged = kaisa.post("/leaders/own", head + "&version=2&a.no_such.question=x", kJson);
    CHECK(forged.status == 400);
    CHECK(forged.body == "{\"problem\":\"invalid\"}");
    const std::string tooLong(domain::kMaxAnswerBytes + 1, 'x');
    CHECK(kaisa.post("/leaders/own", head + "&version=2&a.past_year.review=" + tooLong, kJson).status == 400);
    CHECK(kaisa
              .post("/leaders/own", head + "&version=2&x=1",
                    {{"Accept", "application/json"}, {"Origin", "https://evil.example"}})
              .status == 403);
    test::LeaderBrowser signedOut(*web);
    CHECK(signedOut.post("/leaders/own", head + "&version=2", kJson).status == 403);
    CHECK(ownVersion(*storage, "2004") == 2);

    // Sent: a background save may not turn it back into a draft.
    REQUIRE(kaisa.post("/leaders/own", head + "&version=2&a.past_year.review=x").status == 303);
    const std::string csrf = kaisa.csrf();
    std::string complete = "csrf=" + csrf + "&version=3&action=submit&g0.text=Tavoite&g0.m.mentoring=1";
    for (const char* c : {"staff.self_management", "staff.learning_and_renewal", "staff.thinking_and_problem_solving",
                          "staff.interaction_and_cooperation", "staff.technology_and_digital", "staff.professional",
                          "manager.strategic_leadership", "manager.interaction", "manager.competence_management",
                          "manager.employment_and_recruitment", "manager.performance_management",
                          "manager.finance_and_knowledge", "manager.work_ability_and_wellbeing"})
        complete += std::string("&r.") + c + "=3";
    REQUIRE(kaisa.post("/leaders/own", complete).status == 303);
    CHECK(kaisa.post("/leaders/own", head + "&version=4", kJson).status == 409);
    CHECK(ownVersion(*storage, "2004") == 4);
}

TEST_CASE_FIXTURE(Leaders, "a discussion being recorded saves in the background until it is sent for confirmation") {
    auto helena = signedIn("1005");
    const auto form = helena.get("/leaders/record/1001");
    CHECK(form.body.find("data-autosave") != std::string::npos);
    const std::string head = "csrf=" + test::LeaderBrowser::hidden(form.body, "csrf") + "&action=save";
    const auto saved = helena.post("/leaders/record/1001", head + "&version=0&g0.text=" + kMarker, kJson);
    CHECK(saved.status == 200);
    CHECK(saved.body == "{\"version\":1}");
    CHECK(helena.post("/leaders/record/1001", head + "&version=0&g0.text=VANHA", kJson).status == 409);
    // Someone who may not record it: refused as without the script.
    auto pekka = signedIn("3001");
    const auto refused =
        pekka.post("/leaders/record/1001", "csrf=" + pekka.csrf() + "&action=save&version=1&g0.text=x", kJson);
    CHECK(refused.status == 403);
    CHECK(refused.body.find(kMarker) == std::string::npos);
    const auto draft = storage->record(domain::agreementRecordId(2026, "1001")).value();
    REQUIRE(draft);
    CHECK(draft->version == 1);
}

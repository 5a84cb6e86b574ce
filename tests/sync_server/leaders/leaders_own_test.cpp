// A manager's own pre-form on the leaders' web: the manager form (7 + 6 competences, goals with
// 70-20-10 methods, the follow-up of the goals agreed before), a draft sealed with the server's
// storage key and shown only to its author, saves refused when made from a stale version, and a
// submission checked as the kiosk's is. Attacks: forged, malformed and oversized fields, other
// people, other origins and signed-out browsers change nothing.
#include "sync_server/leaders/leaders_fixture.h"

#include "api/team_status.h"
#include "hr/hr_reports.h"
#include "crypto/aead.h"
#include "domain/discussion.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

using namespace osm;
using test::Leaders;

namespace {

constexpr const char* kMarker = "SALAINEN-LUONNOS-7Q4K";

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// A whole pre-form or record of the manager form (or with `manager` false, the staff form):
// every competence rated 3, one goal with a method.
std::string completeForm(bool manager = true) {
    std::string body = "&a.past_year.review=" + std::string(kMarker) + "&g0.text=Johda+muutosta&g0.m.mentoring=1";
    for (const char* c : {"staff.self_management", "staff.learning_and_renewal", "staff.thinking_and_problem_solving",
                          "staff.interaction_and_cooperation", "staff.technology_and_digital", "staff.professional"})
        body += std::string("&r.") + c + "=3";
    if (!manager) return body;
    for (const char* c : {"manager.strategic_leadership", "manager.interaction", "manager.competence_management",
                          "manager.employment_and_recruitment", "manager.performance_management",
                          "manager.finance_and_knowledge", "manager.work_ability_and_wellbeing"})
        body += std::string("&r.") + c + "=3";
    return body;
}

// Everything in the server's data folder (the database, its WAL), as bytes.
std::string dataFiles(const std::filesystem::path& folder) {
    std::string all;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        std::ifstream in(entry.path(), std::ios::binary);
        all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
}

std::optional<server::ServerRecord> ownRecord(server::SyncStorage& storage, const std::string& staff) {
    auto owned = storage.recordsOwnedBy(staff);
    REQUIRE(owned);
    for (const server::ServerRecord& r : *owned) {
        if (r.kind == sync::RecordKindWire::Development && r.year == 2026) return r;
    }
    return std::nullopt;
}

// Her supervisor's agreement about Kaisa (2004) of `year`, submitted as version `version`.
void putAgreement(server::SyncStorage& storage, const server::ServerKeys& keys, int year, std::uint64_t version,
                  const std::string& goal) {
    domain::Agreement agreement;
    agreement.employee = "2004";
    agreement.discussion.formId = "development_discussion_manager";
    agreement.discussion.year = year;
    agreement.discussion.goals = {{goal, "", {"mentoring"}}};
    server::ServerRecord r;
    r.id = domain::agreementRecordId(year, "2004");
    r.owner = "3001";
    r.kind = sync::RecordKindWire::Agreement;
    r.formId = agreement.discussion.formId;
    r.year = year;
    r.version = version;
    r.state = sync::RecordStateWire::Submitted;
    r.payload = crypto::seal(keys.storage, {r.id, r.owner, version}, domain::toJson(agreement)).value();
    r.contentHash = crypto::contentHash(r.payload);
    std::uint64_t stored = 0;
    REQUIRE(storage.putRecord(r, version - 1, stored).ok());
}

}  // namespace

TEST_CASE_FIXTURE(Leaders, "a principal fills in her own pre-form on the web: sealed draft, versions, submission") {
    auto kaisa = signedIn("2004");
    const auto empty = kaisa.get("/leaders/own");
    REQUIRE(empty.status == 200);
    CHECK(count(empty.body, "type=\"radio\" name=\"r.") == 13 * 5);  // 7 manager + 6 staff competences, 1–5
    CHECK(empty.body.find("name=\"g0.m.mentoring\"") != std::string::npos);
    const std::string csrf = test::LeaderBrowser::hidden(empty.body, "csrf");
    CHECK(test::LeaderBrowser::hidden(empty.body, "version") == "0");

    auto saved = kaisa.post("/leaders/own", "csrf=" + csrf + "&version=0&action=save&a.past_year.review=" + kMarker +
                                                "&r.manager.interaction=4");
    REQUIRE(saved.status == 303);
    auto draft = ownRecord(*storage, "2004");
    REQUIRE(draft);
    CHECK(draft->state == sync::RecordStateWire::Draft);
    CHECK(draft->sealedByServer);
    CHECK(draft->version == 1);
    CHECK(dataFiles(paths.dataDir).find(kMarker) == std::string::npos);
    const auto opened = crypto::open(keys->storage, {draft->id, draft->owner, 1}, draft->payload).value();
    CHECK(opened.find(kMarker) != std::string::npos);
    // Sealed with the storage key, so `rotate-keys` re-seals it with the submissions.
    const auto sealed = storage->sealedPayloads(false).value();
    CHECK(std::any_of(sealed.begin(), sealed.end(), [&](const server::SealedPayload& p) { return p.id == draft->id; }));
    const auto again = kaisa.get("/leaders/own", {{"saved", "1"}});
    CHECK(again.body.find(kMarker) != std::string::npos);
    CHECK(again.body.find("id=\"saved\"") != std::string::npos);
    CHECK(again.body.find("value=\"4\" checked") != std::string::npos);
    // Her supervisor sees that a draft exists, nothing of it.
    auto pekka = signedIn("3001");
    CHECK(pekka.get("/leaders/").body.find(kMarker) == std::string::npos);
    CHECK(pekka.get("/leaders/staff/2004").body.find(kMarker) == std::string::npos);
    CHECK(server::teamStatusOf(*storage, "2004", 2026).preForm == "draft");

    // A save from a tab opened before: refused, her text shown back, nothing stored over version 1.
    const auto stale = kaisa.post("/leaders/own", "csrf=" + csrf + "&version=0&action=save&a.past_year.review=VANHA");
    CHECK(stale.status == 409);
    CHECK(stale.body.find("id=\"conflict\"") != std::string::npos);
    CHECK(stale.body.find("VANHA") != std::string::npos);
    CHECK(test::LeaderBrowser::hidden(stale.body, "version") == "1");
    CHECK(ownRecord(*storage, "2004")->version == 1);

    // Submitting what is incomplete keeps it as a draft and says what is missing, beside the field.
    const auto incomplete = kaisa.post("/leaders/own", "csrf=" + csrf + "&version=1&action=submit");
    CHECK(incomplete.status == 400);
    CHECK(incomplete.body.find("id=\"r.manager.strategic_leadership-error\"") != std::string::npos);
    CHECK(incomplete.body.find("id=\"goals-error\"") != std::string::npos);
    CHECK(ownRecord(*storage, "2004")->state == sync::RecordStateWire::Draft);
    CHECK(ownRecord(*storage, "2004")->version == 2);

    REQUIRE(kaisa.post("/leaders/own", "csrf=" + csrf + "&version=2&action=submit" + completeForm()).status == 303);
    const auto submitted = ownRecord(*storage, "2004");
    CHECK(submitted->state == sync::RecordStateWire::Submitted);
    CHECK(submitted->version == 3);
    CHECK(dataFiles(paths.dataDir).find(kMarker) == std::string::npos);
    CHECK(kaisa.get("/leaders/own").body.find("id=\"own-submitted\"") != std::string::npos);
    CHECK(kaisa.post("/leaders/own", "csrf=" + csrf + "&version=3&action=save").status == 409);
    // Now her supervisor reads it, as a kiosk's pre-form.
    const auto read = pekka.get("/leaders/staff/2004");
    CHECK(read.status == 200);
    CHECK(read.body.find(kMarker) != std::string::npos);
    CHECK(server::teamStatusOf(*storage, "2004", 2026).preForm == "submitted");
}

TEST_CASE_FIXTURE(Leaders, "the own pre-form follows up the goals agreed in the previous discussion") {
    putAgreement(*storage, *keys, 2025, 1, "SOVITTU-2025");

    auto kaisa = signedIn("2004");
    const auto page = kaisa.get("/leaders/own");
    CHECK(page.body.find("SOVITTU-2025") != std::string::npos);
    const std::string csrf = test::LeaderBrowser::hidden(page.body, "csrf");
    const auto unmarked = kaisa.post("/leaders/own", "csrf=" + csrf + "&version=0&action=submit" + completeForm());
    CHECK(unmarked.status == 400);
    CHECK(unmarked.body.find("id=\"f0.mark-error\"") != std::string::npos);
    // The goal's text is the server's: a posted one is not a field of the form.
    CHECK(kaisa.post("/leaders/own", "csrf=" + csrf + "&version=1&action=save&f0.text=MUU").status == 400);
    REQUIRE(
        kaisa
            .post("/leaders/own",
                  "csrf=" + csrf + "&version=1&action=submit&f0.mark=partly&f0.comment=Puolivalissa" + completeForm())
            .status == 303);
    const auto record = ownRecord(*storage, "2004");
    const auto content =
        domain::developmentDiscussionFromJson(
            crypto::open(keys->storage, {record->id, record->owner, record->version}, record->payload).value())
            .value();
    REQUIRE(content.followUp.size() == 1);
    CHECK(content.followUp[0].text == "SOVITTU-2025");
    CHECK(content.followUp[0].year == 2025);
    CHECK(content.followUp[0].mark == "partly");
}

TEST_CASE_FIXTURE(Leaders, "forged, malformed and oversized own pre-forms change nothing") {
    auto kaisa = signedIn("2004");
    const std::string csrf = kaisa.csrf();
    const std::string head = "csrf=" + csrf + "&version=0&action=save";
    const std::string tooLong(domain::kMaxAnswerBytes + 1, 'x');
    struct Attempt {
        std::string body;
        int status;
    } attempts[] = {
        {head + "&unknown=1", 400},
        {head + "&a.no_such.question=x", 400},
        {head + "&r.manager.interaction=9", 400},
        {head + "&r.staff.nope=3", 400},
        {head + "&g9.text=liian+monta", 400},
        {head + "&g0.m.nope=1", 400},
        {head + "&g0.competence=manager.nope", 400},
        {head + "&f0.mark=partly", 400},  // nothing to follow up
        {head + "&a.past_year.review=%FF%FE", 400},
        {head + "&a.past_year.review=a%00b", 400},
        {"csrf=" + csrf + "&version=x&action=save", 400},
        {"csrf=" + csrf + "&version=0&action=delete", 400},
        {head + "&a.past_year.review=" + tooLong, 400},
        {"version=0&action=save&a.past_year.review=ilman-tokenia", 403},
    };
    for (const Attempt& a : attempts) {
        CAPTURE(a.body.substr(0, 80));
        CHECK(kaisa.post("/leaders/own", a.body).status == a.status);
    }
    const auto oversized = kaisa.post("/leaders/own", head + "&a.past_year.review=" + tooLong);
    CHECK(oversized.body.find("id=\"a.past_year.review-error\"") != std::string::npos);
    CHECK(
        kaisa.post("/leaders/own", head + "&a.past_year.review=toiselta", {{"Sec-Fetch-Site", "cross-site"}}).status ==
        403);
    CHECK(kaisa.post("/leaders/own", head + "&a.past_year.review=toiselta", {{"Origin", "https://evil.example"}})
              .status == 403);
    test::LeaderBrowser signedOut(*web);
    CHECK(signedOut.post("/leaders/own", head).status == 403);
    CHECK(signedOut.get("/leaders/own").status == 303);
    CHECK_FALSE(ownRecord(*storage, "2004"));

    // Her draft is hers: another manager's page is their own, empty.
    REQUIRE(kaisa.post("/leaders/own", head + "&a.past_year.review=" + kMarker).status == 303);
    auto helena = signedIn("1005");
    const auto theirs = helena.get("/leaders/own");
    CHECK(theirs.status == 200);
    CHECK(theirs.body.find(kMarker) == std::string::npos);
    CHECK(helena.post("/leaders/own", "csrf=" + helena.csrf() + "&version=1&action=save").status == 409);
    CHECK_FALSE(ownRecord(*storage, "1005"));
    CHECK(ownRecord(*storage, "2004")->version == 1);
}

TEST_CASE_FIXTURE(Leaders, "she confirms the agreed goals on the web; a new version needs a new confirmation") {
    const auto org = domain::loadOrganisationFile(test::assetsDir() / "demo" / "organisation.json").value();
    auto agreedIn = [&](const std::string& unit) {
        server::DiscussionProgress progress;
        REQUIRE(server::countDiscussedAndAgreed(*storage, *keys, org, 2026, progress).ok());
        return std::make_pair(progress.discussed[unit], progress.agreed[unit]);
    };
    putAgreement(*storage, *keys, 2026, 1, "TAVOITE-V1");
    CHECK(agreedIn("kirkonkylan_koulu") == std::make_pair(1, 0));
    auto kaisa = signedIn("2004");
    const auto home = kaisa.get("/leaders/");
    CHECK(home.body.find("TAVOITE-V1") != std::string::npos);
    const std::string csrf = test::LeaderBrowser::hidden(home.body, "csrf");
    // Someone else cannot confirm it for her, nor can a signed-out or cross-site post.
    auto pekka = signedIn("3001");
    CHECK(pekka.get("/leaders/").body.find("TAVOITE-V1") == std::string::npos);
    CHECK(pekka.post("/leaders/confirm", "csrf=" + pekka.csrf() + "&version=1").status == 403);
    test::LeaderBrowser signedOut(*web);
    CHECK(signedOut.post("/leaders/confirm", "csrf=" + csrf + "&version=1").status == 403);
    CHECK(kaisa.post("/leaders/confirm", "csrf=" + csrf + "&version=1", {{"Sec-Fetch-Site", "cross-site"}}).status ==
          403);
    CHECK(kaisa.post("/leaders/confirm", "csrf=" + csrf + "&version=2").status == 409);
    CHECK(kaisa.post("/leaders/confirm", "csrf=" + csrf + "&version=x").status == 400);
    CHECK(agreedIn("kirkonkylan_koulu") == std::make_pair(1, 0));

    REQUIRE(kaisa.post("/leaders/confirm", "csrf=" + csrf + "&version=1").status == 303);
    CHECK(kaisa.get("/leaders/").body.find("id=\"confirmed\"") != std::string::npos);
    CHECK(server::teamStatusOf(*storage, "2004", 2026).confirmedVersion == 1);
    CHECK(agreedIn("kirkonkylan_koulu") == std::make_pair(1, 1));
    CHECK(kaisa.post("/leaders/confirm", "csrf=" + csrf + "&version=1").status == 303);  // again: nothing new

    putAgreement(*storage, *keys, 2026, 2, "TAVOITE-V2");
    CHECK(agreedIn("kirkonkylan_koulu") == std::make_pair(1, 0));
    CHECK(kaisa.get("/leaders/").body.find("id=\"confirmed\"") == std::string::npos);
    REQUIRE(kaisa.post("/leaders/confirm", "csrf=" + csrf + "&version=2").status == 303);
    CHECK(agreedIn("kirkonkylan_koulu") == std::make_pair(1, 1));
    // Her reading it on the web is in the read log, as a kiosk's delivery would be.
    bool logged = false;
    const auto reads = storage->readsAbout("2004");
    REQUIRE(reads);
    for (const auto& read : *reads)
        logged = logged || (read.recordId == domain::agreementRecordId(2026, "2004") && read.channel == "web");
    CHECK(logged);
}

TEST_CASE_FIXTURE(Leaders, "her pre-form on the web, her director records the discussion, she confirms: agreed") {
    const auto org = domain::loadOrganisationFile(test::assetsDir() / "demo" / "organisation.json").value();
    auto kaisa = signedIn("2004");
    const std::string csrf = kaisa.csrf();
    REQUIRE(kaisa.post("/leaders/own", "csrf=" + csrf + "&version=0&action=submit" + completeForm()).status == 303);

    auto pekka = signedIn("3001");
    CHECK(pekka.get("/leaders/").body.find("href=\"/leaders/record/2004\"") != std::string::npos);
    const auto form = pekka.get("/leaders/record/2004");
    REQUIRE(form.status == 200);
    CHECK(form.body.find(kMarker) != std::string::npos);           // her answer above his notes
    CHECK(form.body.find("Johda muutosta") != std::string::npos);  // her goal as the starting point
    const std::string pekkaCsrf = test::LeaderBrowser::hidden(form.body, "csrf");
    // Others may not: a leader of another area, a unit's director, she herself, signed out.
    for (const char* other : {"4003", "1005", "2004"}) {
        auto browser = signedIn(other);
        const auto refused = browser.get("/leaders/record/2004");
        CHECK(refused.status == 403);
        CHECK(refused.body.find(kMarker) == std::string::npos);
        CHECK(browser.post("/leaders/record/2004", "csrf=" + browser.csrf() + "&version=0&action=save").status == 403);
    }
    test::LeaderBrowser signedOut(*web);
    CHECK(signedOut.get("/leaders/record/2004").status == 303);
    CHECK(signedOut.post("/leaders/record/2004", "version=0&action=save").status == 403);
    CHECK_FALSE(storage->record(domain::agreementRecordId(2026, "2004")).value());

    const std::string notes = "csrf=" + pekkaCsrf + "&version=0&action=submit" + completeForm();
    CHECK(pekka.post("/leaders/record/2004", notes, {{"Sec-Fetch-Site", "cross-site"}}).status == 403);
    REQUIRE(pekka.post("/leaders/record/2004", notes).status == 303);
    const auto agreement = storage->record(domain::agreementRecordId(2026, "2004")).value();
    REQUIRE(agreement);
    CHECK(agreement->owner == "3001");
    CHECK(agreement->state == sync::RecordStateWire::Submitted);
    CHECK(pekka.get("/leaders/record/2004").body.find("id=\"recorded\"") != std::string::npos);
    CHECK(pekka.post("/leaders/record/2004", notes).status == 409);  // a stale page: version 0 again

    REQUIRE(kaisa.post("/leaders/confirm", "csrf=" + csrf + "&version=1").status == 303);
    server::DiscussionProgress progress;
    REQUIRE(server::countDiscussedAndAgreed(*storage, *keys, org, 2026, progress).ok());
    CHECK(progress.agreed["kirkonkylan_koulu"] == 1);
}

TEST_CASE_FIXTURE(Leaders, "a daycare director records a kiosk employee's discussion on the web") {
    auto helena = signedIn("1005");
    const auto form = helena.get("/leaders/record/1001");
    REQUIRE(form.status == 200);
    CHECK(count(form.body, "type=\"radio\" name=\"r.") == 6 * 5);  // the staff form's six competences
    const std::string csrf = test::LeaderBrowser::hidden(form.body, "csrf");
    REQUIRE(helena.post("/leaders/record/1001", "csrf=" + csrf + "&version=0&action=save&g0.text=Luonnos").status ==
            303);
    const auto draft = storage->record(domain::agreementRecordId(2026, "1001")).value();
    REQUIRE(draft);
    CHECK(draft->sealedByServer);
    CHECK(draft->state == sync::RecordStateWire::Draft);
    // A manager's form is refused for an employee: the staff form's fields only.
    CHECK(
        helena.post("/leaders/record/1001", "csrf=" + csrf + "&version=1&action=save&r.manager.interaction=3").status ==
        400);
    REQUIRE(
        helena.post("/leaders/record/1001", "csrf=" + csrf + "&version=1&action=submit" + completeForm(false)).status ==
        303);
    CHECK(server::teamStatusOf(*storage, "1001", 2026).agreementVersion == 2);
    CHECK(helena.get("/leaders/record/2001").status == 403);
}

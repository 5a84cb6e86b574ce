// The export to Oss (issue 17): a discussion held through kiosks of the real client code on the
// real server, then exported for the unit by the library call and by the real binary. It holds
// exactly the agreed goals, their methods, the confirmation and the follow-up marks of the unit's
// people, no free text, logs each record it opened, and is refused until the configuration allows it.
#include "sync_server/server_process.h"
#include "sync_server/sync_harness.h"

#include "domain/discussion.h"
#include "ops/oss_export.h"
#include "ops/subject_access.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <fstream>

using namespace osm;
using namespace osm::test;

namespace {

// Words written where Oss must never see them: answers, notes, a follow-up comment, another
// person's pre-form.
constexpr const char* kFreeText[] = {"VAPAA-TEKSTI-4711", "KOMMENTTI-8822", "MUISTIO-5150", "MIKON-ENNAKKO-6060"};

struct HeldDiscussion : UnitTerminals {
    HeldDiscussion() {
        // Aino's pre-form, with the follow-up of a goal agreed in 2024.
        REQUIRE(staff.login("1001", "482915"));
        staff.app->editing().openCard(staff.app->dueCards().front());
        auto& e = staff.app->editor();
        e.development.answers["past_year.review"] = "VAPAA-TEKSTI-4711";
        for (domain::CompetenceRating& r : e.development.ratings) r.value = 3;
        e.development.goals.push_back({"Opettelen dokumentoinnin", "", {"mentoring"}});
        e.development.followUp.push_back({"Ohjaan uuden kollegan", 2024, "partly", "KOMMENTTI-8822"});
        staff.app->editing().markEdited();
        staff.app->editing().submitRecord();
        staff.app->settle();
        REQUIRE(staff.app->screen() == kiosk::Screen::Home);
        staff.app->logout();
        REQUIRE(staff.sync().stored == 1);
        submitPreForm(staff, "1002", "735104", "MIKON-ENNAKKO-6060");
        // The director records Aino's discussion, and Aino confirms it.
        REQUIRE(office.login("1005", "318406"));
        office.pullFor("1005");
        office.app->openAgreement("1001");
        recordDiscussion(office, "MUISTIO-5150", 4);
        REQUIRE(office.sync().stored == 1);
        office.app->logout();
        REQUIRE(staff.login("1001", "482915"));
        staff.pullFor("1001");
        const kiosk::TeamRecord* agreement = staff.app->agreementForMe();
        REQUIRE(agreement != nullptr);
        staff.app->openTeamRecord(agreement->owner, kiosk::RecordKind::Agreement);
        staff.app->confirmAgreement();
        staff.app->settle();
        REQUIRE(staff.sync().stored == 1);
        staff.app->logout();
    }

    std::vector<std::string> args(const std::vector<std::string>& tail) const {
        std::vector<std::string> all{"--data",   (server.dir.path() / "data").string(),
                                     "--keys",   (server.dir.path() / "keys").string(),
                                     "--assets", assetsDir().string()};
        all.insert(all.end(), tail.begin(), tail.end());
        return all;
    }
};

const server::OssPerson* personIn(const server::OssExport& data, const std::string& staffNumber) {
    for (const server::OssPerson& p : data.people) {
        if (p.staffNumber == staffNumber) return &p;
    }
    return nullptr;
}

}  // namespace

TEST_CASE_FIXTURE(HeldDiscussion, "a unit's export holds the agreed goals and marks of its people, and no free text") {
    auto data = server::ossExport(server.storage(), server.keys(), {2026, "pk_tahtitaivas", "", "kaija", 1770000000});
    REQUIRE(data.ok());
    const server::OssPerson* aino = personIn(*data, "1001");
    REQUIRE(aino != nullptr);
    CHECK(aino->stage == "agreed");
    CHECK(aino->agreementVersion == 1);
    REQUIRE(aino->goals.size() == 1);
    CHECK(aino->goals[0].text == "Opettelen dokumentoinnin");
    CHECK(aino->goals[0].methodIds == std::vector<std::string>{"mentoring"});
    REQUIRE(aino->followUp.size() == 1);
    CHECK(aino->followUp[0].goal == "Ohjaan uuden kollegan");
    CHECK(aino->followUp[0].agreedYear == 2024);
    CHECK(aino->followUp[0].mark == "partly");
    const server::OssPerson* mikko = personIn(*data, "1002");
    REQUIRE(mikko != nullptr);  // submitted, not yet discussed: listed with nothing agreed
    CHECK(mikko->stage == "not_held");
    CHECK(mikko->goals.empty());
    // Everyone of the unit and nobody else: the roster's people of pk_tahtitaivas.
    auto roster = server.storage().people();
    REQUIRE(roster.ok());
    const auto inUnit = std::count_if(roster->begin(), roster->end(),
                                      [](const sync::RosterEntry& e) { return e.person.unitId == "pk_tahtitaivas"; });
    CHECK(data->people.size() == static_cast<std::size_t>(inUnit));
    for (const server::OssPerson& p : data->people) CHECK(p.unitId == "pk_tahtitaivas");

    auto catalogue = catalog::loadCatalogYear(assetsDir(), 2026);
    REQUIRE(catalogue.ok());
    const std::string json = server::ossExportJson(*data);
    const std::string csv = server::ossExportCsv(*data, *catalogue);
    const auto parsed = nlohmann::json::parse(json);
    CHECK(parsed["format"] == "osaamissilta-oss-export");
    CHECK(parsed["scope"]["unit"] == "pk_tahtitaivas");
    CHECK(csv.find("2026;1001;Aino Virtanen;pk_tahtitaivas;") != std::string::npos);
    CHECK(csv.find(";agreed;1;goal;Opettelen dokumentoinnin;;") != std::string::npos);
    CHECK(csv.find(";follow_up;Ohjaan uuden kollegan;;;2024;partly\r\n") != std::string::npos);
    for (const char* marker : kFreeText) {
        INFO(marker);
        CHECK(json.find(marker) == std::string::npos);
        CHECK(csv.find(marker) == std::string::npos);
    }

    // Each record opened is in the read log, under who ran the export: Aino sees it.
    auto reads = server.storage().readsAbout("1001");
    REQUIRE(reads.ok());
    const auto byOss = std::count_if(reads->begin(), reads->end(), [](const server::ReadSummary& r) {
        return r.reader == "oss-export:kaija" && r.channel == "oss";
    });
    CHECK(byOss == 2);  // the agreement and her pre-form (for its marks)
    auto own =
        server::subjectAccessExport(server.storage(), server.keys(), assetsDir(), {"1001", catalog::Lang::Fi, 0});
    REQUIRE(own.ok());
    CHECK(own->find("oss-export:kaija, siirto Oss-järjestelmään") != std::string::npos);
}

TEST_CASE_FIXTURE(HeldDiscussion, "the export names one known unit or service area") {
    auto unknown = server::ossExport(server.storage(), server.keys(), {2026, "ei_ole", "", "kaija", 0});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == ErrorCode::NotFound);
    auto both = server::ossExport(server.storage(), server.keys(), {2026, "pk_tahtitaivas", "kasvatus", "kaija", 0});
    REQUIRE_FALSE(both.ok());
    CHECK(both.error().code == ErrorCode::InvalidInput);
    auto nobody = server::ossExport(server.storage(), server.keys(), {2026, "pk_tahtitaivas", "", "", 0});
    CHECK_FALSE(nobody.ok());
}

TEST_CASE_FIXTURE(HeldDiscussion, "the binary refuses the export until the configuration allows it") {
    const std::string out = (server.dir.path() / "oss.csv").string();
    const CommandResult off =
        runServerCommand(args({"oss-export", "--year", "2026", "--unit", "pk_tahtitaivas", "--out", out}));
    CHECK(off.exitCode != 0);
    CHECK(off.output.find("the export to Oss is off") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));

    const std::filesystem::path config = server.dir.path() / "server.ini";
    std::ofstream(config) << "oss-export = true\n";
    const CommandResult on = runServerCommand(args({"--config", config.string(), "oss-export", "--year", "2026",
                                                    "--unit", "pk_tahtitaivas", "--format", "csv", "--out", out}));
    REQUIRE_MESSAGE(on.exitCode == 0, on.output);
    const std::string file = readFile(out);
    CHECK(file.find("Opettelen dokumentoinnin") != std::string::npos);
    CHECK(file.find(";Mentorointi;2026;") != std::string::npos);  // the method by its Finnish name
    for (const char* marker : kFreeText) CHECK(file.find(marker) == std::string::npos);
    struct stat st {};
    REQUIRE(::stat(out.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

// From a pre-form to agreed goals, and from group discussions to the unit's summary, end to end:
// the real server on loopback and kiosks made of the real client code (docs/model.md, "Forms and the records they make").
// Each state a manager sees, the employee's confirmation, a change as a new version confirmed
// again, and the plaintext never on a terminal's or the server's disk.
#include "sync_server/sync_harness.h"

#include "domain/discussion.h"
#include "hr/hr_reports.h"
#include "storage/database.h"

#include <doctest/doctest.h>

#include <filesystem>

using namespace osm;
using namespace osm::test;

namespace {

struct Fixture : UnitTerminals {
    void submitPreForm(const std::string& who, const std::string& pin, const std::string& marker) {
        test::submitPreForm(staff, who, pin, marker);
    }
};

std::string allFilesUnder(const std::filesystem::path& folder) {
    std::string files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) files += readFile(entry.path());
    }
    return files;
}

}  // namespace

TEST_CASE_FIXTURE(Fixture, "a discussion goes from pre-form to goals agreed by both, and a change is confirmed again") {
    // Mikko has a draft, Aino submits her pre-form.
    REQUIRE(staff.login("1002", "735104"));
    staff.app->editing().openCard(staff.app->dueCards().front());
    staff.type("past_year.review", "kesken");
    staff.app->logout();
    submitPreForm("1001", "482915", "ENNAKKO-3318");

    // The director's list: each report's state this year.
    REQUIRE(office.login("1005", "318406"));
    office.pullFor("1005");
    CHECK(office.app->reportStage("1001") == kiosk::ReportStage::Submitted);
    CHECK(office.app->reportStage("1002") == kiosk::ReportStage::Draft);
    CHECK(office.app->reportStage("1004") == kiosk::ReportStage::NotStarted);

    // She records the discussion: the pre-form's goals are the starting point.
    office.app->openAgreement("1001");
    REQUIRE(office.app->screen() == kiosk::Screen::DevelopmentForm);
    CHECK(office.app->editor().subject == "1001");
    REQUIRE(office.app->editor().development.goals.size() == 1);
    CHECK(office.app->editor().development.goals[0].text == "Opettelen dokumentoinnin");
    CHECK_FALSE(office.app->editor().preFormId.empty());
    recordDiscussion(office, "MUISTIO-9046", 4);
    CHECK(office.app->reportStage("1001") == kiosk::ReportStage::Discussed);
    CHECK(office.sync().stored == 1);
    const std::string agreementId = domain::agreementRecordId(2026, "1001");
    office.app->logout();

    // Aino confirms at the break-room terminal.
    REQUIRE(staff.login("1001", "482915"));
    staff.pullFor("1001");
    const kiosk::TeamRecord* agreement = staff.app->agreementForMe();
    REQUIRE(agreement != nullptr);
    CHECK(agreement->version == 1);
    CHECK(agreement->development.answers.at("past_year.review") == "MUISTIO-9046");
    CHECK_FALSE(staff.app->agreementConfirmed(*agreement));
    staff.app->openTeamRecord(agreement->owner, kiosk::RecordKind::Agreement);
    REQUIRE(staff.app->screen() == kiosk::Screen::TeamRecord);
    staff.app->confirmAgreement();
    staff.app->settle();
    CHECK(staff.app->agreementConfirmed(*staff.app->agreementForMe()));
    CHECK(staff.sync().stored == 1);
    // Confirming again (another terminal, a retried push) changes nothing.
    staff.app->confirmAgreement();
    staff.app->settle();
    CHECK(staff.sync().stored == 0);
    staff.app->logout();

    REQUIRE(office.login("1005", "318406"));
    office.pullFor("1005");
    CHECK(office.app->reportStage("1001") == kiosk::ReportStage::Agreed);

    // HR's completion counts it as discussed and agreed, without opening the agreement.
    auto progress = [&] {
        auto hr = server::loadHrData(server.storage(), server.keys(), assetsDir(), 2026);
        REQUIRE(hr.ok());
        return std::make_pair(hr->progress.discussed["pk_tahtitaivas"], hr->progress.agreed["pk_tahtitaivas"]);
    };
    CHECK(progress() == std::make_pair(1, 1));

    // A later change is a new version; the agreed one stays in the server's history.
    office.app->openAgreement("1001");
    REQUIRE(office.app->screen() == kiosk::Screen::Review);
    CHECK(office.app->editor().readOnly());
    office.app->editing().reopenSubmitted();
    REQUIRE(office.app->screen() == kiosk::Screen::DevelopmentForm);
    office.app->editor().development.goals[0].text = "Opettelen dokumentoinnin ja pedagogisen arvioinnin";
    recordDiscussion(office, "MUISTIO-9046 ja lisäys", 4);
    office.sync();
    office.pullFor("1005");
    CHECK(office.app->reportStage("1001") == kiosk::ReportStage::Discussed);
    CHECK(server.versionsOf(agreementId) >= 2);
    CHECK(progress() == std::make_pair(1, 0));  // the change is not agreed until confirmed again
    office.app->logout();

    REQUIRE(staff.login("1001", "482915"));
    staff.pullFor("1001");
    agreement = staff.app->agreementForMe();
    REQUIRE(agreement != nullptr);
    CHECK(agreement->version > 1);
    CHECK(agreement->development.goals[0].text == "Opettelen dokumentoinnin ja pedagogisen arvioinnin");
    CHECK_FALSE(staff.app->agreementConfirmed(*agreement));
    staff.app->openTeamRecord(agreement->owner, kiosk::RecordKind::Agreement);
    staff.app->confirmAgreement();
    staff.app->settle();
    CHECK(staff.sync().stored == 1);
    staff.app->logout();

    REQUIRE(office.login("1005", "318406"));
    office.pullFor("1005");
    CHECK(office.app->reportStage("1001") == kiosk::ReportStage::Agreed);
    office.app->logout();
    staff.app->settle();
    office.app->settle();

    // Nothing of it in plaintext on either terminal or the server.
    for (const std::filesystem::path& folder : {staff.dir.path(), office.dir.path(), server.dir.path()}) {
        const std::string files = allFilesUnder(folder);
        CHECK(files.find("MUISTIO-9046") == std::string::npos);
        CHECK(files.find("ENNAKKO-3318") == std::string::npos);
    }
}

TEST_CASE_FIXTURE(Fixture, "an agreement recorded on another terminal is changed there as a new version") {
    submitPreForm("1001", "482915", "ENNAKKO-1");
    REQUIRE(office.login("1005", "318406"));
    office.pullFor("1005");
    office.app->openAgreement("1001");
    recordDiscussion(office, "ensimmäinen", 3);
    office.sync();
    office.app->logout();

    // The director opens it at the break-room terminal, which has never seen it.
    REQUIRE(staff.login("1005", "318406"));
    staff.pullFor("1005");
    staff.app->openAgreement("1001");
    REQUIRE(staff.app->screen() == kiosk::Screen::Review);
    CHECK(staff.app->editor().development.answers.at("past_year.review") == "ensimmäinen");
    staff.app->editing().reopenSubmitted();
    recordDiscussion(staff, "toinen", 3);
    const auto report = staff.sync();
    CHECK(report.stored == 1);
    CHECK(report.conflicts == 0);
    auto onServer = server.storage().record(domain::agreementRecordId(2026, "1001"));
    REQUIRE(onServer.ok());
    REQUIRE(onServer->has_value());
    CHECK((*onServer)->version == 2);
}

TEST_CASE_FIXTURE(Fixture, "the director summarises the unit's group discussions into its training needs") {
    // A group discussion in the group year, recorded at the break-room terminal.
    staff.clock.setDate({2027, 2, 10});
    office.clock.setDate({2027, 2, 10});
    REQUIRE(staff.login("1005", "318406"));
    const auto cards = staff.app->dueCards();
    auto group = std::find_if(cards.begin(), cards.end(),
                              [](const kiosk::DueCard& c) { return !c.groupKind.empty() && c.dueNow; });
    REQUIRE(group != cards.end());
    staff.app->editing().openCard(*group);
    auto& g = staff.app->editor();
    g.group.participants = {"1005", "1001", "1002"};
    const catalog::FormTemplate* form = staff.app->catalog().findForm(g.group.formId);
    REQUIRE(form != nullptr);
    for (const catalog::Section& section : form->sections) {
        for (const catalog::Question& q : section.questions)
            g.group.answers[domain::answerKey(section.id, q.id)] = "RYHMÄ-" + q.id;
    }
    staff.app->editing().markEdited();
    staff.app->editing().submitRecord();
    staff.app->settle();
    REQUIRE(staff.app->screen() == kiosk::Screen::Home);
    staff.app->logout();
    CHECK(staff.sync().stored == 1);

    REQUIRE(office.login("1005", "318406"));
    office.pullFor("1005");
    REQUIRE(office.app->unitGroupDiscussions().size() == 1);
    office.app->openUnitSummary();
    REQUIRE(office.app->screen() == kiosk::Screen::SummaryForm);
    auto& e = office.app->editor();
    CHECK(e.summary.sources.size() == 1);
    for (const auto& [key, text] : office.app->unitGroupDiscussions().front()->group.answers)
        e.summary.answers[key] = "YHTEENVETO " + text;
    office.app->editing().goToReview();
    CHECK_FALSE(office.app->editor().issues.empty());  // no training needs yet
    e.summary.trainingNeeds.push_back({"Kielitietoinen varhaiskasvatus", "staff.professional", {"courses"}});
    office.app->editing().markEdited();
    office.app->editing().goToReview();
    CHECK(office.app->editor().issues.empty());
    office.app->editing().submitRecord();
    office.app->settle();
    REQUIRE(office.app->screen() == kiosk::Screen::Home);
    CHECK(office.sync().stored == 1);

    // On the server: sealed at rest, readable with the storage key as a summary of this unit.
    auto stored = server.storage().record(domain::unitSummaryRecordId(2027, "pk_tahtitaivas"));
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    CHECK((*stored)->state == sync::RecordStateWire::Submitted);
    CHECK(allFilesUnder(server.dir.path()).find("Kielitietoinen") == std::string::npos);
    // …and it is the unit's input to its service area's training plan.
    auto needs = server::unitTrainingNeeds(server.storage(), server.keys(), 2027);
    REQUIRE(needs.ok());
    REQUIRE(needs->size() == 1);
    CHECK(needs->front().unitId == "pk_tahtitaivas");
    CHECK(needs->front().text == "Kielitietoinen varhaiskasvatus");
    CHECK(needs->front().competenceId == "staff.professional");
    CHECK(server::unitTrainingNeeds(server.storage(), server.keys(), 2026)->empty());
    office.app->logout();
}

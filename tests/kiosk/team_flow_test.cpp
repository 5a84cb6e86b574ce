// The team flow: what a person pull brings (others' submitted records, the reports' states)
// and what the app derives from it for the views: report stages, the pre-form beside an
// agreement, and where the unit summary stands.
#include "kiosk_fixture.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::kiosk;
using osm::test::KioskFixture;

TEST_CASE_FIXTURE(KioskFixture,
                  "a manager sees a report's submitted pre-form, its stage, and has it beside the agreement") {
    REQUIRE(login("1005", "318406"));
    CHECK(app->reportStage("1001") == ReportStage::NotStarted);
    domain::DevelopmentDiscussion preForm =
        domain::newDevelopmentDiscussion(*app->catalog().findForm("development_discussion_staff"), app->catalog());
    preForm.year = 2026;
    preForm.answers["past_year.review"] = "Aino kirjoitti";
    SyncReport pull;
    pull.reachable = true;
    pull.sharedFor = "1005";
    pull.shared.push_back(
        sharedRecordOf("r-pre", "1001", RecordKind::Development, preForm.formId, 2026, domain::toJson(preForm)));
    pull.teamStatus = {{"1002", 2026, "draft", 0, 0}};
    app->applySyncReport(pull);
    app->settle();
    CHECK(app->reportStage("1001") == ReportStage::Submitted);
    CHECK(app->reportStage("1002") == ReportStage::Draft);
    REQUIRE(app->teamRecordOf("1001", RecordKind::Development) != nullptr);
    CHECK(app->editorPreForm() == nullptr);

    app->openAgreement("1001");
    REQUIRE(app->screen() == Screen::DevelopmentForm);
    CHECK(app->editor().subject == "1001");
    CHECK(app->editor().preFormId == "r-pre");
    REQUIRE(app->editorPreForm() != nullptr);
    CHECK(app->editorPreForm()->answers.at("past_year.review") == "Aino kirjoitti");

    // A pull for someone else changes nothing here.
    pull.sharedFor = "1001";
    pull.shared.clear();
    app->applySyncReport(pull);
    app->settle();
    CHECK(app->teamRecordOf("1001", RecordKind::Development) != nullptr);
}

TEST_CASE_FIXTURE(KioskFixture, "a director's unit summary goes from not started to draft to done") {
    REQUIRE(login("1005", "318406"));
    CHECK(app->summaryStage() == SummaryStage::NotStarted);
    app->openUnitSummary();
    REQUIRE(app->screen() == Screen::SummaryForm);
    app->editing().setAnswer("current_competence.strengths", "vahvuudet");
    app->editing().backToHome();
    app->settle();
    CHECK(app->summaryStage() == SummaryStage::Draft);
    app->openUnitSummary();
    for (const catalog::Section& section : app->editorForm()->sections) {
        app->editing().setAnswer(domain::answerKey(section.id, section.questions.front().id), "yhteenveto");
    }
    app->editing().addGoal();
    app->editing().setGoalText(0, "Kielitietoinen varhaiskasvatus");
    app->editing().setGoalCompetence(0, "staff.professional");
    app->editing().toggleMethod(0, "courses");
    app->editing().submitRecord();
    app->settle();
    CHECK(app->editor().issues.empty());
    CHECK(app->summaryStage() == SummaryStage::Done);
}

// The follow-up of agreed goals (issue 15): the goals of the person's latest earlier development
// discussion, as the manager's agreement about them arrives in a person pull, are listed on the
// home screen and on the first page of the new pre-form, where the person marks each one; the
// marks travel in the pre-form's content, which the catalogue's checks read.
#include "kiosk_fixture.h"

#include "crypto/encoding.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::kiosk;
using osm::test::KioskFixture;

namespace {

// The agreement of `year` about Aino (1001), recorded by Helena (1005), as a person pull brings it.
sync::RecordEnvelope agreementOf(const catalog::Catalog& catalogue, int year,
                                 const std::vector<std::string>& goalTexts) {
    domain::Agreement agreement;
    agreement.employee = "1001";
    agreement.discussion =
        domain::newDevelopmentDiscussion(*catalogue.findForm("development_discussion_staff"), catalogue);
    agreement.discussion.year = year;
    for (const std::string& text : goalTexts) agreement.discussion.goals.push_back({text, "", {"mentoring"}});
    return sharedRecordOf(domain::agreementRecordId(year, "1001"), "1005", RecordKind::Agreement,
                          agreement.discussion.formId, year, domain::toJson(agreement));
}

SyncReport pullFor1001(std::vector<sync::RecordEnvelope> shared) {
    SyncReport pull;
    pull.reachable = true;
    pull.sharedFor = "1001";
    pull.shared = std::move(shared);
    return pull;
}

}  // namespace

TEST_CASE_FIXTURE(KioskFixture, "the goals agreed two years back are followed up, not this year's nor proposed ones") {
    clock.setDate({2028, 2, 10});  // an individual year of the alternating sectors; 2027 was a group year
    REQUIRE(login("1001", "482915"));
    CHECK(app->agreementToFollowUp() == nullptr);
    app->applySyncReport(pullFor1001({agreementOf(app->catalog(), 2024, {"Vanha tavoite"}),
                                      agreementOf(app->catalog(), 2026, {"Metsäkasvatus", "Dokumentointi"}),
                                      agreementOf(app->catalog(), 2028, {"Tämän vuoden tavoite"})}));
    app->settle();
    const TeamRecord* agreed = app->agreementToFollowUp();
    REQUIRE(agreed != nullptr);
    CHECK(agreed->year == 2026);
    REQUIRE(agreed->development.goals.size() == 2);

    app->editing().openCard(app->dueCards().front());
    REQUIRE(app->screen() == Screen::DevelopmentForm);
    const auto& followUp = app->editor().development.followUp;
    REQUIRE(followUp.size() == 2);
    CHECK(followUp[0].text == "Metsäkasvatus");
    CHECK(followUp[0].year == 2026);
    CHECK(followUp[0].mark.empty());
    CHECK(app->editor().save == SaveStatus::Clean);  // only looking at it writes nothing
}

TEST_CASE_FIXTURE(KioskFixture, "an earlier agreement is still offered to confirm until confirmed, then followed up") {
    clock.setDate({2028, 2, 10});
    REQUIRE(login("1001", "482915"));
    const sync::RecordEnvelope agreement = agreementOf(app->catalog(), 2026, {"Metsäkasvatus"});
    app->applySyncReport(pullFor1001({agreement}));
    app->settle();
    REQUIRE(app->agreementForMe() != nullptr);
    CHECK(app->agreementForMe()->year == 2026);
    const std::string plain(agreement.payload.begin(), agreement.payload.end());
    const std::string agreementId = domain::agreementRecordId(2026, "1001");
    app->applySyncReport(pullFor1001(
        {agreement, sharedRecordOf(domain::confirmationRecordId(2026, "1001", 1), "1001", RecordKind::Confirmation,
                                   "development_discussion_staff", 2026,
                                   domain::toJson(domain::Confirmation{agreementId, 1, crypto::contentHash(plain)}))}));
    app->settle();
    CHECK(app->agreementForMe() == nullptr);
    REQUIRE(app->agreementToFollowUp() != nullptr);
    CHECK(app->agreementToFollowUp()->id == agreementId);
}

TEST_CASE_FIXTURE(KioskFixture, "without an earlier agreement nothing is followed up, not even last year's proposals") {
    REQUIRE(login("1001", "482915"));
    app->editing().openCard(app->dueCards().front());
    app->editor().development.goals.push_back({"Ehdotettu tavoite", "", {"mentoring"}});
    app->editing().markEdited();
    app->editing().backToHome();
    app->settle();
    app->logout();
    app->settle();
    clock.setDate({2027, 2, 10});
    REQUIRE(login("1001", "482915"));
    CHECK(app->agreementToFollowUp() == nullptr);
}

TEST_CASE_FIXTURE(KioskFixture, "a draft begun before the pull arrived takes the goals; marks are checked and kept") {
    clock.setDate({2028, 2, 10});
    REQUIRE(login("1001", "482915"));
    app->editing().openCard(app->dueCards().front());
    app->editing().setAnswer("past_year.review", "Aloitin ennen kuin tiedot tulivat");
    CHECK(app->editor().development.followUp.empty());
    app->applySyncReport(pullFor1001({agreementOf(app->catalog(), 2026, {"Metsäkasvatus", "Dokumentointi"})}));
    app->settle();
    REQUIRE(app->editor().development.followUp.size() == 2);

    // Unmarked goals are what the review asks for; an unknown mark is not taken.
    for (domain::CompetenceRating& r : app->editor().development.ratings) r.value = 3;
    app->editor().development.goals.push_back({"Uusi tavoite", "", {"mentoring"}});
    app->editing().setFollowUpMark(0, "maybe");
    app->editing().goToReview();
    std::vector<std::string> fields;
    for (const domain::ValidationIssue& issue : app->editor().issues) fields.push_back(issue.field);
    CHECK(fields == std::vector<std::string>{"follow_up[0].mark", "follow_up[1].mark"});
    app->editing().backToEditor();
    app->editing().setFollowUpMark(0, "achieved");
    app->editing().setFollowUpMark(1, "not_yet");
    app->editing().setFollowUpComment(1, "Sovellus vaihtui kesken vuoden");
    app->editing().goToReview();
    CHECK(app->editor().issues.empty());
    app->editing().submitRecord();
    app->settle();
    app->logout();
    app->settle();

    // What was submitted holds the marks, and the home screen shows them beside the goals.
    REQUIRE(login("1001", "482915"));
    const std::vector<domain::GoalFollowUp>* marks = app->followUpMarks();
    REQUIRE(marks != nullptr);
    REQUIRE(marks->size() == 2);
    CHECK((*marks)[0].mark == "achieved");
    CHECK((*marks)[1].mark == "not_yet");
    CHECK((*marks)[1].comment == "Sovellus vaihtui kesken vuoden");
}

TEST_CASE("a pre-form's follow-up: read back as written, absent in old payloads, and validated") {
    auto catalogue = catalog::loadCatalogYear(test::assetsDir(), 2026);
    REQUIRE(catalogue.ok());
    domain::DevelopmentDiscussion d =
        domain::newDevelopmentDiscussion(*catalogue->findForm("development_discussion_staff"), *catalogue);
    const std::string withoutFollowUp = domain::toJson(d);
    CHECK(withoutFollowUp.find("follow_up") == std::string::npos);  // an old payload's bytes stay the same
    CHECK(domain::developmentDiscussionFromJson(withoutFollowUp)->followUp.empty());

    d.followUp = {{"Tavoite", 2024, "partly", "Puolet tehty"}, {"Toinen", 2026, "nope", ""}};
    auto back = domain::developmentDiscussionFromJson(domain::toJson(d));
    REQUIRE(back.ok());
    REQUIRE(back->followUp.size() == 2);
    CHECK(back->followUp[0].comment == "Puolet tehty");
    CHECK(back->followUp[0].year == 2024);
    std::vector<std::string> problems;
    for (const domain::ValidationIssue& issue : domain::validate(*back, *catalogue)) {
        if (issue.field.rfind("follow_up", 0) == 0) problems.push_back(issue.field + " " + issue.messageKey);
    }
    CHECK(problems == std::vector<std::string>{"follow_up[1].mark validation.unknown_mark",
                                               "follow_up[1].year validation.follow_up_not_earlier"});
}

TEST_CASE_FIXTURE(KioskFixture, "a director's group discussion shows what the previous one she took part in recorded") {
    clock.setDate({2027, 2, 10});  // the unit's group year: her team's discussion is due
    REQUIRE(login("1005", "318406"));
    const DueCard* groupCard = nullptr;
    const auto cards = app->dueCards();
    for (const DueCard& card : cards) {
        if (!card.groupKind.empty() && !card.onLeadersWeb && card.dueNow) groupCard = &card;
    }
    REQUIRE(groupCard != nullptr);
    const catalog::FormTemplate& form = *app->catalog().findForm("group_discussion");
    domain::GroupDiscussion earlier = domain::newGroupDiscussion(form, 2025, groupCard->groupKind, "pk_tahtitaivas");
    earlier.answers["priorities.top_priorities"] = "PAINOPISTE-2025";
    earlier.recordedBy = "1002";
    earlier.participants = {"1002", "1005"};
    domain::GroupDiscussion otherKind = domain::newGroupDiscussion(form, 2025, "nope", "pk_tahtitaivas");
    otherKind.recordedBy = "1005";
    domain::GroupDiscussion notThere = earlier;  // a later one of the unit, without her
    earlier.year = 2024;
    notThere.participants = {"1002", "1001"};
    SyncReport pull;
    pull.reachable = true;
    pull.sharedFor = "1005";
    pull.shared = {sharedRecordOf("r-ryhma-2024", "1002", RecordKind::Group, form.id, 2024, domain::toJson(earlier)),
                   sharedRecordOf("r-muu-2025", "1005", RecordKind::Group, form.id, 2025, domain::toJson(otherKind)),
                   sharedRecordOf("r-ilman-2025", "1002", RecordKind::Group, form.id, 2025, domain::toJson(notThere))};
    app->applySyncReport(pull);
    app->settle();
    CHECK(app->previousGroupDiscussion() == nullptr);  // nothing open yet
    app->editing().openCard(*groupCard);
    REQUIRE(app->screen() == Screen::GroupForm);
    const TeamRecord* previous = app->previousGroupDiscussion();
    REQUIRE(previous != nullptr);
    CHECK(previous->id == "r-ryhma-2024");
    CHECK(previous->group.answers.at("priorities.top_priorities") == "PAINOPISTE-2025");
    REQUIRE(app->editor().group.followUp.size() == 1);
    CHECK(app->editor().group.followUp[0].text == "PAINOPISTE-2025");
}

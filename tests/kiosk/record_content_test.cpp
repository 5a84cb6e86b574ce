// Record content: its JSON round trip for each kind, and the parts each kind's editor changes.
#include "record_content.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::kiosk;

TEST_CASE("content goes to JSON and back for its own kind only") {
    RecordContent content;
    content.development.formId = "development_discussion_staff";
    content.development.year = 2026;
    content.development.answers["past_year.review"] = "hyvä vuosi";
    content.subject = "1001";
    content.preFormId = "r-pre";
    content.preFormVersion = 2;
    RecordContent back;
    REQUIRE(parseContent(RecordKind::Agreement, contentJson(RecordKind::Agreement, content), back));
    CHECK(back.subject == "1001");
    CHECK(back.preFormVersion == 2);
    CHECK(back.development.answers.at("past_year.review") == "hyvä vuosi");
    CHECK(formIdOf(RecordKind::Agreement, back) == "development_discussion_staff");
    CHECK(yearOf(RecordKind::Agreement, back) == 2026);
    RecordContent wrong;
    CHECK_FALSE(parseContent(RecordKind::Confirmation, contentJson(RecordKind::Agreement, content), wrong));

    wipeContent(back);
    CHECK(back.development.answers.at("past_year.review").find_first_not_of('\0') == std::string::npos);
}

TEST_CASE("each kind edits its own answers and goals") {
    RecordContent c;
    answersOf(RecordKind::Group, c)["a"] = "group";
    answersOf(RecordKind::UnitSummary, c)["a"] = "summary";
    answersOf(RecordKind::Agreement, c)["a"] = "discussion";
    CHECK(c.group.answers.at("a") == "group");
    CHECK(c.summary.answers.at("a") == "summary");
    CHECK(c.development.answers.at("a") == "discussion");
    goalsOf(RecordKind::UnitSummary, c).push_back({"need", "", {}});
    goalsOf(RecordKind::Development, c).push_back({"goal", "", {}});
    CHECK(c.summary.trainingNeeds.size() == 1);
    CHECK(c.development.goals.size() == 1);
}

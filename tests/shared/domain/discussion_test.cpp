// Discussion content: validation on submit, the 70-20-10 balance, the JSON round trip, and a group
// discussion's follow-up of the team's previous one (its development priorities, marked).
#include "domain/discussion.h"

#include "test_support.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace osm;
using namespace osm::domain;

namespace {

const catalog::Catalog& theCatalog() {
    static const catalog::Catalog c = *catalog::loadCatalogYear(test::assetsDir(), 2026);
    return c;
}

bool hasIssue(const std::vector<ValidationIssue>& issues, const std::string& field, const std::string& key) {
    return std::any_of(issues.begin(), issues.end(),
                       [&](const ValidationIssue& i) { return i.field == field && i.messageKey == key; });
}

DevelopmentDiscussion completeStaffForm() {
    const auto& c = theCatalog();
    DevelopmentDiscussion d = newDevelopmentDiscussion(*c.findForm("development_discussion_staff"), c);
    for (CompetenceRating& r : d.ratings) r.value = 3;
    d.answers["past_year.review"] = "Vuosi oli työntäyteinen – ryhmä kasvoi.";
    d.goals.push_back({"Opin käyttämään uutta viestintäsovellusta",
                       "staff.technology_and_digital",
                       {c.categories[0].methods[0].id, c.categories[2].methods[3].id}});
    return d;
}

GroupDiscussion completeGroup(int year) {
    const auto& c = theCatalog();
    GroupDiscussion g = newGroupDiscussion(*c.findForm("group_discussion"), year, "team", "pk_tahtitaivas");
    g.participants = {"1001", "1002"};
    g.recordedBy = "1001";
    for (const catalog::Section& s : c.findForm("group_discussion")->sections)
        g.answers[answerKey(s.id, s.questions[0].id)] = "Keskusteltiin.";
    return g;
}

std::vector<std::string> textsOf(const std::vector<GoalFollowUp>& items) {
    std::vector<std::string> out;
    for (const GoalFollowUp& item : items) out.push_back(item.text);
    return out;
}

}  // namespace

TEST_CASE("a new form lists every competence of its groups, unrated") {
    const auto& c = theCatalog();
    auto staff = newDevelopmentDiscussion(*c.findForm("development_discussion_staff"), c);
    auto manager = newDevelopmentDiscussion(*c.findForm("development_discussion_manager"), c);
    CHECK(staff.ratings.size() == 6);
    CHECK(manager.ratings.size() == 13);
    CHECK(staff.ratingOf("staff.professional") == 0);
    CHECK(staff.year == 2026);
}

TEST_CASE("a complete staff form validates") { CHECK(validate(completeStaffForm(), theCatalog()).empty()); }

TEST_CASE("validation names each problem") {
    DevelopmentDiscussion d = completeStaffForm();
    SUBCASE("an unrated competence") {
        d.setRating("staff.professional", 0);
        CHECK(hasIssue(validate(d, theCatalog()), "ratings.staff.professional", "validation.rating_missing"));
    }
    SUBCASE("a rating off the scale") {
        d.setRating("staff.professional", 9);
        CHECK(hasIssue(validate(d, theCatalog()), "ratings.staff.professional", "validation.rating_out_of_scale"));
    }
    SUBCASE("a manager competence on a staff form") {
        d.setRating("manager.interaction", 3);
        CHECK(hasIssue(validate(d, theCatalog()), "ratings.manager.interaction", "validation.unknown_competence"));
    }
    SUBCASE("no goals") {
        d.goals.clear();
        CHECK(hasIssue(validate(d, theCatalog()), "goals", "validation.too_few_goals"));
    }
    SUBCASE("too many goals") {
        d.goals.resize(6, d.goals[0]);
        CHECK(hasIssue(validate(d, theCatalog()), "goals", "validation.too_many_goals"));
    }
    SUBCASE("a goal without methods or text") {
        d.goals[0].methodIds.clear();
        d.goals[0].text = "   ";
        auto issues = validate(d, theCatalog());
        CHECK(hasIssue(issues, "goals[0].methods", "validation.goal_methods_missing"));
        CHECK(hasIssue(issues, "goals[0].text", "validation.goal_text_missing"));
    }
    SUBCASE("an unknown method") {
        d.goals[0].methodIds.push_back("juggling");
        CHECK(hasIssue(validate(d, theCatalog()), "goals[0].methods", "validation.unknown_method"));
    }
    SUBCASE("an answer to a question the form does not have") {
        d.answers["manager_competence.assessment"] = "x";
        CHECK(hasIssue(validate(d, theCatalog()), "answers.manager_competence.assessment",
                       "validation.unknown_question"));
    }
    SUBCASE("an answer that is too long") {
        d.answers["wellbeing.coping"] = std::string(kMaxAnswerBytes + 1, 'a');
        CHECK(hasIssue(validate(d, theCatalog()), "answers.wellbeing.coping", "validation.answer_too_long"));
    }
    SUBCASE("an unknown form") {
        d.formId = "group_discussion";
        CHECK(hasIssue(validate(d, theCatalog()), "form", "validation.unknown_form"));
    }
}

TEST_CASE("a manager's form also needs the manager section's competences") {
    const auto& c = theCatalog();
    DevelopmentDiscussion d = newDevelopmentDiscussion(*c.findForm("development_discussion_manager"), c);
    for (const catalog::Competence* comp : c.competencesIn(catalog::CompetenceGroup::AllStaff))
        d.setRating(comp->id, 4);
    d.goals.push_back({"Selkeämpi palautekäytäntö", "manager.interaction", {c.categories[1].methods[4].id}});
    auto issues = validate(d, c);
    CHECK(issues.size() == 7);
    CHECK(hasIssue(issues, "ratings.manager.strategic_leadership", "validation.rating_missing"));
    d.answers["manager_competence.assessment"] = "Kehitettävää on.";
    for (const catalog::Competence* comp : c.competencesIn(catalog::CompetenceGroup::Manager)) d.setRating(comp->id, 2);
    CHECK(validate(d, c).empty());
}

TEST_CASE("the 70-20-10 balance counts chosen methods per category and adds up to 100") {
    const auto& c = theCatalog();
    CHECK(methodBalance({}, c)[0].percent == 0);
    std::vector<LearningGoal> goals{
        {"a", "", {c.categories[0].methods[0].id, c.categories[0].methods[1].id}},
        {"b", "", {c.categories[1].methods[0].id}},
    };
    auto balance = methodBalance(goals, c);
    REQUIRE(balance.size() == 3);
    CHECK(balance[0].methodCount == 2);
    CHECK(balance[0].modelShare == 70);
    CHECK(balance[0].percent == 67);
    CHECK(balance[1].percent == 33);
    CHECK(balance[2].percent == 0);

    goals.push_back({"c", "", {c.categories[2].methods[0].id}});
    balance = methodBalance(goals, c);
    CHECK(balance[0].percent + balance[1].percent + balance[2].percent == 100);
    CHECK(balance[0].percent == 50);
}

TEST_CASE("group discussions need participants, a recorder among them and every theme") {
    const auto& c = theCatalog();
    GroupDiscussion g = newGroupDiscussion(*c.findForm("group_discussion"), 2027, "team", "pk_tahtitaivas");
    auto issues = validate(g, c);
    CHECK(hasIssue(issues, "participants", "validation.too_few_participants"));
    CHECK(hasIssue(issues, "recorded_by", "validation.recorder_not_participant"));
    CHECK(hasIssue(issues, "answers.current_competence", "validation.theme_empty"));

    g.participants = {"1001", "1002", "1004"};
    g.recordedBy = "1002";
    for (const catalog::Section& s : c.findForm("group_discussion")->sections)
        g.answers[answerKey(s.id, s.questions[0].id)] = "Keskusteltiin.";
    CHECK(validate(g, c).empty());
    g.groupKind = "choir";
    CHECK(hasIssue(validate(g, c), "group_kind", "validation.unknown_group_kind"));
}

TEST_CASE("discussions survive a JSON round trip; malformed documents are refused") {
    DevelopmentDiscussion d = completeStaffForm();
    auto back = developmentDiscussionFromJson(toJson(d));
    REQUIRE(back.ok());
    CHECK(back->answers == d.answers);
    CHECK(back->goals.size() == 1);
    CHECK(back->goals[0].methodIds == d.goals[0].methodIds);
    CHECK(back->ratingOf("staff.professional") == 3);
    CHECK(validate(*back, theCatalog()).empty());

    GroupDiscussion g{"group_discussion",
                      2027,
                      "team",
                      "pk_tahtitaivas",
                      {"1001", "1002"},
                      "1001",
                      {{"priorities.top_priorities", "Lukutaito"}},
                      {},
                      {}};
    CHECK(toJson(g).find("service_area") == std::string::npos);  // a unit's: the bytes it always had
    auto gBack = groupDiscussionFromJson(toJson(g));
    REQUIRE(gBack.ok());
    CHECK(gBack->participants == g.participants);
    CHECK(gBack->answers == g.answers);

    CHECK_FALSE(developmentDiscussionFromJson("{").ok());
    CHECK_FALSE(developmentDiscussionFromJson(toJson(g)).ok());  // wrong type
    auto bad = developmentDiscussionFromJson(
        R"({"type":"development_discussion","form":"x","year":2026,"answers":{"a":1},"ratings":{},"goals":[]})");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("answers.a: must be a string") != std::string::npos);
}

TEST_CASE("the priorities of a group discussion are followed up one written line at a time") {
    GroupDiscussion earlier = completeGroup(2025);
    CHECK(followUpOf(earlier) == std::vector<GoalFollowUp>{{"Keskusteltiin.", 2025, "", ""}});
    earlier.answers[std::string(kGroupPrioritiesAnswer)] =
        "- Metsäpedagogiikka\n\n  2) Kirjaamisen yhteinen malli \r\n• Kiusaamisen ehkäisy\n1999 oli vuosi\n  -\n";
    CHECK(textsOf(followUpOf(earlier)) == std::vector<std::string>{"Metsäpedagogiikka", "Kirjaamisen yhteinen malli",
                                                                   "Kiusaamisen ehkäisy", "1999 oli vuosi", "-"});
    for (const GoalFollowUp& item : followUpOf(earlier)) {
        CHECK(item.year == 2025);
        CHECK(item.mark.empty());
    }
    // More lines than may be followed up: the whole text as one item, nothing dropped.
    std::string many;
    for (std::size_t i = 0; i <= kMaxFollowUps; ++i) many += "- Painopiste " + std::to_string(i) + "\n";
    earlier.answers[std::string(kGroupPrioritiesAnswer)] = many;
    const auto items = followUpOf(earlier);
    REQUIRE(items.size() == 1);
    CHECK(items[0].text == many.substr(0, many.size() - 1));
    earlier.answers.erase(std::string(kGroupPrioritiesAnswer));
    CHECK(followUpOf(earlier).empty());

    // A cross-unit group's: the first point of view's priorities, then the second's.
    earlier.groupKind = "principals_and_directors";
    earlier.answers[viewpointAnswerKey("priorities", "top_priorities", 1)] = "- Koko alueen mittarit\n- Rekrytointi";
    earlier.answers[viewpointAnswerKey("priorities", "top_priorities", 0)] = "1. Johtajien vertaismentorointi";
    CHECK(textsOf(followUpOf(earlier)) ==
          std::vector<std::string>{"Johtajien vertaismentorointi", "Koko alueen mittarit", "Rekrytointi"});
    // Too many lines in all: one item a point of view, each with its whole text.
    earlier.answers[viewpointAnswerKey("priorities", "top_priorities", 1)] = many;
    CHECK(textsOf(followUpOf(earlier)) ==
          std::vector<std::string>{"1. Johtajien vertaismentorointi", many.substr(0, many.size() - 1)});
}

TEST_CASE("a group discussion's follow-up is left out when empty, read back when there, and checked") {
    GroupDiscussion g = completeGroup(2027);
    const std::string without = toJson(g);
    CHECK(without.find("follow_up") == std::string::npos);  // an old payload's bytes stay the same
    CHECK(groupDiscussionFromJson(without)->followUp.empty());
    CHECK(validate(g, theCatalog()).empty());

    g.followUp = {{"Metsäpedagogiikka", 2025, "partly", "Kaksi retkeä kuussa"},
                  {"Kirjaaminen", 2027, "nope", ""},
                  {"Kiusaaminen", 2025, "", ""}};
    auto back = groupDiscussionFromJson(toJson(g));
    REQUIRE(back.ok());
    CHECK(back->followUp == g.followUp);
    std::vector<std::string> problems;
    for (const ValidationIssue& issue : validate(*back, theCatalog()))
        problems.push_back(issue.field + " " + issue.messageKey);
    CHECK(problems == std::vector<std::string>{"follow_up[1].mark validation.unknown_mark",
                                               "follow_up[1].year validation.follow_up_not_earlier",
                                               "follow_up[2].mark validation.follow_up_mark_missing"});
    g.followUp.assign(kMaxFollowUps + 1, {"Painopiste", 2025, "achieved", ""});
    problems.clear();
    for (const ValidationIssue& issue : validate(g, theCatalog())) problems.push_back(issue.field);
    CHECK(problems == std::vector<std::string>{"follow_up"});
    // A priority is a line of an answer, not a goal: it may be as long as an answer.
    g.followUp = {{std::string(kMaxGoalBytes + 1, 'x'), 2025, "achieved", ""}};
    CHECK(validate(g, theCatalog()).empty());
    CHECK(groupDiscussionFromJson(R"({"type":"group_discussion","form":"group_discussion","year":2027,
        "group_kind":"team","unit":"u","participants":[],"recorded_by":"","answers":{},
        "follow_up":[{"text":"x","year":2025,"mark":7,"comment":""}]})")
              .error()
              .message.find("follow_up") != std::string::npos);
}

TEST_CASE("a cross-unit group's discussion names its service area and answers under each point of view") {
    GroupDiscussion g;
    g.formId = "group_discussion";
    g.year = 2026;
    g.groupKind = "principals_and_directors";
    g.serviceAreaId = "kasvatus_ja_opetus";
    g.recordedBy = "1005";
    g.participants = {"1005", "2004"};
    CHECK(viewpointAnswerKey("priorities", "top_priorities", 0) == "priorities.top_priorities");
    CHECK(viewpointAnswerKey("priorities", "top_priorities", 1) == "priorities.top_priorities@2");
    for (const catalog::Section& s : theCatalog().findForm("group_discussion")->sections)
        g.answers[viewpointAnswerKey(s.id, s.questions[0].id, 0)] = "Ensimmäinen";
    // Every theme under the first point of view is not enough: the second is asked for theme by theme.
    auto issues = validate(g, theCatalog());
    REQUIRE(issues.size() == 4);
    CHECK(issues[0].field == "answers.current_competence@2");
    CHECK(issues[0].messageKey == "validation.theme_empty");
    for (const catalog::Section& s : theCatalog().findForm("group_discussion")->sections)
        g.answers[viewpointAnswerKey(s.id, s.questions[0].id, 1)] = "Toinen";
    CHECK(validate(g, theCatalog()).empty());
    // A third point of view the kind does not have is not in the form.
    g.answers["priorities.top_priorities@3"] = "x";
    issues = validate(g, theCatalog());
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].messageKey == "validation.unknown_question");
    g.answers.erase("priorities.top_priorities@3");

    auto back = groupDiscussionFromJson(toJson(g));
    REQUIRE(back.ok());
    CHECK(back->serviceAreaId == "kasvatus_ja_opetus");
    CHECK(back->unitId.empty());
    CHECK(back->answers == g.answers);
    // A unit and a service area both: refused, naming the field.
    GroupDiscussion both = g;
    both.unitId = "pk_tahtitaivas";
    auto refused = groupDiscussionFromJson(toJson(both));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("unit") != std::string::npos);
    // A unit's own discussion (the terminal's) still has its themes under the first point of view only.
    GroupDiscussion ofUnit = g;
    ofUnit.serviceAreaId.clear();
    ofUnit.unitId = "pk_tahtitaivas";
    for (auto it = ofUnit.answers.begin(); it != ofUnit.answers.end();)
        it = it->first.find('@') != std::string::npos ? ofUnit.answers.erase(it) : std::next(it);
    CHECK(validate(ofUnit, theCatalog()).empty());
}

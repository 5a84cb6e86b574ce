// Training plans on a real SQLite file: every state transition with who and when, every refused
// step (leaving nothing behind), versions kept when a compiled or reviewed plan is edited, the
// database refusing to rewrite history, and the compiled needs drawn only from shown groups.
#include "hr/training_plan.h"
#include "test_support.h"

#include "storage/database.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::server;

namespace {

constexpr const char* kArea = "kasvatus_ja_opetus";

struct Fixture {
    test::TempDir dir;
    std::unique_ptr<SyncStorage> storage = openSqliteStorage((dir / "server.db").string()).value();
    catalog::Catalog catalog = *catalog::loadCatalogYear(test::assetsDir(), 2026);
    domain::Organisation org = *domain::loadOrganisationFile(test::assetsDir() / "demo" / "organisation.json");
    std::int64_t now = 1'790'000'000;

    Result<TrainingPlan> step(PlanAction action, PlanActor actor, std::optional<PlanContent> content = std::nullopt,
                              const std::string& scope = kArea, int expectedSteps = -1) {
        now += 60;
        return applyPlanStep(*storage, org, catalog,
                             {2026, scope, action, std::move(actor), std::move(content), expectedSteps}, now);
    }
    TrainingPlan current(const std::string& scope = kArea) {
        return loadTrainingPlan(*storage, catalog, 2026, scope).value();
    }

    PlanContent withTraining(const std::string& name) {
        PlanContent content = current().content;
        content.trainings.push_back(
            {name, "staff.technology_and_digital", "courses", "koko henkilöstö", "syksy 2026", "HR"});
        return content;
    }

    // Refused with `code`, and nothing about the plan changed.
    void refused(const Result<TrainingPlan>& result, ErrorCode code, const std::string& scope = kArea) {
        const TrainingPlan before = current(scope);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == code);
        CHECK_FALSE(result.error().message.empty());
        const TrainingPlan after = current(scope);
        CHECK(after.history.size() == before.history.size());
        CHECK(after.state == before.state);
        CHECK(after.version == before.version);
    }
};

const PlanActor kHr{"marja.peltonen", "", ""};
const PlanActor kGroup{"marja.peltonen", "Kasvatus ja opetus – palvelualueen johtoryhmä", "JR 14.10.2026 § 7"};
const PlanActor kCityGroup{"marja.peltonen", "Kaupunginjohtajan johtoryhmä", "KJR 21.10.2026 § 3"};
const PlanActor kCommittee{"marja.peltonen", "Yt-neuvottelukunta", "Yt-nk 2.11.2026 § 4"};

}  // namespace

TEST_CASE_FIXTURE(
    Fixture, "a plan goes draft → compiled → reviewed (by two groups) → confirmed, recording who, for whom and when") {
    const TrainingPlan untouched = current();
    CHECK(untouched.state == PlanState::Draft);
    CHECK(untouched.version == 1);
    CHECK(untouched.history.empty());

    REQUIRE(step(PlanAction::Edit, kHr, withTraining("Digiosaamisen perusteet")).ok());
    auto compiled = step(PlanAction::Compile, kHr);
    REQUIRE(compiled.ok());
    CHECK(compiled->state == PlanState::Compiled);
    auto reviewed = step(PlanAction::Review, kGroup);
    REQUIRE(reviewed.ok());
    CHECK(reviewed->state == PlanState::Reviewed);
    auto second = step(PlanAction::Review, kCityGroup);
    REQUIRE(second.ok());
    CHECK(second->state == PlanState::Reviewed);
    auto confirmed = step(PlanAction::Confirm, kCommittee);
    REQUIRE(confirmed.ok());
    CHECK(confirmed->state == PlanState::Confirmed);
    CHECK(confirmed->version == 1);

    // Read back from the file by a fresh connection: the whole history, in order.
    storage.reset();
    storage = openSqliteStorage((dir / "server.db").string()).value();
    const TrainingPlan plan = current();
    REQUIRE(plan.history.size() == 5);
    const PlanState expected[][2] = {{PlanState::Draft, PlanState::Draft},
                                     {PlanState::Draft, PlanState::Compiled},
                                     {PlanState::Compiled, PlanState::Reviewed},
                                     {PlanState::Reviewed, PlanState::Reviewed},
                                     {PlanState::Reviewed, PlanState::Confirmed}};
    for (std::size_t i = 0; i < plan.history.size(); ++i) {
        CAPTURE(i);
        CHECK(plan.history[i].seq == static_cast<int>(i + 1));
        CHECK(plan.history[i].from == expected[i][0]);
        CHECK(plan.history[i].to == expected[i][1]);
        CHECK(plan.history[i].actor.hrUser == "marja.peltonen");
        CHECK(plan.history[i].at == 1'790'000'000 + 60 * static_cast<std::int64_t>(i + 1));
    }
    CHECK(plan.history[2].actor.body == kGroup.body);
    CHECK(plan.history[2].actor.reference == kGroup.reference);
    CHECK(plan.history[3].actor.body == kCityGroup.body);
    CHECK(plan.history[4].actor.body == "Yt-neuvottelukunta");
    CHECK(plan.history[4].actor.reference == kCommittee.reference);
    REQUIRE(plan.content.trainings.size() == 1);
    CHECK(plan.content.trainings[0].name == "Digiosaamisen perusteet");
}

TEST_CASE_FIXTURE(Fixture, "steps out of order are refused with a clear error and leave nothing behind") {
    refused(step(PlanAction::Review, kGroup), ErrorCode::Refused);       // a draft is not reviewed
    refused(step(PlanAction::Confirm, kCommittee), ErrorCode::Refused);  // nor confirmed
    REQUIRE(step(PlanAction::Compile, kHr).ok());
    refused(step(PlanAction::Compile, kHr), ErrorCode::Refused);         // compiled twice
    refused(step(PlanAction::Confirm, kCommittee), ErrorCode::Refused);  // confirmed before any review
    REQUIRE(step(PlanAction::Review, kGroup).ok());
    refused(step(PlanAction::Review, kGroup), ErrorCode::Refused);  // the same group, the same version, again
    refused(step(PlanAction::Compile, kHr), ErrorCode::Refused);
    REQUIRE(step(PlanAction::Confirm, kCommittee).ok());
    for (PlanAction action : {PlanAction::Compile, PlanAction::Review, PlanAction::Confirm}) {
        CAPTURE(planActionId(action));
        refused(step(action, action == PlanAction::Review ? kCityGroup : kCommittee), ErrorCode::Refused);
    }
    refused(step(PlanAction::Edit, kHr, withTraining("Myöhästynyt lisäys")),
            ErrorCode::Refused);  // confirmed stays as confirmed
    CHECK(current().content.trainings.empty());
}

TEST_CASE_FIXTURE(Fixture,
                  "a step needs who acts, the group and the meeting; an unknown plan or a stale form is refused") {
    refused(step(PlanAction::Compile, {"", "", ""}), ErrorCode::InvalidInput);
    refused(step(PlanAction::Edit, kHr), ErrorCode::InvalidInput);  // no content
    refused(step(PlanAction::Compile, kHr, std::nullopt, "no_such_area"), ErrorCode::NotFound, "no_such_area");
    REQUIRE(step(PlanAction::Compile, kHr).ok());
    refused(step(PlanAction::Review, {"marja.peltonen", "", "JR 1/2026"}), ErrorCode::InvalidInput);
    refused(step(PlanAction::Review, {"marja.peltonen", "Johtoryhmä", "  "}), ErrorCode::InvalidInput);
    // Shown when the plan had no steps; one has been taken since.
    refused(step(PlanAction::Review, kGroup, std::nullopt, kArea, 0), ErrorCode::Conflict);
    CHECK(step(PlanAction::Review, kGroup, std::nullopt, kArea, 1).ok());
}

TEST_CASE_FIXTURE(Fixture, "bad content is refused with the field named") {
    PlanContent content;
    content.trainings.push_back({"Kurssi", "no.such.competence", "", "", "", ""});
    auto unknown = step(PlanAction::Edit, kHr, content);
    refused(unknown, ErrorCode::InvalidInput);
    CHECK(unknown.error().message.find("trainings[0].competence_id") != std::string::npos);
    content.trainings[0] = {"Kurssi", "", "no_such_method", "", "", ""};
    refused(step(PlanAction::Edit, kHr, content), ErrorCode::InvalidInput);
    content.trainings[0] = {"   ", "", "", "", "", ""};
    refused(step(PlanAction::Edit, kHr, content), ErrorCode::InvalidInput);
    content.trainings[0] = {std::string(501, 'x'), "", "", "", "", ""};
    refused(step(PlanAction::Edit, kHr, content), ErrorCode::InvalidInput);

    CHECK_FALSE(planContentFromJson("[1,2]", catalog).ok());
    CHECK_FALSE(planContentFromJson("{\"trainings\": {}}", catalog).ok());
    auto typed = planContentFromJson(R"({"trainings": [{"name": 5}]})", catalog);
    REQUIRE_FALSE(typed.ok());
    CHECK(typed.error().message.find("trainings[0].name") != std::string::npos);
    auto good = planContentFromJson(
        R"({"trainings": [{"name": "Vuorovaikutus", "method_id": "mentoring"}], "notes": "ä"})", catalog);
    REQUIRE(good.ok());
    auto round = planContentFromJson(planContentToJson(*good), catalog);
    REQUIRE(round.ok());
    CHECK(round->trainings[0].methodId == "mentoring");
    CHECK(round->notes == "ä");
}

TEST_CASE_FIXTURE(
    Fixture, "editing a compiled or reviewed plan sends it back to draft as a new version; old versions are kept") {
    REQUIRE(step(PlanAction::Edit, kHr, withTraining("Ensimmäinen")).ok());
    REQUIRE(step(PlanAction::Edit, kHr, withTraining("Toinen")).ok());  // a draft is edited in place
    CHECK(current().version == 1);
    REQUIRE(step(PlanAction::Compile, kHr).ok());
    auto edited = step(PlanAction::Edit, kHr, withTraining("Kolmas"));
    REQUIRE(edited.ok());
    CHECK(edited->state == PlanState::Draft);
    CHECK(edited->version == 2);
    REQUIRE(step(PlanAction::Compile, kHr).ok());
    REQUIRE(step(PlanAction::Review, kGroup).ok());
    auto again = step(PlanAction::Edit, kHr, withTraining("Neljäs"));
    REQUIRE(again.ok());
    CHECK(again->state == PlanState::Draft);
    CHECK(again->version == 3);

    const TrainingPlan plan = current();
    REQUIRE(plan.versions.size() == 3);
    CHECK(plan.versions[0].content.trainings.size() == 2);  // what was compiled first
    CHECK(plan.versions[1].content.trainings.size() == 3);  // what the group reviewed
    CHECK(plan.versions[2].content.trainings.size() == 4);
    CHECK(plan.history.back().from == PlanState::Reviewed);
    CHECK(plan.history.back().version == 3);
    // The group reviews the new version afresh.
    REQUIRE(step(PlanAction::Compile, kHr).ok());
    CHECK(step(PlanAction::Review, kGroup).ok());
}

TEST_CASE_FIXTURE(Fixture, "the central plan has the same workflow") {
    const std::string central = kCentralPlanScope;
    REQUIRE(step(PlanAction::Compile, kHr, std::nullopt, central).ok());
    REQUIRE(step(PlanAction::Review, kCityGroup, std::nullopt, central).ok());
    auto confirmed = step(PlanAction::Confirm, kCommittee, std::nullopt, central);
    REQUIRE(confirmed.ok());
    CHECK(confirmed->state == PlanState::Confirmed);
    CHECK(current().history.empty());  // the service area's plan is another plan
    CHECK(planScopes(org).back() == central);
}

TEST_CASE_FIXTURE(Fixture, "the database itself refuses to rewrite a plan's history or a compiled version") {
    REQUIRE(step(PlanAction::Edit, kHr, withTraining("Alkuperäinen")).ok());
    REQUIRE(step(PlanAction::Compile, kHr).ok());
    auto db = storage::Database::open((dir / "server.db").string()).value();
    CHECK_FALSE(db.exec("UPDATE training_plan_event SET actor = 'someone.else'").ok());
    CHECK_FALSE(db.exec("DELETE FROM training_plan_event").ok());
    CHECK_FALSE(db.exec("UPDATE training_plan_version SET content = '{}' WHERE version = 1").ok());
    CHECK_FALSE(db.exec("DELETE FROM training_plan_version").ok());
    const TrainingPlan plan = current();
    CHECK(plan.history.size() == 2);
    CHECK(plan.history[0].actor.hrUser == "marja.peltonen");
    CHECK(plan.content.trainings[0].name == "Alkuperäinen");
}

TEST_CASE_FIXTURE(Fixture, "compiled needs come from shown groups and the units' summaries, highest priority first") {
    auto area = [&](const std::string& id, const std::string& unitId, int responses, bool suppressed) {
        GroupAggregate g;
        g.serviceAreaId = id;
        g.unitId = unitId;
        g.responses = responses;
        g.suppressed = suppressed;
        return g;
    };
    GroupAggregate shown = area(kArea, "", 9, false);
    shown.goalCompetences = {{"staff.technology_and_digital", 4}, {"staff.self_management", 1}};
    shown.goalMethods["staff.technology_and_digital"] = {{"courses", 3}, {"mentoring", 1}};
    shown.competences.push_back({"staff.technology_and_digital", 9, 2.5, {}});
    shown.competences.push_back({"staff.self_management", 9, 3.9, {}});
    GroupAggregate hiddenUnit = area(kArea, "pk_tahtitaivas", 2, true);
    hiddenUnit.goalCompetences = {{"staff.professional", 50}};  // must never count
    GroupAggregate otherArea = area("hyvinvointipalvelut", "", 6, false);
    otherArea.goalCompetences = {{"staff.learning_and_renewal", 6}};
    const std::vector<UnitTrainingNeeds> units{
        {"kirkonkylan_koulu",
         "Kirkonkylän koulu",
         "staff.self_management",
         "Työn priorisointi kiireessä",
         {"work_counselling"},
         {}},
        {"pk_tahtitaivas", "Päiväkoti Tähtitaivas", "staff.self_management", "Oman työn suunnittelu", {}, {}},
        {"pk_tahtitaivas", "Päiväkoti Tähtitaivas", "", "Ensiapukoulutus", {"courses"}, {}},
        {"kotihoito_ita", "Kotihoito Itä", "staff.professional", "Lääkehoito", {}, {}}};

    const auto needs = compiledNeeds(kArea, org, catalog, {shown, hiddenUnit, otherArea}, units);
    REQUIRE(needs.size() == 3);
    // self-management: 2 units × 2 + 1 goal = 5; digital: 4 goals; first aid: 1 unit × 2.
    CHECK(needs[0].competenceId == "staff.self_management");
    CHECK(needs[0].unitIds.size() == 2);
    CHECK(needs[0].text.find("Työn priorisointi kiireessä") != std::string::npos);
    CHECK(needs[1].competenceId == "staff.technology_and_digital");
    CHECK(needs[1].learningGoals == 4);
    CHECK(needs[1].methodIds == std::vector<std::string>{"courses", "mentoring"});
    CHECK(needs[1].text.find("2,5") != std::string::npos);
    CHECK(needs[2].competenceId.empty());
    CHECK(needs[2].text.find("Ensiapukoulutus") != std::string::npos);

    const auto central = compiledNeeds(kCentralPlanScope, org, catalog, {shown, hiddenUnit, otherArea}, units);
    CHECK(central.size() == 5);  // adds the other area's goals and Kotihoito Itä's need
    for (const PlanNeed& n : central) CHECK(n.learningGoals < 50);
}

// The 2026 catalogue loads whole and matches docs/model.md; broken files are refused whole with
// an error naming the file, the field and the problem.
#include "catalog/catalog.h"

#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace osm;
using namespace osm::catalog;
using nlohmann::json;

namespace {

json catalogJson() { return json::parse(test::readFile(test::assetsDir() / "catalog" / "2026.json")); }

// Parses a modified copy and returns the error message (fails the test if it loads).
std::string refusal(const json& doc) {
    auto result = parseCatalog(doc.dump(), "2026.json");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::InvalidInput);
    return result.error().message;
}

}  // namespace

TEST_CASE("the 2026 catalogue loads with the model's contents") {
    auto loaded = loadCatalogYear(test::assetsDir(), 2026);
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().message));
    const Catalog& c = *loaded;
    CHECK(c.year == 2026);
    CHECK(c.competencesIn(CompetenceGroup::AllStaff).size() == 6);
    CHECK(c.competencesIn(CompetenceGroup::Manager).size() == 7);
    REQUIRE(c.categories.size() == 3);
    CHECK(c.categories[0].share == 70);
    CHECK(c.categories[0].methods.size() == 4);
    CHECK(c.categories[1].share == 20);
    CHECK(c.categories[1].methods.size() == 12);
    CHECK(c.categories[2].share == 10);
    CHECK(c.categories[2].methods.size() == 12);
    CHECK(c.categories[0].name.fi == "Työhön integroitu oppiminen");
    CHECK(c.findCompetence("staff.self_management")->name.fi == "Itsensä johtamisen taidot");
    CHECK(c.findCompetence("manager.work_ability_and_wellbeing")->group == CompetenceGroup::Manager);
    CHECK(c.categoryOfMethod(c.categories[2].methods[0].id)->share == 10);

    CHECK(c.scale.min == 1);
    CHECK(c.scale.max == 5);
    CHECK(c.scale.levels.size() == 5);

    const FormTemplate* staff = c.findForm("development_discussion_staff");
    const FormTemplate* manager = c.findForm("development_discussion_manager");
    const FormTemplate* group = c.findForm("group_discussion");
    const FormTemplate* strategic = c.findForm("strategic_discussion");
    REQUIRE((staff && manager && group && strategic));
    CHECK(staff->sections.size() == 4);
    CHECK(manager->sections.size() == 5);
    CHECK(manager->sections[3].id == "manager_competence");
    CHECK(manager->competenceGroups.size() == 2);
    CHECK(group->sections.size() == 4);
    CHECK(group->groupKinds.size() == 3);
    CHECK(strategic->kind == FormKind::StrategicDiscussion);

    CHECK(c.clock.isAlternatingSector("early_childhood_education"));
    CHECK(c.clock.isAlternatingSector("teaching"));
    CHECK_FALSE(c.clock.isAlternatingSector("default"));
    CHECK(c.clock.yearKind(2026) == Alternation::Individual);
    CHECK(c.clock.yearKind(2027) == Alternation::Group);
    CHECK(c.clock.events.size() == 8);

    // Every text has all three languages.
    for (const Competence& comp : c.competences) {
        for (Lang lang : kAllLangs) CHECK_FALSE(comp.definition.in(lang).empty());
    }
}

TEST_CASE("a broken catalogue is refused with file, field and problem") {
    json doc = catalogJson();

    SUBCASE("malformed JSON") {
        auto result = parseCatalog("{\"format\": 1,", "2026.json");
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message.find("2026.json: not valid JSON") == 0);
    }
    SUBCASE("a missing translation") {
        doc["competences"][3]["name"].erase("sv");
        CHECK(refusal(doc) == "2026.json: competences[3].name.sv: missing");
    }
    SUBCASE("an empty text") {
        doc["learning_categories"][1]["methods"][0]["name"]["fi"] = "  ";
        CHECK(refusal(doc) == "2026.json: learning_categories[1].methods[0].name.fi: must not be empty");
    }
    SUBCASE("a wrong type") {
        doc["rating_scale"]["max"] = "5";
        CHECK(refusal(doc) == "2026.json: rating_scale.max: must be a whole number");
    }
    SUBCASE("a month out of range") {
        doc["annual_clock"]["events"][0]["to_month"] = 13;
        CHECK(refusal(doc).find("2026.json: annual_clock.events[0].to_month: must be between") == 0);
    }
    SUBCASE("a duplicate competence id") {
        doc["competences"][1]["id"] = doc["competences"][0]["id"];
        CHECK(refusal(doc).find("2026.json: competences: competence id 'staff.self_management' appears twice") == 0);
    }
    SUBCASE("a method id used twice across categories") {
        doc["learning_categories"][2]["methods"][0]["id"] = doc["learning_categories"][0]["methods"][0]["id"];
        CHECK(refusal(doc).find("learning_categories[2].methods: method id") != std::string::npos);
    }
    SUBCASE("shares that do not add up to 100") {
        doc["learning_categories"][0]["share"] = 60;
        CHECK(refusal(doc).find("learning_categories: the shares must add up to 100") != std::string::npos);
    }
    SUBCASE("an event naming a form that does not exist") {
        doc["annual_clock"]["events"][0]["form"] = "no_such_form";
        CHECK(refusal(doc) == "2026.json: annual_clock.events[0].form: no form with id 'no_such_form'");
    }
    SUBCASE("an unknown enumeration value") {
        doc["annual_clock"]["events"][1]["participants"] = "everyone";
        CHECK(refusal(doc).find("annual_clock.events[1].participants: 'everyone' is not one of") != std::string::npos);
    }
    SUBCASE("a bad parity") {
        doc["annual_clock"]["alternating_year"]["individual_years"] = "both";
        CHECK(refusal(doc).find("individual_years: must be \"even\" or \"odd\"") != std::string::npos);
    }
    SUBCASE("rating levels out of order") {
        std::swap(doc["rating_scale"]["levels"][0], doc["rating_scale"]["levels"][1]);
        CHECK(refusal(doc).find("rating_scale.levels[0].value: levels must run min..max in order") !=
              std::string::npos);
    }
    SUBCASE("a missing section") {
        doc.erase("forms");
        CHECK(refusal(doc) == "2026.json: forms: missing");
    }
    SUBCASE("a development form without goals limits") {
        doc["forms"][0].erase("learning_goals");
        CHECK(refusal(doc) == "2026.json: forms[0].learning_goals: missing");
    }
    SUBCASE("an id with characters outside the allowed set") {
        doc["forms"][0]["sections"][0]["id"] = "Past Year";
        CHECK(refusal(doc).find("forms[0].sections[0].id: must use only") != std::string::npos);
    }
}

TEST_CASE("loading a missing year or a file that names another year fails") {
    test::TempDir dir;
    auto missing = loadCatalogYear(dir.path(), 2031);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::NotFound);

    std::filesystem::create_directories(dir / "catalog");
    test::writeFile(dir / "catalog" / "2027.json", catalogJson().dump());
    auto mislabelled = loadCatalogYear(dir.path(), 2027);
    REQUIRE_FALSE(mislabelled.ok());
    CHECK(mislabelled.error().message.find("2027.json: year: the file says 2026") != std::string::npos);
}

TEST_CASE("languages parse from their codes") {
    CHECK(*parseLang("sv") == Lang::Sv);
    CHECK_FALSE(parseLang("de").ok());
    Text text{"hei", "hej", "hello"};
    CHECK(text.in(Lang::En) == "hello");
}

TEST_CASE("instruction links: per form and section, all three languages, https URLs only") {
    auto loaded = loadCatalogYear(test::assetsDir(), 2026);
    REQUIRE(loaded.ok());
    const FormTemplate* staff = loaded->findForm("development_discussion_staff");
    REQUIRE(staff != nullptr);
    REQUIRE_FALSE(staff->instructions.empty());
    CHECK(staff->instructions.in(Lang::Fi).title == "Kehityskeskustelu: ohje työntekijälle");
    CHECK(staff->instructions.in(Lang::Sv).url.starts_with("https://silta.example.fi/sv/"));
    CHECK(staff->sections[0].instructions.empty());  // optional: past_year has none
    CHECK(staff->sections[1].instructions.in(Lang::En).title == "Wellbeing and coping at work");

    json doc = catalogJson();
    json& link = doc["forms"][2]["sections"][3]["instructions"]["sv"];
    link["url"] = "http://silta.example.fi/sv/x";
    CHECK(refusal(doc) ==
          "2026.json: forms[2].sections[3].instructions.sv.url: must start with https:// "
          "(section 'priorities' of form 'group_discussion')");
    for (const char* bad : {"https://silta.example.fi/ohje sivu", "https://silta.example.fi/\"><script>",
                            "https://user@silta.example.fi/", "https://silta.example.fi:8443/", "https:///x",
                            "https://silta/x", "https://SILTA.example.fi/", "https://silta.example.fi/ä"}) {
        link["url"] = bad;
        CHECK_MESSAGE(refusal(doc).starts_with("2026.json: forms[2].sections[3].instructions.sv.url: "), bad);
    }
    link["url"] = "https://silta.example.fi/" + std::string(kMaxInstructionUrl, 'a');
    CHECK(refusal(doc).find("at most 300") != std::string::npos);
    link.erase("title");
    CHECK(refusal(doc).starts_with("2026.json: forms[2].sections[3].instructions.sv.title: "));
    doc["forms"][2]["sections"][3]["instructions"].erase("sv");
    CHECK(refusal(doc).starts_with("2026.json: forms[2].sections[3].instructions.sv: "));

    json old = catalogJson();  // a catalogue of before the links still loads
    for (json& form : old["forms"]) {
        form.erase("instructions");
        for (json& section : form["sections"]) section.erase("instructions");
    }
    auto parsed = parseCatalog(old.dump(), "old.json");
    REQUIRE(parsed.ok());
    CHECK(parsed->findForm("group_discussion")->instructions.empty());
}

TEST_CASE("publishing's host check names the form or section and the language") {
    auto loaded = loadCatalogYear(test::assetsDir(), 2026);
    REQUIRE(loaded.ok());
    CHECK(checkInstructionHosts(*loaded, {"silta.example.fi"}).ok());
    auto refused = checkInstructionHosts(*loaded, {"intra.example.org"});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message ==
          "forms[development_discussion_staff].instructions.fi.url: host 'silta.example.fi' is not an allowed "
          "Silta host (silta-hosts: intra.example.org)");
    Catalog changed = *loaded;
    changed.forms[2].sections[3].instructions.en.url = "https://silta.example.fi.attacker.example/x";
    refused = checkInstructionHosts(changed, {"silta.example.fi"});
    REQUIRE_FALSE(refused.ok());
    CHECK(
        refused.error().message.starts_with("forms[group_discussion].sections[priorities].instructions.en.url: "
                                            "host 'silta.example.fi.attacker.example'"));
    CHECK(instructionUrlHost("https://silta.example.fi?q=1") == "silta.example.fi");
}

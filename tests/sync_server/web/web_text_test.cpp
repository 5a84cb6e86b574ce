// The web pages' texts (assets/i18n/web): every key the leaders' and HR's pages use, literally or
// built from an id, is in Finnish, Swedish and English, and no language has a key the others lack.
#include "domain/discussion.h"
#include "hr/training_plan.h"
#include "test_support.h"
#include "web/web_text.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <set>

using namespace osm;

namespace {

// The keys written as literals in the sources of `folders` (under sync_server/).
std::set<std::string> keysInSources(std::initializer_list<const char*> folders) {
    const std::regex pattern(R"re("((?:web|hr)\.[a-z_]+(?:\.[a-z_0-9]+)*)")re");
    std::set<std::string> used;
    for (const char* folder : folders) {
        const auto dir = std::filesystem::path(OSM_SOURCE_DIR) / "sync_server" / folder;
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            const std::string source = test::readFile(entry.path());
            for (auto it = std::sregex_iterator(source.begin(), source.end(), pattern); it != std::sregex_iterator();
                 ++it)
                used.insert((*it)[1]);
        }
    }
    return used;
}

// The keys HR's pages build from an id: plan states and steps, months, the clock's sectors.
std::set<std::string> keysBuiltFromIds() {
    std::set<std::string> built;
    for (auto state : {server::PlanState::Draft, server::PlanState::Compiled, server::PlanState::Reviewed,
                       server::PlanState::Confirmed})
        built.insert("hr.plan.state." + std::string(server::planStateId(state)));
    for (auto action : {server::PlanAction::Edit, server::PlanAction::Compile, server::PlanAction::Review,
                        server::PlanAction::Confirm})
        built.insert("hr.plan.action." + std::string(server::planActionId(action)));
    for (int month = 1; month <= 12; ++month) built.insert("hr.month." + std::to_string(month));
    for (const char* sector : {"early_childhood_education", "teaching", "default"})
        built.insert("hr.sector." + std::string(sector));
    for (const std::string_view mark : domain::kGoalMarks) built.insert("hr.follow_up." + std::string(mark));
    return built;
}

}  // namespace

TEST_CASE("every web text the leaders' and HR's pages use is in every language") {
    auto text = server::WebText::load(test::assetsDir());
    REQUIRE(text.ok());
    std::set<std::string> used = keysInSources({"leaders", "hr", "web"});
    CHECK(used.size() > 150);
    used.merge(keysBuiltFromIds());
    for (const std::string& key : used) {
        for (catalog::Lang lang : catalog::kAllLangs) {
            INFO(key << " in " << catalog::langCode(lang));
            CHECK(text->has(lang, key));
        }
    }
    // And nothing in one language that the others lack.
    CHECK(text->table(catalog::Lang::Fi).size() == text->table(catalog::Lang::Sv).size());
    CHECK(text->table(catalog::Lang::Fi).size() == text->table(catalog::Lang::En).size());
}

TEST_CASE("the language switch links to this page of this site, whatever the request's path holds") {
    const auto address = [](const std::string& path, std::map<std::string, std::string> query = {}) {
        server::ApiRequest request{"GET", path, {}, {}};
        request.query = std::move(query);
        return server::addressWithoutLanguage(request);
    };
    CHECK(address("/hr/plan", {{"scope", "sa_1"}, {"year", "2026"}, {"lang", "sv"}}) ==
          "/hr/plan?scope=sa_1&amp;year=2026");
    CHECK(address("/leaders/") == "/leaders/");
    // Paths a browser would read as another site, or that would end the attribute.
    CHECK(address("//evil.example/hr") == "/evil.example/hr");
    CHECK(address("/\\evil.example/hr") == "/%5Cevil.example/hr");
    CHECK(address("/hr/\"><script>") == "/hr/%22%3E%3Cscript%3E");
    CHECK(address("/hr/ä") == "/hr/%C3%A4");
}

// Translations: every key the code uses exists in Finnish, Swedish and English with the same
// placeholders, and switching language switches the texts.
#include "i18n.h"

#include "test_support.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <set>

using namespace osm;
using namespace osm::kiosk;

namespace {

// Keys named in the sources: tr("…"), error/notice keys assigned as strings, validation keys.
std::set<std::string> keysUsedInCode() {
    const std::regex pattern(
        R"re("((?:action|start|pin|first_use|home|state|save|ratings|goals|group|review|idle|server|logout|error|common|validation|conflict|enrol|team|agreement|summary|follow_up|my_data)\.[a-z_.]+)")re");
    std::set<std::string> keys;
    for (const char* folder : {"kiosk", "shared/domain"}) {
        for (const auto& entry :
             std::filesystem::recursive_directory_iterator(std::filesystem::path(OSM_SOURCE_DIR) / folder)) {
            if (entry.path().extension() != ".cpp" && entry.path().extension() != ".h") continue;
            const std::string text = test::readFile(entry.path());
            for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator();
                 ++it) {
                keys.insert((*it)[1]);
            }
        }
    }
    // Field paths and catalogue ids that look like keys but are not translations.
    for (auto it = keys.begin(); it != keys.end();) {
        if (it->rfind("ratings.staff.", 0) == 0 || it->rfind("ratings.manager.", 0) == 0)
            it = keys.erase(it);
        else
            ++it;
    }
    return keys;
}

std::set<std::string> placeholders(const std::string& text) {
    std::set<std::string> found;
    const std::regex pattern(R"(\{[0-9]\})");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it)
        found.insert(it->str());
    return found;
}

}  // namespace

TEST_CASE("every key used in code is translated into every language") {
    auto t = Translations::load(test::assetsDir());
    REQUIRE(t.ok());
    const auto keys = keysUsedInCode();
    CHECK(keys.size() > 60);
    for (const std::string& key : keys) {
        for (catalog::Lang lang : catalog::kAllLangs) {
            CHECK_MESSAGE(t->has(lang, key), "missing " << std::string(catalog::langCode(lang)) << ": " << key);
        }
    }
}

TEST_CASE("the three languages have the same keys and placeholders") {
    auto t = Translations::load(test::assetsDir());
    REQUIRE(t.ok());
    const auto& fi = t->table(catalog::Lang::Fi);
    for (catalog::Lang lang : {catalog::Lang::Sv, catalog::Lang::En}) {
        CHECK(t->table(lang).size() == fi.size());
        for (const auto& [key, text] : fi) {
            REQUIRE_MESSAGE(t->has(lang, key), "missing " << std::string(catalog::langCode(lang)) << ": " << key);
            CHECK_MESSAGE(placeholders(t->text(lang, key)) == placeholders(text), key);
        }
    }
}

TEST_CASE("switching language switches texts; a missing key falls back and is remembered") {
    auto t = Translations::load(test::assetsDir());
    REQUIRE(t.ok());
    CHECK(t->text(catalog::Lang::Fi, "action.logout") != t->text(catalog::Lang::Sv, "action.logout"));
    CHECK(t->text(catalog::Lang::Sv, "action.logout") != t->text(catalog::Lang::En, "action.logout"));
    CHECK(t->text(catalog::Lang::En, "no.such.key") == "no.such.key");
    CHECK(t->missingSeen().contains("no.such.key"));
    CHECK(format("Hei, {0}! {1} {0}", {"Aino", "x"}) == "Hei, Aino! x Aino");
    CHECK(format("{5} jää", {"a"}) == "{5} jää");
}

TEST_CASE("a broken translation file is refused") {
    test::TempDir dir;
    std::filesystem::create_directories(dir / "i18n");
    for (const char* lang : {"fi", "sv", "en"})
        test::writeFile(dir / "i18n" / (std::string(lang) + ".json"), R"({"a": "b"})");
    CHECK(Translations::load(dir.path()).ok());
    test::writeFile(dir / "i18n" / "sv.json", R"({"a": 1})");
    auto bad = Translations::load(dir.path());
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("sv.json: a: must be a string") != std::string::npos);
}

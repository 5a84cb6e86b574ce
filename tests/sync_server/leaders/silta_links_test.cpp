// Silta's instructions on the leaders' web: the catalogue's links per form and per section, as
// plain links in the page's language. And publishing's defence of the QR codes at the
// terminals: a catalogue linking anywhere but the configured Silta hosts is not published.
#include "sync_server/leaders/leaders_fixture.h"
#include "sync_server/server_process.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace osm;
using test::Leaders;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The link with id instructions-<id> as the page has it: `<a id=… href="URL" …>TEXT</a>`.
std::pair<std::string, std::string> link(const std::string& page, const std::string& id) {
    const auto at = page.find("<a id=\"instructions-" + id + "\" href=\"");
    if (at == std::string::npos) return {};
    const auto urlAt = page.find("href=\"", at) + 6;
    const std::string url = page.substr(urlAt, page.find('"', urlAt) - urlAt);
    const auto textAt = page.find('>', urlAt) + 1;
    return {url, page.substr(textAt, page.find("</a>", textAt) - textAt)};
}

catalog::Catalog demoCatalogue() { return catalog::loadCatalogYear(test::assetsDir(), 2026).value(); }

}  // namespace

TEST_CASE_FIXTURE(Leaders, "the own pre-form links Silta's instructions for the form and its sections, per language") {
    const catalog::Catalog c = demoCatalogue();
    const catalog::FormTemplate& form = *c.findForm("development_discussion_manager");
    auto kaisa = signedIn("2004");
    for (catalog::Lang lang : catalog::kAllLangs) {
        const auto page = kaisa.get("/leaders/own", {{"lang", catalog::langCode(lang)}});
        REQUIRE(page.status == 200);
        CHECK(link(page.body, "form").first == form.instructions.in(lang).url);
        std::size_t sections = 0;
        for (const catalog::Section& section : form.sections) {
            if (section.instructions.empty()) {
                CHECK(link(page.body, section.id).first.empty());
                continue;
            }
            ++sections;
            CHECK(link(page.body, section.id).first == section.instructions.in(lang).url);
        }
        CHECK(sections == 3);
        CHECK(count(page.body, "class=\"instructions\"") == 1 + sections);
    }
    const auto fi = kaisa.get("/leaders/own", {{"lang", "fi"}});
    CHECK(link(fi.body, "form").second == "Ohje Sillassa: Kehityskeskustelu: ohje esihenkilölle");
    CHECK(link(fi.body, "manager_competence") ==
          std::pair<std::string, std::string>{"https://silta.example.fi/osaamisenjohtaminen/esihenkiloiden-osaamiset",
                                              "Ohje Sillassa: Esihenkilöiden yhteiset osaamiset"});
    CHECK(link(kaisa.get("/leaders/own", {{"lang", "sv"}}).body, "wellbeing").second ==
          "Anvisning i Silta: Välbefinnande och ork i arbetet");
    CHECK(fi.body.find("rel=\"noopener noreferrer\"") != std::string::npos);
}

TEST_CASE_FIXTURE(Leaders, "a group discussion links the form and each section once, not once a point of view") {
    const catalog::Catalog c = demoCatalogue();
    auto helena = signedIn("1005");
    const auto page = helena.get("/leaders/group/new", {{"kind", "principals_and_directors"}, {"lang", "en"}});
    REQUIRE(page.status == 200);
    const catalog::FormTemplate& form = *c.findForm("group_discussion");
    CHECK(link(page.body, "form") ==
          std::pair<std::string, std::string>{"https://silta.example.fi/en/competence-management/group-discussion",
                                              "Instructions in Silta: Guide to the group competence discussion"});
    CHECK(link(page.body, "priorities").first == form.sections[3].instructions.en.url);
    CHECK(link(page.body, "future_needs").first == form.sections[1].instructions.en.url);
    CHECK(count(page.body, "class=\"instructions\"") == 3);  // two points of view on the page
}

TEST_CASE_FIXTURE(Leaders, "publishing refuses a catalogue whose links leave Silta, and keeps the one published") {
    const auto before = storage->catalog(2026).value();
    REQUIRE(before.has_value());
    nlohmann::json doc = nlohmann::json::parse(test::readFile(test::assetsDir() / "catalog" / "2026.json"));
    const std::string file = (dir / "2026.json").string();
    // A look-alike host; the http one is refused when the file is read, before any host check.
    doc["forms"][0]["sections"][1]["instructions"]["fi"]["url"] = "https://silta.example.fi.kirjaudu.example/ohje";
    test::writeFile(file, doc.dump());
    auto refused = server::publishCatalogFile(*storage, file);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::InvalidInput);
    CHECK(refused.error().message ==
          file +
              ": forms[development_discussion_staff].sections[wellbeing].instructions.fi.url: host "
              "'silta.example.fi.kirjaudu.example' is not an allowed Silta host (silta-hosts: silta.example.fi)");
    doc["forms"][0]["sections"][1]["instructions"]["fi"]["url"] = "http://silta.example.fi/ohje";
    test::writeFile(file, doc.dump());
    CHECK(server::publishCatalogFile(*storage, file).error().message.find("must start with https://") !=
          std::string::npos);
    CHECK(storage->catalog(2026).value() == before);

    // The city's own intranet, once the configuration names it.
    doc["forms"][0]["sections"][1]["instructions"]["fi"]["url"] = "https://intra.kunta.example/ohjeet/hyvinvointi";
    test::writeFile(file, doc.dump());
    CHECK_FALSE(server::publishCatalogFile(*storage, file).ok());
    CHECK_FALSE(server::publishCatalogFile(*storage, file, {"intra.kunta.example"}).ok());  // the others are not
    CHECK(server::publishCatalogFile(*storage, file, {"intra.kunta.example", "silta.example.fi"}).value() == 2026);
    CHECK(storage->catalog(2026).value()->find("intra.kunta.example") != std::string::npos);
}

TEST_CASE("the binary takes the Silta hosts from its configuration file") {
    test::TempDir dir;
    const std::string data = (dir / "data").string();
    const std::string catalogue = (test::assetsDir() / "catalog" / "2026.json").string();
    REQUIRE(test::runServerCommand({"--data", data, "init"}).exitCode == 0);
    test::writeFile(dir / "server.ini", "silta-hosts = \"intra.kunta.example\"\n");
    const std::string config = (dir / "server.ini").string();
    const test::CommandResult refused =
        test::runServerCommand({"--config", config, "--data", data, "publish-catalog", catalogue});
    CHECK(refused.exitCode == 2);
    CHECK(refused.output.find(
              "host 'silta.example.fi' is not an allowed Silta host (silta-hosts: intra.kunta.example)") !=
          std::string::npos);
    test::writeFile(dir / "server.ini", "silta-hosts = \"intra.kunta.example,silta.example.fi\"\n");
    const test::CommandResult published =
        test::runServerCommand({"--config", config, "--data", data, "publish-catalog", catalogue});
    CHECK(published.exitCode == 0);
    CHECK(published.output.find("published the catalogue for 2026") != std::string::npos);
}

// UI tests in a real window under Xvfb: the screenshot tour renders every screen in every
// language at two screen sizes, and a scenario drives the real kiosk with real mouse and
// keyboard events (xdotool) from the start screen to a saved draft, kills it, and checks
// that the draft is there, decrypts, and that neither its text nor the PIN is on disk.
#include "catalog/catalog.h"
#include "crypto/aead.h"
#include "crypto/kdf.h"
#include "local_store.h"
#include "test_support.h"
#include "ui_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <stb_image.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace fs = std::filesystem;
using namespace osm;
using namespace osm::test::ui;

namespace {

struct Image {
    int width = 0;
    int height = 0;
    int distinctColours = 0;
};

Image inspect(const fs::path& png) {
    Image image;
    int channels = 0;
    unsigned char* pixels = stbi_load(png.string().c_str(), &image.width, &image.height, &channels, 4);
    REQUIRE_MESSAGE(pixels != nullptr, "cannot decode " << png);
    std::set<std::uint32_t> colours;
    const std::size_t count = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
    for (std::size_t i = 0; i < count && colours.size() < 1000; i += 7) {
        colours.insert(static_cast<std::uint32_t>(pixels[i * 4]) << 16 |
                       static_cast<std::uint32_t>(pixels[i * 4 + 1]) << 8 | pixels[i * 4 + 2]);
    }
    stbi_image_free(pixels);
    image.distinctColours = static_cast<int>(colours.size());
    return image;
}

// Every touch target the probe saw in every shot (each screen in each language) is at least
// 44×44 px, and so are the scrollbars.
void checkTargets(const fs::path& dir) {
    int shots = 0;
    int targets = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (!name.ends_with(".probe.jsonl")) continue;
        ++shots;
        const Probe probe = readProbe(entry.path());
        CHECK_MESSAGE(std::atoi(probe.value("scrollbar").c_str()) >= 44, name << ": scrollbar");
        for (const auto& [item, rect] : probe.targets) {
            ++targets;
            CHECK_MESSAGE((rect[2] >= 44 && rect[3] >= 44),
                          name << ": " << item << " is " << rect[2] << "×" << rect[3] << " px");
        }
    }
    CHECK(shots >= 60);
    CHECK(targets > 1000);
}

// The tour's shots of Silta's instructions for the pre-form's wellbeing page, in the editor and
// on the manager's read-only view of the pre-form: in each language the QR code on screen reads,
// with zbarimg, as exactly the catalogue's link in that language.
void checkInstructionsQr(const fs::path& dir, const std::string& scene) {
    auto catalogue = catalog::loadCatalogYear(test::assetsDir(), 2026);
    REQUIRE(catalogue.ok());
    const catalog::Section& wellbeing = catalogue->findForm("development_discussion_staff")->sections[1];
    REQUIRE(wellbeing.id == "wellbeing");
    for (catalog::Lang lang : catalog::kAllLangs) {
        const std::string suffix = "_" + scene + "_" + catalog::langCode(lang) + ".png";
        fs::path shot;
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (entry.path().filename().string().ends_with(suffix)) shot = entry.path();
        }
        REQUIRE_MESSAGE(!shot.empty(), "no screenshot *" << suffix);
        CHECK(test::zbarDecode(shot) == wellbeing.instructions.in(lang).url + "\n");
    }
}

void checkTour(int width, int height, bool measure = false) {
    test::TempDir dir;
    std::vector<std::string> args{
        kioskBinary(),          "--screenshot", dir.path().string(),       "--width", std::to_string(width), "--height",
        std::to_string(height), "--assets",     test::assetsDir().string()};
    if (measure) args.insert(args.end(), {"--probe", (dir / "probe.jsonl").string()});
    const int code = run(args);
    REQUIRE(code == 0);
    if (measure) checkTargets(dir.path());
    std::vector<fs::path> pngs;
    for (const auto& entry : fs::directory_iterator(dir.path())) {
        if (entry.path().extension() == ".png") pngs.push_back(entry.path());
    }
    CHECK(pngs.size() >= 60);  // 20+ screens × fi, sv, en
    std::set<std::string> screens;
    for (const fs::path& png : pngs) {
        const Image image = inspect(png);
        CHECK(image.width == width);
        CHECK(image.height == height);
        CHECK_MESSAGE(image.distinctColours > 20, png << " looks blank");
        const std::string name = png.stem().string();
        screens.insert(name.substr(0, name.size() - 3));
    }
    for (const char* expected : {"start",
                                 "pin",
                                 "pin_wrong",
                                 "development_keyboard",
                                 "pin_locked",
                                 "first_use",
                                 "home",
                                 "home_follow_up",
                                 "development_follow_up",
                                 "development_instructions",
                                 "review_issues",
                                 "review_ready",
                                 "home_submitted",
                                 "start_after_idle_logout",
                                 "group_participants",
                                 "group_follow_up",
                                 "group_theme",
                                 "group_review",
                                 "home_director",
                                 "director_reads_preform_instructions",
                                 "agreement_notes",
                                 "agreement_ratings",
                                 "agreement_goals",
                                 "home_director_discussed",
                                 "summary_theme",
                                 "summary_needs",
                                 "home_agreement_to_confirm",
                                 "agreement_confirm",
                                 "my_data"}) {
        bool found = false;
        for (const std::string& s : screens) found = found || s.substr(3) == expected;
        CHECK_MESSAGE(found, "no screenshot of " << expected);
    }
    checkInstructionsQr(dir.path(), "development_instructions");
    checkInstructionsQr(dir.path(), "director_reads_preform_instructions");
    // The languages really differ on screen.
    const std::string fi = test::readFile(dir / "00_start_fi.png");
    const std::string sv = test::readFile(dir / "00_start_sv.png");
    CHECK(fi != sv);
}

}  // namespace

TEST_CASE("every screen renders in every language at 1280×800, every touch target 44×44 px or more") {
    checkTour(1280, 800, true);
}

TEST_CASE("every screen renders in every language at 1920×1080") { checkTour(1920, 1080); }

TEST_CASE("mouse and keyboard: from the start screen to a saved, encrypted draft") {
    test::TempDir dir;
    const fs::path data = dir / "data";
    const fs::path probePath = dir / "probe.jsonl";
    const pid_t kiosk = spawn({kioskBinary(), "--demo", "--data", data.string(), "--assets", test::assetsDir().string(),
                               "--probe", probePath.string(), "--width", "1280", "--height", "800"});
    struct Reaper {
        pid_t pid;
        ~Reaper() {
            if (pid <= 0) return;  // kill(0, …) would hit our own process group
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
    } reaper{kiosk};

    Probe p = waitFor(
        probePath, [](const Probe& pr) { return pr.screen == "start" && pr.items.contains("lang_sv"); },
        "the start screen");
    // Keyboard focus goes to the window under the pointer (no window manager under Xvfb).
    REQUIRE(run({"xdotool", "search", "--sync", "--name", "Osaamissilta", "windowfocus"}) == 0);

    // Mouse: switch to Swedish and back.
    click(p, "lang_sv");
    p = waitFor(
        probePath, [](const Probe& pr) { return pr.lang == "sv"; }, "Swedish");
    click(p, "lang_fi");
    p = waitFor(
        probePath, [](const Probe& pr) { return pr.lang == "fi"; }, "Finnish");

    // Keyboard: staff number and PIN.
    click(p, "staff_number");
    type("1001");
    key("Return");
    p = waitFor(
        probePath, [](const Probe& pr) { return pr.screen == "pin" && pr.items.contains("pin"); }, "the PIN screen");
    click(p, "pin");
    type("482915");
    p = waitFor(
        probePath, [](Probe pr) { return pr.values["pin_length"] == "6"; }, "six PIN digits");
    key("Return");
    p = waitFor(
        probePath, [](const Probe& pr) { return pr.screen == "home" && pr.items.contains("card0"); },
        "the home screen");

    // Mouse: open the development discussion; keyboard: type into the first question.
    click(p, "card0");
    p = waitFor(
        probePath,
        [](const Probe& pr) { return pr.screen == "development_form" && pr.items.contains("answer.past_year.review"); },
        "the form");
    const std::string marker = "XDOTOOL-MERKKI-5531";
    click(p, "answer.past_year.review");
    type(marker + " hyvin meni");
    p = waitFor(
        probePath, [](const Probe& pr) { return pr.values.contains("save") && pr.values.at("save") == "saved"; },
        "saved");

    // Power cut: kill -9, then look at what is on disk.
    kill(kiosk, SIGKILL);
    waitpid(kiosk, nullptr, 0);
    reaper.pid = 0;

    const std::string draft = draftText(data, "1001", "482915");
    CHECK_MESSAGE(draft.find(marker + " hyvin meni") != std::string::npos, draft);

    const std::string disk = everyFileIn(dir.path() / "data");
    CHECK(disk.find(marker) == std::string::npos);
    CHECK(disk.find("482915") == std::string::npos);
    CHECK(disk.find("hyvin meni") == std::string::npos);
}

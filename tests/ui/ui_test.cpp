// UI tests in a real window under Xvfb: the screenshot tour renders every screen in every
// language at two screen sizes, and a scenario drives the real kiosk with real mouse and
// keyboard events (xdotool) from the start screen to a saved draft, kills it, and checks
// that the draft is there, decrypts, and that neither its text nor the PIN is on disk.
#include "crypto/aead.h"
#include "crypto/kdf.h"
#include "local_store.h"
#include "test_support.h"

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

namespace {

std::string kioskBinary() { return OSM_KIOSK_BINARY; }

pid_t spawn(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    REQUIRE(posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
    return pid;
}

int run(const std::vector<std::string>& args) {
    const pid_t pid = spawn(args);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

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

void checkTour(int width, int height) {
    test::TempDir dir;
    const int code = run({kioskBinary(), "--screenshot", dir.path().string(), "--width", std::to_string(width),
                          "--height", std::to_string(height), "--assets", test::assetsDir().string()});
    REQUIRE(code == 0);
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
                                 "pin_locked",
                                 "first_use",
                                 "home",
                                 "review_issues",
                                 "review_ready",
                                 "home_submitted",
                                 "start_after_idle_logout",
                                 "group_participants",
                                 "group_theme",
                                 "group_review",
                                 "home_director",
                                 "agreement_notes",
                                 "agreement_ratings",
                                 "agreement_goals",
                                 "home_director_discussed",
                                 "summary_theme",
                                 "summary_needs",
                                 "home_agreement_to_confirm",
                                 "agreement_confirm"}) {
        bool found = false;
        for (const std::string& s : screens) found = found || s.substr(3) == expected;
        CHECK_MESSAGE(found, "no screenshot of " << expected);
    }
    // The languages really differ on screen.
    const std::string fi = test::readFile(dir / "00_start_fi.png");
    const std::string sv = test::readFile(dir / "00_start_sv.png");
    CHECK(fi != sv);
}

// The probe file the kiosk writes every frame: the screen, the language, widget rectangles.
struct Probe {
    std::string screen;
    std::string lang;
    std::map<std::string, std::array<int, 4>> items;
    std::map<std::string, std::string> values;
};

Probe readProbe(const fs::path& path) {
    Probe probe;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const auto json = nlohmann::json::parse(line, nullptr, false);
        if (json.is_discarded()) continue;
        if (json.contains("screen")) {
            probe.screen = json["screen"];
            probe.lang = json["lang"];
        } else if (json.contains("value")) {
            probe.values[json["value"]] = json["is"];
        } else {
            probe.items[json["name"]] = {json["x"], json["y"], json["w"], json["h"]};
        }
    }
    return probe;
}

template <typename Condition>
Probe waitFor(const fs::path& probePath, Condition condition, const char* what, double seconds = 20) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    Probe probe;
    while (std::chrono::steady_clock::now() < deadline) {
        probe = readProbe(probePath);
        if (condition(probe)) return probe;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::string values;
    for (const auto& [name, value] : probe.values) values += " " + name + "=" + value;
    FAIL("timed out waiting for " << std::string(what) << " (screen '" << probe.screen << "'," << values << ")");
    return probe;
}

void click(const Probe& probe, const std::string& item) {
    REQUIRE_MESSAGE(probe.items.contains(item), "no widget '" << item << "' on screen " << probe.screen);
    const auto [x, y, w, h] = probe.items.at(item);
    // Move first and let a frame see the hover, as a real pointer does; then press.
    REQUIRE(run({"xdotool", "mousemove", std::to_string(x + w / 2), std::to_string(y + h / 2)}) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    REQUIRE(run({"xdotool", "click", "1"}) == 0);
}

void type(const std::string& text) { REQUIRE(run({"xdotool", "type", "--delay", "30", text}) == 0); }
void key(const std::string& name) { REQUIRE(run({"xdotool", "key", name}) == 0); }

std::string everyFileIn(const fs::path& dir) {
    std::string all;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) all += test::readFile(entry.path());
    }
    return all;
}

}  // namespace

TEST_CASE("every screen renders in every language at 1280×800") { checkTour(1280, 800); }

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

    auto store = kiosk::KioskStore::open((data / "kiosk.db").string());
    REQUIRE(store.ok());
    CHECK(store->database().isIntact());
    auto records = store->recordsOf("1001");
    REQUIRE(records.ok());
    const kiosk::StoredRecord* draft = nullptr;
    for (const kiosk::StoredRecord& r : *records) {
        if (r.state == kiosk::RecordState::Draft) draft = &r;
    }
    REQUIRE(draft != nullptr);
    auto entry = store->person("1001");
    auto keys = crypto::deriveUserKeys("482915", *crypto::saltFromHex((*entry)->pin.saltHex),
                                       *crypto::KdfParams::parse((*entry)->pin.kdfParams));
    REQUIRE(keys.ok());
    auto plain = crypto::open(keys->draftKey, {draft->id, "1001", draft->version}, draft->sealed);
    REQUIRE(plain.ok());
    CHECK(plain->find(marker + " hyvin meni") != std::string::npos);

    const std::string disk = everyFileIn(dir.path() / "data");
    CHECK(disk.find(marker) == std::string::npos);
    CHECK(disk.find("482915") == std::string::npos);
    CHECK(disk.find("hyvin meni") == std::string::npos);
}

// The UI tests' helpers: processes, xdotool and the probe file.
#include "ui_support.h"

#include "crypto/aead.h"
#include "crypto/kdf.h"
#include "local_store.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fs = std::filesystem;

namespace osm::test::ui {

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
            const std::array<int, 4> rect{json["x"], json["y"], json["w"], json["h"]};
            probe.items[json["name"]] = rect;
            if (json.contains("target")) probe.targets.emplace_back(json["name"], rect);
        }
    }
    return probe;
}

namespace {

std::array<int, 2> centreOf(const Probe& probe, const std::string& item) {
    REQUIRE_MESSAGE(probe.items.contains(item), "no widget '" << item << "' on screen " << probe.screen);
    const auto [x, y, w, h] = probe.items.at(item);
    return {x + w / 2, y + h / 2};
}

}  // namespace

void click(const Probe& probe, const std::string& item) {
    const auto [x, y] = centreOf(probe, item);
    REQUIRE(run({"xdotool", "mousemove", std::to_string(x), std::to_string(y)}) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    REQUIRE(run({"xdotool", "click", "1"}) == 0);
}

void tapFast(const Probe& probe, const std::vector<std::string>& items) {
    std::vector<std::string> args{"xdotool"};
    for (const std::string& item : items) {
        const auto [x, y] = centreOf(probe, item);
        for (const std::string& word :
             {std::string("mousemove"), std::to_string(x), std::to_string(y), std::string("mousedown"),
              std::string("1"), std::string("mouseup"), std::string("1")})
            args.push_back(word);
    }
    REQUIRE(run(args) == 0);
}

void tap(const Probe& probe, const std::string& item) {
    const auto [x, y] = centreOf(probe, item);
    REQUIRE(run({"xdotool", "mousemove", std::to_string(x), std::to_string(y), "mousedown", "1"}) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(80));
    REQUIRE(run({"xdotool", "mouseup", "1"}) == 0);
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

std::string draftText(const fs::path& data, const std::string& staff, const std::string& pin) {
    auto store = kiosk::KioskStore::open((data / "kiosk.db").string());
    REQUIRE(store.ok());
    CHECK(store->database().isIntact());
    auto records = store->recordsOf(staff);
    REQUIRE(records.ok());
    const kiosk::StoredRecord* draft = nullptr;
    for (const kiosk::StoredRecord& r : *records) {
        if (r.state == kiosk::RecordState::Draft) draft = &r;
    }
    REQUIRE(draft != nullptr);
    auto entry = store->person(staff);
    REQUIRE((entry.ok() && entry->has_value()));
    auto keys = crypto::deriveUserKeys(pin, *crypto::saltFromHex((*entry)->pin.saltHex),
                                       *crypto::KdfParams::parse((*entry)->pin.kdfParams));
    REQUIRE(keys.ok());
    auto plain = crypto::open(keys->draftKey, {draft->id, staff, draft->version}, draft->sealed);
    REQUIRE(plain.ok());
    return *plain;
}

KioskProcess::KioskProcess(const fs::path& data, const fs::path& probe, const std::vector<std::string>& extra) {
    std::vector<std::string> args{
        kioskBinary(), "--demo",       "--data",  data.string(), "--assets", test::assetsDir().string(),
        "--probe",     probe.string(), "--width", "1280",        "--height", "800"};
    args.insert(args.end(), extra.begin(), extra.end());
    m_pid = spawn(args);
}

KioskProcess::~KioskProcess() {
    if (m_pid > 0) kill();
}

void KioskProcess::kill() {
    if (m_pid <= 0) return;  // kill(0, …) would hit our own process group
    ::kill(m_pid, SIGKILL);
    waitpid(m_pid, nullptr, 0);
    m_pid = 0;
}

}  // namespace osm::test::ui

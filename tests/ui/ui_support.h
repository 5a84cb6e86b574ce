// What the UI tests share: the real kiosk binary started and stopped, xdotool's pointer and
// keys, and the UI probe the kiosk writes every frame (views/widgets.h).
#pragma once

#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace osm::test::ui {

std::string kioskBinary();
pid_t spawn(const std::vector<std::string>& args);
int run(const std::vector<std::string>& args);

// The probe file: the screen, the language, widget rectangles (touch targets marked) and values.
struct Probe {
    std::string screen;
    std::string lang;
    std::map<std::string, std::array<int, 4>> items;
    std::vector<std::pair<std::string, std::array<int, 4>>> targets;
    std::map<std::string, std::string> values;
    std::string value(const std::string& name) const {
        auto it = values.find(name);
        return it == values.end() ? std::string() : it->second;
    }
};

Probe readProbe(const std::filesystem::path& path);

template <typename Condition>
Probe waitFor(const std::filesystem::path& probePath, Condition condition, const char* what, double seconds = 20) {
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

// Moves to the widget, lets a frame see the hover, then clicks (a mouse user).
void click(const Probe& probe, const std::string& item);
// Taps the widgets one after another in a single xdotool run: each a move, a press and a
// release sent back to back, so several taps reach the kiosk between two of its frames.
void tapFast(const Probe& probe, const std::vector<std::string>& items);
// A press, a short hold, and a release on the widget (a finger).
void tap(const Probe& probe, const std::string& item);
void type(const std::string& text);
void key(const std::string& name);
std::string everyFileIn(const std::filesystem::path& dir);
// The plaintext of the person's draft in the kiosk's store in `data` (the store intact, the
// draft opened with the key their PIN derives). Fails the test when there is none.
std::string draftText(const std::filesystem::path& data, const std::string& staff, const std::string& pin);

// The kiosk under test: started with the demo's data, killed (SIGKILL) when the test ends.
class KioskProcess {
public:
    KioskProcess(const std::filesystem::path& data, const std::filesystem::path& probe,
                 const std::vector<std::string>& extra = {});
    ~KioskProcess();
    KioskProcess(const KioskProcess&) = delete;
    KioskProcess& operator=(const KioskProcess&) = delete;
    // Power cut: kill -9 now and wait for it.
    void kill();

private:
    pid_t m_pid = 0;
};

}  // namespace osm::test::ui

// The kiosk under a finger, with real pointer events under Xvfb (xdotool) on a touch-only
// terminal: taps faster than frames, the keypads, a swipe that scrolls, and an answer typed on
// the on-screen keyboard that is in the saved draft after logging in again.
#include "test_support.h"
#include "ui_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdlib>
#include <map>

namespace fs = std::filesystem;
using namespace osm;
using namespace osm::test::ui;

namespace {

std::vector<std::string> keysOf(const std::string& keypad, const std::string& digits) {
    std::vector<std::string> keys;
    for (char c : digits) keys.push_back(keypad + "." + std::string(1, c));
    return keys;
}

struct TouchKiosk {
    test::TempDir dir;
    fs::path probe = dir / "probe.jsonl";
    KioskProcess process{dir / "data", probe, {"--touch-only"}};

    TouchKiosk() {
        waitScreen("start", "start_keypad.1");
        // The window is mapped and has the focus (no window manager under Xvfb to give it).
        REQUIRE(run({"xdotool", "search", "--sync", "--name", "Osaamissilta", "windowfocus"}) == 0);
    }

    Probe waitScreen(const std::string& screen, const std::string& item) {
        return waitFor(
            probe, [&](const Probe& p) { return p.screen == screen && p.items.contains(item); }, screen.c_str());
    }

    // Staff number and PIN on the keypads, each tapped fast.
    Probe login(const std::string& staff, const std::string& pin) {
        Probe p = waitScreen("start", "start_keypad.1");
        std::vector<std::string> taps = keysOf("start_keypad", staff);
        taps.push_back("start_keypad.ok");
        tapFast(p, taps);
        p = waitScreen("pin", "pin_keypad.1");
        taps = keysOf("pin_keypad", pin);
        taps.push_back("pin_keypad.ok");
        tapFast(p, taps);
        return waitScreen("home", "card0");
    }

    Probe openForm() {
        Probe p = waitScreen("home", "card0");
        tap(p, "card0");
        return waitScreen("development_form", "answer.past_year.review");
    }
};

// The keys of the on-screen keyboard that type `text` (capitals with shift).
std::vector<std::string> keyboardTaps(const std::string& text) {
    std::vector<std::string> taps;
    static const std::map<std::string, std::string> capitals = {{"Å", "å"}, {"Ä", "ä"}, {"Ö", "ö"}};
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = (static_cast<unsigned char>(text[i]) & 0x80) != 0 ? 2 : 1;
        std::string c = text.substr(i, length);
        i += length;
        if (c == " ") {
            taps.push_back("osk.space");
        } else if (c == "\n") {
            taps.push_back("osk.enter");
        } else if (c == "\b") {
            taps.push_back("osk.backspace");
        } else if (capitals.contains(c) || (c.size() == 1 && std::isupper(static_cast<unsigned char>(c[0])))) {
            taps.push_back("osk.shift");
            taps.push_back("osk." + (capitals.contains(c) ? capitals.at(c)
                                                          : std::string(1, static_cast<char>(std::tolower(c[0])))));
        } else {
            taps.push_back("osk." + c);
        }
    }
    return taps;
}

}  // namespace

TEST_CASE("touch: fast taps on the keypads all count, and a wrong PIN says the tries left without moving the keypad") {
    TouchKiosk kiosk;
    Probe p = kiosk.waitScreen("start", "start_keypad.1");
    // Ten taps, each press and release sent back to back, all faster than the kiosk's frames.
    tapFast(p, keysOf("start_keypad", "1234567890"));
    p = waitFor(
        kiosk.probe, [](const Probe& pr) { return pr.value("staff_number") == "1234567890"; }, "ten digits");
    tapFast(p, std::vector<std::string>(10, "start_keypad.back"));
    p = waitFor(
        kiosk.probe, [](const Probe& pr) { return pr.value("staff_number").empty(); }, "ten backspaces");
    tapFast(p, keysOf("start_keypad", "9876543210"));
    p = waitFor(
        kiosk.probe, [](const Probe& pr) { return pr.value("staff_number") == "9876543210"; }, "ten more digits");
    tapFast(p, std::vector<std::string>(10, "start_keypad.back"));
    waitFor(
        kiosk.probe, [](const Probe& pr) { return pr.value("staff_number").empty(); }, "cleared");

    std::vector<std::string> taps = keysOf("start_keypad", "1001");
    taps.push_back("start_keypad.ok");
    tapFast(p, taps);
    p = kiosk.waitScreen("pin", "pin_keypad.1");
    const auto keypadBefore = p.items.at("pin_keypad.1");
    taps = keysOf("pin_keypad", "111111");
    taps.push_back("pin_keypad.ok");
    tapFast(p, taps);
    p = waitFor(
        kiosk.probe, [](const Probe& pr) { return pr.value("pin_error") == "pin.error.wrong"; }, "a wrong PIN");
    CHECK(p.value("tries_left") == "9");
    CHECK(p.items.at("pin_keypad.1") == keypadBefore);
    CHECK(p.value("pin_length") == "0");
}

TEST_CASE("touch: a swipe scrolls a long page, and each page opens at its top") {
    TouchKiosk kiosk;
    kiosk.login("1001", "482915");
    Probe p = kiosk.openForm();
    int pages = 0;
    while (p.items.contains("page" + std::to_string(pages))) ++pages;
    REQUIRE(pages >= 3);
    const std::string ratings = "page" + std::to_string(pages - 2);
    tap(p, ratings);
    p = waitFor(
        kiosk.probe,
        [](const Probe& pr) {
            return pr.value("page_scroll") == "0" && !pr.items.contains("answer.past_year.review") &&
                   !pr.items.contains("add_goal");
        },
        "the ratings page");
    CHECK(p.value("keyboard") == "hidden");  // opening a form brings up no keyboard unasked
    const auto nav = p.items.at("page0");
    const int x = nav[0] + nav[2] + 300;
    std::vector<std::string> swipe{"xdotool", "mousemove", std::to_string(x), "600", "mousedown", "1"};
    for (int y = 560; y >= 360; y -= 40) {
        for (const std::string& word : {std::string("mousemove"), std::to_string(x), std::to_string(y)})
            swipe.push_back(word);
    }
    swipe.insert(swipe.end(), {"mouseup", "1"});
    REQUIRE(run(swipe) == 0);
    p = waitFor(
        kiosk.probe, [](const Probe& pr) { return std::atoi(pr.value("page_scroll").c_str()) >= 150; },
        "the page scrolled by the swipe");
    CHECK(p.value("keyboard") == "hidden");  // the press under the finger put no cursor in a field
    CHECK(p.value("save") == "clean");       // nor chose a rating

    tap(p, "page" + std::to_string(pages - 1));
    p = waitFor(
        kiosk.probe, [](const Probe& pr) { return pr.items.contains("add_goal") && pr.value("page_scroll") == "0"; },
        "the goals page at its top");
    tap(p, ratings);
    waitFor(
        kiosk.probe, [](const Probe& pr) { return !pr.items.contains("add_goal") && pr.value("page_scroll") == "0"; },
        "the ratings page again at its top");
}

TEST_CASE("touch: an answer typed on the on-screen keyboard is in the saved draft after logging in again") {
    TouchKiosk kiosk;
    kiosk.login("1001", "482915");
    Probe p = kiosk.openForm();
    tap(p, "answer.past_year.review");
    p = waitFor(
        kiosk.probe, [](const Probe& pr) { return pr.value("keyboard") == "shown" && pr.items.contains("osk.ä"); },
        "the on-screen keyboard");
    // The field is above the keyboard, in view.
    CHECK(p.items.at("answer.past_year.review")[1] + 20 < p.items.at("osk.q")[1]);
    const std::string typed = "Hyvä työx\b, Åsa.\nÖljy ja öljyä";
    const std::string expected = "Hyvä työ, Åsa.\nÖljy ja öljyä";
    tapFast(p, keyboardTaps(typed));
    p = waitFor(
        kiosk.probe, [](const Probe& pr) { return pr.value("save") == "saved"; }, "saved");
    tap(p, "osk.hide");
    p = waitFor(
        kiosk.probe, [](const Probe& pr) { return pr.value("keyboard") == "hidden"; }, "the keyboard hidden");

    tap(p, "logout");
    kiosk.login("1001", "482915");
    kiosk.openForm();
    kiosk.process.kill();

    const auto json = nlohmann::json::parse(draftText(kiosk.dir / "data", "1001", "482915"));
    CHECK(json["answers"]["past_year.review"] == expected);
}

TEST_CASE("touch: first use moves from field to field by itself and says the PIN was set") {
    TouchKiosk kiosk;
    Probe p = kiosk.waitScreen("start", "start_keypad.1");
    std::vector<std::string> taps = keysOf("start_keypad", "1003");
    taps.push_back("start_keypad.ok");
    tapFast(p, taps);
    p = kiosk.waitScreen("first_use", "first_keypad.Q");
    CHECK(p.value("first_use_target") == "0");
    taps = keysOf("first_keypad", "7Q4K-2M9P");
    taps.push_back("first_keypad.ok");
    tapFast(p, taps);
    p = waitFor(
        kiosk.probe, [](const Probe& pr) { return pr.value("first_use_target") == "1"; }, "the new PIN's field");
    taps = keysOf("first_keypad", "582913");
    taps.push_back("first_keypad.ok");
    tapFast(p, taps);
    p = waitFor(
        kiosk.probe, [](const Probe& pr) { return pr.value("first_use_target") == "2"; }, "the repeat field");
    tapFast(p, keysOf("first_keypad", "582913"));
    tap(p, "first_keypad.ok");
    p = kiosk.waitScreen("home", "card0");
    CHECK(p.value("notice") == "first_use.done");
}

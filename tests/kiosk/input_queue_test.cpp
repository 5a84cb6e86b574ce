// The input queue hands out one press or release a frame, so fast taps are never merged.
#include "input_queue.h"

#include <doctest/doctest.h>

using namespace osm::kiosk;
using Kind = InputEvent::Kind;

namespace {

InputEvent move(double x, double y) { return {Kind::CursorPos, x, y}; }
InputEvent button(int action) { return {Kind::MouseButton, 0, 0, 0, 0, action}; }
InputEvent key(int code, int action, int mods = 0) { return {Kind::Key, 0, 0, code, 0, action, mods}; }
constexpr int kBackspace = 259;
constexpr int kShift = 340;
constexpr int kCtrl = 2;
InputEvent character(int codePoint) { return {Kind::Char, 0, 0, codePoint}; }

}  // namespace

TEST_CASE("taps that arrive together are handed out one press or release a frame") {
    InputQueue queue;
    // Three taps at two places, all between two frames.
    queue.push(move(10, 10));
    queue.push(button(InputEvent::kPress));
    queue.push(button(InputEvent::kRelease));
    queue.push(move(50, 60));
    queue.push(button(InputEvent::kPress));
    queue.push(button(InputEvent::kRelease));
    queue.push(button(InputEvent::kPress));
    queue.push(button(InputEvent::kRelease));

    auto frame = queue.nextFrame();
    REQUIRE(frame.size() == 2);  // the move, then the press
    CHECK(frame[0].kind == Kind::CursorPos);
    CHECK(frame[1].action == InputEvent::kPress);
    frame = queue.nextFrame();
    REQUIRE(frame.size() == 1);  // the release, where it happened: the next move waits
    CHECK(frame[0].action == InputEvent::kRelease);
    frame = queue.nextFrame();
    REQUIRE(frame.size() == 2);
    CHECK(frame[0].x == 50);
    int frames = 1;
    while (!queue.empty()) {
        frame = queue.nextFrame();
        REQUIRE(frame.size() == 1);
        CHECK(frame[0].transition());
        ++frames;
    }
    CHECK(frames == 4);  // press, release, press, release
}

TEST_CASE("a drag's moves are handed out before its release") {
    InputQueue queue;
    queue.push(move(100, 400));
    queue.push(button(InputEvent::kPress));
    for (int i = 1; i <= 5; ++i) queue.push(move(100, 400 - 40 * i));
    queue.push(button(InputEvent::kRelease));

    CHECK(queue.nextFrame().size() == 2);
    auto frame = queue.nextFrame();
    REQUIRE(frame.size() == 5);  // every move, the button still down
    CHECK(frame.back().y == 200);
    frame = queue.nextFrame();
    REQUIRE(frame.size() == 1);
    CHECK(frame[0].action == InputEvent::kRelease);
}

TEST_CASE("typing costs no frames; editing keys and shortcuts have frames of their own") {
    InputQueue queue;
    // "Äa" typed: shift, a key with its character, releases; then backspace; then Ctrl+A.
    queue.push(key(kShift, InputEvent::kPress));
    queue.push(key(39, InputEvent::kPress, 1));
    queue.push(character(0xC4));  // Ä
    queue.push(key(39, InputEvent::kRelease, 1));
    queue.push(key(kShift, InputEvent::kRelease, 1));
    queue.push(key(65, InputEvent::kPress));
    queue.push(character('a'));
    queue.push(key(65, InputEvent::kRelease));
    queue.push({Kind::Scroll, 0, -1});
    queue.push(key(kBackspace, InputEvent::kPress));
    queue.push(key(kBackspace, InputEvent::kRepeat));
    queue.push(key(kBackspace, InputEvent::kRelease));
    queue.push(key(65, InputEvent::kPress, kCtrl));
    queue.push(key(65, InputEvent::kRelease, kCtrl));

    auto frame = queue.nextFrame();
    REQUIRE(frame.size() == 10);  // the typing, the scroll and the backspace's press
    CHECK(frame[2].code == 0xC4);
    CHECK(frame.back().code == kBackspace);
    frame = queue.nextFrame();
    REQUIRE(frame.size() == 2);  // its repeat, then its release
    CHECK(frame[1].action == InputEvent::kRelease);
    CHECK(queue.nextFrame().size() == 1);  // Ctrl+A pressed
    CHECK(queue.nextFrame().size() == 1);  // and released
    CHECK(queue.empty());
    CHECK(queue.nextFrame().empty());
}

TEST_CASE("events put in front are handed out first") {
    InputQueue queue;
    queue.push(button(InputEvent::kPress));
    queue.pushFront({key(259, InputEvent::kPress), key(259, InputEvent::kRelease)});
    CHECK(queue.nextFrame().front().kind == Kind::Key);
    CHECK(queue.nextFrame().front().action == InputEvent::kRelease);
    CHECK(queue.nextFrame().front().kind == Kind::MouseButton);
}

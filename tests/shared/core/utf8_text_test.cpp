// Text from outside is refused unless it is well-formed UTF-8: the JSON writer throws on the rest
// (a fuzzer's Priima course name "\xC0\x91llion" once stopped the import with an exception).
#include "core/utf8_text.h"

#include <doctest/doctest.h>

#include <string>

using osm::isPlainUtf8;
using osm::isWellFormedUtf8;

TEST_CASE("well-formed UTF-8 passes, from ASCII to four-byte sequences") {
    CHECK(isWellFormedUtf8(""));
    CHECK(isWellFormedUtf8("Päiväkoti Lehmus – Åbo"));
    CHECK(isWellFormedUtf8("\xc2\x80"));          // U+0080, the smallest two-byte form
    CHECK(isWellFormedUtf8("\xe0\xa0\x80"));      // U+0800
    CHECK(isWellFormedUtf8("\xed\x9f\xbf"));      // U+D7FF, just below the surrogates
    CHECK(isWellFormedUtf8("\xee\x80\x80"));      // U+E000, just above them
    CHECK(isWellFormedUtf8("\xf0\x9f\x98\x80"));  // an emoji
    CHECK(isWellFormedUtf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF, the last code point
}

TEST_CASE("overlong forms, surrogates, code points past U+10FFFF and cut sequences are refused") {
    for (const std::string bad : {"\xc0\x91llion", "\xc1\xbf", "\xe0\x9f\xbf", "\xf0\x8f\xbf\xbf",  // overlong
                                  "\xed\xa0\x80", "\xed\xbf\xbf",                                   // surrogates
                                  "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff",                   // too big
                                  "a\xc3", "\xe2\x82", "\x80",
                                  "a\xbf"
                                  "b",
                                  "\xc3(", "\xf0\x9f\x98("}) {
        CAPTURE(bad);
        CHECK_FALSE(isWellFormedUtf8(bad));
        CHECK_FALSE(isPlainUtf8(bad));
    }
}

TEST_CASE("plain text refuses control characters but those allowed") {
    CHECK(isPlainUtf8("Tiimi 3"));
    CHECK_FALSE(isPlainUtf8("rivi\nrivi"));
    CHECK(isPlainUtf8("rivi\nrivi\tsarake", "\t\n"));
    CHECK_FALSE(isPlainUtf8("rivi\rrivi", "\t\n"));
    CHECK_FALSE(isPlainUtf8(std::string("a\0b", 3), "\t\n"));
    CHECK_FALSE(
        isPlainUtf8("a\x7f"
                    "b",
                    "\t\n"));
    CHECK_FALSE(isPlainUtf8("\x1b[31m"));
}

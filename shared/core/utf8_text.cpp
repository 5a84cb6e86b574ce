// UTF-8 checks by RFC 3629's table of well-formed byte sequences.
#include "core/utf8_text.h"

#include <cstddef>
#include <cstdint>

namespace osm {
namespace {

// The length of the well-formed sequence at text[at], or 0 when there is none there.
std::size_t sequenceLength(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    if (lead < 0x80) return 1;
    // C0 and C1 could only start overlong forms; F5 and above code points past U+10FFFF.
    const std::size_t length = lead < 0xc2 ? 0 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : lead < 0xf5 ? 4 : 0;
    if (length == 0 || at + length > text.size()) return 0;
    std::uint32_t code = lead & (0x7fu >> length);
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[at + k]);
        if ((next & 0xc0) != 0x80) return 0;
        code = (code << 6) | (next & 0x3fu);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    const bool surrogate = code >= 0xd800 && code <= 0xdfff;
    if (overlong || surrogate || code > 0x10ffff) return 0;
    return length;
}

}  // namespace

bool isWellFormedUtf8(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = sequenceLength(text, at);
        if (length == 0) return false;
        at += length;
    }
    return true;
}

bool isPlainUtf8(std::string_view text, std::string_view allowedControls) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 || byte == 0x7f) && allowedControls.find(c) == std::string_view::npos) return false;
    }
    return isWellFormedUtf8(text);
}

}  // namespace osm

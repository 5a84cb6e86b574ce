// Text that came from outside (an operator's CSV, a posted form): is it well-formed UTF-8? The
// JSON writer throws on anything else, so every such text is checked before it is kept.
#pragma once

#include <string_view>

namespace osm {

// Well-formed UTF-8 as RFC 3629 defines it: no overlong form (C0 91 for "Q"), no surrogate
// (ED A0 80), nothing past U+10FFFF, no sequence cut short or stray continuation byte.
bool isWellFormedUtf8(std::string_view text);

// Well-formed UTF-8 with no control character (below U+0020, or DEL) other than those listed in
// `allowedControls` (e.g. "\t\n" for a multi-line text field).
bool isPlainUtf8(std::string_view text, std::string_view allowedControls = {});

}  // namespace osm

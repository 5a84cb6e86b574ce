// CommonMark lets a backslash escape any ASCII punctuation, and GFM tables honour "\|" inside a
// cell; entities are read as the character itself, so "&lt;" shows "<" without starting HTML.
// The data never begins a line (every use is after "| ", "# …", "1. "), so block markers
// such as # - + . need no escape.
#include "hr/markdown_text.h"

#include "hr/hr_html.h"

namespace osm::server {

std::string markdownText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (std::string_view("\\`*_[]|~!").find(c) != std::string_view::npos) {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            out += ' ';
        } else {
            out += c;
        }
    }
    // & < > " ' as entities: no raw HTML, no <autolink>.
    return htmlEscape(out);
}

}  // namespace osm::server

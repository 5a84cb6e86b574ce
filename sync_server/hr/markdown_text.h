// Text from data (names from the roster and the catalogue) placed into the Markdown summary HR
// posts on Teams: it renders as the same text, never as markup.
#pragma once

#include <string>
#include <string_view>

namespace osm::server {

// One line of literal text for Markdown, safe in a paragraph, a heading, a list item and a
// table cell: & < > " ' become entities (no raw HTML such as <script> or <img>, no <autolink>);
// \ ` * _ [ ] | ~ ! get a backslash (no emphasis, code, links, images or extra table cells);
// CR, LF, tab and other control characters become one space each (no new block or table row).
std::string markdownText(std::string_view text);

}  // namespace osm::server

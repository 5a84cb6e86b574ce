// The web pages' texts for tests that call HR's reports directly: Finnish, as the command line
// and a browser without a language choice get them.
#pragma once

#include "test_support.h"
#include "web/web_text.h"

namespace osm::test {

inline server::PageText finnishHrText() {
    static const server::WebText text = server::WebText::load(assetsDir()).value();
    return {text, catalog::Lang::Fi};
}

}  // namespace osm::test

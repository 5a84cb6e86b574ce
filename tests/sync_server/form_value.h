// Reading a web page in tests: the value of a form's hidden field.
#pragma once

#include <string>

namespace osm::test {

// The value of the first hidden field `name` in a page.
inline std::string formValue(const std::string& page, const std::string& name) {
    const std::string marker = "name=\"" + name + "\" value=\"";
    const std::size_t at = page.find(marker);
    if (at == std::string::npos) return {};
    const std::size_t start = at + marker.size();
    return page.substr(start, page.find('"', start) - start);
}

}  // namespace osm::test

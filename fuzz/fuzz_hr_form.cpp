// Fuzzes the hand-written form-body decoder of HR's web pages (sign-in and logout forms).
#include "hr/hr_web.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)osm::server::parseForm(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}

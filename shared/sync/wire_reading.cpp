// The shared readers of the message codecs.
#include "sync/wire_reading.h"

#include "sync/protocol.h"

namespace osm::sync::wire {

nlohmann::json parseBody(std::string_view text, const char* source) {
    // The JSON parser takes a NUL byte for the end of its input, so "{…}" + NUL + anything
    // would pass as "{…}". JSON text never holds a raw NUL (a string escapes it as \u0000).
    if (text.find('\0') != std::string_view::npos) JsonReader(nlohmann::json(), source).fail("a NUL byte is not JSON");
    nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) JsonReader(doc, source).fail("not valid JSON");
    return doc;
}

crypto::Bytes readBase64(const JsonReader& r) {
    if (!r.node().is_string()) r.fail("must be a base64url string");
    auto bytes = crypto::fromBase64Public(r.node().get_ref<const std::string&>());  // no copy of a payload's text
    if (!bytes) r.fail("is not valid base64url (unpadded)");
    return std::move(*bytes);
}

std::uint64_t readVersion(const JsonReader& r) {
    return static_cast<std::uint64_t>(r.integer(0, std::int64_t{1} << 52));
}

std::string readText(const JsonReader& r) {
    if (!r.node().is_string()) r.fail("must be a string");
    return r.node().get<std::string>();
}

std::string optionalText(const JsonReader& r, std::string_view key) {
    r.expectObject();
    if (r.node().find(key) == r.node().end()) return {};
    return readText(r.field(key));
}

std::string serverInstanceOf(const nlohmann::json& answer) {
    if (!answer.is_object()) return {};
    const auto found = answer.find(kServerInstanceField);
    if (found == answer.end() || !found->is_string()) return {};
    const std::string& id = found->get_ref<const std::string&>();
    return isServerInstanceId(id) ? id : std::string();
}

}  // namespace osm::sync::wire

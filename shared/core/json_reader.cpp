// Path-tracking JSON access for the loaders of catalogue, organisation and form files.
#include "core/json_reader.h"

#include <fstream>
#include <sstream>

namespace osm {

void JsonReader::fail(std::string_view problem) const {
    throw JsonReadError(m_source + ": " + (m_path.empty() ? std::string("(top level)") : m_path) + ": " +
                        std::string(problem));
}

bool JsonReader::has(std::string_view key) const {
    return m_node.is_object() && m_node.contains(key) && !m_node.at(std::string(key)).is_null();
}

JsonReader JsonReader::field(std::string_view key) const {
    expectObject();
    const std::string childPath = m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
    const auto it = m_node.find(key);
    if (it == m_node.end()) {
        throw JsonReadError(m_source + ": " + childPath + ": missing");
    }
    return JsonReader(*it, m_source, childPath);
}

JsonReader JsonReader::at(std::size_t index) const {
    return JsonReader(m_node.at(index), m_source, m_path + "[" + std::to_string(index) + "]");
}

void JsonReader::expectObject() const {
    if (!m_node.is_object()) fail("must be an object");
}

std::size_t JsonReader::arraySize(std::size_t minItems) const {
    if (!m_node.is_array()) fail("must be an array");
    if (m_node.size() < minItems) fail("must have at least " + std::to_string(minItems) + " item(s)");
    return m_node.size();
}

std::string JsonReader::string() const {
    if (!m_node.is_string()) fail("must be a string");
    std::string value = m_node.get<std::string>();
    if (value.find_first_not_of(" \t\r\n") == std::string::npos) fail("must not be empty");
    return value;
}

std::string JsonReader::optionalString(std::string_view key) const {
    if (!has(key)) return {};
    const JsonReader value = field(key);
    if (!value.node().is_string()) value.fail("must be a string");
    return value.node().get<std::string>();
}

long long JsonReader::integer(long long min, long long max) const {
    if (!m_node.is_number_integer()) fail("must be a whole number");
    const long long value = m_node.get<long long>();
    if (value < min || value > max) {
        fail("must be between " + std::to_string(min) + " and " + std::to_string(max) + ", is " +
             std::to_string(value));
    }
    return value;
}

bool JsonReader::boolean() const {
    if (!m_node.is_boolean()) fail("must be true or false");
    return m_node.get<bool>();
}

void JsonReader::forEach(std::size_t minItems, const std::function<void(const JsonReader&)>& visit) const {
    const std::size_t size = arraySize(minItems);
    for (std::size_t i = 0; i < size; ++i) visit(at(i));
}

Result<nlohmann::json> parseJsonText(std::string_view text, std::string_view source) {
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception& error) {
        // parse_error, and out_of_range for a number too large to hold ("1E400"): found by
        // fuzz_organisation.
        return makeError(ErrorCode::InvalidInput, std::string(source) + ": not valid JSON: " + error.what());
    }
}

Result<std::string> readTextFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError(ErrorCode::NotFound, path + ": cannot be opened");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return makeError(ErrorCode::Io, path + ": read failed");
    return text.str();
}

}  // namespace osm

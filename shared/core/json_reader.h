// JsonReader: walks a parsed JSON document field by field, keeping the path it is at, so a
// validation failure can name the file, the field and the problem ("org.json: units[2].id:
// must be a non-empty string"). Throws JsonReadError inside a loader; loaders catch it at
// their boundary and return a Result.
#pragma once

#include "core/result.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace osm {

class JsonReadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class JsonReader {
public:
    JsonReader(const nlohmann::json& node, std::string source, std::string path = {})
        : m_node(node), m_source(std::move(source)), m_path(std::move(path)) {}

    const nlohmann::json& node() const { return m_node; }
    const std::string& path() const { return m_path; }

    [[noreturn]] void fail(std::string_view problem) const;

    bool has(std::string_view key) const;
    JsonReader field(std::string_view key) const;  // required
    JsonReader at(std::size_t index) const;

    void expectObject() const;
    std::size_t arraySize(std::size_t minItems = 0) const;   // requires an array
    std::string string() const;                              // non-empty string
    std::string optionalString(std::string_view key) const;  // "" when absent, null or empty
    long long integer(long long min, long long max) const;
    bool boolean() const;

    void forEach(std::size_t minItems, const std::function<void(const JsonReader&)>& visit) const;

private:
    const nlohmann::json& m_node;
    std::string m_source;
    std::string m_path;
};

// Parses text into JSON, or fails with "<source>: not valid JSON: <detail>".
Result<nlohmann::json> parseJsonText(std::string_view text, std::string_view source);
// Reads a whole file as text.
Result<std::string> readTextFile(const std::string& path);

}  // namespace osm

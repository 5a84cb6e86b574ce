// Reading helpers the message codecs share: a guard that turns reading errors into a Result,
// and readers for the wire's value forms (base64url bytes, versions, strings that may be empty).
#pragma once

#include "core/json_reader.h"
#include "core/result.h"
#include "crypto/encoding.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace osm::sync::wire {

// Runs `read`; a JsonReadError or a JSON type error becomes an InvalidInput error with its text
// (which names the message and the field).
template <typename T, typename Read>
Result<T> guarded(Read read) {
    try {
        return read();
    } catch (const JsonReadError& error) {
        return makeError(ErrorCode::InvalidInput, error.what());
    } catch (const nlohmann::json::exception& error) {
        return makeError(ErrorCode::InvalidInput, error.what());
    }
}

// The body of a message as JSON; throws JsonReadError "<source>: (top level): not valid JSON".
nlohmann::json parseBody(std::string_view text, const char* source);

// Decodes a message's body with `read` (given a reader at its top level, named `source`).
template <typename T, typename Read>
Result<T> decodeBody(std::string_view body, const char* source, Read read);

// base64url without padding, as bytes; fails naming the field. Only for public bytes or
// ciphertext (crypto::fromBase64Public is not constant-time): a record's payload and signature.
crypto::Bytes readBase64(const JsonReader& r);
// A record version: a whole number 0..2^52.
std::uint64_t readVersion(const JsonReader& r);
// A string, which may be empty.
std::string readText(const JsonReader& r);
// A string that may be left out ("" then); present, it must be a string (null included).
std::string optionalText(const JsonReader& r, std::string_view key);
// The server instance an answer names, when it names a well-formed one ("" otherwise: a server
// older than instances, or a damaged answer, changes nothing).
std::string serverInstanceOf(const nlohmann::json& answer);
// The array at `key` (required), each item handed to `visit` with its own path ("key[i]").
template <typename Visit>
void eachItem(const JsonReader& r, std::string_view key, Visit visit) {
    const JsonReader list = r.field(key);
    const std::size_t size = list.arraySize();
    for (std::size_t i = 0; i < size; ++i) visit(list.at(i));
}

template <typename T, typename Read>
Result<T> decodeBody(std::string_view body, const char* source, Read read) {
    return guarded<T>([&] {
        const nlohmann::json doc = parseBody(body, source);
        return read(JsonReader(doc, source));
    });
}

}  // namespace osm::sync::wire

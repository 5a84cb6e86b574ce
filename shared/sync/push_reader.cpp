// The direct push reader. It is an exact subset of the tree reader: scalars other than plain
// strings are handed to nlohmann's own parser one by one, so a value reads the same either way,
// and each record's fields go through the same wire::readEnvelope with the same paths.
#include "sync/push_reader.h"

#include "sync/wire_reading.h"

#include <cstring>

namespace osm::sync {

namespace {

using nlohmann::json;

using Decoded = wire::DecodedBase64;  // a record's base64 fields, decoded while scanning

class Scanner {
public:
    explicit Scanner(std::string_view text) : m_text(text) {}

    bool atEnd() {
        skipSpace();
        return m_at == m_text.size();
    }
    bool eat(char c) {
        skipSpace();
        if (m_at >= m_text.size() || m_text[m_at] != c) return false;
        ++m_at;
        return true;
    }
    char peek() {
        skipSpace();
        return m_at < m_text.size() ? m_text[m_at] : '\0';
    }
    // The characters between a string's quotes, when they are all base64url (checked by the
    // decoder): the closing quote is the first one after the opening.
    std::optional<std::string_view> rawString() {
        if (!eat('"')) return std::nullopt;
        const std::size_t close = m_text.find('"', m_at);
        if (close == std::string_view::npos) return std::nullopt;
        const std::string_view inner = m_text.substr(m_at, close - m_at);
        m_at = close + 1;
        return inner;
    }
    // A string as nlohmann reads it: plain printable ASCII directly, anything else (escapes,
    // UTF-8, control characters) through nlohmann's parser.
    std::optional<std::string> string() {
        skipSpace();
        const std::size_t open = m_at;
        if (!eat('"')) return std::nullopt;
        bool plain = true;
        while (m_at < m_text.size() && m_text[m_at] != '"') {
            const auto c = static_cast<unsigned char>(m_text[m_at]);
            if (c == '\\') {
                plain = false;
                ++m_at;
            } else if (c < 0x20 || c >= 0x80) {
                plain = false;
            }
            ++m_at;
        }
        if (m_at >= m_text.size()) return std::nullopt;
        ++m_at;
        if (plain) return std::string(m_text.substr(open + 1, m_at - open - 2));
        const auto value = parsed(m_text.substr(open, m_at - open));
        if (!value || !value->is_string()) return std::nullopt;
        return value->get<std::string>();
    }
    // A number, true, false or null, as nlohmann reads it.
    std::optional<json> scalar() {
        skipSpace();
        const std::size_t start = m_at;
        while (m_at < m_text.size() && std::strchr(",}] \t\r\n", m_text[m_at]) == nullptr) ++m_at;
        if (m_at == start) return std::nullopt;
        return parsed(m_text.substr(start, m_at - start));
    }

private:
    static std::optional<json> parsed(std::string_view token) {
        // nlohmann takes a NUL byte for the end of its input (wire::parseBody refuses any).
        if (token.find('\0') != std::string_view::npos) return std::nullopt;
        json value = json::parse(token.begin(), token.end(), nullptr, false);
        if (value.is_discarded()) return std::nullopt;
        return value;
    }
    void skipSpace() {
        while (m_at < m_text.size() && std::strchr(" \t\r\n", m_text[m_at]) != nullptr && m_text[m_at] != '\0') ++m_at;
    }

    std::string_view m_text;
    std::size_t m_at = 0;
};

// One value into `head`, or a base64 field into `decoded` (with an empty string left in `head`,
// so that a check of the field names it as the tree reader would).
bool readValue(Scanner& in, const std::string& key, json& head, Decoded& decoded) {
    const bool isPayload = key == "payload";
    if (isPayload || key == "author_signature") {
        const auto text = in.rawString();
        if (!text) return false;
        auto bytes = crypto::fromBase64Public(*text);
        if (!bytes) return false;  // the tree reader names the field
        (isPayload ? decoded.payload : decoded.signature) = std::move(*bytes);
        head[key] = "";
        return true;
    }
    const char next = in.peek();
    if (next == '{' || next == '[') return false;
    if (next == '"') {
        auto text = in.string();
        if (!text) return false;
        head[key] = std::move(*text);
        return true;
    }
    auto value = in.scalar();
    if (!value) return false;
    head[key] = std::move(*value);
    return true;
}

bool readRecord(Scanner& in, json& head, Decoded& decoded) {
    head = json::object();
    if (!in.eat('{')) return false;
    if (in.eat('}')) return true;
    do {
        const auto key = in.string();
        if (!key || head.contains(*key) || !in.eat(':')) return false;
        if (!readValue(in, *key, head, decoded)) return false;
    } while (in.eat(','));
    return in.eat('}');
}

PushedRecord pushedRecord(const json& head, Decoded& decoded, std::size_t index) {
    const JsonReader item(head, "request", "records[" + std::to_string(index) + "]");
    auto read = wire::guarded<RecordEnvelope>([&] { return wire::readEnvelope(item, &decoded); });
    if (read) return PushedRecord{std::move(*read), {}, {}, 0};
    return wire::malformedRecord(head, read.error().message);
}

}  // namespace

std::optional<std::vector<PushedRecord>> readPushBatchDirect(std::string_view body) {
    try {
        Scanner in(body);
        if (!in.eat('{') || in.string() != "records" || !in.eat(':') || !in.eat('[')) return std::nullopt;
        std::vector<PushedRecord> batch;
        if (!in.eat(']')) {
            do {
                json head;
                Decoded decoded;
                if (!readRecord(in, head, decoded)) return std::nullopt;
                batch.push_back(pushedRecord(head, decoded, batch.size()));
            } while (in.eat(','));
            if (!in.eat(']')) return std::nullopt;
        }
        if (!in.eat('}') || !in.atEnd()) return std::nullopt;
        return batch;
    } catch (const std::exception&) {  // out of memory, or a value nlohmann will not hold
        return std::nullopt;
    }
}

}  // namespace osm::sync

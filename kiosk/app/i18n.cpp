// Translation tables. Loading refuses a file that is not a flat object of strings.
#include "i18n.h"

#include "core/json_reader.h"

namespace osm::kiosk {

Result<Translations> Translations::load(const std::filesystem::path& assetsDir) {
    Translations t;
    for (catalog::Lang lang : catalog::kAllLangs) {
        const auto path = assetsDir / "i18n" / (std::string(catalog::langCode(lang)) + ".json");
        auto text = readTextFile(path.string());
        if (!text) return text.error();
        auto doc = parseJsonText(*text, path.string());
        if (!doc) return doc.error();
        if (!doc->is_object()) return makeError(ErrorCode::InvalidInput, path.string() + ": must be an object");
        for (const auto& [key, value] : doc->items()) {
            if (!value.is_string())
                return makeError(ErrorCode::InvalidInput, path.string() + ": " + key + ": must be a string");
            t.m_tables[static_cast<int>(lang)][key] = value.get<std::string>();
        }
    }
    return t;
}

bool Translations::has(catalog::Lang lang, std::string_view key) const {
    return m_tables[static_cast<int>(lang)].contains(key);
}

const std::map<std::string, std::string, std::less<>>& Translations::table(catalog::Lang lang) const {
    return m_tables[static_cast<int>(lang)];
}

const std::string& Translations::text(catalog::Lang lang, std::string_view key) const {
    const auto& table = m_tables[static_cast<int>(lang)];
    if (auto it = table.find(key); it != table.end()) return it->second;
    const auto& finnish = m_tables[static_cast<int>(catalog::Lang::Fi)];
    m_missing.insert(std::string(key));
    if (auto it = finnish.find(key); it != finnish.end()) return it->second;
    return *m_missing.find(key);
}

std::string format(std::string_view pattern, std::initializer_list<std::string_view> args) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' && pattern[i + 1] >= '0' &&
            pattern[i + 1] <= '9') {
            const std::size_t index = static_cast<std::size_t>(pattern[i + 1] - '0');
            if (index < args.size()) {
                out += *(args.begin() + index);
                i += 2;
                continue;
            }
        }
        out += pattern[i];
    }
    return out;
}

}  // namespace osm::kiosk

// Web texts: loading, lookup and the choice of language.
#include "web/web_text.h"

#include "core/json_reader.h"
#include "web/web_session.h"

#include <cctype>

namespace osm::server {

Result<WebText> WebText::load(const std::filesystem::path& assetsDir) {
    WebText text;
    for (catalog::Lang lang : catalog::kAllLangs) {
        const auto file = assetsDir / "i18n" / "web" / (std::string(catalog::langCode(lang)) + ".json");
        auto raw = readTextFile(file.string());
        if (!raw) return raw.error();
        auto json = parseJsonText(*raw, file.string());
        if (!json) return json.error();
        if (!json->is_object()) return makeError(ErrorCode::InvalidInput, file.string() + ": not an object");
        for (const auto& [key, value] : json->items()) {
            if (!value.is_string())
                return makeError(ErrorCode::InvalidInput, file.string() + ": " + key + " is no text");
            text.m_tables[lang][key] = value.get<std::string>();
        }
    }
    return text;
}

std::string WebText::operator()(catalog::Lang lang, const std::string& key, const std::string& arg) const {
    std::string out = key;
    for (catalog::Lang tried : {lang, catalog::Lang::Fi}) {
        const auto table = m_tables.find(tried);
        if (table == m_tables.end()) continue;
        if (const auto found = table->second.find(key); found != table->second.end()) {
            out = found->second;
            break;
        }
    }
    if (const std::size_t at = out.find("{0}"); at != std::string::npos) out.replace(at, 3, arg);
    return out;
}

bool WebText::has(catalog::Lang lang, const std::string& key) const {
    const auto table = m_tables.find(lang);
    return table != m_tables.end() && table->second.contains(key);
}

const std::map<std::string, std::string>& WebText::table(catalog::Lang lang) const {
    static const std::map<std::string, std::string> none;
    const auto found = m_tables.find(lang);
    return found == m_tables.end() ? none : found->second;
}

namespace {

std::optional<catalog::Lang> langOf(const std::string& code) {
    auto lang = catalog::parseLang(code);
    if (!lang) return std::nullopt;
    return *lang;
}

}  // namespace

catalog::Lang pageLanguage(const ApiRequest& request) {
    if (const auto asked = request.query.find("lang"); asked != request.query.end()) {
        if (auto lang = langOf(asked->second)) return *lang;
    }
    if (auto lang = langOf(cookieValue(request.header("Cookie"), "osm_lang"))) return *lang;
    // The browser's first choice among ours, in its order ("sv-FI,sv;q=0.9,en;q=0.8").
    const std::string accept = request.header("Accept-Language");
    std::size_t at = 0;
    while (at < accept.size()) {
        const std::size_t end = std::min(accept.find(',', at), accept.size());
        std::string tag = accept.substr(at, end - at);
        tag.erase(0, tag.find_first_not_of(' '));
        if (auto lang = langOf(tag.substr(0, 2))) return *lang;
        at = end + 1;
    }
    return catalog::Lang::Fi;
}

std::string languageCookie(const ApiRequest& request, const std::string& path) {
    const auto asked = request.query.find("lang");
    if (asked == request.query.end() || !langOf(asked->second)) return {};
    return "osm_lang=" + std::string(catalog::langCode(*langOf(asked->second))) + "; Path=" + path +
           "; HttpOnly; SameSite=Strict; Max-Age=31536000";
}

std::string languageSwitch(catalog::Lang current, const std::string& path) {
    static const std::pair<catalog::Lang, const char*> kNames[] = {
        {catalog::Lang::Fi, "Suomeksi"}, {catalog::Lang::Sv, "På svenska"}, {catalog::Lang::En, "In English"}};
    const std::string glue = path.find('?') == std::string::npos ? "?" : "&amp;";
    std::string out = "<nav class=\"languages\" aria-label=\"Kieli / Språk / Language\">";
    for (const auto& [lang, name] : kNames) {
        const std::string code = catalog::langCode(lang);
        out += lang == current ? "<span lang=\"" + code + "\" aria-current=\"true\">" + name + "</span> "
                               : "<a lang=\"" + code + "\" hreflang=\"" + code + "\" href=\"" + path + glue +
                                     "lang=" + code + "\">" + name + "</a> ";
    }
    return out + "</nav>";
}

namespace {

std::string percentEncoded(const std::string& text) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    for (const char raw : text) {
        const auto c = static_cast<unsigned char>(raw);
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
            out += raw;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

}  // namespace

std::string addressWithoutLanguage(const ApiRequest& request) {
    std::string out;
    for (const auto& [name, value] : request.query) {
        if (name == "lang") continue;
        out += (out.empty() ? "?" : "&amp;") + percentEncoded(name) + "=" + percentEncoded(value);
    }
    // The path comes from the request line: each segment percent-encoded (nothing can end the
    // attribute or start markup), and one leading slash only, so "//host/…" or "/\\host/…" (which
    // browsers read as another site) stays a path on this one.
    std::string path = "/";
    std::string segment;
    const auto flush = [&] {
        if (!segment.empty()) path += (path.back() == '/' ? "" : "/") + percentEncoded(segment);
        segment.clear();
    };
    for (const char c : request.path) {
        if (c == '/') {
            flush();
        } else {
            segment += c;
        }
    }
    flush();
    if (request.path.size() > 1 && request.path.back() == '/' && path.back() != '/') path += '/';
    return path + out;
}

}  // namespace osm::server

// The web pages' texts in Finnish, Swedish and English, from assets/i18n/web/<lang>.json (flat
// key → text, like the kiosk's), and the page language: ?lang= (remembered in a cookie), else the
// cookie, else the browser's Accept-Language, else Finnish. A key missing from a language shows
// the Finnish text (tests/sync_server/web/web_text_test.cpp fails on any missing key).
//
// Thread safety: a loaded WebText is read-only and may be shared.
#pragma once

#include "api/api_types.h"
#include "catalog/catalog.h"
#include "core/result.h"

#include <filesystem>
#include <map>
#include <string>

namespace osm::server {

class WebText {
public:
    static Result<WebText> load(const std::filesystem::path& assetsDir);

    // The text of `key`; "{0}" in it replaced by `arg`.
    std::string operator()(catalog::Lang lang, const std::string& key, const std::string& arg = {}) const;
    bool has(catalog::Lang lang, const std::string& key) const;
    const std::map<std::string, std::string>& table(catalog::Lang lang) const;

private:
    std::map<catalog::Lang, std::map<std::string, std::string>> m_tables;
};

// One page's texts: a WebText in the page's language (what HR's pages and downloads are given).
struct PageText {
    const WebText& text;
    catalog::Lang lang;
    std::string operator()(const std::string& key, const std::string& arg = {}) const { return text(lang, key, arg); }
    std::string code() const { return catalog::langCode(lang); }
};

// The language of the page for this request.
catalog::Lang pageLanguage(const ApiRequest& request);
// The Set-Cookie value remembering ?lang=, or empty when the request named none.
std::string languageCookie(const ApiRequest& request, const std::string& path);
// Links to the page in the other languages ("Suomeksi · På svenska · In English"), to `path`
// (HTML-escaped; it may have a query of its own, to which lang= is added).
std::string languageSwitch(catalog::Lang current, const std::string& path);
// The request's path and query without lang=, percent-encoded and HTML-escaped: the address the
// language switch links to.
std::string addressWithoutLanguage(const ApiRequest& request);

}  // namespace osm::server

// Translations: flat key → text tables loaded from assets/i18n/<lang>.json (fi first, then
// sv, en). A key missing from the current language falls back to Finnish, then to the key
// itself, and is remembered so tests and logs can name it.
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace osm::kiosk {

class Translations {
public:
    static Result<Translations> load(const std::filesystem::path& assetsDir);

    const std::string& text(catalog::Lang lang, std::string_view key) const;
    bool has(catalog::Lang lang, std::string_view key) const;
    const std::map<std::string, std::string, std::less<>>& table(catalog::Lang lang) const;
    const std::set<std::string, std::less<>>& missingSeen() const { return m_missing; }

private:
    std::map<std::string, std::string, std::less<>> m_tables[3];
    mutable std::set<std::string, std::less<>> m_missing;
};

// Replaces {0}, {1}, … in a translated text with the arguments.
std::string format(std::string_view pattern, std::initializer_list<std::string_view> args);

}  // namespace osm::kiosk

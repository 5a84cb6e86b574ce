// Where a program finds its data files: the folder it was installed with, or, for a program
// run from a build tree that was never installed, the source tree's assets.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

namespace osm {

// `installed` when it holds a catalog/ folder; otherwise `fallback` when that one does (an
// empty fallback: packaged builds have none); otherwise `installed`, so errors name it.
inline std::string defaultAssetsDir(const std::string& installed, const std::string& fallback) {
    std::error_code error;
    if (std::filesystem::is_directory(std::filesystem::path(installed) / "catalog", error)) return installed;
    if (!fallback.empty() && std::filesystem::is_directory(std::filesystem::path(fallback) / "catalog", error))
        return fallback;
    return installed;
}

}  // namespace osm

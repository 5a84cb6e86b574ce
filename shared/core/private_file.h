// Writing a file that only its owner may read (keys, a person's exported data): created new with
// mode 0600, never over an existing file or through a link planted in its place.
#pragma once

#include "core/result.h"

#include <string>
#include <string_view>

namespace osm {

// Creates `path` (O_EXCL: fails if anything, a symbolic link too, is there already) with mode
// 0600, writes all of `bytes` and fsyncs it. On a failure after creating it, the partly written
// file is removed. The caller wipes `bytes` if they are secret.
Status writeNewPrivateFile(const std::string& path, std::string_view bytes);

}  // namespace osm

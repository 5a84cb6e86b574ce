// Names of error codes, for logs, protocol answers and tests.
#include "core/result.h"

namespace osm {

const char* errorCodeName(ErrorCode code) {
    switch (code) {
    case ErrorCode::InvalidInput: return "invalid_input";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::Conflict: return "conflict";
    case ErrorCode::Refused: return "refused";
    case ErrorCode::Locked: return "locked";
    case ErrorCode::Io: return "io";
    case ErrorCode::Internal: return "internal";
    }
    return "internal";
}

}  // namespace osm

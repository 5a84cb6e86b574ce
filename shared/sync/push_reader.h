// A push body read without a JSON tree: the records' fields as views of the body, the two base64
// fields decoded straight from it (a push is ~27 MB of base64 for 10,000 records). Used by
// decodePushBatch; anything it is not sure of is left to the tree reader, which gives the errors.
#pragma once

#include "sync/messages_push.h"

#include <optional>
#include <string_view>
#include <vector>

namespace osm::sync {

// The batch exactly as decodePushBatchAsTree would read it, or nullopt when the body is not of
// the plain shape this reader takes: {"records":[{...},...]} with no other top-level field, each
// record an object whose values are strings, numbers, true, false or null (no duplicate keys),
// its payload and author_signature strings of base64url characters only. Every body it takes is
// valid JSON; nullopt says nothing about validity. Never throws.
std::optional<std::vector<PushedRecord>> readPushBatchDirect(std::string_view body);

}  // namespace osm::sync

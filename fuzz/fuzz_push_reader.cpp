// Fuzzes the direct push reader (shared/sync/push_reader.h) against the tree reader: for any
// bytes, decodePushBatch must give what decodePushBatchAsTree gives (the same records, the same
// refusals, the same error), and neither may crash. Seeds: fuzz/corpus/push_reader/.
#include "sync/messages_push.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace osm::sync;
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const auto tree = decodePushBatchAsTree(body);
    const auto both = decodePushBatch(body);
    if (both.ok() != tree.ok()) std::abort();
    if (!tree.ok()) {
        if (both.error().message != tree.error().message) std::abort();
        return 0;
    }
    if (both->size() != tree->size()) std::abort();
    for (std::size_t i = 0; i < tree->size(); ++i) {
        const PushedRecord& a = (*both)[i];
        const PushedRecord& b = (*tree)[i];
        if (!(a.envelope == b.envelope) || a.problem != b.problem || a.id != b.id || a.version != b.version)
            std::abort();
    }
    return 0;
}

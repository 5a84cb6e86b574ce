// Fuzzes the protocol's message codec (shared/sync/messages_*.h): the first byte picks one of
// the messages, the rest is its body. No decoder may crash on any bytes, and whatever decodes
// must encode and decode again to the same value. Seeds: fuzz/corpus/protocol/NN_<message>.json,
// whose first byte is 'F' + NN (the decoder it picks).
#include "sync/messages.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace osm::sync;

template <typename T, typename Decode>
void roundTrip(std::string_view body, Decode decode) {
    const auto first = decode(body);
    if (!first) return;
    const auto again = decode(encode(*first));
    if (!again || !(*again == *first)) std::abort();
}

// The push batch as the server reads it: record by record; the whole ones round-trip as a request.
void pushBatch(std::string_view body) {
    const auto batch = decodePushBatch(body);
    if (!batch) return;
    PushRequest whole;
    for (const PushedRecord& item : *batch) {
        if (item.envelope) whole.records.push_back(*item.envelope);
    }
    const auto again = decodePushRequest(encode(whole));
    if (!again || !(*again == whole)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 14) {
    case 0: roundTrip<EnrolRequest>(body, decodeEnrolRequest); break;
    case 1: roundTrip<EnrolAnswer>(body, decodeEnrolAnswer); break;
    case 2: roundTrip<PushRequest>(body, decodePushRequest); break;
    case 3: pushBatch(body); break;
    case 4: roundTrip<PushAnswer>(body, decodePushAnswer); break;
    case 5: roundTrip<PullRequest>(body, decodePullRequest); break;
    case 6: roundTrip<PullAnswer>(body, decodePullAnswer); break;
    case 7: roundTrip<CatalogRequest>(body, decodeCatalogRequest); break;
    case 8: roundTrip<CatalogAnswer>(body, decodeCatalogAnswer); break;
    case 9: roundTrip<PinsRequest>(body, decodePinsRequest); break;
    case 10: roundTrip<PinsAnswer>(body, decodePinsAnswer); break;
    case 11: roundTrip<ErrorAnswer>(body, decodeErrorAnswer); break;
    case 12: roundTrip<HealthAnswer>(body, decodeHealthAnswer); break;
    default: {
        // A lone record, push result or roster entry, as the messages carry them.
        const auto json = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
        if (json.is_discarded()) break;
        if (auto e = envelopeFromJson(json, "record")) {
            if (!(*envelopeFromJson(toJson(*e), "record") == *e)) std::abort();
        }
        if (auto r = pushResultFromJson(json)) {
            if (!(*pushResultFromJson(toJson(*r)) == *r)) std::abort();
        }
        if (auto r = rosterEntryFromJson(json, "roster")) {
            auto again = rosterEntryFromJson(toJson(*r), "roster");
            if (!again || !sameEntry(*again, *r)) std::abort();
        }
        break;
    }
    }
    return 0;
}

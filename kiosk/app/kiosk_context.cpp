// The context's few functions that are not templates.
#include "kiosk_context.h"

#include "crypto/encoding.h"

namespace osm::kiosk {

void KioskContext::setServerKey(const std::string& hex) {
    auto bytes = crypto::fromHex(hex);
    if (!bytes) return;
    if (auto key = crypto::publicKeyFromBytes(*bytes)) serverKey = *key;
}

}  // namespace osm::kiosk

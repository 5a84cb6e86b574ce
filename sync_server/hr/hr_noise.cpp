// Discrete Laplace noise: two geometric draws by inversion from 53 random bits each.
#include "hr/hr_noise.h"

#include "crypto/encoding.h"

#include <cmath>
#include <cstring>

namespace osm::server {

RandomBits systemRandomBits() {
    return [] {
        const crypto::Bytes bytes = crypto::randomBytes(8);
        std::uint64_t value = 0;
        std::memcpy(&value, bytes.data(), sizeof value);
        return value;
    };
}

namespace {

// A geometric draw on {0, 1, …} with P(k) = (1 − q) q^k.
std::int64_t geometric(double q, const RandomBits& bits) {
    // U uniform on (0, 1]: never 0, so the logarithm is finite.
    const double u = (static_cast<double>(bits() >> 11) + 1.0) / 9007199254740992.0;
    const double k = std::floor(std::log(u) / std::log(q));
    return k > 1e9 ? 1'000'000'000 : static_cast<std::int64_t>(k);
}

}  // namespace

std::int64_t discreteLaplace(double scale, const RandomBits& bits) {
    if (scale <= 0) return 0;
    const double q = std::exp(-1.0 / scale);
    return geometric(q, bits) - geometric(q, bits);
}

int noiseHalfWidth95(double scale) {
    if (scale <= 0) return 0;
    const double q = std::exp(-1.0 / scale);
    // P(|K| > t) = 2 q^(t+1) / (1 + q).
    int t = 0;
    while (2 * std::pow(q, t + 1) / (1 + q) > 0.05) ++t;
    return t;
}

}  // namespace osm::server

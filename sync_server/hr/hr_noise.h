// The noise of HR's released figures (docs/privacy.md): the discrete Laplace mechanism. Every
// released count gets an integer drawn from P(k) ∝ exp(−|k|/scale), once, when the release is
// made; the scale is the release's sensitivity over its epsilon.
#pragma once

#include <cstdint>
#include <functional>

namespace osm::server {

// 64 random bits per call.
using RandomBits = std::function<std::uint64_t()>;

// The operating system's randomness (libsodium's randombytes, through crypto::randomBytes).
RandomBits systemRandomBits();

// A discrete Laplace draw (the difference of two geometric draws), so the figure stays an
// integer and no floating-point bits of the noise are ever published.
std::int64_t discreteLaplace(double scale, const RandomBits& bits);

// The smallest t with P(|noise| <= t) >= 95 %.
int noiseHalfWidth95(double scale);

}  // namespace osm::server

#include "core/random.h"

#include <cmath>
#include <numbers>

#include "core/status.h"

namespace alley::core {
namespace {

uint64_t SplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// GCC and Clang's 128-bit integer, for the full 64×64-bit product that
// Lemire's method needs.
__extension__ using Uint128 = unsigned __int128;

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(uint64_t seed) {
  for (uint64_t& word : s_) word = SplitMix64(seed);
}

uint64_t Rng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

uint64_t Rng::Uniform(uint64_t n) {
  ALLEY_CHECK(n > 0, "Uniform(0)");
  // Lemire (2019), "Fast random integer generation in an interval".
  Uint128 m = static_cast<Uint128>(Next()) * n;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < n) {
    const uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<Uint128>(Next()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

double Rng::UniformReal() {
  // The top 53 bits scaled by 2^-53.
  return static_cast<double>(Next() >> 11) * 0x1.0p-53;
}

bool Rng::Bernoulli(double p) {
  if (!(p > 0)) return false;  // NaN too
  if (p >= 1) return true;
  return UniformReal() < p;
}

double Rng::Normal(double mean, double sd) {
  double u1 = UniformReal();
  while (u1 <= 0) u1 = UniformReal();
  const double u2 = UniformReal();
  return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

size_t Rng::Weighted(std::span<const double> weights) {
  double total = 0;
  for (double w : weights) {
    ALLEY_CHECK(w >= 0 && std::isfinite(w), "weights must be finite and not negative");
    total += w;
  }
  ALLEY_CHECK(total > 0 && std::isfinite(total), "weights must have a positive, finite sum");
  double x = UniformReal() * total;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  // Rounding left x just past the end: the last positive weight.
  for (size_t i = weights.size(); i-- > 0;) {
    if (weights[i] > 0) return i;
  }
  return 0;
}

Rng Rng::Fork(uint64_t stream) const {
  uint64_t seed = s_[0] ^ Rotl(s_[1], 13) ^ Rotl(s_[2], 29) ^ Rotl(s_[3], 43);
  seed ^= SplitMix64(stream);
  return Rng(seed);
}

}  // namespace alley::core

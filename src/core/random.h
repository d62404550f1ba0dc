// A deterministic random generator for synthetic data (the demo community).
//
// The standard library's distributions differ between implementations, so the
// same seed would give different communities on different machines; Alley
// samples with its own small functions over xoshiro256** (Blackman & Vigna,
// 2018), seeded through splitmix64. Same seed, same sequence, everywhere.
//
//   Rng rng(42);
//   uint64_t die = rng.Uniform(6) + 1;
//   size_t band = rng.Weighted(shares);
//   Rng child = rng.Fork(7);  // an independent stream
//
// Not for cryptography. Not thread-safe: one Rng per thread.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace alley::core {

class Rng {
 public:
  explicit Rng(uint64_t seed);

  // The next 64 random bits.
  uint64_t Next();
  // Uniform in [0, n), without modulo bias (Lemire's method). n must be > 0.
  uint64_t Uniform(uint64_t n);
  // Uniform in [0, 1) with 53 random bits.
  double UniformReal();
  // True with probability p (p <= 0 never, p >= 1 always).
  bool Bernoulli(double p);
  // Normal(mean, sd) by Box–Muller.
  double Normal(double mean, double sd);
  // An index drawn with probability proportional to its weight. Weights must
  // be non-negative with a positive sum (ALLEY_CHECK).
  size_t Weighted(std::span<const double> weights);
  // An independent generator derived from this one's state and `stream`;
  // this generator is not advanced.
  Rng Fork(uint64_t stream) const;

 private:
  std::array<uint64_t, 4> s_;
};

}  // namespace alley::core

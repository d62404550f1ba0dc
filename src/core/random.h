// A deterministic random generator for synthetic data (the demo community).
//
// The standard library's engines are specified, but its distributions
// (std::uniform_int_distribution, std::normal_distribution, ...) are not: the
// same seed gives different numbers with libstdc++, libc++ and MSVC. So Alley
// samples with its own small functions over xoshiro256** (Blackman & Vigna,
// 2018, prng.di.unimi.it), seeded through splitmix64 as its authors
// recommend. Next, Uniform, UniformReal, Bernoulli and Weighted use integer
// and exactly rounded IEEE arithmetic only: the same seed gives the same
// values on every platform and compiler. Normal also calls std::log, std::cos
// and std::sqrt; C libraries may round log and cos differently in the last
// bit, so its values agree everywhere to about 1e-15 relative, not bit for bit.
//
//   Rng rng(42);
//   uint64_t die = rng.Uniform(6) + 1;            // 1..6
//   size_t band = rng.Weighted(shares);           // an index of `shares`
//   double height_cm = rng.Normal(167.1, 6.5);
//   Rng households = rng.Fork(kStreamHouseholds);  // an independent stream
//
// Not for cryptography or anything an adversary may predict. Not thread-safe:
// one Rng per thread (Fork one for each).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace alley::core {

class Rng {
 public:
  // The state is four outputs of splitmix64 started at `seed`; every seed,
  // 0 included, gives a good state.
  explicit Rng(uint64_t seed);

  // The next 64 random bits (xoshiro256**).
  uint64_t Next();
  // Uniform in [0, n), without modulo bias (Lemire 2019, "Fast random integer
  // generation in an interval"): one Next() almost always, more only to
  // reject a biased draw. `n` must be > 0 (ALLEY_CHECK).
  uint64_t Uniform(uint64_t n);
  // Uniform in [0, 1): the top 53 bits of Next() times 2^-53, so every value is
  // a multiple of 2^-53 and 1 is never returned.
  double UniformReal();
  // True with probability `p`: never for p <= 0 (or NaN), always for p >= 1.
  // Uses one UniformReal() only when 0 < p < 1.
  bool Bernoulli(double p);
  // A normal variate by the Box–Muller transform (one of the pair; two
  // UniformReal() draws or more). `sd` >= 0 is the standard deviation.
  double Normal(double mean, double sd);
  // An index drawn with probability weights[i] / sum(weights): one
  // UniformReal() draw. Weights must be finite and non-negative with a
  // positive sum (ALLEY_CHECK); a zero weight is never drawn.
  size_t Weighted(std::span<const double> weights);
  // A new generator for an independent stream, derived from this one's state
  // and `stream` without advancing this one: the same state and stream give
  // the same generator, different streams unrelated ones.
  Rng Fork(uint64_t stream) const;

 private:
  std::array<uint64_t, 4> s_;
};

}  // namespace alley::core

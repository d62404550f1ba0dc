// Travel time on a network, in integer deciseconds (tenths of a second).
//
// Every planning stage measures time in whole deciseconds so that shortest
// paths are exact and comparable with other engines (pgRouting, scipy and
// igraph give the same integers on the same exported graph), and so that a
// 15-minute bound is the integer 9,000.
//
//   Deciseconds w = WalkDeciseconds(/*length_m=*/120.0);  // 1,200 at 1.0 m/s
//   Deciseconds limit = MinutesToDeciseconds(15);          // 9,000
//
// Pure functions: safe from any thread.
#pragma once

#include <cstdint>
#include <limits>

namespace alley::planning {

using Deciseconds = std::uint32_t;

// A distance no path reaches.
inline constexpr Deciseconds kUnreachable = std::numeric_limits<Deciseconds>::max();

// Deciseconds per second and per minute.
inline constexpr std::uint32_t kDecisecondsPerSecond = 10;
inline constexpr std::uint32_t kDecisecondsPerMinute = 600;

// The default walking speed, 1.0 m/s (3.6 km/h). GB 50180-2018 (城市居住区规划
// 设计标准) §2.0.2–2.0.4 sets the 15-, 10- and 5-minute life circles at walking
// distances of 800–1,000 m, 500 m and 300 m: 1.0 m/s puts 900 m in 15 minutes,
// within the standard's band, and is a pace elderly residents keep.
inline constexpr double kDefaultWalkingSpeedMps = 1.0;

// The time to walk `length_m` metres at `speed_mps`, rounded to the nearest
// decisecond and at least 1 (a distinct point is never at distance 0). The
// caller guarantees length_m >= 0 and speed_mps > 0, both finite; a time past
// the largest representable one is clamped to kUnreachable - 1.
Deciseconds WalkDeciseconds(double length_m, double speed_mps = kDefaultWalkingSpeedMps);

// `minutes` whole minutes in deciseconds (minutes × 600).
constexpr Deciseconds MinutesToDeciseconds(std::uint32_t minutes) {
  return minutes * kDecisecondsPerMinute;
}

}  // namespace alley::planning

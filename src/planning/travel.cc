#include "planning/travel.h"

#include <cmath>

namespace alley::planning {

Deciseconds WalkDeciseconds(double length_m, double speed_mps) {
  // metres ÷ (metres per second) = seconds; × 10 = deciseconds.
  const double ds = std::round(length_m / speed_mps * kDecisecondsPerSecond);
  constexpr auto kLargest = static_cast<double>(kUnreachable - 1);
  if (!(ds < kLargest)) return kUnreachable - 1;
  if (ds < 1) return 1;
  return static_cast<Deciseconds>(ds);
}

}  // namespace alley::planning

#include "core/geo.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace alley::core {
namespace {
constexpr double kRadiansPerDegree = std::numbers::pi / 180.0;
}  // namespace

double HaversineMeters(LatLon a, LatLon b) {
  const double phi1 = a.lat * kRadiansPerDegree;
  const double phi2 = b.lat * kRadiansPerDegree;
  const double dphi = (b.lat - a.lat) * kRadiansPerDegree;
  const double dlambda = (b.lon - a.lon) * kRadiansPerDegree;
  const double h = std::sin(dphi / 2) * std::sin(dphi / 2) +
                   std::cos(phi1) * std::cos(phi2) * std::sin(dlambda / 2) * std::sin(dlambda / 2);
  // Rounding can push h a hair past 1 for antipodal points.
  return 2 * kEarthRadiusMeters * std::asin(std::min(1.0, std::sqrt(h)));
}

LatLon OffsetMeters(LatLon origin, double east_m, double north_m) {
  // Metres to degrees: one degree of latitude is R·π/180 metres; a degree of
  // longitude shrinks with cos(latitude).
  const double meters_per_degree = kEarthRadiusMeters * kRadiansPerDegree;
  return {origin.lat + north_m / meters_per_degree,
          origin.lon + east_m / (meters_per_degree * std::cos(origin.lat * kRadiansPerDegree))};
}

bool IsValidLatLon(LatLon p) {
  return std::isfinite(p.lat) && std::isfinite(p.lon) && p.lat >= -90 && p.lat <= 90 &&
         p.lon >= -180 && p.lon <= 180;
}

bool PointInPolygon(LatLon p, std::span<const LatLon> ring) {
  bool inside = false;
  const size_t n = ring.size();
  if (n < 3) return false;
  // Casts a ray from p towards +lon and counts the edges it crosses; an edge
  // counts when it straddles p's latitude (half-open, so a vertex exactly at
  // that latitude is counted once), which also keeps the division safe.
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const LatLon& a = ring[i];
    const LatLon& b = ring[j];
    if ((a.lat > p.lat) != (b.lat > p.lat) &&
        p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon) {
      inside = !inside;
    }
  }
  return inside;
}

}  // namespace alley::core

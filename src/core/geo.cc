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

namespace {

// The Krasovsky 1940 ellipsoid, which GCJ-02's formulas are written on.
constexpr double kKrasovskyA = 6'378'245.0;
constexpr double kKrasovskyE2 = 0.00669342162296594323;
constexpr double kPi = std::numbers::pi;

bool InGcjBox(LatLon p) {
  return IsValidLatLon(p) && p.lon >= 72.004 && p.lon <= 137.8347 && p.lat >= 0.8293 &&
         p.lat <= 55.8271;
}

// The shift north, in metres, at x = lon − 105°, y = lat − 35°.
double ShiftNorthMeters(double x, double y) {
  double s = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  s += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  s += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  s += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y / 30.0 * kPi)) * 2.0 / 3.0;
  return s;
}

// The shift east, in metres, at x = lon − 105°, y = lat − 35°.
double ShiftEastMeters(double x, double y) {
  double s = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  s += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  s += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  s += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return s;
}

// The forward transform without the box test.
LatLon ForwardGcj(LatLon wgs) {
  const double x = wgs.lon - 105.0;
  const double y = wgs.lat - 35.0;
  const double phi = wgs.lat * kRadiansPerDegree;
  const double w2 = 1.0 - kKrasovskyE2 * std::sin(phi) * std::sin(phi);
  const double w = std::sqrt(w2);
  // Metres per radian along the meridian (M) and along the parallel (N cos φ).
  const double meridional = kKrasovskyA * (1.0 - kKrasovskyE2) / (w2 * w);
  const double parallel = kKrasovskyA / w * std::cos(phi);
  return {wgs.lat + ShiftNorthMeters(x, y) / meridional / kRadiansPerDegree,
          wgs.lon + ShiftEastMeters(x, y) / parallel / kRadiansPerDegree};
}

}  // namespace

LatLon Wgs84ToGcj02(LatLon wgs) { return InGcjBox(wgs) ? ForwardGcj(wgs) : wgs; }

LatLon Gcj02ToWgs84(LatLon gcj) {
  if (!InGcjBox(gcj)) return gcj;
  // Solve ForwardGcj(w) = gcj by w ← w − (ForwardGcj(w) − gcj), from w = gcj.
  LatLon w = gcj;
  for (int i = 0; i < 20; ++i) {
    const LatLon f = ForwardGcj(w);
    const double dlat = f.lat - gcj.lat;
    const double dlon = f.lon - gcj.lon;
    w.lat -= dlat;
    w.lon -= dlon;
    if (std::abs(dlat) < 1e-10 && std::abs(dlon) < 1e-10) break;
  }
  return w;
}

}  // namespace alley::core

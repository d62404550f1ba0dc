// Points on the Earth (WGS-84 degrees) and the few distances Alley needs
// before it has a road network.
//
//   LatLon hailian{34.60, 119.17};
//   LatLon east = OffsetMeters(hailian, 500, 0);
//   double d_m = HaversineMeters(hailian, east);  // ≈ 500
#pragma once

#include <span>

namespace alley::core {

struct LatLon {
  double lat = 0;  // degrees north, -90..90
  double lon = 0;  // degrees east, -180..180
};

// Mean Earth radius (IUGG, R1 = 6,371,008.8 m).
inline constexpr double kEarthRadiusMeters = 6'371'008.8;

// Great-circle distance in metres.
double HaversineMeters(LatLon a, LatLon b);

// The point `east_m` metres east and `north_m` metres north of `origin`, on a
// local equirectangular plane: exact enough (well under 1 m) for offsets of a
// few kilometres, as within a community; not for long distances.
LatLon OffsetMeters(LatLon origin, double east_m, double north_m);

// Finite and within -90..90 / -180..180.
bool IsValidLatLon(LatLon p);

// Whether `p` lies inside the closed ring (even–odd rule, the ring's first
// point need not be repeated at its end). Planar in degrees: for small areas.
bool PointInPolygon(LatLon p, std::span<const LatLon> ring);

}  // namespace alley::core

// Points on the Earth (WGS-84 degrees) and the few distances Alley needs
// before it has a road network: straight-line distance, a point some metres
// away (for laying out a synthetic compound), and whether a point lies inside
// an outline.
//
//   LatLon hailian{34.60, 119.17};
//   LatLon east = OffsetMeters(hailian, /*east_m=*/500, /*north_m=*/0);
//   double d_m = HaversineMeters(hailian, east);  // ≈ 500
//   bool inside = PointInPolygon(east, compound_outline);
//
// Coordinates are WGS-84 as GPS and OpenStreetMap give them, not China's
// GCJ-02 (convert with Gcj02ToWgs84 before they get here) or Baidu's BD-09.
// Pure functions: safe from any thread.
#pragma once

#include <span>

namespace alley::core {

struct LatLon {
  double lat = 0;  // degrees north, -90..90
  double lon = 0;  // degrees east, -180..180
};

// The mean Earth radius R1 = (2a + b) / 3 of the WGS-84 / GRS 80 ellipsoid,
// 6,371,008.8 m (Moritz, "Geodetic Reference System 1980", J. Geodesy 2000).
inline constexpr double kEarthRadiusMeters = 6'371'008.8;

// Great-circle distance in metres on the sphere of radius kEarthRadiusMeters
// (haversine formula). Within about 0.5% of the ellipsoidal distance; exact
// for identical points (0) and stable for nearby ones.
double HaversineMeters(LatLon a, LatLon b);

// The point `east_m` metres east and `north_m` metres north of `origin`, on a
// local equirectangular plane. For offsets of a few kilometres, as within a
// community or a street: at China's latitudes (18..54°N) the haversine
// distance to the result is within 1.1 m of the requested one up to 5 km and
// within 4.5 m up to 10 km; the error grows with the square of the offset.
// Not near the poles, and the longitude is not wrapped at ±180°.
LatLon OffsetMeters(LatLon origin, double east_m, double north_m);

// Whether both coordinates are finite and lat is within -90..90, lon within
// -180..180 (the bounds included).
bool IsValidLatLon(LatLon p);

// Whether `p` lies inside the ring (even–odd rule, so a self-intersecting
// ring's doubly covered parts are outside). The ring's first point may be
// repeated at its end or not; fewer than 3 points contain nothing. A point
// exactly on an edge may fall either way. Planar in degrees, which is right
// for outlines of a few kilometres that do not cross the antimeridian.
bool PointInPolygon(LatLon p, std::span<const LatLon> ring);

// GCJ-02 ("Mars coordinates", 国测局坐标): the obfuscated datum that maps
// published in China (Amap/Gaode, Tencent, Google's China tiles) must use by
// law. It is WGS-84 plus a smooth, position-dependent shift of up to about
// 700 m; no official specification is published. The forward transform here
// is the one every open implementation uses (reverse-engineered and
// circulated since about 2009, e.g. in the eviltransform and coordtransform
// projects; the formulas, not their code): two polynomial-and-sine series
// in (lon − 105°, lat − 35°) give a shift in metres north and east, turned
// into degrees with the meridional and prime-vertical radii of curvature of
// the Krasovsky 1940 ellipsoid (a = 6,378,245 m, e² = 0.00669342162296594323).
// How closely it matches the official (unpublished) converter is not checked
// here: there is none to check against.
//
// Outside China, by the usual rough box (lat 0.8293..55.8271°N, lon
// 72.004..137.8347°E: it includes Taiwan, parts of Korea, Japan and Mongolia
// where the real maps do not shift), GCJ-02 is WGS-84 and the point is
// returned unchanged; so is one that is not IsValidLatLon.

// The GCJ-02 coordinates of a WGS-84 point (the forward transform above).
LatLon Wgs84ToGcj02(LatLon wgs);

// The WGS-84 point whose GCJ-02 coordinates are `gcj`: the inverse of
// Wgs84ToGcj02 by fixed-point iteration, w ← w − (Wgs84ToGcj02(w) − gcj).
// The shift changes by at most about 500 m per degree, against at least
// 63 km per degree of longitude in the box, so each step shrinks the error
// more than a hundredfold: from a few hundred metres to below 1e-10 degrees
// (about 0.01 mm) in five steps or fewer, far inside the 1 cm it is tested to.
LatLon Gcj02ToWgs84(LatLon gcj);

}  // namespace alley::core

#include "core/geo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace alley::core {
namespace {

constexpr double kPi = std::numbers::pi;

TEST(GeoTest, HaversineKnownDistances) {
  // One degree of latitude on the mean sphere: R·π/180 ≈ 111,195.08 m.
  EXPECT_NEAR(HaversineMeters({0, 0}, {1, 0}), 111'195.08, 0.01);
  // A quarter of the equator and half a meridian.
  EXPECT_NEAR(HaversineMeters({0, 0}, {0, 90}), kEarthRadiusMeters * kPi / 2, 1e-6);
  EXPECT_NEAR(HaversineMeters({90, 0}, {-90, 0}), kEarthRadiusMeters * kPi, 1e-6);
  // Antipodes, where rounding could leave asin's domain.
  EXPECT_NEAR(HaversineMeters({34.6, 119.17}, {-34.6, -60.83}), kEarthRadiusMeters * kPi, 1e-3);
  // Beijing (Tiananmen) to Shanghai (People's Square): about 1,067 km.
  EXPECT_NEAR(HaversineMeters({39.9087, 116.3975}, {31.2304, 121.4737}) / 1000, 1067, 5);
}

TEST(GeoTest, HaversineIsAMetric) {
  const LatLon a{34.60, 119.17};
  const LatLon b{34.61, 119.18};
  EXPECT_EQ(HaversineMeters(a, a), 0.0);
  EXPECT_DOUBLE_EQ(HaversineMeters(a, b), HaversineMeters(b, a));
  // Across the antimeridian the short way round is taken.
  EXPECT_NEAR(HaversineMeters({0, 179.5}, {0, -179.5}), 111'195.08, 0.01);
}

TEST(GeoTest, OffsetsAreMetres) {
  const LatLon origin{34.60, 119.17};
  const LatLon moved = OffsetMeters(origin, 300, -400);
  EXPECT_NEAR(HaversineMeters(origin, moved), 500, 0.01);
  EXPECT_GT(moved.lon, origin.lon);
  EXPECT_LT(moved.lat, origin.lat);
  // Due north moves only the latitude, due east only the longitude.
  EXPECT_EQ(OffsetMeters(origin, 0, 1000).lon, origin.lon);
  EXPECT_EQ(OffsetMeters(origin, 1000, 0).lat, origin.lat);
  EXPECT_EQ(OffsetMeters(origin, 0, 0).lat, origin.lat);
}

TEST(GeoTest, OffsetAccuracyAsDocumented) {
  for (double lat : {18.0, 34.6, 54.0}) {
    for (int degrees = 0; degrees < 360; degrees += 15) {
      const double angle = degrees * kPi / 180;
      const LatLon origin{lat, 110};
      for (double d_m : {5'000.0, 10'000.0}) {
        const LatLon p = OffsetMeters(origin, d_m * std::cos(angle), d_m * std::sin(angle));
        EXPECT_NEAR(HaversineMeters(origin, p), d_m, d_m == 5'000 ? 1.1 : 4.5)
            << lat << " " << degrees;
      }
    }
  }
}

TEST(GeoTest, Validity) {
  EXPECT_TRUE(IsValidLatLon({34.6, 119.17}));
  EXPECT_TRUE(IsValidLatLon({90, 180}));
  EXPECT_TRUE(IsValidLatLon({-90, -180}));
  EXPECT_FALSE(IsValidLatLon({90.0001, 0}));
  EXPECT_FALSE(IsValidLatLon({0, -180.0001}));
  EXPECT_FALSE(IsValidLatLon({std::numeric_limits<double>::quiet_NaN(), 0}));
  EXPECT_FALSE(IsValidLatLon({0, std::numeric_limits<double>::infinity()}));
}

TEST(GeoTest, PointInSquare) {
  const std::vector<LatLon> square = {{0, 0}, {0, 1}, {1, 1}, {1, 0}};
  EXPECT_TRUE(PointInPolygon({0.5, 0.5}, square));
  EXPECT_FALSE(PointInPolygon({1.5, 0.5}, square));
  EXPECT_FALSE(PointInPolygon({0.5, -0.1}, square));
  EXPECT_FALSE(PointInPolygon({0.5, 1.1}, square));
  // The same ring closed by repeating its first point.
  const std::vector<LatLon> closed = {{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}};
  EXPECT_TRUE(PointInPolygon({0.5, 0.5}, closed));
  EXPECT_FALSE(PointInPolygon({1.5, 0.5}, closed));
}

TEST(GeoTest, PointInConcavePolygon) {
  const std::vector<LatLon> l_shape = {{0, 0}, {0, 2}, {1, 2}, {1, 1}, {2, 1}, {2, 0}};
  EXPECT_TRUE(PointInPolygon({1.5, 0.5}, l_shape));
  EXPECT_TRUE(PointInPolygon({0.5, 1.5}, l_shape));
  EXPECT_FALSE(PointInPolygon({1.5, 1.5}, l_shape));  // the notch
}

TEST(GeoTest, RayThroughAVertexCountsOnce) {
  // A diamond whose left and right corners lie on the test points' latitude.
  const std::vector<LatLon> diamond = {{0, 1}, {1, 2}, {2, 1}, {1, 0}};
  EXPECT_TRUE(PointInPolygon({1, 1}, diamond));
  EXPECT_FALSE(PointInPolygon({1, -1}, diamond));
  EXPECT_FALSE(PointInPolygon({1, 3}, diamond));
}

TEST(GeoTest, EvenOddRule) {
  // A pentagram: its central pentagon is covered twice, so it is outside.
  std::vector<LatLon> star;
  for (int k = 0; k < 5; ++k) {
    const double angle = kPi / 2 + k * 4 * kPi / 5;
    star.push_back({std::sin(angle), std::cos(angle)});
  }
  EXPECT_FALSE(PointInPolygon({0, 0}, star));
  EXPECT_TRUE(PointInPolygon({0.6, 0.0}, star));  // inside the top point
}

TEST(GeoTest, DegenerateRingsContainNothing) {
  EXPECT_FALSE(PointInPolygon({0, 0}, std::vector<LatLon>{}));
  EXPECT_FALSE(PointInPolygon({0, 0}, std::vector<LatLon>{{0, 0}}));
  EXPECT_FALSE(PointInPolygon({0.5, 0.5}, std::vector<LatLon>{{0, 0}, {1, 1}}));
}

// A compound outline near the Hailian community, built with OffsetMeters.
TEST(GeoTest, CompoundOutline) {
  const LatLon centre{34.60, 119.17};
  const std::vector<LatLon> outline = {
      OffsetMeters(centre, -150, -100), OffsetMeters(centre, 150, -100),
      OffsetMeters(centre, 150, 100), OffsetMeters(centre, -150, 100)};
  EXPECT_TRUE(PointInPolygon(centre, outline));
  EXPECT_TRUE(PointInPolygon(OffsetMeters(centre, 140, 90), outline));
  EXPECT_FALSE(PointInPolygon(OffsetMeters(centre, 160, 0), outline));
  EXPECT_FALSE(PointInPolygon(OffsetMeters(centre, 0, -110), outline));
}

// The metres east and north from `a` to `b` on the local plane (as OffsetMeters).
struct EastNorth {
  double east_m, north_m;
};
EastNorth MetresBetween(LatLon a, LatLon b) {
  const double per_degree = kEarthRadiusMeters * kPi / 180;
  return {(b.lon - a.lon) * per_degree * std::cos(a.lat * kPi / 180), (b.lat - a.lat) * per_degree};
}

TEST(GeoTest, GcjShiftInLianyungang) {
  // Hailian, Lianyungang: x = lon − 105 = 14.17, y = lat − 35 = −0.4. By hand
  // from the series (geo.h), the north shift is
  //   −100 + 2x + 3y + 0.2y² + 0.1xy + 0.2√x          ≈ −72.6
  //   + (20 sin 6πx + 20 sin 2πx)·2/3 = (−1.3 + 17.5)·2/3  ≈ +10.8
  //   + (20 sin πy + 40 sin πy/3)·2/3 = (−19.0 − 16.3)·2/3 ≈ −23.5
  //   + (160 sin πy/12 + 320 sin πy/30)·2/3 = (−16.7 − 13.4)·2/3 ≈ −20.1
  // ≈ −105 m, and the east shift
  //   300 + x + 2y + 0.1x² + 0.1xy + 0.1√x            ≈ +333.3
  //   + the same x terms                                ≈ +10.8
  //   + (20 sin πx + 40 sin πx/3)·2/3 = (10.2 + 30.5)·2/3  ≈ +27.1
  //   + (150 sin πx/12 + 300 sin πx/30)·2/3 = (−82.5 + 298.9)·2/3 ≈ +144.3
  // ≈ +515 m: a GCJ-02 map shows the place about half a kilometre east and a
  // hundred metres south of where GPS puts it.
  const LatLon wgs{34.60, 119.17};
  const EastNorth shift = MetresBetween(wgs, Wgs84ToGcj02(wgs));
  EXPECT_GT(shift.east_m, 480);
  EXPECT_LT(shift.east_m, 550);
  EXPECT_LT(shift.north_m, -85);
  EXPECT_GT(shift.north_m, -125);
  // And back.
  EXPECT_LT(HaversineMeters(Gcj02ToWgs84(Wgs84ToGcj02(wgs)), wgs), 0.01);
}

TEST(GeoTest, GcjRoundTripsWithinACentimetre) {
  // Every 0.37° × 0.53° across China's box (lat 18..53.5, lon 73.5..135),
  // including lon 105 where the series has √|x|.
  double worst_m = 0;
  int points = 0;
  for (double lat = 18.0; lat <= 53.5; lat += 0.37) {
    for (double lon = 73.5; lon <= 135.0; lon += 0.53) {
      for (const LatLon p : {LatLon{lat, lon}, LatLon{lat, 105.0}}) {
        const LatLon gcj = Wgs84ToGcj02(p);
        // The shift is real everywhere in the box: tens to hundreds of metres.
        EXPECT_GT(HaversineMeters(p, gcj), 1) << p.lat << "," << p.lon;
        EXPECT_LT(HaversineMeters(p, gcj), 1500) << p.lat << "," << p.lon;
        const double back_m = HaversineMeters(Gcj02ToWgs84(gcj), p);
        // Also the other way: a GCJ-02 point taken to WGS-84 and back.
        const double forth_m = HaversineMeters(Wgs84ToGcj02(Gcj02ToWgs84(p)), p);
        worst_m = std::max({worst_m, back_m, forth_m});
        ++points;
      }
    }
  }
  EXPECT_GT(points, 20'000);
  EXPECT_LT(worst_m, 0.01);
}

TEST(GeoTest, GcjLeavesPointsOutsideChinaAlone) {
  const std::vector<LatLon> outside = {
      {51.4779, -0.0015},    // Greenwich
      {-33.8568, 151.2153},  // Sydney
      {1.28, 150.0},         // east of the box
      {56.5, 100.0},         // north of it
      {0.5, 110.0},          // south of it
      {40.0, 71.9},          // west of it
      {91.0, 119.0},         // not a coordinate
  };
  for (const LatLon p : outside) {
    EXPECT_EQ(Wgs84ToGcj02(p).lat, p.lat) << p.lat << "," << p.lon;
    EXPECT_EQ(Wgs84ToGcj02(p).lon, p.lon) << p.lat << "," << p.lon;
    EXPECT_EQ(Gcj02ToWgs84(p).lat, p.lat) << p.lat << "," << p.lon;
    EXPECT_EQ(Gcj02ToWgs84(p).lon, p.lon) << p.lat << "," << p.lon;
  }
  const LatLon nan{std::numeric_limits<double>::quiet_NaN(), 119.0};
  EXPECT_TRUE(std::isnan(Gcj02ToWgs84(nan).lat));
  // Just inside the box the point moves.
  EXPECT_NE(Wgs84ToGcj02({55.8, 120.0}).lon, 120.0);
}

}  // namespace
}  // namespace alley::core

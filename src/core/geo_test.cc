#include "core/geo.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace alley::core

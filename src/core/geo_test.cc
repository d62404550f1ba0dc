#include "core/geo.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace alley::core {
namespace {

TEST(GeoTest, HaversineKnownDistance) {
  // One degree of latitude on the mean sphere: R·π/180 ≈ 111,195 m.
  EXPECT_NEAR(HaversineMeters({0, 0}, {1, 0}), 111'195.08, 0.1);
  EXPECT_DOUBLE_EQ(HaversineMeters({34.6, 119.17}, {34.6, 119.17}), 0.0);
  // Beijing (Tiananmen) to Shanghai (People's Square): about 1,067 km.
  EXPECT_NEAR(HaversineMeters({39.9087, 116.3975}, {31.2304, 121.4737}) / 1000, 1067, 5);
}

TEST(GeoTest, OffsetsAreMetres) {
  LatLon origin{34.60, 119.17};
  LatLon moved = OffsetMeters(origin, 300, -400);
  EXPECT_NEAR(HaversineMeters(origin, moved), 500, 0.5);
  EXPECT_GT(moved.lon, origin.lon);
  EXPECT_LT(moved.lat, origin.lat);
}

TEST(GeoTest, Validity) {
  EXPECT_TRUE(IsValidLatLon({34.6, 119.17}));
  EXPECT_FALSE(IsValidLatLon({91, 0}));
  EXPECT_FALSE(IsValidLatLon({0, 181}));
  EXPECT_FALSE(IsValidLatLon({NAN, 0}));
}

TEST(GeoTest, PointInPolygon) {
  std::vector<LatLon> square = {{0, 0}, {0, 1}, {1, 1}, {1, 0}};
  EXPECT_TRUE(PointInPolygon({0.5, 0.5}, square));
  EXPECT_FALSE(PointInPolygon({1.5, 0.5}, square));
  EXPECT_FALSE(PointInPolygon({0.5, -0.1}, square));
  std::vector<LatLon> l_shape = {{0, 0}, {0, 2}, {1, 2}, {1, 1}, {2, 1}, {2, 0}};
  EXPECT_TRUE(PointInPolygon({1.5, 0.5}, l_shape));
  EXPECT_FALSE(PointInPolygon({1.5, 1.5}, l_shape));
}

}  // namespace
}  // namespace alley::core

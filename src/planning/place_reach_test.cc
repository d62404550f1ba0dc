#include "planning/place_reach.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "core/status_matchers.h"

namespace alley::planning {
namespace {

constexpr core::LatLon kOrigin{34.6, 119.17};

// A 6 × 6 lattice of 100 m lanes.
Graph Lattice() {
  std::vector<core::LatLon> points;
  std::vector<Arc> arcs;
  for (int y = 0; y < 6; ++y) {
    for (int x = 0; x < 6; ++x) {
      points.push_back(core::OffsetMeters(kOrigin, 100.0 * x, 100.0 * y));
      const auto v = static_cast<VertexId>(y * 6 + x);
      if (x < 5) arcs.push_back({v, v + 1, 1000});
      if (y < 5) arcs.push_back({v, v + 6, 1000});
    }
  }
  return *Graph::FromArcs(points, arcs, true);
}

std::vector<Snapped> Places(const Snapper& snapper, int n, std::uint32_t seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> metres(0, 500);
  std::vector<Snapped> places;
  places.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    places.push_back(
        *snapper.Snap(core::OffsetMeters(kOrigin, metres(random), metres(random)), 200));
  }
  return places;
}

// Every pair equals a search from the facility alone and TimeFrom.
TEST(ReachHomes, EqualsOneSearchPerFacility) {
  const Graph g = Lattice();
  const Snapper snapper(g);
  const std::vector<Snapped> homes = Places(snapper, 40, 1);
  const std::vector<Snapped> facilities = Places(snapper, 5, 2);
  const Deciseconds limit = 2500;
  ASSERT_OK_AND_ASSIGN(PlacePairs pairs, ReachHomes(g, homes, facilities, limit, 2));
  BoundedSearch search(g);
  std::size_t expected_pairs = 0;
  for (std::uint32_t f = 0; f < facilities.size(); ++f) {
    search.Run(SeedsOf(facilities[f], f), limit);
    for (std::uint32_t h = 0; h < homes.size(); ++h) {
      const Deciseconds t = TimeFrom(search, homes[h]);
      if (t > limit) continue;
      ++expected_pairs;
      bool listed = false;
      for (std::size_t p = 0; p < pairs.home.size(); ++p) {
        if (pairs.facility[p] == f && pairs.home[p] == h) {
          EXPECT_EQ(pairs.time[p], t);
          listed = true;
        }
      }
      EXPECT_TRUE(listed) << "facility " << f << " home " << h;
    }
  }
  EXPECT_EQ(pairs.home.size(), expected_pairs);
  ASSERT_OK_AND_ASSIGN(PlacePairs one_thread, ReachHomes(g, homes, facilities, limit, 1));
  EXPECT_EQ(one_thread.home, pairs.home);
  EXPECT_EQ(one_thread.time, pairs.time);
}

TEST(FindNearestFacilities, IsTheMinimumOverFacilities) {
  const Graph g = Lattice();
  const Snapper snapper(g);
  const std::vector<Snapped> homes = Places(snapper, 30, 3);
  const std::vector<Snapped> facilities = Places(snapper, 4, 4);
  const NearestFacilities nearest = FindNearestFacilities(g, homes, facilities, 1500);
  BoundedSearch search(g);
  std::vector<Deciseconds> best(homes.size(), kUnreachable);
  for (std::uint32_t f = 0; f < facilities.size(); ++f) {
    search.Run(SeedsOf(facilities[f], f), 1500);
    for (std::size_t h = 0; h < homes.size(); ++h) {
      const Deciseconds t = TimeFrom(search, homes[h]);
      if (t <= 1500) best[h] = std::min(best[h], t);
    }
  }
  for (std::size_t h = 0; h < homes.size(); ++h) {
    EXPECT_EQ(nearest.time[h], best[h]) << h;
    if (best[h] == kUnreachable) {
      EXPECT_EQ(nearest.facility[h], kNoFacility);
    } else {
      // The facility named is one at that time.
      search.Run(SeedsOf(facilities[nearest.facility[h]], 0), 1500);
      EXPECT_EQ(TimeFrom(search, homes[h]), best[h])
          << "home " << h << " facility " << nearest.facility[h] << " a " << homes[h].a << " b "
          << homes[h].b << " f.a " << facilities[nearest.facility[h]].a << " f.b "
          << facilities[nearest.facility[h]].b;
    }
  }
}

}  // namespace
}  // namespace alley::planning

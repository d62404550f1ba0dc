#include "planning/network_access.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "core/status_matchers.h"
#include "planning/catchments.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// 0 —10— 1 —10— 2 —5— 4, 0 —30— 3 —40— 4; 5 alone (deciseconds).
Graph Map() {
  const Arc arcs[] = {{0, 1, 10}, {1, 2, 10}, {0, 3, 30}, {2, 4, 5}, {3, 4, 40}};
  return *Graph::FromArcs(std::vector<core::LatLon>(6, {34.6, 119.17}), arcs, true);
}

TEST(PairsOnNetwork, GivesTheHomesAtReachedVerticesByFacilityThenVertexThenHome) {
  const Graph g = Map();
  // Homes 0..4 at vertices 2, 0, 2, 5, 3; facilities at 0 and 4.
  const std::vector<VertexId> homes = {2, 0, 2, 5, 3};
  const std::vector<VertexId> facilities = {0, 4};
  ASSERT_OK_AND_ASSIGN(NetworkPairs p, PairsOnNetwork(g, homes, facilities, 25, 2));
  // From 0 within 25: 0 (0), 1 (10), 2 (20), 4 (25). From 4: 4 (0), 2 (5), 1 (15), 0 (25).
  // Vertex 1 and 4 hold no home, vertex 3 (40 from 4) is out of reach.
  EXPECT_THAT(p.facility, ElementsAre(0, 0, 0, 1, 1, 1));
  EXPECT_THAT(p.home, ElementsAre(1, 0, 2, 1, 0, 2));
  EXPECT_THAT(p.time_ds, ElementsAre(0, 20, 20, 25, 5, 5));
  EXPECT_EQ(p.reached_vertices, 8u);
}

TEST(PairsOnNetwork, FeedsComputeAccessibility) {
  const Graph g = Map();
  const std::vector<VertexId> homes = {2, 0, 3};
  const std::vector<VertexId> facilities = {0, 0};
  ASSERT_OK_AND_ASSIGN(NetworkPairs p, PairsOnNetwork(g, homes, facilities, 30, 1));
  // Both facilities reach home 1 (at 0, t 0), home 0 (at 2, t 20), home 2 (at 3, t 30).
  EXPECT_THAT(p.home, ElementsAre(1, 0, 2, 1, 0, 2));
  EXPECT_THAT(p.time_ds, ElementsAre(0, 20, 30, 0, 20, 30));
  AccessOptions options;
  options.method = AccessMethod::k2sfca;
  options.threshold_ds = 30;
  const std::vector<double> demand = {1, 2, 3};
  const std::vector<double> supply = {6, 12};
  ASSERT_OK_AND_ASSIGN(AccessResult r, ComputeAccessibility(demand, supply, p.View(), options));
  // V = 6 for both; R = 1 and 2; every home reaches both: A = 3.
  EXPECT_THAT(r.home_access, ElementsAre(3.0, 3.0, 3.0));
}

// The pairs are those of ReachAll's catchments expanded to the homes at each
// vertex (by facility, then vertex, then home), on any number of threads.
TEST(PairsOnNetwork, AreReachAllsCatchmentsExpandedToTheHomes) {
  std::mt19937 random(11);
  for (int round = 0; round < 10; ++round) {
    const std::uint32_t n = 80;
    std::vector<Arc> arcs;
    arcs.reserve(200);
    for (int i = 0; i < 200; ++i) {
      arcs.push_back({static_cast<VertexId>(random() % n), static_cast<VertexId>(random() % n),
                      static_cast<Deciseconds>(random() % 40)});
    }
    ASSERT_OK_AND_ASSIGN(Graph g,
                         Graph::FromArcs(std::vector<core::LatLon>(n, {34.6, 119.17}), arcs, true));
    std::vector<VertexId> homes(150), facilities(12);
    for (VertexId& v : homes) v = static_cast<VertexId>(random() % n);
    for (VertexId& v : facilities) v = static_cast<VertexId>(random() % n);
    const Deciseconds limit = 50;
    std::vector<std::vector<Seed>> seeds;
    seeds.reserve(facilities.size());
    for (VertexId f : facilities) seeds.push_back({{f, 0, 0}});
    ASSERT_OK_AND_ASSIGN(Catchments c, ReachAll(g, seeds, limit, 1));
    std::vector<std::uint32_t> home, facility;
    std::vector<Deciseconds> time;
    for (std::size_t j = 0; j < facilities.size(); ++j) {
      for (std::uint64_t k = c.first[j]; k < c.first[j + 1]; ++k) {
        for (std::uint32_t i = 0; i < homes.size(); ++i) {
          if (homes[i] != c.vertex[k]) continue;
          home.push_back(i);
          facility.push_back(static_cast<std::uint32_t>(j));
          time.push_back(c.time[k]);
        }
      }
    }
    for (unsigned threads : {1u, 3u}) {
      ASSERT_OK_AND_ASSIGN(NetworkPairs p, PairsOnNetwork(g, homes, facilities, limit, threads));
      EXPECT_EQ(p.home, home) << "round " << round << ", " << threads << " threads";
      EXPECT_EQ(p.facility, facility);
      EXPECT_EQ(p.time_ds, time);
      EXPECT_EQ(p.reached_vertices, c.vertex.size());
      EXPECT_EQ(p.relaxations, c.relaxations);
    }
  }
}

TEST(PairsOnNetwork, RefusesAVertexOutsideTheGraph) {
  const Graph g = Map();
  const std::vector<VertexId> homes = {0, 6};
  const std::vector<VertexId> facilities = {0};
  EXPECT_THAT(PairsOnNetwork(g, homes, facilities, 10, 1),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("home 1: vertex 6")));
  const std::vector<VertexId> ok_homes = {0};
  const std::vector<VertexId> bad_facilities = {7};
  EXPECT_THAT(PairsOnNetwork(g, ok_homes, bad_facilities, 10, 1),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("facility 0: vertex 7")));
}

}  // namespace
}  // namespace alley::planning

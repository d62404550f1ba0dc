#include "planning/network_access.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "core/status_matchers.h"

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

#include "planning/graph.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<core::LatLon> Points(std::size_t n) {
  std::vector<core::LatLon> points;
  for (std::size_t i = 0; i < n; ++i)
    points.push_back({34.6, 119.17 + 0.001 * static_cast<double>(i)});
  return points;
}

TEST(GraphFromArcs, SymmetricKeepsTheShortestOfParallelArcsAndDropsLoops) {
  //  0 —5— 1 —7— 2     (and a longer 0–1 of 9, a loop at 2)
  const Arc arcs[] = {{0, 1, 5}, {1, 2, 7}, {1, 0, 9}, {2, 2, 3}};
  ASSERT_OK_AND_ASSIGN(Graph g, Graph::FromArcs(Points(3), arcs, /*symmetric=*/true));
  EXPECT_EQ(g.vertex_count(), 3u);
  EXPECT_EQ(g.arc_count(), 4u);
  EXPECT_THAT(g.Targets(1), ElementsAre(0u, 2u));
  EXPECT_THAT(g.Weights(1), ElementsAre(5u, 7u));
  EXPECT_THAT(g.Targets(0), ElementsAre(1u));
  EXPECT_THAT(g.Weights(0), ElementsAre(5u));
  const std::vector<Arc> edges = g.UndirectedEdges();
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_EQ(edges[0].u, 0u);
  EXPECT_EQ(edges[0].v, 1u);
  EXPECT_EQ(edges[0].w, 5u);
  EXPECT_EQ(edges[1].u, 1u);
  EXPECT_EQ(edges[1].v, 2u);
}

TEST(GraphFromArcs, DirectedKeepsOneWay) {
  const Arc arcs[] = {{0, 1, 5}};
  ASSERT_OK_AND_ASSIGN(Graph g, Graph::FromArcs(Points(2), arcs, /*symmetric=*/false));
  EXPECT_THAT(g.Targets(0), ElementsAre(1u));
  EXPECT_TRUE(g.Targets(1).empty());
}

TEST(GraphFromArcs, RefusesAVertexPastTheEnd) {
  const Arc arcs[] = {{0, 3, 5}};
  EXPECT_THAT(Graph::FromArcs(Points(2), arcs, true),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("arc 0: vertex 3")));
}

TEST(GraphFromCsr, RefusesArraysThatDoNotMakeAGraph) {
  // A target out of order, an arc without its reverse.
  EXPECT_THAT(Graph::FromCsr(Points(3), {0, 2, 2, 2}, {2, 1}, {1, 1}, false),
              StatusIs(StatusCode::kDataLoss, HasSubstr("ascending")));
  EXPECT_THAT(Graph::FromCsr(Points(2), {0, 1, 1}, {1}, {4}, /*symmetric=*/true),
              StatusIs(StatusCode::kDataLoss, HasSubstr("reverse")));
  EXPECT_THAT(Graph::FromCsr(Points(2), {0, 1}, {1}, {4}, false),
              StatusIs(StatusCode::kDataLoss, HasSubstr("sizes")));
}

TEST(BuildWalkingGraph, KeepsTheLargestComponentInHilbertOrder) {
  // Component A: a path of 4 points; component B: 2 points far away.
  RawNetwork raw;
  raw.points = {{34.600, 119.170}, {34.601, 119.170}, {34.602, 119.170},
                {34.603, 119.170}, {34.700, 119.300}, {34.701, 119.300}};
  raw.edges = {{0, 1, 111.0}, {1, 2, 111.0}, {2, 3, 111.5}, {4, 5, 111.0}};
  ASSERT_OK_AND_ASSIGN(Graph g, BuildWalkingGraph(raw, {}));
  EXPECT_EQ(g.vertex_count(), 4u);
  EXPECT_EQ(g.arc_count(), 6u);
  EXPECT_TRUE(g.symmetric());
  // 111 m at 1.0 m/s is 1,110 deciseconds; 111.5 m rounds to 1,115.
  std::vector<Deciseconds> weights;
  for (const Arc& e : g.UndirectedEdges()) weights.push_back(e.w);
  std::sort(weights.begin(), weights.end());
  EXPECT_THAT(weights, ElementsAre(1110u, 1110u, 1115u));
  for (VertexId v = 0; v < g.vertex_count(); ++v) EXPECT_LT(g.Point(v).lat, 34.65);
}

TEST(BuildWalkingGraph, SpeedScalesTheWeights) {
  RawNetwork raw;
  raw.points = {{34.6, 119.17}, {34.601, 119.17}};
  raw.edges = {{0, 1, 100.0}};
  ASSERT_OK_AND_ASSIGN(Graph g, BuildWalkingGraph(raw, {.speed_mps = 1.25}));
  EXPECT_THAT(g.weight(), ElementsAre(800u, 800u));
}

TEST(BuildWalkingGraph, RefusesBadInput) {
  RawNetwork raw;
  raw.points = {{34.6, 119.17}, {34.601, 119.17}};
  EXPECT_THAT(BuildWalkingGraph(raw, {}), StatusIs(StatusCode::kFailedPrecondition));
  raw.edges = {{0, 2, 10.0}};
  EXPECT_THAT(BuildWalkingGraph(raw, {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("edge 0: point 2")));
  raw.edges = {{0, 1, -1.0}};
  EXPECT_THAT(BuildWalkingGraph(raw, {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("length")));
  raw.edges = {{0, 1, 10.0}};
  EXPECT_THAT(BuildWalkingGraph(raw, {.speed_mps = 0}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("speed")));
}

TEST(HilbertIndex, VisitsTheFourQuadrantsInCurveOrder) {
  const core::LatLon min{0, 0};
  const core::LatLon max{1, 1};
  // The order-1 curve: lower left, upper left, upper right, lower right.
  const std::uint32_t ll = HilbertIndex({0.1, 0.1}, min, max);
  const std::uint32_t ul = HilbertIndex({0.9, 0.1}, min, max);
  const std::uint32_t ur = HilbertIndex({0.9, 0.9}, min, max);
  const std::uint32_t lr = HilbertIndex({0.1, 0.9}, min, max);
  EXPECT_LT(ll, ul);
  EXPECT_LT(ul, ur);
  EXPECT_LT(ur, lr);
  EXPECT_EQ(HilbertIndex(min, min, max), 0u);
}

}  // namespace
}  // namespace alley::planning

namespace alley::planning {
namespace {

TEST(BuildDrivingGraph, KeepsOneWayStreetsOneWay) {
  RawNetwork raw;
  raw.points = {{34.6, 119.17}, {34.601, 119.17}, {34.602, 119.17}};
  raw.edges = {{0, 1, 100.0, /*oneway=*/true}, {1, 2, 100.0, false}};
  ASSERT_OK_AND_ASSIGN(Graph g, BuildDrivingGraph(raw, {.speed_mps = 10}));
  EXPECT_FALSE(g.symmetric());
  EXPECT_EQ(g.arc_count(), 3u);  // 0→1, 1→2, 2→1
  // 100 m at 10 m/s is 100 deciseconds.
  std::size_t out_of_middle = 0;
  for (VertexId v = 0; v < g.vertex_count(); ++v) {
    for (Deciseconds w : g.Weights(v)) EXPECT_EQ(w, 100u);
    if (g.Targets(v).size() == 2) ++out_of_middle;
  }
  EXPECT_EQ(out_of_middle, 0u);  // the middle point has only one way out: to 2
}

}  // namespace
}  // namespace alley::planning

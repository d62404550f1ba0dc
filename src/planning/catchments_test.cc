#include "planning/catchments.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;

std::vector<core::LatLon> Points(std::size_t n) {
  return std::vector<core::LatLon>(n, {34.6, 119.17});
}

// The map, weights in deciseconds:
//
//   0 —10— 1 —10— 2
//   |              |
//   30            5
//   |              |
//   3 ———— 40 ——— 4      5 (alone)
Graph Map() {
  const Arc arcs[] = {{0, 1, 10}, {1, 2, 10}, {0, 3, 30}, {2, 4, 5}, {3, 4, 40}};
  return *Graph::FromArcs(Points(6), arcs, true);
}

std::map<VertexId, Deciseconds> AsMap(std::span<const Reached> reached) {
  std::map<VertexId, Deciseconds> m;
  for (const Reached& r : reached) m[r.vertex] = r.time;
  return m;
}

TEST(BoundedSearch, SettlesWhatIsWithinTheLimitInclusive) {
  const Graph g = Map();
  BoundedSearch search(g);
  const Seed seeds[] = {{0, 0, 0}};
  EXPECT_EQ(AsMap(search.Run(seeds, 25)),
            (std::map<VertexId, Deciseconds>{{0, 0}, {1, 10}, {2, 20}, {4, 25}}));
  EXPECT_EQ(AsMap(search.Run(seeds, 30)),
            (std::map<VertexId, Deciseconds>{{0, 0}, {1, 10}, {2, 20}, {3, 30}, {4, 25}}));
  EXPECT_EQ(search.TimeTo(5), kUnreachable);
  // A second run forgets the first.
  const Seed from3[] = {{3, 0, 0}};
  EXPECT_EQ(AsMap(search.Run(from3, 5)), (std::map<VertexId, Deciseconds>{{3, 0}}));
  EXPECT_EQ(search.TimeTo(1), kUnreachable);
}

TEST(BoundedSearch, AnswersInAscendingTime) {
  const Graph g = Map();
  BoundedSearch search(g);
  const Seed seeds[] = {{0, 0, 0}};
  std::vector<Deciseconds> times;
  for (const Reached& r : search.Run(seeds, 1000)) times.push_back(r.time);
  EXPECT_THAT(times, ElementsAre(0u, 10u, 20u, 25u, 30u));
}

TEST(BoundedSearch, SeveralSeedsGiveTheNearestSeed) {
  // A facility part-way along 0–1 (3 from 0, 7 from 1), another at 4.
  const Graph g = Map();
  BoundedSearch search(g);
  const Seed seeds[] = {{0, 3, 7}, {1, 7, 7}, {4, 0, 9}};
  search.Run(seeds, 100);
  EXPECT_EQ(search.TimeTo(0), 3u);
  EXPECT_EQ(search.TimeTo(1), 7u);
  EXPECT_EQ(search.TimeTo(2), 5u);
  EXPECT_EQ(search.NearestSeed(2), 9u);
  EXPECT_EQ(search.NearestSeed(3), 7u);  // 33 via 0, 40 via 4
  EXPECT_EQ(search.TimeTo(3), 33u);
}

TEST(BoundedSearch, IgnoresSeedsPastTheLimit) {
  const Graph g = Map();
  BoundedSearch search(g);
  const Seed seeds[] = {{0, 50, 0}};
  EXPECT_TRUE(search.Run(seeds, 20).empty());
}

// Every vertex's time equals a plain Bellman–Ford's on random graphs.
TEST(BoundedSearch, AgreesWithBellmanFordOnRandomGraphs) {
  std::mt19937 random(7);
  for (int round = 0; round < 20; ++round) {
    const std::uint32_t n = 60;
    constexpr int kArcs = 150;
    std::vector<Arc> arcs;
    arcs.reserve(kArcs);
    for (int i = 0; i < kArcs; ++i) {
      arcs.push_back({static_cast<VertexId>(random() % n), static_cast<VertexId>(random() % n),
                      static_cast<Deciseconds>(random() % 50)});
    }
    const bool symmetric = round % 2 == 0;
    ASSERT_OK_AND_ASSIGN(Graph g, Graph::FromArcs(Points(n), arcs, symmetric));
    std::vector<std::uint64_t> d(n, UINT64_MAX);
    d[0] = 0;
    for (std::uint32_t pass = 0; pass < n; ++pass) {
      for (VertexId u = 0; u < n; ++u) {
        if (d[u] == UINT64_MAX) continue;
        for (std::size_t i = 0; i < g.Targets(u).size(); ++i) {
          d[g.Targets(u)[i]] = std::min(d[g.Targets(u)[i]], d[u] + g.Weights(u)[i]);
        }
      }
    }
    BoundedSearch search(g);
    const Seed seeds[] = {{0, 0, 0}};
    const Deciseconds limit = 60;
    search.Run(seeds, limit);
    for (VertexId v = 0; v < n; ++v) {
      const Deciseconds expected = d[v] <= limit ? static_cast<Deciseconds>(d[v]) : kUnreachable;
      EXPECT_EQ(search.TimeTo(v), expected) << "round " << round << " vertex " << v;
    }
  }
}

TEST(ReachAll, IsTheSameOnAnyNumberOfThreads) {
  const Graph g = Map();
  std::vector<std::vector<Seed>> sources = {{{0, 0, 0}}, {{3, 0, 0}}, {{5, 0, 0}}, {{2, 0, 0}}};
  ASSERT_OK_AND_ASSIGN(Catchments one, ReachAll(g, sources, 30, 1));
  ASSERT_OK_AND_ASSIGN(Catchments three, ReachAll(g, sources, 30, 3));
  EXPECT_EQ(one.first, three.first);
  EXPECT_EQ(one.vertex, three.vertex);
  EXPECT_EQ(one.time, three.time);
  ASSERT_EQ(one.first.size(), 5u);
  // Source 0's row, ascending vertex.
  EXPECT_EQ(std::vector<VertexId>(one.vertex.begin(),
                                  one.vertex.begin() + static_cast<long>(one.first[1])),
            (std::vector<VertexId>{0, 1, 2, 3, 4}));
  // The lone vertex reaches only itself.
  EXPECT_EQ(one.first[3] - one.first[2], 1u);
}

TEST(ReachAll, RefusesASeedOutsideTheGraph) {
  const Graph g = Map();
  std::vector<std::vector<Seed>> sources = {{{6, 0, 0}}};
  EXPECT_THAT(ReachAll(g, sources, 30, 1), StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace alley::planning

#include "planning/snap.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <utility>
#include <vector>

#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;

constexpr core::LatLon kOrigin{34.6, 119.17};

// A street 0 —— 1 of 200 m running east, and 1 —— 2 of 200 m running north.
Graph Ell() {
  const std::vector<core::LatLon> points = {kOrigin, core::OffsetMeters(kOrigin, 200, 0),
                                            core::OffsetMeters(kOrigin, 200, 200)};
  const Arc arcs[] = {{0, 1, 2000}, {1, 2, 2000}};
  return *Graph::FromArcs(points, arcs, true);
}

TEST(Snapper, PutsAPlaceOnTheNearestPointOfTheNearestStreet) {
  const Graph g = Ell();
  const Snapper snapper(g);
  // 50 m east of 0 and 30 m north of the street.
  ASSERT_OK_AND_ASSIGN(Snapped s, snapper.Snap(core::OffsetMeters(kOrigin, 50, 30), 500));
  EXPECT_EQ(std::min(s.a, s.b), 0u);
  EXPECT_EQ(std::max(s.a, s.b), 1u);
  EXPECT_NEAR(s.offset_m, 30, 0.05);
  const Deciseconds to0 = s.a == 0 ? s.to_a : s.to_b;
  const Deciseconds to1 = s.a == 0 ? s.to_b : s.to_a;
  EXPECT_EQ(to0, 300u + 500u);   // 30 m to the street, then 50 m along it
  EXPECT_EQ(to1, 300u + 1500u);  // 30 m, then 150 m
}

TEST(Snapper, FindsTheOtherStreetWhenItIsNearer) {
  const Graph g = Ell();
  const Snapper snapper(g);
  ASSERT_OK_AND_ASSIGN(Snapped s, snapper.Snap(core::OffsetMeters(kOrigin, 230, 150), 500));
  EXPECT_EQ(std::min(s.a, s.b), 1u);
  EXPECT_EQ(std::max(s.a, s.b), 2u);
  EXPECT_NEAR(s.offset_m, 30, 0.05);
}

TEST(Snapper, RefusesAPlaceTooFarOrInvalid) {
  const Graph g = Ell();
  const Snapper snapper(g);
  EXPECT_THAT(snapper.Snap(core::OffsetMeters(kOrigin, 100, -900), 500),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(snapper.Snap({91, 0}, 500), StatusIs(StatusCode::kInvalidArgument));
  // Far outside the grid of cells altogether.
  EXPECT_THAT(snapper.Snap({30.0, 110.0}, 500), StatusIs(StatusCode::kNotFound));
}

TEST(Snapper, AFarPlaceIsFoundWhenTheLimitAllows) {
  const Graph g = Ell();
  const Snapper snapper(g);
  ASSERT_OK_AND_ASSIGN(Snapped s, snapper.Snap(core::OffsetMeters(kOrigin, 100, -900), 2000));
  EXPECT_NEAR(s.offset_m, 900, 1);
}

// A dense street lattice (6 m blocks, jittered, so the index's cells are
// small) with one long diagonal street across it: every place's snap is the
// nearest of all edges, checked by brute force on the same plane.
TEST(Snapper, SnapAllIsTheNearestEdgeOnADenseNetworkAndEqualsSnap) {
  constexpr std::uint32_t kSide = 30;
  std::uint64_t state = 99;
  auto jitter = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 40) / static_cast<double>(1ULL << 24) - 0.5;
  };
  std::vector<core::LatLon> points;
  std::vector<Arc> arcs;
  for (std::uint32_t y = 0; y < kSide; ++y) {
    for (std::uint32_t x = 0; x < kSide; ++x) {
      points.push_back(core::OffsetMeters(kOrigin, 6.0 * x + jitter(), 6.0 * y + jitter()));
      const VertexId v = y * kSide + x;
      if (x + 1 < kSide) arcs.push_back({v, v + 1, 60});
      if (y + 1 < kSide) arcs.push_back({v, v + kSide, 60});
    }
  }
  arcs.push_back({0, kSide * kSide - 1, 2500});  // the long diagonal
  ASSERT_OK_AND_ASSIGN(Graph g, Graph::FromArcs(points, arcs, true));
  const Snapper snapper(g);

  // The Snapper's plane: equirectangular around the bounding box's centre.
  core::LatLon lo{90, 180}, hi{-90, -180};
  for (const core::LatLon& p : g.points()) {
    lo = {std::min(lo.lat, p.lat), std::min(lo.lon, p.lon)};
    hi = {std::max(hi.lat, p.lat), std::max(hi.lon, p.lon)};
  }
  const core::LatLon centre{(lo.lat + hi.lat) / 2, (lo.lon + hi.lon) / 2};
  const double per_lat = core::kEarthRadiusMeters * std::numbers::pi / 180;
  const double per_lon = per_lat * std::cos(centre.lat * std::numbers::pi / 180);
  auto xy = [&](core::LatLon p) {
    return std::pair{(p.lon - centre.lon) * per_lon, (p.lat - centre.lat) * per_lat};
  };
  auto nearest = [&](core::LatLon p) {
    const auto [px, py] = xy(p);
    double best = std::numeric_limits<double>::infinity();
    for (const Arc& e : g.UndirectedEdges()) {
      const auto [ax, ay] = xy(g.Point(e.u));
      const auto [bx, by] = xy(g.Point(e.v));
      const double dx = bx - ax, dy = by - ay;
      const double t =
          std::clamp(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
      best = std::min(best, std::hypot(px - (ax + t * dx), py - (ay + t * dy)));
    }
    return best;
  };

  std::vector<core::LatLon> places;
  places.reserve(402);
  for (int k = 0; k < 400; ++k) {
    places.push_back(
        core::OffsetMeters(kOrigin, 200 * (jitter() + 0.5) - 10, 200 * (jitter() + 0.5) - 10));
  }
  places.push_back(core::OffsetMeters(kOrigin, -300, -300));  // past the limit
  places.push_back({91, 0});                                  // not a coordinate
  const std::vector<StatusOr<Snapped>> all = snapper.SnapAll(places, 250, 2);
  ASSERT_EQ(all.size(), places.size());
  for (std::size_t i = 0; i < places.size(); ++i) {
    const StatusOr<Snapped> one = snapper.Snap(places[i], 250);
    ASSERT_EQ(all[i].ok(), one.ok()) << i;
    if (!one.ok()) {
      EXPECT_EQ(all[i].status().code(), one.status().code());
      continue;
    }
    EXPECT_EQ(all[i]->a, one->a);
    EXPECT_EQ(all[i]->b, one->b);
    EXPECT_EQ(all[i]->to_a, one->to_a);
    EXPECT_EQ(all[i]->to_b, one->to_b);
    EXPECT_EQ(all[i]->offset_m, one->offset_m);
    EXPECT_NEAR(one->offset_m, nearest(places[i]), 1e-6) << i;
  }
  EXPECT_THAT(all[places.size() - 2], StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(all[places.size() - 1], StatusIs(StatusCode::kInvalidArgument));
}

TEST(TimeFrom, WalksFromTheNearerEnd) {
  const Graph g = Ell();
  const Snapper snapper(g);
  ASSERT_OK_AND_ASSIGN(Snapped facility, snapper.Snap(core::OffsetMeters(kOrigin, 0, 10), 500));
  ASSERT_OK_AND_ASSIGN(Snapped home, snapper.Snap(core::OffsetMeters(kOrigin, 210, 100), 500));
  BoundedSearch search(g);
  const auto seeds = SeedsOf(facility, 0);
  search.Run(seeds, 10'000);
  // 10 m to the street at 0, 200 m to 1, 100 m north, 10 m to the home.
  EXPECT_EQ(TimeFrom(search, home), 100u + 2000u + 1000u + 100u);
  search.Run(seeds, 2000);
  EXPECT_EQ(TimeFrom(search, home), kUnreachable);
}

}  // namespace
}  // namespace alley::planning

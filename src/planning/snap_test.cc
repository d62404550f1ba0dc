#include "planning/snap.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

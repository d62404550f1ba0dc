#include "planning/plan_geojson.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

// A row of three crossings 100 m apart going east, and a fourth 100 m north
// of the first:
//
//   3
//   |
//   0 — 1 — 2        (each street 1,000 ds = 100 s)
Graph Row() {
  const core::LatLon origin{34.6, 119.17};
  std::vector<core::LatLon> points = {origin, core::OffsetMeters(origin, 100, 0),
                                      core::OffsetMeters(origin, 200, 0),
                                      core::OffsetMeters(origin, 0, 100)};
  const Arc arcs[] = {{0, 1, 1000}, {1, 2, 1000}, {0, 3, 1000}};
  return *Graph::FromArcs(std::move(points), arcs, true);
}

TEST(ParseLatLonBox, ReadsMinLonMinLatMaxLonMaxLat) {
  ASSERT_OK_AND_ASSIGN(LatLonBox box, ParseLatLonBox("119.1,34.5,119.2,34.7", "bbox"));
  EXPECT_DOUBLE_EQ(box.min.lon, 119.1);
  EXPECT_DOUBLE_EQ(box.min.lat, 34.5);
  EXPECT_DOUBLE_EQ(box.max.lon, 119.2);
  EXPECT_DOUBLE_EQ(box.max.lat, 34.7);
}

TEST(ParseLatLonBox, RefusesWhatIsNotABox) {
  EXPECT_THAT(ParseLatLonBox("119.1,34.5,119.2", "bbox"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("four numbers")));
  EXPECT_THAT(ParseLatLonBox("119.1,x,119.2,34.7", "bbox"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"x\" is not a number")));
  EXPECT_THAT(ParseLatLonBox("119.2,34.5,119.1,34.7", "bbox"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not a box")));
  EXPECT_THAT(ParseLatLonBox("119.1,34.5,200,34.7", "bbox"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not a box")));
}

TEST(NetworkGeoJson, EveryStreetOnceAsALineStringOfLonLat) {
  const Graph g = Row();
  ASSERT_OK_AND_ASSIGN(nlohmann::json j, NetworkGeoJson(g, std::nullopt, 100));
  EXPECT_EQ(j["type"], "FeatureCollection");
  ASSERT_EQ(j["features"].size(), 3u);
  for (const nlohmann::json& f : j["features"]) {
    EXPECT_EQ(f["type"], "Feature");
    EXPECT_EQ(f["geometry"]["type"], "LineString");
    EXPECT_LT(f["properties"]["u"].get<int>(), f["properties"]["v"].get<int>());
    EXPECT_DOUBLE_EQ(f["properties"]["minutes"].get<double>(), 100.0 / 60.0);
    const nlohmann::json& a = f["geometry"]["coordinates"][0];
    const auto u = f["properties"]["u"].get<VertexId>();
    EXPECT_DOUBLE_EQ(a[0].get<double>(), g.Point(u).lon) << "longitude first";
    EXPECT_DOUBLE_EQ(a[1].get<double>(), g.Point(u).lat);
  }
}

TEST(NetworkGeoJson, ABoxKeepsStreetsWithAnEndInsideIt) {
  const Graph g = Row();
  // Around vertex 2 only: the street 1–2 has an end in it, the others none.
  const core::LatLon p2 = g.Point(2);
  const LatLonBox box{{p2.lat - 0.0001, p2.lon - 0.0001}, {p2.lat + 0.0001, p2.lon + 0.0001}};
  ASSERT_OK_AND_ASSIGN(nlohmann::json j, NetworkGeoJson(g, box, 100));
  ASSERT_EQ(j["features"].size(), 1u);
  const nlohmann::json& p = j["features"][0]["properties"];
  EXPECT_EQ(p["u"].get<int>() + p["v"].get<int>(), 3) << p.dump();
}

TEST(NetworkGeoJson, TooManyStreetsAsksToZoomIn) {
  EXPECT_THAT(NetworkGeoJson(Row(), std::nullopt, 2),
              StatusIs(StatusCode::kResourceExhausted, HasSubstr("zoom in")));
  EXPECT_OK(NetworkGeoJson(Row(), std::nullopt, 3));
}

TEST(NetworkGeoJson, RefusesADirectedGraph) {
  const Arc arcs[] = {{0, 1, 10}};
  ASSERT_OK_AND_ASSIGN(Graph g, Graph::FromArcs({{34.6, 119.1}, {34.6, 119.2}}, arcs, false));
  EXPECT_THAT(NetworkGeoJson(g, std::nullopt, 10), StatusIs(StatusCode::kInvalidArgument));
}

TEST(CatchmentGeoJson, StreetsWithBothEndsWithinTheLimitAndTheSite) {
  const Graph g = Row();
  BoundedSearch search(g);
  const Seed seeds[] = {{0, 0, 0}};
  // 150 s: vertices 0 (0), 1 (100 s) and 3 (100 s); 2 is 200 s away.
  const Deciseconds limit = 1500;
  const Site site{7, "320706006010", "海连托育", {34.6, 119.17}, 30};
  const nlohmann::json j = CatchmentGeoJson(g, search.Run(seeds, limit), limit, site);
  EXPECT_EQ(j["type"], "FeatureCollection");
  EXPECT_EQ(j["vertices"], 3);
  EXPECT_DOUBLE_EQ(j["minutes"].get<double>(), 2.5);
  ASSERT_EQ(j["features"].size(), 3u);  // 0–1, 0–3 and the site
  for (std::size_t i = 0; i < 2; ++i) {
    const nlohmann::json& p = j["features"][i]["properties"];
    EXPECT_DOUBLE_EQ(p["minutes_u"].get<double>(), 0);
    EXPECT_NEAR(p["minutes_v"].get<double>(), 100.0 / 60.0, 1e-9);
    EXPECT_NEAR(p["minutes"].get<double>(), 100.0 / 60.0, 1e-9);
  }
  const nlohmann::json& last = j["features"][2];
  EXPECT_EQ(last["geometry"]["type"], "Point");
  EXPECT_EQ(last["properties"]["kind"], "facility");
  EXPECT_EQ(last["properties"]["id"], 7);
  EXPECT_EQ(last["properties"]["name"], "海连托育");
}

TEST(PlanRunGeoJson, HomesAndFacilitiesAsPoints) {
  PlanRun run;
  run.norm = &NormFor(registry::FacilityType::kNursery);
  run.threshold_ds = 3000;
  PlanHome near;
  near.unit_code = "320706006010001";
  near.building = "1号楼";
  near.at = {34.6, 119.17};
  near.residents = 12;
  near.target = 1;
  near.snapped = true;
  near.nearest_ds = 1200;
  near.access = 0.5;
  PlanHome far = near;
  far.building = "2号楼";
  far.nearest_ds = kUnreachable;
  far.snapped = false;
  run.homes = {near, far};
  PlanFacility f;
  f.site = {3, "320706006010", "托育园", {34.61, 119.18}, 40};
  f.supply = 40;
  f.snapped = true;
  run.facilities = {f};

  const nlohmann::json j = PlanRunGeoJson(run);
  ASSERT_EQ(j["features"].size(), 3u);
  const nlohmann::json& h0 = j["features"][0];
  EXPECT_EQ(h0["geometry"]["coordinates"], nlohmann::json::array({119.17, 34.6}));
  EXPECT_EQ(h0["properties"]["kind"], "home");
  EXPECT_EQ(h0["properties"]["residents"], 12);
  EXPECT_EQ(h0["properties"]["covered"], true);
  EXPECT_DOUBLE_EQ(h0["properties"]["nearest_minutes"].get<double>(), 2);
  const nlohmann::json& h1 = j["features"][1];
  EXPECT_EQ(h1["properties"]["covered"], false);
  EXPECT_TRUE(h1["properties"]["nearest_minutes"].is_null());
  const nlohmann::json& fa = j["features"][2];
  EXPECT_EQ(fa["properties"]["kind"], "facility");
  EXPECT_EQ(fa["properties"]["id"], 3);
  EXPECT_EQ(fa["properties"]["capacity"], 40);

  // A proposal's sites follow, as Points of their own kind.
  PlanProposal proposal;
  proposal.sites = {{9, "320706006010", "盐河南岸空地", {34.594, 119.171}, 60}};
  run.proposal = proposal;
  const nlohmann::json with = PlanRunGeoJson(run);
  ASSERT_EQ(with["features"].size(), 4u);
  EXPECT_EQ(with["features"][3]["properties"]["kind"], "proposed_site");
  EXPECT_EQ(with["features"][3]["properties"]["name"], "盐河南岸空地");
  EXPECT_EQ(with["features"][3]["geometry"]["coordinates"],
            nlohmann::json::array({119.171, 34.594}));
}

}  // namespace
}  // namespace alley::planning

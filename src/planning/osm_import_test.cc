#include "planning/osm_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/geo.h"
#include "core/status_matchers.h"

namespace alley::planning {
namespace {

namespace fs = std::filesystem;
using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

using Tags = std::vector<std::pair<std::string, std::string>>;

// A hand-drawn map near Monaco's harbour, 0.001° apart (≈ 111 m north,
// ≈ 80 m east):
//
//   4 ---- 3          north
//   |      |
//   1 ---- 2 ---- 5
//
// Node 9 is far outside any test's box; node 99 is referenced but not in the file.
std::string Nodes() {
  return "  <node id='1' lat='43.7300' lon='7.4200'/>\n"
         "  <node id='2' lat='43.7300' lon='7.4210'/>\n"
         "  <node id='3' lat='43.7310' lon='7.4210'/>\n"
         "  <node id='4' lat='43.7310' lon='7.4200'/>\n"
         "  <node id='5' lat='43.7300' lon='7.4220'/>\n"
         "  <node id='9' lat='43.9000' lon='7.9000'/>\n";
}

std::string Way(int id, const std::vector<int>& nodes, const Tags& tags) {
  std::string xml = "  <way id='" + std::to_string(id) + "'>\n";
  for (int n : nodes) xml += "    <nd ref='" + std::to_string(n) + "'/>\n";
  for (const auto& [k, v] : tags) xml += "    <tag k='" + k + "' v='" + v + "'/>\n";
  return xml + "  </way>\n";
}

std::string Osm(const std::string& body) {
  return "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='alley test'>\n" +
         body + "</osm>\n";
}

StatusOr<OsmImport> ReadXml(const std::string& ways, OsmOptions options = {}) {
  return ReadOsmNetworkFromBuffer(Osm(Nodes() + ways), "xml", options);
}

OsmOptions Drive() { return OsmOptions{.mode = OsmMode::kDrive}; }

TEST(ReadOsmNetwork, AFootwayBecomesPointsAndEdgesWithHaversineLengths) {
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(Way(10, {1, 2, 3}, {{"highway", "footway"}})));
  const RawNetwork& net = got.network;
  ASSERT_EQ(net.points.size(), 3u);
  ASSERT_EQ(net.edges.size(), 2u);
  EXPECT_DOUBLE_EQ(net.points[0].lat, 43.73);
  EXPECT_DOUBLE_EQ(net.points[0].lon, 7.42);
  EXPECT_EQ(net.edges[0].a, 0u);
  EXPECT_EQ(net.edges[0].b, 1u);
  EXPECT_EQ(net.edges[1].a, 1u);
  EXPECT_EQ(net.edges[1].b, 2u);
  EXPECT_DOUBLE_EQ(net.edges[0].length_m, core::HaversineMeters(net.points[0], net.points[1]));
  EXPECT_NEAR(net.edges[0].length_m, 80.5, 0.5);   // 0.001° of longitude at 43.73°N
  EXPECT_NEAR(net.edges[1].length_m, 111.2, 0.5);  // 0.001° of latitude
  EXPECT_FALSE(net.edges[0].oneway);
  EXPECT_EQ(got.stats.nodes_read, 6u);
  EXPECT_EQ(got.stats.ways_read, 1u);
  EXPECT_EQ(got.stats.ways_kept, 1u);
  EXPECT_EQ(got.stats.segments_kept, 2u);
}

TEST(ReadOsmNetwork, EveryWalkableHighwayClassIsKept) {
  const char* walkable[] = {"footway",        "path",        "pedestrian",    "steps",
                            "living_street",  "residential", "service",       "unclassified",
                            "road",           "track",       "cycleway",      "corridor",
                            "bridleway",      "tertiary",    "tertiary_link", "secondary",
                            "secondary_link", "primary",     "primary_link"};
  for (const char* highway : walkable) {
    ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(Way(10, {1, 2}, {{"highway", highway}})));
    EXPECT_EQ(got.network.edges.size(), 1u) << highway;
  }
}

TEST(ReadOsmNetwork, AMotorwayIsNotWalkable) {
  const std::string ways = Way(10, {1, 2}, {{"highway", "footway"}}) +
                           Way(11, {2, 5}, {{"highway", "motorway"}}) +
                           Way(12, {3, 4}, {{"highway", "motorway_link"}});
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(ways));
  EXPECT_EQ(got.network.edges.size(), 1u);
  EXPECT_EQ(got.network.points.size(), 2u);
  EXPECT_EQ(got.stats.ways_kept, 1u);
  EXPECT_EQ(got.stats.ways_skipped, 2u);
}

TEST(ReadOsmNetwork, OnlyMotorwaysIsNoWalkableWay) {
  EXPECT_THAT(ReadXml(Way(11, {2, 5}, {{"highway", "motorway"}})),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("no walkable way")));
}

TEST(ReadOsmNetwork, ATrunkIsWalkableOnlyWithFootYes) {
  EXPECT_THAT(ReadXml(Way(10, {1, 2}, {{"highway", "trunk"}})),
              StatusIs(StatusCode::kFailedPrecondition));
  for (const char* foot : {"yes", "designated", "permissive"}) {
    ASSERT_OK_AND_ASSIGN(OsmImport got,
                         ReadXml(Way(10, {1, 2}, {{"highway", "trunk"}, {"foot", foot}})));
    EXPECT_EQ(got.network.edges.size(), 1u) << foot;
  }
}

TEST(ReadOsmNetwork, FootNoAndUseSidepathAreNotWalkable) {
  const std::string ways = Way(10, {1, 2}, {{"highway", "residential"}, {"foot", "no"}}) +
                           Way(11, {2, 3}, {{"highway", "primary"}, {"foot", "use_sidepath"}}) +
                           Way(12, {3, 4}, {{"highway", "residential"}});
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(ways));
  EXPECT_EQ(got.network.edges.size(), 1u);
  EXPECT_EQ(got.stats.ways_skipped, 2u);
  // A street closed to pedestrians is still a street for cars.
  ASSERT_OK_AND_ASSIGN(OsmImport drive, ReadXml(ways, Drive()));
  EXPECT_EQ(drive.network.edges.size(), 3u);
}

TEST(ReadOsmNetwork, PrivateAccessNeedsFootYes) {
  const std::string ways =
      Way(10, {1, 2}, {{"highway", "service"}, {"access", "private"}}) +
      Way(11, {2, 3}, {{"highway", "footway"}, {"access", "no"}}) +
      Way(12, {3, 4}, {{"highway", "service"}, {"access", "private"}, {"foot", "yes"}});
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(ways));
  ASSERT_EQ(got.network.edges.size(), 1u);
  EXPECT_EQ(got.stats.ways_kept, 1u);
  EXPECT_EQ(got.stats.ways_skipped, 2u);
  EXPECT_DOUBLE_EQ(got.network.points[got.network.edges[0].a].lat, 43.731);  // way 12: 3 → 4
}

TEST(ReadOsmNetwork, AreasPlatformsAndRoadsNotBuiltAreSkipped) {
  const std::string ways = Way(10, {1, 2, 3, 4, 1}, {{"highway", "pedestrian"}, {"area", "yes"}}) +
                           Way(11, {1, 2}, {{"highway", "platform"}}) +
                           Way(12, {2, 5}, {{"highway", "construction"}, {"foot", "yes"}}) +
                           Way(13, {3, 4}, {{"highway", "proposed"}}) +
                           Way(14, {1, 4}, {{"highway", "footway"}});
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(ways));
  EXPECT_EQ(got.network.edges.size(), 1u);
  EXPECT_EQ(got.stats.ways_kept, 1u);
  EXPECT_EQ(got.stats.ways_skipped, 4u);
}

TEST(ReadOsmNetwork, AClosedFootwayWithoutAreaIsARing) {
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(Way(10, {1, 2, 3, 4, 1}, {{"highway", "footway"}})));
  EXPECT_EQ(got.network.points.size(), 4u);
  ASSERT_EQ(got.network.edges.size(), 4u);
  EXPECT_EQ(got.network.edges[3].b, got.network.edges[0].a);
}

TEST(ReadOsmNetwork, WaysWithoutAHighwayAreNotConsidered) {
  const std::string ways = Way(10, {1, 2, 3, 4, 1}, {{"building", "yes"}}) +
                           Way(11, {2, 5}, {{"waterway", "stream"}, {"foot", "yes"}}) +
                           Way(12, {1, 4}, {{"highway", "steps"}});
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(ways));
  EXPECT_EQ(got.network.edges.size(), 1u);
  EXPECT_EQ(got.stats.ways_read, 3u);
  EXPECT_EQ(got.stats.ways_not_highway, 2u);
  EXPECT_EQ(got.stats.ways_skipped, 0u);
  EXPECT_THAT(ReadXml(Way(10, {1, 2, 3, 4, 1}, {{"building", "yes"}})),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("1 ways read")));
}

TEST(ReadOsmNetwork, OneWayDoesNotBindPedestrians) {
  const std::string ways = Way(10, {1, 2}, {{"highway", "residential"}, {"oneway", "yes"}}) +
                           Way(11, {2, 5}, {{"highway", "residential"}, {"oneway", "-1"}});
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(ways));
  ASSERT_EQ(got.network.edges.size(), 2u);
  for (const RawNetwork::Edge& e : got.network.edges) {
    EXPECT_FALSE(e.oneway);
    EXPECT_LT(e.a, e.b);  // in the way's order, not reversed
  }
}

TEST(ReadOsmNetwork, DrivingKeepsOneWayAndReversesMinusOne) {
  const std::string ways = Way(10, {1, 2}, {{"highway", "residential"}, {"oneway", "yes"}}) +
                           Way(11, {2, 5}, {{"highway", "residential"}, {"oneway", "-1"}}) +
                           Way(12, {5, 3}, {{"highway", "residential"}}) +
                           Way(13, {3, 4}, {{"highway", "residential"}, {"oneway", "no"}});
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(ways, Drive()));
  const RawNetwork& net = got.network;
  ASSERT_EQ(net.points.size(), 5u);  // 1, 2, 5, 3, 4 → 0..4
  ASSERT_EQ(net.edges.size(), 4u);
  EXPECT_TRUE(net.edges[0].oneway);
  EXPECT_EQ(net.edges[0].a, 0u);  // 1 → 2
  EXPECT_EQ(net.edges[0].b, 1u);
  EXPECT_TRUE(net.edges[1].oneway);
  EXPECT_EQ(net.edges[1].a, 2u);  // 5 → 2: reversed
  EXPECT_EQ(net.edges[1].b, 1u);
  EXPECT_FALSE(net.edges[2].oneway);
  EXPECT_FALSE(net.edges[3].oneway);
}

TEST(ReadOsmNetwork, MotorwaysAndRoundaboutsAreOneWayUnlessTaggedOtherwise) {
  const std::string ways =
      Way(10, {1, 2}, {{"highway", "motorway"}}) +
      Way(11, {2, 3, 4}, {{"highway", "tertiary"}, {"junction", "roundabout"}}) +
      Way(12, {4, 1}, {{"highway", "motorway"}, {"oneway", "no"}});
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(ways, Drive()));
  ASSERT_EQ(got.network.edges.size(), 4u);
  EXPECT_TRUE(got.network.edges[0].oneway);
  EXPECT_TRUE(got.network.edges[1].oneway);
  EXPECT_TRUE(got.network.edges[2].oneway);
  EXPECT_FALSE(got.network.edges[3].oneway);
}

TEST(ReadOsmNetwork, DrivingSkipsFootwaysAndClosedRoads) {
  const std::string ways = Way(10, {1, 2}, {{"highway", "footway"}}) +
                           Way(11, {2, 3}, {{"highway", "steps"}}) +
                           Way(12, {3, 4}, {{"highway", "residential"}, {"motor_vehicle", "no"}}) +
                           Way(13, {4, 1}, {{"highway", "service"}, {"access", "private"}}) +
                           Way(14, {2, 5}, {{"highway", "trunk_link"}});
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(ways, Drive()));
  EXPECT_EQ(got.network.edges.size(), 1u);
  EXPECT_EQ(got.stats.ways_skipped, 4u);
  EXPECT_THAT(ReadXml(Way(10, {1, 2}, {{"highway", "footway"}}), Drive()),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("no drivable way")));
}

TEST(ReadOsmNetwork, ANodeSharedByWaysIsOnePoint) {
  const std::string ways = Way(10, {1, 2}, {{"highway", "footway"}}) +
                           Way(11, {2, 3}, {{"highway", "residential"}}) +
                           Way(12, {5, 2}, {{"highway", "path"}});
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(ways));
  const RawNetwork& net = got.network;
  EXPECT_EQ(net.points.size(), 4u);
  ASSERT_EQ(net.edges.size(), 3u);
  EXPECT_EQ(net.edges[0].b, net.edges[1].a);
  EXPECT_EQ(net.edges[0].b, net.edges[2].b);
}

TEST(ReadOsmNetwork, ABoxKeepsTheSegmentsWithBothNodesInside) {
  // The box holds nodes 1..4 (its edges included) but not 5 nor 9.
  const OsmOptions boxed{.bbox = LatLonBox{{43.7300, 7.4200}, {43.7310, 7.4210}}};
  const std::string ways =
      Way(10, {4, 1, 2, 5}, {{"highway", "footway"}}) + Way(11, {3, 9}, {{"highway", "footway"}});
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(ways, boxed));
  EXPECT_EQ(got.network.points.size(), 3u);  // 4, 1, 2
  EXPECT_EQ(got.network.edges.size(), 2u);
  EXPECT_EQ(got.stats.segments_outside_bbox, 2u);
  EXPECT_EQ(got.stats.ways_kept, 2u);
  for (core::LatLon p : got.network.points) {
    EXPECT_GE(p.lat, 43.7300);
    EXPECT_LE(p.lon, 7.4210);
  }
}

TEST(ReadOsmNetwork, ABoxWithNothingInsideLeavesNoSegment) {
  const OsmOptions far{.bbox = LatLonBox{{10, 10}, {11, 11}}};
  EXPECT_THAT(ReadXml(Way(10, {1, 2}, {{"highway", "footway"}}), far),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("1 lie outside the bbox")));
}

TEST(ReadOsmNetwork, AnInvalidBoxIsRefused) {
  const std::string ways = Way(10, {1, 2}, {{"highway", "footway"}});
  EXPECT_THAT(ReadXml(ways, {.bbox = LatLonBox{{43.8, 7.4}, {43.7, 7.5}}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("south-west")));
  EXPECT_THAT(ReadXml(ways, {.bbox = LatLonBox{{43.7, 7.4}, {93.0, 7.5}}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("bbox")));
  EXPECT_THAT(ReadXml(ways, {.bbox = LatLonBox{{NAN, 7.4}, {43.8, 7.5}}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("bbox")));
}

TEST(ReadOsmNetwork, ASegmentWithAMissingNodeIsDroppedAndCounted) {
  // Node 99 is not in the file, as when a way leaves the extract.
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(Way(10, {1, 2, 99, 3, 4}, {{"highway", "footway"}})));
  EXPECT_EQ(got.network.points.size(), 4u);
  EXPECT_EQ(got.network.edges.size(), 2u);  // 1-2 and 3-4
  EXPECT_EQ(got.stats.segments_missing_node, 2u);
  EXPECT_THAT(ReadXml(Way(10, {98, 99}, {{"highway", "footway"}})),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("1 lack a node")));
}

TEST(ReadOsmNetwork, ARepeatedNodeIsNoEdge) {
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadXml(Way(10, {1, 2, 2, 3}, {{"highway", "footway"}})));
  EXPECT_EQ(got.network.edges.size(), 2u);
  EXPECT_EQ(got.stats.segments_same_point, 1u);
}

TEST(ReadOsmNetwork, NodesOnTheSameSpotAreOnePoint) {
  // Node 6 lies exactly on node 2 without being it: the ways join there.
  const std::string xml =
      Osm(Nodes() + "  <node id='6' lat='43.7300' lon='7.4210'/>\n" +
          Way(10, {1, 2}, {{"highway", "footway"}}) + Way(11, {6, 3}, {{"highway", "footway"}}) +
          Way(12, {5, 6, 2}, {{"highway", "footway"}}));
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadOsmNetworkFromBuffer(xml, "xml", {}));
  EXPECT_EQ(got.network.points.size(), 4u);  // 1, 2 = 6, 3, 5
  ASSERT_EQ(got.network.edges.size(), 3u);
  EXPECT_EQ(got.network.edges[0].b, got.network.edges[1].a);
  EXPECT_EQ(got.stats.segments_same_point, 1u);  // 6 → 2 has no length
  for (const RawNetwork::Edge& e : got.network.edges) EXPECT_GT(e.length_m, 0);
}

TEST(ReadOsmNetwork, NegativeIdsFromAnEditorAreRead) {
  const std::string xml =
      Osm("  <node id='-1' lat='43.7300' lon='7.4200'/>\n"
          "  <node id='-2' lat='43.7300' lon='7.4210'/>\n"
          "  <node id='3' lat='43.7310' lon='7.4210'/>\n" +
          Way(-5, {-1, -2, 3}, {{"highway", "footway"}}));
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadOsmNetworkFromBuffer(xml, "xml", {}));
  EXPECT_EQ(got.network.points.size(), 3u);
  EXPECT_EQ(got.network.edges.size(), 2u);
}

// The shared data folder's OpenStreetMap extract of Monaco, or nullopt.
std::optional<fs::path> MonacoPath() {
  const char* shared = std::getenv("ALLEY_SHARED_DATA");
  if (shared == nullptr || *shared == '\0') return std::nullopt;
  fs::path path = fs::path(shared) / "osm" / "monaco.osm.pbf";
  if (!fs::exists(path)) return std::nullopt;
  return path;
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class ReadOsmFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("alley_osm_import_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }

  fs::path dir_;
};

TEST_F(ReadOsmFileTest, AMissingFileIsNotFoundByName) {
  const std::string path = (dir_ / "nowhere.osm.pbf").string();
  EXPECT_THAT(ReadOsmNetwork(path, {}), StatusIs(StatusCode::kNotFound, HasSubstr(path)));
  EXPECT_THAT(ReadOsmNetwork(dir_.string(), {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("directory")));
}

TEST_F(ReadOsmFileTest, AnXmlFileIsRead) {
  const std::string path =
      Write("small.osm", Osm(Nodes() + Way(10, {1, 2, 3}, {{"highway", "footway"}})));
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadOsmNetwork(path, {}));
  EXPECT_EQ(got.network.edges.size(), 2u);
}

TEST_F(ReadOsmFileTest, AGzippedXmlFileIsRead) {
  const std::string xml = Osm(Nodes() + Way(10, {1, 2, 3}, {{"highway", "footway"}}));
  const std::string path = (dir_ / "small.osm.gz").string();
  gzFile gz = gzopen(path.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  ASSERT_EQ(gzwrite(gz, xml.data(), static_cast<unsigned>(xml.size())),
            static_cast<int>(xml.size()));
  ASSERT_EQ(gzclose(gz), Z_OK);
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadOsmNetwork(path, {}));
  EXPECT_EQ(got.network.edges.size(), 2u);
}

TEST_F(ReadOsmFileTest, ANonOsmFileIsAnError) {
  const std::string text = "name,lat,lon\nharbour,43.73,7.42\n";
  const std::string pbf = Write("notes.osm.pbf", text);
  EXPECT_THAT(ReadOsmNetwork(pbf, {}), StatusIs(StatusCode::kDataLoss, HasSubstr(pbf + ": ")));
  const std::string xml = Write("notes.osm", text);
  EXPECT_THAT(ReadOsmNetwork(xml, {}), StatusIs(StatusCode::kDataLoss, HasSubstr(xml + ": ")));
  const std::string csv = Write("notes.csv", text);
  EXPECT_THAT(ReadOsmNetwork(csv, {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr(csv + ": ")));
}

TEST(ReadOsmNetworkFromBuffer, NonOsmBytesAreAnError) {
  const std::string text = "name,lat,lon\nharbour,43.73,7.42\n";
  EXPECT_THAT(ReadOsmNetworkFromBuffer(text, "pbf", {}),
              StatusIs(StatusCode::kDataLoss, HasSubstr("pbf buffer: ")));
  EXPECT_THAT(ReadOsmNetworkFromBuffer(text, "xml", {}),
              StatusIs(StatusCode::kDataLoss, HasSubstr("xml buffer: ")));
  EXPECT_THAT(ReadOsmNetworkFromBuffer("<osm version='0.6'><node id='1'", "xml", {}),
              StatusIs(StatusCode::kDataLoss, HasSubstr("xml buffer: ")));
  EXPECT_THAT(ReadOsmNetworkFromBuffer("", "pbf", {}),
              StatusIs(StatusCode::kDataLoss, HasSubstr("empty")));
  EXPECT_THAT(ReadOsmNetworkFromBuffer(text, "csv", {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"csv\"")));
}

TEST_F(ReadOsmFileTest, ATruncatedPbfIsDataLoss) {
  const std::optional<fs::path> monaco = MonacoPath();
  if (!monaco) GTEST_SKIP() << "ALLEY_SHARED_DATA/osm/monaco.osm.pbf is not there";
  const std::string bytes = ReadBytes(*monaco);
  ASSERT_GT(bytes.size(), 1000u);
  const std::string half = bytes.substr(0, bytes.size() / 2);
  EXPECT_THAT(ReadOsmNetworkFromBuffer(half, "pbf", {}),
              StatusIs(StatusCode::kDataLoss, HasSubstr("pbf buffer: ")));
  const std::string path = Write("monaco-half.osm.pbf", half);
  EXPECT_THAT(ReadOsmNetwork(path, {}), StatusIs(StatusCode::kDataLoss, HasSubstr(path + ": ")));
}

// Monaco's extract (the file's header box: 43.71–43.77N, 7.349–7.491E):
// thousands of walkable points, every length positive and finite.
TEST(ReadOsmNetworkMonaco, WalkingNetworkIsSane) {
  const std::optional<fs::path> monaco = MonacoPath();
  if (!monaco) GTEST_SKIP() << "ALLEY_SHARED_DATA/osm/monaco.osm.pbf is not there";
  ASSERT_OK_AND_ASSIGN(OsmImport got, ReadOsmNetwork(monaco->string(), {}));
  const RawNetwork& net = got.network;
  EXPECT_GT(net.points.size(), 5'000u);
  EXPECT_GT(net.edges.size(), 5'000u);
  EXPECT_GT(got.stats.ways_kept, 1'000u);
  EXPECT_GT(got.stats.ways_skipped, 0u);
  EXPECT_EQ(got.stats.segments_kept, net.edges.size());
  for (core::LatLon p : net.points) {
    ASSERT_TRUE(p.lat >= 43.71 && p.lat <= 43.77 && p.lon >= 7.349 && p.lon <= 7.491)
        << p.lat << "," << p.lon;
  }
  for (const RawNetwork::Edge& e : net.edges) {
    ASSERT_LT(e.a, net.points.size());
    ASSERT_LT(e.b, net.points.size());
    ASSERT_NE(e.a, e.b);
    ASSERT_TRUE(std::isfinite(e.length_m) && e.length_m > 0) << e.length_m;
    ASSERT_FALSE(e.oneway);
  }
}

TEST(ReadOsmNetworkMonaco, ABoxAroundThePrincipalityAndTheDrivingNetwork) {
  const std::optional<fs::path> monaco = MonacoPath();
  if (!monaco) GTEST_SKIP() << "ALLEY_SHARED_DATA/osm/monaco.osm.pbf is not there";
  const LatLonBox principality{{43.72, 7.40}, {43.76, 7.44}};
  ASSERT_OK_AND_ASSIGN(OsmImport walk, ReadOsmNetwork(monaco->string(), {}));
  ASSERT_OK_AND_ASSIGN(OsmImport boxed, ReadOsmNetwork(monaco->string(), {.bbox = principality}));
  EXPECT_GT(boxed.network.points.size(), 1'000u);
  EXPECT_LT(boxed.network.points.size(), walk.network.points.size());
  EXPECT_GT(boxed.stats.segments_outside_bbox, 0u);
  for (core::LatLon p : boxed.network.points) {
    ASSERT_TRUE(p.lat >= 43.72 && p.lat <= 43.76 && p.lon >= 7.40 && p.lon <= 7.44)
        << p.lat << "," << p.lon;
  }
  ASSERT_OK_AND_ASSIGN(OsmImport drive,
                       ReadOsmNetwork(monaco->string(), {.mode = OsmMode::kDrive}));
  EXPECT_GT(drive.network.edges.size(), 1'000u);
  std::size_t oneway = 0;
  for (const RawNetwork::Edge& e : drive.network.edges) oneway += e.oneway ? 1 : 0;
  EXPECT_GT(oneway, 0u);
  EXPECT_LT(oneway, drive.network.edges.size());
}

}  // namespace
}  // namespace alley::planning

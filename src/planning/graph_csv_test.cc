#include "planning/graph_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kNodes = "id,lon,lat\n0,119.17,34.6\n2,119.172,34.6\n1,119.171,34.6\n";

TEST(GraphCsv, ReadsWhatItWritesUnchanged) {
  ASSERT_OK_AND_ASSIGN(Graph g, ParseGraphCsv(kNodes, "u,v,w\n0,1,10\n2,1,12\n1,0,10\n", {}));
  EXPECT_EQ(g.vertex_count(), 3u);
  EXPECT_EQ(g.arc_count(), 4u);
  EXPECT_THAT(g.Targets(1), ElementsAre(0u, 2u));
  EXPECT_DOUBLE_EQ(g.Point(2).lon, 119.172);
  EXPECT_EQ(EdgesCsv(g), "u,v,w\n0,1,10\n1,2,12\n");
  ASSERT_OK_AND_ASSIGN(Graph again, ParseGraphCsv(NodesCsv(g), EdgesCsv(g), {}));
  EXPECT_EQ(NodesCsv(again), NodesCsv(g));
  EXPECT_EQ(NodesCsv(g),
            "id,lon,lat\n0,119.1700000,34.6000000\n1,119.1710000,34.6000000\n"
            "2,119.1720000,34.6000000\n");
}

// An id bigger than the file has room for is refused before anything is
// allocated for it: four rows once asked for 8 GB (graph_csv_fuzz).
TEST(GraphCsv, RefusesAnIdTheFileHasNoRoomFor) {
  const std::string nodes = "id,lon,lat\n3999999,0,0\n19999999,0,0\n83999999,0,0\n";
  EXPECT_THAT(ParseGraphCsv(nodes, "u,v,w\n", {}),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("nodes.csv:2: column id: 3999999 leaves ids missing (49 bytes "
                                 "hold at most 6 nodes)")));
  // The bound is exact for the shortest rows: 8 nodes in 58 bytes.
  std::string tight = "id,lon,lat";
  for (int id = 7; id >= 0; --id) tight += "\n" + std::to_string(id) + ",0,0";
  ASSERT_EQ(tight.size(), 10u + 8 * 6);
  ASSERT_OK_AND_ASSIGN(Graph g, ParseGraphCsv(tight, "u,v,w\n0,1,5\n", {}));
  EXPECT_EQ(g.vertex_count(), 8u);
  EXPECT_THAT(ParseGraphCsv(tight.substr(0, tight.size() - 6) + "\n8,0,0", "u,v,w\n", {}),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("column id: 8 leaves ids missing (58 bytes hold at most 8")));
}

TEST(GraphCsv, NamesTheFileAndLineOfABadRow) {
  EXPECT_THAT(ParseGraphCsv(kNodes, "u,v,w\n0,1,10\n0,5,3\n", {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("edges.csv:3: column v")));
  EXPECT_THAT(ParseGraphCsv(kNodes, "u,v,w\n0,1,-4\n", {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("edges.csv:2: column w")));
  EXPECT_THAT(ParseGraphCsv(kNodes, "u,v,w\n0,1,1.5\n", {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("column w")));
  EXPECT_THAT(ParseGraphCsv(kNodes, "u,v,w\n0,1,10\n1,0,11\n", {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("edges.csv:3: the street 0–1")));
  EXPECT_THAT(
      ParseGraphCsv("id,lon,lat\n0,119.17,34.6\n0,119.17,34.6\n", "u,v,w\n", {}),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("nodes.csv:3: column id: 0 appears twice")));
  EXPECT_THAT(ParseGraphCsv("id,lon,lat\n1,119.17,34.6\n", "u,v,w\n", {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("id 0 is missing")));
  EXPECT_THAT(ParseGraphCsv("id,lon,lat\n0,219.17,34.6\n", "u,v,w\n", {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("nodes.csv:2")));
  EXPECT_THAT(ParseGraphCsv("id,lon\n0,119\n", "u,v,w\n", {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("missing column \"lat\"")));
  EXPECT_THAT(ParseGraphCsv("id,lon,lat\n", "u,v,w\n", {}),
              StatusIs(StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace alley::planning

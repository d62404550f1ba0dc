#include "planning/network_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

Graph Triangle() {
  const Arc arcs[] = {{0, 1, 10}, {1, 2, 20}, {0, 2, 25}};
  std::vector<core::LatLon> points = {{34.6, 119.17}, {34.601, 119.171}, {34.602, 119.17}};
  return *Graph::FromArcs(points, arcs, true);
}

TEST(NetworkFile, RoundTrips) {
  const Graph g = Triangle();
  const std::string bytes = SerializeNetwork(g);
  ASSERT_OK_AND_ASSIGN(Graph back, ParseNetwork(bytes));
  EXPECT_EQ(back.vertex_count(), 3u);
  EXPECT_TRUE(back.symmetric());
  EXPECT_TRUE(std::equal(g.first().begin(), g.first().end(), back.first().begin()));
  EXPECT_TRUE(std::equal(g.target().begin(), g.target().end(), back.target().begin()));
  EXPECT_TRUE(std::equal(g.weight().begin(), g.weight().end(), back.weight().begin()));
  EXPECT_DOUBLE_EQ(back.Point(1).lon, 119.171);
  EXPECT_EQ(NetworkFingerprint(bytes).size(), 64u);
  EXPECT_EQ(NetworkFingerprint(SerializeNetwork(back)), NetworkFingerprint(bytes));
}

// A graph without arcs, or without vertices, has empty arrays: reading them
// must not pass a null pointer to memcpy (network_file_fuzz found that).
TEST(NetworkFile, RoundTripsEmptyArrays) {
  ASSERT_OK_AND_ASSIGN(Graph lone, Graph::FromArcs({{34.6, 119.17}}, {}, true));
  ASSERT_OK_AND_ASSIGN(Graph none, Graph::FromArcs({}, {}, false));
  for (const Graph* g : {&lone, &none}) {
    const std::string bytes = SerializeNetwork(*g);
    ASSERT_OK_AND_ASSIGN(Graph back, ParseNetwork(bytes));
    EXPECT_EQ(back.vertex_count(), g->vertex_count());
    EXPECT_EQ(back.arc_count(), 0u);
    EXPECT_EQ(SerializeNetwork(back), bytes);
  }
}

TEST(NetworkFile, RefusesAForeignFile) {
  EXPECT_THAT(ParseNetwork("SQLite format 3\0"),
              StatusIs(StatusCode::kDataLoss, HasSubstr("ALLEYNET")));
  EXPECT_THAT(ParseNetwork(""), StatusIs(StatusCode::kDataLoss));
}

TEST(NetworkFile, RefusesAnotherFormatVersion) {
  std::string bytes = SerializeNetwork(Triangle());
  bytes[8] = static_cast<char>(kNetworkFormatVersion + 1);
  EXPECT_THAT(ParseNetwork(bytes),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("import it again")));
}

TEST(NetworkFile, RefusesATruncatedOrDamagedCopy) {
  const std::string bytes = SerializeNetwork(Triangle());
  for (std::size_t cut : {bytes.size() - 1, bytes.size() / 2, std::size_t{60}}) {
    EXPECT_THAT(ParseNetwork(bytes.substr(0, cut)), StatusIs(StatusCode::kDataLoss)) << cut;
  }
  std::string flipped = bytes;
  flipped[flipped.size() - 3] ^= 0x01;
  EXPECT_THAT(ParseNetwork(flipped), StatusIs(StatusCode::kDataLoss, HasSubstr("fingerprint")));
  std::string counts = bytes;
  counts[16] = 100;  // n
  EXPECT_THAT(ParseNetwork(counts), StatusIs(StatusCode::kDataLoss));
}

}  // namespace
}  // namespace alley::planning

#include "planning/candidates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/geo.h"
#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

constexpr CandidatesCsvOptions kHailian{.file = "sites.csv", .unit = "320706006010"};

TEST(CandidatesCsv, ReadsColumnsInAnyOrder) {
  ASSERT_OK_AND_ASSIGN(std::vector<CandidateInput> sites,
                       ParseCandidatesCsv("note,lon,name,capacity,lat\r\n"
                                          "\"a, b\",119.17,北门,30,34.6\r\n"
                                          ",119.18,南门,,34.61\r\n",
                                          kHailian));
  ASSERT_EQ(sites.size(), 2u);
  EXPECT_EQ(sites[0].row.unit_code, "320706006010");
  EXPECT_EQ(sites[0].row.name, "北门");
  EXPECT_EQ(sites[0].row.note, "a, b");
  EXPECT_EQ(sites[0].row.capacity, 30);
  EXPECT_EQ(sites[0].row.lat, 34.6);
  EXPECT_EQ(sites[0].row.lon, 119.17);
  EXPECT_EQ(sites[0].where, "sites.csv:2");
  EXPECT_EQ(sites[1].row.capacity, 0);
  EXPECT_FALSE(sites[1].row.synthetic);
}

TEST(CandidatesCsv, AUnitColumnOverridesTheDefault) {
  ASSERT_OK_AND_ASSIGN(std::vector<CandidateInput> sites,
                       ParseCandidatesCsv("unit,name,lat,lon\n,A,34.6,119.17\n"
                                          "320706006009,A,34.6,119.17\n",
                                          kHailian));
  ASSERT_EQ(sites.size(), 2u);  // the same name in two units
  EXPECT_EQ(sites[0].row.unit_code, "320706006010");
  EXPECT_EQ(sites[1].row.unit_code, "320706006009");
  EXPECT_THAT(ParseCandidatesCsv("name,lat,lon\nA,34.6,119.17\n", {.file = "f.csv"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("f.csv:2: column unit")));
}

TEST(CandidatesCsv, ConvertsGcj02) {
  ASSERT_OK_AND_ASSIGN(
      std::vector<CandidateInput> sites,
      ParseCandidatesCsv("name,lat,lon\nA,34.6,119.17\n",
                         {.file = "f.csv", .unit = "320706006010", .crs = Crs::kGcj02}));
  const core::LatLon back = core::Wgs84ToGcj02({sites[0].row.lat, sites[0].row.lon});
  EXPECT_NEAR(back.lat, 34.6, 1e-9);
  EXPECT_NEAR(back.lon, 119.17, 1e-9);
  EXPECT_GT(core::HaversineMeters({34.6, 119.17}, {sites[0].row.lat, sites[0].row.lon}), 400);
}

TEST(CandidatesCsv, NamesTheLineAndColumnOfTheFirstBadRow) {
  const std::string good = "name,lat,lon,capacity\nA,34.6,119.17,1\n";
  struct Case {
    std::string row, message;
  };
  for (const Case& c : std::vector<Case>{
           {"B,north,119.17,1", "sites.csv:3: column lat: \"north\" is not a number of degrees"},
           {"B,91,119.17,1", "sites.csv:3: column lat: 91 is not a latitude"},
           {"B,34.6,inf,1", "sites.csv:3: column lon: \"inf\" is not a number of degrees"},
           {"B,34.6,181,1", "sites.csv:3: column lon: 181 is not a longitude"},
           {"B,34.6,119.17,-1", "sites.csv:3: column capacity: \"-1\""},
           {"B,34.6,119.17,2.5", "sites.csv:3: column capacity: \"2.5\""},
           {",34.6,119.17,1", "sites.csv:3: column name: empty"},
           {"\"B\tC\",34.6,119.17,1", "sites.csv:3: column name: at most 200 bytes"},
           {std::string(201, 'x') + ",34.6,119.17,1", "sites.csv:3: column name: at most 200"},
           {"A,34.7,119.18,1",
            "sites.csv:3: column name: \"A\" in unit 320706006010 is already "
            "on line 2"},
           {"B,34.6,119.17", "sites.csv:3: expected 4 fields, got 3"},
           {"\"B,34.6,119.17,1", "sites.csv:3: unterminated quoted field"},
       }) {
    EXPECT_THAT(ParseCandidatesCsv(good + c.row + "\n", kHailian),
                StatusIs(StatusCode::kInvalidArgument, HasSubstr(c.message)))
        << c.row;
  }
}

TEST(CandidatesCsv, RefusesFilesWithoutSites) {
  EXPECT_THAT(ParseCandidatesCsv("", kHailian),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(ParseCandidatesCsv("name,lat,lon\n", kHailian),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("no site")));
  EXPECT_THAT(ParseCandidatesCsv("name,lat,lon,colour\n", kHailian),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown column \"colour\"")));
  EXPECT_THAT(ParseCandidatesCsv("name,lat\n", kHailian),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("missing column \"lon\"")));
}

TEST(CandidatesCsv, ParsesTheCrs) {
  ASSERT_OK_AND_ASSIGN(Crs wgs, ParseCrs("wgs84", "--crs"));
  EXPECT_EQ(wgs, Crs::kWgs84);
  ASSERT_OK_AND_ASSIGN(Crs gcj, ParseCrs("gcj02", "--crs"));
  EXPECT_EQ(gcj, Crs::kGcj02);
  EXPECT_THAT(ParseCrs("bd09", "--crs"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("--crs: \"bd09\"")));
}

}  // namespace
}  // namespace alley::planning

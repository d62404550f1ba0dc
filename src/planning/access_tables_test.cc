#include "planning/access_tables.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kDemand =
    "home,demand,target,unit\n"
    "a,100,5,north\n"
    "b, 300 ,0,south\n"
    "c,0,0,north\n";
constexpr std::string_view kSupply = "facility,supply\nk1,40\nk2,7.5\n";
constexpr std::string_view kPairs = "home,facility,time_ds\na,k1,600\nb,k1,9000\na,k2,12000\n";

TEST(AccessTables, ReadsTheThreeFiles) {
  ASSERT_OK_AND_ASSIGN(AccessTables t, ParseAccessTables(kDemand, kSupply, kPairs));
  EXPECT_THAT(t.home_names, ElementsAre("a", "b", "c"));
  EXPECT_THAT(t.demand, ElementsAre(100.0, 300.0, 0.0));
  EXPECT_THAT(t.target, ElementsAre(5.0, 0.0, 0.0));
  EXPECT_THAT(t.unit_of_home, ElementsAre(0u, 1u, 0u));
  EXPECT_THAT(t.unit_names, ElementsAre("north", "south"));
  EXPECT_THAT(t.facility_names, ElementsAre("k1", "k2"));
  EXPECT_THAT(t.supply, ElementsAre(40.0, 7.5));
  EXPECT_THAT(t.pair_home, ElementsAre(0u, 1u, 0u));
  EXPECT_THAT(t.pair_facility, ElementsAre(0u, 0u, 1u));
  EXPECT_THAT(t.pair_time_ds, ElementsAre(600u, 9000u, 12000u));
  EXPECT_THAT(t.NearestDeciseconds(), ElementsAre(600u, 9000u, kUnreachable));
  ASSERT_OK_AND_ASSIGN(AccessResult r,
                       ComputeAccessibility(t.demand, t.supply, t.Pairs(), AccessOptions{}));
  EXPECT_EQ(r.reached_supply, 40.0);
}

TEST(AccessTables, OptionalColumnsMayBeLeftOut) {
  ASSERT_OK_AND_ASSIGN(AccessTables t, ParseAccessTables("home,demand\nx,1\n", "facility,supply\n",
                                                         "home,facility,time_ds\n"));
  EXPECT_TRUE(t.target.empty());
  EXPECT_TRUE(t.unit_of_home.empty());
  EXPECT_TRUE(t.facility_names.empty());
}

TEST(AccessTables, RefusesBadRowsWithFileAndLine) {
  EXPECT_THAT(ParseAccessTables("home,demand\na,1\na,2\n", kSupply, "home,facility,time_ds\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("demand.csv line 3: home \"a\" is given twice")));
  EXPECT_THAT(
      ParseAccessTables("home,demand\na,-1\n", kSupply, "home,facility,time_ds\n"),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("demand.csv line 2: demand \"-1\"")));
  EXPECT_THAT(ParseAccessTables(kDemand, "facility,supply\nk1,lots\n", "home,facility,time_ds\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("supply.csv line 2: supply")));
  EXPECT_THAT(ParseAccessTables(kDemand, kSupply, "home,facility,time_ds\nz,k1,5\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("pairs.csv line 2: home \"z\" is not in demand.csv")));
  EXPECT_THAT(ParseAccessTables(kDemand, kSupply, "home,facility,time_ds\na,k9,5\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("facility \"k9\"")));
  EXPECT_THAT(ParseAccessTables(kDemand, kSupply, "home,facility,time_ds\na,k1,5\na,k1,6\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 3: the pair")));
  EXPECT_THAT(ParseAccessTables(kDemand, kSupply, "home,facility,time_ds\na,k1,1.5\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("time_ds \"1.5\"")));
  EXPECT_THAT(ParseAccessTables(kDemand, kSupply, "home,facility\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("missing column \"time_ds\"")));
  EXPECT_THAT(ParseAccessTables("", kSupply, kPairs),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("demand.csv: the file is empty")));
  EXPECT_THAT(ParseAccessTables(kDemand, kSupply, "home,facility,time_ds\na,k1\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("pairs.csv: line 2")));
}

}  // namespace
}  // namespace alley::planning

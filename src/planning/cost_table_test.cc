#include "planning/cost_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kDemand = "client,weight\na,2\nb,0.5\n";
// Facilities named out of order: they are numbered by name.
constexpr std::string_view kCosts =
    "client,facility,cost\n"
    "a,F2,4\n"
    "a,F1,1.5\n"
    "b,F1,3\n"
    "b,F2,0\n";

StatusOr<CostTable> Parse(std::string_view costs, std::string_view demand = kDemand) {
  return ParseCostTable(costs, "costs.csv", demand, "demand.csv");
}

TEST(CostTableTest, ReadsACompleteTable) {
  ASSERT_OK_AND_ASSIGN(CostTable t, Parse(kCosts));
  EXPECT_THAT(t.clients, ElementsAre("a", "b"));
  EXPECT_THAT(t.facilities, ElementsAre("F1", "F2"));
  EXPECT_THAT(t.problem.weights, ElementsAre(2, 0.5));
  EXPECT_EQ(t.problem.facility_count, 2);
  ASSERT_EQ(t.problem.costs.size(), 4U);
  // Sorted by client, then facility.
  EXPECT_EQ(t.problem.costs[0].facility, 0);
  EXPECT_DOUBLE_EQ(t.problem.costs[0].cost, 1.5);
  EXPECT_EQ(t.problem.costs[1].facility, 1);
  EXPECT_DOUBLE_EQ(t.problem.costs[1].cost, 4);
  EXPECT_EQ(t.problem.costs[3].client, 1);
  EXPECT_DOUBLE_EQ(t.problem.costs[3].cost, 0);
  EXPECT_TRUE(t.problem.capacities.empty());
}

TEST(CostTableTest, ColumnsInAnyOrderBomAndSpaces) {
  ASSERT_OK_AND_ASSIGN(CostTable t, Parse("\xEF\xBB\xBF"
                                          "cost, facility ,client\r\n1, F1 ,a\r\n2,F1,b\r\n",
                                          "weight,client\n1, a\n1,b\n"));
  EXPECT_THAT(t.facilities, ElementsAre("F1"));
  EXPECT_THAT(t.clients, ElementsAre("a", "b"));
}

TEST(CostTableTest, SolvesThroughSiting) {
  ASSERT_OK_AND_ASSIGN(CostTable t, Parse(kCosts));
  ASSERT_OK_AND_ASSIGN(SitingResult r, Solve(t.problem, {.model = SitingModel::kPMedian, .p = 1}));
  // F1: 2 × 1.5 + 0.5 × 3 = 4.5; F2: 2 × 4 + 0 = 8.
  ASSERT_THAT(r.facilities, ElementsAre(0));
  EXPECT_EQ(t.facilities[0], "F1");
  EXPECT_DOUBLE_EQ(r.objective, 4.5);
}

TEST(CostTableTest, RefusesAnIncompleteTable) {
  EXPECT_THAT(Parse("client,facility,cost\na,F2,4\na,F1,1.5\nb,F2,0\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("costs.csv: no cost for client \"b\" and facility \"F1\" "
                                 "(the table must be complete")));
  // A client of DEMAND that COSTS never names.
  EXPECT_THAT(Parse(kCosts, "client,weight\na,1\nb,1\nc,1\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("no cost for client \"c\" and facility \"F1\"")));
}

TEST(CostTableTest, RefusesBadCosts) {
  const std::string head = "client,facility,cost\na,F1,1\n";
  auto parse = [&](const std::string& row) { return Parse(head + row); };
  EXPECT_THAT(parse("b,F1,inf\n"), StatusIs(StatusCode::kInvalidArgument,
                                            "costs.csv:3: column cost: \"inf\" is not finite"));
  EXPECT_THAT(parse("b,F1,NaN\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"NaN\" is not finite")));
  EXPECT_THAT(parse("b,F1,1e999\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"1e999\" is not finite")));
  EXPECT_THAT(parse("b,F1,-1\n"),
              StatusIs(StatusCode::kInvalidArgument, "costs.csv:3: column cost: -1 is negative"));
  EXPECT_THAT(parse("b,F1,\n"),
              StatusIs(StatusCode::kInvalidArgument, "costs.csv:3: column cost: empty"));
  EXPECT_THAT(parse("b,F1,3 km\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"3 km\" is not a number")));
  EXPECT_THAT(parse("x,F1,1\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       "costs.csv:3: column client: \"x\" is not a client of demand.csv"));
  EXPECT_THAT(parse(",F1,1\n"),
              StatusIs(StatusCode::kInvalidArgument, "costs.csv:3: column client: empty"));
  EXPECT_THAT(parse("b,,1\n"),
              StatusIs(StatusCode::kInvalidArgument, "costs.csv:3: column facility: empty"));
  EXPECT_THAT(parse("b,F1,1\na,F1,2\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       "costs.csv:4: column facility: client \"a\" and facility \"F1\" are "
                       "listed twice (first on line 2)"));
  EXPECT_THAT(parse("b,F1\n"),
              StatusIs(StatusCode::kInvalidArgument, "costs.csv:3: expected 3 fields, got 2"));
  EXPECT_THAT(Parse("client,facility\na,F1\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("costs.csv:1: missing column")));
  EXPECT_THAT(Parse("client,facility,cost\n"), StatusIs(StatusCode::kInvalidArgument,
                                                        "costs.csv: no costs (no row after the "
                                                        "header)"));
  EXPECT_THAT(Parse(""), StatusIs(StatusCode::kInvalidArgument, "costs.csv: the file is empty"));
}

TEST(CostTableTest, RefusesBadDemand) {
  auto demand = [](const std::string& text) { return Parse(kCosts, text); };
  EXPECT_THAT(
      demand("client,weight\na,1\nb,-2\n"),
      StatusIs(StatusCode::kInvalidArgument, "demand.csv:3: column weight: -2 is negative"));
  EXPECT_THAT(demand("client,weight\na,1\nb,nan\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"nan\" is not finite")));
  EXPECT_THAT(demand("client,weight\na,1\na,2\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       "demand.csv:3: column client: \"a\" is listed twice (first on line 2)"));
  EXPECT_THAT(demand("client,weight\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("demand.csv: no clients")));
  EXPECT_THAT(demand("client,weight,extra\na,1,2\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown column \"extra\"")));
  EXPECT_THAT(
      demand("client,weight\n\"a,1\n"),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("demand.csv:2: unterminated quoted field")));
}

TEST(CostTableTest, Capacities) {
  ASSERT_OK_AND_ASSIGN(CostTable t, Parse(kCosts));
  ASSERT_OK(ParseCapacities("facility,capacity\nF2,10\n", "cap.csv", &t));
  ASSERT_EQ(t.problem.capacities.size(), 2U);
  EXPECT_FALSE(t.problem.capacities[0].has_value());
  EXPECT_DOUBLE_EQ(t.problem.capacities[1].value(), 10);
  EXPECT_THAT(ParseCapacities("facility,capacity\nF9,1\n", "cap.csv", &t),
              StatusIs(StatusCode::kInvalidArgument,
                       "cap.csv:2: column facility: \"F9\" is not a facility of the cost table"));
  EXPECT_THAT(ParseCapacities("facility,capacity\nF1,1\nF1,2\n", "cap.csv", &t),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("cap.csv:3: column facility")));
  EXPECT_THAT(ParseCapacities("facility,capacity\nF1,-1\n", "cap.csv", &t),
              StatusIs(StatusCode::kInvalidArgument, "cap.csv:2: column capacity: -1 is negative"));
}

TEST(CostTableTest, ReadsFiles) {
  auto dir =
      std::filesystem::temp_directory_path() / ("alley_cost_table_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "costs.csv") << kCosts;
  std::ofstream(dir / "demand.csv") << kDemand;
  ASSERT_OK_AND_ASSIGN(CostTable t, ReadCostTable(dir / "costs.csv", dir / "demand.csv"));
  EXPECT_EQ(t.problem.costs.size(), 4U);
  EXPECT_THAT(ReadCostTable(dir / "missing.csv", dir / "demand.csv"),
              StatusIs(StatusCode::kNotFound));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace alley::planning

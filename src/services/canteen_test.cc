#include "services/canteen.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "core/status_matchers.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

core::Date Day(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

// The worked example, by hand. April 2026, 30 days, the canteen open every
// day with 80 meals a day: 60 to elderly people of the 60+ tier, who pay 12
// yuan and for whom the district civil affairs bureau pays 3 yuan a meal, and
// 20 to other residents, who pay 15 yuan. Food costs 9 yuan a meal; staff
// 12,000, rent 3,000 and utilities 1,500 yuan for the month.
//
//   meals          30 × 80 = 2,400 (1,800 elderly, 600 public); days = 30
//   revenue        1,800 × 12 + 600 × 15 = 21,600 + 9,000 = 30,600 yuan
//   subsidy        1,800 × 3 = 5,400 yuan
//   variable cost  2,400 × 9 = 21,600 yuan
//   fixed cost     12,000 + 3,000 + 1,500 = 16,500 yuan
//   cost           21,600 + 16,500 = 38,100 yuan
//   dependency     5,400 ÷ 38,100 = 18 ÷ 127 ≈ 0.141732
//   surplus        30,600 + 5,400 − 38,100 = −2,100 yuan: a deficit even with the subsidy
//   average price  30,600 ÷ 2,400 = 12.75 yuan
//   break-even     fixed per day 16,500 ÷ 30 = 550 yuan; margin 12.75 − 9 = 3.75 yuan;
//                  550 ÷ 3.75 = 146.67 meals a day (440 ÷ 3), against 80 served
//   self-sustaining price  9 + 16,500 ÷ 2,400 = 9 + 6.875 = 15.875 yuan → 15.88 (1,588 fen),
//                  rounded up: 1,588 × 2,400 = 3,811,200 ≥ 3,810,000 fen of cost,
//                  while 1,587 × 2,400 = 3,808,800 is short.
CanteenPeriod WorkedExample() {
  CanteenPeriod p{.from = Day(2026, 4, 1), .to = Day(2026, 4, 30)};
  p.groups = {{.id = "elderly_60", .name = "60岁以上老人", .eligible_elderly = true, .price = 1200},
              {.id = "public", .name = "其他居民", .price = 1500}};
  for (int d = 1; d <= 30; ++d) {
    p.meals.push_back({.date = Day(2026, 4, d), .group = "elderly_60", .meals = 60});
    p.meals.push_back({.date = Day(2026, 4, d), .group = "public", .meals = 20});
  }
  p.per_meal_subsidies = {{.group = "elderly_60", .payer = "区民政局", .per_meal = 300}};
  p.costs = {.food_per_meal = 900, .staff = 1'200'000, .rent = 300'000, .utilities = 150'000};
  return p;
}

TEST(CanteenTest, WorkedExampleByHand) {
  ASSERT_OK_AND_ASSIGN(CanteenReport r, CanteenReportFor(WorkedExample()));
  EXPECT_EQ(r.from, Day(2026, 4, 1));
  EXPECT_EQ(r.to, Day(2026, 4, 30));
  EXPECT_EQ(r.meals, 2400);
  EXPECT_EQ(r.days, 30);
  EXPECT_EQ(r.elderly_meals, 1800);
  EXPECT_EQ(r.meals_by_group.at("elderly_60"), 1800);
  EXPECT_EQ(r.meals_by_group.at("public"), 600);
  EXPECT_EQ(r.revenue, 3'060'000);
  EXPECT_EQ(r.subsidy, 540'000);
  EXPECT_EQ(r.subsidy_by_payer.size(), 1u);
  EXPECT_EQ(r.subsidy_by_payer.at("区民政局"), 540'000);
  EXPECT_EQ(r.variable_cost, 2'160'000);
  EXPECT_EQ(r.fixed_cost, 1'650'000);
  EXPECT_EQ(r.cost, 3'810'000);
  ASSERT_TRUE(r.subsidy_dependency.has_value());
  EXPECT_DOUBLE_EQ(*r.subsidy_dependency, 18.0 / 127.0);
  EXPECT_NEAR(*r.subsidy_dependency, 0.141732, 1e-6);
  EXPECT_EQ(r.surplus, -210'000);
  ASSERT_TRUE(r.average_price.has_value());
  EXPECT_DOUBLE_EQ(*r.average_price, 1275.0);
  EXPECT_EQ(r.break_even_case, BreakEvenCase::kDefined);
  EXPECT_EQ(r.break_even_note, "");
  ASSERT_TRUE(r.break_even_meals_per_day.has_value());
  EXPECT_DOUBLE_EQ(*r.break_even_meals_per_day, 440.0 / 3.0);
  EXPECT_EQ(r.self_sustaining_price, 1588);
}

// Three tiers, two payers for one tier, a lump sum, a closed day and lunch and
// dinner counted apart. By hand, 1–3 May 2026:
//
//   1 May: 80+ 10, 60+ 20, public 5; 2 May: closed (a count of 0);
//   3 May: 80+ 10 at lunch and 5 at dinner, public 5.
//   meals  80+ 25, 60+ 20, public 10: 55, 45 of them elderly; days 2 (1 and 3 May)
//   revenue  25 × 8.00 + 20 × 12.00 + 10 × 15.00 = 200 + 240 + 150 = 590 yuan
//   subsidy  district: 25 × 4.00 + 20 × 3.00 = 100 + 60 = 160; street: 25 × 2.00 = 50;
//            charity lump sum 100: 310 yuan
//   cost     55 × 9.00 = 495 food; 200 + 50 + 10 + 5 = 265 fixed: 760 yuan
//   dependency 310 ÷ 760 = 31 ÷ 76; surplus 590 + 310 − 760 = 140 yuan
//   break-even 265 × 55 ÷ (2 × (590 − 495)) = 14,575 ÷ 190 = 2,915 ÷ 38 ≈ 76.71 meals a day
//   self-sustaining price 9.00 + ⌈265 ÷ 55⌉ = 9.00 + ⌈4.8181…⌉ → 900 + 482 = 1,382 fen
TEST(CanteenTest, TiersPayersAndLumpSumsByHand) {
  CanteenPeriod p{.from = Day(2026, 5, 1), .to = Day(2026, 5, 3)};
  p.groups = {{.id = "elderly_80", .eligible_elderly = true, .price = 800},
              {.id = "elderly_60", .eligible_elderly = true, .price = 1200},
              {.id = "public", .price = 1500}};
  p.meals = {{.date = Day(2026, 5, 1), .group = "elderly_80", .meals = 10},
             {.date = Day(2026, 5, 1), .group = "elderly_60", .meals = 20},
             {.date = Day(2026, 5, 1), .group = "public", .meals = 5},
             {.date = Day(2026, 5, 2), .group = "public", .meals = 0},
             {.date = Day(2026, 5, 3), .group = "elderly_80", .meals = 10},
             {.date = Day(2026, 5, 3), .group = "elderly_80", .meals = 5},
             {.date = Day(2026, 5, 3), .group = "public", .meals = 5}};
  p.per_meal_subsidies = {{.group = "elderly_80", .payer = "区民政局", .per_meal = 400},
                          {.group = "elderly_80", .payer = "街道办事处", .per_meal = 200},
                          {.group = "elderly_60", .payer = "区民政局", .per_meal = 300}};
  p.lump_sum_subsidies = {{.payer = "慈善基金会", .amount = 10'000, .purpose = "运营补贴"}};
  p.costs = {
      .food_per_meal = 900, .staff = 20'000, .rent = 5'000, .utilities = 1'000, .other = 500};

  ASSERT_OK_AND_ASSIGN(CanteenReport r, CanteenReportFor(p));
  EXPECT_EQ(r.meals, 55);
  EXPECT_EQ(r.elderly_meals, 45);
  EXPECT_EQ(r.days, 2);
  EXPECT_EQ(r.meals_by_group.at("elderly_80"), 25);
  EXPECT_EQ(r.meals_by_group.at("elderly_60"), 20);
  EXPECT_EQ(r.meals_by_group.at("public"), 10);
  EXPECT_EQ(r.revenue, 59'000);
  EXPECT_EQ(r.subsidy, 31'000);
  EXPECT_EQ(r.subsidy_by_payer.at("区民政局"), 16'000);
  EXPECT_EQ(r.subsidy_by_payer.at("街道办事处"), 5'000);
  EXPECT_EQ(r.subsidy_by_payer.at("慈善基金会"), 10'000);
  EXPECT_EQ(r.variable_cost, 49'500);
  EXPECT_EQ(r.fixed_cost, 26'500);
  EXPECT_EQ(r.cost, 76'000);
  EXPECT_DOUBLE_EQ(*r.subsidy_dependency, 31.0 / 76.0);
  EXPECT_EQ(r.surplus, 14'000);
  EXPECT_DOUBLE_EQ(*r.average_price, 59'000.0 / 55.0);
  EXPECT_DOUBLE_EQ(*r.break_even_meals_per_day, 2915.0 / 38.0);
  EXPECT_EQ(r.self_sustaining_price, 1382);
}

// No meal at all: a month of fixed cost (200 yuan) against a lump sum of 50.
TEST(CanteenTest, NoMeals) {
  CanteenPeriod p{.from = Day(2026, 6, 1), .to = Day(2026, 6, 30)};
  p.groups = {{.id = "public", .price = 1500}};
  p.lump_sum_subsidies = {{.payer = "街道办事处", .amount = 5'000}};
  p.costs = {.food_per_meal = 900, .rent = 20'000};
  ASSERT_OK_AND_ASSIGN(CanteenReport r, CanteenReportFor(p));
  EXPECT_EQ(r.meals, 0);
  EXPECT_EQ(r.days, 0);
  EXPECT_EQ(r.meals_by_group.at("public"), 0);
  EXPECT_EQ(r.revenue, 0);
  EXPECT_EQ(r.cost, 20'000);
  EXPECT_DOUBLE_EQ(*r.subsidy_dependency, 0.25);
  EXPECT_EQ(r.surplus, -15'000);
  EXPECT_FALSE(r.average_price.has_value());
  EXPECT_FALSE(r.break_even_meals_per_day.has_value());
  EXPECT_EQ(r.break_even_case, BreakEvenCase::kNoMeals);
  EXPECT_THAT(r.break_even_note, HasSubstr("no meals served"));
  EXPECT_FALSE(r.self_sustaining_price.has_value());
}

// Diners pay 8 yuan, food costs 9: each meal loses 1 yuan, so no volume
// breaks even; a self-sustaining price still exists: 9 + 10 ÷ 10 = 10 yuan.
TEST(CanteenTest, PriceBelowFoodCostHasNoBreakEven) {
  CanteenPeriod p{.from = Day(2026, 6, 1), .to = Day(2026, 6, 1)};
  p.groups = {{.id = "elderly_80", .eligible_elderly = true, .price = 800}};
  p.meals = {{.date = Day(2026, 6, 1), .group = "elderly_80", .meals = 10}};
  p.costs = {.food_per_meal = 900, .utilities = 1'000};
  ASSERT_OK_AND_ASSIGN(CanteenReport r, CanteenReportFor(p));
  EXPECT_EQ(r.revenue, 8'000);
  EXPECT_EQ(r.cost, 10'000);
  EXPECT_EQ(r.surplus, -2'000);
  EXPECT_FALSE(r.break_even_meals_per_day.has_value());
  EXPECT_EQ(r.break_even_case, BreakEvenCase::kPriceNotAboveFoodCost);
  EXPECT_EQ(r.break_even_note,
            "average price 8.00 yuan is not above the food cost of 9.00 yuan per meal: "
            "every meal loses money, no volume breaks even");
  EXPECT_EQ(r.self_sustaining_price, 1'000);
}

// A price exactly at the food cost leaves no margin either: still no division.
TEST(CanteenTest, PriceEqualToFoodCostHasNoBreakEven) {
  CanteenPeriod p{.from = Day(2026, 6, 1), .to = Day(2026, 6, 2)};
  p.groups = {{.id = "a", .price = 800}, {.id = "b", .price = 1000}};
  p.meals = {{.date = Day(2026, 6, 1), .group = "a", .meals = 5},
             {.date = Day(2026, 6, 2), .group = "b", .meals = 5}};
  p.costs = {.food_per_meal = 900};  // the average is (8 + 10) ÷ 2 = 9
  ASSERT_OK_AND_ASSIGN(CanteenReport r, CanteenReportFor(p));
  EXPECT_EQ(r.break_even_case, BreakEvenCase::kPriceNotAboveFoodCost);
  EXPECT_FALSE(r.break_even_meals_per_day.has_value());
  // No fixed cost: the food cost itself sustains the canteen.
  EXPECT_EQ(r.self_sustaining_price, 900);
  EXPECT_EQ(r.surplus, 0);
}

// Volunteers cook donated food in a donated room: nothing costs anything.
TEST(CanteenTest, NoCostLeavesDependencyMissing) {
  CanteenPeriod p{.from = Day(2026, 6, 1), .to = Day(2026, 6, 7)};
  p.groups = {{.id = "elderly_60", .eligible_elderly = true, .price = 500}};
  p.meals = {{.date = Day(2026, 6, 3), .group = "elderly_60", .meals = 10}};
  ASSERT_OK_AND_ASSIGN(CanteenReport r, CanteenReportFor(p));
  EXPECT_EQ(r.cost, 0);
  EXPECT_FALSE(r.subsidy_dependency.has_value());
  EXPECT_EQ(r.surplus, 5'000);
  EXPECT_EQ(r.days, 1);
  // A positive margin and no fixed cost: any volume breaks even.
  EXPECT_EQ(r.break_even_case, BreakEvenCase::kDefined);
  EXPECT_EQ(r.break_even_meals_per_day, 0.0);
  EXPECT_EQ(r.self_sustaining_price, 0);
}

TEST(CanteenTest, FreeMealsWithNoCostAreNotAboveFoodCost) {
  CanteenPeriod p{.from = Day(2026, 6, 1), .to = Day(2026, 6, 1)};
  p.groups = {{.id = "public", .price = 0}};
  p.meals = {{.date = Day(2026, 6, 1), .group = "public", .meals = 3}};
  ASSERT_OK_AND_ASSIGN(CanteenReport r, CanteenReportFor(p));
  EXPECT_EQ(r.break_even_case, BreakEvenCase::kPriceNotAboveFoodCost);
  EXPECT_EQ(r.self_sustaining_price, 0);
}

TEST(CanteenTest, BadInputNamesTheField) {
  struct Case {
    std::string name;
    void (*spoil)(CanteenPeriod&);
    std::string message;
  };
  const Case cases[] = {
      {"to before from", [](CanteenPeriod& p) { p.to = Day(2026, 3, 31); },
       "field to: 2026-03-31 is before from 2026-04-01"},
      {"negative meals", [](CanteenPeriod& p) { p.meals[3].meals = -1; },
       "field meals[3].meals: -1 is negative"},
      {"too many meals", [](CanteenPeriod& p) { p.meals[0].meals = kMaxMealsPerCount + 1; },
       "field meals[0].meals: 1000001 is more than 1000000"},
      {"day outside", [](CanteenPeriod& p) { p.meals[5].date = Day(2026, 5, 1); },
       "field meals[5].date: 2026-05-01 is outside the period 2026-04-01 to 2026-04-30"},
      {"day before", [](CanteenPeriod& p) { p.meals[0].date = Day(2026, 3, 31); },
       "field meals[0].date: 2026-03-31 is outside the period"},
      {"unknown group", [](CanteenPeriod& p) { p.meals[1].group = "elderly_90"; },
       "field meals[1].group: unknown group \"elderly_90\""},
      {"negative price", [](CanteenPeriod& p) { p.groups[1].price = -1500; },
       "field groups[1].price: -1500 is negative"},
      {"empty group id", [](CanteenPeriod& p) { p.groups[0].id = ""; },
       "field groups[0].id: empty"},
      {"duplicate group", [](CanteenPeriod& p) { p.groups[1].id = "elderly_60"; },
       "field groups[1].id: duplicate group \"elderly_60\""},
      {"negative subsidy", [](CanteenPeriod& p) { p.per_meal_subsidies[0].per_meal = -300; },
       "field per_meal_subsidies[0].per_meal: -300 is negative"},
      {"subsidy for unknown group",
       [](CanteenPeriod& p) { p.per_meal_subsidies[0].group = "elderly"; },
       "field per_meal_subsidies[0].group: unknown group \"elderly\""},
      {"empty payer", [](CanteenPeriod& p) { p.per_meal_subsidies[0].payer = ""; },
       "field per_meal_subsidies[0].payer: empty"},
      {"same payer twice",
       [](CanteenPeriod& p) { p.per_meal_subsidies.push_back(p.per_meal_subsidies[0]); },
       "field per_meal_subsidies[1].payer: \"区民政局\" already subsidises group \"elderly_60\""},
      {"negative lump sum",
       [](CanteenPeriod& p) { p.lump_sum_subsidies = {{.payer = "慈善", .amount = -1}}; },
       "field lump_sum_subsidies[0].amount: -1 is negative"},
      {"lump sum without payer", [](CanteenPeriod& p) { p.lump_sum_subsidies = {{.amount = 100}}; },
       "field lump_sum_subsidies[0].payer: empty"},
      {"negative food", [](CanteenPeriod& p) { p.costs.food_per_meal = -900; },
       "field costs.food_per_meal: -900 is negative"},
      {"negative staff", [](CanteenPeriod& p) { p.costs.staff = -1; },
       "field costs.staff: -1 is negative"},
      {"negative rent", [](CanteenPeriod& p) { p.costs.rent = -1; },
       "field costs.rent: -1 is negative"},
      {"negative utilities", [](CanteenPeriod& p) { p.costs.utilities = -1; },
       "field costs.utilities: -1 is negative"},
      {"negative other", [](CanteenPeriod& p) { p.costs.other = -1; },
       "field costs.other: -1 is negative"},
      {"huge rent", [](CanteenPeriod& p) { p.costs.rent = kMaxAmountFen + 1; },
       "field costs.rent: 1000000000001 is more than 1000000000000"},
  };
  for (const Case& c : cases) {
    CanteenPeriod p = WorkedExample();
    c.spoil(p);
    EXPECT_THAT(CanteenReportFor(p), StatusIs(StatusCode::kInvalidArgument, HasSubstr(c.message)))
        << c.name;
  }
}

TEST(CanteenTest, TotalsBeyondInt64AreOutOfRange) {
  CanteenPeriod p{.from = Day(2026, 1, 1), .to = Day(2026, 1, 31)};
  p.groups = {{.id = "public", .price = kMaxAmountFen}};
  // 10 days of 10^6 meals at 10^12 fen: 10^19 fen, past 9.2 × 10^18.
  for (int d = 1; d <= 10; ++d) {
    p.meals.push_back({.date = Day(2026, 1, d), .group = "public", .meals = kMaxMealsPerCount});
  }
  EXPECT_THAT(CanteenReportFor(p), StatusIs(StatusCode::kOutOfRange, HasSubstr("revenue")));
  // Nine days fit: 9 × 10^18.
  p.meals.pop_back();
  ASSERT_OK_AND_ASSIGN(CanteenReport r, CanteenReportFor(p));
  EXPECT_EQ(r.revenue, 9'000'000'000'000'000'000);
}

TEST(CanteenTest, BreakEvenCaseIds) {
  EXPECT_EQ(BreakEvenCaseId(BreakEvenCase::kDefined), "defined");
  EXPECT_EQ(BreakEvenCaseId(BreakEvenCase::kNoMeals), "no_meals");
  EXPECT_EQ(BreakEvenCaseId(BreakEvenCase::kPriceNotAboveFoodCost), "price_not_above_food_cost");
}

TEST(CanteenTest, FormatYuan) {
  EXPECT_EQ(FormatYuan(0), "0.00");
  EXPECT_EQ(FormatYuan(5), "0.05");
  EXPECT_EQ(FormatYuan(1275), "12.75");
  EXPECT_EQ(FormatYuan(-210'000), "-2100.00");
  EXPECT_EQ(FormatYuan(-5), "-0.05");
  EXPECT_EQ(FormatYuan(INT64_MIN), "-92233720368547758.08");
}

}  // namespace
}  // namespace alley::services

namespace alley::services {
namespace {

TEST(CanteenTest, ParseYuan) {
  EXPECT_EQ(ParseYuan("12").value(), 1200);
  EXPECT_EQ(ParseYuan("12.5").value(), 1250);
  EXPECT_EQ(ParseYuan("12.50").value(), 1250);
  EXPECT_EQ(ParseYuan("0.05").value(), 5);
  EXPECT_EQ(ParseYuan("0").value(), 0);
  EXPECT_EQ(ParseYuan("10000000000").value(), kMaxAmountFen);
  for (const char* bad : {"", "-1", "+1", "1.", ".5", "1.2.3", "12,5", "1e3", " 1", "十"}) {
    EXPECT_THAT(ParseYuan(bad), StatusIs(StatusCode::kInvalidArgument)) << bad;
  }
  EXPECT_THAT(ParseYuan("12.345"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("more than two decimals")));
  EXPECT_THAT(ParseYuan("10000000000.01"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("more than")));
  EXPECT_THAT(ParseYuan("99999999999999999999"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(CanteenTest, FenOfYuan) {
  EXPECT_EQ(FenOfYuan(12.34).value(), 1234) << "12.34 × 100 is not exactly 1234 in binary";
  EXPECT_EQ(FenOfYuan(0.1).value(), 10);
  EXPECT_EQ(FenOfYuan(15).value(), 1500);
  EXPECT_THAT(FenOfYuan(12.345), StatusIs(StatusCode::kInvalidArgument, HasSubstr("whole fen")));
  EXPECT_THAT(FenOfYuan(-1), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(FenOfYuan(1e11), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(FenOfYuan(std::numeric_limits<double>::quiet_NaN()),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_DOUBLE_EQ(YuanOf(1275), 12.75);
}

}  // namespace
}  // namespace alley::services

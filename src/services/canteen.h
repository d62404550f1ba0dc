// Senior canteen (老年助餐点) finances: what a canteen earned, what it cost and
// how far it depends on subsidy over a period, and what it would take to
// sustain itself without subsidy. The seed's concern is that welfare-only
// canteens are not sustainable; these figures say by how much and what price
// or volume would close the gap.
//
//   CanteenPeriod p{.from = *Date::FromYmd(2026, 4, 1), .to = *Date::FromYmd(2026, 4, 30)};
//   p.groups = {{.id = "elderly_60", .eligible_elderly = true, .price = 1200},
//               {.id = "public", .price = 1500}};
//   p.meals = {{.date = p.from, .group = "elderly_60", .meals = 60}, ...};
//   p.per_meal_subsidies = {{.group = "elderly_60", .payer = "区民政局", .per_meal = 300}};
//   p.costs = {.food_per_meal = 900, .staff = 1'200'000, .rent = 300'000, .utilities = 150'000};
//   ALLEY_ASSIGN_OR_RETURN(CanteenReport r, CanteenReportFor(p));
//
// Money is whole fen (分, 1/100 yuan) in int64_t, never floating point; ratios
// (dependency, meals per day, an average price) are double.
//
// The figures, for a period [from, to] (both days included):
//
//   meals          Σ meals of every MealCount
//   days           the number of distinct dates with at least one meal (days with service)
//   revenue        Σ over groups g of meals_g × price_g   (what diners paid)
//   subsidy        Σ over per-meal subsidies s of meals_{group(s)} × per_meal_s
//                  + Σ lump-sum amounts                   (all subsidies, whoever pays)
//   variable_cost  meals × food_per_meal
//   fixed_cost     staff + rent + utilities + other      (for the whole period)
//   cost           variable_cost + fixed_cost
//   subsidy_dependency = subsidy ÷ cost                  (missing when cost = 0)
//   surplus        revenue + subsidy − cost              (negative: a deficit)
//   average_price  revenue ÷ meals, fen per meal         (missing when meals = 0)
//
//   break_even_meals_per_day, at current prices and WITHOUT subsidy:
//       fixed cost per day ÷ (average price − food cost per meal)
//     = (fixed_cost ÷ days) ÷ (revenue ÷ meals − food_per_meal)
//     = fixed_cost × meals ÷ (days × (revenue − variable_cost))
//     "Current prices" means the current mix of diners: the average price
//     revenue ÷ meals. It is missing, with break_even_case and a note saying
//     why, when no meal was served (no average price, no day to spread the
//     fixed cost over) or when the average price is not above the food cost
//     (revenue ≤ variable_cost, compared in whole fen): then every meal loses
//     money and no volume covers the fixed cost, so nothing is divided. With
//     no fixed cost and a positive margin it is 0.
//     This is also the self-sustaining volume at the current price: served
//     every service day, that many meals make revenue equal cost.
//
//   self_sustaining_price, at the current volume and WITHOUT subsidy:
//       food_per_meal + ⌈fixed_cost ÷ meals⌉
//     the smallest whole-fen price that, paid by every diner, makes revenue
//     cover cost (the fixed cost ÷ meals rounded up to the fen). Missing when
//     no meal was served.
//
// Pure functions of their input: safe from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace alley::services {

// An amount of money in fen (分). 100 fen = 1 yuan.
using Fen = int64_t;
inline constexpr Fen kFenPerYuan = 100;

// Bounds on single inputs, so that no product of two of them overflows
// int64_t (10^6 × 10^12 = 10^18 < 9.2 × 10^18). Sums of many are checked.
// 10^12 fen is 10 billion yuan, beyond any canteen's price, subsidy or cost.
inline constexpr Fen kMaxAmountFen = 1'000'000'000'000;
// A million meals in one day for one group, beyond any canteen.
inline constexpr int64_t kMaxMealsPerCount = 1'000'000;

// A group of diners that pays one price: an eligible elderly subsidy tier
// (e.g. 60–79, 80 and over, subsistence allowance) or other residents and the
// public.
struct DinerGroup {
  std::string id;    // how meals and subsidies name the group, e.g. "elderly_60", "public"
  std::string name;  // for display, e.g. "60–79岁老人"; may be empty
  bool eligible_elderly = false;  // an elderly subsidy tier (true) or other diners (false)
  Fen price = 0;                  // what one diner of the group pays per meal
};

// Meals served to one group on one day. Several counts for the same date and
// group add up (e.g. lunch and dinner).
struct MealCount {
  core::Date date;
  std::string group;  // a DinerGroup id
  int64_t meals = 0;
};

// A subsidy per meal served to a group, and who pays it. A group may have
// several (e.g. district and street each pay part), one per payer.
struct PerMealSubsidy {
  std::string group;  // a DinerGroup id
  std::string payer;  // e.g. "区民政局", "街道办事处", "慈善基金会"
  Fen per_meal = 0;
};

// A subsidy for the period as a whole (an operating grant, a donation).
struct LumpSumSubsidy {
  std::string payer;
  Fen amount = 0;
  std::string purpose;  // free text, may be empty
};

// Costs: food per meal (variable), the rest for the whole period (fixed).
struct CanteenCosts {
  Fen food_per_meal = 0;
  Fen staff = 0;
  Fen rent = 0;
  Fen utilities = 0;
  Fen other = 0;
};

// Everything a canteen recorded for one period.
struct CanteenPeriod {
  core::Date from;  // first day, included
  core::Date to;    // last day, included
  std::vector<DinerGroup> groups;
  std::vector<MealCount> meals;
  std::vector<PerMealSubsidy> per_meal_subsidies;
  std::vector<LumpSumSubsidy> lump_sum_subsidies;
  CanteenCosts costs;
};

// Why break_even_meals_per_day has a value or not.
enum class BreakEvenCase {
  kDefined,                // a number of meals per day (0 when there is no fixed cost)
  kNoMeals,                // no meal served: no average price, no service day
  kPriceNotAboveFoodCost,  // every meal loses money: no volume breaks even
};

// "defined", "no_meals", "price_not_above_food_cost".
std::string_view BreakEvenCaseId(BreakEvenCase c);

// The figures of one period; see the formulas at the top of this file. The
// member names are the keys the CLI and the API print.
struct CanteenReport {
  core::Date from;
  core::Date to;
  int64_t meals = 0;
  int64_t days = 0;                               // days with service
  int64_t elderly_meals = 0;                      // meals of eligible elderly groups
  std::map<std::string, int64_t> meals_by_group;  // every group, 0 included
  Fen revenue = 0;
  Fen subsidy = 0;
  std::map<std::string, Fen> subsidy_by_payer;  // every payer named, 0 included
  Fen variable_cost = 0;
  Fen fixed_cost = 0;
  Fen cost = 0;
  std::optional<double> subsidy_dependency;        // subsidy ÷ cost; missing when cost = 0
  Fen surplus = 0;                                 // revenue + subsidy − cost
  std::optional<double> average_price;             // fen per meal; missing when meals = 0
  std::optional<double> break_even_meals_per_day;  // = the self-sustaining volume
  BreakEvenCase break_even_case = BreakEvenCase::kNoMeals;
  std::string break_even_note;  // why break_even_meals_per_day is missing; empty otherwise
  std::optional<Fen> self_sustaining_price;  // missing when meals = 0
};

// Checks the period, then computes its report.
// Errors: kInvalidArgument "field NAME: reason" for the first bad field: `to`
// before `from`; an empty, duplicate or unknown group id; an empty payer; a
// negative count or amount, or one above kMaxMealsPerCount / kMaxAmountFen; a
// meal date outside [from, to]; a second per-meal subsidy from the same payer
// for the same group. kOutOfRange when a total no longer fits in int64_t fen.
StatusOr<CanteenReport> CanteenReportFor(const CanteenPeriod& period);

// "12.75" for 1275 fen, "-21.00" for -2100: yuan with two decimals.
std::string FormatYuan(Fen amount);

// An amount of yuan as people write it, "12", "12.5", "12.50", "0.05", into
// fen. kInvalidArgument for an empty text, a sign, anything but digits and
// one point, more than two decimals, or more than kMaxAmountFen.
StatusOr<Fen> ParseYuan(std::string_view text);

// An amount of yuan as a number (a JSON body) into fen. kInvalidArgument for
// a negative or non-finite number, one that is not a whole number of fen
// (12.345), or more than kMaxAmountFen.
StatusOr<Fen> FenOfYuan(double yuan);

// Fen as a number of yuan (1275 -> 12.75), for JSON.
inline double YuanOf(Fen amount) {
  return static_cast<double>(amount) / static_cast<double>(kFenPerYuan);
}

}  // namespace alley::services

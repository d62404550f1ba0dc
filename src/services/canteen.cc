#include "services/canteen.h"

#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <utility>

namespace alley::services {

namespace {

Status FieldError(std::string_view field, std::string_view reason) {
  return InvalidArgumentError("field " + std::string(field) + ": " + std::string(reason));
}

std::string Indexed(std::string_view list, size_t i, std::string_view member) {
  return std::string(list) + "[" + std::to_string(i) + "]." + std::string(member);
}

// A count or amount must be in [0, max].
Status CheckRange(std::string_view field, int64_t value, int64_t max) {
  if (value < 0) return FieldError(field, std::to_string(value) + " is negative");
  if (value > max) {
    return FieldError(field, std::to_string(value) + " is more than " + std::to_string(max));
  }
  return OkStatus();
}

Status CheckAmount(std::string_view field, Fen value) {
  return CheckRange(field, value, kMaxAmountFen);
}

Status Overflow(std::string_view what) {
  return OutOfRangeError(std::string(what) + " does not fit in a 64-bit count of fen");
}

// a + b and a × b, or kOutOfRange naming the total.
Status Add(int64_t& total, int64_t value, std::string_view what) {
  if (__builtin_add_overflow(total, value, &total)) return Overflow(what);
  return OkStatus();
}

StatusOr<int64_t> Mul(int64_t a, int64_t b, std::string_view what) {
  int64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return Overflow(what);
  return product;
}

Status ValidateGroups(const CanteenPeriod& p, std::map<std::string, const DinerGroup*>& by_id) {
  for (size_t i = 0; i < p.groups.size(); ++i) {
    const DinerGroup& g = p.groups[i];
    if (g.id.empty()) return FieldError(Indexed("groups", i, "id"), "empty");
    if (!by_id.emplace(g.id, &g).second) {
      return FieldError(Indexed("groups", i, "id"), "duplicate group \"" + g.id + "\"");
    }
    ALLEY_RETURN_IF_ERROR(CheckAmount(Indexed("groups", i, "price"), g.price));
  }
  return OkStatus();
}

Status ValidatePeriod(const CanteenPeriod& p, std::map<std::string, const DinerGroup*>& by_id) {
  if (p.to < p.from) {
    return FieldError("to", p.to.ToString() + " is before from " + p.from.ToString());
  }
  ALLEY_RETURN_IF_ERROR(ValidateGroups(p, by_id));
  for (size_t i = 0; i < p.meals.size(); ++i) {
    const MealCount& m = p.meals[i];
    if (m.date < p.from || p.to < m.date) {
      return FieldError(Indexed("meals", i, "date"), m.date.ToString() + " is outside the period " +
                                                         p.from.ToString() + " to " +
                                                         p.to.ToString());
    }
    if (!by_id.contains(m.group)) {
      return FieldError(Indexed("meals", i, "group"), "unknown group \"" + m.group + "\"");
    }
    ALLEY_RETURN_IF_ERROR(CheckRange(Indexed("meals", i, "meals"), m.meals, kMaxMealsPerCount));
  }
  std::set<std::pair<std::string, std::string>> group_payers;
  for (size_t i = 0; i < p.per_meal_subsidies.size(); ++i) {
    const PerMealSubsidy& s = p.per_meal_subsidies[i];
    if (!by_id.contains(s.group)) {
      return FieldError(Indexed("per_meal_subsidies", i, "group"),
                        "unknown group \"" + s.group + "\"");
    }
    if (s.payer.empty()) return FieldError(Indexed("per_meal_subsidies", i, "payer"), "empty");
    if (!group_payers.emplace(s.group, s.payer).second) {
      return FieldError(Indexed("per_meal_subsidies", i, "payer"),
                        "\"" + s.payer + "\" already subsidises group \"" + s.group + "\"");
    }
    ALLEY_RETURN_IF_ERROR(CheckAmount(Indexed("per_meal_subsidies", i, "per_meal"), s.per_meal));
  }
  for (size_t i = 0; i < p.lump_sum_subsidies.size(); ++i) {
    const LumpSumSubsidy& s = p.lump_sum_subsidies[i];
    if (s.payer.empty()) return FieldError(Indexed("lump_sum_subsidies", i, "payer"), "empty");
    ALLEY_RETURN_IF_ERROR(CheckAmount(Indexed("lump_sum_subsidies", i, "amount"), s.amount));
  }
  const CanteenCosts& c = p.costs;
  ALLEY_RETURN_IF_ERROR(CheckAmount("costs.food_per_meal", c.food_per_meal));
  ALLEY_RETURN_IF_ERROR(CheckAmount("costs.staff", c.staff));
  ALLEY_RETURN_IF_ERROR(CheckAmount("costs.rent", c.rent));
  ALLEY_RETURN_IF_ERROR(CheckAmount("costs.utilities", c.utilities));
  ALLEY_RETURN_IF_ERROR(CheckAmount("costs.other", c.other));
  return OkStatus();
}

// The break-even volume and the self-sustaining price (the formulas in the
// header), from the totals already in `r`.
void SustainabilityFigures(const CanteenPeriod& p, CanteenReport& r) {
  if (r.meals == 0) {
    r.break_even_case = BreakEvenCase::kNoMeals;
    r.break_even_note = "no meals served: no average price and no day of service";
    return;
  }
  r.average_price = static_cast<double>(r.revenue) / static_cast<double>(r.meals);
  // ⌈fixed ÷ meals⌉ for fixed ≥ 0, meals > 0 (written so that nothing can
  // overflow); food_per_meal + that ≤ 5 × 10^12.
  r.self_sustaining_price =
      p.costs.food_per_meal + r.fixed_cost / r.meals + (r.fixed_cost % r.meals != 0 ? 1 : 0);
  // The contribution margin of the period: revenue − variable cost, exact in
  // fen. Comparing it with 0 is comparing the average price with the food cost
  // without dividing.
  const Fen margin = r.revenue - r.variable_cost;
  if (margin <= 0) {
    r.break_even_case = BreakEvenCase::kPriceNotAboveFoodCost;
    // The average truncated to the fen: never above the true average, so the
    // note never shows it above the food cost.
    r.break_even_note = "average price " + FormatYuan(r.revenue / r.meals) +
                        " yuan is not above the food cost of " + FormatYuan(p.costs.food_per_meal) +
                        " yuan per meal: every meal loses money, no volume breaks even";
    return;
  }
  r.break_even_case = BreakEvenCase::kDefined;
  // fixed × meals ÷ (days × margin), in doubles: the result is a ratio, and
  // the integer product could overflow.
  r.break_even_meals_per_day = static_cast<double>(r.fixed_cost) * static_cast<double>(r.meals) /
                               (static_cast<double>(r.days) * static_cast<double>(margin));
}

}  // namespace

std::string_view BreakEvenCaseId(BreakEvenCase c) {
  switch (c) {
    case BreakEvenCase::kDefined:
      return "defined";
    case BreakEvenCase::kNoMeals:
      return "no_meals";
    case BreakEvenCase::kPriceNotAboveFoodCost:
      return "price_not_above_food_cost";
  }
  return "unknown";
}

StatusOr<CanteenReport> CanteenReportFor(const CanteenPeriod& period) {
  std::map<std::string, const DinerGroup*> groups;
  ALLEY_RETURN_IF_ERROR(ValidatePeriod(period, groups));

  CanteenReport r;
  r.from = period.from;
  r.to = period.to;
  for (const DinerGroup& g : period.groups) r.meals_by_group[g.id] = 0;
  std::set<core::Date> service_days;
  for (const MealCount& m : period.meals) {
    ALLEY_RETURN_IF_ERROR(Add(r.meals_by_group[m.group], m.meals, "meals"));
    ALLEY_RETURN_IF_ERROR(Add(r.meals, m.meals, "meals"));
    if (groups.at(m.group)->eligible_elderly) {
      ALLEY_RETURN_IF_ERROR(Add(r.elderly_meals, m.meals, "elderly meals"));
    }
    if (m.meals > 0) service_days.insert(m.date);
  }
  r.days = static_cast<int64_t>(service_days.size());

  for (const DinerGroup& g : period.groups) {
    ALLEY_ASSIGN_OR_RETURN(Fen paid, Mul(r.meals_by_group.at(g.id), g.price, "revenue"));
    ALLEY_RETURN_IF_ERROR(Add(r.revenue, paid, "revenue"));
  }

  for (const PerMealSubsidy& s : period.per_meal_subsidies) {
    ALLEY_ASSIGN_OR_RETURN(Fen amount, Mul(r.meals_by_group.at(s.group), s.per_meal, "subsidy"));
    ALLEY_RETURN_IF_ERROR(Add(r.subsidy_by_payer[s.payer], amount, "subsidy"));
    ALLEY_RETURN_IF_ERROR(Add(r.subsidy, amount, "subsidy"));
  }
  for (const LumpSumSubsidy& s : period.lump_sum_subsidies) {
    ALLEY_RETURN_IF_ERROR(Add(r.subsidy_by_payer[s.payer], s.amount, "subsidy"));
    ALLEY_RETURN_IF_ERROR(Add(r.subsidy, s.amount, "subsidy"));
  }

  const CanteenCosts& c = period.costs;
  ALLEY_ASSIGN_OR_RETURN(r.variable_cost, Mul(r.meals, c.food_per_meal, "food cost"));
  // Four amounts of at most 10^12 each: no overflow.
  r.fixed_cost = c.staff + c.rent + c.utilities + c.other;
  r.cost = r.variable_cost;
  ALLEY_RETURN_IF_ERROR(Add(r.cost, r.fixed_cost, "cost"));

  if (r.cost > 0) {
    r.subsidy_dependency = static_cast<double>(r.subsidy) / static_cast<double>(r.cost);
  }
  r.surplus = r.revenue;
  ALLEY_RETURN_IF_ERROR(Add(r.surplus, r.subsidy, "surplus"));
  ALLEY_RETURN_IF_ERROR(Add(r.surplus, -r.cost, "surplus"));

  SustainabilityFigures(period, r);
  return r;
}

std::string FormatYuan(Fen amount) {
  // The magnitude as unsigned, so that INT64_MIN has one too.
  const uint64_t magnitude =
      amount < 0 ? uint64_t{0} - static_cast<uint64_t>(amount) : static_cast<uint64_t>(amount);
  const uint64_t fen = magnitude % 100;
  std::string out = amount < 0 ? "-" : "";
  out += std::to_string(magnitude / 100);
  out += '.';
  out += static_cast<char>('0' + fen / 10);
  out += static_cast<char>('0' + fen % 10);
  return out;
}

StatusOr<Fen> ParseYuan(std::string_view text) {
  const std::string shown = "\"" + std::string(text) + "\"";
  if (text.empty()) return InvalidArgumentError("an amount of yuan is empty");
  const size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view decimals =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  auto digits = [](std::string_view s) {
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (whole.empty() || !digits(whole) || !digits(decimals) ||
      (point != std::string_view::npos && decimals.empty())) {
    return InvalidArgumentError(shown + " is not an amount of yuan (digits, at most two decimals)");
  }
  if (decimals.size() > 2) {
    return InvalidArgumentError(shown + " has more than two decimals: amounts are whole fen");
  }
  // 13 digits of yuan are already above kMaxAmountFen: nothing below overflows.
  if (whole.size() > 13) {
    return InvalidArgumentError(shown + " is more than " + FormatYuan(kMaxAmountFen) + " yuan");
  }
  Fen fen = 0;
  for (char c : whole) fen = fen * 10 + (c - '0');
  fen *= kFenPerYuan;
  if (!decimals.empty()) fen += int64_t{decimals[0] - '0'} * 10;
  if (decimals.size() == 2) fen += decimals[1] - '0';
  if (fen > kMaxAmountFen) {
    return InvalidArgumentError(shown + " is more than " + FormatYuan(kMaxAmountFen) + " yuan");
  }
  return fen;
}

StatusOr<Fen> FenOfYuan(double yuan) {
  if (!std::isfinite(yuan) || yuan < 0) {
    return InvalidArgumentError("an amount of yuan must be a number 0 or more");
  }
  if (yuan > static_cast<double>(kMaxAmountFen) / kFenPerYuan) {
    return InvalidArgumentError("an amount is more than " + FormatYuan(kMaxAmountFen) + " yuan");
  }
  const double fen = yuan * kFenPerYuan;
  const double rounded = std::round(fen);
  // Binary fractions: 12.34 × 100 is 1233.9999999999998. A millionth of a fen
  // tells that apart from 12.345.
  if (std::fabs(fen - rounded) > 1e-6) {
    return InvalidArgumentError("an amount must be whole fen (at most two decimals of yuan)");
  }
  return static_cast<Fen>(rounded);
}

}  // namespace alley::services

// How evenly an amount (income, GDP per head, spending) is spread across
// units or people: the quintile ratio, the Gini index, Theil's T with its
// within/between split over groups (urban/rural, parent region), and the
// urban/rural gap. Common prosperity's measures (issue 6).
//
//   DistributionInput in{.values = income, .weights = population};
//   ALLEY_ASSIGN_OR_RETURN(DistributionResult d, Distribution(in));
//   // d.gini, d.theil_t, d.quintile_ratio (top 20% mean / bottom 20% mean)
//
// The Gini and Theil computations are planning/equity.h's (one implementation
// in the project); this module adds the quintiles, the missing-value handling
// of indicators and the gap.
//
// Columns: a missing value or weight is a quiet NaN; units with a missing
// value or weight are left out (and counted). Undefined figures are nullopt,
// never 0. Pure functions: safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"

namespace alley::indicators {

struct DistributionInput {
  std::vector<double> values;   // one per unit, >= 0; NaN = missing
  std::vector<double> weights;  // empty (each unit weighs 1) or one per unit, >= 0
  // Empty (no decomposition) or one group index per unit in [0, group_names.size()).
  std::vector<uint32_t> groups;
  std::vector<std::string> group_names;
};

struct GroupFigures {
  std::string name;
  double weight = 0;  // units or people
  std::optional<double> mean;
  std::optional<double> theil_t;  // within the group
};

struct DistributionResult {
  int64_t units = 0;                     // units that took part
  int64_t missing = 0;                   // units left out for a missing value or weight
  double weight = 0;                     // their total weight
  std::optional<double> mean;            // weighted
  std::optional<double> bottom20_mean;   // the poorest 20% of the weight
  std::optional<double> top20_mean;      // the richest 20%
  std::optional<double> quintile_ratio;  // top20_mean / bottom20_mean
  std::optional<double> gini;
  std::optional<double> theil_t;
  std::optional<double> theil_within;  // with groups: theil_t = within + between
  std::optional<double> theil_between;
  std::vector<GroupFigures> groups;
};

// The weighted quintile means: the mean of the lowest (highest) 20% of the
// total weight, splitting the unit at the boundary. nullopt without weight.
struct QuintileMeans {
  std::optional<double> bottom;
  std::optional<double> top;
};
QuintileMeans WeightedQuintileMeans(std::span<const double> values,
                                    std::span<const double> weights);

// kInvalidArgument when the columns differ in length, a present value or
// weight is negative or infinite, or a group index is past group_names.
StatusOr<DistributionResult> Distribution(const DistributionInput& in);

// The urban/rural gap of one amount (income per head, usually): ratio =
// urban / rural (nullopt when rural is 0 or either is missing), difference =
// urban - rural.
struct UrbanRuralGap {
  std::optional<double> ratio;
  std::optional<double> difference;
};
UrbanRuralGap UrbanRural(std::optional<double> urban, std::optional<double> rural);

}  // namespace alley::indicators

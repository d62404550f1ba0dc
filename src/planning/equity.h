// How evenly a service reaches people: the Gini index, the Theil indices T and
// L with their split into within and between groups (units), and the
// worst-served decile, over per-home values (accessibility, usually) weighted
// by the people living there. The planner's stage 6 (issue 5).
//
//   ALLEY_ASSIGN_OR_RETURN(std::optional<double> g, WeightedGini(access, population));
//   ALLEY_ASSIGN_OR_RETURN(TheilResult t, TheilT(access, population, unit, unit_count));
//   // *t.total == *t.within + *t.between
//   ALLEY_ASSIGN_OR_RETURN(WorstServed w, WorstServedShare(access, population, 0.1));
//
// Every index treats a home of weight w as w people with the home's value:
// the Gini of n equal-weight homes where one holds everything is (n − 1)/n.
// Across units rather than residents: pass each unit's mean (e.g.
// WeightedMeanByUnit) as the values and its population as the weights.
//
// Undefined is missing, never 0 or NaN: with no weight at all (empty input, or
// every weight 0) or a mean of 0 (nobody has any), every index is nullopt.
// Homes of weight 0 take no part.
//
// Values and weights must be finite and >= 0 (an index of inequality of
// negative amounts is not defined here): kInvalidArgument naming the index
// otherwise, and when the columns differ in length. O(n log n) for the Gini
// and the decile (one sort), O(n + groups) for Theil.
//
// Pure functions: safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/status.h"

namespace alley::planning {

// The weighted Gini index, 0 (all equal) to < 1:
// G = Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² μ), computed on the sorted values.
StatusOr<std::optional<double>> WeightedGini(std::span<const double> values,
                                             std::span<const double> weights);

// A Theil index and its decomposition over groups.
struct TheilResult {
  std::optional<double> total;
  // total = within + between (up to rounding); nullopt when no groups are given.
  std::optional<double> within;
  std::optional<double> between;
  // Per group (group_count entries, empty without groups): its people, its
  // mean (nullopt with no people) and its own index (nullopt where undefined).
  std::vector<double> group_weight;
  std::vector<std::optional<double>> group_mean;
  std::vector<std::optional<double>> group_index;
};

// Theil's T (GE(1)): T = Σ_i (w_i/W)(x_i/μ) ln(x_i/μ), with 0 ln 0 = 0; 0 when
// all equal, ln(W/w_k) when home k holds everything. With groups:
// within = Σ_g s_g T_g and between = Σ_g s_g ln(μ_g/μ), where s_g = W_g μ_g / (W μ)
// is the group's share of the total (a group with mean 0 adds nothing).
//
// `group_of_home` is empty (no decomposition) or gives each home's group in
// [0, group_count): kOutOfRange past it.
StatusOr<TheilResult> TheilT(std::span<const double> values, std::span<const double> weights,
                             std::span<const std::uint32_t> group_of_home,
                             std::uint32_t group_count);

// Theil's L, the mean log deviation (GE(0)): L = Σ_i (w_i/W) ln(μ/x_i);
// within = Σ_g (W_g/W) L_g, between = Σ_g (W_g/W) ln(μ/μ_g). Undefined
// (every figure nullopt) when anyone with weight has the value 0 — common for
// accessibility, where the unserved have 0; a group's own L is nullopt when one
// of its people has 0. Errors as TheilT.
StatusOr<TheilResult> TheilL(std::span<const double> values, std::span<const double> weights,
                             std::span<const std::uint32_t> group_of_home,
                             std::uint32_t group_count);

// The worst-served `fraction` of people (0.1: the worst-served decile).
struct WorstServed {
  // The smallest value v such that the people with values <= v make at least
  // `fraction` of all: the weighted lower quantile. nullopt when nobody has
  // weight (then `homes` is empty and the figures 0).
  std::optional<double> threshold;
  // Every home with weight > 0 and value <= threshold (ties included, so
  // `share` may exceed `fraction`), by value, then by index.
  std::vector<std::uint32_t> homes;
  double weight = 0;  // their people
  double share = 0;   // weight / all people
};

// kInvalidArgument also when `fraction` is not in (0, 1].
StatusOr<WorstServed> WorstServedShare(std::span<const double> values,
                                       std::span<const double> weights, double fraction = 0.1);

}  // namespace alley::planning

#include "planning/equity.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>

namespace alley::planning {
namespace {

Status ValidateColumns(std::span<const double> values, std::span<const double> weights) {
  if (values.size() != weights.size()) {
    return InvalidArgumentError(fmt::format("the columns differ in length (values {}, weights {})",
                                            values.size(), weights.size()));
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]) || values[i] < 0) {
      return InvalidArgumentError(
          fmt::format("values[{}]: {} must be finite and >= 0", i, values[i]));
    }
    if (!std::isfinite(weights[i]) || weights[i] < 0) {
      return InvalidArgumentError(
          fmt::format("weights[{}]: {} must be finite and >= 0", i, weights[i]));
    }
  }
  return OkStatus();
}

Status ValidateGroups(std::size_t n, std::span<const std::uint32_t> group_of_home,
                      std::uint32_t group_count) {
  if (group_of_home.empty()) return OkStatus();
  if (group_of_home.size() != n) {
    return InvalidArgumentError(fmt::format("the columns differ in length (values {}, groups {})",
                                            n, group_of_home.size()));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (group_of_home[i] >= group_count) {
      return OutOfRangeError(fmt::format("groups[{}]: group {} is past the last of {} groups", i,
                                         group_of_home[i], group_count));
    }
  }
  return OkStatus();
}

// The homes with weight > 0, by value then index.
std::vector<std::uint32_t> SortedByValue(std::span<const double> values,
                                         std::span<const double> weights) {
  // Sorted as (value, index) pairs side by side rather than indices compared
  // through `values`: the same order (value, then index), read in sequence
  // instead of at random — several times faster on a million homes.
  std::vector<std::pair<double, std::uint32_t>> keyed;
  keyed.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (weights[i] > 0) keyed.emplace_back(values[i], static_cast<std::uint32_t>(i));
  }
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return a.first < b.first || (a.first == b.first && a.second < b.second);
  });
  std::vector<std::uint32_t> order;
  order.reserve(keyed.size());
  for (const auto& k : keyed) order.push_back(k.second);
  return order;
}

// Per-group sums for the decompositions.
struct GroupSums {
  std::vector<double> weight;    // Σ w
  std::vector<double> weighted;  // Σ w x
};

GroupSums SumByGroup(std::span<const double> values, std::span<const double> weights,
                     std::span<const std::uint32_t> group_of_home, std::uint32_t group_count) {
  GroupSums sums{std::vector<double>(group_count, 0.0), std::vector<double>(group_count, 0.0)};
  for (std::size_t i = 0; i < group_of_home.size(); ++i) {
    sums.weight[group_of_home[i]] += weights[i];
    sums.weighted[group_of_home[i]] += weights[i] * values[i];
  }
  return sums;
}

void FillGroupMeans(const GroupSums& sums, TheilResult& out) {
  out.group_weight = sums.weight;
  out.group_mean.assign(sums.weight.size(), std::nullopt);
  for (std::size_t g = 0; g < sums.weight.size(); ++g) {
    if (sums.weight[g] > 0) out.group_mean[g] = sums.weighted[g] / sums.weight[g];
  }
}

}  // namespace

StatusOr<std::optional<double>> WeightedGini(std::span<const double> values,
                                             std::span<const double> weights) {
  ALLEY_RETURN_IF_ERROR(ValidateColumns(values, weights));
  const std::vector<std::uint32_t> order = SortedByValue(values, weights);
  double total_weight = 0;
  double total_weighted = 0;
  for (std::uint32_t i : order) {
    total_weight += weights[i];
    total_weighted += weights[i] * values[i];
  }
  if (!(total_weight > 0) || !(total_weighted > 0)) return std::optional<double>();
  // Σ_i Σ_j w_i w_j |x_i − x_j| = 2 Σ_i w_i x_i (W_below(i) − W_above(i)) on the
  // sorted values, and W_below − W_above = 2 W_below + w_i − W. Ties give the
  // same sum in any order.
  double below = 0;
  double sum = 0;
  for (std::uint32_t i : order) {
    sum += weights[i] * values[i] * (2 * below + weights[i] - total_weight);
    below += weights[i];
  }
  return std::optional<double>(sum / (total_weight * total_weighted));
}

namespace {

// What Theil's T and L both start from: the checked columns, the groups'
// sums and means, the overall totals.
struct TheilStart {
  TheilResult out;
  bool grouped = false;
  GroupSums sums;
  double total_weight = 0;
  double total_weighted = 0;
};

StatusOr<TheilStart> StartTheil(std::span<const double> values, std::span<const double> weights,
                                std::span<const std::uint32_t> group_of_home,
                                std::uint32_t group_count) {
  ALLEY_RETURN_IF_ERROR(ValidateColumns(values, weights));
  ALLEY_RETURN_IF_ERROR(ValidateGroups(values.size(), group_of_home, group_count));
  TheilStart start;
  start.grouped = !group_of_home.empty();
  if (start.grouped) {
    start.sums = SumByGroup(values, weights, group_of_home, group_count);
    FillGroupMeans(start.sums, start.out);
    start.out.group_index.assign(group_count, std::nullopt);
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    start.total_weight += weights[i];
    start.total_weighted += weights[i] * values[i];
  }
  return start;
}

}  // namespace

StatusOr<TheilResult> TheilT(std::span<const double> values, std::span<const double> weights,
                             std::span<const std::uint32_t> group_of_home,
                             std::uint32_t group_count) {
  ALLEY_ASSIGN_OR_RETURN(TheilStart start, StartTheil(values, weights, group_of_home, group_count));
  TheilResult& out = start.out;
  const bool grouped = start.grouped;
  const GroupSums& sums = start.sums;
  const double total_weight = start.total_weight;
  const double total_weighted = start.total_weighted;
  if (!(total_weight > 0) || !(total_weighted > 0)) return out;
  const double mean = total_weighted / total_weight;

  // Σ w x ln(x/μ) overall and Σ w x ln(x/μ_g) per group (0 ln 0 = 0).
  double sum = 0;
  std::vector<double> group_sum(grouped ? group_count : 0, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double x = values[i];
    if (x == 0 || weights[i] == 0) continue;
    sum += weights[i] * x * std::log(x / mean);
    if (grouped) {
      const std::uint32_t g = group_of_home[i];
      group_sum[g] += weights[i] * x * std::log(x / *out.group_mean[g]);
    }
  }
  out.total = sum / total_weighted;
  if (!grouped) return out;
  double within = 0;
  double between = 0;
  for (std::uint32_t g = 0; g < group_count; ++g) {
    if (!(sums.weighted[g] > 0)) continue;  // no people, or mean 0: share 0
    const double index = group_sum[g] / sums.weighted[g];
    out.group_index[g] = index;
    const double share = sums.weighted[g] / total_weighted;
    within += share * index;
    between += share * std::log(*out.group_mean[g] / mean);
  }
  out.within = within;
  out.between = between;
  return out;
}

StatusOr<TheilResult> TheilL(std::span<const double> values, std::span<const double> weights,
                             std::span<const std::uint32_t> group_of_home,
                             std::uint32_t group_count) {
  ALLEY_ASSIGN_OR_RETURN(TheilStart start, StartTheil(values, weights, group_of_home, group_count));
  TheilResult& out = start.out;
  const bool grouped = start.grouped;
  const GroupSums& sums = start.sums;
  const double total_weight = start.total_weight;
  const double total_weighted = start.total_weighted;
  bool any_zero = false;
  std::vector<bool> group_has_zero(grouped ? group_count : 0, false);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (weights[i] > 0 && values[i] == 0) {
      any_zero = true;
      if (grouped) group_has_zero[group_of_home[i]] = true;
    }
  }
  if (!(total_weight > 0) || !(total_weighted > 0)) return out;
  const double mean = total_weighted / total_weight;

  // Σ w ln(μ/x) overall and Σ w ln(μ_g/x) per group, over homes with x > 0.
  double sum = 0;
  std::vector<double> group_sum(grouped ? group_count : 0, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (weights[i] == 0 || values[i] == 0) continue;
    sum += weights[i] * std::log(mean / values[i]);
    if (grouped) {
      const std::uint32_t g = group_of_home[i];
      group_sum[g] += weights[i] * std::log(*out.group_mean[g] / values[i]);
    }
  }
  if (grouped) {
    for (std::uint32_t g = 0; g < group_count; ++g) {
      if (sums.weight[g] > 0 && !group_has_zero[g]) {
        out.group_index[g] = group_sum[g] / sums.weight[g];
      }
    }
  }
  if (any_zero) return out;
  out.total = sum / total_weight;
  if (!grouped) return out;
  double within = 0;
  double between = 0;
  for (std::uint32_t g = 0; g < group_count; ++g) {
    if (!(sums.weight[g] > 0)) continue;
    const double share = sums.weight[g] / total_weight;
    within += share * *out.group_index[g];
    between += share * std::log(mean / *out.group_mean[g]);
  }
  out.within = within;
  out.between = between;
  return out;
}

StatusOr<WorstServed> WorstServedShare(std::span<const double> values,
                                       std::span<const double> weights, double fraction) {
  ALLEY_RETURN_IF_ERROR(ValidateColumns(values, weights));
  if (!(fraction > 0 && fraction <= 1)) {
    return InvalidArgumentError(fmt::format("fraction: {} must be in (0, 1]", fraction));
  }
  const std::vector<std::uint32_t> order = SortedByValue(values, weights);
  double total_weight = 0;
  for (std::uint32_t i : order) total_weight += weights[i];
  WorstServed out;
  if (!(total_weight > 0)) return out;
  // The target with a relative slack, so that 0.1 × 30 people (3.0000000000000004
  // in binary) is reached by 3 of them.
  const double target = fraction * total_weight * (1 - 1e-12);
  double cumulative = 0;
  std::size_t k = 0;
  while (k < order.size()) {
    cumulative += weights[order[k]];
    if (cumulative >= target) break;
    ++k;
  }
  if (k == order.size()) k = order.size() - 1;  // rounding: take everyone
  const double threshold = values[order[k]];
  out.threshold = threshold;
  for (std::uint32_t i : order) {
    if (values[i] > threshold) break;
    out.homes.push_back(i);
    out.weight += weights[i];
  }
  out.share = out.weight / total_weight;
  return out;
}

}  // namespace alley::planning

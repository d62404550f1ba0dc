#include "indicators/distribution.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "planning/equity.h"

namespace alley::indicators {
namespace {

constexpr double kQuintile = 0.2;

// The weighted mean of the first `share` of the weight along `order`.
std::optional<double> MeanOfFirst(std::span<const double> values, std::span<const double> weights,
                                  const std::vector<size_t>& order, double share) {
  double total = 0;
  for (double w : weights) total += w;
  if (total <= 0) return std::nullopt;
  const double want = total * share;
  double taken = 0;
  double sum = 0;
  for (size_t i : order) {
    if (taken >= want) break;
    double w = std::min(weights[i], want - taken);
    taken += w;
    sum += w * values[i];
  }
  if (taken <= 0) return std::nullopt;
  return sum / taken;
}

}  // namespace

QuintileMeans WeightedQuintileMeans(std::span<const double> values,
                                    std::span<const double> weights) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] < values[b]; });
  QuintileMeans q;
  q.bottom = MeanOfFirst(values, weights, order, kQuintile);
  std::reverse(order.begin(), order.end());
  q.top = MeanOfFirst(values, weights, order, kQuintile);
  return q;
}

StatusOr<DistributionResult> Distribution(const DistributionInput& in) {
  const size_t n = in.values.size();
  if (!in.weights.empty() && in.weights.size() != n) {
    return InvalidArgumentError(
        fmt::format("distribution: {} values but {} weights", n, in.weights.size()));
  }
  if (!in.groups.empty() && in.groups.size() != n) {
    return InvalidArgumentError(
        fmt::format("distribution: {} values but {} groups", n, in.groups.size()));
  }
  DistributionResult r;
  std::vector<double> values;
  std::vector<double> weights;
  std::vector<uint32_t> groups;
  for (size_t i = 0; i < n; ++i) {
    double v = in.values[i];
    double w = in.weights.empty() ? 1.0 : in.weights[i];
    if (std::isnan(v) || std::isnan(w)) {
      ++r.missing;
      continue;
    }
    if (!std::isfinite(v) || v < 0) {
      return InvalidArgumentError(
          fmt::format("distribution: value {} of unit {} must be finite and >= 0", v, i));
    }
    if (!std::isfinite(w) || w < 0) {
      return InvalidArgumentError(
          fmt::format("distribution: weight {} of unit {} must be finite and >= 0", w, i));
    }
    if (!in.groups.empty()) {
      if (in.groups[i] >= in.group_names.size()) {
        return InvalidArgumentError(
            fmt::format("distribution: group {} of unit {} is past the {} groups", in.groups[i], i,
                        in.group_names.size()));
      }
      groups.push_back(in.groups[i]);
    }
    values.push_back(v);
    weights.push_back(w);
    ++r.units;
    r.weight += w;
  }
  if (r.weight > 0) {
    double sum = 0;
    for (size_t i = 0; i < values.size(); ++i) sum += values[i] * weights[i];
    r.mean = sum / r.weight;
  }
  QuintileMeans q = WeightedQuintileMeans(values, weights);
  r.bottom20_mean = q.bottom;
  r.top20_mean = q.top;
  if (q.top && q.bottom && *q.bottom > 0) r.quintile_ratio = *q.top / *q.bottom;
  ALLEY_ASSIGN_OR_RETURN(r.gini, planning::WeightedGini(values, weights));
  const auto group_count = static_cast<uint32_t>(in.groups.empty() ? 0 : in.group_names.size());
  ALLEY_ASSIGN_OR_RETURN(planning::TheilResult t,
                         planning::TheilT(values, weights, groups, group_count));
  r.theil_t = t.total;
  r.theil_within = t.within;
  r.theil_between = t.between;
  for (uint32_t g = 0; g < group_count; ++g) {
    r.groups.push_back(
        GroupFigures{in.group_names[g], t.group_weight[g], t.group_mean[g], t.group_index[g]});
  }
  return r;
}

UrbanRuralGap UrbanRural(std::optional<double> urban, std::optional<double> rural) {
  UrbanRuralGap gap;
  if (!urban || !rural) return gap;
  gap.difference = *urban - *rural;
  if (*rural != 0) gap.ratio = *urban / *rural;
  return gap;
}

}  // namespace alley::indicators

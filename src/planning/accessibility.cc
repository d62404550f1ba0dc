#include "planning/accessibility.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>

namespace alley::planning {
namespace {

// Weights are tabulated per decisecond up to this threshold (8 MiB of
// doubles, 29 hours of walking); past it they are computed per pair.
constexpr Deciseconds kMaxTabulatedThreshold = Deciseconds{1} << 20;

constexpr std::array<std::pair<std::string_view, AccessMethod>, 5> kMethodIds = {{
    {"2sfca", AccessMethod::k2sfca},
    {"e2sfca", AccessMethod::kStepwise},
    {"stepwise", AccessMethod::kStepwise},
    {"gaussian", AccessMethod::kGaussian},
    {"gravity", AccessMethod::kGravity},
}};

Deciseconds EffectiveThreshold(const AccessOptions& options) {
  if (options.method == AccessMethod::kStepwise) return options.zones.back().upper_ds;
  return options.threshold_ds;
}

Status ValidateOptions(const AccessOptions& options) {
  if (options.method == AccessMethod::kStepwise) {
    if (options.zones.empty()) {
      return InvalidArgumentError("zones: the stepwise method needs at least one zone");
    }
    Deciseconds previous = 0;
    for (std::size_t z = 0; z < options.zones.size(); ++z) {
      const DecayZone& zone = options.zones[z];
      if (zone.upper_ds <= previous) {
        return InvalidArgumentError(
            fmt::format("zones[{}].upper_ds: {} must be > 0 and above the previous zone's {}", z,
                        zone.upper_ds, previous));
      }
      if (zone.upper_ds == kUnreachable) {
        return InvalidArgumentError(
            fmt::format("zones[{}].upper_ds: must be below kUnreachable", z));
      }
      if (!std::isfinite(zone.weight) || zone.weight < 0) {
        return InvalidArgumentError(
            fmt::format("zones[{}].weight: {} must be finite and >= 0", z, zone.weight));
      }
      previous = zone.upper_ds;
    }
    return OkStatus();
  }
  if (options.threshold_ds == 0) {
    return InvalidArgumentError("threshold_ds: must be > 0");
  }
  if (options.threshold_ds == kUnreachable) {
    return InvalidArgumentError("threshold_ds: must be below kUnreachable");
  }
  if (options.method == AccessMethod::kGravity &&
      (!std::isfinite(options.beta) || options.beta <= 0)) {
    return InvalidArgumentError(fmt::format("beta: {} must be finite and > 0", options.beta));
  }
  return OkStatus();
}

Status ValidateColumn(std::span<const double> values, std::string_view name) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]) || values[i] < 0) {
      return InvalidArgumentError(
          fmt::format("{}[{}]: {} must be finite and >= 0", name, i, values[i]));
    }
  }
  return OkStatus();
}

// Both steps of the floating catchment with the weight `weight(t)` for a pair
// at t <= d0. Step 1 also checks the pairs' indexes.
template <typename Weight>
Status Compute(std::span<const double> demand, std::span<const double> supply,
               const ReachPairs& pairs, Deciseconds d0, Weight weight, AccessResult& out) {
  const std::size_t n = pairs.size();
  const std::size_t homes = demand.size();
  const std::size_t facilities = supply.size();
  out.facility_demand.assign(facilities, 0.0);
  for (std::size_t p = 0; p < n; ++p) {
    const std::uint32_t h = pairs.home[p];
    const std::uint32_t f = pairs.facility[p];
    if (h >= homes) {
      return OutOfRangeError(
          fmt::format("pairs.home[{}]: home {} is past the last of {} homes", p, h, homes));
    }
    if (f >= facilities) {
      return OutOfRangeError(fmt::format(
          "pairs.facility[{}]: facility {} is past the last of {} facilities", p, f, facilities));
    }
    const Deciseconds t = pairs.time_ds[p];
    if (t > d0) continue;
    out.facility_demand[f] += weight(t) * demand[h];
  }
  out.facility_ratio.assign(facilities, 0.0);
  out.reached_supply = 0;
  out.unreached_supply = 0;
  for (std::size_t j = 0; j < facilities; ++j) {
    if (out.facility_demand[j] > 0) {
      out.facility_ratio[j] = supply[j] / out.facility_demand[j];
      out.reached_supply += supply[j];
    } else {
      out.unreached_supply += supply[j];
    }
  }
  out.home_access.assign(homes, 0.0);
  for (std::size_t p = 0; p < n; ++p) {
    const Deciseconds t = pairs.time_ds[p];
    if (t > d0) continue;
    const std::uint32_t f = pairs.facility[p];
    out.home_access[pairs.home[p]] += weight(t) * out.facility_ratio[f];
  }
  return OkStatus();
}

}  // namespace

std::optional<AccessMethod> ParseAccessMethod(std::string_view text) {
  for (const auto& [id, method] : kMethodIds) {
    if (id == text) return method;
  }
  return std::nullopt;
}

std::string_view AccessMethodId(AccessMethod method) {
  switch (method) {
    case AccessMethod::k2sfca:
      return "2sfca";
    case AccessMethod::kStepwise:
      return "e2sfca";
    case AccessMethod::kGaussian:
      return "gaussian";
    case AccessMethod::kGravity:
      return "gravity";
  }
  return "?";
}

std::vector<DecayZone> DefaultDecayZones() { return DecayZonesFor(MinutesToDeciseconds(15)); }

std::vector<DecayZone> DecayZonesFor(Deciseconds threshold_ds) {
  // Luo & Qi (2009)'s weights for the near, middle and far third.
  return {{threshold_ds / 3, 1.00}, {threshold_ds / 3 * 2, 0.68}, {threshold_ds, 0.22}};
}

double DecayWeight(const AccessOptions& options, Deciseconds time_ds) {
  const Deciseconds d0 = EffectiveThreshold(options);
  if (time_ds > d0) return 0;
  switch (options.method) {
    case AccessMethod::k2sfca:
      return 1;
    case AccessMethod::kStepwise:
      for (const DecayZone& zone : options.zones) {
        if (time_ds <= zone.upper_ds) return zone.weight;
      }
      return 0;
    case AccessMethod::kGaussian: {
      // Dai (2010): a Gaussian that reaches 0 at d0.
      const double r = static_cast<double>(time_ds) / static_cast<double>(d0);
      const double tail = std::exp(-0.5);
      return (std::exp(-0.5 * r * r) - tail) / (1 - tail);
    }
    case AccessMethod::kGravity:
      // A time of 0 (a home at the facility's own vertex) counts as 1 ds.
      return std::pow(static_cast<double>(std::max<Deciseconds>(time_ds, 1)), -options.beta);
  }
  return 0;
}

StatusOr<AccessResult> ComputeAccessibility(std::span<const double> demand,
                                            std::span<const double> supply, const ReachPairs& pairs,
                                            const AccessOptions& options) {
  ALLEY_RETURN_IF_ERROR(ValidateOptions(options));
  if (pairs.facility.size() != pairs.home.size() || pairs.time_ds.size() != pairs.home.size()) {
    return InvalidArgumentError(
        fmt::format("pairs: the columns differ in length (home {}, facility {}, time_ds {})",
                    pairs.home.size(), pairs.facility.size(), pairs.time_ds.size()));
  }
  ALLEY_RETURN_IF_ERROR(ValidateColumn(demand, "demand"));
  ALLEY_RETURN_IF_ERROR(ValidateColumn(supply, "supply"));

  const Deciseconds d0 = EffectiveThreshold(options);
  AccessResult result;
  if (d0 <= kMaxTabulatedThreshold) {
    std::vector<double> table(std::size_t{d0} + 1);
    for (Deciseconds t = 0; t <= d0; ++t) table[t] = DecayWeight(options, t);
    ALLEY_RETURN_IF_ERROR(Compute(
        demand, supply, pairs, d0, [&table](Deciseconds t) { return table[t]; }, result));
  } else {
    ALLEY_RETURN_IF_ERROR(Compute(
        demand, supply, pairs, d0, [&options](Deciseconds t) { return DecayWeight(options, t); },
        result));
  }
  return result;
}

StatusOr<std::vector<std::optional<double>>> WeightedMeanByUnit(
    std::span<const double> values, std::span<const double> weights,
    std::span<const std::uint32_t> unit_of_home, std::uint32_t unit_count) {
  if (weights.size() != values.size() || unit_of_home.size() != values.size()) {
    return InvalidArgumentError(
        fmt::format("the columns differ in length (values {}, weights {}, units {})", values.size(),
                    weights.size(), unit_of_home.size()));
  }
  ALLEY_RETURN_IF_ERROR(ValidateColumn(weights, "weights"));
  std::vector<double> sum(unit_count, 0.0);
  std::vector<double> weight(unit_count, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::uint32_t u = unit_of_home[i];
    if (u >= unit_count) {
      return OutOfRangeError(
          fmt::format("units[{}]: unit {} is past the last of {} units", i, u, unit_count));
    }
    if (!std::isfinite(values[i])) {
      return InvalidArgumentError(fmt::format("values[{}]: {} is not finite", i, values[i]));
    }
    sum[u] += weights[i] * values[i];
    weight[u] += weights[i];
  }
  std::vector<std::optional<double>> mean(unit_count);
  for (std::uint32_t u = 0; u < unit_count; ++u) {
    if (weight[u] > 0) mean[u] = sum[u] / weight[u];
  }
  return mean;
}

}  // namespace alley::planning

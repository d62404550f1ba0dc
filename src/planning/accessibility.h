// Accessibility of a service for every home: the two-step floating catchment
// area family (2SFCA, enhanced 2SFCA with stepwise or Gaussian decay) and the
// gravity model, on the sparse (home, facility, time) pairs the catchment
// stage finds within reach. The planner's stage 4 (issue 5).
//
//   ReachPairs pairs{.home = h, .facility = f, .time_ds = t};  // three columns
//   AccessOptions options;                                     // E2SFCA, 5/10/15 min
//   ALLEY_ASSIGN_OR_RETURN(AccessResult r,
//                          ComputeAccessibility(population, capacity, pairs, options));
//   r.home_access[i];   // places per resident within reach of home i
//
// Every method is one formula with a different distance weight f(d):
//
//   step 1, per facility j:  V_j = Σ_k P_k f(d_kj)        (weighted demand in reach)
//                            R_j = S_j / V_j               (supply per unit of demand)
//   step 2, per home i:      A_i = Σ_j f(d_ij) R_j
//
// with P the demand per home (residents, or the count of a target group: the
// caller passes the weights it wants), S the supply per facility (places,
// beds, seats) and d the travel time of a pair. The weights, within the
// threshold d0 (0 beyond it):
//
//   k2sfca     f = 1                                      Luo & Wang 2003
//   kStepwise  f = the weight of the first zone d falls in  Luo & Qi 2009
//              (default 0–5, 5–10, 10–15 min: 1.00, 0.68, 0.22; a zone's upper
//              bound belongs to it: 5 min exactly weighs 1.00)
//   kGaussian  f = (e^{-½(d/d0)²} − e^{-½}) / (1 − e^{-½})  Dai 2010
//   kGravity   f = d^{-β}                                 Joseph & Bantock 1982,
//                                                         Shen 1998
//
// Because both steps apply the same weight, supply is conserved:
// Σ_i P_i A_i = Σ_j S_j over the facilities with some demand in reach
// (AccessResult::reached_supply), up to rounding.
//
// Conventions:
// - A facility with no demand in reach (V_j = 0) has R_j = 0: its supply
//   serves nobody and is counted in AccessResult::unreached_supply.
// - A home with no facility in reach has A_i = 0. A home with no residents
//   still gets the A_i a resident there would have.
// - Gravity: the unit of time cancels (d^{-β} is in both steps), and a time of
//   0 counts as 1 decisecond, the resolution of travel.h.
// - A pair past the threshold, or at kUnreachable, weighs 0 (it is skipped).
//
// Pairs may come in any order; they are read twice, in the order given, with
// no allocation per pair: time O(pairs + homes + facilities), memory
// O(homes + facilities + d0) (a table of weights per decisecond up to d0 when
// d0 ≤ 2^20 ds). The sums are taken in pair order, so the same pairs in the
// same order give bit-identical results. A (home, facility) pair given twice
// counts twice: the catchment stage gives each pair once.
//
// Pure functions: safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "planning/travel.h"

namespace alley::planning {

// The (home, facility, time) triples within reach, as three columns of equal
// length: home[p] reaches facility[p] in time_ds[p]. Indexes are 0-based into
// the caller's demand and supply columns. A view: the caller owns the data.
struct ReachPairs {
  std::span<const std::uint32_t> home;
  std::span<const std::uint32_t> facility;
  std::span<const Deciseconds> time_ds;

  std::size_t size() const { return home.size(); }
};

enum class AccessMethod : std::uint8_t {
  k2sfca,     // binary within the threshold
  kStepwise,  // enhanced 2SFCA, stepwise decay by zones
  kGaussian,  // enhanced 2SFCA, Gaussian decay to 0 at the threshold
  kGravity,   // d^{-β} within the threshold
};

// "2sfca", "e2sfca" (stepwise), "gaussian", "gravity"; nullopt for anything else.
std::optional<AccessMethod> ParseAccessMethod(std::string_view text);
std::string_view AccessMethodId(AccessMethod method);

// A zone of stepwise decay: times in (previous upper bound, upper_ds] weigh `weight`.
struct DecayZone {
  Deciseconds upper_ds = 0;
  double weight = 0;
};

// 0–5, 5–10, 10–15 minutes weigh 1.00, 0.68, 0.22: Luo & Qi's (2009) weights,
// whose zones were 10-minute steps of a 30-minute catchment, here on 5-minute
// steps of the 15-minute life circle.
std::vector<DecayZone> DefaultDecayZones();
// The same weights on thirds of `threshold_ds` (rounded down; the last zone
// ends at the threshold): DecayZonesFor(MinutesToDeciseconds(15)) is the default.
std::vector<DecayZone> DecayZonesFor(Deciseconds threshold_ds);

struct AccessOptions {
  AccessMethod method = AccessMethod::kStepwise;
  // d0: pairs slower than this weigh 0 (2SFCA, Gaussian, gravity). The
  // stepwise method takes its threshold from its last zone instead.
  Deciseconds threshold_ds = MinutesToDeciseconds(15);
  // Stepwise zones, upper bounds strictly increasing, weights finite and >= 0.
  std::vector<DecayZone> zones = DefaultDecayZones();
  // The gravity model's distance friction, > 0.
  double beta = 1.0;
};

struct AccessResult {
  std::vector<double> home_access;      // A_i, per home
  std::vector<double> facility_demand;  // V_j, per facility
  std::vector<double> facility_ratio;   // R_j = S_j / V_j; 0 where V_j = 0
  double reached_supply = 0;            // Σ S_j over facilities with V_j > 0
  double unreached_supply = 0;          // Σ S_j over facilities with V_j = 0
};

// The accessibility of every home (`demand.size()` of them) to the facilities
// (`supply.size()`) over `pairs`, by `options.method`.
//
// Errors (nothing is computed):
// - kInvalidArgument: a demand or supply value negative or not finite (the
//   message names the index); the pair columns of unequal length; the
//   threshold 0 or kUnreachable; β not finite or <= 0; no zones, a zone bound
//   0, kUnreachable or not increasing, a zone weight negative or not finite.
// - kOutOfRange: a pair naming a home or facility past the end.
StatusOr<AccessResult> ComputeAccessibility(std::span<const double> demand,
                                            std::span<const double> supply, const ReachPairs& pairs,
                                            const AccessOptions& options);

// The distance weight f(d) of `options` for a pair at `time_ds` (0 past the
// threshold). The caller has validated `options` (ComputeAccessibility does).
double DecayWeight(const AccessOptions& options, Deciseconds time_ds);

// The weighted mean of `values` per unit: Σ w_i v_i / Σ w_i over the homes i
// with unit_of_home[i] == u, for u in [0, unit_count). A unit whose weights
// sum to 0 (no residents, or none of the target group) is nullopt, not 0.
// Pass population to average per resident, a target group's counts to
// average per member of the group.
//
// kInvalidArgument when the three columns differ in length or a weight is
// negative or not finite; kOutOfRange when a home names a unit past
// `unit_count`.
StatusOr<std::vector<std::optional<double>>> WeightedMeanByUnit(
    std::span<const double> values, std::span<const double> weights,
    std::span<const std::uint32_t> unit_of_home, std::uint32_t unit_count);

}  // namespace alley::planning

#include "planning/plan_run.h"

#include <fmt/format.h>

#include <chrono>
#include <utility>

#include "planning/network_store.h"
#include "planning/place_reach.h"
#include "planning/snap.h"

namespace alley::planning {
namespace {

constexpr std::uint32_t kMaxMinutes = 120;
// The stepwise zones end at these shares of the threshold (Luo & Qi's three
// zones, accessibility.h's weights).
constexpr double kZoneShares[] = {1.0 / 3, 2.0 / 3, 1.0};

double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

AccessOptions AccessFor(AccessMethod method, Deciseconds threshold) {
  AccessOptions o;
  o.method = method;
  o.threshold_ds = threshold;
  const std::vector<DecayZone> defaults = DefaultDecayZones();
  o.zones.clear();
  for (std::size_t z = 0; z < defaults.size() && z < std::size(kZoneShares); ++z) {
    const auto upper = static_cast<Deciseconds>(kZoneShares[z] * threshold);
    o.zones.push_back(
        {std::max<Deciseconds>(upper, static_cast<Deciseconds>(z + 1)), defaults[z].weight});
  }
  o.zones.back().upper_ds = threshold;
  return o;
}

}  // namespace

StatusOr<PlanRun> RunPlan(store::Store& store, const PlanRunOptions& options) {
  if (options.minutes && (*options.minutes < 1 || *options.minutes > kMaxMinutes)) {
    return InvalidArgumentError(
        fmt::format("minutes {}: must be 1 to {}", *options.minutes, kMaxMinutes));
  }
  if (!(options.snap_max_m > 0)) {
    return InvalidArgumentError("the snapping distance must be a positive number of metres");
  }
  PlanRun run;
  run.unit_code = options.unit_code;
  run.norm = &NormFor(options.type);
  run.threshold_ds = options.minutes ? MinutesToDeciseconds(*options.minutes) : run.norm->walk_ds;
  run.method = options.method;
  const TargetGroup target = run.norm->target;

  auto start = std::chrono::steady_clock::now();
  ALLEY_ASSIGN_OR_RETURN(StoredNetwork net, LoadNetwork(store, kWalkNetwork));
  ALLEY_ASSIGN_OR_RETURN(Places places,
                         LoadPlaces(store, options.unit_code, options.type, options.as_of));
  std::vector<store::UnitRow> children;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(children, r.ChildUnits(options.unit_code));
    if (children.empty()) {
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> self, r.FindUnit(options.unit_code));
      if (self) children.push_back(*std::move(self));
    }
    return OkStatus();
  }));
  run.network_source = net.source;
  run.network_fingerprint = net.fingerprint;
  run.network_synthetic = net.synthetic;
  run.network_vertices = net.graph.vertex_count();
  run.unlocated_residents = places.unlocated_residents;
  run.facilities_unlocated = places.facilities_unlocated;
  run.timings.load_ms = MsSince(start);

  // Snap homes and facilities.
  start = std::chrono::steady_clock::now();
  const Snapper snapper(net.graph);
  const std::size_t n = places.homes.size();
  std::vector<Snapped> homes_snapped;
  std::vector<std::uint32_t> home_of;  // snapped index → home index
  homes_snapped.reserve(n);
  std::vector<double> residents(n), group(n);
  std::vector<std::uint32_t> unit_of_home(n, 0);
  std::vector<core::LatLon> home_at;
  home_at.reserve(n);
  for (const Home& h : places.homes) home_at.push_back(h.at);
  const std::vector<StatusOr<Snapped>> home_snaps =
      snapper.SnapAll(home_at, options.snap_max_m, options.threads);
  for (std::size_t i = 0; i < n; ++i) {
    const Home& h = places.homes[i];
    residents[i] = h.people[TargetGroupIndex(TargetGroup::kAllResidents)];
    group[i] = h.people[TargetGroupIndex(target)];
    for (std::uint32_t u = 0; u < children.size(); ++u) {
      if (h.unit_code.starts_with(children[u].code)) unit_of_home[i] = u;
    }
    const StatusOr<Snapped>& s = home_snaps[i];
    if (s.ok()) {
      homes_snapped.push_back(*s);
      home_of.push_back(static_cast<std::uint32_t>(i));
    } else {
      run.unsnapped_residents += residents[i];
    }
  }
  std::vector<Snapped> facilities_snapped;
  std::vector<std::uint32_t> facility_of;
  for (std::size_t f = 0; f < places.facilities.size(); ++f) {
    PlanFacility pf;
    pf.site = places.facilities[f];
    pf.supply = pf.site.capacity > 0 ? pf.site.capacity : 1;
    StatusOr<Snapped> s = snapper.Snap(pf.site.at, options.snap_max_m);
    pf.snapped = s.ok();
    if (s.ok()) {
      facilities_snapped.push_back(*s);
      facility_of.push_back(static_cast<std::uint32_t>(f));
    }
    run.facilities.push_back(std::move(pf));
  }
  run.timings.snap_ms = MsSince(start);

  // Nearest facility per home; catchment pairs within the threshold.
  start = std::chrono::steady_clock::now();
  const NearestFacilities nearest_snapped =
      FindNearestFacilities(net.graph, homes_snapped, facilities_snapped, kUnreachable - 1);
  ALLEY_ASSIGN_OR_RETURN(PlacePairs pairs, ReachHomes(net.graph, homes_snapped, facilities_snapped,
                                                      run.threshold_ds, options.threads));
  run.timings.relaxations = pairs.relaxations;
  run.timings.reach_ms = MsSince(start);

  start = std::chrono::steady_clock::now();
  std::vector<Deciseconds> nearest(n, kUnreachable);
  std::vector<std::optional<std::size_t>> nearest_facility(n);
  for (std::size_t k = 0; k < homes_snapped.size(); ++k) {
    nearest[home_of[k]] = nearest_snapped.time[k];
    if (nearest_snapped.facility[k] != kNoFacility) {
      nearest_facility[home_of[k]] = facility_of[nearest_snapped.facility[k]];
    }
  }
  // Accessibility over all homes and facilities (pairs in their indices).
  for (std::uint32_t& h : pairs.home) h = home_of[h];
  for (std::uint32_t& f : pairs.facility) f = facility_of[f];
  std::vector<double> supply;
  supply.reserve(run.facilities.size());
  for (const PlanFacility& f : run.facilities) supply.push_back(f.supply);
  const ReachPairs view{pairs.home, pairs.facility, pairs.time};
  ALLEY_ASSIGN_OR_RETURN(
      AccessResult access,
      ComputeAccessibility(group, supply, view, AccessFor(options.method, run.threshold_ds)));
  for (std::size_t f = 0; f < run.facilities.size(); ++f) {
    run.facilities[f].demand = access.facility_demand[f];
    run.facilities[f].ratio = access.facility_ratio[f];
  }

  const auto unit_count = static_cast<std::uint32_t>(children.size());
  CoverageInput in{nearest, residents, group, unit_of_home, unit_count};
  ALLEY_ASSIGN_OR_RETURN(run.coverage, ComputeCoverage(in, run.threshold_ds));
  ALLEY_ASSIGN_OR_RETURN(run.gini, WeightedGini(access.home_access, residents));
  ALLEY_ASSIGN_OR_RETURN(run.gini_target, WeightedGini(access.home_access, group));
  ALLEY_ASSIGN_OR_RETURN(run.theil,
                         TheilT(access.home_access, residents, unit_of_home, unit_count));
  ALLEY_ASSIGN_OR_RETURN(run.worst_decile, WorstServedShare(access.home_access, residents, 0.1));
  ALLEY_ASSIGN_OR_RETURN(
      std::vector<std::optional<double>> mean,
      WeightedMeanByUnit(access.home_access, residents, unit_of_home, unit_count));
  ALLEY_ASSIGN_OR_RETURN(std::vector<std::optional<double>> mean_target,
                         WeightedMeanByUnit(access.home_access, group, unit_of_home, unit_count));
  for (std::uint32_t u = 0; u < unit_count; ++u) {
    run.units.push_back(
        {children[u].code, children[u].name, run.coverage.units[u], mean[u], mean_target[u]});
  }

  run.residents = run.unlocated_residents;
  for (std::size_t i = 0; i < n; ++i) {
    run.residents += residents[i];
    run.target_residents += group[i];
  }
  for (const UnservedHome& u : run.coverage.unserved) {
    run.unserved += u.residents;
    run.unserved_target += u.target;
  }
  std::vector<bool> listed(n, options.with_homes);
  for (const UnservedHome& u : run.coverage.unserved) listed[u.home] = true;
  std::vector<bool> snapped(n, false);
  for (std::uint32_t i : home_of) snapped[i] = true;
  for (std::size_t i = 0; i < n; ++i) {
    if (!listed[i]) continue;
    const Home& h = places.homes[i];
    run.homes.push_back({h.unit_code, h.building, h.at, residents[i], group[i], snapped[i],
                         nearest[i], nearest_facility[i], access.home_access[i]});
  }
  run.timings.measure_ms = MsSince(start);
  return run;
}

}  // namespace alley::planning

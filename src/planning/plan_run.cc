#include "planning/plan_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <span>
#include <utility>

#include "planning/network_store.h"
#include "planning/place_reach.h"
#include "planning/siting.h"
#include "planning/snap.h"

namespace alley::planning {
namespace {

constexpr std::uint32_t kMaxMinutes = 120;
constexpr std::size_t kMaxWorstHomes = 100;
// The life circles' walking times (GB 50180-2018 §2.0.2–2.0.4), reported
// beside the run's own threshold.
constexpr std::uint32_t kLifeCircleMinutes[] = {5, 10, 15};
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

// The figures of one state of supply: coverage, accessibility, equity.
struct Measured {
  CoverageResult coverage;
  AccessResult access;
  std::optional<double> gini;
  std::optional<double> gini_target;
  double unserved = 0;
  double unserved_target = 0;
};

struct Columns {
  std::span<const double> residents;
  std::span<const double> group;
  std::span<const std::uint32_t> unit_of_home;
  std::uint32_t unit_count = 0;
};

StatusOr<Measured> Measure(const Columns& c, std::span<const Deciseconds> nearest,
                           std::span<const double> supply, const ReachPairs& pairs,
                           const AccessOptions& access, Deciseconds threshold) {
  Measured m;
  ALLEY_ASSIGN_OR_RETURN(m.access, ComputeAccessibility(c.group, supply, pairs, access));
  CoverageInput in{nearest, c.residents, c.group, c.unit_of_home, c.unit_count};
  ALLEY_ASSIGN_OR_RETURN(m.coverage, ComputeCoverage(in, threshold));
  // Without a located home ComputeCoverage has no unit column to size its
  // rows by: every child unit is then empty (totals 0, shares unknown).
  m.coverage.units.resize(c.unit_count);
  ALLEY_ASSIGN_OR_RETURN(m.gini, WeightedGini(m.access.home_access, c.residents));
  ALLEY_ASSIGN_OR_RETURN(m.gini_target, WeightedGini(m.access.home_access, c.group));
  for (const UnservedHome& u : m.coverage.unserved) {
    m.unserved += u.residents;
    m.unserved_target += u.target;
  }
  return m;
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
  const TargetGroup target = options.group.value_or(run.norm->target);
  run.target_group = target;

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
  for (std::size_t i = 0; i < n; ++i) {
    const Home& h = places.homes[i];
    residents[i] = h.people[TargetGroupIndex(TargetGroup::kAllResidents)];
    group[i] = h.people[TargetGroupIndex(target)];
    for (std::uint32_t u = 0; u < children.size(); ++u) {
      if (h.unit_code.starts_with(children[u].code)) unit_of_home[i] = u;
    }
    StatusOr<Snapped> s = snapper.Snap(h.at, options.snap_max_m);
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
  const AccessOptions access_options = AccessFor(options.method, run.threshold_ds);
  const auto unit_count = static_cast<std::uint32_t>(children.size());
  const Columns columns{residents, group, unit_of_home, unit_count};
  ALLEY_ASSIGN_OR_RETURN(Measured before,
                         Measure(columns, nearest, supply, view, access_options, run.threshold_ds));
  const AccessResult& access = before.access;
  for (std::size_t f = 0; f < run.facilities.size(); ++f) {
    run.facilities[f].demand = access.facility_demand[f];
    run.facilities[f].ratio = access.facility_ratio[f];
  }
  run.coverage = before.coverage;
  for (std::uint32_t minutes : kLifeCircleMinutes) {
    CoverageInput in{nearest, residents, group, {}, 0};
    ALLEY_ASSIGN_OR_RETURN(CoverageResult c, ComputeCoverage(in, MinutesToDeciseconds(minutes)));
    run.coverage_by_minutes.push_back({minutes, c.overall});
  }
  run.gini = before.gini;
  run.gini_target = before.gini_target;
  run.unserved = before.unserved;
  run.unserved_target = before.unserved_target;
  ALLEY_ASSIGN_OR_RETURN(run.theil,
                         TheilT(access.home_access, residents, unit_of_home, unit_count));
  ALLEY_ASSIGN_OR_RETURN(run.worst_decile, WorstServedShare(access.home_access, residents, 0.1));
  ALLEY_ASSIGN_OR_RETURN(
      std::vector<std::optional<double>> mean,
      WeightedMeanByUnit(access.home_access, residents, unit_of_home, unit_count));
  ALLEY_ASSIGN_OR_RETURN(std::vector<std::optional<double>> mean_target,
                         WeightedMeanByUnit(access.home_access, group, unit_of_home, unit_count));
  std::vector<double> unit_means;
  std::vector<double> unit_residents;
  for (std::uint32_t u = 0; u < unit_count; ++u) {
    run.units.push_back(
        {children[u].code, children[u].name, run.coverage.units[u], mean[u], mean_target[u]});
    if (mean[u]) {
      unit_means.push_back(*mean[u]);
      unit_residents.push_back(run.coverage.units[u].residents.total);
    }
  }
  ALLEY_ASSIGN_OR_RETURN(run.gini_units, WeightedGini(unit_means, unit_residents));

  run.residents = run.unlocated_residents;
  for (std::size_t i = 0; i < n; ++i) {
    run.residents += residents[i];
    run.target_residents += group[i];
  }
  std::vector<bool> snapped(n, false);
  for (std::uint32_t i : home_of) snapped[i] = true;
  auto home_row = [&](std::size_t i) {
    const Home& h = places.homes[i];
    return PlanHome{h.unit_code,
                    h.building,
                    h.at,
                    residents[i],
                    group[i],
                    snapped[i],
                    nearest[i],
                    nearest_facility[i],
                    access.home_access[i]};
  };
  for (std::uint32_t i : run.worst_decile.homes) {
    if (run.worst_homes.size() == kMaxWorstHomes) break;
    run.worst_homes.push_back(home_row(i));
  }
  std::vector<bool> listed(n, options.with_homes);
  for (const UnservedHome& u : run.coverage.unserved) listed[u.home] = true;
  for (std::size_t i = 0; i < n; ++i) {
    if (listed[i]) run.homes.push_back(home_row(i));
  }
  run.timings.measure_ms = MsSince(start);

  if (options.new_sites > 0) {
    start = std::chrono::steady_clock::now();
    PlanProposal proposal;
    proposal.candidates = static_cast<int64_t>(places.candidates.size());
    std::vector<Snapped> candidates_snapped;
    std::vector<std::uint32_t> candidate_of;
    for (std::uint32_t c = 0; c < places.candidates.size(); ++c) {
      StatusOr<Snapped> s = snapper.Snap(places.candidates[c].at, options.snap_max_m);
      if (!s.ok()) {
        ++proposal.candidates_unsnapped;
        continue;
      }
      candidates_snapped.push_back(*s);
      candidate_of.push_back(c);
    }
    if (candidates_snapped.empty()) {
      return FailedPreconditionError(
          "unit " + options.unit_code +
          " has no candidate site near a street: add some (`alley plan candidates add`)");
    }
    if (options.new_sites > candidates_snapped.size()) {
      return OutOfRangeError(fmt::format("{} new sites asked, but unit {} has {} candidate sites",
                                         options.new_sites, options.unit_code,
                                         candidates_snapped.size()));
    }
    ALLEY_ASSIGN_OR_RETURN(
        PlacePairs reach, ReachHomes(net.graph, homes_snapped, candidates_snapped, run.threshold_ds,
                                     options.threads));
    // Siting's facilities: every existing one (kept open) first, then the
    // candidates; its clients the homes, weighted by the target group (by
    // residents where the unit has nobody of the group).
    const auto existing = static_cast<std::int32_t>(run.facilities.size());
    SitingProblem problem;
    problem.weights = run.target_residents > 0 ? group : residents;
    problem.facility_count = existing + static_cast<std::int32_t>(candidates_snapped.size());
    problem.costs.reserve(pairs.home.size() + reach.home.size());
    for (std::size_t p = 0; p < pairs.home.size(); ++p) {
      problem.costs.push_back({static_cast<std::int32_t>(pairs.home[p]),
                               static_cast<std::int32_t>(pairs.facility[p]),
                               static_cast<double>(pairs.time[p])});
    }
    for (std::size_t p = 0; p < reach.home.size(); ++p) {
      problem.costs.push_back({static_cast<std::int32_t>(home_of[reach.home[p]]),
                               existing + static_cast<std::int32_t>(reach.facility[p]),
                               static_cast<double>(reach.time[p])});
    }
    for (std::int32_t f = 0; f < existing; ++f) problem.fixed.push_back(f);
    SitingOptions siting;
    siting.model = SitingModel::kMclp;
    siting.p = existing + static_cast<std::int32_t>(options.new_sites);
    siting.radius = static_cast<double>(run.threshold_ds);
    siting.solver = options.exact ? SitingSolver::kExact : SitingSolver::kHeuristic;
    ALLEY_ASSIGN_OR_RETURN(SitingResult chosen, Solve(problem, siting));
    proposal.solver = std::string(SitingSolverName(chosen.solver));
    proposal.optimal = chosen.optimal;

    // Measure again with the chosen sites open.
    std::vector<Snapped> opened;
    std::vector<bool> is_open(candidates_snapped.size(), false);
    for (std::int32_t f : chosen.facilities) {
      if (f < existing) continue;
      const auto c = static_cast<std::size_t>(f - existing);
      is_open[c] = true;
      opened.push_back(candidates_snapped[c]);
      proposal.sites.push_back(places.candidates[candidate_of[c]]);
    }
    const NearestFacilities nearest_new =
        FindNearestFacilities(net.graph, homes_snapped, opened, kUnreachable - 1);
    std::vector<Deciseconds> nearest_after = nearest;
    for (std::size_t k = 0; k < homes_snapped.size(); ++k) {
      nearest_after[home_of[k]] = std::min(nearest_after[home_of[k]], nearest_new.time[k]);
    }
    std::vector<double> supply_after = supply;
    std::vector<std::uint32_t> pair_home = pairs.home;
    std::vector<std::uint32_t> pair_facility = pairs.facility;
    std::vector<Deciseconds> pair_time = pairs.time;
    std::vector<std::uint32_t> column_of(candidates_snapped.size(), 0);
    for (std::size_t c = 0; c < candidates_snapped.size(); ++c) {
      if (!is_open[c]) continue;
      column_of[c] = static_cast<std::uint32_t>(supply_after.size());
      const double capacity = places.candidates[candidate_of[c]].capacity;
      supply_after.push_back(capacity > 0 ? capacity : 1);
    }
    for (std::size_t p = 0; p < reach.home.size(); ++p) {
      if (!is_open[reach.facility[p]]) continue;
      pair_home.push_back(home_of[reach.home[p]]);
      pair_facility.push_back(column_of[reach.facility[p]]);
      pair_time.push_back(reach.time[p]);
    }
    ALLEY_ASSIGN_OR_RETURN(Measured after, Measure(columns, nearest_after, supply_after,
                                                   ReachPairs{pair_home, pair_facility, pair_time},
                                                   access_options, run.threshold_ds));
    proposal.covered = after.coverage.overall.residents.share;
    proposal.covered_target = after.coverage.overall.target.share;
    proposal.gini = after.gini;
    proposal.gini_target = after.gini_target;
    proposal.unserved = after.unserved;
    proposal.unserved_target = after.unserved_target;
    proposal.siting_ms = MsSince(start);
    run.proposal = std::move(proposal);
  }
  return run;
}

}  // namespace alley::planning

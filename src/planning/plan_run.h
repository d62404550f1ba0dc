// The whole pipeline for one unit and one facility type (`alley plan run`,
// GET /api/v1/plan/run): the stored walking network, the ledger's homes and
// the facilities snapped to it, each home's nearest facility, the catchments
// within the threshold, accessibility (E2SFCA by default), coverage against
// the life circle's norm (GB 50180-2018, norms.h), and equity.
//
//   PlanRunOptions o{.unit_code = "320706006010", .type = FacilityType::kNursery,
//                    .as_of = today};
//   ALLEY_ASSIGN_OR_RETURN(PlanRun run, RunPlan(store, o));
//   run.coverage.overall.residents.share;   // covered, 0–1
//
// Definitions (docs/planning.md):
// - residents: everyone of the subtree in force on the date; coverage and
//   equity are measured over the located ones (unlocated_residents are not).
// - a home is covered when its nearest facility is within the threshold
//   (the norm's walking time unless `minutes` is given); a home farther than
//   snap_max_m from any street is unreachable.
// - accessibility: supply per member of the norm's target group in reach
//   (places; a facility without a recorded capacity counts as one place);
//   stepwise zones at a third, two thirds and all of the threshold.
// - gini: the weighted Gini of the homes' accessibility over residents;
//   gini_target over the target group; gini_units of the child units' means
//   by their residents; theil over residents by child unit.
// - unserved: residents (and target group) in homes not covered.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "planning/accessibility.h"
#include "planning/equity.h"
#include "planning/norms.h"
#include "planning/places.h"
#include "store/store.h"

namespace alley::planning {

struct PlanRunOptions {
  std::string unit_code;
  registry::FacilityType type = registry::FacilityType::kNursery;
  std::optional<std::uint32_t> minutes;  // the threshold; default: the norm's
  std::optional<TargetGroup> group;      // whom to measure for; default: the norm's
  core::Date as_of;
  AccessMethod method = AccessMethod::kStepwise;
  double snap_max_m = 1000;
  unsigned threads = 0;     // 0: all
  bool with_homes = false;  // fill PlanRun::homes
  // Siting: choose this many of the unit's candidate sites (the existing
  // facilities stay open) to cover the most of the target group within the
  // threshold (MCLP), and measure again with them. 0: no proposal.
  std::uint32_t new_sites = 0;
  bool exact = false;  // solve the siting exactly (CBC) instead of by the heuristic
};

struct PlanUnit {
  std::string code;
  std::string name;
  UnitCoverage coverage;
  std::optional<double> mean_access;         // per resident
  std::optional<double> mean_access_target;  // per member of the target group
};

struct PlanHome {
  std::string unit_code;
  std::string building;
  core::LatLon at;
  double residents = 0;
  double target = 0;
  bool snapped = false;
  Deciseconds nearest_ds = kUnreachable;
  std::optional<std::size_t> nearest;  // index into PlanRun::facilities
  double access = 0;
};

struct PlanFacility {
  Site site;
  bool snapped = false;
  double supply = 0;  // capacity, or 1 when none recorded
  double demand = 0;  // target-group demand in reach (weighted), V_j
  double ratio = 0;   // supply / demand; 0 when no demand in reach
};

// What the proposed sites change: the same figures with them open.
struct PlanProposal {
  std::string model = "mclp";
  std::string solver;
  bool optimal = false;
  std::vector<Site> sites;  // the chosen candidates
  int64_t candidates = 0;   // the unit's candidate sites
  int64_t candidates_unsnapped = 0;
  std::optional<double> covered;
  std::optional<double> covered_target;
  std::optional<double> gini;
  std::optional<double> gini_target;
  double unserved = 0;
  double unserved_target = 0;
  double siting_ms = 0;
};

struct PlanTimings {
  double load_ms = 0;
  double snap_ms = 0;
  double reach_ms = 0;
  double measure_ms = 0;
  std::uint64_t relaxations = 0;
};

struct PlanRun {
  std::string unit_code;
  const FacilityNorm* norm = nullptr;
  TargetGroup target_group = TargetGroup::kAllResidents;
  Deciseconds threshold_ds = 0;
  AccessMethod method = AccessMethod::kStepwise;
  std::string network_source;
  std::string network_fingerprint;
  bool network_synthetic = false;
  std::uint32_t network_vertices = 0;

  double residents = 0;  // all, located or not
  double unlocated_residents = 0;
  double unsnapped_residents = 0;  // in homes too far from a street
  double target_residents = 0;     // located
  CoverageResult coverage;         // overall and per unit (PlanRun::units)
  // The same overall coverage at each life circle's time: 5, 10, 15 minutes.
  std::vector<std::pair<std::uint32_t, UnitCoverage>> coverage_by_minutes;
  double unserved = 0;  // residents not covered
  double unserved_target = 0;
  std::optional<double> gini;
  std::optional<double> gini_target;
  std::optional<double> gini_units;  // of the child units' mean accessibility, by residents
  TheilResult theil;
  WorstServed worst_decile;
  std::vector<PlanHome> worst_homes;  // where the worst-served decile lives (at most 100)
  std::vector<PlanUnit> units;        // the unit's children (or the unit alone)
  std::vector<PlanFacility> facilities;
  int64_t facilities_unlocated = 0;
  std::vector<PlanHome> homes;           // every home with with_homes; else the unserved ones
  std::optional<PlanProposal> proposal;  // with new_sites > 0
  PlanTimings timings;
};

// The pipeline. With no facility of the type everyone is unserved (coverage
// 0, accessibility 0, Gini undefined). kNotFound for an unknown unit;
// kFailedPrecondition when no walking network is stored, or new sites are
// asked of a unit without candidate sites near a street; kOutOfRange when
// more new sites are asked than there are candidates; kInvalidArgument for
// minutes outside 1..120 or a snapping distance not positive.
StatusOr<PlanRun> RunPlan(store::Store& store, const PlanRunOptions& options);

}  // namespace alley::planning

// Siting (stage 7 of the planning pipeline): which candidate sites to open.
//
// A problem is a set of clients (homes, compounds: each with a demand weight),
// a set of candidate facilities (each with an optional capacity), and the
// cost between them as a sparse table: a (client, facility) pair that is
// absent means the facility cannot serve the client (it is outside the
// catchment the pipeline computed). Facilities listed in `fixed` are open
// whatever the model decides (existing ones). Clients of weight 0 take no
// part in any model.
//
// Models:
//   kMclp    maximal covering (Church & ReVelle 1974): open p facilities so
//            as to maximise the weight of clients with an open facility at
//            cost <= radius. With capacities (SitingProblem::capacities) a
//            facility covers at most its capacity of demand weight, and a
//            client's demand may be split between facilities (the covered
//            weight of a set is a maximum flow): the capacitated variant.
//   kPMedian p-median (ReVelle & Swain 1970): open p facilities so as to
//            minimise Σ weight × cost to the nearest open facility; a set that
//            leaves a client without any pair to an open facility is
//            infeasible. Capacities are not supported for it.
//   kLscp    location set covering (Toregas et al. 1971): the fewest
//            facilities such that every client has one at cost <= radius.
//            Capacities are not supported for it.
// p counts every open facility, the fixed ones included (as spopt does):
// p - fixed.size() new sites are chosen.
//
// Solvers:
//   kHeuristic greedy construction, then interchange (one facility in, one
//            out): candidates are taken in index order, cyclically, each
//            swapped with its best open partner when that improves the
//            objective by more than a relative 1e-9, until a whole cycle
//            improves nothing (a local optimum); ties go to the lowest
//            facility index, so results are deterministic. A swap's value
//            costs O(the entering facility's clients + p) through per-client
//            bookkeeping (nearest and second-nearest open facility for
//            p-median, Whitaker 1983 / Resende & Werneck 2007; the number of
//            covering open facilities for MCLP) and running per-facility
//            loss sums. Small instances get extra greedy starts (each with
//            one of the best single candidates forced in; the best local
//            optimum wins), as many as a work budget of about 5 million
//            table entries allows, at most 32; city-sized ones get one.
//            LSCP: greedy cover, redundant sites dropped, then one site fewer
//            while MCLP's interchange (unit weights) still covers everyone.
//            The capacitated MCLP values every candidate set by a maximum
//            flow: meant for hundreds of candidates, not thousands.
//            bench/siting_bench.cc: 2,000 candidates × 200,000 clients
//            (7.5 million pairs) in about 1.5–2.5 s of one core.
//   kExact   the standard integer programme of each model solved by CBC
//            (COIN-OR), for small instances; `optimal` says whether CBC proved
//            optimality within SitingOptions::time_limit_s.
//
//   SitingProblem problem;
//   problem.weights = {10, 5, 8};
//   problem.facility_count = 2;
//   problem.costs = {{0, 0, 3.0}, {1, 0, 9.0}, {1, 1, 2.0}, {2, 1, 4.0}};
//   SitingOptions options{.model = SitingModel::kPMedian, .p = 1};
//   ALLEY_ASSIGN_OR_RETURN(SitingResult result, Solve(problem, options));
//
// Thread safety: Solve is reentrant; distinct calls may run on distinct
// threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace alley::planning {

// One entry of the sparse cost table: `cost` (>= 0, finite; in whatever unit
// the caller uses, e.g. deciseconds or metres) between `client` and
// `facility` (0-based indices).
struct SitingCost {
  int32_t client = 0;
  int32_t facility = 0;
  double cost = 0;
};

struct SitingProblem {
  std::vector<double> weights;    // one per client, >= 0 and finite
  int32_t facility_count = 0;     // candidates are 0 .. facility_count - 1
  std::vector<SitingCost> costs;  // at most one entry per pair, in any order
  // Empty: no facility has a capacity. Otherwise one entry per facility,
  // nullopt for no limit; a capacity is >= 0 and finite, in demand weight.
  std::vector<std::optional<double>> capacities;
  std::vector<int32_t> fixed;  // facilities that stay open; distinct
};

enum class SitingModel { kMclp, kPMedian, kLscp };
enum class SitingSolver { kHeuristic, kExact };

// "mclp", "pmedian", "lscp"; "heuristic", "cbc".
std::string_view SitingModelName(SitingModel model);
std::string_view SitingSolverName(SitingSolver solver);

struct SitingOptions {
  SitingModel model = SitingModel::kMclp;
  int32_t p = 0;                 // MCLP and p-median: open facilities, fixed included
  std::optional<double> radius;  // MCLP and LSCP (required there), >= 0, finite
  SitingSolver solver = SitingSolver::kHeuristic;
  double time_limit_s = 60;  // kExact: CBC's limit, > 0
};

struct SitingResult {
  SitingModel model = SitingModel::kMclp;
  SitingSolver solver = SitingSolver::kHeuristic;
  std::vector<int32_t> facilities;  // the open ones, fixed included, ascending
  // MCLP: the covered weight; p-median: Σ weight × cost; LSCP: the number
  // of open facilities.
  double objective = 0;
  double total_weight = 0;  // Σ of all clients' weights
  // MCLP and LSCP: the weight within radius of an open facility (for the
  // capacitated MCLP, the weight the facilities' capacities can serve).
  double covered_weight = 0;
  // MCLP and LSCP: clients of positive weight not covered (capacitated: not
  // wholly served), ascending. Empty for p-median.
  std::vector<int32_t> uncovered_clients;
  // p-median: Σ weight × cost / Σ weight, and each client's nearest open
  // facility (ties to the lowest index; -1 for a client of weight 0 with no
  // open facility in reach). Empty for the other models.
  double mean_cost = 0;
  std::vector<int32_t> assignment;
  // kExact: whether CBC proved optimality, and its relative gap
  // |objective - bound| / max(|objective|, 1e-9) (0 when optimal). The
  // heuristic proves nothing: optimal is false and gap nullopt.
  bool optimal = false;
  std::optional<double> gap;
  double seconds = 0;  // wall time of Solve
};

// Checks `problem` and `options` and solves.
//
// Refused up front (nothing is solved), with the first rule broken:
//   kInvalidArgument: no candidate facility; a weight or cost that is
//     negative, NaN or infinite; no client of positive weight; a pair
//     listed twice; capacities not one per facility, or negative, NaN or
//     infinite; capacities with a model other than MCLP; a fixed facility
//     listed twice; the radius missing for MCLP/LSCP, given for p-median,
//     negative or not finite; time_limit_s <= 0 or not finite.
//   kOutOfRange: a client or facility index outside its range; p outside
//     1 .. facility_count (MCLP, p-median); more fixed facilities than p;
//     a fixed facility index outside its range.
//   kFailedPrecondition: LSCP, a client of positive weight that no
//     candidate covers; p-median, a client of positive weight with no pair
//     to any candidate, or (after solving) no set of p facilities found that
//     serves every such client (exact: proven; heuristic: none found).
//   kResourceExhausted: kExact, CBC found no feasible solution within the
//     time limit.
//   kInternal: CBC failed (abandoned on numerical difficulties).
StatusOr<SitingResult> Solve(const SitingProblem& problem, const SitingOptions& options);

}  // namespace alley::planning

#include "planning/siting.h"

#include <coin/Cbc_C_Interface.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <queue>
#include <span>
#include <sstream>
#include <string>
#include <utility>

namespace alley::planning {
namespace {

// An interchange is taken only when it improves the objective by more than
// this share of its scale, so that rounding noise never makes it cycle.
constexpr double kRelativeTolerance = 1e-9;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// A number for a message, in at most 6 significant digits.
std::string Num(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

size_t U(int32_t i) { return static_cast<size_t>(i); }

// Rows of a sparse matrix in compressed form: row r holds the entries
// start[r] .. start[r + 1] - 1.
struct Rows {
  std::vector<int64_t> start;
  std::vector<int32_t> index;
  std::vector<double> cost;

  size_t Begin(int32_t r) const { return static_cast<size_t>(start[U(r)]); }
  size_t End(int32_t r) const { return static_cast<size_t>(start[U(r) + 1]); }
};

// The checked problem, indexed both ways.
struct Instance {
  int32_t n = 0;  // clients
  int32_t m = 0;  // facilities
  std::span<const double> w;
  Rows by_client;    // each row by (cost, facility) ascending
  Rows by_facility;  // each row by client ascending
  std::vector<char> fixed;
  std::vector<int32_t> fixed_list;  // ascending
  double total_weight = 0;
  double max_cost = 0;
};

bool Finite(double x) { return std::isfinite(x); }

Status Check(const SitingProblem& problem, const SitingOptions& options) {
  const int32_t m = problem.facility_count;
  if (m <= 0) return InvalidArgumentError("facility_count: there is no candidate facility");
  if (problem.weights.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return OutOfRangeError("weights: more than 2^31 - 1 clients");
  }
  const auto n = static_cast<int32_t>(problem.weights.size());
  bool any_positive = false;
  for (int32_t i = 0; i < n; ++i) {
    double w = problem.weights[U(i)];
    if (!Finite(w)) {
      return InvalidArgumentError("client " + std::to_string(i) + ": weight is not finite");
    }
    if (w < 0) {
      return InvalidArgumentError("client " + std::to_string(i) + ": weight " + Num(w) +
                                  " is negative");
    }
    if (w > 0) any_positive = true;
  }
  if (!any_positive) return InvalidArgumentError("weights: no client has a positive weight");
  for (const SitingCost& c : problem.costs) {
    std::string pair = "cost of (client " + std::to_string(c.client) + ", facility " +
                       std::to_string(c.facility) + ")";
    if (c.client < 0 || c.client >= n) {
      return OutOfRangeError(pair + ": client must be 0.." + std::to_string(n - 1));
    }
    if (c.facility < 0 || c.facility >= m) {
      return OutOfRangeError(pair + ": facility must be 0.." + std::to_string(m - 1));
    }
    if (!Finite(c.cost)) return InvalidArgumentError(pair + ": not finite");
    if (c.cost < 0) return InvalidArgumentError(pair + ": " + Num(c.cost) + " is negative");
  }
  if (!problem.capacities.empty()) {
    if (problem.capacities.size() != U(m)) {
      return InvalidArgumentError("capacities: " + std::to_string(problem.capacities.size()) +
                                  " given for " + std::to_string(m) + " facilities");
    }
    if (options.model != SitingModel::kMclp) {
      return InvalidArgumentError("capacities: only the MCLP model takes facility capacities");
    }
    for (int32_t j = 0; j < m; ++j) {
      const std::optional<double>& cap = problem.capacities[U(j)];
      if (!cap) continue;
      std::string what = "facility " + std::to_string(j) + ": capacity ";
      if (!Finite(*cap)) return InvalidArgumentError(what + "is not finite");
      if (*cap < 0) return InvalidArgumentError(what + Num(*cap) + " is negative");
    }
  }
  std::vector<char> seen(U(m), 0);
  for (int32_t j : problem.fixed) {
    if (j < 0 || j >= m) {
      return OutOfRangeError("fixed: facility " + std::to_string(j) + " must be 0.." +
                             std::to_string(m - 1));
    }
    if (seen[U(j)] != 0) {
      return InvalidArgumentError("fixed: facility " + std::to_string(j) + " is listed twice");
    }
    seen[U(j)] = 1;
  }
  const bool needs_radius = options.model != SitingModel::kPMedian;
  if (needs_radius && !options.radius) {
    return InvalidArgumentError(std::string("radius: required for ") +
                                std::string(SitingModelName(options.model)));
  }
  if (!needs_radius && options.radius) {
    return InvalidArgumentError("radius: the p-median model takes no radius");
  }
  if (options.radius) {
    if (!Finite(*options.radius)) return InvalidArgumentError("radius: not finite");
    if (*options.radius < 0) {
      return InvalidArgumentError("radius: " + Num(*options.radius) + " is negative");
    }
  }
  if (options.model != SitingModel::kLscp) {
    if (options.p < 1 || options.p > m) {
      return OutOfRangeError("p must be 1.." + std::to_string(m) + " (the candidates), got " +
                             std::to_string(options.p));
    }
    if (problem.fixed.size() > U(options.p)) {
      return OutOfRangeError("p " + std::to_string(options.p) + " is less than the " +
                             std::to_string(problem.fixed.size()) + " fixed facilities");
    }
  }
  if (options.solver == SitingSolver::kExact &&
      (!Finite(options.time_limit_s) || options.time_limit_s <= 0)) {
    return InvalidArgumentError("time_limit_s: must be a positive number of seconds");
  }
  return OkStatus();
}

// Builds both indexes; refuses a pair listed twice.
StatusOr<Instance> Build(const SitingProblem& problem) {
  Instance in;
  in.n = static_cast<int32_t>(problem.weights.size());
  in.m = problem.facility_count;
  in.w = problem.weights;
  for (double w : problem.weights) in.total_weight += w;
  in.fixed.assign(U(in.m), 0);
  for (int32_t j : problem.fixed) in.fixed[U(j)] = 1;
  for (int32_t j = 0; j < in.m; ++j) {
    if (in.fixed[U(j)] != 0) in.fixed_list.push_back(j);
  }

  const size_t pairs = problem.costs.size();
  Rows& bc = in.by_client;
  bc.start.assign(U(in.n) + 1, 0);
  for (const SitingCost& c : problem.costs) ++bc.start[U(c.client) + 1];
  for (size_t i = 0; i < U(in.n); ++i) bc.start[i + 1] += bc.start[i];
  bc.index.resize(pairs);
  bc.cost.resize(pairs);
  {
    std::vector<int64_t> next(bc.start.begin(), bc.start.end() - 1);
    for (const SitingCost& c : problem.costs) {
      auto k = static_cast<size_t>(next[U(c.client)]++);
      bc.index[k] = c.facility;
      bc.cost[k] = c.cost;
      in.max_cost = std::max(in.max_cost, c.cost);
    }
  }
  std::vector<std::pair<double, int32_t>> row;
  for (int32_t i = 0; i < in.n; ++i) {
    size_t b = bc.Begin(i);
    size_t e = bc.End(i);
    row.clear();
    for (size_t k = b; k < e; ++k) row.emplace_back(bc.cost[k], bc.index[k]);
    std::sort(row.begin(), row.end(),
              [](const auto& x, const auto& y) { return x.second < y.second; });
    for (size_t k = 1; k < row.size(); ++k) {
      if (row[k].second == row[k - 1].second) {
        return InvalidArgumentError("cost of (client " + std::to_string(i) + ", facility " +
                                    std::to_string(row[k].second) + "): listed twice");
      }
    }
    std::sort(row.begin(), row.end());
    for (size_t k = 0; k < row.size(); ++k) {
      bc.cost[b + k] = row[k].first;
      bc.index[b + k] = row[k].second;
    }
  }

  Rows& bf = in.by_facility;
  bf.start.assign(U(in.m) + 1, 0);
  for (int32_t j : bc.index) ++bf.start[U(j) + 1];
  for (size_t j = 0; j < U(in.m); ++j) bf.start[j + 1] += bf.start[j];
  bf.index.resize(pairs);
  bf.cost.resize(pairs);
  std::vector<int64_t> next(bf.start.begin(), bf.start.end() - 1);
  for (int32_t i = 0; i < in.n; ++i) {
    for (size_t k = bc.Begin(i); k < bc.End(i); ++k) {
      auto slot = static_cast<size_t>(next[U(bc.index[k])]++);
      bf.index[slot] = i;
      bf.cost[slot] = bc.cost[k];
    }
  }
  return in;
}

// The covering relation of MCLP and LSCP: for clients of positive weight,
// the facilities within `radius` (and the reverse).
struct Cover {
  Rows by_client;    // facilities, ascending
  Rows by_facility;  // clients, ascending
};

Cover BuildCover(const Instance& in, double radius) {
  Cover cover;
  cover.by_client.start.assign(U(in.n) + 1, 0);
  std::vector<int64_t> per_facility(U(in.m) + 1, 0);
  for (int32_t i = 0; i < in.n; ++i) {
    size_t kept = 0;
    if (in.w[U(i)] > 0) {
      for (size_t k = in.by_client.Begin(i); k < in.by_client.End(i); ++k) {
        if (in.by_client.cost[k] > radius) break;  // the row is by cost
        cover.by_client.index.push_back(in.by_client.index[k]);
        ++per_facility[U(in.by_client.index[k]) + 1];
        ++kept;
      }
      std::sort(cover.by_client.index.end() - static_cast<std::ptrdiff_t>(kept),
                cover.by_client.index.end());
    }
    cover.by_client.start[U(i) + 1] = cover.by_client.start[U(i)] + static_cast<int64_t>(kept);
  }
  for (size_t j = 0; j < U(in.m); ++j) per_facility[j + 1] += per_facility[j];
  cover.by_facility.start = per_facility;
  cover.by_facility.index.resize(cover.by_client.index.size());
  std::vector<int64_t> next(per_facility.begin(), per_facility.end() - 1);
  for (int32_t i = 0; i < in.n; ++i) {
    for (size_t k = cover.by_client.Begin(i); k < cover.by_client.End(i); ++k) {
      int32_t j = cover.by_client.index[k];
      cover.by_facility.index[static_cast<size_t>(next[U(j)]++)] = i;
    }
  }
  return cover;
}

std::vector<int32_t> OpenList(const std::vector<char>& open) {
  std::vector<int32_t> list;
  for (size_t j = 0; j < open.size(); ++j) {
    if (open[j] != 0) list.push_back(static_cast<int32_t>(j));
  }
  return list;
}

// MCLP's search (uncapacitated): per client, how many open facilities cover
// it and the sum of their indices (which is the sole one's index when the
// count is 1), so that a swap's value costs O(the entering facility's
// clients + p).
class CoverSearch {
 public:
  CoverSearch(const Instance& in, const Cover& cover, std::span<const double> weights)
      : in_(in),
        cover_(cover),
        w_(weights),
        open_(U(in.m), 0),
        count_(U(in.n), 0),
        idsum_(U(in.n), 0),
        loss_(U(in.m), 0) {}

  void Open(int32_t j) {
    open_[U(j)] = 1;
    for (size_t k = cover_.by_facility.Begin(j); k < cover_.by_facility.End(j); ++k) {
      size_t i = U(cover_.by_facility.index[k]);
      Unaccount(i);
      ++count_[i];
      idsum_[i] += j;
      Account(i);
    }
  }

  void Close(int32_t j) {
    open_[U(j)] = 0;
    for (size_t k = cover_.by_facility.Begin(j); k < cover_.by_facility.End(j); ++k) {
      size_t i = U(cover_.by_facility.index[k]);
      Unaccount(i);
      --count_[i];
      idsum_[i] -= j;
      Account(i);
    }
  }

  // Opens facilities one at a time, each the one that covers the most
  // uncovered weight, until `p` are open (or, with `until_covered`, until
  // no facility covers any more).
  void Greedy(int32_t p, bool until_covered = false) {
    std::vector<double> gain(U(in_.m), 0);
    for (int32_t j = 0; j < in_.m; ++j) {
      for (size_t k = cover_.by_facility.Begin(j); k < cover_.by_facility.End(j); ++k) {
        size_t i = U(cover_.by_facility.index[k]);
        if (count_[i] == 0) gain[U(j)] += w_[i];
      }
    }
    int32_t open = static_cast<int32_t>(OpenList(open_).size());
    while (open < p) {
      int32_t best = -1;
      for (int32_t j = 0; j < in_.m; ++j) {
        if (open_[U(j)] == 0 && (best < 0 || gain[U(j)] > gain[U(best)])) best = j;
      }
      if (best < 0 || (until_covered && gain[U(best)] <= 0)) break;
      for (size_t k = cover_.by_facility.Begin(best); k < cover_.by_facility.End(best); ++k) {
        int32_t i = cover_.by_facility.index[k];
        if (count_[U(i)] != 0) continue;
        for (size_t q = cover_.by_client.Begin(i); q < cover_.by_client.End(i); ++q) {
          gain[U(cover_.by_client.index[q])] -= w_[U(i)];
        }
      }
      Open(best);
      ++open;
    }
  }

  // Interchange: candidates are taken in index order, cyclically; for each
  // closed one, the best open (non-fixed) facility to swap it with, taken when
  // it gains more than the tolerance (ties to the lowest index). Ends when a
  // whole cycle of candidates finds no improving swap: a local optimum.
  void Interchange() {
    std::vector<double> extra(U(in_.m), 0);
    std::vector<char> touched_mark(U(in_.m), 0);
    std::vector<int32_t> touched;
    double total = 0;
    for (int32_t i = 0; i < in_.n; ++i) total += w_[U(i)];
    const double tolerance = kRelativeTolerance * total;
    std::vector<int32_t> movable;
    for (int32_t j = 0; j < in_.m; ++j) {
      if (open_[U(j)] != 0 && in_.fixed[U(j)] == 0) movable.push_back(j);
    }
    if (movable.empty()) return;
    int32_t unimproved = 0;
    for (int32_t a = 0; unimproved < in_.m; a = (a + 1) % in_.m) {
      if (a == 0) RecomputeLoss();  // no drift from the running sums
      ++unimproved;
      if (open_[U(a)] != 0) continue;
      double g = 0;
      for (size_t k = cover_.by_facility.Begin(a); k < cover_.by_facility.End(a); ++k) {
        size_t i = U(cover_.by_facility.index[k]);
        if (count_[i] == 0) {
          g += w_[i];
        } else if (count_[i] == 1) {
          auto r = static_cast<size_t>(idsum_[i]);
          if (touched_mark[r] == 0) {
            touched_mark[r] = 1;
            touched.push_back(static_cast<int32_t>(r));
          }
          extra[r] += w_[i];
        }
      }
      double best = tolerance;
      size_t best_slot = movable.size();
      // extra[r] <= loss[r], so no swap bringing `a` in gains more than g.
      if (g > best) {
        for (size_t slot = 0; slot < movable.size(); ++slot) {
          int32_t r = movable[slot];
          double profit = g - loss_[U(r)] + extra[U(r)];
          if (profit > best ||
              (profit == best && best_slot < movable.size() && r < movable[best_slot])) {
            best = profit;
            best_slot = slot;
          }
        }
      }
      for (int32_t r : touched) {
        extra[U(r)] = 0;
        touched_mark[U(r)] = 0;
      }
      touched.clear();
      if (best_slot < movable.size()) {
        Close(movable[best_slot]);
        Open(a);
        movable[best_slot] = a;
        unimproved = 0;
      }
    }
  }

  // Of clients with positive weight: the uncovered ones, ascending.
  std::vector<int32_t> Uncovered() const {
    std::vector<int32_t> out;
    for (int32_t i = 0; i < in_.n; ++i) {
      if (w_[U(i)] > 0 && count_[U(i)] == 0) out.push_back(i);
    }
    return out;
  }

  double CoveredWeight() const {
    double covered = 0;
    for (size_t i = 0; i < U(in_.n); ++i) {
      if (count_[i] > 0) covered += w_[i];
    }
    return covered;
  }

  // The open facility whose closing uncovers the least weight (lowest index
  // on ties), among those not fixed; -1 when all are fixed.
  int32_t CheapestToClose() {
    RecomputeLoss();
    int32_t best = -1;
    for (int32_t j = 0; j < in_.m; ++j) {
      if (open_[U(j)] == 0 || in_.fixed[U(j)] != 0) continue;
      if (best < 0 || loss_[U(j)] < loss_[U(best)]) best = j;
    }
    return best;
  }

  // Closes every non-fixed open facility (highest index first) whose clients
  // are all covered by another.
  void DropRedundant() {
    for (int32_t j = in_.m - 1; j >= 0; --j) {
      if (open_[U(j)] == 0 || in_.fixed[U(j)] != 0) continue;
      bool redundant = true;
      for (size_t k = cover_.by_facility.Begin(j); k < cover_.by_facility.End(j); ++k) {
        if (count_[U(cover_.by_facility.index[k])] < 2) {
          redundant = false;
          break;
        }
      }
      if (redundant) Close(j);
    }
  }

  const std::vector<char>& open() const { return open_; }
  void SetOpen(const std::vector<char>& open) {
    for (int32_t j = 0; j < in_.m; ++j) {
      if (open_[U(j)] != 0 && open[U(j)] == 0) Close(j);
    }
    for (int32_t j = 0; j < in_.m; ++j) {
      if (open_[U(j)] == 0 && open[U(j)] != 0) Open(j);
    }
  }

 private:
  const Instance& in_;
  const Cover& cover_;
  std::span<const double> w_;
  std::vector<char> open_;
  // Client i's share of loss_: the weight its sole covering facility holds.
  void Account(size_t i) {
    if (count_[i] == 1) loss_[static_cast<size_t>(idsum_[i])] += w_[i];
  }
  void Unaccount(size_t i) {
    if (count_[i] == 1) loss_[static_cast<size_t>(idsum_[i])] -= w_[i];
  }
  void RecomputeLoss() {
    std::fill(loss_.begin(), loss_.end(), 0);
    for (size_t i = 0; i < U(in_.n); ++i) Account(i);
  }

  std::vector<int32_t> count_;
  std::vector<int64_t> idsum_;
  std::vector<double> loss_;  // per open facility: the weight only it covers
};

// A change of the p-median objective, compared lexicographically: first the
// weight of clients left without any open facility in reach (a set that
// leaves one is infeasible), then Σ weight × cost over the served.
struct Gain {
  double weight = 0;  // unserved weight removed
  double cost = 0;    // cost removed

  Gain& operator+=(const Gain& g) {
    weight += g.weight;
    cost += g.cost;
    return *this;
  }
};

Gain operator-(const Gain& a, const Gain& b) { return {a.weight - b.weight, a.cost - b.cost}; }
Gain operator+(const Gain& a, const Gain& b) { return {a.weight + b.weight, a.cost + b.cost}; }

// A client's cost at distance d (kInfinity: unserved), as a Gain to remove.
Gain At(double w, double d) { return std::isinf(d) ? Gain{w, 0} : Gain{0, w * d}; }

bool Less(const Gain& a, const Gain& b) {
  return a.weight < b.weight || (a.weight == b.weight && a.cost < b.cost);
}

// p-median's search: per client the nearest and second-nearest open
// facility (Whitaker's fast interchange as Resende & Werneck describe it).
class MedianSearch {
 public:
  explicit MedianSearch(const Instance& in)
      : in_(in),
        open_(U(in.m), 0),
        d1_(U(in.n), kInfinity),
        d2_(U(in.n), kInfinity),
        f1_(U(in.n), -1),
        f2_(U(in.n), -1),
        loss_(U(in.m)) {}

  void Open(int32_t a) {
    open_[U(a)] = 1;
    const Rows& bf = in_.by_facility;
    for (size_t k = bf.Begin(a); k < bf.End(a); ++k) {
      size_t i = U(bf.index[k]);
      double c = bf.cost[k];
      Unaccount(i);
      if (Before(c, a, d1_[i], f1_[i])) {
        d2_[i] = d1_[i];
        f2_[i] = f1_[i];
        d1_[i] = c;
        f1_[i] = a;
      } else if (Before(c, a, d2_[i], f2_[i])) {
        d2_[i] = c;
        f2_[i] = a;
      }
      Account(i);
    }
  }

  void Close(int32_t r) {
    open_[U(r)] = 0;
    const Rows& bf = in_.by_facility;
    for (size_t k = bf.Begin(r); k < bf.End(r); ++k) {
      int32_t i = bf.index[k];
      if (f1_[U(i)] == r || f2_[U(i)] == r) {
        Unaccount(U(i));
        Recompute(i);
        Account(U(i));
      }
    }
  }

  // Lazy greedy (gains never grow as facilities open): opens until p are open.
  void Greedy(int32_t p) {
    struct Entry {
      Gain gain;
      int32_t facility;
      int32_t round;
    };
    auto lower = [](const Entry& x, const Entry& y) {
      if (Less(x.gain, y.gain)) return true;
      if (Less(y.gain, x.gain)) return false;
      return x.facility > y.facility;
    };
    std::priority_queue<Entry, std::vector<Entry>, decltype(lower)> heap(lower);
    int32_t round = 0;
    for (int32_t a = 0; a < in_.m; ++a) {
      if (open_[U(a)] == 0) heap.push({AddGain(a), a, round});
    }
    auto open = static_cast<int32_t>(OpenList(open_).size());
    while (open < p && !heap.empty()) {
      Entry top = heap.top();
      heap.pop();
      if (top.round == round) {
        Open(top.facility);
        ++open;
        ++round;
      } else {
        heap.push({AddGain(top.facility), top.facility, round});
      }
    }
  }

  // Interchange as CoverSearch::Interchange does it (cyclic candidates,
  // each with its best partner, until a whole cycle improves nothing).
  void Interchange() {
    std::vector<Gain> extra(U(in_.m));
    std::vector<char> touched_mark(U(in_.m), 0);
    std::vector<int32_t> touched;
    std::vector<int32_t> movable;
    for (int32_t j = 0; j < in_.m; ++j) {
      if (open_[U(j)] != 0 && in_.fixed[U(j)] == 0) movable.push_back(j);
    }
    if (movable.empty()) return;
    // The objective only falls, so a tolerance from its start stays enough.
    const Gain start = Objective();
    const Gain tolerance{kRelativeTolerance * in_.total_weight, kRelativeTolerance * start.cost};
    const Rows& bf = in_.by_facility;
    int32_t unimproved = 0;
    for (int32_t a = 0; unimproved < in_.m; a = (a + 1) % in_.m) {
      if (a == 0) RecomputeLoss();  // no drift from the running sums
      ++unimproved;
      if (open_[U(a)] != 0) continue;
      Gain g;
      for (size_t k = bf.Begin(a); k < bf.End(a); ++k) {
        size_t i = U(bf.index[k]);
        double w = in_.w[i];
        if (w == 0) continue;
        double c = bf.cost[k];
        if (c < d1_[i]) g += At(w, d1_[i]) - At(w, c);
        if (f1_[i] >= 0 && c < d2_[i]) {
          auto r = U(f1_[i]);
          if (touched_mark[r] == 0) {
            touched_mark[r] = 1;
            touched.push_back(f1_[i]);
          }
          extra[r] += At(w, d2_[i]) - At(w, std::max(c, d1_[i]));
        }
      }
      Gain best;
      size_t best_slot = movable.size();
      // extra[r] <= loss[r] (componentwise), so no swap bringing `a` in
      // gains more than g.
      if (Improves(g, best, tolerance)) {
        for (size_t slot = 0; slot < movable.size(); ++slot) {
          int32_t r = movable[slot];
          Gain profit = g - loss_[U(r)] + extra[U(r)];
          bool tie = best_slot < movable.size() && !Less(profit, best) && !Less(best, profit) &&
                     r < movable[best_slot];
          if (Improves(profit, best, tolerance) || tie) {
            best = profit;
            best_slot = slot;
          }
        }
      }
      for (int32_t r : touched) {
        extra[U(r)] = Gain{};
        touched_mark[U(r)] = 0;
      }
      touched.clear();
      if (best_slot < movable.size()) {
        Close(movable[best_slot]);
        Open(a);
        movable[best_slot] = a;
        unimproved = 0;
      }
    }
  }

  // The objective as (unserved weight, Σ weight × cost over the served).
  Gain Objective() const {
    Gain total;
    for (size_t i = 0; i < U(in_.n); ++i) {
      if (in_.w[i] > 0) total += At(in_.w[i], d1_[i]);
    }
    return total;
  }

  // What opening `a` would remove from the objective.
  Gain AddGain(int32_t a) const {
    Gain g;
    const Rows& bf = in_.by_facility;
    for (size_t k = bf.Begin(a); k < bf.End(a); ++k) {
      size_t i = U(bf.index[k]);
      double c = bf.cost[k];
      if (in_.w[i] > 0 && c < d1_[i]) g += At(in_.w[i], d1_[i]) - At(in_.w[i], c);
    }
    return g;
  }

  const std::vector<char>& open() const { return open_; }
  const std::vector<double>& nearest_cost() const { return d1_; }
  const std::vector<int32_t>& nearest() const { return f1_; }

 private:
  // Whether (c, a) comes before (d, f): by cost, then by facility index
  // (f = -1 stands for "none", at infinite cost).
  static bool Before(double c, int32_t a, double d, int32_t f) {
    return c < d || (c == d && f >= 0 && a < f);
  }

  // Whether `g` beats `best` by more than `tolerance` (lexicographically).
  static bool Improves(const Gain& g, const Gain& best, const Gain& tolerance) {
    if (g.weight > best.weight + tolerance.weight) return true;
    if (g.weight < best.weight - tolerance.weight) return false;
    return g.cost > best.cost + tolerance.cost;
  }

  void Recompute(int32_t i) {
    size_t s = U(i);
    d1_[s] = d2_[s] = kInfinity;
    f1_[s] = f2_[s] = -1;
    const Rows& bc = in_.by_client;
    for (size_t k = bc.Begin(i); k < bc.End(i); ++k) {
      int32_t j = bc.index[k];
      if (open_[U(j)] == 0) continue;
      if (f1_[s] < 0) {
        f1_[s] = j;
        d1_[s] = bc.cost[k];
      } else {
        f2_[s] = j;
        d2_[s] = bc.cost[k];
        return;
      }
    }
  }

  // Client i's share of loss_: what it would pay if its nearest closed.
  void Account(size_t i) {
    if (f1_[i] >= 0 && in_.w[i] > 0) {
      loss_[U(f1_[i])] += At(in_.w[i], d2_[i]) - At(in_.w[i], d1_[i]);
    }
  }
  void Unaccount(size_t i) {
    if (f1_[i] >= 0 && in_.w[i] > 0) {
      Gain share = At(in_.w[i], d2_[i]) - At(in_.w[i], d1_[i]);
      loss_[U(f1_[i])] = loss_[U(f1_[i])] - share;
    }
  }
  void RecomputeLoss() {
    std::fill(loss_.begin(), loss_.end(), Gain{});
    for (size_t i = 0; i < U(in_.n); ++i) Account(i);
  }

  const Instance& in_;
  std::vector<char> open_;
  std::vector<double> d1_, d2_;
  std::vector<int32_t> f1_, f2_;
  std::vector<Gain> loss_;  // per open facility: what closing it would cost
};

// Multi-start: besides plain greedy, greedy runs with one candidate forced in
// first (the candidates of highest value alone), each followed by
// interchange; the best local optimum wins. As many starts as a budget of
// work allows, so that a city-sized instance gets one start and a small one
// up to kMaxStarts.
constexpr double kStartBudget = 5e6;  // entries of the cost table visited, roughly
constexpr int64_t kMaxStarts = 32;

// The candidates (not fixed) to force in first, best `value` first, ties to
// the lowest index; none when p leaves at most one choice to make.
template <typename Value, typename Better>
std::vector<int32_t> Starts(const Instance& in, size_t pairs, int32_t p, Value value,
                            Better better) {
  auto fixed = static_cast<int64_t>(in.fixed_list.size());
  if (p - fixed <= 1) return {};
  auto budget = static_cast<int64_t>(kStartBudget / (static_cast<double>(pairs) + in.m + 1));
  int64_t count = std::min({kMaxStarts, in.m - fixed, budget});
  std::vector<int32_t> free;
  for (int32_t j = 0; j < in.m; ++j) {
    if (in.fixed[U(j)] == 0) free.push_back(j);
  }
  std::vector<decltype(value(0))> values;
  values.reserve(U(in.m));
  for (int32_t j = 0; j < in.m; ++j) values.push_back(value(j));
  std::stable_sort(free.begin(), free.end(),
                   [&](int32_t a, int32_t b) { return better(values[U(a)], values[U(b)]); });
  free.resize(static_cast<size_t>(std::max<int64_t>(count, 0)));
  return free;
}

struct CoverOutcome {
  double covered = 0;
  std::vector<char> open;
};

// MCLP's heuristic (uncapacitated), with weights `w`.
CoverOutcome MclpHeuristic(const Instance& in, const Cover& cover, std::span<const double> w,
                           int32_t p) {
  auto run = [&](int32_t first) {
    CoverSearch search(in, cover, w);
    for (int32_t j : in.fixed_list) search.Open(j);
    if (first >= 0) search.Open(first);
    search.Greedy(p);
    search.Interchange();
    return CoverOutcome{search.CoveredWeight(), search.open()};
  };
  CoverOutcome best = run(-1);
  double total = 0;
  for (double x : w) total += x;
  auto alone = [&](int32_t j) {
    double v = 0;
    for (size_t k = cover.by_facility.Begin(j); k < cover.by_facility.End(j); ++k) {
      v += w[U(cover.by_facility.index[k])];
    }
    return v;
  };
  for (int32_t first :
       Starts(in, cover.by_facility.index.size(), p, alone, std::greater<double>())) {
    CoverOutcome next = run(first);
    if (next.covered > best.covered + kRelativeTolerance * total) best = std::move(next);
  }
  return best;
}

// p-median's heuristic: the best open set found.
std::vector<char> PMedianHeuristic(const Instance& in, int32_t p) {
  auto run = [&](int32_t first) {
    MedianSearch search(in);
    for (int32_t j : in.fixed_list) search.Open(j);
    if (first >= 0) search.Open(first);
    search.Greedy(p);
    search.Interchange();
    return std::pair(search.Objective(), search.open());
  };
  auto best = run(-1);
  MedianSearch base(in);
  for (int32_t j : in.fixed_list) base.Open(j);
  auto alone = [&](int32_t j) { return base.AddGain(j); };
  auto more = [](const Gain& a, const Gain& b) { return Less(b, a); };
  for (int32_t first : Starts(in, in.by_facility.index.size(), p, alone, more)) {
    auto next = run(first);
    const Gain& a = next.first;
    const Gain& b = best.first;
    double tw = kRelativeTolerance * in.total_weight;
    if (a.weight < b.weight - tw ||
        (a.weight <= b.weight + tw && a.cost < b.cost - kRelativeTolerance * b.cost)) {
      best = std::move(next);
    }
  }
  return best.second;
}

// Maximum flow (Dinic) from clients to facilities within the radius to the
// sink through the facilities' capacities: the covered weight of a set in
// the capacitated MCLP.
class CoverFlow {
 public:
  CoverFlow(const Instance& in, const Cover& cover, const std::vector<std::optional<double>>& caps)
      : in_(in), caps_(caps), eps_(1e-12 * (1 + in.total_weight)) {
    // Nodes: source 0, clients 1..n, facilities n+1..n+m, sink n+m+1.
    nodes_ = static_cast<size_t>(in.n) + static_cast<size_t>(in.m) + 2;
    head_.assign(nodes_, -1);
    for (int32_t i = 0; i < in.n; ++i) {
      if (cover.by_client.Begin(i) == cover.by_client.End(i)) continue;
      AddEdge(0, ClientNode(i), in.w[U(i)]);
      source_edge_.emplace_back(i, edges_.size() - 2);
      for (size_t k = cover.by_client.Begin(i); k < cover.by_client.End(i); ++k) {
        AddEdge(ClientNode(i), FacilityNode(cover.by_client.index[k]), kInfinity);
      }
    }
    sink_edge_.resize(U(in.m));
    for (int32_t j = 0; j < in.m; ++j) {
      sink_edge_[U(j)] = edges_.size();
      AddEdge(FacilityNode(j), nodes_ - 1, 0);
    }
  }

  // The covered weight when exactly the facilities in `open` are open.
  double Evaluate(const std::vector<char>& open) {
    for (Edge& e : edges_) e.flow = 0;
    for (int32_t j = 0; j < in_.m; ++j) {
      double cap = 0;
      if (open[U(j)] != 0) cap = caps_[U(j)] ? *caps_[U(j)] : kInfinity;
      edges_[sink_edge_[U(j)]].cap = cap;
    }
    double total = 0;
    while (Levels()) {
      next_.assign(head_.begin(), head_.end());
      while (true) {
        double pushed = Push(0, kInfinity);
        if (pushed <= eps_) break;
        total += pushed;
      }
    }
    return total;
  }

  // After Evaluate: the weight served of each client.
  std::vector<double> Served() const {
    std::vector<double> served(U(in_.n), 0);
    for (const auto& [client, edge] : source_edge_) served[U(client)] = edges_[edge].flow;
    return served;
  }

 private:
  struct Edge {
    size_t to;
    int64_t next;
    double cap;
    double flow;
  };

  size_t ClientNode(int32_t i) const { return 1 + U(i); }
  size_t FacilityNode(int32_t j) const { return 1 + U(in_.n) + U(j); }

  void AddEdge(size_t from, size_t to, double cap) {
    edges_.push_back({to, head_[from], cap, 0});
    head_[from] = static_cast<int64_t>(edges_.size() - 1);
    edges_.push_back({from, head_[to], 0, 0});
    head_[to] = static_cast<int64_t>(edges_.size() - 1);
  }

  double Residual(size_t e) const { return edges_[e].cap - edges_[e].flow; }

  bool Levels() {
    level_.assign(nodes_, -1);
    std::vector<size_t> queue{0};
    level_[0] = 0;
    for (size_t q = 0; q < queue.size(); ++q) {
      size_t v = queue[q];
      for (int64_t e = head_[v]; e >= 0; e = edges_[static_cast<size_t>(e)].next) {
        auto ue = static_cast<size_t>(e);
        size_t to = edges_[ue].to;
        if (level_[to] < 0 && Residual(ue) > eps_) {
          level_[to] = level_[v] + 1;
          queue.push_back(to);
        }
      }
    }
    return level_[nodes_ - 1] >= 0;
  }

  double Push(size_t v, double limit) {
    if (v == nodes_ - 1) return limit;
    for (int64_t& e = next_[v]; e >= 0; e = edges_[static_cast<size_t>(e)].next) {
      auto ue = static_cast<size_t>(e);
      size_t to = edges_[ue].to;
      double residual = Residual(ue);
      if (level_[to] != level_[v] + 1 || residual <= eps_) {
        continue;
      }
      double pushed = Push(to, std::min(limit, residual));
      if (pushed > 0) {
        edges_[ue].flow += pushed;
        edges_[ue ^ 1U].flow -= pushed;
        return pushed;
      }
    }
    return 0;
  }

  const Instance& in_;
  const std::vector<std::optional<double>>& caps_;
  double eps_;  // flow below this is rounding noise
  size_t nodes_ = 0;
  std::vector<Edge> edges_;
  std::vector<int64_t> head_, next_;
  std::vector<int32_t> level_;
  std::vector<std::pair<int32_t, size_t>> source_edge_;
  std::vector<size_t> sink_edge_;
};

// The capacitated MCLP's heuristic: greedy, then best-improvement
// interchange, each set valued by its maximum flow.
std::vector<char> CapacitatedHeuristic(const Instance& in, CoverFlow& flow, int32_t p) {
  std::vector<char> open(in.fixed.begin(), in.fixed.end());
  auto count = static_cast<int32_t>(in.fixed_list.size());
  double value = flow.Evaluate(open);
  while (count < p) {
    int32_t best = -1;
    double best_value = -1;
    for (int32_t a = 0; a < in.m; ++a) {
      if (open[U(a)] != 0) continue;
      open[U(a)] = 1;
      double v = flow.Evaluate(open);
      open[U(a)] = 0;
      if (v > best_value) {
        best_value = v;
        best = a;
      }
    }
    open[U(best)] = 1;
    value = best_value;
    ++count;
  }
  while (true) {
    const double tolerance = kRelativeTolerance * in.total_weight;
    double best_value = value + tolerance;
    int32_t best_in = -1;
    int32_t best_out = -1;
    std::vector<int32_t> movable;
    for (int32_t j = 0; j < in.m; ++j) {
      if (open[U(j)] != 0 && in.fixed[U(j)] == 0) movable.push_back(j);
    }
    for (int32_t a = 0; a < in.m; ++a) {
      if (open[U(a)] != 0) continue;
      for (int32_t r : movable) {
        open[U(a)] = 1;
        open[U(r)] = 0;
        double v = flow.Evaluate(open);
        open[U(a)] = 0;
        open[U(r)] = 1;
        if (v > best_value) {
          best_value = v;
          best_in = a;
          best_out = r;
        }
      }
    }
    if (best_in < 0) break;
    open[U(best_in)] = 1;
    open[U(best_out)] = 0;
    value = best_value;
  }
  return open;
}

// ---- The exact integer programmes, through CBC's C interface. ----

struct CbcDeleter {
  void operator()(Cbc_Model* model) const { Cbc_deleteModel(model); }
};

struct MipResult {
  std::vector<char> open;
  double objective = 0;
  bool optimal = false;
  double gap = 0;
};

class Mip {
 public:
  explicit Mip(bool maximise) : model_(Cbc_newModel()) {
    Cbc_setLogLevel(model_.get(), 0);
    Cbc_setObjSense(model_.get(), maximise ? -1 : 1);
  }

  int AddColumn(double lb, double ub, double obj, bool integer) {
    std::string name = "c" + std::to_string(columns_);
    Cbc_addCol(model_.get(), name.c_str(), lb, ub, obj, integer ? 1 : 0, 0, nullptr, nullptr);
    return columns_++;
  }

  void AddRow(const std::vector<int>& cols, const std::vector<double>& coefs, char sense,
              double rhs) {
    std::string name = "r" + std::to_string(rows_++);
    Cbc_addRow(model_.get(), name.c_str(), static_cast<int>(cols.size()), cols.data(), coefs.data(),
               sense, rhs);
  }

  // Solves; `y` are the facility columns (0 .. m - 1 by construction).
  StatusOr<MipResult> Solve(int32_t m, double time_limit_s, std::string_view infeasible) {
    Cbc_setMaximumSeconds(model_.get(), time_limit_s);
    Cbc_solve(model_.get());
    if (Cbc_isProvenInfeasible(model_.get()) != 0) {
      return FailedPreconditionError(std::string(infeasible));
    }
    if (Cbc_isAbandoned(model_.get()) != 0) {
      return InternalError("CBC abandoned the problem (numerical difficulties)");
    }
    const double* solution = Cbc_bestSolution(model_.get());
    if (solution == nullptr) {
      return ResourceExhaustedError("CBC found no feasible solution within " + Num(time_limit_s) +
                                    " s");
    }
    MipResult result;
    result.open.assign(U(m), 0);
    for (int32_t j = 0; j < m; ++j) result.open[U(j)] = solution[j] > 0.5 ? 1 : 0;
    result.objective = Cbc_getObjValue(model_.get());
    result.optimal = Cbc_isProvenOptimal(model_.get()) != 0;
    if (!result.optimal) {
      double bound = Cbc_getBestPossibleObjValue(model_.get());
      result.gap = std::abs(result.objective - bound) / std::max(std::abs(result.objective), 1e-9);
    }
    return result;
  }

 private:
  std::unique_ptr<Cbc_Model, CbcDeleter> model_;
  int columns_ = 0;
  int rows_ = 0;
};

// The facility columns y_j (binary; fixed ones at 1), objective `obj` each.
void AddFacilityColumns(Mip& mip, const Instance& in, double obj) {
  for (int32_t j = 0; j < in.m; ++j) {
    mip.AddColumn(in.fixed[U(j)] != 0 ? 1 : 0, 1, obj, true);
  }
}

void AddCardinality(Mip& mip, const Instance& in, int32_t p) {
  std::vector<int> cols(U(in.m));
  for (int32_t j = 0; j < in.m; ++j) cols[U(j)] = j;
  mip.AddRow(cols, std::vector<double>(U(in.m), 1.0), 'E', p);
}

// Church & ReVelle: max Σ w_i z_i, z_i <= Σ_{j covers i} y_j, Σ y_j = p.
// z_i may be continuous in [0, 1]: at an integral y its optimum is integral.
StatusOr<MipResult> ExactMclp(const Instance& in, const Cover& cover, int32_t p,
                              double time_limit_s) {
  Mip mip(/*maximise=*/true);
  AddFacilityColumns(mip, in, 0);
  AddCardinality(mip, in, p);
  for (int32_t i = 0; i < in.n; ++i) {
    if (cover.by_client.Begin(i) == cover.by_client.End(i)) continue;
    int z = mip.AddColumn(0, 1, in.w[U(i)], false);
    std::vector<int> cols{z};
    std::vector<double> coefs{1.0};
    for (size_t k = cover.by_client.Begin(i); k < cover.by_client.End(i); ++k) {
      cols.push_back(cover.by_client.index[k]);
      coefs.push_back(-1.0);
    }
    mip.AddRow(cols, coefs, 'L', 0);
  }
  return mip.Solve(in.m, time_limit_s, "no feasible set of facilities");
}

// Capacitated MCLP: max Σ x_ij over pairs within the radius, Σ_j x_ij <= w_i,
// Σ_i x_ij <= cap_j y_j, x_ij <= w_i y_j, Σ y_j = p.
StatusOr<MipResult> ExactCapacitatedMclp(const Instance& in, const Cover& cover,
                                         const std::vector<std::optional<double>>& caps, int32_t p,
                                         double time_limit_s) {
  Mip mip(/*maximise=*/true);
  AddFacilityColumns(mip, in, 0);
  AddCardinality(mip, in, p);
  std::vector<std::vector<int>> by_facility(U(in.m));
  for (int32_t i = 0; i < in.n; ++i) {
    if (cover.by_client.Begin(i) == cover.by_client.End(i)) continue;
    double w = in.w[U(i)];
    std::vector<int> cols;
    for (size_t k = cover.by_client.Begin(i); k < cover.by_client.End(i); ++k) {
      int32_t j = cover.by_client.index[k];
      int x = mip.AddColumn(0, w, 1, false);
      cols.push_back(x);
      by_facility[U(j)].push_back(x);
      mip.AddRow({x, j}, {1.0, -w}, 'L', 0);
    }
    mip.AddRow(cols, std::vector<double>(cols.size(), 1.0), 'L', w);
  }
  for (int32_t j = 0; j < in.m; ++j) {
    if (!caps[U(j)] || by_facility[U(j)].empty()) continue;
    std::vector<int> cols = by_facility[U(j)];
    std::vector<double> coefs(cols.size(), 1.0);
    cols.push_back(j);
    coefs.push_back(-*caps[U(j)]);
    mip.AddRow(cols, coefs, 'L', 0);
  }
  return mip.Solve(in.m, time_limit_s, "no feasible set of facilities");
}

// ReVelle & Swain: min Σ w_i c_ij x_ij, Σ_j x_ij = 1, x_ij <= y_j, Σ y_j = p.
StatusOr<MipResult> ExactPMedian(const Instance& in, int32_t p, double time_limit_s) {
  Mip mip(/*maximise=*/false);
  AddFacilityColumns(mip, in, 0);
  AddCardinality(mip, in, p);
  for (int32_t i = 0; i < in.n; ++i) {
    double w = in.w[U(i)];
    if (w == 0) continue;
    std::vector<int> cols;
    for (size_t k = in.by_client.Begin(i); k < in.by_client.End(i); ++k) {
      int32_t j = in.by_client.index[k];
      int x = mip.AddColumn(0, 1, w * in.by_client.cost[k], false);
      cols.push_back(x);
      mip.AddRow({x, j}, {1.0, -1.0}, 'L', 0);
    }
    mip.AddRow(cols, std::vector<double>(cols.size(), 1.0), 'E', 1);
  }
  return mip.Solve(
      in.m, time_limit_s,
      "no set of " + std::to_string(p) + " facilities serves every client of positive weight");
}

// Toregas et al.: min Σ y_j, Σ_{j covers i} y_j >= 1.
StatusOr<MipResult> ExactLscp(const Instance& in, const Cover& cover, double time_limit_s) {
  Mip mip(/*maximise=*/false);
  AddFacilityColumns(mip, in, 1);
  for (int32_t i = 0; i < in.n; ++i) {
    if (cover.by_client.Begin(i) == cover.by_client.End(i)) continue;
    std::vector<int> cols;
    for (size_t k = cover.by_client.Begin(i); k < cover.by_client.End(i); ++k) {
      cols.push_back(cover.by_client.index[k]);
    }
    mip.AddRow(cols, std::vector<double>(cols.size(), 1.0), 'G', 1);
  }
  return mip.Solve(in.m, time_limit_s, "no set of facilities covers every client");
}

Status FirstUncoverable(const Instance& in, const Cover& cover, double radius) {
  for (int32_t i = 0; i < in.n; ++i) {
    if (in.w[U(i)] > 0 && cover.by_client.Begin(i) == cover.by_client.End(i)) {
      return FailedPreconditionError("client " + std::to_string(i) +
                                     " has no candidate facility within radius " + Num(radius));
    }
  }
  return OkStatus();
}

// LSCP's heuristic: greedy cover with redundant sites dropped; then, while
// one site fewer still covers everyone, one fewer: first from the current set
// less the site that covers least alone (interchange with unit weights), and
// when that fails, by MCLP's heuristic from scratch.
std::vector<char> LscpHeuristic(const Instance& in, const Cover& cover) {
  std::vector<double> unit(U(in.n), 0);
  double relevant = 0;
  for (size_t i = 0; i < U(in.n); ++i) {
    unit[i] = in.w[i] > 0 ? 1 : 0;
    relevant += unit[i];
  }
  CoverSearch search(in, cover, unit);
  for (int32_t j : in.fixed_list) search.Open(j);
  search.Greedy(in.m, /*until_covered=*/true);
  search.DropRedundant();
  std::vector<char> best = search.open();
  auto count = static_cast<int32_t>(OpenList(best).size());
  const auto floor = std::max<int32_t>(1, static_cast<int32_t>(in.fixed_list.size()));
  while (count - 1 >= floor) {
    int32_t drop = search.CheapestToClose();
    if (drop < 0) break;
    search.Close(drop);
    search.Interchange();
    if (search.CoveredWeight() >= relevant) {
      search.DropRedundant();
      best = search.open();
      count = static_cast<int32_t>(OpenList(best).size());
      continue;
    }
    CoverOutcome fewer = MclpHeuristic(in, cover, unit, count - 1);
    if (fewer.covered < relevant) break;
    search.SetOpen(fewer.open);
    best = std::move(fewer.open);
    --count;
  }
  return best;
}

void FillCoverResult(const Instance& in, const Cover& cover, const std::vector<char>& open,
                     SitingResult* result) {
  CoverSearch search(in, cover, in.w);
  search.SetOpen(open);
  result->covered_weight = search.CoveredWeight();
  result->uncovered_clients = search.Uncovered();
}

}  // namespace

std::string_view SitingModelName(SitingModel model) {
  switch (model) {
    case SitingModel::kMclp:
      return "mclp";
    case SitingModel::kPMedian:
      return "pmedian";
    case SitingModel::kLscp:
      return "lscp";
  }
  return "?";
}

std::string_view SitingSolverName(SitingSolver solver) {
  return solver == SitingSolver::kExact ? "cbc" : "heuristic";
}

StatusOr<SitingResult> Solve(const SitingProblem& problem, const SitingOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  ALLEY_RETURN_IF_ERROR(Check(problem, options));
  ALLEY_ASSIGN_OR_RETURN(Instance in, Build(problem));
  const bool exact = options.solver == SitingSolver::kExact;
  SitingResult result;
  result.model = options.model;
  result.solver = options.solver;
  result.total_weight = in.total_weight;
  std::vector<char> open;

  switch (options.model) {
    case SitingModel::kMclp: {
      Cover cover = BuildCover(in, *options.radius);
      const bool capacitated = !problem.capacities.empty();
      if (exact) {
        ALLEY_ASSIGN_OR_RETURN(MipResult mip,
                               capacitated ? ExactCapacitatedMclp(in, cover, problem.capacities,
                                                                  options.p, options.time_limit_s)
                                           : ExactMclp(in, cover, options.p, options.time_limit_s));
        open = std::move(mip.open);
        result.optimal = mip.optimal;
        result.gap = mip.gap;
      }
      if (capacitated) {
        CoverFlow flow(in, cover, problem.capacities);
        if (!exact) open = CapacitatedHeuristic(in, flow, options.p);
        result.covered_weight = flow.Evaluate(open);
        std::vector<double> served = flow.Served();
        for (int32_t i = 0; i < in.n; ++i) {
          double w = in.w[U(i)];
          if (w > 0 && served[U(i)] < w * (1 - kRelativeTolerance)) {
            result.uncovered_clients.push_back(i);
          }
        }
      } else {
        if (!exact) open = MclpHeuristic(in, cover, in.w, options.p).open;
        FillCoverResult(in, cover, open, &result);
      }
      result.objective = result.covered_weight;
      break;
    }
    case SitingModel::kLscp: {
      Cover cover = BuildCover(in, *options.radius);
      ALLEY_RETURN_IF_ERROR(FirstUncoverable(in, cover, *options.radius));
      if (exact) {
        ALLEY_ASSIGN_OR_RETURN(MipResult mip, ExactLscp(in, cover, options.time_limit_s));
        open = std::move(mip.open);
        result.optimal = mip.optimal;
        result.gap = mip.gap;
      } else {
        open = LscpHeuristic(in, cover);
      }
      FillCoverResult(in, cover, open, &result);
      result.objective = static_cast<double>(OpenList(open).size());
      break;
    }
    case SitingModel::kPMedian: {
      for (int32_t i = 0; i < in.n; ++i) {
        if (in.w[U(i)] > 0 && in.by_client.Begin(i) == in.by_client.End(i)) {
          return FailedPreconditionError("client " + std::to_string(i) +
                                         " has no cost to any candidate facility");
        }
      }
      if (exact) {
        ALLEY_ASSIGN_OR_RETURN(MipResult mip, ExactPMedian(in, options.p, options.time_limit_s));
        open = std::move(mip.open);
        result.optimal = mip.optimal;
        result.gap = mip.gap;
      } else {
        open = PMedianHeuristic(in, options.p);
      }
      MedianSearch search(in);
      for (int32_t j = 0; j < in.m; ++j) {
        if (open[U(j)] != 0) search.Open(j);
      }
      double total = 0;
      for (int32_t i = 0; i < in.n; ++i) {
        double w = in.w[U(i)];
        double d = search.nearest_cost()[U(i)];
        if (w > 0 && std::isinf(d)) {
          return FailedPreconditionError(
              "the heuristic found no set of " + std::to_string(options.p) +
              " facilities that serves every client of positive weight (client " +
              std::to_string(i) + " is left unserved); try a larger p or the exact solver");
        }
        if (w > 0) total += w * d;
      }
      result.objective = total;
      result.mean_cost = total / in.total_weight;
      result.assignment = search.nearest();
      break;
    }
  }
  result.facilities = OpenList(open);
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace alley::planning

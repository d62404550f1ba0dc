#include "planning/siting.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

SitingOptions Mclp(int32_t p, double radius, SitingSolver solver = SitingSolver::kHeuristic) {
  return {.model = SitingModel::kMclp, .p = p, .radius = radius, .solver = solver};
}
SitingOptions PMedian(int32_t p, SitingSolver solver = SitingSolver::kHeuristic) {
  return {.model = SitingModel::kPMedian, .p = p, .solver = solver};
}
SitingOptions Lscp(double radius, SitingSolver solver = SitingSolver::kHeuristic) {
  return {.model = SitingModel::kLscp, .radius = radius, .solver = solver};
}

constexpr SitingSolver kBoth[] = {SitingSolver::kHeuristic, SitingSolver::kExact};

// Five clients on a line at 0, 1, 2, 10, 11 (weights 1, 1, 1, 5, 5) and four
// candidates at 0, 1, 10, 20; the cost is the distance.
SitingProblem Line() {
  SitingProblem p;
  p.weights = {1, 1, 1, 5, 5};
  p.facility_count = 4;
  const double client_x[] = {0, 1, 2, 10, 11};
  const double facility_x[] = {0, 1, 10, 20};
  for (int32_t i = 0; i < 5; ++i) {
    for (int32_t j = 0; j < 4; ++j) {
      p.costs.push_back({i, j, std::abs(client_x[i] - facility_x[j])});
    }
  }
  return p;
}

TEST(SitingTest, MclpOnALine) {
  for (SitingSolver solver : kBoth) {
    // One site within 1: the pair at 10 and 11 (weight 10) beats 0..2 (3).
    ASSERT_OK_AND_ASSIGN(SitingResult one, Solve(Line(), Mclp(1, 1.0, solver)));
    EXPECT_THAT(one.facilities, ElementsAre(2));
    EXPECT_DOUBLE_EQ(one.objective, 10);
    EXPECT_DOUBLE_EQ(one.covered_weight, 10);
    EXPECT_THAT(one.uncovered_clients, ElementsAre(0, 1, 2));
    EXPECT_EQ(one.solver, solver);
    EXPECT_EQ(one.optimal, solver == SitingSolver::kExact);
    // Two: the one at 1 covers 0, 1 and 2.
    ASSERT_OK_AND_ASSIGN(SitingResult two, Solve(Line(), Mclp(2, 1.0, solver)));
    EXPECT_THAT(two.facilities, ElementsAre(1, 2));
    EXPECT_DOUBLE_EQ(two.covered_weight, 13);
    EXPECT_THAT(two.uncovered_clients, IsEmpty());
    EXPECT_DOUBLE_EQ(two.total_weight, 13);
  }
}

TEST(SitingTest, PMedianOnALine) {
  for (SitingSolver solver : kBoth) {
    // One site: at 10, Σ w d = 10 + 9 + 8 + 0 + 5 = 32 (at 1: 1+0+1+45+50).
    ASSERT_OK_AND_ASSIGN(SitingResult one, Solve(Line(), PMedian(1, solver)));
    EXPECT_THAT(one.facilities, ElementsAre(2));
    EXPECT_DOUBLE_EQ(one.objective, 32);
    EXPECT_DOUBLE_EQ(one.mean_cost, 32.0 / 13);
    EXPECT_THAT(one.assignment, ElementsAre(2, 2, 2, 2, 2));
    // Two: 1 and 10, Σ = 1 + 0 + 1 + 0 + 5 = 7.
    ASSERT_OK_AND_ASSIGN(SitingResult two, Solve(Line(), PMedian(2, solver)));
    EXPECT_THAT(two.facilities, ElementsAre(1, 2));
    EXPECT_DOUBLE_EQ(two.objective, 7);
    EXPECT_THAT(two.assignment, ElementsAre(1, 1, 1, 2, 2));
    EXPECT_THAT(two.uncovered_clients, IsEmpty());
  }
}

TEST(SitingTest, LscpOnALine) {
  for (SitingSolver solver : kBoth) {
    ASSERT_OK_AND_ASSIGN(SitingResult r, Solve(Line(), Lscp(1.0, solver)));
    EXPECT_THAT(r.facilities, ElementsAre(1, 2));
    EXPECT_DOUBLE_EQ(r.objective, 2);
    EXPECT_DOUBLE_EQ(r.covered_weight, 13);
    EXPECT_THAT(r.uncovered_clients, IsEmpty());
    // Within 10.5, the site at 1 reaches every client (the one at 0 misses 11).
    ASSERT_OK_AND_ASSIGN(SitingResult wide, Solve(Line(), Lscp(10.5, solver)));
    EXPECT_THAT(wide.facilities, ElementsAre(1));
  }
}

TEST(SitingTest, FixedFacilitiesStayOpen) {
  SitingProblem p = Line();
  p.fixed = {3};  // the one at 20: useless, but existing
  for (SitingSolver solver : kBoth) {
    ASSERT_OK_AND_ASSIGN(SitingResult m, Solve(p, Mclp(2, 1.0, solver)));
    EXPECT_THAT(m.facilities, ElementsAre(2, 3));
    ASSERT_OK_AND_ASSIGN(SitingResult d, Solve(p, PMedian(2, solver)));
    EXPECT_THAT(d.facilities, ElementsAre(2, 3));
    EXPECT_DOUBLE_EQ(d.objective, 32);
    ASSERT_OK_AND_ASSIGN(SitingResult c, Solve(p, Lscp(1.0, solver)));
    EXPECT_THAT(c.facilities, ElementsAre(1, 2, 3));
    EXPECT_DOUBLE_EQ(c.objective, 3);
  }
}

TEST(SitingTest, SparseCostsMeanCannotServe) {
  // Client 2 has a pair only with facility 1: every p-median set of one
  // facility but {1} leaves it unserved.
  SitingProblem p;
  p.weights = {1, 1, 1};
  p.facility_count = 2;
  p.costs = {{0, 0, 1}, {1, 0, 1}, {0, 1, 5}, {1, 1, 5}, {2, 1, 5}};
  for (SitingSolver solver : kBoth) {
    ASSERT_OK_AND_ASSIGN(SitingResult r, Solve(p, PMedian(1, solver)));
    EXPECT_THAT(r.facilities, ElementsAre(1));
    EXPECT_DOUBLE_EQ(r.objective, 15);
  }
  // With a client no candidate can serve, p-median is refused up front.
  p.weights.push_back(2);
  EXPECT_THAT(Solve(p, PMedian(1)),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("client 3")));
  // ... unless it weighs nothing.
  p.weights.back() = 0;
  ASSERT_OK_AND_ASSIGN(SitingResult r, Solve(p, PMedian(1)));
  EXPECT_THAT(r.assignment, ElementsAre(1, 1, 1, -1));
}

TEST(SitingTest, PMedianWithNoFeasibleSetOfP) {
  // Clients 0 and 1 can each be served only by their own facility.
  SitingProblem p;
  p.weights = {1, 1};
  p.facility_count = 2;
  p.costs = {{0, 0, 1}, {1, 1, 1}};
  EXPECT_THAT(Solve(p, PMedian(1, SitingSolver::kExact)),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("no set of 1")));
  EXPECT_THAT(Solve(p, PMedian(1)),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("heuristic")));
  ASSERT_OK_AND_ASSIGN(SitingResult r, Solve(p, PMedian(2)));
  EXPECT_THAT(r.facilities, ElementsAre(0, 1));
}

TEST(SitingTest, LscpRefusesAClientNoCandidateCovers) {
  EXPECT_THAT(Solve(Line(), Lscp(0.5)),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("client 2")));
}

TEST(SitingTest, CapacitatedMclp) {
  // Three clients of weight 10 within reach of facility 0 (capacity 15) and
  // facility 1 (capacity 12); facility 2 (no limit) reaches client 0 only.
  SitingProblem p;
  p.weights = {10, 10, 10};
  p.facility_count = 3;
  p.costs = {{0, 0, 1}, {1, 0, 1}, {2, 0, 1}, {0, 1, 1}, {1, 1, 1}, {2, 1, 1}, {0, 2, 1}};
  p.capacities = {15.0, 12.0, std::nullopt};
  for (SitingSolver solver : kBoth) {
    ASSERT_OK_AND_ASSIGN(SitingResult one, Solve(p, Mclp(1, 1.0, solver)));
    EXPECT_THAT(one.facilities, ElementsAre(0));
    EXPECT_DOUBLE_EQ(one.covered_weight, 15);
    // 15 of 30 served: two or three clients not wholly, as the flow splits.
    EXPECT_GE(one.uncovered_clients.size(), 2U);
    EXPECT_LE(one.uncovered_clients.size(), 3U);
    ASSERT_OK_AND_ASSIGN(SitingResult two, Solve(p, Mclp(2, 1.0, solver)));
    EXPECT_THAT(two.facilities, ElementsAre(0, 1));
    EXPECT_DOUBLE_EQ(two.covered_weight, 27);
    // Facility 2 takes all of client 0, 0 and 1 the other 20 in full.
    ASSERT_OK_AND_ASSIGN(SitingResult three, Solve(p, Mclp(3, 1.0, solver)));
    EXPECT_DOUBLE_EQ(three.covered_weight, 30);
    EXPECT_THAT(three.uncovered_clients, IsEmpty());
  }
}

// ---- Random small instances: exact equals brute force, heuristic within 1%. ----

struct Random {
  SitingProblem problem;
  std::vector<std::vector<double>> cost;  // [client][facility], +inf when absent
};

// n clients and m candidates at random points of a 100 × 100 square; a pair
// is kept when within `reach` (always, for one random facility per client,
// so that every client can be served).
Random MakeRandom(uint32_t seed, int32_t n, int32_t m, double reach) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> coord(0, 100);
  std::uniform_int_distribution<int> weight(0, 9);
  std::uniform_int_distribution<int32_t> any(0, m - 1);
  std::vector<std::pair<double, double>> cs(static_cast<size_t>(n));
  std::vector<std::pair<double, double>> fs(static_cast<size_t>(m));
  for (auto& c : cs) c = {coord(rng), coord(rng)};
  for (auto& f : fs) f = {coord(rng), coord(rng)};
  Random r;
  r.problem.facility_count = m;
  r.cost.assign(cs.size(), std::vector<double>(fs.size(), std::numeric_limits<double>::infinity()));
  for (int32_t i = 0; i < n; ++i) {
    r.problem.weights.push_back(weight(rng));
    int32_t always = any(rng);
    for (int32_t j = 0; j < m; ++j) {
      auto [cx, cy] = cs[static_cast<size_t>(i)];
      auto [fx, fy] = fs[static_cast<size_t>(j)];
      double d = std::round(std::hypot(cx - fx, cy - fy));
      if (d <= reach || j == always) {
        r.problem.costs.push_back({i, j, d});
        r.cost[static_cast<size_t>(i)][static_cast<size_t>(j)] = d;
      }
    }
  }
  r.problem.weights[0] = 1;  // at least one positive weight
  return r;
}

// Every subset of 0..m-1 of size p (all sizes when p < 0), as bit masks.
std::vector<uint32_t> Subsets(int32_t m, int32_t p) {
  std::vector<uint32_t> out;
  for (uint32_t mask = 1; mask < (1U << m); ++mask) {
    if (p < 0 || std::popcount(mask) == p) out.push_back(mask);
  }
  return out;
}

bool Has(uint32_t mask, size_t j) { return ((mask >> j) & 1U) != 0; }

double BruteMclp(const Random& r, int32_t p, double radius) {
  double best = -1;
  for (uint32_t mask : Subsets(r.problem.facility_count, p)) {
    double covered = 0;
    for (size_t i = 0; i < r.cost.size(); ++i) {
      for (size_t j = 0; j < r.cost[i].size(); ++j) {
        if (Has(mask, j) && r.cost[i][j] <= radius) {
          covered += r.problem.weights[i];
          break;
        }
      }
    }
    best = std::max(best, covered);
  }
  return best;
}

double BrutePMedian(const Random& r, int32_t p) {
  double best = std::numeric_limits<double>::infinity();
  for (uint32_t mask : Subsets(r.problem.facility_count, p)) {
    double total = 0;
    for (size_t i = 0; i < r.cost.size(); ++i) {
      if (r.problem.weights[i] == 0) continue;
      double nearest = std::numeric_limits<double>::infinity();
      for (size_t j = 0; j < r.cost[i].size(); ++j) {
        if (Has(mask, j)) nearest = std::min(nearest, r.cost[i][j]);
      }
      total += r.problem.weights[i] * nearest;
    }
    best = std::min(best, total);
  }
  return best;
}

int BruteLscp(const Random& r, double radius) {
  int best = std::numeric_limits<int>::max();
  for (uint32_t mask : Subsets(r.problem.facility_count, -1)) {
    bool all = true;
    for (size_t i = 0; i < r.cost.size() && all; ++i) {
      if (r.problem.weights[i] == 0) continue;
      bool covered = false;
      for (size_t j = 0; j < r.cost[i].size(); ++j) {
        covered = covered || (Has(mask, j) && r.cost[i][j] <= radius);
      }
      all = covered;
    }
    if (all) best = std::min(best, std::popcount(mask));
  }
  return best;
}

// The maximum flow of the capacitated MCLP for one set (Edmonds–Karp on a
// dense matrix: a plain reference, independent of the library's Dinic).
double MaxFlow(const Random& r, const std::vector<double>& caps, uint32_t mask, double radius) {
  const size_t n = r.cost.size();
  const size_t m = caps.size();
  const size_t nodes = n + m + 2;
  const size_t s = 0;
  const size_t t = nodes - 1;
  std::vector<std::vector<double>> c(nodes, std::vector<double>(nodes, 0));
  for (size_t i = 0; i < n; ++i) {
    c[s][1 + i] = r.problem.weights[i];
    for (size_t j = 0; j < m; ++j) {
      if (Has(mask, j) && r.cost[i][j] <= radius) c[1 + i][1 + n + j] = 1e18;
    }
  }
  for (size_t j = 0; j < m; ++j) c[1 + n + j][t] = Has(mask, j) ? caps[j] : 0;
  double flow = 0;
  while (true) {
    std::vector<int64_t> parent(nodes, -1);
    parent[s] = static_cast<int64_t>(s);
    std::vector<size_t> queue{s};
    for (size_t q = 0; q < queue.size() && parent[t] < 0; ++q) {
      for (size_t v = 0; v < nodes; ++v) {
        if (parent[v] < 0 && c[queue[q]][v] > 1e-9) {
          parent[v] = static_cast<int64_t>(queue[q]);
          queue.push_back(v);
        }
      }
    }
    if (parent[t] < 0) return flow;
    double push = 1e18;
    for (size_t v = t; v != s; v = static_cast<size_t>(parent[v])) {
      push = std::min(push, c[static_cast<size_t>(parent[v])][v]);
    }
    for (size_t v = t; v != s; v = static_cast<size_t>(parent[v])) {
      c[static_cast<size_t>(parent[v])][v] -= push;
      c[v][static_cast<size_t>(parent[v])] += push;
    }
    flow += push;
  }
}

double BruteCapacitated(const Random& r, const std::vector<double>& caps, int32_t p,
                        double radius) {
  double best = -1;
  for (uint32_t mask : Subsets(r.problem.facility_count, p)) {
    best = std::max(best, MaxFlow(r, caps, mask, radius));
  }
  return best;
}

constexpr int32_t kClients = 30;
constexpr int32_t kCandidates = 10;
constexpr int kSeeds = 12;

TEST(SitingRandomTest, MclpExactIsBruteForceAndHeuristicWithinOnePercent) {
  for (int seed = 1; seed <= kSeeds; ++seed) {
    Random r = MakeRandom(static_cast<uint32_t>(seed), kClients, kCandidates, 60);
    for (int32_t p : {1, 2, 3, 5}) {
      SCOPED_TRACE("seed " + std::to_string(seed) + " p " + std::to_string(p));
      const double radius = 25;
      double brute = BruteMclp(r, p, radius);
      ASSERT_OK_AND_ASSIGN(SitingResult exact,
                           Solve(r.problem, Mclp(p, radius, SitingSolver::kExact)));
      ASSERT_OK_AND_ASSIGN(SitingResult heuristic, Solve(r.problem, Mclp(p, radius)));
      EXPECT_TRUE(exact.optimal);
      EXPECT_NEAR(exact.objective, brute, 1e-6);
      EXPECT_EQ(exact.facilities.size(), static_cast<size_t>(p));
      EXPECT_EQ(heuristic.facilities.size(), static_cast<size_t>(p));
      EXPECT_GE(heuristic.objective, 0.99 * exact.objective);
      EXPECT_LE(heuristic.objective, exact.objective + 1e-6);
    }
  }
}

TEST(SitingRandomTest, PMedianExactIsBruteForceAndHeuristicWithinOnePercent) {
  for (int seed = 1; seed <= kSeeds; ++seed) {
    Random r = MakeRandom(static_cast<uint32_t>(seed), kClients, kCandidates, 1e9);
    for (int32_t p : {1, 2, 3, 5}) {
      SCOPED_TRACE("seed " + std::to_string(seed) + " p " + std::to_string(p));
      double brute = BrutePMedian(r, p);
      ASSERT_OK_AND_ASSIGN(SitingResult exact, Solve(r.problem, PMedian(p, SitingSolver::kExact)));
      ASSERT_OK_AND_ASSIGN(SitingResult heuristic, Solve(r.problem, PMedian(p)));
      EXPECT_TRUE(exact.optimal);
      EXPECT_NEAR(exact.objective, brute, 1e-6 * brute);
      EXPECT_LE(heuristic.objective, 1.01 * exact.objective);
      EXPECT_GE(heuristic.objective, exact.objective - 1e-6);
    }
  }
}

TEST(SitingRandomTest, SparsePMedianExactIsBruteForce) {
  // Catchments of 40: some sets of p leave clients unserved (infeasible).
  for (int seed = 1; seed <= kSeeds; ++seed) {
    Random r = MakeRandom(static_cast<uint32_t>(seed), kClients, kCandidates, 40);
    for (int32_t p : {3, 5}) {
      SCOPED_TRACE("seed " + std::to_string(seed) + " p " + std::to_string(p));
      double brute = BrutePMedian(r, p);
      StatusOr<SitingResult> exact = Solve(r.problem, PMedian(p, SitingSolver::kExact));
      StatusOr<SitingResult> heuristic = Solve(r.problem, PMedian(p));
      if (std::isinf(brute)) {
        EXPECT_THAT(exact, StatusIs(StatusCode::kFailedPrecondition));
        EXPECT_THAT(heuristic, StatusIs(StatusCode::kFailedPrecondition));
        continue;
      }
      ASSERT_OK(exact);
      EXPECT_NEAR(exact->objective, brute, 1e-6 * brute);
      ASSERT_OK(heuristic);
      EXPECT_LE(heuristic->objective, 1.01 * exact->objective);
    }
  }
}

TEST(SitingRandomTest, LscpExactIsBruteForceAndHeuristicWithinOnePercent) {
  for (int seed = 1; seed <= kSeeds; ++seed) {
    Random r = MakeRandom(static_cast<uint32_t>(seed), kClients, kCandidates, 1e9);
    for (double radius : {45.0, 60.0}) {
      SCOPED_TRACE("seed " + std::to_string(seed) + " radius " + std::to_string(radius));
      int brute = BruteLscp(r, radius);
      StatusOr<SitingResult> exact = Solve(r.problem, Lscp(radius, SitingSolver::kExact));
      if (brute == std::numeric_limits<int>::max()) {
        EXPECT_THAT(exact, StatusIs(StatusCode::kFailedPrecondition));
        continue;
      }
      ASSERT_OK(exact);
      EXPECT_DOUBLE_EQ(exact->objective, brute);
      EXPECT_THAT(exact->uncovered_clients, IsEmpty());
      ASSERT_OK_AND_ASSIGN(SitingResult heuristic, Solve(r.problem, Lscp(radius)));
      EXPECT_THAT(heuristic.uncovered_clients, IsEmpty());
      EXPECT_LE(heuristic.objective, 1.01 * exact->objective);
    }
  }
}

TEST(SitingRandomTest, CapacitatedMclpExactIsBruteForceAndHeuristicWithinOnePercent) {
  for (int seed = 1; seed <= kSeeds; ++seed) {
    Random r = MakeRandom(static_cast<uint32_t>(seed), kClients, kCandidates, 60);
    std::mt19937 rng(static_cast<uint32_t>(seed) + 1000U);
    std::uniform_int_distribution<int> cap(5, 40);
    std::vector<double> caps;
    r.problem.capacities.clear();
    for (int32_t j = 0; j < kCandidates; ++j) {
      caps.push_back(cap(rng));
      r.problem.capacities.emplace_back(caps.back());
    }
    for (int32_t p : {1, 3}) {
      SCOPED_TRACE("seed " + std::to_string(seed) + " p " + std::to_string(p));
      const double radius = 30;
      double brute = BruteCapacitated(r, caps, p, radius);
      ASSERT_OK_AND_ASSIGN(SitingResult exact,
                           Solve(r.problem, Mclp(p, radius, SitingSolver::kExact)));
      ASSERT_OK_AND_ASSIGN(SitingResult heuristic, Solve(r.problem, Mclp(p, radius)));
      EXPECT_NEAR(exact.objective, brute, 1e-6);
      EXPECT_GE(heuristic.objective, 0.99 * exact.objective);
    }
  }
}

TEST(SitingRandomTest, FixedFacilitiesWithBruteForce) {
  for (int seed = 1; seed <= kSeeds; ++seed) {
    Random r = MakeRandom(static_cast<uint32_t>(seed), kClients, kCandidates, 1e9);
    r.problem.fixed = {static_cast<int32_t>(seed % kCandidates),
                       static_cast<int32_t>((seed * 7 + 3) % kCandidates)};
    if (r.problem.fixed[0] == r.problem.fixed[1]) r.problem.fixed.pop_back();
    uint32_t fixed_mask = 0;
    for (int32_t j : r.problem.fixed) fixed_mask |= 1U << static_cast<uint32_t>(j);
    const int32_t p = 4;
    const double radius = 25;
    double best_median = std::numeric_limits<double>::infinity();
    double best_cover = -1;
    for (uint32_t mask : Subsets(kCandidates, p)) {
      if ((mask & fixed_mask) != fixed_mask) continue;
      double total = 0;
      double covered = 0;
      for (size_t i = 0; i < r.cost.size(); ++i) {
        double nearest = std::numeric_limits<double>::infinity();
        for (size_t j = 0; j < r.cost[i].size(); ++j) {
          if (Has(mask, j)) nearest = std::min(nearest, r.cost[i][j]);
        }
        total += r.problem.weights[i] * nearest;
        if (nearest <= radius) covered += r.problem.weights[i];
      }
      best_median = std::min(best_median, total);
      best_cover = std::max(best_cover, covered);
    }
    SCOPED_TRACE("seed " + std::to_string(seed));
    for (SitingSolver solver : kBoth) {
      ASSERT_OK_AND_ASSIGN(SitingResult m, Solve(r.problem, PMedian(p, solver)));
      ASSERT_OK_AND_ASSIGN(SitingResult c, Solve(r.problem, Mclp(p, radius, solver)));
      for (const SitingResult* result : {&m, &c}) {
        EXPECT_EQ(result->facilities.size(), static_cast<size_t>(p));
        for (int32_t j : r.problem.fixed) {
          EXPECT_TRUE(std::binary_search(result->facilities.begin(), result->facilities.end(), j));
        }
      }
      if (solver == SitingSolver::kExact) {
        EXPECT_NEAR(m.objective, best_median, 1e-6 * best_median);
        EXPECT_NEAR(c.objective, best_cover, 1e-6);
      } else {
        EXPECT_LE(m.objective, 1.01 * best_median);
        EXPECT_GE(c.objective, 0.99 * best_cover);
      }
    }
  }
}

// The objective of one set of facilities, by brute force.
double MedianOf(const Random& r, const std::vector<int32_t>& open) {
  double total = 0;
  for (size_t i = 0; i < r.cost.size(); ++i) {
    if (r.problem.weights[i] == 0) continue;
    double nearest = std::numeric_limits<double>::infinity();
    for (int32_t j : open) nearest = std::min(nearest, r.cost[i][static_cast<size_t>(j)]);
    total += r.problem.weights[i] * nearest;
  }
  return total;
}

double CoverOf(const Random& r, const std::vector<int32_t>& open, double radius) {
  double covered = 0;
  for (size_t i = 0; i < r.cost.size(); ++i) {
    for (int32_t j : open) {
      if (r.cost[i][static_cast<size_t>(j)] <= radius) {
        covered += r.problem.weights[i];
        break;
      }
    }
  }
  return covered;
}

TEST(SitingRandomTest, HeuristicEndsAtALocalOptimum) {
  // Larger than brute force over subsets allows: no single swap of the
  // heuristic's answer improves it.
  for (int seed = 1; seed <= 4; ++seed) {
    Random r = MakeRandom(static_cast<uint32_t>(seed), 400, 40, 35);
    const int32_t p = 8;
    const double radius = 20;
    ASSERT_OK_AND_ASSIGN(SitingResult m, Solve(r.problem, PMedian(p)));
    ASSERT_OK_AND_ASSIGN(SitingResult c, Solve(r.problem, Mclp(p, radius)));
    EXPECT_NEAR(MedianOf(r, m.facilities), m.objective, 1e-9 * m.objective);
    EXPECT_NEAR(CoverOf(r, c.facilities, radius), c.objective, 1e-9);
    for (size_t slot = 0; slot < static_cast<size_t>(p); ++slot) {
      for (int32_t a = 0; a < 40; ++a) {
        if (std::binary_search(m.facilities.begin(), m.facilities.end(), a)) continue;
        std::vector<int32_t> swapped = m.facilities;
        swapped[slot] = a;
        EXPECT_GE(MedianOf(r, swapped), m.objective * (1 - 1e-9)) << "seed " << seed;
      }
      for (int32_t a = 0; a < 40; ++a) {
        if (std::binary_search(c.facilities.begin(), c.facilities.end(), a)) continue;
        std::vector<int32_t> swapped = c.facilities;
        swapped[slot] = a;
        EXPECT_LE(CoverOf(r, swapped, radius), c.objective + 1e-9) << "seed " << seed;
      }
    }
  }
}

TEST(SitingTest, HeuristicIsDeterministicOnTies) {
  // Four identical candidates: the lowest indices win.
  SitingProblem p;
  p.weights = {1, 1};
  p.facility_count = 4;
  for (int32_t j = 0; j < 4; ++j) {
    p.costs.push_back({0, j, 1});
    p.costs.push_back({1, j, 1});
  }
  ASSERT_OK_AND_ASSIGN(SitingResult m, Solve(p, Mclp(2, 1)));
  EXPECT_THAT(m.facilities, ElementsAre(0, 1));
  ASSERT_OK_AND_ASSIGN(SitingResult d, Solve(p, PMedian(2)));
  EXPECT_THAT(d.facilities, ElementsAre(0, 1));
  ASSERT_OK_AND_ASSIGN(SitingResult c, Solve(p, Lscp(1)));
  EXPECT_THAT(c.facilities, ElementsAre(0));
}

// ---- Refusals. ----

TEST(SitingTest, RefusesBadInput) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  auto with = [](auto change) {
    SitingProblem p = Line();
    change(p);
    return p;
  };
  const SitingOptions ok = PMedian(2);
  EXPECT_THAT(Solve(with([](SitingProblem& p) { p.facility_count = 0; }), ok),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("no candidate")));
  EXPECT_THAT(Solve(with([](SitingProblem& p) { p.weights[1] = -1; }), ok),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("client 1: weight -1")));
  EXPECT_THAT(Solve(with([&](SitingProblem& p) { p.weights[2] = nan; }), ok),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("client 2: weight is not")));
  EXPECT_THAT(Solve(with([&](SitingProblem& p) { p.weights[2] = inf; }), ok),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not finite")));
  EXPECT_THAT(Solve(with([](SitingProblem& p) { p.weights.assign(5, 0); }), ok),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("no client has a positive")));
  EXPECT_THAT(Solve(with([](SitingProblem& p) { p.costs[3].cost = -2; }), ok),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("-2 is negative")));
  EXPECT_THAT(
      Solve(with([&](SitingProblem& p) { p.costs[3].cost = nan; }), ok),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("(client 0, facility 3): not finite")));
  EXPECT_THAT(Solve(with([&](SitingProblem& p) { p.costs[0].cost = inf; }), ok),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not finite")));
  EXPECT_THAT(
      Solve(with([](SitingProblem& p) {
              p.costs.push_back({4, 1, 3});
            }),
            ok),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("(client 4, facility 1): listed twice")));
  EXPECT_THAT(Solve(with([](SitingProblem& p) {
                      p.costs.push_back({5, 1, 3});
                    }),
                    ok),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("client must be 0..4")));
  EXPECT_THAT(Solve(with([](SitingProblem& p) {
                      p.costs.push_back({0, -1, 3});
                    }),
                    ok),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("facility must be 0..3")));
  EXPECT_THAT(Solve(Line(), PMedian(0)),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("p must be 1..4")));
  EXPECT_THAT(Solve(Line(), PMedian(5)), StatusIs(StatusCode::kOutOfRange, HasSubstr("got 5")));
  EXPECT_THAT(Solve(with([](SitingProblem& p) {
                      p.fixed = {0, 1, 2};
                    }),
                    ok),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("3 fixed")));
  EXPECT_THAT(Solve(with([](SitingProblem& p) {
                      p.fixed = {1, 1};
                    }),
                    ok),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("listed twice")));
  EXPECT_THAT(Solve(with([](SitingProblem& p) { p.fixed = {4}; }), ok),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("fixed: facility 4")));
  SitingOptions no_radius = Mclp(1, 1);
  no_radius.radius.reset();
  EXPECT_THAT(Solve(Line(), no_radius),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("radius: required for mclp")));
  SitingOptions lscp_no_radius = Lscp(1);
  lscp_no_radius.radius.reset();
  EXPECT_THAT(Solve(Line(), lscp_no_radius),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("required for lscp")));
  SitingOptions median_radius = PMedian(1);
  median_radius.radius = 3;
  EXPECT_THAT(Solve(Line(), median_radius),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("takes no radius")));
  EXPECT_THAT(Solve(Line(), Mclp(1, -1)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("radius: -1 is negative")));
  EXPECT_THAT(Solve(Line(), Mclp(1, inf)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("radius: not finite")));
  SitingOptions no_time = Mclp(1, 1, SitingSolver::kExact);
  no_time.time_limit_s = 0;
  EXPECT_THAT(Solve(Line(), no_time),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("time_limit_s")));
  EXPECT_THAT(Solve(with([](SitingProblem& p) { p.capacities = {1.0}; }), Mclp(1, 1)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("1 given for 4")));
  EXPECT_THAT(Solve(with([](SitingProblem& p) { p.capacities.assign(4, 1.0); }), ok),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("only the MCLP")));
  EXPECT_THAT(
      Solve(with([](SitingProblem& p) { p.capacities.assign(4, -1.0); }), Mclp(1, 1)),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("facility 0: capacity -1 is negative")));
  EXPECT_THAT(Solve(with([&](SitingProblem& p) { p.capacities.assign(4, nan); }), Mclp(1, 1)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("capacity is not finite")));
}

TEST(SitingTest, Names) {
  EXPECT_EQ(SitingModelName(SitingModel::kMclp), "mclp");
  EXPECT_EQ(SitingModelName(SitingModel::kPMedian), "pmedian");
  EXPECT_EQ(SitingModelName(SitingModel::kLscp), "lscp");
  EXPECT_EQ(SitingSolverName(SitingSolver::kHeuristic), "heuristic");
  EXPECT_EQ(SitingSolverName(SitingSolver::kExact), "cbc");
}

}  // namespace
}  // namespace alley::planning

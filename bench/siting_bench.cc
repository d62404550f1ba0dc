// Siting's heuristic at city scale: 2,000 candidate sites and 200,000 clients
// at random in a 10 km × 10 km square, each client with a cost to every
// candidate within 800 m (about 40 pairs a client, 8 million in all): the
// sparse catchments the planning pipeline hands to siting. Costs are walking
// times in deciseconds at 1.0 m/s.
//
//   build/bench/alley_bench --benchmark_filter=Siting
//
// The instance is built once (outside the timing) from a fixed seed.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "planning/siting.h"

namespace alley {
namespace {

using planning::SitingModel;
using planning::SitingOptions;
using planning::SitingProblem;
using planning::SitingResult;

constexpr int32_t kCandidates = 2000;
constexpr int32_t kClients = 200000;
constexpr double kSideM = 10000;
constexpr double kReachM = 800;
constexpr double kDecisecondsPerMetre = 10;  // 1.0 m/s

const SitingProblem& CityProblem() {
  static const SitingProblem problem = [] {
    std::mt19937 rng(2026);
    std::uniform_real_distribution<double> coord(0, kSideM);
    std::uniform_int_distribution<int> residents(1, 60);
    // Candidates bucketed in cells of kReachM so that each client looks at
    // its 3 × 3 cells only.
    const auto cells = static_cast<int32_t>(std::ceil(kSideM / kReachM));
    std::vector<std::vector<std::pair<int32_t, std::pair<double, double>>>> grid(
        static_cast<size_t>(cells * cells));
    auto cell = [&](double v) { return std::min(cells - 1, static_cast<int32_t>(v / kReachM)); };
    for (int32_t j = 0; j < kCandidates; ++j) {
      double x = coord(rng);
      double y = coord(rng);
      grid[(static_cast<size_t>(cell(x)) * static_cast<size_t>(cells)) +
           static_cast<size_t>(cell(y))]
          .push_back({j, {x, y}});
    }
    SitingProblem p;
    p.facility_count = kCandidates;
    p.weights.reserve(kClients);
    for (int32_t i = 0; i < kClients; ++i) {
      double x = coord(rng);
      double y = coord(rng);
      p.weights.push_back(residents(rng));
      for (int32_t cx = cell(x) - 1; cx <= cell(x) + 1; ++cx) {
        for (int32_t cy = cell(y) - 1; cy <= cell(y) + 1; ++cy) {
          if (cx < 0 || cy < 0 || cx >= cells || cy >= cells) continue;
          for (const auto& [j, at] : grid[(static_cast<size_t>(cx) * static_cast<size_t>(cells)) +
                                          static_cast<size_t>(cy)]) {
            double d = std::hypot(x - at.first, y - at.second);
            if (d <= kReachM) p.costs.push_back({i, j, std::round(d * kDecisecondsPerMetre)});
          }
        }
      }
    }
    return p;
  }();
  return problem;
}

void Report(benchmark::State& state, const SitingResult& r) {
  state.counters["objective"] = r.objective;
  state.counters["pairs"] = static_cast<double>(CityProblem().costs.size());
}

void BM_SitingPMedianHeuristic(benchmark::State& state) {
  const SitingProblem& problem = CityProblem();
  SitingOptions options{.model = SitingModel::kPMedian, .p = static_cast<int32_t>(state.range(0))};
  for (auto _ : state) {
    auto result = planning::Solve(problem, options);
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      return;
    }
    Report(state, *result);
  }
}

void BM_SitingMclpHeuristic(benchmark::State& state) {
  const SitingProblem& problem = CityProblem();
  SitingOptions options{.model = SitingModel::kMclp,
                        .p = static_cast<int32_t>(state.range(0)),
                        .radius = 500 * kDecisecondsPerMetre};
  for (auto _ : state) {
    auto result = planning::Solve(problem, options);
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      return;
    }
    Report(state, *result);
    state.counters["covered_share"] = result->covered_weight / result->total_weight;
  }
}

void BM_SitingLscpHeuristic(benchmark::State& state) {
  const SitingProblem& problem = CityProblem();
  SitingOptions options{.model = SitingModel::kLscp, .radius = kReachM * kDecisecondsPerMetre};
  for (auto _ : state) {
    auto result = planning::Solve(problem, options);
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      return;
    }
    Report(state, *result);
  }
}

BENCHMARK(BM_SitingMclpHeuristic)->Arg(50)->Arg(200)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_SitingPMedianHeuristic)
    ->Arg(150)
    ->Arg(300)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_SitingLscpHeuristic)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace alley

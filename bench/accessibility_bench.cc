// Accessibility at city scale: 1,000,000 homes, 5,000 facilities and about 50
// (home, facility, time) pairs per home (50 million pairs), as the catchment
// stage hands them over — grouped by facility (one bounded search per
// facility) or by home — for E2SFCA with stepwise decay, the Gaussian
// variant and the gravity model.
//
//   build/bench/alley_bench --benchmark_filter=Access
//
// The instance is synthetic and deterministic (core::Rng): homes and
// facilities along a line, each home reaching the 25 facilities on either
// side of it at random times up to 1.2 × 15 minutes (a sixth of the pairs
// past the threshold). It takes ~600 MiB and is built once, outside the
// timing. Items per second are pairs per second.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

#include "core/random.h"
#include "planning/accessibility.h"

namespace alley::planning {
namespace {

constexpr std::uint32_t kHomes = 1'000'000;
constexpr std::uint32_t kFacilities = 5'000;
constexpr std::uint32_t kPairsPerHome = 50;

struct Instance {
  std::vector<double> demand;
  std::vector<double> supply;
  std::vector<std::uint32_t> home;
  std::vector<std::uint32_t> facility;
  std::vector<Deciseconds> time_ds;
  ReachPairs Pairs() const { return {home, facility, time_ds}; }
};

Instance Build(bool by_facility) {
  core::Rng rng(2026);
  Instance in;
  in.demand.resize(kHomes);
  for (double& d : in.demand) d = static_cast<double>(1 + rng.Uniform(6));  // 1–6 per home
  in.supply.resize(kFacilities);
  for (double& s : in.supply) s = static_cast<double>(20 + rng.Uniform(180));
  const std::size_t n = std::size_t{kHomes} * kPairsPerHome;
  in.home.reserve(n);
  in.facility.reserve(n);
  in.time_ds.reserve(n);
  constexpr std::uint32_t kHalf = kPairsPerHome / 2;
  for (std::uint32_t h = 0; h < kHomes; ++h) {
    const std::uint64_t centre = std::uint64_t{h} * kFacilities / kHomes;
    const std::uint32_t first = static_cast<std::uint32_t>(
        std::clamp<std::uint64_t>(centre, kHalf, kFacilities - kHalf) - kHalf);
    for (std::uint32_t k = 0; k < kPairsPerHome; ++k) {
      in.home.push_back(h);
      in.facility.push_back(first + k);
      in.time_ds.push_back(static_cast<Deciseconds>(rng.Uniform(10800)));
    }
  }
  if (by_facility) {
    // A stable counting sort by facility: what per-facility searches give.
    std::vector<std::size_t> start(kFacilities + 1, 0);
    for (std::uint32_t f : in.facility) ++start[f + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<std::uint32_t> home(n);
    std::vector<std::uint32_t> facility(n);
    std::vector<Deciseconds> time(n);
    for (std::size_t p = 0; p < n; ++p) {
      const std::size_t q = start[in.facility[p]]++;
      home[q] = in.home[p];
      facility[q] = in.facility[p];
      time[q] = in.time_ds[p];
    }
    in.home = std::move(home);
    in.facility = std::move(facility);
    in.time_ds = std::move(time);
  }
  return in;
}

const Instance& Shared(bool by_facility) {
  // One instance at a time: the two orders together would need 1.2 GiB.
  static Instance instance;
  static int order = -1;
  if (order != static_cast<int>(by_facility)) {
    instance = Instance{};
    instance = Build(by_facility);
    order = static_cast<int>(by_facility);
  }
  return instance;
}

void Run(benchmark::State& state, AccessMethod method) {
  const bool by_facility = state.range(0) != 0;
  const Instance& in = Shared(by_facility);
  AccessOptions options;
  options.method = method;
  for (auto _ : state) {
    StatusOr<AccessResult> r = ComputeAccessibility(in.demand, in.supply, in.Pairs(), options);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(r->home_access.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(in.home.size()));
  state.SetLabel(by_facility ? "pairs by facility" : "pairs by home");
}

void BM_AccessE2sfca(benchmark::State& state) { Run(state, AccessMethod::kStepwise); }
void BM_AccessGaussian(benchmark::State& state) { Run(state, AccessMethod::kGaussian); }
void BM_AccessGravity(benchmark::State& state) { Run(state, AccessMethod::kGravity); }

// Arg 0: pairs by home; 1: by facility. Grouped so that each order is built once.
BENCHMARK(BM_AccessE2sfca)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AccessGaussian)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AccessGravity)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AccessE2sfca)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace alley::planning

// The national hierarchy in memory: building the preorder arrays from the
// store's rows, and the queries it exists for. Needs the whole country:
// ALLEY_DB pointing at a database where `alley import divisions` ran.
//
//   ALLEY_DB=alley.db build/bench/alley_bench --benchmark_filter=Hierarchy
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <optional>

#include "core/hierarchy.h"
#include "registry/units.h"
#include "store/store.h"

namespace alley {
namespace {

std::unique_ptr<store::Store> OpenBenchStore(benchmark::State& state) {
  const char* db = std::getenv("ALLEY_DB");
  if (db == nullptr) {
    state.SkipWithError("set ALLEY_DB to a database with the national hierarchy");
    return nullptr;
  }
  StatusOr<std::unique_ptr<store::Store>> store = store::OpenStore(db);
  if (!store.ok()) {
    state.SkipWithError(store.status().ToString().c_str());
    return nullptr;
  }
  return std::move(store).value();
}

// The national hierarchy from ALLEY_DB, or nullopt with the benchmark skipped.
std::optional<core::Hierarchy> LoadOrSkip(benchmark::State& state) {
  std::unique_ptr<store::Store> store = OpenBenchStore(state);
  if (!store) return std::nullopt;
  StatusOr<core::Hierarchy> h = registry::LoadHierarchy(*store);
  if (!h.ok()) {
    state.SkipWithError(h.status().ToString().c_str());
    return std::nullopt;
  }
  return std::move(h).value();
}

// Store rows → preorder arrays: what `alley unit find` and the server pay once.
void BM_HierarchyLoad(benchmark::State& state) {
  std::unique_ptr<store::Store> store = OpenBenchStore(state);
  if (!store) return;
  size_t units = 0;
  for (auto _ : state) {
    StatusOr<core::Hierarchy> h = registry::LoadHierarchy(*store);
    if (!h.ok()) {
      state.SkipWithError(h.status().ToString().c_str());
      return;
    }
    units = h->size();
    benchmark::DoNotOptimize(units);
  }
  state.counters["units"] = static_cast<double>(units);
}
BENCHMARK(BM_HierarchyLoad)->Unit(benchmark::kMillisecond);

// Build alone, from rows already in memory.
void BM_HierarchyBuild(benchmark::State& state) {
  std::unique_ptr<store::Store> store = OpenBenchStore(state);
  if (!store) return;
  std::vector<store::UnitRow> units;
  Status read = store->Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(units, r.LoadUnits());
    return OkStatus();
  });
  if (!read.ok()) {
    state.SkipWithError(read.ToString().c_str());
    return;
  }
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<core::HierarchyRow> rows;
    rows.reserve(units.size());
    for (const store::UnitRow& u : units) rows.push_back({u.code, u.parent_code, u.level, u.name});
    state.ResumeTiming();
    StatusOr<core::Hierarchy> h = core::Hierarchy::Build(std::move(rows));
    benchmark::DoNotOptimize(h.ok());
  }
}
BENCHMARK(BM_HierarchyBuild)->Unit(benchmark::kMillisecond);

// Is community X inside unit Y? The O(1) range test, over every community.
void BM_HierarchyIsAncestor(benchmark::State& state) {
  std::optional<core::Hierarchy> h = LoadOrSkip(state);
  if (!h) return;
  core::UnitIndex jiangsu = *h->Find("32");
  for (auto _ : state) {
    int64_t inside = 0;
    for (core::UnitIndex i{0}; i.value < static_cast<int32_t>(h->size()); ++i) {
      inside += h->IsAncestorOrSelf(jiangsu, i) ? 1 : 0;
    }
    benchmark::DoNotOptimize(inside);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(h->size()));
}
BENCHMARK(BM_HierarchyIsAncestor);

void BM_HierarchyFind(benchmark::State& state) {
  std::optional<core::Hierarchy> h = LoadOrSkip(state);
  if (!h) return;
  for (auto _ : state) benchmark::DoNotOptimize(h->Find("320706006010"));
}
BENCHMARK(BM_HierarchyFind);

}  // namespace
}  // namespace alley

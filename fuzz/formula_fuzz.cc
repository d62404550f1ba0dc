// libFuzzer target: ParseFormula over arbitrary bytes, and what the formula
// language promises beyond "no crash, no sanitizer report":
// - an error is kInvalidArgument, "column N: reason", in valid UTF-8;
// - a formula prints to a canonical text that parses back to the same formula
//   and prints the same again;
// - References() is sorted and distinct;
// - the scalar and the column evaluators agree to the bit on a few rows, and
//   neither lets a NaN or an infinity out as a value.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/status.h"
#include "indicators/formula.h"

namespace {

using ::alley::indicators::EvaluateColumns;
using ::alley::indicators::Formula;
using ::alley::indicators::Reference;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kValues[] = {
    0,    1, -1,     2.5, 1e200, kNaN, -1e300, 0.1, std::numeric_limits<double>::infinity(),
    -0.0, 3, 1e-300, 100};
constexpr size_t kRows = 13;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  alley::StatusOr<Formula> parsed = alley::indicators::ParseFormula(text);
  if (!parsed.ok()) {
    const alley::Status& status = parsed.status();
    ALLEY_CHECK(status.code() == alley::StatusCode::kInvalidArgument,
                "an error not kInvalidArgument");
    ALLEY_CHECK(status.message().starts_with("column "), "an error without a column");
    ALLEY_CHECK(alley::core::IsValidUtf8(status.message()), "an error message not UTF-8");
    return 0;
  }
  const Formula& formula = *parsed;

  const std::string canonical = alley::indicators::FormatFormula(formula);
  alley::StatusOr<Formula> again = alley::indicators::ParseFormula(canonical);
  ALLEY_CHECK(again.ok(),
              "the canonical text does not parse: " + canonical + ": " + again.status().ToString());
  ALLEY_CHECK(*again == formula, "the canonical text parses to another formula: " + canonical);
  ALLEY_CHECK(alley::indicators::FormatFormula(*again) == canonical, "printing is not stable");

  const std::vector<Reference> refs = formula.References();
  ALLEY_CHECK(std::adjacent_find(refs.begin(), refs.end(),
                                 [](const Reference& a, const Reference& b) { return !(a < b); }) ==
                  refs.end(),
              "References() not sorted and distinct");

  // Columns from a fixed table, shifted per reference.
  std::map<Reference, std::vector<double>> columns;
  for (size_t i = 0; i < refs.size(); ++i) {
    std::vector<double>& column = columns[refs[i]];
    for (size_t r = 0; r < kRows; ++r) {
      column.push_back(kValues[(r * (i + 1) + i) % std::size(kValues)]);
    }
  }
  std::vector<double> out(kRows);
  EvaluateColumns(
      formula, kRows, [&](const Reference& r) { return std::span<const double>(columns.at(r)); },
      out);
  for (size_t r = 0; r < kRows; ++r) {
    const std::optional<double> scalar =
        alley::indicators::Evaluate(formula, [&](const Reference& ref) -> std::optional<double> {
          const double v = columns.at(ref)[r];
          if (std::isnan(v)) return std::nullopt;
          return v;
        });
    if (scalar) {
      ALLEY_CHECK(std::isfinite(*scalar), "Evaluate let a non-finite value out");
      ALLEY_CHECK(std::bit_cast<uint64_t>(*scalar) == std::bit_cast<uint64_t>(out[r]),
                  "the evaluators disagree on " + canonical);
    } else {
      ALLEY_CHECK(std::isnan(out[r]), "the evaluators disagree on missing in " + canonical);
    }
  }

  std::map<std::string, Formula, std::less<>> definitions;
  definitions.emplace("x", formula);
  const std::vector<std::string> cycle = alley::indicators::FindCycle(definitions);
  const bool self =
      std::any_of(refs.begin(), refs.end(), [](const Reference& r) { return r.name == "x"; });
  ALLEY_CHECK(cycle.empty() != self, "FindCycle missed or invented a cycle");
  return 0;
}

// Indicator formulas: the small language an office writes an indicator in,
// over data elements, other indicators and constants (docs/indicators.md,
// "Formulas").
//
//   daycare places per 1,000 residents:  nursery.places / residents * 1000
//   growth in percent:                   (gdp / prev(gdp) - 1) * 100
//   year on year:                        round((x / last_year(x) - 1) * 100, 1)
//   a floor:                             if(residents_60_plus > 0, beds / residents_60_plus, 0)
//
// The language:
//   numbers     123  4.5  .5  1e3  2.5E-4 (plain decimal; no signs, those are the operator)
//   names       [A-Za-z_][A-Za-z0-9_.]*  a data element or an indicator, e.g. nursery.places;
//               `and`, `or` and `not` are words of the language, not names
//   operators   lowest to highest: or; and; not; < <= > >= == != (they do not chain:
//               `a < b < c` is an error); + - (left to right); * / (left to right);
//               unary -; then parentheses, calls and name@-N
//   functions   if(c, a, b)       a where c is not 0, else b; only the branch taken is
//                                 evaluated, so a missing value in the other does not matter
//               min(a, ...), max(a, ...), sum(a, ...)   one or more arguments
//               round(x), round(x, digits)  half away from zero; digits a whole number in
//                                 [-15, 15] (negative: tens, hundreds), else missing
//               abs(x)
//   periods     prev(e)           e in the previous period (every name in e shifts)
//               last_year(e)      e in the same period a year earlier
//               x@-N              x N periods back (x@-1 is prev(x)); only after a name
//               prev and last_year nest (prev(prev(x)) is x@-2) but do not mix.
// Comparisons, `and`, `or` and `not` give 1 or 0; a value is true when it is not 0.
//
// Missing values: any missing input makes the result missing, except in the
// branch of if() not taken. A division by zero is missing (never 0 or inf);
// so is any operation whose result would not be finite (1e308 * 10). NaN and
// infinity never come out: a resolver's NaN or infinity counts as missing.
//
// Two evaluators with identical results: Evaluate (one value, through a
// Resolver per reference) and EvaluateColumns (n rows at once, each reference
// a column, NaN for missing; compiled to a stack program run over blocks of
// rows, with no per-row indirect calls).
//
//   ALLEY_ASSIGN_OR_RETURN(Formula f, ParseFormula("(gdp / prev(gdp) - 1) * 100"));
//   for (const Reference& r : f.References()) ...fetch r...
//   std::optional<double> growth = Evaluate(f, [&](const Reference& r) { return Lookup(r); });
//
// A Formula is an immutable value: safe to share between threads. The
// functions here are pure (the resolvers are the caller's).
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace alley::indicators {

// The limits on a formula's text, against hostile input: its length in bytes,
// and how deep it nests (parentheses, calls and signs, and operations of its
// tree: a chain a + b + ... of more than kMaxFormulaDepth terms is refused;
// sum() takes any number).
inline constexpr size_t kMaxFormulaLength = 10000;
inline constexpr int kMaxFormulaDepth = 200;
// How far back a reference may reach: periods for prev and @, years for last_year.
inline constexpr int32_t kMaxPeriodsBack = 1000;

// Which period a reference reads, relative to the period evaluated.
enum class OffsetKind : uint8_t {
  kCurrent,   // the period itself (n is 0)
  kPrevious,  // n periods back: prev(x) is n = 1, x@-3 is n = 3
  kLastYear,  // the same period n years back: last_year(x) is n = 1
};

// One input of a formula: a name in a period.
struct Reference {
  std::string name;
  OffsetKind kind = OffsetKind::kCurrent;
  int32_t n = 0;

  friend auto operator<=>(const Reference&, const Reference&) = default;
  friend bool operator==(const Reference&, const Reference&) = default;
};

// "x", "prev(x)", "x@-2", "last_year(x)": the reference as a formula writes it.
std::string FormatReference(const Reference& reference);

// The operations of a formula's tree (internal to this module's evaluators,
// visible so that Formula can be compared by value).
enum class FormulaOp : uint8_t {
  kNumber,
  kReference,
  kNeg,
  kNot,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kEqual,
  kNotEqual,
  kAnd,
  kOr,
  kIf,
  kMin,
  kMax,
  kSum,
  kRound,
  kAbs,
};

// One node of a formula's tree; its children are indices into the formula's
// child list (see Formula).
struct FormulaNode {
  FormulaOp op = FormulaOp::kNumber;
  double number = 0;         // kNumber: finite, >= 0 (a sign is kNeg)
  Reference reference;       // kReference
  uint32_t first_child = 0;  // into Formula's children
  uint32_t child_count = 0;

  friend bool operator==(const FormulaNode&, const FormulaNode&) = default;
};

// A parsed formula: a tree of nodes stored in postorder (children before
// their parent, the root last). Equal formulas have equal trees; the text's
// spacing and redundant parentheses are not kept (FormatFormula writes one
// canonical text). A default-constructed Formula is empty, a placeholder to
// assign to: evaluating it is a programmer error, FormatFormula gives "".
class Formula {
 public:
  // The distinct references, sorted (by name, then kind, then n): the inputs
  // a caller fetches.
  std::vector<Reference> References() const;

  // The tree (see FormulaNode); never empty for a parsed formula.
  const std::vector<FormulaNode>& nodes() const { return nodes_; }
  const std::vector<uint32_t>& children() const { return children_; }
  uint32_t root() const { return static_cast<uint32_t>(nodes_.size() - 1); }

  friend bool operator==(const Formula&, const Formula&) = default;

 private:
  friend class FormulaParser;
  std::vector<FormulaNode> nodes_;
  std::vector<uint32_t> children_;
};

// Parses `text`. A formula that does not parse is kInvalidArgument with the
// message "column N: reason", N counted in characters from 1 (UTF-8), e.g.
//   column 7: expected ')' to close '(' at column 1
//   column 1: unknown function 'mx'
//   column 1: if takes 3 arguments, got 2
//   column 4: unexpected end of formula
// Text longer than kMaxFormulaLength bytes (or whose canonical text, see
// FormatFormula, would be) or nested deeper than kMaxFormulaDepth is refused
// the same way.
StatusOr<Formula> ParseFormula(std::string_view text);

// The canonical text of `formula`: single spaces around binary operators,
// ", " between arguments, the fewest parentheses, numbers in their shortest
// exact form, references as FormatReference writes them.
// ParseFormula(FormatFormula(f)) == f for every parsed f.
std::string FormatFormula(const Formula& formula);

// The value of a reference; nullopt when it is missing.
using Resolver = std::function<std::optional<double>(const Reference&)>;

// Evaluates `formula` once. `resolver` is called for each reference the
// evaluation reaches (those in an if() branch not taken are not asked; a
// reference written twice may be asked twice). Missing (nullopt) as the
// header says; a value returned is always finite.
std::optional<double> Evaluate(const Formula& formula, const Resolver& resolver);

// The column of a reference: n values, NaN where missing.
using ColumnResolver = std::function<std::span<const double>(const Reference&)>;

// Evaluates `formula` for n rows: `resolver` is called once per distinct
// reference and must answer exactly n values (a programmer error otherwise);
// out (exactly n values) receives each row's value, a quiet NaN where missing.
// Row i's value is Evaluate's with each reference answering its column's
// value i (NaN or infinity meaning missing). The spans must stay valid during
// the call; out must not overlap them.
void EvaluateColumns(const Formula& formula, size_t n, const ColumnResolver& resolver,
                     std::span<double> out);

// A cycle among indicator definitions (name -> formula): the path of names
// from one indicator through the references back to it, e.g. {"a", "b", "a"},
// or an empty vector when there is none. A reference with a period offset
// counts too (x = prev(x) + 1 needs x's previous value, and so on without
// end). Names that are not keys of `formulas` are data elements: leaves.
// The first cycle found in name order.
std::vector<std::string> FindCycle(const std::map<std::string, Formula, std::less<>>& formulas);

}  // namespace alley::indicators

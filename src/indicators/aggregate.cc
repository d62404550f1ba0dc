#include "indicators/aggregate.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <string>
#include <thread>

namespace alley::indicators {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// The units a query touches: the data units and all their ancestors. The
// ancestors take positions 0 .. I-1 in preorder (position 0 is the
// hierarchy's root), then data unit k takes position I + k, so that a data
// column maps onto one contiguous range and every position's parent comes
// before it: one reverse pass folds every subtree into its root.
struct Layout {
  std::vector<core::UnitIndex> units;  // position -> unit
  std::vector<int32_t> parent;         // position -> parent's position (-1 for the root)
  std::vector<int32_t> preorder;       // positions in the units' preorder
  size_t inner = 0;                    // I: the number of ancestors
};

StatusOr<Layout> MakeLayout(const core::Hierarchy& h, std::span<const core::UnitIndex> data) {
  const auto n = static_cast<int32_t>(h.size());
  // -1: not touched; -2: an ancestor; -3: a data unit. Then position.
  constexpr int32_t kAncestor = -2;
  constexpr int32_t kData = -3;
  std::vector<int32_t> mark(h.size(), -1);
  for (size_t k = 0; k < data.size(); ++k) {
    const int32_t u = data[k].value;
    if (u < 0 || u >= n) {
      return InvalidArgumentError("units[" + std::to_string(k) + "]: index " + std::to_string(u) +
                                  " is outside the hierarchy (" + std::to_string(n) + " units)");
    }
    if (k > 0 && u <= data[k - 1].value) {
      return InvalidArgumentError("units[" + std::to_string(k) + "]: index " + std::to_string(u) +
                                  " is not above the previous one (units must increase in "
                                  "preorder)");
    }
    mark[static_cast<size_t>(u)] = kData;
  }
  for (size_t k = 0; k < data.size(); ++k) {
    for (core::UnitIndex a = h.Parent(data[k]); a.valid(); a = h.Parent(a)) {
      int32_t& m = mark[static_cast<size_t>(a.value)];
      if (m == kData) {
        return InvalidArgumentError("units[" + std::to_string(k) + "]: unit " +
                                    std::string(h.Code(data[k])) + " is inside data unit " +
                                    std::string(h.Code(a)) + " (data units must not nest)");
      }
      if (m == kAncestor) break;  // its ancestors are marked (and checked) already
      m = kAncestor;
    }
  }
  Layout layout;
  for (int32_t u = 0; u < n; ++u) {
    if (mark[static_cast<size_t>(u)] == kAncestor) ++layout.inner;
  }
  const size_t size = layout.inner + data.size();
  layout.units.resize(size);
  layout.parent.resize(size);
  layout.preorder.reserve(size);
  int32_t next_inner = 0;
  auto next_data = static_cast<int32_t>(layout.inner);
  for (int32_t u = 0; u < n; ++u) {
    int32_t& m = mark[static_cast<size_t>(u)];
    if (m == -1) continue;
    m = m == kData ? next_data++ : next_inner++;
    const auto j = static_cast<size_t>(m);
    layout.units[j] = core::UnitIndex{u};
    const core::UnitIndex p = h.Parent(core::UnitIndex{u});
    layout.parent[j] = p.valid() ? mark[static_cast<size_t>(p.value)] : -1;
    layout.preorder.push_back(m);
  }
  return layout;
}

// One worker's accumulators over the layout's positions.
struct Scratch {
  std::vector<double> num;
  std::vector<double> den;
  std::vector<int32_t> count;
};

// What one task reads and writes.
struct Task {
  const Layout* layout;
  std::span<const int32_t> kept;  // positions output
  const double* value_column;     // the element's column for period 0
  const double* weight_column;    // the weight's, for kWeightedAverage
  size_t column_stride;           // doubles between one period's column and the next
  std::span<const int> members;   // the periods this output period covers, ascending
  double* out;
  int32_t* reporting;
  // For kWeightedAverage over one period: Σ v·w and Σ w per kept unit, from
  // which the period groups are folded (nullptr otherwise).
  double* kept_num;
  double* kept_den;
};

bool Present(double x) { return !std::isnan(x); }

// Folds x (present) into accumulator j under rule R.
template <Rule R>
void Fold(Scratch& s, size_t j, double x) {
  if constexpr (R == Rule::kMax) {
    if (s.count[j] == 0 || x > s.num[j]) s.num[j] = x;
  } else if constexpr (R == Rule::kMin) {
    if (s.count[j] == 0 || x < s.num[j]) s.num[j] = x;
  } else if constexpr (R == Rule::kLast) {
    s.num[j] = x;  // periods come in ascending order: the latest wins
  } else {
    s.num[j] += x;
  }
}

template <Rule R>
void RunTask(const Task& t, Scratch& s) {
  const Layout& l = *t.layout;
  const size_t n = l.units.size() - l.inner;
  // Ancestors start empty; data units are set by the first period.
  std::fill_n(s.num.begin(), l.inner, 0.0);
  std::fill_n(s.count.begin(), l.inner, 0);
  if constexpr (R == Rule::kWeightedAverage) std::fill_n(s.den.begin(), l.inner, 0.0);
  bool first = true;
  for (const int q : t.members) {
    const double* x = t.value_column + static_cast<size_t>(q) * t.column_stride;
    const double* w = nullptr;
    if constexpr (R == Rule::kWeightedAverage) {
      w = t.weight_column + static_cast<size_t>(q) * t.column_stride;
    }
    for (size_t k = 0; k < n; ++k) {
      const size_t j = l.inner + k;
      bool present = Present(x[k]);
      if constexpr (R == Rule::kWeightedAverage) present = present && Present(w[k]);
      if (first) {
        s.count[j] = 0;
        s.num[j] = 0;
        if constexpr (R == Rule::kWeightedAverage) s.den[j] = 0;
      }
      if (!present) continue;
      if constexpr (R == Rule::kWeightedAverage) {
        s.num[j] += x[k] * w[k];
        s.den[j] += w[k];
        ++s.count[j];
      } else if constexpr (R == Rule::kLast) {
        s.num[j] = x[k];
        s.count[j] = 1;
      } else if constexpr (R == Rule::kCount) {
        ++s.count[j];
      } else {
        Fold<R>(s, j, x[k]);
        ++s.count[j];
      }
    }
    first = false;
  }
  // Bottom-up. Data units first, into their parents: siblings are adjacent,
  // so a parent's sums stay in registers while its children pass (rather
  // than a chain of stores and loads through one memory cell).
  {
    size_t current = 0;  // the parent being summed; position 0 is never a data unit's
    double a = 0, d = 0;
    int32_t c = 0;
    auto flush = [&] {
      s.num[current] = a;
      if constexpr (R == Rule::kWeightedAverage) s.den[current] = d;
      s.count[current] = c;
    };
    bool open = false;
    for (size_t k = 0; k < n; ++k) {
      const size_t j = l.inner + k;
      const auto p = static_cast<size_t>(l.parent[j]);
      if (l.parent[j] < 0) continue;  // a data unit that is the root itself
      if (!open || p != current) {
        if (open) flush();
        current = p;
        open = true;
        a = s.num[p];
        if constexpr (R == Rule::kWeightedAverage) d = s.den[p];
        c = s.count[p];
      }
      if (s.count[j] == 0) continue;
      if constexpr (R == Rule::kMax) {
        if (c == 0 || s.num[j] > a) a = s.num[j];
      } else if constexpr (R == Rule::kMin) {
        if (c == 0 || s.num[j] < a) a = s.num[j];
      } else if constexpr (R != Rule::kCount) {
        a += s.num[j];
        if constexpr (R == Rule::kWeightedAverage) d += s.den[j];
      }
      c += s.count[j];
    }
    if (open) flush();
  }
  // Then the ancestors: each comes after its parent in preorder, so one
  // reverse pass folds every subtree into its root.
  for (size_t j = l.inner; j-- > 1;) {
    const auto p = static_cast<size_t>(l.parent[j]);
    if (s.count[j] == 0) continue;
    if constexpr (R == Rule::kMax || R == Rule::kMin) {
      Fold<R>(s, p, s.num[j]);
    } else if constexpr (R != Rule::kCount) {
      s.num[p] += s.num[j];
      if constexpr (R == Rule::kWeightedAverage) s.den[p] += s.den[j];
    }
    s.count[p] += s.count[j];
  }
  for (size_t i = 0; i < t.kept.size(); ++i) {
    const auto j = static_cast<size_t>(t.kept[i]);
    const int32_t c = s.count[j];
    t.reporting[i] = c;
    if constexpr (R == Rule::kCount) {
      t.out[i] = c;
    } else if constexpr (R == Rule::kWeightedAverage) {
      t.out[i] = c > 0 && s.den[j] != 0 ? s.num[j] / s.den[j] : kMissing;
      if (t.kept_num != nullptr) {
        t.kept_num[i] = s.num[j];
        t.kept_den[i] = s.den[j];
      }
    } else {
      t.out[i] = c > 0 ? s.num[j] : kMissing;
    }
  }
}

// A period group from its member periods' output columns (every rule but
// kLast, whose latest value is per data unit): the same figures as folding
// the group at the data units, since each rule's fold is associative.
struct GroupTask {
  Rule rule;
  std::span<const int> members;
  size_t kept;
  const double* values;      // column (m, 0); period q's at q * kept
  const int32_t* reporting;  // likewise
  const double* num;         // kWeightedAverage: Σ v·w and Σ w, likewise
  const double* den;
  double* out;
  int32_t* out_reporting;
};

void RunGroup(const GroupTask& t, Scratch& s) {
  std::fill_n(s.num.begin(), t.kept, 0.0);
  std::fill_n(s.den.begin(), t.kept, 0.0);
  std::fill_n(s.count.begin(), t.kept, 0);
  for (const int q : t.members) {
    const size_t at = static_cast<size_t>(q) * t.kept;
    const double* x = t.values + at;
    const int32_t* c = t.reporting + at;
    for (size_t i = 0; i < t.kept; ++i) {
      if (c[i] == 0) continue;
      switch (t.rule) {
        case Rule::kMax:
          if (s.count[i] == 0 || x[i] > s.num[i]) s.num[i] = x[i];
          break;
        case Rule::kMin:
          if (s.count[i] == 0 || x[i] < s.num[i]) s.num[i] = x[i];
          break;
        case Rule::kWeightedAverage:
          s.num[i] += t.num[at + i];
          s.den[i] += t.den[at + i];
          break;
        default:  // kSum, kCount
          s.num[i] += x[i];
      }
      s.count[i] += c[i];
    }
  }
  for (size_t i = 0; i < t.kept; ++i) {
    const int32_t c = s.count[i];
    t.out_reporting[i] = c;
    if (t.rule == Rule::kCount) {
      t.out[i] = c;
    } else if (t.rule == Rule::kWeightedAverage) {
      t.out[i] = c > 0 && s.den[i] != 0 ? s.num[i] / s.den[i] : kMissing;
    } else {
      t.out[i] = c > 0 ? s.num[i] : kMissing;
    }
  }
}

// Runs job(c, scratch) for c in [0, count) on `threads` threads (the caller's
// among them), each with its own scratch of `size` positions.
template <typename Job>
void RunPool(size_t count, int threads, size_t size, const Job& job) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    Scratch s{std::vector<double>(size), std::vector<double>(size), std::vector<int32_t>(size)};
    for (size_t c = next.fetch_add(1, std::memory_order_relaxed); c < count;
         c = next.fetch_add(1, std::memory_order_relaxed)) {
      job(c, s);
    }
  };
  threads = std::max(1, std::min(threads, static_cast<int>(std::max<size_t>(count, 1))));
  std::vector<std::jthread> pool;
  pool.reserve(static_cast<size_t>(threads) - 1);
  for (int i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
}  // the pool joins here

void Run(Rule rule, const Task& t, Scratch& s) {
  switch (rule) {
    case Rule::kSum:
      return RunTask<Rule::kSum>(t, s);
    case Rule::kWeightedAverage:
      return RunTask<Rule::kWeightedAverage>(t, s);
    case Rule::kLast:
      return RunTask<Rule::kLast>(t, s);
    case Rule::kMax:
      return RunTask<Rule::kMax>(t, s);
    case Rule::kMin:
      return RunTask<Rule::kMin>(t, s);
    case Rule::kCount:
      return RunTask<Rule::kCount>(t, s);
  }
}

}  // namespace

std::string_view RuleName(Rule rule) {
  switch (rule) {
    case Rule::kSum:
      return "sum";
    case Rule::kWeightedAverage:
      return "weighted_average";
    case Rule::kLast:
      return "last";
    case Rule::kMax:
      return "max";
    case Rule::kMin:
      return "min";
    case Rule::kCount:
      return "count";
  }
  return "?";
}

std::optional<size_t> Aggregated::Position(core::UnitIndex unit) const {
  const auto it = std::lower_bound(units_.begin(), units_.end(), unit);
  if (it == units_.end() || *it != unit) return std::nullopt;
  return static_cast<size_t>(it - units_.begin());
}

StatusOr<Aggregated> Aggregate(const core::Hierarchy& hierarchy, const ValueBlock& block,
                               std::span<const Measure> measures, const AggregateOptions& options) {
  if (block.periods < 0 || block.elements < 0) {
    return InvalidArgumentError("block: periods and elements must not be negative");
  }
  const size_t n = block.units.size();
  const size_t expected =
      static_cast<size_t>(block.elements) * static_cast<size_t>(block.periods) * n;
  if (block.values.size() != expected) {
    return InvalidArgumentError(
        "block.values: " + std::to_string(block.values.size()) +
        " values, expected elements × periods × units = " + std::to_string(expected));
  }
  for (size_t m = 0; m < measures.size(); ++m) {
    const Measure& measure = measures[m];
    const std::string name = "measures[" + std::to_string(m) + "]";
    if (measure.element < 0 || measure.element >= block.elements) {
      return InvalidArgumentError(name + ".element: " + std::to_string(measure.element) +
                                  " is not an element of the block (" +
                                  std::to_string(block.elements) + " elements)");
    }
    if (measure.rule == Rule::kWeightedAverage &&
        (measure.weight < 0 || measure.weight >= block.elements)) {
      return InvalidArgumentError(name + ".weight: " + std::to_string(measure.weight) +
                                  " is not an element of the block (" +
                                  std::to_string(block.elements) +
                                  " elements); a weighted average needs one");
    }
  }
  // Output period p covers members[p], ascending.
  std::vector<std::vector<int>> members;
  members.reserve(static_cast<size_t>(block.periods) + options.period_groups.size());
  for (int p = 0; p < block.periods; ++p) members.push_back({p});
  for (size_t g = 0; g < options.period_groups.size(); ++g) {
    std::vector<int> group = options.period_groups[g];
    const std::string name = "period_groups[" + std::to_string(g) + "]";
    if (group.empty()) return InvalidArgumentError(name + ": empty");
    std::sort(group.begin(), group.end());
    if (group.front() < 0 || group.back() >= block.periods) {
      return InvalidArgumentError(
          name + ": period " + std::to_string(group.front() < 0 ? group.front() : group.back()) +
          " is outside the block (" + std::to_string(block.periods) + " periods)");
    }
    if (const auto dup = std::adjacent_find(group.begin(), group.end()); dup != group.end()) {
      return InvalidArgumentError(name + ": period " + std::to_string(*dup) + " repeated");
    }
    members.push_back(std::move(group));
  }
  ALLEY_ASSIGN_OR_RETURN(Layout layout, MakeLayout(hierarchy, block.units));

  std::vector<int32_t> kept;  // layout positions output, in preorder
  for (const int32_t j : layout.preorder) {
    if (options.levels.empty() ||
        std::find(options.levels.begin(), options.levels.end(),
                  hierarchy.Level(layout.units[static_cast<size_t>(j)])) != options.levels.end()) {
      kept.push_back(j);
    }
  }
  const size_t k = kept.size();
  const size_t periods = static_cast<size_t>(block.periods);
  Aggregated out;
  out.measures_ = static_cast<int>(measures.size());
  out.periods_ = static_cast<int>(members.size());
  out.units_.reserve(k);
  for (const int32_t j : kept) out.units_.push_back(layout.units[static_cast<size_t>(j)]);
  const size_t columns = measures.size() * members.size();
  out.values_.resize(columns * k);
  out.reporting_.resize(columns * k);
  // Σ v·w and Σ w of each weighted average's periods, for its groups.
  std::vector<size_t> side(measures.size(), 0);
  size_t weighted = 0;
  for (size_t m = 0; m < measures.size(); ++m) {
    if (measures[m].rule == Rule::kWeightedAverage) side[m] = weighted++;
  }
  const bool groups = !options.period_groups.empty();
  std::vector<double> side_num(groups ? weighted * periods * k : 0);
  std::vector<double> side_den(side_num.size());

  // Phase 1: every (measure, period) from the data units up, and the groups
  // of kLast measures (a unit's latest value is known at the data units only).
  std::vector<std::pair<size_t, size_t>> from_data, from_periods;  // (measure, output period)
  for (size_t m = 0; m < measures.size(); ++m) {
    for (size_t p = 0; p < members.size(); ++p) {
      (p < periods || measures[m].rule == Rule::kLast ? from_data : from_periods)
          .emplace_back(m, p);
    }
  }
  const size_t element_stride = periods * n;
  const double* base = block.values.data();
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  RunPool(from_data.size(), threads, layout.units.size(), [&](size_t c, Scratch& s) {
    const auto [m, p] = from_data[c];
    const Measure& measure = measures[m];
    const size_t column = m * members.size() + p;
    const bool keep_side = groups && measure.rule == Rule::kWeightedAverage;
    const Task t{.layout = &layout,
                 .kept = kept,
                 .value_column = base + static_cast<size_t>(measure.element) * element_stride,
                 .weight_column = measure.rule == Rule::kWeightedAverage
                                      ? base + static_cast<size_t>(measure.weight) * element_stride
                                      : nullptr,
                 .column_stride = n,
                 .members = members[p],
                 .out = out.values_.data() + column * k,
                 .reporting = out.reporting_.data() + column * k,
                 .kept_num = keep_side ? side_num.data() + (side[m] * periods + p) * k : nullptr,
                 .kept_den = keep_side ? side_den.data() + (side[m] * periods + p) * k : nullptr};
    Run(measure.rule, t, s);
  });
  // Phase 2: the other groups from their member periods' outputs.
  RunPool(from_periods.size(), threads, k, [&](size_t c, Scratch& s) {
    const auto [m, p] = from_periods[c];
    const size_t first = m * members.size();
    const bool weighted_average = measures[m].rule == Rule::kWeightedAverage;
    const GroupTask t{.rule = measures[m].rule,
                      .members = members[p],
                      .kept = k,
                      .values = out.values_.data() + first * k,
                      .reporting = out.reporting_.data() + first * k,
                      .num = weighted_average ? side_num.data() + side[m] * periods * k : nullptr,
                      .den = weighted_average ? side_den.data() + side[m] * periods * k : nullptr,
                      .out = out.values_.data() + (first + p) * k,
                      .out_reporting = out.reporting_.data() + (first + p) * k};
    RunGroup(t, s);
  });
  return out;
}

}  // namespace alley::indicators

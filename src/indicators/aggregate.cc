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

// The units a query touches, in preorder: the data units and all their
// ancestors. Position 0 is the hierarchy's root.
struct Layout {
  std::vector<core::UnitIndex> units;  // position -> unit
  std::vector<int32_t> parent;         // position -> parent's position (-1 for the root)
  std::vector<int32_t> leaf;           // data unit k -> position
  std::vector<int32_t> inner;          // positions that hold no data (ancestors)
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
  layout.leaf.reserve(data.size());
  for (int32_t u = 0; u < n; ++u) {
    int32_t& m = mark[static_cast<size_t>(u)];
    if (m == -1) continue;
    const auto position = static_cast<int32_t>(layout.units.size());
    if (m == kData) {
      layout.leaf.push_back(position);
    } else {
      layout.inner.push_back(position);
    }
    m = position;
    const core::UnitIndex unit{u};
    layout.units.push_back(unit);
    const core::UnitIndex p = h.Parent(unit);
    layout.parent.push_back(p.valid() ? mark[static_cast<size_t>(p.value)] : -1);
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
  const size_t n = l.leaf.size();
  // Ancestors start empty; data units are set by the first period.
  for (const int32_t j : l.inner) {
    s.num[static_cast<size_t>(j)] = 0;
    s.count[static_cast<size_t>(j)] = 0;
    if constexpr (R == Rule::kWeightedAverage) s.den[static_cast<size_t>(j)] = 0;
  }
  bool first = true;
  for (const int q : t.members) {
    const double* x = t.value_column + static_cast<size_t>(q) * t.column_stride;
    const double* w = nullptr;
    if constexpr (R == Rule::kWeightedAverage) {
      w = t.weight_column + static_cast<size_t>(q) * t.column_stride;
    }
    for (size_t k = 0; k < n; ++k) {
      const auto j = static_cast<size_t>(l.leaf[k]);
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
  // Bottom-up: children come after their parent in preorder, so one reverse
  // pass folds every subtree into its root.
  for (size_t j = l.parent.size(); j-- > 1;) {
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
    } else {
      t.out[i] = c > 0 ? s.num[j] : kMissing;
    }
  }
}

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

  std::vector<int32_t> kept;
  for (size_t j = 0; j < layout.units.size(); ++j) {
    if (options.levels.empty() ||
        std::find(options.levels.begin(), options.levels.end(), hierarchy.Level(layout.units[j])) !=
            options.levels.end()) {
      kept.push_back(static_cast<int32_t>(j));
    }
  }
  Aggregated out;
  out.measures_ = static_cast<int>(measures.size());
  out.periods_ = static_cast<int>(members.size());
  out.units_.reserve(kept.size());
  for (const int32_t j : kept) out.units_.push_back(layout.units[static_cast<size_t>(j)]);
  const size_t columns = measures.size() * members.size();
  out.values_.resize(columns * kept.size());
  out.reporting_.resize(columns * kept.size());

  const size_t stride = n;  // one period's column to the next
  const size_t element_stride = static_cast<size_t>(block.periods) * n;
  auto task = [&](size_t c) {
    const size_t m = c / members.size();
    const size_t p = c % members.size();
    const Measure& measure = measures[m];
    const double* base = block.values.data();
    Task t{.layout = &layout,
           .kept = kept,
           .value_column = base + static_cast<size_t>(measure.element) * element_stride,
           .weight_column = measure.rule == Rule::kWeightedAverage
                                ? base + static_cast<size_t>(measure.weight) * element_stride
                                : nullptr,
           .column_stride = stride,
           .members = members[p],
           .out = out.values_.data() + c * kept.size(),
           .reporting = out.reporting_.data() + c * kept.size()};
    return std::pair<Rule, Task>(measure.rule, t);
  };

  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::max(1, std::min<int>(threads, static_cast<int>(std::max<size_t>(columns, 1))));
  std::atomic<size_t> next{0};
  auto work = [&] {
    const size_t size = layout.units.size();
    Scratch s{std::vector<double>(size), std::vector<double>(size), std::vector<int32_t>(size)};
    for (size_t c; (c = next.fetch_add(1, std::memory_order_relaxed)) < columns;) {
      const auto [rule, t] = task(c);
      Run(rule, t, s);
    }
  };
  if (threads == 1) {
    work();
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(static_cast<size_t>(threads) - 1);
    for (int i = 1; i < threads; ++i) pool.emplace_back(work);
    work();
  }  // the pool joins here
  return out;
}

}  // namespace alley::indicators

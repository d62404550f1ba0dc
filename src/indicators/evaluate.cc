#include "indicators/evaluate.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "indicators/aggregate.h"
#include "indicators/elements.h"
#include "indicators/formula.h"
#include "indicators/period.h"
#include "store/indicator_store.h"

namespace alley::indicators {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// The period a reference reads from `period`, or nullopt when it would fall
// before year 1 (such a figure is missing).
std::optional<Period> Shift(const Period& period, const Reference& ref) {
  switch (ref.kind) {
    case OffsetKind::kCurrent:
      return period;
    case OffsetKind::kLastYear: {
      if (period.year - ref.n < 2) return std::nullopt;
      Period p = period;
      for (int32_t i = 0; i < ref.n; ++i) p = SameLastYear(p);
      return p;
    }
    case OffsetKind::kPrevious: {
      // At most 366 periods a year (days); keep a year of margin.
      const int32_t years_back = period.kind == PeriodKind::kDay       ? ref.n / 365
                                 : period.kind == PeriodKind::kWeek    ? ref.n / 52
                                 : period.kind == PeriodKind::kMonth   ? ref.n / 12
                                 : period.kind == PeriodKind::kQuarter ? ref.n / 4
                                                                       : ref.n;
      if (period.year - years_back < 3) return std::nullopt;
      Period p = period;
      for (int32_t i = 0; i < ref.n; ++i) p = Previous(p);
      return p;
    }
  }
  return std::nullopt;
}

// Periods sorted so that, within a roll-up group, a later period has a
// higher index (kLast reads the highest): by last day, finer kinds first.
bool EarlierPeriod(const Period& a, const Period& b) {
  const core::Date la = LastDay(a);
  const core::Date lb = LastDay(b);
  if (la != lb) return la < lb;
  return a < b;
}

StatusOr<Rule> RuleOf(const store::IndicatorElementRow& e) {
  if (e.aggregation == "sum") return Rule::kSum;
  if (e.aggregation == "average") return Rule::kWeightedAverage;
  if (e.aggregation == "last") return Rule::kLast;
  if (e.aggregation == "max") return Rule::kMax;
  if (e.aggregation == "min") return Rule::kMin;
  return InvalidArgumentError("data element " + e.code + ": unknown aggregation " + e.aggregation);
}

// One value before it is placed in the block.
struct RawValue {
  std::string element;
  std::string unit_code;
  Period period;
  double value = kMissing;
  // Derived from the records: values at a unit and below it add up, and
  // none replaces another.
  bool derived = false;
};

// The evaluation of one query: the catalogue, the values gathered, the
// aggregate, and the columns of the units answered.
class Evaluator {
 public:
  Evaluator(store::Store& store, const core::Hierarchy& hierarchy, services::Instant as_of)
      : store_(store), hierarchy_(hierarchy), as_of_(as_of) {}

  Status LoadCatalogue() {
    return store_.Read([&](store::Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(std::vector<store::IndicatorElementRow> elements,
                             store::ListIndicatorElements(r));
      for (store::IndicatorElementRow& e : elements) elements_.emplace(e.code, std::move(e));
      ALLEY_ASSIGN_OR_RETURN(std::vector<store::IndicatorRow> indicators, store::ListIndicators(r));
      for (store::IndicatorRow& i : indicators) indicators_.emplace(i.code, std::move(i));
      return OkStatus();
    });
  }

  const std::map<std::string, store::IndicatorElementRow, std::less<>>& elements() const {
    return elements_;
  }
  const std::map<std::string, store::IndicatorRow, std::less<>>& indicators() const {
    return indicators_;
  }

  // Adds a formula that is not stored (a rule's condition) under `name`.
  Status AddFormula(const std::string& name, std::string_view text, std::string_view what) {
    StatusOr<Formula> f = ParseFormula(text);
    if (!f.ok()) return f.status().WithContext(std::string(what) + ": condition");
    ALLEY_RETURN_IF_ERROR(CheckNames(*f, what));
    formulas_.emplace(name, std::move(*f));
    return OkStatus();
  }

  // Parses every indicator reachable from `code` (and checks the names).
  Status Require(const std::string& code) {
    if (elements_.contains(code) || formulas_.contains(code)) return OkStatus();
    auto it = indicators_.find(code);
    if (it == indicators_.end()) {
      return NotFoundError("no indicator or data element " + code);
    }
    StatusOr<Formula> f = ParseFormula(it->second.formula);
    if (!f.ok()) return f.status().WithContext("indicator " + code + ": formula");
    ALLEY_RETURN_IF_ERROR(CheckNames(*f, "indicator " + code));
    std::vector<Reference> refs = f->References();
    formulas_.emplace(code, std::move(*f));
    for (const Reference& ref : refs) ALLEY_RETURN_IF_ERROR(Require(ref.name));
    return OkStatus();
  }

  Status CheckCycles() const {
    std::vector<std::string> cycle = FindCycle(formulas_);
    if (cycle.empty()) return OkStatus();
    std::string path;
    for (const std::string& name : cycle) path += (path.empty() ? "" : " -> ") + name;
    return InvalidArgumentError("indicators " + path + " refer to each other");
  }

  // Records which (element, period) figures `name` at `period` reads.
  void Need(const std::string& name, const Period& period) {
    if (!visited_.insert({name, period}).second) return;
    if (elements_.contains(name)) {
      needed_[name].insert(period);
      needed_periods_.insert(period);
      return;
    }
    const Formula& f = formulas_.at(name);
    for (const Reference& ref : f.References()) {
      std::optional<Period> shifted = Shift(period, ref);
      if (shifted) Need(ref.name, *shifted);
    }
  }

  // Gathers the values and builds the hierarchy and the layout of the block
  // over the scope's subtree. `scope` is a valid index of the hierarchy.
  Status Prepare(core::UnitIndex scope) {
    const std::string scope_code(hierarchy_.Code(scope));
    ALLEY_ASSIGN_OR_RETURN(raw_, Gather(scope_code));
    OverruleInTime(raw_);
    ALLEY_RETURN_IF_ERROR(BuildQueryHierarchy(scope, raw_));
    return Layout();
  }

  // The query hierarchy's index of `code`, for the units answered.
  std::optional<core::UnitIndex> Find(std::string_view code) const { return query_->Find(code); }
  const core::Hierarchy& query_hierarchy() const { return *query_; }
  bool IsSelfLeaf(core::UnitIndex i) const { return self_leaf_[static_cast<size_t>(i.value)]; }

  // Sets the rows the columns below answer for (indexes of the query
  // hierarchy). A unit's own value replaces the aggregate of what lies below
  // it, so a row at level L reads the aggregate in which the own values of
  // units at L and below replace their subtrees and those above L do not
  // (an aggregate per level asked).
  Status SetRows(const std::vector<core::UnitIndex>& rows) {
    rows_.clear();
    rows_.reserve(rows.size());
    for (core::UnitIndex u : rows) {
      ALLEY_ASSIGN_OR_RETURN(size_t run, RunFor(query_->Level(u)));
      rows_.push_back({run, *runs_[run].Position(u)});
    }
    columns_.clear();
    return OkStatus();
  }

  // The column of `name` (an element or a formula) at `period` over the rows.
  std::span<const double> Column(const std::string& name, const Period& period) {
    auto key = std::make_pair(name, period);
    if (auto it = columns_.find(key); it != columns_.end()) return it->second;
    std::vector<double> out(rows_.size(), kMissing);
    if (auto e = measure_of_.find(name); e != measure_of_.end()) {
      const int p = output_period_.at(period);
      for (size_t i = 0; i < rows_.size(); ++i) {
        out[i] = runs_[rows_[i].run].Value(e->second, p, rows_[i].position);
      }
    } else {
      const Formula& f = formulas_.at(name);
      std::map<Reference, std::vector<double>> shifted_missing;
      EvaluateColumns(
          f, rows_.size(),
          [&](const Reference& ref) -> std::span<const double> {
            std::optional<Period> shifted = Shift(period, ref);
            if (!shifted) {
              std::vector<double>& nan = shifted_missing[ref];
              nan.assign(rows_.size(), kMissing);
              return nan;
            }
            return Column(ref.name, *shifted);
          },
          out);
    }
    return columns_.emplace(key, std::move(out)).first->second;
  }

  // The reporting count of element `name` at `period`, row `row`.
  std::optional<int32_t> Reporting(const std::string& name, const Period& period,
                                   size_t row) const {
    auto e = measure_of_.find(name);
    if (e == measure_of_.end()) return std::nullopt;
    const Row& r = rows_[row];
    return runs_[r.run].Reporting(e->second, output_period_.at(period))[r.position];
  }

  const Formula* FormulaOf(const std::string& name) const {
    auto it = formulas_.find(name);
    return it == formulas_.end() ? nullptr : &it->second;
  }

 private:
  Status CheckNames(const Formula& f, std::string_view what) const {
    for (const Reference& ref : f.References()) {
      if (!elements_.contains(ref.name) && !indicators_.contains(ref.name)) {
        return InvalidArgumentError(std::string(what) + ": unknown name " + ref.name +
                                    " (neither an indicator nor a data element)");
      }
    }
    return OkStatus();
  }

  // Every entered value of the elements needed that lies in a needed period,
  // and the derived elements computed for the needed periods (and, for the
  // weights of averages, for each period their values were entered in).
  StatusOr<std::vector<RawValue>> Gather(const std::string& scope_code) {
    std::vector<RawValue> raw;
    std::vector<std::string> entered;
    std::map<Period, std::vector<std::string>> derive;  // period -> elements
    std::set<std::string> weights;
    for (const auto& [code, periods] : needed_) {
      const store::IndicatorElementRow& e = elements_.at(code);
      if (e.aggregation == "average" && !e.weight.empty()) weights.insert(e.weight);
    }
    for (const std::string& w : weights) {
      if (!elements_.contains(w)) {
        return InvalidArgumentError("data element " + w + " (a weight) is not defined");
      }
    }
    for (const auto& [code, periods] : needed_) {
      if (elements_.at(code).source == "derived") {
        for (const Period& p : periods) derive[p].push_back(code);
      } else {
        entered.push_back(code);
      }
    }
    std::set<Period> entered_periods;
    if (!entered.empty()) {
      std::vector<std::string> all_weights(weights.begin(), weights.end());
      for (const std::string& w : all_weights) {
        if (elements_.at(w).source == "entered" && !needed_.contains(w)) entered.push_back(w);
      }
      ALLEY_RETURN_IF_ERROR(store_.Read([&](store::Reader& r) {
        return store::ScanIndicatorValues(
            r, entered, scope_code, {}, [&](const store::IndicatorValueRow& v) -> Status {
              StatusOr<Period> period = ParsePeriod(v.period);
              if (!period.ok()) return OkStatus();  // a period no query can ask for
              bool wanted = false;
              for (const Period& p : needed_periods_) {
                if (p.kind == period->kind
                        ? p == *period
                        : CanEnclose(p.kind, period->kind) && Contains(p, *period)) {
                  wanted = true;
                  break;
                }
              }
              if (!wanted) return OkStatus();
              raw.push_back({v.element, v.unit_code, *period, v.value.value_or(kMissing)});
              entered_periods.insert(*period);
              return OkStatus();
            });
      }));
    }
    // A derived weight is needed in every period an average was entered in.
    for (const std::string& w : weights) {
      if (elements_.at(w).source != "derived") continue;
      for (const Period& p : entered_periods) derive[p].push_back(w);
    }
    for (auto& [period, codes] : derive) {
      std::sort(codes.begin(), codes.end());
      codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
      ALLEY_ASSIGN_OR_RETURN(std::vector<DerivedValue> values,
                             DeriveLedgerElements(store_, hierarchy_, scope_code, codes,
                                                  {FirstDay(period), LastDay(period)}, as_of_));
      for (DerivedValue& v : values) {
        raw.push_back({std::move(v.element), std::move(v.unit_code), period, v.value, true});
      }
    }
    return raw;
  }

  // A value entered for a period replaces the values of the finer periods
  // inside it (for the same element and unit).
  void OverruleInTime(std::vector<RawValue>& raw) const {
    std::set<std::tuple<std::string, std::string, Period>> own;
    for (const RawValue& v : raw) own.insert({v.element, v.unit_code, v.period});
    auto covered_in_time = [&](const RawValue& v) {
      for (const Period& p : needed_periods_) {
        if (p != v.period && p.kind != v.period.kind && CanEnclose(p.kind, v.period.kind) &&
            Contains(p, v.period) && own.contains({v.element, v.unit_code, p})) {
          return true;
        }
      }
      return false;
    };
    std::erase_if(raw, covered_in_time);
  }

  // A value of a unit at `boundary` or below replaces those of the units
  // below it (for the same element and period group).
  void OverruleInSpace(std::vector<RawValue>& raw, core::UnitLevel boundary) const {
    // The group a value counts in is the needed period containing it.
    auto group_of = [&](const Period& q) -> std::optional<Period> {
      for (const Period& p : needed_periods_) {
        if (p == q || (p.kind != q.kind && CanEnclose(p.kind, q.kind) && Contains(p, q))) {
          return p;
        }
      }
      return std::nullopt;
    };
    std::set<std::tuple<std::string, std::string, Period>> holders;
    for (const RawValue& v : raw) {
      if (v.derived) continue;
      if (std::optional<Period> g = group_of(v.period)) {
        holders.insert({v.element, v.unit_code, *g});
      }
    }
    auto covered_in_space = [&](const RawValue& v) {
      if (v.derived) return false;
      std::optional<Period> g = group_of(v.period);
      if (!g) return true;
      std::optional<core::UnitIndex> u = hierarchy_.Find(v.unit_code);
      if (!u) return true;  // a unit added since the hierarchy was loaded
      for (core::UnitIndex a = hierarchy_.Parent(*u); a.valid() && hierarchy_.Level(a) >= boundary;
           a = hierarchy_.Parent(a)) {
        if (holders.contains({v.element, std::string(hierarchy_.Code(a)), *g})) return true;
      }
      return false;
    };
    std::erase_if(raw, covered_in_space);
  }

  // The scope's subtree as a hierarchy of its own, with a leaf "CODE~self"
  // under each unit that has children and values of its own, so that the
  // units holding data are the leaves.
  Status BuildQueryHierarchy(core::UnitIndex scope, const std::vector<RawValue>& raw) {
    std::set<std::string> holders;
    for (const RawValue& v : raw) holders.insert(v.unit_code);
    std::vector<core::HierarchyRow> rows;
    const core::UnitIndex end = hierarchy_.SubtreeEnd(scope);
    rows.reserve(static_cast<size_t>(end.value - scope.value) + holders.size());
    for (core::UnitIndex i = scope; i < end; ++i) {
      core::HierarchyRow row;
      row.code = hierarchy_.Code(i);
      row.parent_code = i == scope ? "" : std::string(hierarchy_.Code(hierarchy_.Parent(i)));
      row.level = hierarchy_.Level(i);
      row.name = hierarchy_.Name(i);
      const bool has_children = hierarchy_.SubtreeEnd(i).value > i.value + 1;
      if (has_children && holders.contains(row.code) && row.level < core::UnitLevel::kGrid) {
        core::HierarchyRow self;
        self.code = row.code + "~self";
        self.parent_code = row.code;
        self.level = static_cast<core::UnitLevel>(static_cast<int>(row.level) + 1);
        self.name = row.name;
        rows.push_back(std::move(self));
      }
      rows.push_back(std::move(row));
    }
    ALLEY_ASSIGN_OR_RETURN(core::Hierarchy built, core::Hierarchy::Build(std::move(rows)));
    query_.emplace(std::move(built));
    self_leaf_.assign(query_->size(), false);
    for (core::UnitIndex i{0}; i.value < static_cast<int32_t>(query_->size()); ++i) {
      if (query_->Code(i).ends_with("~self")) self_leaf_[static_cast<size_t>(i.value)] = true;
    }
    return OkStatus();
  }

  // The block's shape, the same for every aggregate of this query: the data
  // units, periods, elements and measures.
  Status Layout() {
    const core::Hierarchy& q = *query_;
    // The data units: the leaves, in preorder.
    position_.assign(q.size(), -1);
    for (core::UnitIndex i{0}; i.value < static_cast<int32_t>(q.size()); ++i) {
      if (q.SubtreeEnd(i).value == i.value + 1) {
        position_[static_cast<size_t>(i.value)] = static_cast<int32_t>(leaves_.size());
        leaves_.push_back(i);
      }
    }
    // The block's periods: those needed and those values were entered in.
    std::set<Period> period_set(needed_periods_.begin(), needed_periods_.end());
    for (const RawValue& v : raw_) period_set.insert(v.period);
    periods_.assign(period_set.begin(), period_set.end());
    std::sort(periods_.begin(), periods_.end(), EarlierPeriod);
    for (size_t i = 0; i < periods_.size(); ++i) period_index_[periods_[i]] = static_cast<int>(i);
    // The block's elements: those needed, their weights, and a column of ones
    // (the weight of an unweighted average).
    std::vector<std::string>& codes = codes_;
    for (const auto& [code, unused] : needed_) codes.push_back(code);
    for (const std::string& code : std::vector<std::string>(codes)) {
      const store::IndicatorElementRow& e = elements_.at(code);
      if (e.aggregation == "average" && !e.weight.empty() &&
          std::find(codes.begin(), codes.end(), e.weight) == codes.end()) {
        codes.push_back(e.weight);
      }
    }
    for (size_t i = 0; i < codes.size(); ++i) element_index_[codes[i]] = static_cast<int>(i);
    ones_ = static_cast<int>(codes.size());
    measures_.reserve(codes.size());
    for (const std::string& code : codes) {
      const store::IndicatorElementRow& e = elements_.at(code);
      ALLEY_ASSIGN_OR_RETURN(Rule rule, RuleOf(e));
      Measure m{.element = element_index_.at(code), .rule = rule};
      if (rule == Rule::kWeightedAverage) {
        m.weight = e.weight.empty() ? ones_ : element_index_.at(e.weight);
      }
      measure_of_[code] = static_cast<int>(measures_.size());
      measures_.push_back(m);
    }
    const size_t period_count = periods_.size();
    for (const Period& p : needed_periods_) {
      std::vector<int> group;
      for (size_t i = 0; i < period_count; ++i) {
        const Period& q_period = periods_[i];
        if (q_period == p || (q_period.kind != p.kind && CanEnclose(p.kind, q_period.kind) &&
                              Contains(p, q_period))) {
          group.push_back(static_cast<int>(i));
        }
      }
      output_period_[p] = static_cast<int>(period_count + options_.period_groups.size());
      options_.period_groups.push_back(std::move(group));
    }
    return OkStatus();
  }

  // The aggregate for rows at `boundary` (SetRows), computed once.
  StatusOr<size_t> RunFor(core::UnitLevel boundary) {
    if (auto it = run_of_level_.find(boundary); it != run_of_level_.end()) return it->second;
    std::vector<RawValue> raw = raw_;
    OverruleInSpace(raw, boundary);
    const core::Hierarchy& q = *query_;
    const int element_count = ones_ + 1;
    const size_t n = leaves_.size();
    const size_t period_count = periods_.size();
    std::vector<double> values(static_cast<size_t>(element_count) * period_count * n, kMissing);
    auto cell = [&](int e, int p, size_t u) -> double& {
      return values[(static_cast<size_t>(e) * period_count + static_cast<size_t>(p)) * n + u];
    };
    for (size_t p = 0; p < period_count; ++p) {
      for (size_t u = 0; u < n; ++u) cell(ones_, static_cast<int>(p), u) = 1.0;
    }
    for (const RawValue& v : raw) {
      auto e = element_index_.find(v.element);
      if (e == element_index_.end()) continue;
      std::optional<core::UnitIndex> u = q.Find(v.unit_code);
      if (!u) continue;
      int32_t pos = position_[static_cast<size_t>(u->value)];
      if (pos < 0) {
        std::optional<core::UnitIndex> self = q.Find(v.unit_code + "~self");
        if (!self) continue;
        pos = position_[static_cast<size_t>(self->value)];
      }
      cell(e->second, period_index_.at(v.period), static_cast<size_t>(pos)) = v.value;
    }
    ValueBlock block{.units = leaves_,
                     .periods = static_cast<int>(period_count),
                     .elements = element_count,
                     .values = values};
    ALLEY_ASSIGN_OR_RETURN(Aggregated out, Aggregate(q, block, measures_, options_));
    runs_.push_back(std::move(out));
    run_of_level_[boundary] = runs_.size() - 1;
    return runs_.size() - 1;
  }

  store::Store& store_;
  const core::Hierarchy& hierarchy_;
  services::Instant as_of_;
  std::map<std::string, store::IndicatorElementRow, std::less<>> elements_;
  std::map<std::string, store::IndicatorRow, std::less<>> indicators_;
  std::map<std::string, Formula, std::less<>> formulas_;
  std::set<std::pair<std::string, Period>> visited_;
  std::map<std::string, std::set<Period>> needed_;  // element -> periods
  std::set<Period> needed_periods_;
  std::vector<RawValue> raw_;
  std::optional<core::Hierarchy> query_;
  std::vector<bool> self_leaf_;
  // The block's layout (Layout).
  std::vector<core::UnitIndex> leaves_;
  std::vector<int32_t> position_;  // query hierarchy index -> leaf position, or -1
  std::vector<Period> periods_;
  std::map<Period, int> period_index_;
  std::vector<std::string> codes_;
  std::map<std::string, int> element_index_;
  int ones_ = 0;
  std::vector<Measure> measures_;
  AggregateOptions options_;
  std::map<std::string, int> measure_of_;
  std::map<Period, int> output_period_;
  // The aggregates computed, and which serves rows of each level.
  std::vector<Aggregated> runs_;
  std::map<core::UnitLevel, size_t> run_of_level_;
  struct Row {
    size_t run = 0;
    size_t position = 0;
  };
  std::vector<Row> rows_;
  std::map<std::pair<std::string, Period>, std::vector<double>> columns_;
};

StatusOr<std::vector<Period>> ParsePeriods(const std::vector<std::string>& texts) {
  if (texts.empty()) return InvalidArgumentError("periods: give at least one period");
  std::vector<Period> periods;
  for (const std::string& text : texts) {
    ALLEY_ASSIGN_OR_RETURN(std::vector<Period> range, ParsePeriodRange(text));
    periods.insert(periods.end(), range.begin(), range.end());
  }
  for (const Period& p : periods) {
    if (p.kind != periods[0].kind) {
      return InvalidArgumentError("periods: " + FormatPeriod(periods[0]) + " and " +
                                  FormatPeriod(p) + " are of different kinds");
    }
  }
  return periods;
}

// The units answered, in preorder of the query hierarchy.
std::vector<core::UnitIndex> SelectUnits(const Evaluator& ev, const IndicatorQuery& query) {
  const core::Hierarchy& q = ev.query_hierarchy();
  std::vector<core::UnitIndex> units = {q.Root()};
  if (query.units == UnitSelection::kScopeAndChildren) {
    for (core::UnitIndex c : q.Children(q.Root())) {
      if (!ev.IsSelfLeaf(c)) units.push_back(c);
    }
  } else if (query.units == UnitSelection::kLevel) {
    units.clear();
    for (core::UnitIndex i{0}; i.value < static_cast<int32_t>(q.size()); ++i) {
      if (q.Level(i) == query.level && !ev.IsSelfLeaf(i)) units.push_back(i);
    }
  }
  return units;
}

std::optional<TargetCheck> CheckTarget(const store::IndicatorRow& indicator, double value) {
  if (indicator.target_op.empty() || !indicator.target) return std::nullopt;
  TargetCheck t;
  t.op = indicator.target_op;
  t.target = *indicator.target;
  const double target = *indicator.target;
  if (t.op == ">=") {
    t.met = value >= target;
    t.gap = t.met ? 0 : target - value;
  } else if (t.op == ">") {
    t.met = value > target;
    t.gap = t.met ? 0 : target - value;
  } else if (t.op == "<=") {
    t.met = value <= target;
    t.gap = t.met ? 0 : value - target;
  } else if (t.op == "<") {
    t.met = value < target;
    t.gap = t.met ? 0 : value - target;
  } else {
    t.met = value == target;
    t.gap = std::abs(value - target);
  }
  return t;
}

StatusOr<core::UnitIndex> FindScope(const core::Hierarchy& hierarchy, std::string_view code) {
  std::optional<core::UnitIndex> scope = hierarchy.Find(code);
  if (!scope) return NotFoundError("no unit " + std::string(code));
  return *scope;
}

}  // namespace

StatusOr<IndicatorTable> EvaluateIndicators(store::Store& store, const core::Hierarchy& hierarchy,
                                            const IndicatorQuery& query, services::Instant as_of) {
  ALLEY_ASSIGN_OR_RETURN(core::UnitIndex scope, FindScope(hierarchy, query.scope));
  ALLEY_ASSIGN_OR_RETURN(std::vector<Period> periods, ParsePeriods(query.periods));
  Evaluator ev(store, hierarchy, as_of);
  ALLEY_RETURN_IF_ERROR(ev.LoadCatalogue());
  std::vector<std::string> codes = query.codes;
  if (codes.empty()) {
    for (const auto& [code, unused] : ev.indicators()) codes.push_back(code);
  }
  for (const std::string& code : codes) ALLEY_RETURN_IF_ERROR(ev.Require(code));
  ALLEY_RETURN_IF_ERROR(ev.CheckCycles());
  for (const std::string& code : codes) {
    for (const Period& p : periods) ev.Need(code, p);
  }
  ALLEY_RETURN_IF_ERROR(ev.Prepare(scope));
  std::vector<core::UnitIndex> units = SelectUnits(ev, query);
  ALLEY_RETURN_IF_ERROR(ev.SetRows(units));

  IndicatorTable table;
  for (const std::string& code : codes) {
    IndicatorColumn c;
    c.code = code;
    if (auto i = ev.indicators().find(code); i != ev.indicators().end()) {
      c.name = i->second.name;
      c.measure = i->second.measure;
      c.kind = "indicator";
      c.formula = i->second.formula;
    } else {
      const store::IndicatorElementRow& e = ev.elements().at(code);
      c.name = e.name;
      c.measure = e.measure;
      c.kind = e.source;
    }
    table.columns.push_back(std::move(c));
  }
  const core::Hierarchy& q = ev.query_hierarchy();
  for (core::UnitIndex u : units) {
    table.units.push_back({std::string(q.Code(u)), std::string(q.Name(u)), q.Level(u)});
  }
  for (const Period& p : periods) table.periods.push_back(FormatPeriod(p));
  table.cells.reserve(units.size() * periods.size() * codes.size());
  for (size_t u = 0; u < units.size(); ++u) {
    for (const Period& p : periods) {
      for (const std::string& code : codes) {
        IndicatorCell cell;
        cell.code = code;
        cell.unit_code = table.units[u].code;
        cell.period = FormatPeriod(p);
        const double v = ev.Column(code, p)[u];
        if (!std::isnan(v)) cell.value = v;
        cell.reporting = ev.Reporting(code, p, u);
        if (auto i = ev.indicators().find(code); i != ev.indicators().end() && cell.value) {
          cell.target = CheckTarget(i->second, *cell.value);
        }
        table.cells.push_back(std::move(cell));
      }
    }
  }
  return table;
}

StatusOr<RuleReport> CheckRules(store::Store& store, const core::Hierarchy& hierarchy,
                                const IndicatorQuery& query, const std::vector<std::string>& rules,
                                services::Instant as_of) {
  ALLEY_ASSIGN_OR_RETURN(core::UnitIndex scope, FindScope(hierarchy, query.scope));
  ALLEY_ASSIGN_OR_RETURN(std::vector<Period> periods, ParsePeriods(query.periods));
  Evaluator ev(store, hierarchy, as_of);
  ALLEY_RETURN_IF_ERROR(ev.LoadCatalogue());
  std::vector<store::IndicatorRuleRow> stored;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(stored, store::ListIndicatorRules(r));
    return OkStatus();
  }));
  std::vector<store::IndicatorRuleRow> chosen;
  if (rules.empty()) {
    chosen = stored;
  } else {
    for (const std::string& code : rules) {
      auto it = std::find_if(stored.begin(), stored.end(),
                             [&](const store::IndicatorRuleRow& r) { return r.code == code; });
      if (it == stored.end()) return NotFoundError("no validation rule " + code);
      chosen.push_back(*it);
    }
  }
  // A rule's condition is a formula under a name no indicator can have.
  auto key = [](const store::IndicatorRuleRow& r) { return "rule " + r.code; };
  for (const store::IndicatorRuleRow& r : chosen) {
    ALLEY_RETURN_IF_ERROR(ev.AddFormula(key(r), r.condition, "rule " + r.code));
    const Formula* f = ev.FormulaOf(key(r));
    for (const Reference& ref : f->References()) ALLEY_RETURN_IF_ERROR(ev.Require(ref.name));
  }
  ALLEY_RETURN_IF_ERROR(ev.CheckCycles());
  for (const store::IndicatorRuleRow& r : chosen) {
    for (const Period& p : periods) ev.Need(key(r), p);
  }
  ALLEY_RETURN_IF_ERROR(ev.Prepare(scope));
  std::vector<core::UnitIndex> units = SelectUnits(ev, query);
  ALLEY_RETURN_IF_ERROR(ev.SetRows(units));
  const core::Hierarchy& q = ev.query_hierarchy();
  RuleReport report;
  for (size_t u = 0; u < units.size(); ++u) {
    for (const Period& p : periods) {
      for (const store::IndicatorRuleRow& r : chosen) {
        ++report.checked;
        const double v = ev.Column(key(r), p)[u];
        if (std::isnan(v)) {
          ++report.unchecked;
          continue;
        }
        if (v != 0) continue;
        RuleViolation violation;
        violation.rule = r.code;
        violation.name = r.name;
        violation.condition = r.condition;
        violation.unit_code = q.Code(units[u]);
        violation.unit_name = q.Name(units[u]);
        violation.period = FormatPeriod(p);
        for (const Reference& ref : ev.FormulaOf(key(r))->References()) {
          std::optional<Period> shifted = Shift(p, ref);
          std::optional<double> input;
          if (shifted) {
            const double x = ev.Column(ref.name, *shifted)[u];
            if (!std::isnan(x)) input = x;
          }
          violation.inputs.emplace_back(FormatReference(ref), input);
        }
        report.violations.push_back(std::move(violation));
      }
    }
  }
  return report;
}

}  // namespace alley::indicators

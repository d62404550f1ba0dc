#include "indicators/scorecard.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include "indicators/evaluate.h"
#include "indicators/indicator_queries.h"
#include "indicators/period.h"
#include "store/indicator_store.h"

namespace alley::indicators {
namespace {

using nlohmann::json;
using store::ScorecardItemRow;
using store::ScorecardRow;

bool IsCode(std::string_view code) {
  if (code.empty() || code.size() > 64 || code[0] < 'a' || code[0] > 'z') return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

ScorecardItemRow Item(std::string indicator, double weight, std::optional<double> target) {
  ScorecardItemRow item;
  item.indicator = std::move(indicator);
  item.weight = weight;
  item.target = target;
  return item;
}

std::vector<ScorecardRow> MakeScorecards() {
  ScorecardRow s;
  s.code = "governance";
  s.name = "基层治理绩效";
  s.description =
      "the three rates of concerns (responded, resolved on time, satisfied), visits to elderly "
      "people living alone on time, daycare places per 1,000 residents against 4.5, and the "
      "senior canteens' cost recovery";
  s.builtin = true;
  s.items = {Item("concern_response_rate", 20, 100),     Item("concern_resolution_rate", 20, 100),
             Item("concern_satisfaction_rate", 20, 100), Item("visits_on_time_rate", 20, 100),
             Item("nursery_places_per_1000", 10, 4.5),   Item("canteen_cost_recovery", 10, 100)};
  return {s};
}

json Number(std::optional<double> v) { return v ? json(*v) : json(nullptr); }

// The target of each item: its own, else its indicator's.
StatusOr<std::vector<std::optional<double>>> Targets(store::Reader& r, const ScorecardRow& card) {
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::IndicatorRow> indicators, store::ListIndicators(r));
  std::map<std::string, std::optional<double>> by_code;
  for (const store::IndicatorRow& i : indicators) by_code[i.code] = i.target;
  std::vector<std::optional<double>> out;
  for (const ScorecardItemRow& item : card.items) {
    std::optional<double> t = item.target;
    if (!t) {
      auto it = by_code.find(item.indicator);
      if (it != by_code.end()) t = it->second;
    }
    if (item.scoring == "target" && (!t || *t <= 0)) {
      return FailedPreconditionError("scorecard " + card.code + ": item " + item.indicator +
                                     " is scored against a target, and has none above 0 (give "
                                     "the item one, or its indicator)");
    }
    out.push_back(t);
  }
  return out;
}

double TargetScore(const ScorecardItemRow& item, double target, double v) {
  double share = 0;
  if (item.direction == "lower_is_better") {
    share = v <= target ? 1.0 : target / v;
  } else {
    share = v <= 0 ? 0.0 : v / target;
  }
  return std::min(100.0 * share, item.cap);
}

struct PeriodScores {
  // Per unit (in the table's order): item scores and the total.
  std::vector<std::vector<ItemScore>> items;
  std::vector<std::optional<double>> total;
  std::vector<std::vector<std::string>> missing;
};

PeriodScores Score(const IndicatorTable& table, size_t p, const ScorecardRow& card,
                   const std::vector<size_t>& column_of,
                   const std::vector<std::optional<double>>& targets) {
  const size_t n = table.units.size();
  PeriodScores out;
  out.items.resize(n);
  out.total.resize(n);
  out.missing.resize(n);
  // The range of each item over the units with a figure.
  std::vector<double> lo(card.items.size(), std::numeric_limits<double>::infinity());
  std::vector<double> hi(card.items.size(), -std::numeric_limits<double>::infinity());
  for (size_t u = 0; u < n; ++u) {
    for (size_t i = 0; i < card.items.size(); ++i) {
      std::optional<double> v = table.At(u, p, column_of[i]).value;
      if (!v) continue;
      lo[i] = std::min(lo[i], *v);
      hi[i] = std::max(hi[i], *v);
    }
  }
  for (size_t u = 0; u < n; ++u) {
    double weights = 0;
    double sum = 0;
    for (size_t i = 0; i < card.items.size(); ++i) {
      const ScorecardItemRow& item = card.items[i];
      ItemScore s;
      s.indicator = item.indicator;
      s.value = table.At(u, p, column_of[i]).value;
      if (s.value) {
        const double v = *s.value;
        if (item.scoring == "range") {
          double share = 1;
          if (hi[i] > lo[i]) {
            share = item.direction == "lower_is_better" ? (hi[i] - v) / (hi[i] - lo[i])
                                                        : (v - lo[i]) / (hi[i] - lo[i]);
          }
          s.score = std::min(100.0 * share, item.cap);
        } else {
          s.score = TargetScore(item, *targets[i], v);
        }
        weights += item.weight;
        sum += item.weight * *s.score;
        s.weight = item.weight;
      } else {
        out.missing[u].push_back(item.indicator);
      }
      out.items[u].push_back(std::move(s));
    }
    if (weights > 0) {
      out.total[u] = sum / weights;
      for (ItemScore& s : out.items[u]) s.weight /= weights;
    }
  }
  return out;
}

}  // namespace

std::span<const ScorecardRow> BuiltinScorecards() {
  static const std::vector<ScorecardRow> kRows = MakeScorecards();
  return kRows;
}

Status EnsureScorecards(store::Store& store) {
  std::set<std::string> have;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<ScorecardRow> rows, store::ListScorecards(r));
    for (const ScorecardRow& s : rows) have.insert(s.code);
    return OkStatus();
  }));
  std::vector<const ScorecardRow*> absent;
  for (const ScorecardRow& s : BuiltinScorecards()) {
    if (!have.contains(s.code)) absent.push_back(&s);
  }
  if (absent.empty()) return OkStatus();
  return store.Write([&](store::Writer& w) -> Status {
    for (const ScorecardRow* s : absent) {
      ALLEY_ASSIGN_OR_RETURN(std::optional<ScorecardRow> stored, store::FindScorecard(w, s->code));
      if (!stored) ALLEY_RETURN_IF_ERROR(store::PutScorecard(w, *s));
    }
    return OkStatus();
  });
}

Status ValidateScorecard(const ScorecardRow& row) {
  if (!IsCode(row.code)) {
    return InvalidArgumentError("field code: \"" + row.code +
                                "\" must be [a-z][a-z0-9_.]*, at most 64 characters");
  }
  if (row.name.empty()) return InvalidArgumentError("field name: empty");
  if (row.items.empty()) return InvalidArgumentError("field items: a scorecard needs an item");
  std::set<std::string> seen;
  for (size_t i = 0; i < row.items.size(); ++i) {
    const ScorecardItemRow& item = row.items[i];
    const std::string field = "field items[" + std::to_string(i) + "].";
    if (!IsCode(item.indicator)) {
      return InvalidArgumentError(field + "indicator: \"" + item.indicator +
                                  "\" is not an indicator code");
    }
    if (!seen.insert(item.indicator).second) {
      return InvalidArgumentError(field + "indicator: " + item.indicator + " is listed twice");
    }
    if (!std::isfinite(item.weight) || item.weight <= 0) {
      return InvalidArgumentError(field + "weight: must be a number above 0");
    }
    if (item.direction != "higher_is_better" && item.direction != "lower_is_better") {
      return InvalidArgumentError(field + "direction: \"" + item.direction +
                                  "\" is neither higher_is_better nor lower_is_better");
    }
    if (item.scoring != "target" && item.scoring != "range") {
      return InvalidArgumentError(field + "scoring: \"" + item.scoring +
                                  "\" is neither target nor range");
    }
    if (!std::isfinite(item.cap) || item.cap <= 0 || item.cap > 100) {
      return InvalidArgumentError(field + "cap: must be above 0 and at most 100");
    }
    if (item.target &&
        (!std::isfinite(*item.target) || (item.scoring == "target" && *item.target <= 0))) {
      return InvalidArgumentError(field + "target: must be a number above 0");
    }
  }
  return OkStatus();
}

Status DefineScorecard(store::Store& store, const ScorecardRow& row) {
  ALLEY_RETURN_IF_ERROR(ValidateScorecard(row));
  ALLEY_RETURN_IF_ERROR(EnsureCatalogue(store));
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::IndicatorElementRow> elements,
                           store::ListIndicatorElements(w));
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::IndicatorRow> indicators, store::ListIndicators(w));
    std::set<std::string> known;
    for (const auto& e : elements) known.insert(e.code);
    for (const auto& i : indicators) known.insert(i.code);
    for (const ScorecardItemRow& item : row.items) {
      if (!known.contains(item.indicator)) {
        return NotFoundError("scorecard " + row.code + ": no indicator or data element " +
                             item.indicator);
      }
    }
    ALLEY_RETURN_IF_ERROR(Targets(w, row).status());
    return store::PutScorecard(w, row);
  });
}

StatusOr<std::vector<ScorecardRow>> ListScorecardDefinitions(store::Store& store) {
  ALLEY_RETURN_IF_ERROR(EnsureScorecards(store));
  std::vector<ScorecardRow> rows;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(rows, store::ListScorecards(r));
    return OkStatus();
  }));
  return rows;
}

StatusOr<ScorecardRanking> RankUnits(store::Store& store, const core::Hierarchy& hierarchy,
                                     const RankQuery& query, services::Instant as_of) {
  ALLEY_RETURN_IF_ERROR(EnsureScorecards(store));
  ALLEY_RETURN_IF_ERROR(EnsureCatalogue(store));
  ScorecardRow card;
  std::vector<std::optional<double>> targets;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<ScorecardRow> found,
                           store::FindScorecard(r, query.scorecard));
    if (!found) return NotFoundError("no scorecard " + query.scorecard);
    card = *std::move(found);
    ALLEY_ASSIGN_OR_RETURN(targets, Targets(r, card));
    return OkStatus();
  }));
  ALLEY_ASSIGN_OR_RETURN(Period period, ParsePeriod(query.period));
  const std::string previous = FormatPeriod(Previous(period));

  IndicatorQuery q;
  q.scope = query.scope;
  q.periods = {FormatPeriod(period), previous};
  q.units = UnitSelection::kLevel;
  q.level = query.level;
  std::vector<size_t> column_of;
  for (const ScorecardItemRow& item : card.items) {
    auto it = std::find(q.codes.begin(), q.codes.end(), item.indicator);
    column_of.push_back(static_cast<size_t>(it - q.codes.begin()));
    if (it == q.codes.end()) q.codes.push_back(item.indicator);
  }
  ALLEY_ASSIGN_OR_RETURN(IndicatorTable table, EvaluateIndicators(store, hierarchy, q, as_of));
  const PeriodScores now = Score(table, 0, card, column_of, targets);
  const PeriodScores before = Score(table, 1, card, column_of, targets);

  ScorecardRanking out;
  out.scorecard = card.code;
  out.name = card.name;
  out.scope = query.scope;
  out.level = std::string(core::UnitLevelName(query.level));
  out.period = table.periods[0];
  out.previous_period = table.periods[1];
  for (size_t u = 0; u < table.units.size(); ++u) {
    UnitScore s;
    s.unit = table.units[u].code;
    s.name = table.units[u].name;
    s.score = now.total[u];
    s.previous_score = before.total[u];
    if (s.score && s.previous_score) s.change = *s.score - *s.previous_score;
    s.items = now.items[u];
    s.missing = now.missing[u];
    out.units.push_back(std::move(s));
  }
  std::stable_sort(out.units.begin(), out.units.end(), [](const UnitScore& a, const UnitScore& b) {
    if (a.score.has_value() != b.score.has_value()) return a.score.has_value();
    if (a.score && *a.score != *b.score) return *a.score > *b.score;
    return a.unit < b.unit;
  });
  for (size_t i = 0; i < out.units.size(); ++i) {
    UnitScore& s = out.units[i];
    if (!s.score) break;
    s.rank = i > 0 && out.units[i - 1].score == s.score
                 ? out.units[i - 1].rank
                 : std::optional<int>(static_cast<int>(i) + 1);
  }
  return out;
}

json ScorecardJson(const ScorecardRow& row) {
  json items = json::array();
  for (const ScorecardItemRow& item : row.items) {
    items.push_back({{"indicator", item.indicator},
                     {"weight", item.weight},
                     {"direction", item.direction},
                     {"scoring", item.scoring},
                     {"cap", item.cap},
                     {"target", Number(item.target)}});
  }
  return {{"code", row.code},
          {"name", row.name},
          {"description", row.description},
          {"builtin", row.builtin},
          {"items", items}};
}

json RankingJson(const ScorecardRanking& ranking) {
  json units = json::array();
  for (const UnitScore& u : ranking.units) {
    json items = json::array();
    for (const ItemScore& i : u.items) {
      items.push_back({{"indicator", i.indicator},
                       {"value", Number(i.value)},
                       {"score", Number(i.score)},
                       {"weight", i.weight}});
    }
    units.push_back({{"rank", u.rank ? json(*u.rank) : json(nullptr)},
                     {"unit", u.unit},
                     {"name", u.name},
                     {"score", Number(u.score)},
                     {"previous_score", Number(u.previous_score)},
                     {"change", Number(u.change)},
                     {"items", items},
                     {"missing", u.missing}});
  }
  return {{"scorecard", ranking.scorecard},
          {"name", ranking.name},
          {"scope", ranking.scope},
          {"level", ranking.level},
          {"period", ranking.period},
          {"previous_period", ranking.previous_period},
          {"units", units}};
}

StatusOr<ScorecardItemRow> ParseScorecardItem(std::string_view text) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t colon = text.find(':', start);
    parts.push_back(text.substr(start, colon == std::string_view::npos ? colon : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  const std::string quoted = "--item \"" + std::string(text) + "\": ";
  if (parts.size() < 2) {
    return InvalidArgumentError(quoted + "expected indicator:weight[:lower][:range]");
  }
  ScorecardItemRow item;
  item.indicator = std::string(parts[0]);
  const std::string weight(parts[1]);
  double w = 0;
  auto [end, ec] = std::from_chars(weight.data(), weight.data() + weight.size(), w);
  if (ec != std::errc() || end != weight.data() + weight.size() || weight.empty()) {
    return InvalidArgumentError(quoted + "weight \"" + weight + "\" is not a number");
  }
  item.weight = w;
  for (size_t i = 2; i < parts.size(); ++i) {
    if (parts[i] == "lower") {
      item.direction = "lower_is_better";
    } else if (parts[i] == "higher") {
      item.direction = "higher_is_better";
    } else if (parts[i] == "range") {
      item.scoring = "range";
    } else if (parts[i] == "target") {
      item.scoring = "target";
    } else {
      return InvalidArgumentError(quoted + "\"" + std::string(parts[i]) +
                                  "\" is none of lower, higher, range, target");
    }
  }
  return item;
}

}  // namespace alley::indicators

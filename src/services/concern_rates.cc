#include "services/concern_rates.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace alley::services {

namespace {

// China Standard Time is UTC+8 all year (core/clock.h), so a Beijing day
// starts 8 hours before the UTC day of the same date.
constexpr int64_t kChinaUtcOffsetS = int64_t{8} * 3600;
constexpr int64_t kSecondsPerDay = 86400;

// 00:00 China Standard Time on the day `days` after 1970-01-01.
Instant DayStart(int64_t days) {
  return Instant{std::chrono::seconds{days * kSecondsPerDay - kChinaUtcOffsetS}};
}

std::string UnitOutside(core::UnitIndex unit, size_t unit_count) {
  return "unit index " + std::to_string(unit.value) + " is outside the hierarchy (" +
         std::to_string(unit_count) + " units)";
}

bool Inside(core::UnitIndex unit, size_t unit_count) {
  return unit.valid() && static_cast<size_t>(unit.value) < unit_count;
}

std::string Row(size_t i) { return "row " + std::to_string(i) + ": "; }

// Adds concern `i`, received in the period and by `as_of`, to `c`, by the
// header's definitions. The one place they are coded.
inline void Tally(const ConcernFacts& f, size_t i, Instant as_of, ConcernCounts& c) {
  ++c.received;
  const std::optional<Instant>& responded = f.responded_at[i];
  if (responded.has_value() && *responded <= as_of) {
    ++c.responded;
    if (*responded <= f.response_deadline[i]) ++c.responded_on_time;
  }
  const std::optional<Instant>& resolved = f.resolved_at[i];
  if (resolved.has_value() && *resolved <= as_of) {
    ++c.resolved;
    if (*resolved <= f.resolution_deadline[i]) ++c.resolved_on_time;
    const std::optional<ConcernRating>& rating = f.rating[i];
    if (rating.has_value()) {
      ++c.rated;
      switch (*rating) {
        case ConcernRating::kSatisfied:
          ++c.satisfied;
          break;
        case ConcernRating::kBasicallySatisfied:
          ++c.basically_satisfied;
          break;
        case ConcernRating::kNotSatisfied:
          ++c.not_satisfied;
          break;
      }
    }
  } else if (f.resolution_deadline[i] < as_of) {
    ++c.overdue_open;
  }
}

std::optional<double> Ratio(int64_t numerator, int64_t denominator) {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

Status CheckMonth(std::string_view which, YearMonth m) {
  if (m.month < 1 || m.month > 12) {
    return InvalidArgumentError(std::string(which) + " month: month " + std::to_string(m.month) +
                                " must be 1..12");
  }
  if (m.year < 0 || m.year > 9999) {
    return InvalidArgumentError(std::string(which) + " month: year " + std::to_string(m.year) +
                                " must be 0..9999");
  }
  return OkStatus();
}

}  // namespace

void ConcernFacts::Reserve(size_t n) {
  unit.reserve(n);
  received_at.reserve(n);
  responded_at.reserve(n);
  resolved_at.reserve(n);
  response_deadline.reserve(n);
  resolution_deadline.reserve(n);
  rating.reserve(n);
}

void ConcernFacts::Append(const ConcernFact& fact) {
  unit.push_back(fact.unit);
  received_at.push_back(fact.received_at);
  responded_at.push_back(fact.responded_at);
  resolved_at.push_back(fact.resolved_at);
  response_deadline.push_back(fact.response_deadline);
  resolution_deadline.push_back(fact.resolution_deadline);
  rating.push_back(fact.rating);
}

Status ValidateConcernFacts(const ConcernFacts& facts, size_t unit_count) {
  const size_t n = facts.unit.size();
  const std::pair<std::string_view, size_t> columns[] = {
      {"received_at", facts.received_at.size()},
      {"responded_at", facts.responded_at.size()},
      {"resolved_at", facts.resolved_at.size()},
      {"response_deadline", facts.response_deadline.size()},
      {"resolution_deadline", facts.resolution_deadline.size()},
      {"rating", facts.rating.size()},
  };
  for (const auto& [name, size] : columns) {
    if (size != n) {
      return InvalidArgumentError("column " + std::string(name) + " has " + std::to_string(size) +
                                  " entries, unit has " + std::to_string(n));
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (!Inside(facts.unit[i], unit_count)) {
      return InvalidArgumentError(Row(i) + UnitOutside(facts.unit[i], unit_count));
    }
    const Instant received = facts.received_at[i];
    const std::optional<Instant>& responded = facts.responded_at[i];
    const std::optional<Instant>& resolved = facts.resolved_at[i];
    if (responded.has_value() && *responded < received) {
      return InvalidArgumentError(Row(i) + "responded_at is before received_at");
    }
    if (resolved.has_value()) {
      if (!responded.has_value()) {
        return InvalidArgumentError(Row(i) + "resolved without a response");
      }
      if (*resolved < *responded) {
        return InvalidArgumentError(Row(i) + "resolved_at is before responded_at");
      }
    }
    if (facts.response_deadline[i] < received) {
      return InvalidArgumentError(Row(i) + "response_deadline is before received_at");
    }
    if (facts.resolution_deadline[i] < received) {
      return InvalidArgumentError(Row(i) + "resolution_deadline is before received_at");
    }
    if (facts.rating[i].has_value() && !resolved.has_value()) {
      return InvalidArgumentError(Row(i) + "rated without a resolution");
    }
  }
  return OkStatus();
}

YearMonth YearMonth::Of(core::Date date) { return YearMonth{date.year(), date.month()}; }

std::string YearMonth::ToString() const {
  std::string year_text = std::to_string(year);
  if (year >= 0 && year_text.size() < 4) year_text.insert(0, 4 - year_text.size(), '0');
  return year_text + (month < 10 ? "-0" : "-") + std::to_string(month);
}

ConcernCounts& ConcernCounts::operator+=(const ConcernCounts& o) {
  received += o.received;
  responded += o.responded;
  responded_on_time += o.responded_on_time;
  resolved += o.resolved;
  resolved_on_time += o.resolved_on_time;
  rated += o.rated;
  satisfied += o.satisfied;
  basically_satisfied += o.basically_satisfied;
  not_satisfied += o.not_satisfied;
  overdue_open += o.overdue_open;
  return *this;
}

ConcernCounts& ConcernCounts::operator-=(const ConcernCounts& o) {
  received -= o.received;
  responded -= o.responded;
  responded_on_time -= o.responded_on_time;
  resolved -= o.resolved;
  resolved_on_time -= o.resolved_on_time;
  rated -= o.rated;
  satisfied -= o.satisfied;
  basically_satisfied -= o.basically_satisfied;
  not_satisfied -= o.not_satisfied;
  overdue_open -= o.overdue_open;
  return *this;
}

ConcernRates RatesOf(const ConcernCounts& counts) {
  ConcernRates r;
  r.counts = counts;
  r.response_rate = Ratio(counts.responded_on_time, counts.received);
  r.resolution_rate = Ratio(counts.resolved_on_time, counts.received);
  r.satisfaction_rate = Ratio(counts.satisfied + counts.basically_satisfied, counts.rated);
  return r;
}

StatusOr<ConcernRates> ComputeConcernRates(const ConcernFacts& facts,
                                           const core::Hierarchy& hierarchy, core::UnitIndex unit,
                                           ReportPeriod period, Instant as_of) {
  if (!Inside(unit, hierarchy.size())) {
    return InvalidArgumentError(UnitOutside(unit, hierarchy.size()));
  }
  if (period.to < period.from) {
    return InvalidArgumentError("period: from " + period.from.ToString() + " is after to " +
                                period.to.ToString());
  }
  ALLEY_RETURN_IF_ERROR(ValidateConcernFacts(facts, hierarchy.size()));
  const int32_t lo = unit.value;
  const int32_t hi = hierarchy.SubtreeEnd(unit).value;
  // Received in [start, end): from 00:00 Beijing time on `from` to 00:00 on the
  // day after `to`.
  const Instant start = DayStart(period.from.days());
  const Instant end = DayStart(period.to.days() + 1);
  ConcernCounts counts;
  for (size_t i = 0; i < facts.size(); ++i) {
    const int32_t x = facts.unit[i].value;
    if (x < lo || x >= hi) continue;
    const Instant received = facts.received_at[i];
    if (received < start || received >= end || received > as_of) continue;
    Tally(facts, i, as_of, counts);
  }
  return RatesOf(counts);
}

const ConcernCounts& MonthlyConcernCounts::At(size_t unit_position, int month) const {
  ALLEY_DCHECK(unit_position < units.size() && month >= 0 && month < month_count,
               "unit position or month out of range");
  return counts[unit_position * static_cast<size_t>(month_count) + static_cast<size_t>(month)];
}

StatusOr<MonthlyConcernCounts> CountConcernsByMonth(const ConcernFacts& facts,
                                                    const core::Hierarchy& hierarchy,
                                                    std::span<const core::UnitIndex> units,
                                                    YearMonth first, YearMonth last,
                                                    Instant as_of) {
  for (size_t p = 0; p < units.size(); ++p) {
    if (!Inside(units[p], hierarchy.size())) {
      return InvalidArgumentError("units[" + std::to_string(p) +
                                  "]: " + UnitOutside(units[p], hierarchy.size()));
    }
  }
  ALLEY_RETURN_IF_ERROR(CheckMonth("first", first));
  ALLEY_RETURN_IF_ERROR(CheckMonth("last", last));
  if (last < first) {
    return InvalidArgumentError("months: last " + last.ToString() + " is before first " +
                                first.ToString());
  }
  const int64_t month_count = last.Ordinal() - first.Ordinal() + 1;
  if (month_count > kMaxMonths) {
    return ResourceExhaustedError("months: " + std::to_string(month_count) +
                                  " months asked, at most " + std::to_string(kMaxMonths));
  }
  const int64_t unit_months = static_cast<int64_t>(units.size()) * month_count;
  if (unit_months > kMaxUnitMonths) {
    return ResourceExhaustedError(
        std::to_string(units.size()) + " units x " + std::to_string(month_count) +
        " months = " + std::to_string(unit_months) + " unit-months asked, at most " +
        std::to_string(kMaxUnitMonths) + ": narrow the scope or the months");
  }
  ALLEY_RETURN_IF_ERROR(ValidateConcernFacts(facts, hierarchy.size()));

  const size_t months = static_cast<size_t>(month_count);
  MonthlyConcernCounts out;
  out.units.assign(units.begin(), units.end());
  out.first_month = first;
  out.month_count = static_cast<int>(month_count);
  out.counts.resize(units.size() * months);
  if (units.empty()) return out;

  // The subtree boundaries of the units asked cut the preorder into
  // segments; segment s is [bounds[s], bounds[s + 1]). Every subtree asked is
  // a run of whole segments.
  std::vector<int32_t> bounds;
  bounds.reserve(2 * units.size());
  for (core::UnitIndex u : units) {
    bounds.push_back(u.value);
    bounds.push_back(hierarchy.SubtreeEnd(u).value);
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  const int32_t lo = bounds.front();
  const int32_t hi = bounds.back();
  std::vector<int32_t> segment_of(static_cast<size_t>(hi - lo));
  for (size_t s = 0; s + 1 < bounds.size(); ++s) {
    std::fill(segment_of.begin() + (bounds[s] - lo), segment_of.begin() + (bounds[s + 1] - lo),
              static_cast<int32_t>(s));
  }

  // Days of the range (China Standard Time) to month positions.
  const int64_t first_day = core::Date::FromYmd(first.year, first.month, 1)->days();
  std::vector<int32_t> month_of_day;
  for (int32_t m = 0; m < out.month_count; ++m) {
    const int64_t ordinal = first.Ordinal() + m;
    const int year = static_cast<int>(ordinal / 12);
    const int month = static_cast<int>(ordinal % 12) + 1;
    month_of_day.insert(month_of_day.end(), static_cast<size_t>(core::DaysInMonth(year, month)), m);
  }
  const Instant start = DayStart(first_day);
  const Instant end = DayStart(first_day + static_cast<int64_t>(month_of_day.size()));

  // cells[j * months + m]: after the pass, the concerns of segment j - 1 in
  // month m (row 0 stays empty); after the prefix sums, those of all segments
  // before j, i.e. of the preorder range [lo, bounds[j]).
  std::vector<ConcernCounts> cells(bounds.size() * months);
  for (size_t i = 0; i < facts.size(); ++i) {
    const int32_t x = facts.unit[i].value;
    if (x < lo || x >= hi) continue;
    const Instant received = facts.received_at[i];
    if (received < start || received >= end || received > as_of) continue;
    const auto day = static_cast<size_t>((received - start).count() / kSecondsPerDay);
    const auto m = static_cast<size_t>(month_of_day[day]);
    const auto s = static_cast<size_t>(segment_of[static_cast<size_t>(x - lo)]);
    Tally(facts, i, as_of, cells[(s + 1) * months + m]);
  }
  for (size_t j = 1; j < bounds.size(); ++j) {
    for (size_t m = 0; m < months; ++m) cells[j * months + m] += cells[(j - 1) * months + m];
  }
  auto position = [&](int32_t bound) {
    return static_cast<size_t>(std::lower_bound(bounds.begin(), bounds.end(), bound) -
                               bounds.begin());
  };
  for (size_t p = 0; p < units.size(); ++p) {
    const size_t a = position(units[p].value);
    const size_t b = position(hierarchy.SubtreeEnd(units[p]).value);
    for (size_t m = 0; m < months; ++m) {
      ConcernCounts c = cells[b * months + m];
      c -= cells[a * months + m];
      out.counts[p * months + m] = c;
    }
  }
  return out;
}

std::vector<core::UnitIndex> UnitsAtLevel(const core::Hierarchy& hierarchy, core::UnitIndex scope,
                                          core::UnitLevel level) {
  std::vector<core::UnitIndex> out;
  const core::UnitIndex end = hierarchy.SubtreeEnd(scope);
  core::UnitIndex i = scope;
  while (i < end) {
    const core::UnitLevel l = hierarchy.Level(i);
    if (l == level) out.push_back(i);
    // Levels strictly deepen down the tree: below a unit at or past `level`
    // there is nothing at `level`.
    if (l >= level) {
      i = hierarchy.SubtreeEnd(i);
    } else {
      ++i;
    }
  }
  return out;
}

StatusOr<MonthlyConcernCounts> CountConcernsByMonthAtLevel(const ConcernFacts& facts,
                                                           const core::Hierarchy& hierarchy,
                                                           core::UnitIndex scope,
                                                           core::UnitLevel level, YearMonth first,
                                                           YearMonth last, Instant as_of) {
  if (!Inside(scope, hierarchy.size())) {
    return InvalidArgumentError("scope: " + UnitOutside(scope, hierarchy.size()));
  }
  const std::vector<core::UnitIndex> units = UnitsAtLevel(hierarchy, scope, level);
  return CountConcernsByMonth(facts, hierarchy, units, first, last, as_of);
}

}  // namespace alley::services

#include "indicators/aggregate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/status_matchers.h"

namespace alley::indicators {
namespace {

using ::alley::testing::StatusIs;
using core::HierarchyRow;
using core::UnitIndex;
using core::UnitLevel;
using ::testing::HasSubstr;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// nation > 11 > 1101 > {110101 > {A, B}, 110102 > {C}}; 12 > 1201 > 120101 >
// {D}; 13 (no data below it).
core::Hierarchy Small() {
  std::vector<HierarchyRow> rows = {
      {"0", "", UnitLevel::kNation, "nation"},
      {"11", "0", UnitLevel::kProvince, "p11"},
      {"12", "0", UnitLevel::kProvince, "p12"},
      {"13", "0", UnitLevel::kProvince, "p13"},
      {"1101", "11", UnitLevel::kCity, "c1101"},
      {"1201", "12", UnitLevel::kCity, "c1201"},
      {"110101", "1101", UnitLevel::kCounty, "k110101"},
      {"110102", "1101", UnitLevel::kCounty, "k110102"},
      {"120101", "1201", UnitLevel::kCounty, "k120101"},
      {"110101001", "110101", UnitLevel::kStreet, "A"},
      {"110101002", "110101", UnitLevel::kStreet, "B"},
      {"110102001", "110102", UnitLevel::kStreet, "C"},
      {"120101001", "120101", UnitLevel::kStreet, "D"},
  };
  StatusOr<core::Hierarchy> h = core::Hierarchy::Build(std::move(rows));
  ALLEY_CHECK(h.ok(), "small hierarchy");
  return std::move(h).value();
}

std::vector<UnitIndex> Streets(const core::Hierarchy& h) {
  return {*h.Find("110101001"), *h.Find("110101002"), *h.Find("110102001"), *h.Find("120101001")};
}

// Value of measure m, period p at the unit with `code`.
double At(const core::Hierarchy& h, const Aggregated& a, int m, int p, std::string_view code) {
  const std::optional<size_t> position = a.Position(*h.Find(code));
  ALLEY_CHECK(position.has_value(), "unit not output");
  return a.Value(m, p, *position);
}
int32_t Reporting(const core::Hierarchy& h, const Aggregated& a, int m, int p,
                  std::string_view code) {
  return a.Reporting(m, p)[*a.Position(*h.Find(code))];
}

TEST(AggregateTest, SumCountsReportingUnitsAndAllMissingIsMissing) {
  const core::Hierarchy h = Small();
  const std::vector<UnitIndex> units = Streets(h);
  // One element, two periods: A=1 B=2 C=missing D=4; then all missing.
  const std::vector<double> v = {1, 2, kNaN, 4, kNaN, kNaN, kNaN, kNaN};
  const ValueBlock block{.units = units, .periods = 2, .elements = 1, .values = v};
  const std::vector<Measure> measures = {{.element = 0, .rule = Rule::kSum}};
  ASSERT_OK_AND_ASSIGN(Aggregated a, Aggregate(h, block, measures, {.threads = 1}));
  // Data units and their ancestors; province 13 holds nothing and is not output.
  EXPECT_EQ(a.units().size(), 12u);
  EXPECT_FALSE(a.Position(*h.Find("13")).has_value());
  EXPECT_EQ(a.periods(), 2);
  EXPECT_EQ(At(h, a, 0, 0, "110101"), 3);
  EXPECT_EQ(Reporting(h, a, 0, 0, "110101"), 2);
  EXPECT_TRUE(std::isnan(At(h, a, 0, 0, "110102")));  // its only street is missing
  EXPECT_EQ(Reporting(h, a, 0, 0, "110102"), 0);
  EXPECT_EQ(At(h, a, 0, 0, "1101"), 3);
  EXPECT_EQ(At(h, a, 0, 0, "12"), 4);
  EXPECT_EQ(At(h, a, 0, 0, "0"), 7);
  EXPECT_EQ(Reporting(h, a, 0, 0, "0"), 3);
  EXPECT_EQ(At(h, a, 0, 0, "110101002"), 2);  // a data unit is output as it is
  for (size_t j = 0; j < a.units().size(); ++j) {
    EXPECT_TRUE(std::isnan(a.Value(0, 1, j))) << j;  // all missing: missing, never 0
    EXPECT_EQ(a.Reporting(0, 1)[j], 0);
  }
}

TEST(AggregateTest, WeightedAverageUsesCellsWhereValueAndWeightArePresent) {
  const core::Hierarchy h = Small();
  const std::vector<UnitIndex> units = Streets(h);
  // Element 0: residents; element 1: a rate. One period.
  const std::vector<double> v = {100, 300, kNaN, 0,  // residents (C missing, D zero)
                                 0.5, 0.1, 0.9,  0.7};
  const ValueBlock block{.units = units, .periods = 1, .elements = 2, .values = v};
  const std::vector<Measure> measures = {
      {.element = 1, .rule = Rule::kWeightedAverage, .weight = 0}};
  ASSERT_OK_AND_ASSIGN(Aggregated a, Aggregate(h, block, measures));
  EXPECT_DOUBLE_EQ(At(h, a, 0, 0, "110101"), (0.5 * 100 + 0.1 * 300) / 400);
  EXPECT_EQ(Reporting(h, a, 0, 0, "110101"), 2);
  EXPECT_TRUE(std::isnan(At(h, a, 0, 0, "110102")));  // no weight
  EXPECT_TRUE(std::isnan(At(h, a, 0, 0, "120101")));  // weight sum 0: missing, not 0
  EXPECT_EQ(Reporting(h, a, 0, 0, "120101"), 1);
  EXPECT_DOUBLE_EQ(At(h, a, 0, 0, "0"), 0.2);  // D's zero weight counts nothing
  EXPECT_TRUE(std::isnan(At(h, a, 0, 0, "110102001")));
  EXPECT_DOUBLE_EQ(At(h, a, 0, 0, "110101001"), 0.5);
}

TEST(AggregateTest, PeriodGroupsFollowEachRule) {
  const core::Hierarchy h = Small();
  const std::vector<UnitIndex> units = Streets(h);
  // One element, three periods (columns of A, B, C, D).
  const std::vector<double> v = {5,    kNaN, 1,    kNaN,  //
                                 6,    kNaN, 2,    kNaN,  //
                                 kNaN, 7,    kNaN, kNaN};
  const ValueBlock block{.units = units, .periods = 3, .elements = 1, .values = v};
  const std::vector<Measure> measures = {{.element = 0, .rule = Rule::kSum},
                                         {.element = 0, .rule = Rule::kLast},
                                         {.element = 0, .rule = Rule::kMax},
                                         {.element = 0, .rule = Rule::kMin},
                                         {.element = 0, .rule = Rule::kCount}};
  // The group is given out of order: it is a set.
  ASSERT_OK_AND_ASSIGN(Aggregated a,
                       Aggregate(h, block, measures, {.period_groups = {{2, 0, 1}, {0}}}));
  ASSERT_EQ(a.periods(), 5);
  const int all = 3;
  EXPECT_EQ(At(h, a, 0, all, "110101"), 5 + 6 + 7);
  EXPECT_EQ(Reporting(h, a, 0, all, "110101"), 3);  // cells
  // Last: A's latest is 6 (period 2 missing), B's 7; summed across units.
  EXPECT_EQ(At(h, a, 1, all, "110101"), 13);
  EXPECT_EQ(Reporting(h, a, 1, all, "110101"), 2);  // units
  EXPECT_EQ(At(h, a, 1, all, "0"), 13 + 2);
  EXPECT_TRUE(std::isnan(At(h, a, 1, all, "120101")));
  // Last within one period is that period's sum.
  EXPECT_EQ(At(h, a, 1, 1, "0"), 8);
  EXPECT_EQ(At(h, a, 2, all, "0"), 7);
  EXPECT_EQ(At(h, a, 3, all, "0"), 1);
  EXPECT_EQ(At(h, a, 3, all, "110101"), 5);
  EXPECT_TRUE(std::isnan(At(h, a, 2, all, "12")));
  EXPECT_EQ(At(h, a, 4, all, "0"), 5);   // present cells
  EXPECT_EQ(At(h, a, 4, all, "12"), 0);  // a count is 0, never missing
  EXPECT_EQ(At(h, a, 4, 2, "0"), 1);
  // Group {0} equals period 0 for every measure.
  for (int m = 0; m < a.measures(); ++m) {
    for (size_t j = 0; j < a.units().size(); ++j) {
      const double x = a.Value(m, 0, j);
      const double y = a.Value(m, 4, j);
      EXPECT_TRUE((std::isnan(x) && std::isnan(y)) || x == y) << m << " " << j;
    }
  }
}

TEST(AggregateTest, LevelsSelectTheOutputUnits) {
  const core::Hierarchy h = Small();
  const std::vector<UnitIndex> units = Streets(h);
  const std::vector<double> v = {1, 2, 3, 4};
  const ValueBlock block{.units = units, .periods = 1, .elements = 1, .values = v};
  const std::vector<Measure> measures = {{.element = 0, .rule = Rule::kSum}};
  ASSERT_OK_AND_ASSIGN(
      Aggregated a,
      Aggregate(h, block, measures, {.levels = {UnitLevel::kProvince, UnitLevel::kNation}}));
  ASSERT_EQ(a.units().size(), 3u);
  EXPECT_EQ(h.Code(a.units()[0]), "0");
  EXPECT_EQ(h.Code(a.units()[1]), "11");
  EXPECT_EQ(h.Code(a.units()[2]), "12");
  EXPECT_EQ(a.Value(0, 0, 0), 10);
  EXPECT_EQ(a.Value(0, 0, 1), 6);
  EXPECT_EQ(a.Value(0, 0, 2), 4);
}

TEST(AggregateTest, RejectsMalformedInputNamingTheField) {
  const core::Hierarchy h = Small();
  const std::vector<UnitIndex> units = Streets(h);
  const std::vector<double> v = {1, 2, 3, 4};
  const ValueBlock block{.units = units, .periods = 1, .elements = 1, .values = v};
  const std::vector<Measure> sum = {{.element = 0, .rule = Rule::kSum}};
  EXPECT_THAT(Aggregate(h, {.units = units, .periods = 2, .elements = 1, .values = v}, sum),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("block.values")));
  const std::vector<Measure> bad_element = {{.element = 1, .rule = Rule::kSum}};
  EXPECT_THAT(Aggregate(h, block, bad_element),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("measures[0].element")));
  const std::vector<Measure> no_weight = {{.element = 0, .rule = Rule::kWeightedAverage}};
  EXPECT_THAT(Aggregate(h, block, no_weight),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("measures[0].weight")));
  EXPECT_THAT(Aggregate(h, block, sum, {.period_groups = {{0, 1}}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("period_groups[0]: period 1")));
  EXPECT_THAT(Aggregate(h, block, sum, {.period_groups = {{0, 0}}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("repeated")));
  EXPECT_THAT(Aggregate(h, block, sum, {.period_groups = {{}}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("period_groups[0]: empty")));
  const std::vector<UnitIndex> unordered = {units[1], units[0], units[2], units[3]};
  EXPECT_THAT(Aggregate(h, {.units = unordered, .periods = 1, .elements = 1, .values = v}, sum),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("units[1]")));
  const std::vector<UnitIndex> outside = {units[0], units[1], units[2], UnitIndex{99}};
  EXPECT_THAT(Aggregate(h, {.units = outside, .periods = 1, .elements = 1, .values = v}, sum),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("outside the hierarchy")));
  const std::vector<UnitIndex> nested = {*h.Find("110101"), units[0], units[2], units[3]};
  EXPECT_THAT(Aggregate(h, {.units = nested, .periods = 1, .elements = 1, .values = v}, sum),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("inside data unit 110101")));
}

TEST(AggregateTest, DataUnitsMayBeOfMixedLevelsAndThreadsDoNotChangeTheAnswer) {
  const core::Hierarchy h = Small();
  // County 110102 reports itself (not its street); the others by street.
  const std::vector<UnitIndex> units = {*h.Find("110101001"), *h.Find("110101002"),
                                        *h.Find("110102"), *h.Find("120101001")};
  const std::vector<double> v = {1, 2, 30, 4, 5, kNaN, 70, 8};
  const ValueBlock block{.units = units, .periods = 2, .elements = 1, .values = v};
  const std::vector<Measure> measures = {{.element = 0, .rule = Rule::kSum},
                                         {.element = 0, .rule = Rule::kMax},
                                         {.element = 0, .rule = Rule::kLast}};
  ASSERT_OK_AND_ASSIGN(Aggregated one,
                       Aggregate(h, block, measures, {.period_groups = {{0, 1}}, .threads = 1}));
  ASSERT_OK_AND_ASSIGN(Aggregated four,
                       Aggregate(h, block, measures, {.period_groups = {{0, 1}}, .threads = 4}));
  EXPECT_FALSE(one.Position(*h.Find("110102001")).has_value());  // below a data unit: no data
  EXPECT_EQ(At(h, one, 0, 0, "1101"), 33);
  EXPECT_EQ(At(h, one, 0, 2, "1101"), 1 + 2 + 30 + 5 + 70);
  EXPECT_EQ(At(h, one, 1, 2, "0"), 70);
  EXPECT_EQ(At(h, one, 2, 2, "1101"), 5 + 2 + 70);  // B's latest is period 0's 2
  for (int m = 0; m < one.measures(); ++m) {
    for (int p = 0; p < one.periods(); ++p) {
      for (size_t j = 0; j < one.units().size(); ++j) {
        const double a = one.Value(m, p, j);
        const double b = four.Value(m, p, j);
        EXPECT_TRUE((std::isnan(a) && std::isnan(b)) || a == b) << m << " " << p << " " << j;
        EXPECT_EQ(one.Reporting(m, p)[j], four.Reporting(m, p)[j]);
      }
    }
  }
}

// The rules as the header states them, unit by unit: every data unit below
// `unit` and every member period, without the engine's bottom-up pass.
double Naive(const core::Hierarchy& h, const ValueBlock& b, const Measure& m,
             const std::vector<int>& members, UnitIndex unit, int32_t* reporting) {
  const size_t n = b.units.size();
  auto at = [&](int e, int p, size_t k) {
    return b
        .values[(static_cast<size_t>(e) * static_cast<size_t>(b.periods) + static_cast<size_t>(p)) *
                    n +
                k];
  };
  double acc = 0, den = 0;
  int32_t count = 0;
  for (size_t k = 0; k < n; ++k) {
    if (!h.IsAncestorOrSelf(unit, b.units[k])) continue;
    if (m.rule == Rule::kLast) {
      for (size_t i = members.size(); i-- > 0;) {
        const double x = at(m.element, members[i], k);
        if (!std::isnan(x)) {
          acc += x;
          ++count;
          break;
        }
      }
      continue;
    }
    for (const int p : members) {
      const double x = at(m.element, p, k);
      if (std::isnan(x)) continue;
      switch (m.rule) {
        case Rule::kWeightedAverage: {
          const double w = at(m.weight, p, k);
          if (std::isnan(w)) continue;
          acc += x * w;
          den += w;
          break;
        }
        case Rule::kMax:
          acc = count == 0 ? x : std::max(acc, x);
          break;
        case Rule::kMin:
          acc = count == 0 ? x : std::min(acc, x);
          break;
        default:
          acc += x;
      }
      ++count;
    }
  }
  *reporting = count;
  if (m.rule == Rule::kCount) return count;
  if (count == 0) return kNaN;
  if (m.rule == Rule::kWeightedAverage) return den == 0 ? kNaN : acc / den;
  return acc;
}

TEST(AggregateTest, MatchesANaiveImplementationOnRandomHierarchies) {
  std::mt19937_64 rng(20261201);
  for (int round = 0; round < 8; ++round) {
    // nation > provinces > cities > counties > streets, random fan-outs.
    std::vector<HierarchyRow> rows = {{"0", "", UnitLevel::kNation, "n"}};
    std::vector<std::string> streets;
    const int provinces = 1 + static_cast<int>(rng() % 4);
    for (int p = 0; p < provinces; ++p) {
      const std::string pc = std::to_string(11 + p);
      rows.push_back({pc, "0", UnitLevel::kProvince, pc});
      for (int c = 0, cn = 1 + static_cast<int>(rng() % 3); c < cn; ++c) {
        const std::string cc = pc + std::to_string(10 + c);
        rows.push_back({cc, pc, UnitLevel::kCity, cc});
        for (int k = 0, kn = static_cast<int>(rng() % 4); k < kn; ++k) {
          const std::string kc = cc + std::to_string(10 + k);
          rows.push_back({kc, cc, UnitLevel::kCounty, kc});
          for (int s = 0, sn = static_cast<int>(rng() % 6); s < sn; ++s) {
            const std::string sc = kc + std::to_string(100 + s);
            rows.push_back({sc, kc, UnitLevel::kStreet, sc});
            if (rng() % 5 != 0) streets.push_back(sc);  // some streets hold no data
          }
        }
      }
    }
    ASSERT_OK_AND_ASSIGN(core::Hierarchy h, core::Hierarchy::Build(rows));
    std::vector<UnitIndex> units;
    units.reserve(streets.size());
    for (const std::string& s : streets) units.push_back(*h.Find(s));
    std::sort(units.begin(), units.end());
    const int periods = 1 + static_cast<int>(rng() % 7);
    const int elements = 3;
    std::vector<double> v(static_cast<size_t>(elements * periods) * units.size());
    std::uniform_real_distribution<double> value(-50, 100);
    for (double& x : v) x = rng() % 4 == 0 ? kNaN : std::round(value(rng) * 4) / 4;
    const ValueBlock block{.units = units, .periods = periods, .elements = elements, .values = v};
    std::vector<Measure> measures;
    for (const Rule r : {Rule::kSum, Rule::kLast, Rule::kMax, Rule::kMin, Rule::kCount}) {
      measures.push_back({.element = static_cast<int>(rng() % elements), .rule = r});
    }
    measures.push_back({.element = 1, .rule = Rule::kWeightedAverage, .weight = 2});
    AggregateOptions options{.threads = 3};
    for (int g = 0; g < 3; ++g) {
      std::vector<int> group;
      for (int p = 0; p < periods; ++p) {
        if (rng() % 2 == 0) group.push_back(p);
      }
      if (group.empty()) group.push_back(periods - 1);
      std::shuffle(group.begin(), group.end(), rng);
      options.period_groups.push_back(group);
    }
    ASSERT_OK_AND_ASSIGN(Aggregated a, Aggregate(h, block, measures, options));
    for (int p = 0; p < a.periods(); ++p) {
      std::vector<int> members = p < periods
                                     ? std::vector<int>{p}
                                     : options.period_groups[static_cast<size_t>(p - periods)];
      std::sort(members.begin(), members.end());
      for (int m = 0; m < a.measures(); ++m) {
        for (size_t j = 0; j < a.units().size(); ++j) {
          int32_t reporting = 0;
          const double want =
              Naive(h, block, measures[static_cast<size_t>(m)], members, a.units()[j], &reporting);
          const double got = a.Value(m, p, j);
          SCOPED_TRACE("round " + std::to_string(round) + " measure " + std::to_string(m) +
                       " period " + std::to_string(p) + " unit " +
                       std::string(h.Code(a.units()[j])));
          EXPECT_EQ(a.Reporting(m, p)[j], reporting);
          if (std::isnan(want)) {
            EXPECT_TRUE(std::isnan(got)) << got;
          } else {
            EXPECT_NEAR(got, want, 1e-9 * std::max(1.0, std::abs(want)));
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace alley::indicators

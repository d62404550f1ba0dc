#include "services/concern_rates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/random.h"
#include "core/status_matchers.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using core::Date;
using core::Hierarchy;
using core::HierarchyRow;
using core::UnitIndex;
using core::UnitLevel;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// An instant given in China Standard Time (UTC+8), computed with the standard
// calendar, independently of the code under test.
Instant Cst(int y, unsigned mo, unsigned d, int h, int mi = 0) {
  const std::chrono::sys_days day{std::chrono::year{y} / std::chrono::month{mo} /
                                  std::chrono::day{d}};
  return Instant{day} + hours(h) + minutes(mi) - hours(8);
}

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

// Part of Haizhou district: two streets, three communities, a compound.
Hierarchy Tree() {
  std::vector<HierarchyRow> rows = {
      {"0", "", UnitLevel::kNation, "中华人民共和国"},
      {"32", "0", UnitLevel::kProvince, "江苏省"},
      {"3207", "32", UnitLevel::kCity, "连云港市"},
      {"320706", "3207", UnitLevel::kCounty, "海州区"},
      {"320706006", "320706", UnitLevel::kStreet, "新海街道"},
      {"320706006009", "320706006", UnitLevel::kCommunity, "星化社区居委会"},
      {"320706006010", "320706006", UnitLevel::kCommunity, "海连社区居委会"},
      {"320706006010001", "320706006010", UnitLevel::kCompound, "海连新村"},
      {"320706007", "320706", UnitLevel::kStreet, "幸福路街道"},
      {"320706007001", "320706007", UnitLevel::kCommunity, "幸福社区居委会"},
  };
  StatusOr<Hierarchy> h = Hierarchy::Build(std::move(rows));
  ALLEY_CHECK(h.ok(), h.status().ToString());
  return std::move(h).value();
}

UnitIndex U(const Hierarchy& h, std::string_view code) {
  std::optional<UnitIndex> i = h.Find(code);
  ALLEY_CHECK(i.has_value(), std::string(code));
  return *i;
}

ConcernFact Fact(UnitIndex unit, Instant received, std::optional<Instant> responded,
                 Instant response_deadline, std::optional<Instant> resolved,
                 Instant resolution_deadline, std::optional<ConcernRating> rating = std::nullopt) {
  return ConcernFact{unit,  received, responded, resolved, response_deadline, resolution_deadline,
                     rating};
}

// The worked example: nine concerns, counted by hand in the comments.
struct Example {
  Hierarchy h = Tree();
  UnitIndex street = U(h, "320706006");
  UnitIndex hailian = U(h, "320706006010");
  UnitIndex compound = U(h, "320706006010001");
  UnitIndex xinghua = U(h, "320706006009");
  UnitIndex xingfu = U(h, "320706007001");
  Instant as_of = Cst(2026, 2, 10, 0);
  ConcernFacts facts;

  Example() {
    using R = ConcernRating;
    // 1 Hailian: responded and resolved on time, satisfied.
    facts.Append(Fact(hailian, Cst(2026, 1, 5, 9), Cst(2026, 1, 5, 10), Cst(2026, 1, 5, 11),
                      Cst(2026, 1, 7, 9), Cst(2026, 1, 10, 9), R::kSatisfied));
    // 2 Hailian: responded late, resolved late, not satisfied.
    facts.Append(Fact(hailian, Cst(2026, 1, 6, 9), Cst(2026, 1, 6, 15), Cst(2026, 1, 6, 11),
                      Cst(2026, 1, 20, 9), Cst(2026, 1, 16, 9), R::kNotSatisfied));
    // 3 the compound under Hailian: 23:30 on 31 January in Beijing (15:30 UTC),
    // so January; responded on time; unresolved past its deadline: overdue.
    facts.Append(Fact(compound, Cst(2026, 1, 31, 23, 30), Cst(2026, 2, 1, 8), Cst(2026, 2, 1, 12),
                      std::nullopt, Cst(2026, 2, 5, 0)));
    // 4 Hailian: 00:30 on 1 February in Beijing (still 31 January in UTC):
    // February.
    facts.Append(Fact(hailian, Cst(2026, 2, 1, 0, 30), std::nullopt, Cst(2026, 2, 1, 2),
                      std::nullopt, Cst(2026, 3, 1, 0)));
    // 5 Hailian: the first second of January in Beijing; never responded;
    // resolution deadline after as_of, so not overdue.
    facts.Append(Fact(hailian, Cst(2026, 1, 1, 0), std::nullopt, Cst(2026, 1, 1, 2), std::nullopt,
                      Cst(2026, 2, 20, 0)));
    // 6 Xinghua: on time throughout, basically satisfied.
    facts.Append(Fact(xinghua, Cst(2026, 1, 10, 9), Cst(2026, 1, 10, 9, 30), Cst(2026, 1, 10, 11),
                      Cst(2026, 1, 12, 9), Cst(2026, 1, 20, 9), R::kBasicallySatisfied));
    // 7 Xingfu (the other street): on time, satisfied.
    facts.Append(Fact(xingfu, Cst(2026, 1, 10, 9), Cst(2026, 1, 10, 10), Cst(2026, 1, 10, 11),
                      Cst(2026, 1, 11, 9), Cst(2026, 1, 20, 9), R::kSatisfied));
    // 8 Hailian: responded on time; resolved (late) and rated only after
    // as_of, so at as_of it is open and overdue.
    facts.Append(Fact(hailian, Cst(2026, 1, 15, 9), Cst(2026, 1, 15, 10), Cst(2026, 1, 15, 11),
                      Cst(2026, 2, 12, 9), Cst(2026, 1, 25, 9), R::kSatisfied));
    // 9 Hailian: received after as_of: not there yet.
    facts.Append(Fact(hailian, Cst(2026, 2, 11, 9), std::nullopt, Cst(2026, 2, 11, 11),
                      std::nullopt, Cst(2026, 2, 21, 9)));
  }
};

const ReportPeriod kJanuary{D(2026, 1, 1), D(2026, 1, 31)};
const ReportPeriod kFebruary{D(2026, 2, 1), D(2026, 2, 28)};

ConcernCounts Counts(int64_t received, int64_t responded, int64_t responded_on_time,
                     int64_t resolved, int64_t resolved_on_time, int64_t satisfied,
                     int64_t basically_satisfied, int64_t not_satisfied, int64_t overdue_open) {
  ConcernCounts c;
  c.received = received;
  c.responded = responded;
  c.responded_on_time = responded_on_time;
  c.resolved = resolved;
  c.resolved_on_time = resolved_on_time;
  c.rated = satisfied + basically_satisfied + not_satisfied;
  c.satisfied = satisfied;
  c.basically_satisfied = basically_satisfied;
  c.not_satisfied = not_satisfied;
  c.overdue_open = overdue_open;
  return c;
}

// The street in January: concerns 1, 2, 3, 5, 6, 8. Responded 1, 2, 3, 6, 8
// (on time all but 2); resolved by as_of 1, 2, 6 (on time 1, 6); rated 1 (s),
// 2 (n), 6 (b); overdue 3 and 8.
const ConcernCounts kStreetJanuary = Counts(6, 5, 4, 3, 2, 1, 1, 1, 2);
// Hailian's subtree in January: 1, 2, 3, 5, 8.
const ConcernCounts kHailianJanuary = Counts(5, 4, 3, 2, 1, 1, 0, 1, 2);

TEST(ConcernRatesTest, TheWorkedExampleByHand) {
  Example ex;
  ASSERT_OK_AND_ASSIGN(ConcernRates street,
                       ComputeConcernRates(ex.facts, ex.h, ex.street, kJanuary, ex.as_of));
  EXPECT_EQ(street.counts, kStreetJanuary);
  EXPECT_DOUBLE_EQ(street.response_rate.value(), 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(street.resolution_rate.value(), 2.0 / 6.0);
  EXPECT_DOUBLE_EQ(street.satisfaction_rate.value(), 2.0 / 3.0);

  ASSERT_OK_AND_ASSIGN(ConcernRates hailian,
                       ComputeConcernRates(ex.facts, ex.h, ex.hailian, kJanuary, ex.as_of));
  EXPECT_EQ(hailian.counts, kHailianJanuary);
  EXPECT_DOUBLE_EQ(hailian.response_rate.value(), 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(hailian.resolution_rate.value(), 1.0 / 5.0);
  EXPECT_DOUBLE_EQ(hailian.satisfaction_rate.value(), 1.0 / 2.0);

  // The compound alone: concern 3.
  ASSERT_OK_AND_ASSIGN(ConcernRates compound,
                       ComputeConcernRates(ex.facts, ex.h, ex.compound, kJanuary, ex.as_of));
  EXPECT_EQ(compound.counts, Counts(1, 1, 1, 0, 0, 0, 0, 0, 1));

  // The district: the street plus concern 7.
  ASSERT_OK_AND_ASSIGN(ConcernRates district,
                       ComputeConcernRates(ex.facts, ex.h, U(ex.h, "320706"), kJanuary, ex.as_of));
  EXPECT_EQ(district.counts, Counts(7, 6, 5, 4, 3, 2, 1, 1, 2));
}

TEST(ConcernRatesTest, AsOfDecidesWhatHasHappened) {
  Example ex;
  // By 1 March concern 8 has been resolved (late) and rated satisfied, and
  // concern 5's deadline (20 February) has passed.
  ASSERT_OK_AND_ASSIGN(ConcernRates street, ComputeConcernRates(ex.facts, ex.h, ex.street, kJanuary,
                                                                Cst(2026, 3, 1, 0)));
  EXPECT_EQ(street.counts, Counts(6, 5, 4, 4, 2, 2, 1, 1, 2));
  // February in Hailian: concern 4; concern 9 once it has arrived.
  ASSERT_OK_AND_ASSIGN(ConcernRates before,
                       ComputeConcernRates(ex.facts, ex.h, ex.hailian, kFebruary, ex.as_of));
  EXPECT_EQ(before.counts.received, 1);
  ASSERT_OK_AND_ASSIGN(ConcernRates after, ComputeConcernRates(ex.facts, ex.h, ex.hailian,
                                                               kFebruary, Cst(2026, 2, 11, 9)));
  EXPECT_EQ(after.counts.received, 2);
  // A response exactly at as_of has happened; one a second later has not.
  ASSERT_OK_AND_ASSIGN(ConcernRates at, ComputeConcernRates(ex.facts, ex.h, ex.hailian, kJanuary,
                                                            Cst(2026, 1, 15, 10)));
  ASSERT_OK_AND_ASSIGN(
      ConcernRates just_before,
      ComputeConcernRates(ex.facts, ex.h, ex.hailian, kJanuary, Cst(2026, 1, 15, 10) - seconds(1)));
  EXPECT_EQ(at.counts.responded - just_before.counts.responded, 1);
}

TEST(ConcernRatesTest, DaysAndMonthsAreChinaStandardTime) {
  Example ex;
  // 31 January: concern 3 (23:30 Beijing); not concern 4 (00:30 on 1
  // February Beijing, although 31 January in UTC).
  ASSERT_OK_AND_ASSIGN(
      ConcernRates jan31,
      ComputeConcernRates(ex.facts, ex.h, ex.hailian, {D(2026, 1, 31), D(2026, 1, 31)}, ex.as_of));
  EXPECT_EQ(jan31.counts.received, 1);
  EXPECT_EQ(jan31.counts.overdue_open, 1);
  ASSERT_OK_AND_ASSIGN(
      ConcernRates feb1,
      ComputeConcernRates(ex.facts, ex.h, ex.hailian, {D(2026, 2, 1), D(2026, 2, 1)}, ex.as_of));
  EXPECT_EQ(feb1.counts.received, 1);
  EXPECT_EQ(feb1.counts.responded, 0);
  // 1 January from 00:00 Beijing (16:00 UTC on 31 December): concern 5.
  ASSERT_OK_AND_ASSIGN(
      ConcernRates jan1,
      ComputeConcernRates(ex.facts, ex.h, ex.hailian, {D(2026, 1, 1), D(2026, 1, 1)}, ex.as_of));
  EXPECT_EQ(jan1.counts.received, 1);
  ASSERT_OK_AND_ASSIGN(ConcernRates dec31,
                       ComputeConcernRates(ex.facts, ex.h, ex.hailian,
                                           {D(2025, 12, 31), D(2025, 12, 31)}, ex.as_of));
  EXPECT_EQ(dec31.counts.received, 0);
}

TEST(ConcernRatesTest, ADeadlineMetToTheSecondIsOnTime) {
  Hierarchy h = Tree();
  const UnitIndex c = U(h, "320706007001");
  const Instant r = Cst(2026, 5, 6, 9);
  ConcernFacts facts;
  facts.Append(Fact(c, r, r + hours(2), r + hours(2), r + hours(48), r + hours(48)));
  facts.Append(Fact(c, r, r + hours(2) + seconds(1), r + hours(2), r + hours(48) + seconds(1),
                    r + hours(48)));
  ASSERT_OK_AND_ASSIGN(
      ConcernRates rates,
      ComputeConcernRates(facts, h, c, {D(2026, 5, 6), D(2026, 5, 6)}, r + hours(100)));
  EXPECT_EQ(rates.counts, Counts(2, 2, 1, 2, 1, 0, 0, 0, 0));
  EXPECT_DOUBLE_EQ(*rates.response_rate, 0.5);
  EXPECT_DOUBLE_EQ(*rates.resolution_rate, 0.5);
}

TEST(ConcernRatesTest, AZeroDenominatorMakesARateMissingNotZero) {
  Example ex;
  // Xingfu in February: nothing received, so no rate at all.
  ASSERT_OK_AND_ASSIGN(ConcernRates none,
                       ComputeConcernRates(ex.facts, ex.h, ex.xingfu, kFebruary, ex.as_of));
  EXPECT_EQ(none.counts, ConcernCounts{});
  EXPECT_EQ(none.response_rate, std::nullopt);
  EXPECT_EQ(none.resolution_rate, std::nullopt);
  EXPECT_EQ(none.satisfaction_rate, std::nullopt);
  // Hailian on 1 January: concern 5, unanswered: response and resolution 0,
  // satisfaction missing (nothing rated).
  ASSERT_OK_AND_ASSIGN(
      ConcernRates unanswered,
      ComputeConcernRates(ex.facts, ex.h, ex.hailian, {D(2026, 1, 1), D(2026, 1, 1)}, ex.as_of));
  ASSERT_TRUE(unanswered.response_rate.has_value());
  EXPECT_EQ(*unanswered.response_rate, 0.0);
  EXPECT_EQ(*unanswered.resolution_rate, 0.0);
  EXPECT_EQ(unanswered.satisfaction_rate, std::nullopt);
  // No facts at all.
  ASSERT_OK_AND_ASSIGN(ConcernRates empty,
                       ComputeConcernRates(ConcernFacts{}, ex.h, ex.h.Root(), kJanuary, ex.as_of));
  EXPECT_EQ(empty.counts.received, 0);
  EXPECT_EQ(empty.response_rate, std::nullopt);
  EXPECT_EQ(RatesOf(ConcernCounts{}).satisfaction_rate, std::nullopt);
}

TEST(ConcernRatesTest, BadArgumentsAreRefused) {
  Example ex;
  EXPECT_THAT(
      ComputeConcernRates(ex.facts, ex.h, UnitIndex{10}, kJanuary, ex.as_of),
      StatusIs(StatusCode::kInvalidArgument, "unit index 10 is outside the hierarchy (10 units)"));
  EXPECT_THAT(ComputeConcernRates(ex.facts, ex.h, UnitIndex{}, kJanuary, ex.as_of),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unit index -1")));
  EXPECT_THAT(
      ComputeConcernRates(ex.facts, ex.h, ex.street, {D(2026, 3, 1), D(2026, 2, 28)}, ex.as_of),
      StatusIs(StatusCode::kInvalidArgument, "period: from 2026-03-01 is after to 2026-02-28"));
}

TEST(ConcernRatesTest, InconsistentFactsAreRefusedNamingTheRow) {
  Hierarchy h = Tree();
  const UnitIndex c = U(h, "320706006010");
  const Instant r = Cst(2026, 1, 5, 9);
  auto facts_with = [&](ConcernFact bad) {
    ConcernFacts f;
    f.Append(Fact(c, r, r + hours(1), r + hours(2), r + hours(3), r + hours(4)));
    f.Append(bad);
    return f;
  };
  auto refusal = [&](const ConcernFacts& f) {
    return ComputeConcernRates(f, h, h.Root(), kJanuary, r + hours(100)).status();
  };
  EXPECT_THAT(refusal(facts_with(Fact(UnitIndex{10}, r, std::nullopt, r, std::nullopt, r))),
              StatusIs(StatusCode::kInvalidArgument,
                       "row 1: unit index 10 is outside the hierarchy (10 units)"));
  EXPECT_THAT(refusal(facts_with(Fact(c, r, r - seconds(1), r, std::nullopt, r))),
              StatusIs(StatusCode::kInvalidArgument, "row 1: responded_at is before received_at"));
  EXPECT_THAT(refusal(facts_with(Fact(c, r, std::nullopt, r, r + hours(1), r + hours(2)))),
              StatusIs(StatusCode::kInvalidArgument, "row 1: resolved without a response"));
  EXPECT_THAT(refusal(facts_with(Fact(c, r, r + hours(2), r + hours(3), r + hours(1), r))),
              StatusIs(StatusCode::kInvalidArgument, "row 1: resolved_at is before responded_at"));
  EXPECT_THAT(
      refusal(facts_with(Fact(c, r, std::nullopt, r - seconds(1), std::nullopt, r))),
      StatusIs(StatusCode::kInvalidArgument, "row 1: response_deadline is before received_at"));
  EXPECT_THAT(
      refusal(facts_with(Fact(c, r, std::nullopt, r, std::nullopt, r - hours(1)))),
      StatusIs(StatusCode::kInvalidArgument, "row 1: resolution_deadline is before received_at"));
  EXPECT_THAT(refusal(facts_with(Fact(c, r, r, r, std::nullopt, r, ConcernRating::kSatisfied))),
              StatusIs(StatusCode::kInvalidArgument, "row 1: rated without a resolution"));
  ConcernFacts short_column = facts_with(Fact(c, r, std::nullopt, r, std::nullopt, r));
  short_column.rating.pop_back();
  EXPECT_THAT(refusal(short_column),
              StatusIs(StatusCode::kInvalidArgument, "column rating has 1 entries, unit has 2"));
  // The one-pass computation validates the same way.
  EXPECT_THAT(
      CountConcernsByMonth(short_column, h, std::vector<UnitIndex>{c}, {2026, 1}, {2026, 1}, r),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("column rating")));
}

// --- one pass ------------------------------------------------------------------

TEST(MonthlyConcernCountsTest, TheWorkedExampleInOnePass) {
  Example ex;
  const std::vector<UnitIndex> units = {ex.street, ex.hailian,  ex.xinghua,
                                        ex.xingfu, ex.h.Root(), ex.hailian};
  ASSERT_OK_AND_ASSIGN(
      MonthlyConcernCounts m,
      CountConcernsByMonth(ex.facts, ex.h, units, {2025, 12}, {2026, 2}, ex.as_of));
  EXPECT_EQ(m.units, units);
  EXPECT_EQ(m.month_count, 3);
  EXPECT_EQ(m.first_month, (YearMonth{2025, 12}));
  ASSERT_EQ(m.counts.size(), units.size() * 3);
  EXPECT_EQ(m.At(0, 1), kStreetJanuary);
  EXPECT_EQ(m.At(1, 1), kHailianJanuary);
  EXPECT_EQ(m.At(5, 1), kHailianJanuary);
  EXPECT_EQ(m.At(2, 1), Counts(1, 1, 1, 1, 1, 0, 1, 0, 0));
  EXPECT_EQ(m.At(3, 1), Counts(1, 1, 1, 1, 1, 1, 0, 0, 0));
  EXPECT_EQ(m.At(4, 1), Counts(7, 6, 5, 4, 3, 2, 1, 1, 2));
  // December: nothing. February: concern 4 in Hailian (9 is after as_of).
  for (size_t u = 0; u < units.size(); ++u) EXPECT_EQ(m.At(u, 0), ConcernCounts{});
  EXPECT_EQ(m.At(1, 2).received, 1);
  EXPECT_EQ(m.At(3, 2).received, 0);
  EXPECT_EQ(m.RatesAt(3, 2).response_rate, std::nullopt);
  EXPECT_DOUBLE_EQ(m.RatesAt(0, 1).response_rate.value(), 4.0 / 6.0);
}

TEST(MonthlyConcernCountsTest, EveryUnitOfALevel) {
  Example ex;
  const UnitIndex district = U(ex.h, "320706");
  EXPECT_THAT(UnitsAtLevel(ex.h, district, UnitLevel::kCommunity),
              ElementsAre(ex.xinghua, ex.hailian, ex.xingfu));
  EXPECT_THAT(UnitsAtLevel(ex.h, ex.h.Root(), UnitLevel::kStreet),
              ElementsAre(ex.street, U(ex.h, "320706007")));
  EXPECT_THAT(UnitsAtLevel(ex.h, ex.hailian, UnitLevel::kCommunity), ElementsAre(ex.hailian));
  EXPECT_THAT(UnitsAtLevel(ex.h, ex.hailian, UnitLevel::kStreet), ElementsAre());
  EXPECT_THAT(UnitsAtLevel(ex.h, ex.h.Root(), UnitLevel::kGrid), ElementsAre());
  ASSERT_OK_AND_ASSIGN(MonthlyConcernCounts m,
                       CountConcernsByMonthAtLevel(ex.facts, ex.h, district, UnitLevel::kCommunity,
                                                   {2026, 1}, {2026, 1}, ex.as_of));
  EXPECT_THAT(m.units, ElementsAre(ex.xinghua, ex.hailian, ex.xingfu));
  EXPECT_EQ(m.At(1, 0), kHailianJanuary);
  EXPECT_THAT(CountConcernsByMonthAtLevel(ex.facts, ex.h, UnitIndex{42}, UnitLevel::kCommunity,
                                          {2026, 1}, {2026, 1}, ex.as_of),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("scope: unit index 42")));
}

TEST(MonthlyConcernCountsTest, BadArgumentsAreRefused) {
  Example ex;
  const std::vector<UnitIndex> units = {ex.street};
  EXPECT_THAT(CountConcernsByMonth(ex.facts, ex.h, units, {2026, 13}, {2026, 12}, ex.as_of),
              StatusIs(StatusCode::kInvalidArgument, "first month: month 13 must be 1..12"));
  EXPECT_THAT(CountConcernsByMonth(ex.facts, ex.h, units, {2026, 1}, {10000, 1}, ex.as_of),
              StatusIs(StatusCode::kInvalidArgument, "last month: year 10000 must be 0..9999"));
  EXPECT_THAT(
      CountConcernsByMonth(ex.facts, ex.h, units, {2026, 1}, {2025, 12}, ex.as_of),
      StatusIs(StatusCode::kInvalidArgument, "months: last 2025-12 is before first 2026-01"));
  EXPECT_THAT(CountConcernsByMonth(ex.facts, ex.h, units, {1900, 1}, {2000, 12}, ex.as_of),
              StatusIs(StatusCode::kResourceExhausted, HasSubstr("1212 months asked")));
  const std::vector<UnitIndex> many(1000, ex.street);
  EXPECT_THAT(CountConcernsByMonth(ex.facts, ex.h, many, {1950, 1}, {2049, 12}, ex.as_of),
              StatusIs(StatusCode::kResourceExhausted, HasSubstr("unit-months")));
  const std::vector<UnitIndex> outside = {ex.street, UnitIndex{99}};
  EXPECT_THAT(CountConcernsByMonth(ex.facts, ex.h, outside, {2026, 1}, {2026, 1}, ex.as_of),
              StatusIs(StatusCode::kInvalidArgument,
                       "units[1]: unit index 99 is outside the hierarchy (10 units)"));
  // No units: an empty answer, not an error.
  ASSERT_OK_AND_ASSIGN(MonthlyConcernCounts none,
                       CountConcernsByMonth(ex.facts, ex.h, std::vector<UnitIndex>{}, {2026, 1},
                                            {2026, 12}, ex.as_of));
  EXPECT_TRUE(none.counts.empty());
  EXPECT_EQ(none.month_count, 12);
}

TEST(YearMonthTest, FormatsAndOrders) {
  EXPECT_EQ((YearMonth{2026, 7}).ToString(), "2026-07");
  EXPECT_EQ((YearMonth{2026, 12}).ToString(), "2026-12");
  EXPECT_EQ((YearMonth{33, 1}).ToString(), "0033-01");
  EXPECT_EQ(YearMonth::Of(D(2024, 2, 29)), (YearMonth{2024, 2}));
  EXPECT_LT((YearMonth{2025, 12}), (YearMonth{2026, 1}));
  EXPECT_EQ((YearMonth{2026, 1}).Ordinal() - (YearMonth{2025, 12}).Ordinal(), 1);
}

// A random hierarchy (nation down to compounds) and random concerns around
// the month boundaries: the one pass equals the per-unit computation for every
// unit and month.
TEST(MonthlyConcernCountsTest, OnePassEqualsPerUnitOnRandomData) {
  core::Rng rng(4);
  std::vector<HierarchyRow> rows = {{"0", "", UnitLevel::kNation, "nation"}};
  const std::vector<std::pair<UnitLevel, int>> fan = {
      {UnitLevel::kProvince, 3}, {UnitLevel::kCity, 3},      {UnitLevel::kCounty, 2},
      {UnitLevel::kStreet, 3},   {UnitLevel::kCommunity, 5}, {UnitLevel::kCompound, 2}};
  std::vector<std::string> parents = {"0"};
  for (const auto& [level, children] : fan) {
    std::vector<std::string> next;
    for (const std::string& p : parents) {
      // 1..children children each; 0..children compounds under a community.
      const auto k = static_cast<uint64_t>(children);
      const int n =
          static_cast<int>(level == UnitLevel::kCompound ? rng.Uniform(k + 1) : 1 + rng.Uniform(k));
      for (int c = 0; c < n; ++c) {
        const std::string code = (p == "0" ? "" : p) + std::to_string(c + 1);
        rows.push_back({code, p, level, code});
        next.push_back(code);
      }
    }
    parents = std::move(next);
  }
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(std::move(rows)));
  ASSERT_GT(h.size(), 20u);

  // Concerns from mid-December 2025 to mid-April 2026, more of them within a
  // day of a month's start, where UTC and Beijing disagree.
  const Instant from = Cst(2025, 12, 15, 0);
  const Instant to = Cst(2026, 4, 15, 0);
  const std::vector<Instant> month_starts = {Cst(2026, 1, 1, 0), Cst(2026, 2, 1, 0),
                                             Cst(2026, 3, 1, 0), Cst(2026, 4, 1, 0)};
  const Instant as_of = Cst(2026, 3, 20, 12);
  ConcernFacts facts;
  for (int i = 0; i < 4000; ++i) {
    ConcernFact f;
    f.unit = UnitIndex{static_cast<int32_t>(rng.Uniform(h.size()))};
    if (rng.Bernoulli(0.3)) {
      const Instant s = month_starts[rng.Uniform(month_starts.size())];
      f.received_at =
          s + seconds(static_cast<int64_t>(rng.Uniform(2 * int64_t{86400}))) - seconds(86400);
    } else {
      f.received_at =
          from +
          seconds(static_cast<int64_t>(rng.Uniform(static_cast<uint64_t>((to - from).count()))));
    }
    auto later = [&](Instant t, int64_t max_s) {
      return t + seconds(static_cast<int64_t>(rng.Uniform(static_cast<uint64_t>(max_s))));
    };
    f.response_deadline = later(f.received_at, 2 * int64_t{86400});
    f.resolution_deadline = later(f.response_deadline, 20 * int64_t{86400});
    if (rng.Bernoulli(0.85)) f.responded_at = later(f.received_at, 3 * int64_t{86400});
    if (f.responded_at && rng.Bernoulli(0.8))
      f.resolved_at = later(*f.responded_at, 30 * int64_t{86400});
    if (f.resolved_at && rng.Bernoulli(0.7)) {
      f.rating = AllConcernRatings()[rng.Uniform(AllConcernRatings().size())];
    }
    facts.Append(f);
  }

  // Every unit, in a shuffled order with repeats, over January..March.
  std::vector<UnitIndex> units;
  units.reserve(h.size() + 10);
  for (int32_t i = 0; i < static_cast<int32_t>(h.size()); ++i) units.push_back(UnitIndex{i});
  for (int k = 0; k < 10; ++k) units.push_back(units[rng.Uniform(h.size())]);
  for (size_t i = units.size() - 1; i > 0; --i) std::swap(units[i], units[rng.Uniform(i + 1)]);

  ASSERT_OK_AND_ASSIGN(MonthlyConcernCounts m,
                       CountConcernsByMonth(facts, h, units, {2026, 1}, {2026, 3}, as_of));
  const std::vector<ReportPeriod> months = {{D(2026, 1, 1), D(2026, 1, 31)},
                                            {D(2026, 2, 1), D(2026, 2, 28)},
                                            {D(2026, 3, 1), D(2026, 3, 31)}};
  int64_t root_received = 0;
  for (size_t u = 0; u < units.size(); ++u) {
    for (int mo = 0; mo < 3; ++mo) {
      ASSERT_OK_AND_ASSIGN(
          ConcernRates expected,
          ComputeConcernRates(facts, h, units[u], months[static_cast<size_t>(mo)], as_of));
      ASSERT_EQ(m.At(u, mo), expected.counts) << "unit " << h.Code(units[u]) << " month " << mo;
      if (units[u] == h.Root()) root_received += expected.counts.received;
    }
  }
  // The test is not vacuous: most concerns fall in the three months, and every
  // kind of count occurs.
  EXPECT_GT(root_received, 2000);
  ASSERT_OK_AND_ASSIGN(
      ConcernRates all,
      ComputeConcernRates(facts, h, h.Root(), {D(2026, 1, 1), D(2026, 3, 31)}, as_of));
  EXPECT_EQ(all.counts.received, root_received);
  EXPECT_GT(all.counts.overdue_open, 0);
  EXPECT_GT(all.counts.responded, all.counts.responded_on_time);
  EXPECT_GT(all.counts.resolved, all.counts.resolved_on_time);
  EXPECT_GT(all.counts.not_satisfied, 0);

  // Every level of every scope through the level entry point.
  for (UnitLevel level :
       {UnitLevel::kProvince, UnitLevel::kStreet, UnitLevel::kCommunity, UnitLevel::kCompound}) {
    for (int32_t s = 0; s < static_cast<int32_t>(h.size()); s += 7) {
      const UnitIndex scope{s};
      std::vector<UnitIndex> expected_units;
      for (UnitIndex i = scope; i < h.SubtreeEnd(scope); ++i) {
        if (h.Level(i) == level) expected_units.push_back(i);
      }
      ASSERT_EQ(UnitsAtLevel(h, scope, level), expected_units);
      ASSERT_OK_AND_ASSIGN(
          MonthlyConcernCounts at_level,
          CountConcernsByMonthAtLevel(facts, h, scope, level, {2026, 2}, {2026, 2}, as_of));
      for (size_t u = 0; u < expected_units.size(); ++u) {
        ASSERT_OK_AND_ASSIGN(ConcernRates expected,
                             ComputeConcernRates(facts, h, expected_units[u], months[1], as_of));
        ASSERT_EQ(at_level.At(u, 0), expected.counts);
      }
    }
  }
}

}  // namespace
}  // namespace alley::services

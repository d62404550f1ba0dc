#include "indicators/scorecard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/status_matchers.h"
#include "indicators/elements.h"
#include "indicators/indicators_test_util.h"
#include "registry/units.h"
#include "services/care_test_util.h"
#include "store/indicator_store.h"

namespace alley::indicators {
namespace {

using ::alley::indicators::testing::IndicatorsTest;
using ::alley::services::testing::kHailian;
using ::alley::services::testing::kStreet;
using ::alley::services::testing::kXinghua;
using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kVillage[] = "320706006201";  // 朱庄村, the street's third village

class ScorecardTest : public IndicatorsTest {
 protected:
  void SetUp() override {
    IndicatorsTest::SetUp();
    for (const char* code : {"sc_a", "sc_b"}) {
      store::IndicatorElementRow e;
      e.code = code;
      e.name = code;
      e.aggregation = "sum";
      e.source = "entered";
      ASSERT_OK(store_->Write([&](store::Writer& w) { return store::PutIndicatorElement(w, e); }));
    }
    store::IndicatorRow i;
    i.code = "sc_share";
    i.name = "share";
    i.formula = "sc_a";
    i.target_op = ">=";
    i.target = 10;
    ASSERT_OK(store_->Write([&](store::Writer& w) { return store::PutIndicator(w, i); }));
  }

  // sc_share (weight 3, against its indicator's target 10) and sc_b (weight
  // 1, lower is better, min-max over the units).
  static store::ScorecardRow Card() {
    store::ScorecardRow s;
    s.code = "test";
    s.name = "测试";
    s.items = {
        {.indicator = "sc_share", .weight = 3},
        {.indicator = "sc_b", .weight = 1, .direction = "lower_is_better", .scoring = "range"}};
    return s;
  }

  StatusOr<ScorecardRanking> Rank(std::string code = "test") {
    return RankUnits(*store_, *hierarchy_,
                     {.scorecard = std::move(code),
                      .scope = kStreet,
                      .level = core::UnitLevel::kCommunity,
                      .period = "2026"},
                     services::testing::T0());
  }

  static const UnitScore* Find(const ScorecardRanking& r, std::string_view unit) {
    for (const UnitScore& u : r.units) {
      if (u.unit == unit) return &u;
    }
    ADD_FAILURE() << "no unit " << unit;
    return nullptr;
  }
};

TEST_F(ScorecardTest, ScoresRanksAndTrendsWithMissingItemsRenormalised) {
  ASSERT_OK(DefineScorecard(*store_, Card()));
  Enter("sc_a", kHailian, "2026", 10);
  Enter("sc_a", kXinghua, "2026", 5);
  Enter("sc_b", kHailian, "2026", 1);
  Enter("sc_b", kXinghua, "2026", 3);
  Enter("sc_b", kVillage, "2026", 2);
  Enter("sc_a", kHailian, "2025", 5);
  Enter("sc_a", kXinghua, "2025", 5);
  Enter("sc_b", kHailian, "2025", 1);
  Enter("sc_b", kXinghua, "2025", 1);
  ASSERT_OK_AND_ASSIGN(ScorecardRanking r, Rank());
  EXPECT_EQ(r.period, "2026");
  EXPECT_EQ(r.previous_period, "2025");
  ASSERT_GE(r.units.size(), 3U);
  // Hailian: 100 (target met) and 100 (the lowest b); the village has no a,
  // so b alone (the middle of the range: 50); Xinghua: (3·50 + 1·0) / 4.
  EXPECT_EQ(r.units[0].unit, kHailian);
  EXPECT_EQ(r.units[0].rank, 1);
  EXPECT_DOUBLE_EQ(*r.units[0].score, 100);
  EXPECT_EQ(r.units[1].unit, kVillage);
  EXPECT_EQ(r.units[1].rank, 2);
  EXPECT_DOUBLE_EQ(*r.units[1].score, 50);
  EXPECT_THAT(r.units[1].missing, ElementsAre("sc_share"));
  EXPECT_DOUBLE_EQ(r.units[1].items[1].weight, 1);
  EXPECT_EQ(r.units[2].unit, kXinghua);
  EXPECT_EQ(r.units[2].rank, 3);
  EXPECT_DOUBLE_EQ(*r.units[2].score, 37.5);
  EXPECT_DOUBLE_EQ(r.units[2].items[0].weight, 0.75);
  // 2025: both at a = 5 (50) and b equal (hi = lo: 100), (150 + 100) / 4.
  EXPECT_DOUBLE_EQ(*r.units[0].previous_score, 62.5);
  EXPECT_DOUBLE_EQ(*r.units[0].change, 37.5);
  EXPECT_DOUBLE_EQ(*r.units[2].change, -25);
  EXPECT_FALSE(r.units[1].previous_score.has_value());
  EXPECT_FALSE(r.units[1].change.has_value());
  // Units with no figure come last, unranked.
  for (size_t i = 3; i < r.units.size(); ++i) {
    EXPECT_FALSE(r.units[i].score.has_value()) << r.units[i].unit;
    EXPECT_FALSE(r.units[i].rank.has_value());
  }
  const nlohmann::json j = RankingJson(r);
  EXPECT_EQ(j["units"][0]["unit"], kHailian);
  EXPECT_TRUE(j["units"][1]["previous_score"].is_null());
  EXPECT_EQ(j["units"][1]["missing"][0], "sc_share");
}

TEST_F(ScorecardTest, TiesShareARankAndTheCapLimitsAnItem) {
  store::ScorecardRow s = Card();
  s.items.resize(1);
  s.items[0].cap = 80;
  ASSERT_OK(DefineScorecard(*store_, s));
  Enter("sc_a", kHailian, "2026", 20);  // twice the target: capped
  Enter("sc_a", kXinghua, "2026", 8);   // 80 % of it
  Enter("sc_a", kVillage, "2026", 4);
  ASSERT_OK_AND_ASSIGN(ScorecardRanking r, Rank());
  const UnitScore* h = Find(r, kHailian);
  const UnitScore* x = Find(r, kXinghua);
  const UnitScore* v = Find(r, kVillage);
  ASSERT_TRUE(h && x && v);
  EXPECT_DOUBLE_EQ(*h->score, 80);
  EXPECT_DOUBLE_EQ(*x->score, 80);
  EXPECT_EQ(h->rank, 1);
  EXPECT_EQ(x->rank, 1);
  EXPECT_EQ(v->rank, 3);
  EXPECT_DOUBLE_EQ(*v->score, 40);
}

TEST_F(ScorecardTest, DefinitionsAreChecked) {
  store::ScorecardRow s = Card();
  s.items[0].weight = 0;
  EXPECT_THAT(DefineScorecard(*store_, s),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("items[0].weight")));
  s = Card();
  s.items[1].direction = "up";
  EXPECT_THAT(DefineScorecard(*store_, s),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("items[1].direction")));
  s = Card();
  s.items[1].indicator = "sc_share";
  EXPECT_THAT(DefineScorecard(*store_, s),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("listed twice")));
  s = Card();
  s.items[0].indicator = "no_such";
  EXPECT_THAT(DefineScorecard(*store_, s), StatusIs(StatusCode::kNotFound, HasSubstr("no_such")));
  s = Card();
  s.items[1].scoring = "target";  // sc_b has no target
  EXPECT_THAT(DefineScorecard(*store_, s),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("sc_b")));
  s.items[1].target = 2;
  EXPECT_OK(DefineScorecard(*store_, s));
  EXPECT_THAT(Rank("absent"), StatusIs(StatusCode::kNotFound, HasSubstr("absent")));
}

TEST_F(ScorecardTest, TheBuiltinScorecardIsSeededAndRanks) {
  ASSERT_OK_AND_ASSIGN(std::vector<store::ScorecardRow> all, ListScorecardDefinitions(*store_));
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0].code, "governance");
  EXPECT_TRUE(all[0].builtin);
  EXPECT_EQ(all[0].items.size(), 6U);
  Enter("sc_a", kHailian, "2026", 1);
  ASSERT_OK_AND_ASSIGN(ScorecardRanking r, Rank("governance"));
  EXPECT_FALSE(r.units.empty());
  // An office's change is kept: seeding again does not overwrite it.
  store::ScorecardRow mine = all[0];
  mine.items.resize(2);
  ASSERT_OK(DefineScorecard(*store_, mine));
  ASSERT_OK(EnsureScorecards(*store_));
  ASSERT_OK_AND_ASSIGN(all, ListScorecardDefinitions(*store_));
  EXPECT_EQ(all[0].items.size(), 2U);
}

TEST(ScorecardItemTest, ParsesTheCommandLineForm) {
  ASSERT_OK_AND_ASSIGN(store::ScorecardItemRow a, ParseScorecardItem("concern_response_rate:2"));
  EXPECT_EQ(a.indicator, "concern_response_rate");
  EXPECT_EQ(a.weight, 2);
  EXPECT_EQ(a.direction, "higher_is_better");
  EXPECT_EQ(a.scoring, "target");
  ASSERT_OK_AND_ASSIGN(store::ScorecardItemRow b, ParseScorecardItem("x:0.5:lower:range"));
  EXPECT_EQ(b.direction, "lower_is_better");
  EXPECT_EQ(b.scoring, "range");
  EXPECT_THAT(ParseScorecardItem("x"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseScorecardItem("x:two"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("weight")));
  EXPECT_THAT(ParseScorecardItem("x:1:sideways"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("sideways")));
}

}  // namespace
}  // namespace alley::indicators

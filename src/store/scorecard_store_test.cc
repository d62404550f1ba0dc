#include "store/scorecard_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"
#include "store/store_test_util.h"

namespace alley::store {
namespace {

using ::alley::testing::StatusIs;

using ScorecardStoreTest = StoreTest;

ScorecardRow Card() {
  ScorecardRow s;
  s.code = "governance";
  s.name = "基层治理";
  s.items = {{.indicator = "concern_response_rate", .weight = 2},
             {.indicator = "complaints",
              .weight = 1,
              .direction = "lower_is_better",
              .scoring = "range",
              .cap = 50,
              .target = 3.5}};
  return s;
}

TEST_F(ScorecardStoreTest, StoresItemsInOrderAndReplacesThem) {
  ASSERT_OK(store_->Write([&](Writer& w) { return PutScorecard(w, Card()); }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<ScorecardRow> s, FindScorecard(r, "governance"));
    EXPECT_TRUE(s.has_value());
    if (!s) return OkStatus();
    EXPECT_EQ(s->name, "基层治理");
    EXPECT_EQ(s->items.size(), 2U);
    if (s->items.size() == 2) {
      EXPECT_EQ(s->items[0].indicator, "concern_response_rate");
      EXPECT_EQ(s->items[0].weight, 2);
      EXPECT_FALSE(s->items[0].target.has_value());
      EXPECT_EQ(s->items[1].direction, "lower_is_better");
      EXPECT_EQ(s->items[1].scoring, "range");
      EXPECT_EQ(s->items[1].cap, 50);
      EXPECT_EQ(s->items[1].target, std::optional<double>(3.5));
    }
    return OkStatus();
  }));
  ScorecardRow again = Card();
  again.items.resize(1);
  ASSERT_OK(store_->Write([&](Writer& w) { return PutScorecard(w, again); }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<ScorecardRow> all, ListScorecards(r));
    EXPECT_EQ(all.size(), 1U);
    if (!all.empty()) {
      EXPECT_EQ(all[0].items.size(), 1U);
    }
    return OkStatus();
  }));
}

TEST_F(ScorecardStoreTest, RefusesANonPositiveWeightAndDeletes) {
  ScorecardRow bad = Card();
  bad.items[0].weight = 0;
  EXPECT_THAT(store_->Write([&](Writer& w) { return PutScorecard(w, bad); }),
              StatusIs(StatusCode::kInvalidArgument));
  ASSERT_OK(store_->Write([&](Writer& w) { return PutScorecard(w, Card()); }));
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(bool removed, DeleteScorecard(w, "governance"));
    EXPECT_TRUE(removed);
    ALLEY_ASSIGN_OR_RETURN(bool again, DeleteScorecard(w, "governance"));
    EXPECT_FALSE(again);
    return OkStatus();
  }));
}

}  // namespace
}  // namespace alley::store

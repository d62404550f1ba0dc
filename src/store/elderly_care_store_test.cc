#include "store/elderly_care_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/id_number.h"
#include "core/status_matchers.h"
#include "store/store.h"
#include "store/store_test_util.h"

namespace alley::store {
namespace {

using ::testing::ElementsAre;

core::Date D(const char* text) { return *core::Date::Parse(text); }

class ElderlyCareStoreTest : public StoreTest {
 protected:
  ElderlyCareStoreTest() { synthetic_compound_ = true; }
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(store_->Write([&](Writer& w) -> Status {
      FacilityRow f;
      f.unit_code = kHailian;
      f.type = "senior_canteen";
      f.name = "海连助餐点";
      f.synthetic = true;
      ALLEY_ASSIGN_OR_RETURN(canteen_, w.InsertFacility(f));
      f.name = "另一助餐点";
      f.synthetic = false;
      ALLEY_ASSIGN_OR_RETURN(other_canteen_, w.InsertFacility(f));
      return OkStatus();
    }));
  }

  CanteenGroupRow Group(std::string key, const char* from, int64_t price) const {
    CanteenGroupRow g;
    g.facility_id = canteen_;
    g.community_code = kHailian;
    g.group_key = std::move(key);
    g.valid_from = D(from);
    g.name = "组" + g.group_key;
    g.price_fen = price;
    return g;
  }

  CanteenMealRow Meal(int64_t facility, const char* date, std::string group, int64_t meals) const {
    CanteenMealRow m;
    m.facility_id = facility;
    m.community_code = kHailian;
    m.date = D(date);
    m.group_key = std::move(group);
    m.meals = meals;
    m.recorded_at = 1'780'000'000;
    return m;
  }

  int64_t AddResident(bool synthetic, std::string unit) {
    int64_t id = 0;
    EXPECT_OK(store_->Write([&](Writer& w) -> Status {
      ResidentIdentity identity;
      ALLEY_ASSIGN_OR_RETURN(identity.id_number, core::MakeIdNumber("320706", D("1940-01-01"),
                                                                    next_++, core::Sex::kFemale));
      identity.sex = "female";
      identity.birth_date = D("1940-01-01");
      identity.synthetic = synthetic;
      ALLEY_ASSIGN_OR_RETURN(id, w.InsertResident(identity));
      ResidentVersion v;
      v.resident_id = id;
      v.valid_from = D("2020-01-01");
      v.change = "register";
      v.status = "active";
      v.name = "老人";
      v.community_code = kHailian;
      v.unit_code = std::move(unit);
      v.registration = "registered";
      v.employment = "retired";
      v.insurance = "unknown";
      return w.AddResidentVersion(v);
    }));
    return id;
  }

  VisitRow Visit(int64_t resident, const char* date, std::string outcome,
                 std::string unit = kCompound) const {
    VisitRow v;
    v.resident_id = resident;
    v.community_code = kHailian;
    v.unit_code = std::move(unit);
    v.date = D(date);
    v.visitor_name = "网格员王";
    v.outcome = std::move(outcome);
    v.recorded_at = 1'780'000'000;
    v.recorded_by = "wang";
    return v;
  }

  int64_t canteen_ = 0;
  int64_t other_canteen_ = 0;
  int next_ = 0;
};

TEST_F(ElderlyCareStoreTest, GroupVersionsInForceOnADate) {
  CanteenGroupRow elderly = Group("elderly_60", "2026-01-01", 1200);
  elderly.eligible_elderly = true;
  elderly.subsidies = {{"区民政局", 300}, {"街道", 100}};
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(SaveCanteenGroup(w, elderly).status());
    ALLEY_RETURN_IF_ERROR(SaveCanteenGroup(w, Group("public", "2026-03-01", 1500)).status());
    CanteenGroupRow raised = elderly;
    raised.valid_from = D("2026-05-01");
    raised.price_fen = 1300;
    raised.subsidies = {{"区民政局", 200}};
    return SaveCanteenGroup(w, raised).status();
  }));
  std::vector<CanteenGroupRow> feb, june, history;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(feb, CanteenGroupsOn(r, canteen_, D("2026-02-01")));
    ALLEY_ASSIGN_OR_RETURN(june, CanteenGroupsOn(r, canteen_, D("2026-06-01")));
    ALLEY_ASSIGN_OR_RETURN(history, CanteenGroupHistory(r, canteen_));
    return OkStatus();
  }));
  ASSERT_EQ(feb.size(), 1u) << "public starts in March";
  EXPECT_EQ(feb[0].group_key, "elderly_60");
  EXPECT_EQ(feb[0].price_fen, 1200);
  EXPECT_TRUE(feb[0].eligible_elderly);
  ASSERT_EQ(feb[0].subsidies.size(), 2u);
  EXPECT_EQ(feb[0].subsidies[0].payer, "区民政局");
  EXPECT_EQ(feb[0].subsidies[0].per_meal_fen, 300);
  ASSERT_EQ(june.size(), 2u);
  EXPECT_EQ(june[0].price_fen, 1300);
  ASSERT_EQ(june[0].subsidies.size(), 1u);
  EXPECT_EQ(june[0].subsidies[0].per_meal_fen, 200);
  EXPECT_EQ(june[1].group_key, "public");
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].valid_from, D("2026-01-01"));
  EXPECT_EQ(history[1].valid_from, D("2026-05-01"));
}

TEST_F(ElderlyCareStoreTest, SavingTheSameDateReplacesTheVersion) {
  CanteenGroupRow g = Group("public", "2026-01-01", 1500);
  g.subsidies = {{"慈善基金会", 100}};
  ASSERT_OK(store_->Write([&](Writer& w) { return SaveCanteenGroup(w, g).status(); }));
  g.price_fen = 1600;
  g.subsidies = {};
  ASSERT_OK(store_->Write([&](Writer& w) { return SaveCanteenGroup(w, g).status(); }));
  std::vector<CanteenGroupRow> history;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(history, CanteenGroupHistory(r, canteen_));
    return OkStatus();
  }));
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].price_fen, 1600);
  EXPECT_TRUE(history[0].subsidies.empty());
}

TEST_F(ElderlyCareStoreTest, MealTotalsSumPerDayAndGroupWithinThePeriodAndFacility) {
  const int64_t resident = AddResident(false, kHailian);
  std::vector<CanteenMealRow> meals = {Meal(canteen_, "2026-04-01", "elderly_60", 40),
                                       Meal(canteen_, "2026-04-01", "elderly_60", 20),
                                       Meal(canteen_, "2026-04-01", "public", 15),
                                       Meal(canteen_, "2026-04-02", "public", 5),
                                       Meal(canteen_, "2026-03-31", "public", 99),
                                       Meal(canteen_, "2026-05-01", "public", 99),
                                       Meal(other_canteen_, "2026-04-01", "public", 7)};
  meals[1].resident_id = resident;
  ASSERT_OK(store_->Write([&](Writer& w) { return InsertCanteenMeals(w, meals); }));
  EXPECT_GT(meals[0].id, 0);
  EXPECT_GT(meals[6].id, meals[0].id);
  std::vector<CanteenMealRow> totals;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(totals,
                           CanteenMealTotals(r, canteen_, D("2026-04-01"), D("2026-04-30")));
    return OkStatus();
  }));
  ASSERT_EQ(totals.size(), 3u);
  EXPECT_EQ(totals[0].date, D("2026-04-01"));
  EXPECT_EQ(totals[0].group_key, "elderly_60");
  EXPECT_EQ(totals[0].meals, 60);
  EXPECT_EQ(totals[1].group_key, "public");
  EXPECT_EQ(totals[1].meals, 15);
  EXPECT_EQ(totals[2].date, D("2026-04-02"));
  EXPECT_EQ(totals[2].meals, 5);
}

TEST_F(ElderlyCareStoreTest, TablesRefuseWhatTheyCheck) {
  std::vector<CanteenMealRow> negative = {Meal(canteen_, "2026-04-01", "public", -1)};
  EXPECT_FALSE(store_->Write([&](Writer& w) { return InsertCanteenMeals(w, negative); }).ok());
  std::vector<CanteenMealRow> no_facility = {Meal(9999, "2026-04-01", "public", 1)};
  EXPECT_FALSE(store_->Write([&](Writer& w) { return InsertCanteenMeals(w, no_facility); }).ok());
  CanteenCostRow cost;
  cost.facility_id = canteen_;
  cost.community_code = kHailian;
  cost.date = D("2026-04-01");
  cost.kind = "bribes";
  cost.amount_fen = 100;
  std::vector<CanteenCostRow> costs = {cost};
  EXPECT_FALSE(store_->Write([&](Writer& w) { return InsertCanteenCosts(w, costs); }).ok());
  const int64_t resident = AddResident(false, kHailian);
  EXPECT_FALSE(store_
                   ->Write([&](Writer& w) {
                     return InsertVisit(w, Visit(resident, "2026-04-01", "fine")).status();
                   })
                   .ok());
  // Nothing of the refused writes is left.
  std::vector<CanteenMealRow> totals;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(totals,
                           CanteenMealTotals(r, canteen_, D("2000-01-01"), D("2100-01-01")));
    return OkStatus();
  }));
  EXPECT_TRUE(totals.empty());
}

TEST_F(ElderlyCareStoreTest, CostsAndSubsidiesByDateAndTheLatestRate) {
  auto cost = [&](const char* date, std::string_view kind, int64_t fen) {
    CanteenCostRow c;
    c.facility_id = canteen_;
    c.community_code = kHailian;
    c.date = D(date);
    c.kind = std::string(kind);
    c.amount_fen = fen;
    return c;
  };
  std::vector<CanteenCostRow> costs = {
      cost("2026-01-01", kCostFoodPerMeal, 800), cost("2026-04-10", kCostFoodPerMeal, 900),
      cost("2026-04-01", kCostStaff, 1'200'000), cost("2026-04-01", kCostRent, 300'000),
      cost("2026-05-01", kCostRent, 300'000)};
  CanteenSubsidyRow grant;
  grant.facility_id = canteen_;
  grant.community_code = kHailian;
  grant.date = D("2026-04-15");
  grant.payer = "街道办事处";
  grant.amount_fen = 500'000;
  grant.purpose = "运营补贴";
  std::vector<CanteenSubsidyRow> grants = {grant};
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(InsertCanteenCosts(w, costs));
    return InsertCanteenSubsidies(w, grants);
  }));
  std::vector<CanteenCostRow> april;
  std::vector<CanteenSubsidyRow> april_grants;
  std::optional<CanteenCostRow> food_on_5th, food_on_20th, staff_before;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(april, CanteenCosts(r, canteen_, D("2026-04-01"), D("2026-04-30")));
    ALLEY_ASSIGN_OR_RETURN(april_grants,
                           CanteenSubsidies(r, canteen_, D("2026-04-01"), D("2026-04-30")));
    ALLEY_ASSIGN_OR_RETURN(food_on_5th,
                           LatestCanteenCost(r, canteen_, kCostFoodPerMeal, D("2026-04-05")));
    ALLEY_ASSIGN_OR_RETURN(food_on_20th,
                           LatestCanteenCost(r, canteen_, kCostFoodPerMeal, D("2026-04-20")));
    ALLEY_ASSIGN_OR_RETURN(staff_before,
                           LatestCanteenCost(r, canteen_, kCostStaff, D("2026-03-31")));
    return OkStatus();
  }));
  ASSERT_EQ(april.size(), 3u);
  EXPECT_EQ(april[0].kind, "staff");
  EXPECT_EQ(april[2].kind, "food_per_meal");
  ASSERT_EQ(april_grants.size(), 1u);
  EXPECT_EQ(april_grants[0].amount_fen, 500'000);
  EXPECT_EQ(april_grants[0].purpose, "运营补贴");
  ASSERT_TRUE(food_on_5th.has_value());
  EXPECT_EQ(food_on_5th->amount_fen, 800);
  ASSERT_TRUE(food_on_20th.has_value());
  EXPECT_EQ(food_on_20th->amount_fen, 900);
  EXPECT_FALSE(staff_before.has_value());
}

TEST_F(ElderlyCareStoreTest, VisitsListBySubtreeAndResidentNewestFirst) {
  const int64_t a = AddResident(false, kCompound);
  const int64_t b = AddResident(false, kHailian);
  std::vector<VisitRow> visits = {Visit(a, "2026-06-01", "well"),
                                  Visit(a, "2026-06-08", "not_at_home"),
                                  Visit(b, "2026-06-03", "needs_help", kHailian)};
  visits[2].follow_up_needed = true;
  visits[2].visitor_user_id = std::nullopt;
  ASSERT_OK(store_->Write([&](Writer& w) { return InsertVisits(w, visits); }));
  VisitPage all, compound, of_b, xinghua, dated;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(all, ListVisits(r, {.subtree_code = kHailian}));
    ALLEY_ASSIGN_OR_RETURN(compound, ListVisits(r, {.subtree_code = kCompound}));
    ALLEY_ASSIGN_OR_RETURN(of_b, ListVisits(r, {.subtree_code = "320706006", .resident_id = b}));
    ALLEY_ASSIGN_OR_RETURN(xinghua, ListVisits(r, {.subtree_code = kXinghua}));
    ALLEY_ASSIGN_OR_RETURN(dated, ListVisits(r, {.subtree_code = kHailian,
                                                 .from = D("2026-06-02"),
                                                 .to = D("2026-06-07"),
                                                 .limit = 1}));
    return OkStatus();
  }));
  EXPECT_EQ(all.total, 3);
  ASSERT_EQ(all.items.size(), 3u);
  EXPECT_EQ(all.items[0].date, D("2026-06-08"));
  EXPECT_EQ(all.items[0].outcome, "not_at_home");
  EXPECT_EQ(all.items[2].date, D("2026-06-01"));
  EXPECT_EQ(compound.total, 2);
  ASSERT_EQ(of_b.items.size(), 1u);
  EXPECT_TRUE(of_b.items[0].follow_up_needed);
  EXPECT_EQ(of_b.items[0].visitor_name, "网格员王");
  EXPECT_EQ(xinghua.total, 0);
  EXPECT_EQ(dated.total, 1);
  ASSERT_EQ(dated.items.size(), 1u);
  EXPECT_EQ(dated.items[0].resident_id, b);
}

TEST_F(ElderlyCareStoreTest, VisitsOfResidentsUpToADateInOrder) {
  const int64_t a = AddResident(false, kCompound);
  const int64_t b = AddResident(false, kCompound);
  std::vector<VisitRow> visits = {Visit(b, "2026-06-09", "well"), Visit(a, "2026-06-08", "well"),
                                  Visit(a, "2026-06-01", "well"), Visit(a, "2026-06-30", "well")};
  ASSERT_OK(store_->Write([&](Writer& w) { return InsertVisits(w, visits); }));
  std::vector<VisitRow> found;
  const std::vector<int64_t> ids = {b, a};
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(found, VisitsOf(r, ids, D("2026-06-10")));
    return OkStatus();
  }));
  std::vector<std::string> seen;
  seen.reserve(found.size());
  for (const VisitRow& v : found) {
    seen.push_back(std::to_string(v.resident_id == a ? 0 : 1) + " " + v.date.ToString());
  }
  EXPECT_THAT(seen, ElementsAre("0 2026-06-01", "0 2026-06-08", "1 2026-06-09"));
}

TEST_F(ElderlyCareStoreTest, DeletingTheSyntheticDemoTakesItsActivityWithIt) {
  const int64_t synthetic = AddResident(true, kCompound);
  std::vector<CanteenMealRow> meals = {Meal(canteen_, "2026-04-01", "public", 10)};
  meals[0].resident_id = synthetic;
  std::vector<VisitRow> visits = {Visit(synthetic, "2026-06-01", "well")};
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(SaveCanteenGroup(w, Group("public", "2026-01-01", 1500)).status());
    ALLEY_RETURN_IF_ERROR(InsertCanteenMeals(w, meals));
    return InsertVisits(w, visits);
  }));
  ASSERT_OK(store_->Write([&](Writer& w) { return w.DeleteSyntheticUnder(kHailian); }));
  VisitPage left;
  std::vector<CanteenGroupRow> groups;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(left, ListVisits(r, {.subtree_code = kHailian}));
    ALLEY_ASSIGN_OR_RETURN(groups, CanteenGroupHistory(r, canteen_));
    return OkStatus();
  }));
  EXPECT_EQ(left.total, 0);
  EXPECT_TRUE(groups.empty());
}

TEST_F(ElderlyCareStoreTest, TheDemoCanRegenerateItsActivityAlone) {
  const int64_t real = AddResident(false, kCompound);
  std::vector<CanteenMealRow> meals = {Meal(other_canteen_, "2026-04-01", "public", 10),
                                       Meal(other_canteen_, "2026-04-01", "public", 5)};
  meals[0].synthetic = true;
  std::vector<VisitRow> visits = {Visit(real, "2026-06-01", "well"),
                                  Visit(real, "2026-06-02", "well")};
  visits[0].synthetic = true;
  CanteenGroupRow group = Group("public", "2026-01-01", 1500);
  group.facility_id = other_canteen_;
  group.synthetic = true;
  group.subsidies = {{"区民政局", 100}};
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(SaveCanteenGroup(w, group).status());
    ALLEY_RETURN_IF_ERROR(InsertCanteenMeals(w, meals));
    return InsertVisits(w, visits);
  }));
  ASSERT_OK(store_->Write([&](Writer& w) { return DeleteSyntheticElderlyCareUnder(w, kXinghua); }));
  VisitPage before;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(before, ListVisits(r, {.subtree_code = kHailian}));
    return OkStatus();
  }));
  EXPECT_EQ(before.total, 2) << "another community's delete touches nothing here";
  ASSERT_OK(store_->Write([&](Writer& w) { return DeleteSyntheticElderlyCareUnder(w, kHailian); }));
  VisitPage left;
  std::vector<CanteenMealRow> totals;
  std::vector<CanteenGroupRow> groups;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(left, ListVisits(r, {.subtree_code = kHailian}));
    ALLEY_ASSIGN_OR_RETURN(totals,
                           CanteenMealTotals(r, other_canteen_, D("2026-04-01"), D("2026-04-01")));
    ALLEY_ASSIGN_OR_RETURN(groups, CanteenGroupHistory(r, other_canteen_));
    return OkStatus();
  }));
  ASSERT_EQ(left.total, 1);
  EXPECT_FALSE(left.items[0].synthetic);
  ASSERT_EQ(totals.size(), 1u);
  EXPECT_EQ(totals[0].meals, 5);
  EXPECT_TRUE(groups.empty());
}

}  // namespace
}  // namespace alley::store

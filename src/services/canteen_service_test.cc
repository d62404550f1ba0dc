#include "services/canteen_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "core/id_number.h"
#include "core/status_matchers.h"
#include "registry/audit.h"
#include "registry/facilities.h"
#include "registry/residents.h"
#include "registry/test_util.h"
#include "registry/units.h"
#include "services/elderly_care_json.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kHailian[] = "320706006010";
constexpr char kXinghua[] = "320706006009";

core::Date D(const char* text) { return *core::Date::Parse(text); }

const registry::audit::Actor kHailianStaff{"wang", "community_staff", kHailian};
const registry::audit::Actor kXinghuaStaff{"li", "community_staff", kXinghua};

class CanteenServiceTest : public registry::testing::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    ASSERT_OK(registry::ImportDivisions(*store_, WriteDivisions()).status());
    canteen_ = MakeFacility(kHailian, "senior_canteen", "海连助餐点");
  }

  int64_t MakeFacility(const std::string& unit, const std::string& type, const std::string& name) {
    registry::FacilityInput in{.unit_code = unit, .type = type, .name = name, .capacity = 60};
    StatusOr<registry::FacilityItem> made = registry::CreateFacility(*store_, in);
    EXPECT_OK(made);
    return made.ok() ? made->facility.id : 0;
  }

  int64_t MakeResident(const std::string& unit, core::Date birth) {
    registry::NewResident r;
    StatusOr<std::string> id = core::MakeIdNumber("320706", birth, next_++, core::Sex::kMale);
    EXPECT_OK(id);
    r.id_number = id.ok() ? *id : "";
    r.name = "居民" + std::to_string(next_);
    r.unit_code = unit;
    r.effective = D("2026-01-01");
    StatusOr<registry::ResidentItem> made = registry::CreateResident(*store_, r, kToday);
    EXPECT_OK(made);
    return made.ok() ? made->id : 0;
  }

  // The worked example of canteen_test.cc, through the store: April 2026,
  // 60 meals a day for elderly_60 (12 yuan, 3 yuan from the district) and
  // 20 for public (15 yuan); food 9 yuan a meal; staff 12,000, rent 3,000,
  // utilities 1,500 yuan.
  void RecordWorkedExample() {
    ASSERT_OK(SetDinerGroup(*store_, canteen_,
                            {.id = "elderly_60",
                             .name = "60岁以上老人",
                             .eligible_elderly = true,
                             .price = 1200,
                             .subsidies = {{.payer = "区民政局", .per_meal = 300}},
                             .valid_from = D("2026-01-01")},
                            kHailian, kHailianStaff, kNow)
                  .status());
    ASSERT_OK(
        SetDinerGroup(
            *store_, canteen_,
            {.id = "public", .name = "其他居民", .price = 1500, .valid_from = D("2026-01-01")},
            kHailian, kHailianStaff, kNow)
            .status());
    std::vector<MealEntry> meals;
    for (int d = 1; d <= 30; ++d) {
      const core::Date day = D("2026-04-01").AddDays(d - 1);
      // Lunch and dinner of the elderly: counts of one day add up.
      meals.push_back({.date = day, .group = "elderly_60", .meals = 45});
      meals.push_back({.date = day, .group = "elderly_60", .meals = 15});
      meals.push_back({.date = day, .group = "public", .meals = 20});
    }
    ASSERT_OK(
        RecordMeals(*store_, canteen_, meals, kToday, kHailian, kHailianStaff, kNow).status());
    for (const CostEntry& c : {CostEntry{D("2026-03-20"), "food_per_meal", 900, "食材"},
                               CostEntry{D("2026-04-01"), "staff", 1'200'000, "4月工资"},
                               CostEntry{D("2026-04-01"), "rent", 300'000, ""},
                               CostEntry{D("2026-04-30"), "utilities", 150'000, ""},
                               CostEntry{D("2026-05-01"), "rent", 300'000, "5月"}}) {
      ASSERT_OK(RecordCost(*store_, canteen_, c, kHailian, kHailianStaff, kNow).status());
    }
  }

  int64_t AuditCount(const std::string& object) {
    registry::audit::Filter f;
    f.object = object;
    StatusOr<store::AuditPage> page = registry::audit::Query(*store_, f);
    EXPECT_OK(page);
    return page.ok() ? page->total : -1;
  }

  const core::Date kToday = D("2026-07-01");
  const store::Timestamp kNow = std::chrono::floor<std::chrono::seconds>(
      std::chrono::sys_days(std::chrono::year(2026) / 7 / 1));
  int64_t canteen_ = 0;
  int next_ = 0;
};

TEST_F(CanteenServiceTest, WorkedExampleByHandThroughTheStore) {
  RecordWorkedExample();
  ASSERT_OK_AND_ASSIGN(CanteenFinances f, CanteenFinancesFor(*store_, canteen_, D("2026-04-01"),
                                                             D("2026-04-30"), kHailian));
  const CanteenReport& r = f.report;
  EXPECT_EQ(r.meals, 2400);
  EXPECT_EQ(r.days, 30);
  EXPECT_EQ(r.revenue, 3'060'000);
  EXPECT_EQ(r.subsidy, 540'000);
  EXPECT_EQ(r.cost, 3'810'000);
  EXPECT_EQ(r.fixed_cost, 1'650'000) << "May's rent is not April's";
  EXPECT_EQ(f.period.costs.food_per_meal, 900) << "the rate set in March holds in April";
  ASSERT_TRUE(r.subsidy_dependency.has_value());
  EXPECT_DOUBLE_EQ(*r.subsidy_dependency, 18.0 / 127.0);
  ASSERT_TRUE(r.break_even_meals_per_day.has_value());
  EXPECT_DOUBLE_EQ(*r.break_even_meals_per_day, 440.0 / 3.0);
  EXPECT_EQ(r.self_sustaining_price, 1588);
  EXPECT_TRUE(f.settings_changed.empty());

  // The contract keys, money in yuan.
  const nlohmann::json j = CanteenFinancesJson(f);
  EXPECT_EQ(j["meals"], 2400);
  EXPECT_DOUBLE_EQ(j["revenue"].get<double>(), 30600.0);
  EXPECT_DOUBLE_EQ(j["cost"].get<double>(), 38100.0);
  EXPECT_DOUBLE_EQ(j["subsidy"].get<double>(), 5400.0);
  EXPECT_NEAR(j["subsidy_dependency"].get<double>(), 0.141732, 1e-6);
  EXPECT_NEAR(j["break_even_meals_per_day"].get<double>(), 146.67, 0.005);
  EXPECT_DOUBLE_EQ(j["self_sustaining_price"].get<double>(), 15.88);
  EXPECT_DOUBLE_EQ(j["average_price"].get<double>(), 12.75);
  EXPECT_DOUBLE_EQ(j["surplus"].get<double>(), -2100.0);
  EXPECT_EQ(j["money_unit"], "yuan");
  EXPECT_EQ(j["break_even_case"], "defined");
  EXPECT_DOUBLE_EQ(j["subsidy_by_payer"]["区民政局"].get<double>(), 5400.0);
}

TEST_F(CanteenServiceTest, LumpSumsCountInThePeriodOfTheirDate) {
  RecordWorkedExample();
  ASSERT_OK(RecordLumpSumSubsidy(*store_, canteen_,
                                 {D("2026-04-15"), "街道办事处", 210'000, "运营补贴"}, kHailian,
                                 kHailianStaff, kNow)
                .status());
  ASSERT_OK_AND_ASSIGN(CanteenFinances april, CanteenFinancesFor(*store_, canteen_, D("2026-04-01"),
                                                                 D("2026-04-30"), kHailian));
  EXPECT_EQ(april.report.subsidy, 750'000);
  EXPECT_EQ(april.report.surplus, 0) << "the grant covers exactly April's deficit";
  ASSERT_OK_AND_ASSIGN(CanteenFinances may, CanteenFinancesFor(*store_, canteen_, D("2026-05-01"),
                                                               D("2026-05-31"), kHailian));
  EXPECT_EQ(may.report.meals, 0);
  EXPECT_EQ(may.report.subsidy, 0);
  EXPECT_EQ(may.report.fixed_cost, 300'000);
  EXPECT_EQ(may.report.break_even_case, BreakEvenCase::kNoMeals);
}

TEST_F(CanteenServiceTest, APriceChangeInsideThePeriodIsListedAndTheNewerPriceApplies) {
  RecordWorkedExample();
  ASSERT_OK(SetDinerGroup(
                *store_, canteen_,
                {.id = "public", .name = "其他居民", .price = 1600, .valid_from = D("2026-04-16")},
                kHailian, kHailianStaff, kNow)
                .status());
  ASSERT_OK_AND_ASSIGN(CanteenFinances f, CanteenFinancesFor(*store_, canteen_, D("2026-04-01"),
                                                             D("2026-04-30"), kHailian));
  ASSERT_EQ(f.settings_changed.size(), 1u);
  EXPECT_EQ(f.settings_changed[0].date, D("2026-04-16"));
  EXPECT_EQ(f.settings_changed[0].what, "group public");
  EXPECT_EQ(f.report.revenue, 1800 * 1200 + 600 * 1600);
  ASSERT_OK_AND_ASSIGN(
      CanteenFinances first_half,
      CanteenFinancesFor(*store_, canteen_, D("2026-04-01"), D("2026-04-15"), kHailian));
  EXPECT_TRUE(first_half.settings_changed.empty());
  EXPECT_EQ(first_half.report.revenue, 15 * (60 * 1200 + 20 * 1500));
}

TEST_F(CanteenServiceTest, AnotherCommunityNeitherSeesNorWrites) {
  RecordWorkedExample();
  const int64_t audits = AuditCount("canteen_meal");
  EXPECT_THAT(CanteenFinancesFor(*store_, canteen_, D("2026-04-01"), D("2026-04-30"), kXinghua),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(DinerGroupsOn(*store_, canteen_, kToday, kXinghua), StatusIs(StatusCode::kNotFound));
  std::vector<MealEntry> meals = {{.date = D("2026-05-01"), .group = "public", .meals = 500}};
  EXPECT_THAT(RecordMeals(*store_, canteen_, meals, kToday, kXinghua, kXinghuaStaff, kNow),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(RecordCost(*store_, canteen_, {D("2026-05-01"), "rent", 1, ""}, kXinghua,
                         kXinghuaStaff, kNow),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(RecordLumpSumSubsidy(*store_, canteen_, {D("2026-05-01"), "x", 1, ""}, kXinghua,
                                   kXinghuaStaff, kNow),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(
      SetDinerGroup(*store_, canteen_, {.id = "public", .price = 1, .valid_from = D("2026-05-01")},
                    kXinghua, kXinghuaStaff, kNow),
      StatusIs(StatusCode::kNotFound));
  // Nothing changed.
  ASSERT_OK_AND_ASSIGN(CanteenFinances may, CanteenFinancesFor(*store_, canteen_, D("2026-05-01"),
                                                               D("2026-05-31"), core::kNationCode));
  EXPECT_EQ(may.report.meals, 0);
  EXPECT_EQ(may.report.fixed_cost, 300'000);
  EXPECT_TRUE(may.settings_changed.empty());
  EXPECT_EQ(AuditCount("canteen_meal"), audits);
  // And the Xinghua staff's own canteen is theirs.
  const int64_t theirs = MakeFacility(kXinghua, "senior_canteen", "星化助餐点");
  EXPECT_OK(CanteenFinancesFor(*store_, theirs, D("2026-04-01"), D("2026-04-30"), kXinghua));
}

TEST_F(CanteenServiceTest, OnlySeniorCanteensOpenOnes) {
  const int64_t nursery = MakeFacility(kHailian, "nursery", "海连托育园");
  EXPECT_THAT(CanteenFinancesFor(*store_, nursery, D("2026-04-01"), D("2026-04-30"), kHailian),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("not a senior_canteen")));
  EXPECT_THAT(CanteenFinancesFor(*store_, 9999, D("2026-04-01"), D("2026-04-30"), kHailian),
              StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(registry::FacilityItem f, registry::GetFacility(*store_, canteen_));
  ASSERT_OK(registry::CloseFacility(*store_, canteen_, f.facility.version, kToday));
  EXPECT_THAT(CanteenFinancesFor(*store_, canteen_, D("2026-04-01"), D("2026-04-30"), kHailian),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(CanteenFinancesFor(*store_, nursery, D("2026-04-30"), D("2026-04-01"), kHailian),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field to")));
}

TEST_F(CanteenServiceTest, BadMealsNameTheEntryAndNothingIsStored) {
  RecordWorkedExample();
  const int64_t old = MakeResident(kHailian, D("1950-03-01"));
  const int64_t young = MakeResident(kHailian, D("1990-03-01"));
  const int64_t outside = MakeResident(kXinghua, D("1950-03-01"));
  auto record = [&](std::vector<MealEntry> entries) {
    return RecordMeals(*store_, canteen_, entries, kToday, kHailian, kHailianStaff, kNow).status();
  };
  const MealEntry good{.date = D("2026-06-01"), .group = "public", .meals = 10};
  EXPECT_THAT(record({good, {.date = D("2026-07-02"), .group = "public", .meals = 1}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field counts[1].date")));
  EXPECT_THAT(
      record({good, {.date = D("2025-12-31"), .group = "public", .meals = 1}}),
      StatusIs(StatusCode::kInvalidArgument,
               HasSubstr("field counts[1].group: no diner group \"public\" on 2025-12-31")));
  EXPECT_THAT(record({{.date = D("2026-06-01"), .group = "vip", .meals = 1}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("elderly_60, public")));
  EXPECT_THAT(record({{.date = D("2026-06-01"), .group = "public", .meals = -3}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field counts[0].meals")));
  EXPECT_THAT(record({}), StatusIs(StatusCode::kInvalidArgument, HasSubstr("field meals")));
  EXPECT_THAT(
      record({{.date = D("2026-06-01"), .group = "elderly_60", .meals = 1, .resident_id = young}}),
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr("is 36 on 2026-06-01")));
  EXPECT_THAT(
      record(
          {{.date = D("2026-06-01"), .group = "elderly_60", .meals = 1, .resident_id = outside}}),
      StatusIs(StatusCode::kNotFound, HasSubstr("field counts[0].resident_id")));
  EXPECT_THAT(
      record({{.date = D("2026-06-01"), .group = "public", .meals = 1, .resident_id = old}}),
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr("eligible elderly group")));
  ASSERT_OK_AND_ASSIGN(CanteenFinances june, CanteenFinancesFor(*store_, canteen_, D("2026-06-01"),
                                                                D("2026-06-30"), kHailian));
  EXPECT_EQ(june.report.meals, 0) << "a refused batch stores none of its entries";

  ASSERT_OK_AND_ASSIGN(
      std::vector<store::CanteenMealRow> rows,
      RecordMeals(
          *store_, canteen_,
          std::vector<MealEntry>{
              good,
              {.date = D("2026-06-01"), .group = "elderly_60", .meals = 1, .resident_id = old}},
          kToday, kHailian, kHailianStaff, kNow));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_GT(rows[0].id, 0);
  EXPECT_EQ(rows[1].resident_id, old);
}

TEST_F(CanteenServiceTest, EveryWriteIsAudited) {
  const int64_t groups = AuditCount("canteen_group");
  const int64_t meals = AuditCount("canteen_meal");
  const int64_t costs = AuditCount("canteen_cost");
  RecordWorkedExample();
  EXPECT_EQ(AuditCount("canteen_group"), groups + 2);
  EXPECT_EQ(AuditCount("canteen_meal"), meals + 1) << "one record for one batch";
  EXPECT_EQ(AuditCount("canteen_cost"), costs + 5);
}

TEST_F(CanteenServiceTest, GroupSettingsAreChecked) {
  auto set = [&](DinerGroupSetting s) {
    s.valid_from = D("2026-01-01");
    return SetDinerGroup(*store_, canteen_, s, kHailian, kHailianStaff, kNow).status();
  };
  EXPECT_THAT(set({.id = ""}), StatusIs(StatusCode::kInvalidArgument, HasSubstr("field id")));
  EXPECT_THAT(set({.id = "Elderly 60"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("a-z, 0-9 and _")));
  EXPECT_THAT(set({.id = "x", .price = -1}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field price")));
  EXPECT_THAT(set({.id = "x",
                   .subsidies = {{.payer = "区", .per_meal = 1}, {.payer = "区", .per_meal = 2}}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field subsidies[1].payer")));
  EXPECT_THAT(set({.id = "x", .subsidies = {{.payer = "", .per_meal = 1}}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field subsidies[0].payer")));
  EXPECT_THAT(RecordCost(*store_, canteen_, {D("2026-05-01"), "bribes", 1, ""}, kHailian,
                         kHailianStaff, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field kind")));
  EXPECT_THAT(RecordLumpSumSubsidy(*store_, canteen_, {D("2026-05-01"), "", 1, ""}, kHailian,
                                   kHailianStaff, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field payer")));
  ASSERT_OK_AND_ASSIGN(std::vector<store::CanteenGroupRow> none,
                       DinerGroupsOn(*store_, canteen_, kToday, kHailian));
  EXPECT_TRUE(none.empty());
}

TEST_F(CanteenServiceTest, CsvImportChecksEveryRowFirst) {
  RecordWorkedExample();
  const int64_t old = MakeResident(kHailian, D("1950-03-01"));
  const std::string good =
      "date,group,meals,resident_id\n"
      "2026-06-01,public,20,\n"
      "2026-06-01,elderly_60,1," +
      std::to_string(old) + "\n2026-06-02,public,18,\n";
  ASSERT_OK_AND_ASSIGN(MealImport report, ImportMealsCsv(*store_, canteen_, "june.csv", good,
                                                         kToday, kHailian, kHailianStaff, kNow));
  EXPECT_EQ(report.rows, 3);
  EXPECT_EQ(report.meals, 39);

  auto import = [&](const std::string& text) {
    return ImportMealsCsv(*store_, canteen_, "bad.csv", text, kToday, kHailian, kHailianStaff, kNow)
        .status();
  };
  EXPECT_THAT(import("date,group,meals\n2026-06-03,public,5\n2026-06-03,public,five\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("bad.csv:3: column meals: \"five\" is not a whole number")));
  EXPECT_THAT(import("date,group,meals\n2026-06-03,public,5\n2026-06-31,public,5\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("bad.csv:3: column date")));
  EXPECT_THAT(import("date,group,meals\n2026-06-03,public,5\n2026-06-03,vip,5\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("bad.csv:3: column group")));
  EXPECT_THAT(import("date,group\n2026-06-03,public\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("bad.csv:1: missing column")));
  EXPECT_THAT(import("date,group,meals\n2026-06-03,public\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("bad.csv:2:")));
  EXPECT_THAT(import(""), StatusIs(StatusCode::kInvalidArgument, HasSubstr("empty")));
  ASSERT_OK_AND_ASSIGN(CanteenFinances june, CanteenFinancesFor(*store_, canteen_, D("2026-06-01"),
                                                                D("2026-06-30"), kHailian));
  EXPECT_EQ(june.report.meals, 39) << "no row of a refused file is stored";
}

// The worked example as one history in the caller's transaction: the same
// report, one audit record, synthetic rows.
TEST_F(CanteenServiceTest, AHistoryInOneTransactionGivesTheWorkedExample) {
  CanteenHistory h;
  h.groups = {{.id = "elderly_60",
               .name = "60岁以上老人",
               .eligible_elderly = true,
               .price = 1200,
               .subsidies = {{.payer = "区民政局", .per_meal = 300}},
               .valid_from = D("2026-01-01")},
              {.id = "public", .name = "其他居民", .price = 1500, .valid_from = D("2026-01-01")}};
  for (int d = 0; d < 30; ++d) {
    h.meals.push_back({.date = D("2026-04-01").AddDays(d), .group = "elderly_60", .meals = 60});
    h.meals.push_back({.date = D("2026-04-01").AddDays(d), .group = "public", .meals = 20});
  }
  h.costs = {{D("2026-03-20"), "food_per_meal", 900, "食材"},
             {D("2026-04-01"), "staff", 1'200'000, ""},
             {D("2026-04-01"), "rent", 300'000, ""},
             {D("2026-04-30"), "utilities", 150'000, ""}};
  h.lump_sums = {{D("2026-04-15"), "街道办事处", 100'000, "运营补贴"}};
  ASSERT_OK(store_->Write([&](store::Writer& w) {
    return RecordCanteenHistory(w, canteen_, h, kToday, /*synthetic=*/true, kHailian, kHailianStaff,
                                kNow);
  }));
  EXPECT_EQ(AuditCount("canteen_meal"), 1);
  ASSERT_OK_AND_ASSIGN(CanteenFinances f, CanteenFinancesFor(*store_, canteen_, D("2026-04-01"),
                                                             D("2026-04-30"), kHailian));
  EXPECT_EQ(f.report.meals, 2400);
  EXPECT_EQ(f.report.revenue, 3'060'000);
  EXPECT_EQ(f.report.subsidy, 540'000 + 100'000);
  EXPECT_EQ(f.report.cost, 3'810'000);
  for (const store::CanteenGroupRow& g : f.groups) EXPECT_TRUE(g.synthetic);
}

TEST_F(CanteenServiceTest, AHistoryWithABadEntryNamesItAndWritesNothing) {
  CanteenHistory h;
  h.groups = {{.id = "public", .price = 1500, .valid_from = D("2026-01-01")}};
  h.meals = {{.date = D("2026-04-01"), .group = "public", .meals = 20},
             {.date = D("2026-04-01"), .group = "elderly_60", .meals = 60}};
  auto record = [&](const CanteenHistory& history) {
    return store_->Write([&](store::Writer& w) {
      return RecordCanteenHistory(w, canteen_, history, kToday, true, kHailian, kHailianStaff,
                                  kNow);
    });
  };
  EXPECT_THAT(record(h),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("field meals[1].group: no diner group \"elderly_60\"")));
  h.meals.pop_back();
  h.meals.push_back({.date = D("2026-07-02"), .group = "public", .meals = 1});
  EXPECT_THAT(record(h), StatusIs(StatusCode::kInvalidArgument,
                                  HasSubstr("field meals[1].date: 2026-07-02 is in the future")));
  h.meals.pop_back();
  h.meals.push_back({.date = D("2026-04-02"), .group = "public", .meals = 1, .resident_id = 7});
  EXPECT_THAT(record(h),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field meals[1].resident_id")));
  h.meals.pop_back();
  h.costs = {{D("2026-04-01"), "salary", 100, ""}};
  EXPECT_THAT(record(h), StatusIs(StatusCode::kInvalidArgument,
                                  HasSubstr("costs[0]: field kind: \"salary\" is not one of")));
  h.costs.clear();
  h.groups[0].price = -1;
  EXPECT_THAT(record(h),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("groups[0]: field price")));
  EXPECT_EQ(AuditCount("canteen_meal"), 0);
  ASSERT_OK_AND_ASSIGN(std::vector<store::CanteenGroupRow> groups,
                       DinerGroupsOn(*store_, canteen_, D("2026-04-01"), kHailian));
  EXPECT_TRUE(groups.empty());
}

}  // namespace
}  // namespace alley::services

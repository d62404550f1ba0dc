#include "registry/residents.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <map>

#include "core/id_number.h"
#include "registry/test_util.h"
#include "registry/units.h"

namespace alley::registry {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr std::string_view kHailian = "320706006010";
constexpr std::string_view kXinghua = "320706006009";

core::Date Day(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

std::string Id(int year, int month, int day, int sequence, core::Sex sex) {
  return *core::MakeIdNumber("320706", Day(year, month, day), sequence, sex);
}

const core::Sex kMale = core::Sex::kMale;
const core::Sex kFemale = core::Sex::kFemale;

// The Hailian ledger of these tests, imported through the CSV import: three
// households in two compounds, two residents without one (born a day apart
// around an 80th birthday) and one born on 29 February.
class ResidentsTest : public testing::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    ASSERT_OK(ImportDivisions(*store_, WriteDivisions()));
    ImportOptions options;
    options.unit_code = std::string(kHailian);
    options.today = today_;
    options.effective = Day(2026, 1, 1);
    std::string roster =
        "household,relation,name,id_number,phone,compound,building,entrance,room,tags,"
        "employment,insurance\n"
        "0001,head,王建国," +
        Id(1950, 3, 1, 11, kMale) +
        ",13812345678,海连新村,3,1,301,veteran,retired,employee\n"
        "0001,spouse,李秀英," +
        Id(1952, 7, 9, 12, kFemale) +
        ",,海连新村,3,1,301,,retired,resident\n"
        "0002,head,赵敏," +
        Id(1938, 1, 20, 13, kFemale) +
        ",,盐河小区,7,2,102,独居老人;veteran,retired,resident\n"
        "0003,head,陈骁," +
        Id(1995, 5, 5, 14, kMale) +
        ",15900001111,盐河小区,8,1,601,,delivery_rider,none\n"
        "0003,child,陈小宝," +
        Id(2024, 2, 29, 15, kMale) +
        ",,盐河小区,8,1,601,,none,resident\n"
        ",,周桂兰," +
        Id(1946, 6, 30, 16, kFemale) +
        ",,,,,,,retired,resident\n"
        ",,吴德明," +
        Id(1946, 7, 1, 17, kMale) +
        ",,,,,,disability,ride_hailing_driver,flexible\n"
        ",,钱芳," +
        Id(1948, 2, 29, 18, kFemale) + ",,,,,,,retired,resident\n";
    ASSERT_OK(ImportResidents(*store_, "roster.csv", roster, options));
    // 星化: someone the Hailian scope must never see.
    options.unit_code = std::string(kXinghua);
    ASSERT_OK(ImportResidents(
        *store_, "xinghua.csv",
        "name,id_number,employment\n王五," + Id(1990, 1, 1, 19, kMale) + ",delivery_rider\n",
        options));
    ids_ = IdsByName(Query());
  }

  ResidentListQuery Query() {
    ResidentListQuery q;
    q.unit_code = std::string(kHailian);
    q.as_of = today_;
    q.page_size = 100;
    return q;
  }

  std::vector<std::string> Names(const ResidentListQuery& q, int64_t* total = nullptr) {
    std::vector<std::string> names;
    StatusOr<ResidentList> list = ListResidents(*store_, q);
    EXPECT_OK(list);
    if (!list.ok()) return names;
    for (const ResidentItem& item : list->items) names.push_back(item.name);
    if (total != nullptr) *total = list->total;
    return names;
  }

  std::map<std::string, ResidentItem> IdsByName(const ResidentListQuery& q) {
    std::map<std::string, ResidentItem> by_name;
    StatusOr<ResidentList> list = ListResidents(*store_, q);
    EXPECT_OK(list);
    if (list.ok()) {
      for (ResidentItem& item : list->items) by_name[item.name] = item;
    }
    return by_name;
  }

  const ResidentItem& Item(const std::string& name) { return ids_.at(name); }

  const core::Date today_ = Day(2026, 6, 30);
  std::map<std::string, ResidentItem> ids_;
};

TEST_F(ResidentsTest, DefaultOrderIsCommunityHouseholdNumberThenId) {
  int64_t total = 0;
  EXPECT_THAT(Names(Query(), &total), ElementsAre("周桂兰", "吴德明", "钱芳", "王建国", "李秀英",
                                                  "赵敏", "陈骁", "陈小宝"));
  EXPECT_EQ(total, 8);
}

TEST_F(ResidentsTest, ItemsCarryWhatTheApiShows) {
  const ResidentItem& wang = Item("王建国");
  EXPECT_EQ(wang.id_number_masked, core::MaskIdNumber(Id(1950, 3, 1, 11, kMale)));
  EXPECT_EQ(wang.phone_masked, "138****5678");
  EXPECT_EQ(wang.sex, "male");
  EXPECT_EQ(wang.birth_date, Day(1950, 3, 1));
  EXPECT_EQ(wang.age, 76);
  EXPECT_EQ(wang.unit_code, "320706006010001");
  EXPECT_EQ(wang.unit_name, "海连新村");
  EXPECT_EQ(wang.community_code, kHailian);
  EXPECT_TRUE(wang.household_id.has_value());
  EXPECT_EQ(wang.household_number, "0001");
  EXPECT_EQ(wang.relation, "head");
  EXPECT_EQ(wang.building, "3");
  EXPECT_EQ(wang.entrance, "1");
  EXPECT_EQ(wang.room, "301");
  EXPECT_EQ(wang.registration, "registered");
  EXPECT_THAT(wang.tags, ElementsAre("veteran"));
  EXPECT_EQ(wang.employment, "retired");
  EXPECT_EQ(wang.insurance, "employee");
  EXPECT_EQ(wang.status, "active");
  EXPECT_FALSE(wang.synthetic);
  EXPECT_EQ(wang.valid_from, Day(2026, 1, 1));
  EXPECT_GT(wang.version, 0);
  EXPECT_THAT(Item("赵敏").tags, ElementsAre("living_alone", "veteran"));
  EXPECT_EQ(Item("周桂兰").household_number, "");
  EXPECT_EQ(Item("周桂兰").unit_name, "海连社区居委会");
}

TEST_F(ResidentsTest, PagesPastTheEndAreEmptyWithTheTotal) {
  ResidentListQuery q = Query();
  q.page_size = 3;
  q.page = 3;
  int64_t total = 0;
  EXPECT_THAT(Names(q, &total), ElementsAre("陈骁", "陈小宝"));
  EXPECT_EQ(total, 8);
  q.page = 4;
  EXPECT_THAT(Names(q, &total), IsEmpty());
  EXPECT_EQ(total, 8);
  q.page = std::numeric_limits<int64_t>::max();  // no overflow
  EXPECT_THAT(Names(q, &total), IsEmpty());
  EXPECT_EQ(total, 8);
}

TEST_F(ResidentsTest, AgeBandsMeetAtBirthdays) {
  ResidentListQuery q = Query();
  q.age_band = "80+";
  EXPECT_THAT(Names(q), ElementsAre("周桂兰", "赵敏"));  // 80 today, 88
  q.age_band = "60-79";
  EXPECT_THAT(Names(q), ElementsAre("吴德明", "钱芳", "王建国", "李秀英"));
  q.age_band = "0-2";
  EXPECT_THAT(Names(q), ElementsAre("陈小宝"));
  q.age_band = "15-59";
  EXPECT_THAT(Names(q), ElementsAre("陈骁"));
  q.age_band = "3-5";
  EXPECT_THAT(Names(q), IsEmpty());
  // Born on 29 February 1948: 78 is reached on 1 March in a common year.
  q = Query();
  q.min_age = 78;
  q.max_age = 78;
  q.as_of = Day(2026, 2, 28);
  EXPECT_THAT(Names(q), IsEmpty());
  q.as_of = Day(2026, 3, 1);
  EXPECT_THAT(Names(q), ElementsAre("钱芳"));
  q = Query();
  q.min_age = 80;
  EXPECT_THAT(Names(q), ElementsAre("周桂兰", "赵敏"));
  q.min_age.reset();
  q.max_age = 79;
  EXPECT_THAT(Names(q), ElementsAre("吴德明", "钱芳", "王建国", "李秀英", "陈骁", "陈小宝"));
  q.max_age = 0;
  EXPECT_THAT(Names(q), IsEmpty());  // 陈小宝 is 2
  q.max_age = 150;
  q.min_age = 150;
  EXPECT_THAT(Names(q), IsEmpty());
  // A band and an age range narrow each other.
  q = Query();
  q.age_band = "60-79";
  q.min_age = 78;
  EXPECT_THAT(Names(q), ElementsAre("吴德明", "钱芳"));
}

TEST_F(ResidentsTest, FiltersAloneAndTogether) {
  ResidentListQuery q = Query();
  q.tags = {"veteran"};
  EXPECT_THAT(Names(q), ElementsAre("王建国", "赵敏"));
  q.tags = {"veteran", "独居老人"};
  EXPECT_THAT(Names(q), ElementsAre("赵敏"));
  q = Query();
  q.sex = "female";
  EXPECT_THAT(Names(q), ElementsAre("周桂兰", "钱芳", "李秀英", "赵敏"));
  q.sex = "男";
  EXPECT_THAT(Names(q), ElementsAre("吴德明", "王建国", "陈骁", "陈小宝"));
  q = Query();
  q.employment = "platform";
  EXPECT_THAT(Names(q), ElementsAre("吴德明", "陈骁"));
  q.employment = "外卖骑手";  // a Chinese name works too
  EXPECT_THAT(Names(q), ElementsAre("陈骁"));
  q = Query();
  q.text = "陈";
  EXPECT_THAT(Names(q), ElementsAre("陈骁", "陈小宝"));
  q.household_id = Item("陈骁").household_id;
  q.text.clear();
  EXPECT_THAT(Names(q), ElementsAre("陈骁", "陈小宝"));
  q = Query();
  q.unit_code = "320706006010002";  // 盐河小区
  EXPECT_THAT(Names(q), ElementsAre("赵敏", "陈骁", "陈小宝"));
  // Everything at once: retired women of 80 or more in 海连, veterans, named 赵.
  q = Query();
  q.sex = "female";
  q.age_band = "80+";
  q.employment = "retired";
  q.tags = {"veteran"};
  q.text = "赵";
  EXPECT_THAT(Names(q), ElementsAre("赵敏"));
  q.unit_code = "320706006010001";
  EXPECT_THAT(Names(q), IsEmpty());
}

TEST_F(ResidentsTest, AWholeIdNumberIsFoundThroughTheBlindIndex) {
  ResidentListQuery q = Query();
  q.text = " " + Id(1938, 1, 20, 13, kFemale) + " ";
  int64_t total = 0;
  EXPECT_THAT(Names(q, &total), ElementsAre("赵敏"));
  EXPECT_EQ(total, 1);
  // Someone of another community is not found from Hailian.
  q.text = Id(1990, 1, 1, 19, kMale);
  EXPECT_THAT(Names(q, &total), IsEmpty());
  EXPECT_EQ(total, 0);
  q.unit_code = "320706006";
  EXPECT_THAT(Names(q), ElementsAre("王五"));
  // A valid number nobody has.
  q.text = Id(1980, 1, 1, 99, kMale);
  EXPECT_THAT(Names(q, &total), IsEmpty());
}

TEST_F(ResidentsTest, EverySort) {
  ResidentListQuery q = Query();
  q.sort = "birth_date";
  EXPECT_THAT(Names(q), ElementsAre("赵敏", "周桂兰", "吴德明", "钱芳", "王建国", "李秀英", "陈骁",
                                    "陈小宝"));
  q.sort = "-birth_date";
  EXPECT_THAT(Names(q), ElementsAre("陈小宝", "陈骁", "李秀英", "王建国", "钱芳", "吴德明",
                                    "周桂兰", "赵敏"));
  q.sort = "id";
  EXPECT_THAT(Names(q).front(), "王建国");
  q.sort = "-id";
  EXPECT_THAT(Names(q).front(), "钱芳");
  q.sort = "name";  // by code point: 吴 U+5434, 周 U+5468, 李, 王, 赵, 钱, 陈 U+9648 (小 before 骁)
  EXPECT_THAT(Names(q), ElementsAre("吴德明", "周桂兰", "李秀英", "王建国", "赵敏", "钱芳",
                                    "陈小宝", "陈骁"));
  q.sort = "-name";
  EXPECT_EQ(Names(q).front(), "陈骁");
  q.sort = "unit";  // the community itself, then 海连新村 (001), then 盐河小区 (002)
  EXPECT_THAT(Names(q), ElementsAre("周桂兰", "吴德明", "钱芳", "王建国", "李秀英", "赵敏", "陈骁",
                                    "陈小宝"));
}

TEST_F(ResidentsTest, BadParametersAreNamed) {
  auto list = [&](auto change) {
    ResidentListQuery q = Query();
    change(q);
    return ListResidents(*store_, q).status();
  };
  EXPECT_THAT(
      list([](ResidentListQuery& q) { q.age_band = "90+"; }),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter age_band: unknown band")));
  EXPECT_THAT(list([](ResidentListQuery& q) { q.sort = "age"; }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter sort: unknown order")));
  EXPECT_THAT(list([](ResidentListQuery& q) { q.tags = {"rich"}; }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter tag: unknown tag")));
  EXPECT_THAT(list([](ResidentListQuery& q) { q.sex = "x"; }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter sex:")));
  EXPECT_THAT(list([](ResidentListQuery& q) { q.employment = "pilot"; }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter employment: unknown")));
  EXPECT_THAT(
      list([](ResidentListQuery& q) { q.min_age = -1; }),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter min_age: must be 0..150")));
  EXPECT_THAT(
      list([](ResidentListQuery& q) { q.max_age = 151; }),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter max_age: must be 0..150")));
  EXPECT_THAT(list([](ResidentListQuery& q) {
                q.min_age = 60;
                q.max_age = 59;
              }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter min_age")));
  EXPECT_THAT(list([](ResidentListQuery& q) { q.household_id = 0; }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter household")));
  EXPECT_THAT(
      list([](ResidentListQuery& q) { q.page = 0; }),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter page: must be 1 or more")));
  EXPECT_THAT(
      list([](ResidentListQuery& q) { q.page_size = 0; }),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter page_size: must be 1..500")));
  EXPECT_THAT(list([](ResidentListQuery& q) { q.page_size = 501; }),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("parameter page_size: must be 1..500")));
  EXPECT_THAT(list([](ResidentListQuery& q) { q.unit_code = "320706006099"; }),
              StatusIs(StatusCode::kNotFound));
  EXPECT_OK(list([](ResidentListQuery& q) { q.page_size = 500; }));
}

TEST_F(ResidentsTest, GetByIdWithHistoryInsideTheScopeOnly) {
  const int64_t id = Item("王建国").id;
  ASSERT_OK_AND_ASSIGN(ResidentDetail d, GetResidentById(*store_, id, today_));
  EXPECT_EQ(d.resident.name, "王建国");
  EXPECT_EQ(d.resident.version, Item("王建国").version);
  ASSERT_EQ(d.history.size(), 1u);
  EXPECT_EQ(d.history[0].change, "register");
  EXPECT_TRUE(d.history[0].phone.empty());
  EXPECT_EQ(d.history[0].phone_masked, "138****5678");
  EXPECT_OK(GetResidentById(*store_, id, today_, "320706006010001"));
  EXPECT_THAT(GetResidentById(*store_, id, today_, "320706006010002"),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(GetResidentById(*store_, id, today_, kXinghua), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(GetResidentById(*store_, 9999, today_), StatusIs(StatusCode::kNotFound));
  // Before the registration there is no record in force.
  EXPECT_THAT(GetResidentById(*store_, id, Day(2025, 12, 31)), StatusIs(StatusCode::kNotFound));
}

NewResident Newcomer() {
  NewResident r;
  r.id_number = Id(1985, 10, 1, 21, kFemale);
  r.name = " 孙丽 ";
  r.unit_code = "320706006010002";
  r.household = "0009";
  r.relation = "head";
  r.phone = "13900001234";
  r.building = "9";
  r.room = "201";
  r.tags = {"disability"};
  r.employment = "ecommerce_livestreaming";
  r.insurance = "flexible";
  r.effective = Day(2026, 6, 1);
  return r;
}

TEST_F(ResidentsTest, CreateRegistersWithANewHousehold) {
  ASSERT_OK_AND_ASSIGN(ResidentItem r, CreateResident(*store_, Newcomer(), today_, kHailian));
  EXPECT_EQ(r.name, "孙丽");
  EXPECT_EQ(r.sex, "female");
  EXPECT_EQ(r.birth_date, Day(1985, 10, 1));
  EXPECT_EQ(r.household_number, "0009");
  EXPECT_EQ(r.unit_name, "盐河小区");
  EXPECT_EQ(r.phone_masked, "139****1234");
  EXPECT_THAT(r.tags, ElementsAre("disability"));
  EXPECT_EQ(r.valid_from, Day(2026, 6, 1));
  ResidentListQuery q = Query();
  q.employment = "platform";
  EXPECT_THAT(Names(q), ElementsAre("吴德明", "陈骁", "孙丽"));
  ASSERT_OK_AND_ASSIGN(UnitSummary s, SummarizeUnit(*store_, kHailian, today_));
  EXPECT_EQ(s.residents, 9);
  EXPECT_EQ(s.households, 4);
}

TEST_F(ResidentsTest, CreateValidatesLikeTheImport) {
  auto create = [&](auto change) {
    NewResident r = Newcomer();
    change(r);
    return CreateResident(*store_, r, today_, kHailian).status();
  };
  EXPECT_THAT(create([](NewResident& r) { r.id_number = "32070619851001021"; }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field id_number: ID number")));
  EXPECT_THAT(create([](NewResident& r) { r.id_number = Id(2027, 1, 1, 1, kMale); }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("in the future")));
  EXPECT_THAT(create([](NewResident& r) { r.name = ""; }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field name: empty")));
  EXPECT_THAT(create([](NewResident& r) { r.phone = "1381x234"; }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field phone:")));
  EXPECT_THAT(create([](NewResident& r) { r.tags = {"rich"}; }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field tags: unknown tag")));
  EXPECT_THAT(create([](NewResident& r) { r.employment = "pilot"; }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field employment: unknown value")));
  EXPECT_THAT(
      create([](NewResident& r) { r.household.clear(); }),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("field relation: a relation needs")));
  EXPECT_THAT(create([](NewResident& r) { r.note = std::string(201, 'x'); }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field note: longer than 200")));
  EXPECT_THAT(create([](NewResident& r) { r.effective = Day(1980, 1, 1); }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field effective")));
  EXPECT_THAT(create([](NewResident& r) { r.unit_code = "320706006099"; }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field unit: unit 320706006099")));
  EXPECT_THAT(create([](NewResident& r) { r.unit_code = ""; }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field unit: empty")));
  EXPECT_THAT(CreateResident(
                  *store_,
                  [] {
                    NewResident r = Newcomer();
                    r.unit_code = "320706006";
                    return r;
                  }(),
                  today_),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field unit: unit 320706006")));
  EXPECT_THAT(create([](NewResident& r) { r.unit_code = std::string(kXinghua); }),
              StatusIs(StatusCode::kPermissionDenied, HasSubstr("outside your scope")));
  EXPECT_THAT(create([](NewResident& r) { r.id_number = Id(1950, 3, 1, 11, kMale); }),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("field id_number")));
  // Even someone registered in another community.
  EXPECT_THAT(create([](NewResident& r) { r.id_number = Id(1990, 1, 1, 19, kMale); }),
              StatusIs(StatusCode::kAlreadyExists));
  // Nothing of the refused registrations was written.
  int64_t total = 0;
  Names(Query(), &total);
  EXPECT_EQ(total, 8);
}

TEST_F(ResidentsTest, UpdateRecordsADatedChangeAndRefusesAStaleVersion) {
  const ResidentItem& li = Item("李秀英");
  ResidentChange change;
  change.change = "update";
  change.effective = Day(2026, 6, 15);
  change.phone = "13700007777";
  change.tags = std::vector<std::string>{"subsistence"};
  ASSERT_OK_AND_ASSIGN(ResidentItem updated,
                       UpdateResident(*store_, li.id, li.version, change, kHailian));
  EXPECT_EQ(updated.phone_masked, "137****7777");
  EXPECT_THAT(updated.tags, ElementsAre("subsistence"));
  EXPECT_EQ(updated.valid_from, Day(2026, 6, 15));
  EXPECT_NE(updated.version, li.version);
  // The old token is stale now.
  change.note = "again";
  EXPECT_THAT(UpdateResident(*store_, li.id, li.version, change, kHailian),
              StatusIs(StatusCode::kAborted));
  // Dated before the latest change.
  change.effective = Day(2026, 6, 1);
  EXPECT_THAT(UpdateResident(*store_, li.id, updated.version, change, kHailian),
              StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK_AND_ASSIGN(ResidentDetail d, GetResidentById(*store_, li.id, today_));
  EXPECT_EQ(d.history.size(), 2u);
  EXPECT_EQ(d.resident.version, updated.version);
  // Out of scope: as if it did not exist.
  change.effective = today_;
  EXPECT_THAT(UpdateResident(*store_, li.id, updated.version, change, kXinghua),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(UpdateResident(*store_, 9999, 1, change), StatusIs(StatusCode::kNotFound));
}

TEST_F(ResidentsTest, UpdateMovesDeathsAndBadFields) {
  const ResidentItem& wu = Item("吴德明");
  ResidentChange move;
  move.change = "move";
  move.effective = Day(2026, 6, 1);
  move.household = "0002";  // 赵敏's, in 盐河小区
  move.relation = "other";
  ASSERT_OK_AND_ASSIGN(ResidentItem moved, UpdateResident(*store_, wu.id, wu.version, move));
  EXPECT_EQ(moved.household_number, "0002");
  EXPECT_EQ(moved.unit_code, "320706006010002");
  EXPECT_EQ(moved.building, "7");
  // A household number new to the community is created.
  move.household = "0042";
  move.effective = Day(2026, 6, 2);
  ASSERT_OK_AND_ASSIGN(moved, UpdateResident(*store_, wu.id, moved.version, move));
  EXPECT_EQ(moved.household_number, "0042");
  // Bad values name the field; nothing changes.
  ResidentChange bad;
  bad.change = "update";
  bad.effective = Day(2026, 6, 3);
  bad.employment = "pilot";
  EXPECT_THAT(UpdateResident(*store_, wu.id, moved.version, bad),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field employment")));
  bad = ResidentChange{.effective = Day(2026, 6, 3), .change = "update"};
  bad.unit_code = "320706006099";
  EXPECT_THAT(UpdateResident(*store_, wu.id, moved.version, bad),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field unit")));
  bad.unit_code = "320706006";
  EXPECT_THAT(UpdateResident(*store_, wu.id, moved.version, bad),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field unit")));
  bad.unit_code = std::string(kXinghua);  // outside the worker's scope
  EXPECT_THAT(UpdateResident(*store_, wu.id, moved.version, bad, kHailian),
              StatusIs(StatusCode::kPermissionDenied));
  bad = ResidentChange{.effective = Day(2026, 6, 3), .change = "adopt"};
  EXPECT_THAT(UpdateResident(*store_, wu.id, moved.version, bad),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field change: unknown change")));
  // Death, then nothing more.
  ResidentChange death{.effective = Day(2026, 6, 20), .change = "death"};
  ASSERT_OK_AND_ASSIGN(ResidentItem dead, UpdateResident(*store_, wu.id, moved.version, death));
  EXPECT_EQ(dead.status, "deceased");
  EXPECT_THAT(UpdateResident(*store_, wu.id, dead.version, death),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("deceased")));
  ResidentListQuery q = Query();
  EXPECT_EQ(IdsByName(q).count("吴德明"), 0u);
  q.include_inactive = true;
  EXPECT_EQ(IdsByName(q).at("吴德明").status, "deceased");
}

TEST_F(ResidentsTest, RemovedResidentsLeaveListsAndSummariesButKeepHistory) {
  const ResidentItem& chen = Item("陈骁");
  ASSERT_OK_AND_ASSIGN(UnitSummary before, SummarizeUnit(*store_, kHailian, today_));
  EXPECT_THAT(RemoveResident(*store_, chen.id, chen.version + 1000, today_),
              StatusIs(StatusCode::kAborted));
  EXPECT_THAT(RemoveResident(*store_, chen.id, chen.version, today_, kXinghua),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(RemoveResident(*store_, chen.id, chen.version, Day(2025, 12, 1)),
              StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK(RemoveResident(*store_, chen.id, chen.version, today_, kHailian));
  ResidentListQuery q = Query();
  EXPECT_EQ(IdsByName(q).count("陈骁"), 0u);
  q.include_inactive = true;
  EXPECT_EQ(IdsByName(q).count("陈骁"), 0u);
  q = Query();
  q.employment = "platform";
  EXPECT_THAT(Names(q), ElementsAre("吴德明"));
  ASSERT_OK_AND_ASSIGN(UnitSummary after, SummarizeUnit(*store_, kHailian, today_));
  EXPECT_EQ(after.residents, before.residents - 1);
  EXPECT_EQ(after.by_employment["delivery_rider"], before.by_employment["delivery_rider"] - 1);
  EXPECT_THAT(GetResidentById(*store_, chen.id, today_), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(RevealPersonalData(*store_, chen.id), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(RemoveResident(*store_, chen.id, chen.version, today_),
              StatusIs(StatusCode::kNotFound));
  // The history is kept, with the removal at its end.
  ASSERT_OK(store_->Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::ResidentVersion> history, r.ResidentHistory(chen.id));
    EXPECT_EQ(history.size(), 2u);
    EXPECT_EQ(history.back().change, "delete");
    EXPECT_EQ(history.back().status, "removed");
    return OkStatus();
  }));
  // Registering the same ID number again brings the entry back, under the same id.
  NewResident again = Newcomer();
  again.id_number = Id(1995, 5, 5, 14, kMale);
  again.name = "陈骁";
  again.household = "0003";
  again.relation.clear();
  again.effective = today_;
  ASSERT_OK_AND_ASSIGN(ResidentItem back, CreateResident(*store_, again, today_));
  EXPECT_EQ(back.id, chen.id);
  EXPECT_EQ(back.status, "active");
}

TEST_F(ResidentsTest, RevealGivesTheClearNumbersInsideTheScope) {
  const ResidentItem& wang = Item("王建国");
  ASSERT_OK_AND_ASSIGN(PersonalData data, RevealPersonalData(*store_, wang.id, kHailian));
  EXPECT_EQ(data.id_number, Id(1950, 3, 1, 11, kMale));
  EXPECT_EQ(data.phone, "13812345678");
  ASSERT_OK_AND_ASSIGN(data, RevealPersonalData(*store_, Item("李秀英").id));
  EXPECT_EQ(data.phone, "");
  EXPECT_THAT(RevealPersonalData(*store_, wang.id, kXinghua), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(RevealPersonalData(*store_, 9999), StatusIs(StatusCode::kNotFound));
}

}  // namespace
}  // namespace alley::registry

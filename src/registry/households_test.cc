#include "registry/households.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
constexpr std::string_view kNewVillage = "320706006010001";  // 海连新村
constexpr std::string_view kYanhe = "320706006010002";       // 盐河小区

core::Date Day(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

std::string Id(int year, int month, int day, int sequence, core::Sex sex) {
  return *core::MakeIdNumber("320706", Day(year, month, day), sequence, sex);
}

class HouseholdsTest : public testing::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    ASSERT_OK(ImportDivisions(*store_, WriteDivisions()));
    ImportOptions options;
    options.unit_code = std::string(kHailian);
    options.today = today_;
    options.effective = Day(2026, 1, 1);
    std::string roster =
        "household,relation,name,id_number,compound,building,entrance,room\n"
        "0001,head,王建国," +
        Id(1950, 3, 1, 11, core::Sex::kMale) +
        ",海连新村,3,1,301\n"
        "0001,spouse,李秀英," +
        Id(1952, 7, 9, 12, core::Sex::kFemale) +
        ",海连新村,3,1,301\n"
        "0002,head,赵敏," +
        Id(1938, 1, 20, 13, core::Sex::kFemale) +
        ",盐河小区,7,2,102\n"
        "0003,,陈骁," +
        Id(1995, 5, 5, 14, core::Sex::kMale) + ",盐河小区,8,1,601\n";
    ASSERT_OK(ImportResidents(*store_, "roster.csv", roster, options));
    options.unit_code = std::string(kXinghua);
    ASSERT_OK(ImportResidents(*store_, "xinghua.csv",
                              "household,relation,name,id_number\n0001,head,王五," +
                                  Id(1990, 1, 1, 19, core::Sex::kMale) + "\n",
                              options));
    ASSERT_OK_AND_ASSIGN(HouseholdList list, ListHouseholds(*store_, Query()));
    for (const HouseholdItem& h : list.items) by_number_[h.household.number] = h;
  }

  HouseholdListQuery Query() {
    HouseholdListQuery q;
    q.unit_code = std::string(kHailian);
    q.as_of = today_;
    return q;
  }

  std::vector<std::string> Numbers(const HouseholdListQuery& q, int64_t* total = nullptr) {
    std::vector<std::string> numbers;
    StatusOr<HouseholdList> list = ListHouseholds(*store_, q);
    EXPECT_OK(list);
    if (!list.ok()) return numbers;
    for (const HouseholdItem& h : list->items) numbers.push_back(h.household.number);
    if (total != nullptr) *total = list->total;
    return numbers;
  }

  const HouseholdItem& H(const std::string& number) { return by_number_.at(number); }

  const core::Date today_ = Day(2026, 6, 30);
  std::map<std::string, HouseholdItem> by_number_;
};

TEST_F(HouseholdsTest, ListShowsMembersHeadsAndPages) {
  int64_t total = 0;
  EXPECT_THAT(Numbers(Query(), &total), ElementsAre("0001", "0002", "0003"));
  EXPECT_EQ(total, 3);
  EXPECT_EQ(H("0001").members, 2);
  EXPECT_EQ(H("0001").head_name, "王建国");
  EXPECT_EQ(H("0001").unit_name, "海连新村");
  EXPECT_EQ(H("0001").household.building, "3");
  EXPECT_EQ(H("0001").household.community_code, kHailian);
  EXPECT_EQ(H("0003").head_name, "");  // no head recorded
  EXPECT_FALSE(H("0003").head_id.has_value());
  EXPECT_EQ(H("0001").household.version, 1);
  HouseholdListQuery q = Query();
  q.page_size = 2;
  q.page = 2;
  EXPECT_THAT(Numbers(q, &total), ElementsAre("0003"));
  EXPECT_EQ(total, 3);
  q.page = 3;
  EXPECT_THAT(Numbers(q, &total), IsEmpty());
  EXPECT_EQ(total, 3);
  q = Query();
  q.unit_code = std::string(kYanhe);
  EXPECT_THAT(Numbers(q), ElementsAre("0002", "0003"));
  q = Query();
  q.text = "赵";  // the head's name
  EXPECT_THAT(Numbers(q), ElementsAre("0002"));
  q.text = "02";  // the number
  EXPECT_THAT(Numbers(q), ElementsAre("0002"));
  q.text = "秀英";  // not the head
  EXPECT_THAT(Numbers(q), IsEmpty());
  q = Query();
  q.page_size = 501;
  EXPECT_THAT(ListHouseholds(*store_, q), StatusIs(StatusCode::kOutOfRange));
  q.page_size = 20;
  q.unit_code = "320706006099";
  EXPECT_THAT(ListHouseholds(*store_, q), StatusIs(StatusCode::kNotFound));
}

TEST_F(HouseholdsTest, GetHasTheMembersInsideTheScopeOnly) {
  ASSERT_OK_AND_ASSIGN(HouseholdDetail d,
                       GetHousehold(*store_, H("0001").household.id, today_, kHailian));
  EXPECT_EQ(d.household.household.number, "0001");
  ASSERT_EQ(d.members.size(), 2u);
  EXPECT_EQ(d.members[0].name, "王建国");
  EXPECT_EQ(d.members[1].name, "李秀英");
  EXPECT_THAT(GetHousehold(*store_, H("0001").household.id, today_, kXinghua),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(GetHousehold(*store_, H("0001").household.id, today_, kYanhe),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(GetHousehold(*store_, 9999, today_), StatusIs(StatusCode::kNotFound));
}

TEST_F(HouseholdsTest, CreateChecksTheNumberAndTheUnit) {
  NewHousehold n{.unit_code = std::string(kYanhe), .number = "0010", .building = "9"};
  ASSERT_OK_AND_ASSIGN(HouseholdItem created, CreateHousehold(*store_, n, today_, kHailian));
  EXPECT_EQ(created.household.community_code, kHailian);
  EXPECT_EQ(created.household.unit_code, kYanhe);
  EXPECT_EQ(created.members, 0);
  EXPECT_EQ(created.unit_name, "盐河小区");
  EXPECT_THAT(Numbers(Query()), ElementsAre("0001", "0002", "0003", "0010"));
  EXPECT_THAT(CreateHousehold(*store_, n, today_),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("field number")));
  n.number = " ";
  EXPECT_THAT(CreateHousehold(*store_, n, today_),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field number: empty")));
  n.number = "0011";
  n.room = std::string(300, '1');
  EXPECT_THAT(CreateHousehold(*store_, n, today_),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field room")));
  n.room.clear();
  n.unit_code = "320706006";
  EXPECT_THAT(CreateHousehold(*store_, n, today_),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field unit")));
  n.unit_code = "320706006099";
  EXPECT_THAT(CreateHousehold(*store_, n, today_),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field unit")));
  n.unit_code = std::string(kXinghua);
  EXPECT_THAT(CreateHousehold(*store_, n, today_, kHailian),
              StatusIs(StatusCode::kPermissionDenied));
  // 星化 keeps its own numbers: its 0001 is taken, its 0002 is free.
  n.number = "0001";
  EXPECT_THAT(CreateHousehold(*store_, n, today_), StatusIs(StatusCode::kAlreadyExists));
  n.number = "0002";
  EXPECT_OK(CreateHousehold(*store_, n, today_));
}

TEST_F(HouseholdsTest, UpdateMovesTheMembersAndRefusesAStaleVersion) {
  const HouseholdItem& h = H("0001");
  HouseholdUpdate u{
      .unit_code = std::string(kYanhe), .building = "12", .effective = Day(2026, 6, 1)};
  ASSERT_OK_AND_ASSIGN(HouseholdItem moved,
                       UpdateHousehold(*store_, h.household.id, h.household.version, u, kHailian));
  EXPECT_EQ(moved.household.unit_code, kYanhe);
  EXPECT_EQ(moved.household.building, "12");
  EXPECT_EQ(moved.household.room, "301");
  EXPECT_EQ(moved.household.version, h.household.version + 1);
  EXPECT_EQ(moved.members, 2);
  // The members' records followed, dated.
  ResidentListQuery q;
  q.unit_code = std::string(kYanhe);
  q.as_of = today_;
  ASSERT_OK_AND_ASSIGN(ResidentList in_yanhe, ListResidents(*store_, q));
  EXPECT_EQ(in_yanhe.total, 4);
  q.as_of = Day(2026, 5, 31);
  ASSERT_OK_AND_ASSIGN(in_yanhe, ListResidents(*store_, q));
  EXPECT_EQ(in_yanhe.total, 2);
  q.unit_code = std::string(kYanhe);
  q.as_of = today_;
  q.text = "王建国";
  ASSERT_OK_AND_ASSIGN(in_yanhe, ListResidents(*store_, q));
  ASSERT_EQ(in_yanhe.items.size(), 1u);
  EXPECT_EQ(in_yanhe.items[0].building, "12");
  // The old version is stale.
  EXPECT_THAT(UpdateHousehold(*store_, h.household.id, h.household.version, u),
              StatusIs(StatusCode::kAborted));
  // Another community's unit, a unit outside the scope, an unknown one.
  u.unit_code = std::string(kXinghua);
  EXPECT_THAT(UpdateHousehold(*store_, h.household.id, moved.household.version, u),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not in community")));
  EXPECT_THAT(UpdateHousehold(*store_, h.household.id, moved.household.version, u, kHailian),
              StatusIs(StatusCode::kPermissionDenied));
  u.unit_code = "320706006099";
  EXPECT_THAT(UpdateHousehold(*store_, h.household.id, moved.household.version, u),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field unit")));
  // A move dated before the members' latest change.
  u.unit_code = std::string(kNewVillage);
  u.effective = Day(2026, 5, 1);
  EXPECT_THAT(UpdateHousehold(*store_, h.household.id, moved.household.version, u),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(UpdateHousehold(*store_, h.household.id, moved.household.version, u, kXinghua),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(HouseholdsTest, DissolveOnlyAnEmptyHousehold) {
  const HouseholdItem& h = H("0003");
  EXPECT_THAT(DissolveHousehold(*store_, h.household.id, h.household.version, today_),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("1 active member")));
  // 陈骁 leaves the household.
  ResidentListQuery q;
  q.unit_code = std::string(kHailian);
  q.as_of = today_;
  q.text = "陈骁";
  ASSERT_OK_AND_ASSIGN(ResidentList chen, ListResidents(*store_, q));
  ASSERT_EQ(chen.items.size(), 1u);
  ResidentChange leave{.effective = Day(2026, 6, 1), .change = "move"};
  leave.household = "";
  ASSERT_OK(UpdateResident(*store_, chen.items[0].id, chen.items[0].version, leave));
  EXPECT_THAT(DissolveHousehold(*store_, h.household.id, h.household.version + 1, today_),
              StatusIs(StatusCode::kAborted));
  EXPECT_THAT(DissolveHousehold(*store_, h.household.id, h.household.version, today_, kXinghua),
              StatusIs(StatusCode::kNotFound));
  ASSERT_OK(DissolveHousehold(*store_, h.household.id, h.household.version, today_));
  EXPECT_THAT(Numbers(Query()), ElementsAre("0001", "0002"));
  EXPECT_THAT(GetHousehold(*store_, h.household.id, today_), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(DissolveHousehold(*store_, h.household.id, h.household.version + 1, today_),
              StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(UnitSummary s, SummarizeUnit(*store_, kHailian, today_));
  EXPECT_EQ(s.households, 2);
  // Its number stays taken; registering someone under it brings it back.
  EXPECT_THAT(
      CreateHousehold(*store_, {.unit_code = std::string(kYanhe), .number = "0003"}, today_),
      StatusIs(StatusCode::kAlreadyExists, HasSubstr("dissolved")));
  ResidentChange rejoin{.effective = today_, .change = "move"};
  rejoin.household = "0003";
  ASSERT_OK_AND_ASSIGN(ResidentList again, ListResidents(*store_, q));
  ASSERT_OK(UpdateResident(*store_, again.items[0].id, again.items[0].version, rejoin));
  EXPECT_THAT(Numbers(Query()), ElementsAre("0001", "0002", "0003"));
}

TEST_F(HouseholdsTest, AnImportIntoADissolvedHouseholdRevivesIt) {
  ResidentListQuery q;
  q.unit_code = std::string(kHailian);
  q.as_of = today_;
  q.text = "陈骁";
  ASSERT_OK_AND_ASSIGN(ResidentList chen, ListResidents(*store_, q));
  ResidentChange leave{.effective = Day(2026, 6, 1), .change = "move"};
  leave.household = "";
  ASSERT_OK(UpdateResident(*store_, chen.items.at(0).id, chen.items.at(0).version, leave));
  const HouseholdItem& h = H("0003");
  ASSERT_OK(DissolveHousehold(*store_, h.household.id, h.household.version, Day(2026, 6, 2)));
  ImportOptions options;
  options.unit_code = std::string(kHailian);
  options.today = today_;
  options.effective = Day(2026, 6, 3);
  ASSERT_OK(ImportResidents(*store_, "back.csv",
                            "household,name,id_number,compound,building,entrance,room\n0003,陈骁," +
                                Id(1995, 5, 5, 14, core::Sex::kMale) + ",盐河小区,8,1,601\n",
                            options));
  EXPECT_THAT(Numbers(Query()), ElementsAre("0001", "0002", "0003"));
}

}  // namespace
}  // namespace alley::registry

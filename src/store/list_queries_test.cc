// The list queries behind the HTTP API: residents, households, facilities and
// the children of a unit with their counts (store.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/id_number.h"
#include "core/status_matchers.h"
#include "store/store.h"

namespace alley::store {
namespace {

namespace fs = std::filesystem;
using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kHailian = "320706006010";
constexpr std::string_view kXinghua = "320706006009";
constexpr std::string_view kNewVillage = "320706006010001";  // 海连新村
constexpr std::string_view kYanhe = "320706006010002";       // 盐河小区

core::Date Day(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

UnitRow Unit(std::string_view code, std::string_view parent, core::UnitLevel level,
             std::string_view name) {
  UnitRow u;
  u.code = std::string(code);
  u.parent_code = std::string(parent);
  u.level = level;
  u.name = std::string(name);
  u.source = "test";
  return u;
}

std::vector<UnitRow> Tree() {
  return {Unit("0", "", core::UnitLevel::kNation, "中华人民共和国"),
          Unit("32", "0", core::UnitLevel::kProvince, "江苏省"),
          Unit("3207", "32", core::UnitLevel::kCity, "连云港市"),
          Unit("320706", "3207", core::UnitLevel::kCounty, "海州区"),
          Unit("320706006", "320706", core::UnitLevel::kStreet, "新海街道"),
          Unit(kXinghua, "320706006", core::UnitLevel::kCommunity, "星化社区居委会"),
          Unit(kHailian, "320706006", core::UnitLevel::kCommunity, "海连社区居委会"),
          Unit(kNewVillage, kHailian, core::UnitLevel::kCompound, "海连新村"),
          Unit(kYanhe, kHailian, core::UnitLevel::kCompound, "盐河小区")};
}

// One resident to add: what the tests vary.
struct Person {
  std::string name;
  core::Date birth;
  core::Sex sex = core::Sex::kMale;
  std::string_view unit = kNewVillage;
  std::optional<int64_t> household;
  std::string relation;
  uint32_t tags = 0;
  std::string employment = "employee";
  std::string phone;
};

class ListQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("alley_list_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "test.db").string();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  void Open() {
    ASSERT_OK_AND_ASSIGN(store_, OpenStore(path_));
    ASSERT_OK(store_->Write([](Writer& w) { return w.UpsertUnits(Tree()); }));
  }

  StatusOr<int64_t> AddHousehold(Writer& w, std::string number, std::string_view unit) {
    HouseholdRow h;
    h.community_code = std::string(unit.substr(0, 12));
    h.number = std::move(number);
    h.unit_code = std::string(unit);
    return w.InsertHousehold(h);
  }

  StatusOr<int64_t> AddPerson(Writer& w, const Person& p, core::Date from = Day(2026, 1, 1)) {
    ResidentIdentity who;
    ALLEY_ASSIGN_OR_RETURN(who.id_number,
                           core::MakeIdNumber("320706", p.birth, sequence_++, p.sex));
    who.sex = std::string(core::SexName(p.sex));
    who.birth_date = p.birth;
    ALLEY_ASSIGN_OR_RETURN(int64_t id, w.InsertResident(who));
    ResidentVersion v;
    v.resident_id = id;
    v.valid_from = from;
    v.change = "register";
    v.status = "active";
    v.name = p.name;
    v.phone = p.phone;
    v.community_code = std::string(p.unit.substr(0, 12));
    v.unit_code = std::string(p.unit);
    v.household_id = p.household;
    v.relation = p.relation;
    v.registration = "registered";
    v.tags = p.tags;
    v.employment = p.employment;
    v.insurance = "resident";
    ALLEY_RETURN_IF_ERROR(w.AddResidentVersion(v));
    return id;
  }

  // The ids of a resident page, in order.
  std::vector<int64_t> Ids(const ResidentQuery& q, int64_t* total = nullptr) {
    std::vector<int64_t> ids;
    EXPECT_OK(store_->Read([&](Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(ResidentPage page, r.ListResidents(q));
      for (const ResidentListRow& row : page.rows) ids.push_back(row.identity.id);
      if (total != nullptr) *total = page.total;
      return OkStatus();
    }));
    return ids;
  }

  ResidentQuery All() {
    ResidentQuery q;
    q.subtree_code = std::string(kHailian);
    q.as_of = Day(2026, 6, 30);
    q.limit = 100;
    return q;
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
  int sequence_ = 1;
};

// A small ledger: two households in 海连 (0002 in 海连新村, 0001 in 盐河小区),
// someone without a household, and one resident of 星化.
class ResidentListTest : public ListQueriesTest {
 protected:
  void SetUp() override {
    ListQueriesTest::SetUp();
    Open();
    ASSERT_OK(store_->Write([&](Writer& w) -> Status {
      ALLEY_ASSIGN_OR_RETURN(h2_, AddHousehold(w, "0002", kNewVillage));
      ALLEY_ASSIGN_OR_RETURN(h1_, AddHousehold(w, "0001", kYanhe));
      ALLEY_ASSIGN_OR_RETURN(wang_, AddPerson(w, {.name = "王建国",
                                                  .birth = Day(1950, 3, 1),
                                                  .household = h2_,
                                                  .relation = "head",
                                                  .tags = 0b10000,  // veteran
                                                  .employment = "retired",
                                                  .phone = "13812345678"}));
      ALLEY_ASSIGN_OR_RETURN(li_, AddPerson(w, {.name = "李秀英",
                                                .birth = Day(1952, 7, 9),
                                                .sex = core::Sex::kFemale,
                                                .household = h2_,
                                                .relation = "spouse",
                                                .employment = "retired"}));
      ALLEY_ASSIGN_OR_RETURN(zhao_, AddPerson(w, {.name = "赵敏",
                                                  .birth = Day(1938, 1, 20),
                                                  .sex = core::Sex::kFemale,
                                                  .unit = kYanhe,
                                                  .household = h1_,
                                                  .relation = "head",
                                                  .tags = 0b10001,  // living alone, veteran
                                                  .employment = "retired"}));
      ALLEY_ASSIGN_OR_RETURN(chen_, AddPerson(w, {.name = "陈骁",
                                                  .birth = Day(1995, 5, 5),
                                                  .unit = kYanhe,
                                                  .employment = "delivery_rider"}));
      ALLEY_ASSIGN_OR_RETURN(other_, AddPerson(w, {.name = "王五",
                                                   .birth = Day(1990, 1, 1),
                                                   .unit = kXinghua,
                                                   .employment = "ride_hailing_driver"}));
      return OkStatus();
    }));
  }

  int64_t h1_ = 0, h2_ = 0;
  int64_t wang_ = 0, li_ = 0, zhao_ = 0, chen_ = 0, other_ = 0;
};

TEST_F(ResidentListTest, DefaultOrderIsCommunityHouseholdNumberThenId) {
  int64_t total = 0;
  // No household first, then 0001 (赵敏), then 0002 (王建国, 李秀英).
  EXPECT_THAT(Ids(All(), &total), ElementsAre(chen_, zhao_, wang_, li_));
  EXPECT_EQ(total, 4);
  ResidentQuery nation = All();
  nation.subtree_code = "0";
  // 星化 (320706006009) sorts before 海连 (320706006010).
  EXPECT_THAT(Ids(nation), ElementsAre(other_, chen_, zhao_, wang_, li_));
}

TEST_F(ResidentListTest, PagesAndCountsInSql) {
  ResidentQuery q = All();
  q.limit = 2;
  q.offset = 2;
  int64_t total = 0;
  EXPECT_THAT(Ids(q, &total), ElementsAre(wang_, li_));
  EXPECT_EQ(total, 4);
  q.offset = 4;
  EXPECT_TRUE(Ids(q, &total).empty());
  EXPECT_EQ(total, 4);
  q.limit = -1;
  EXPECT_THAT(store_->Read([&](Reader& r) { return r.ListResidents(q).status(); }),
              StatusIs(StatusCode::kInvalidArgument));
}

// Totals are remembered between reads only while nothing was written, by
// this connection or another.
TEST_F(ResidentListTest, TotalsFollowEveryWrite) {
  int64_t total = 0;
  Ids(All(), &total);
  EXPECT_EQ(total, 4);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> other, OpenStore(path_));
  ASSERT_OK(other->Write([&](Writer& w) {
    return AddPerson(w, {.name = "孙一", .birth = Day(2000, 2, 2)}).status();
  }));
  Ids(All(), &total);
  EXPECT_EQ(total, 5);
  ASSERT_OK(store_->Write([&](Writer& w) {
    return AddPerson(w, {.name = "孙二", .birth = Day(2001, 2, 2)}).status();
  }));
  Ids(All(), &total);
  EXPECT_EQ(total, 6);
  // A write that fails leaves the totals as they were.
  EXPECT_THAT(store_->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(AddPerson(w, {.name = "孙三", .birth = Day(2002, 2, 2)}).status());
    return AbortedError("changed my mind");
  }),
              StatusIs(StatusCode::kAborted));
  Ids(All(), &total);
  EXPECT_EQ(total, 6);
  // Inside a write, a list counts what the write has done so far.
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(AddPerson(w, {.name = "孙四", .birth = Day(2003, 2, 2)}).status());
    ALLEY_ASSIGN_OR_RETURN(ResidentPage page, w.ListResidents(All()));
    EXPECT_EQ(page.total, 7);
    return OkStatus();
  }));
}

TEST_F(ResidentListTest, EachFilterAndTheirCombination) {
  ResidentQuery q = All();
  q.subtree_code = std::string(kYanhe);
  EXPECT_THAT(Ids(q), ElementsAre(chen_, zhao_));
  q = All();
  q.all_tags = 0b10000;
  EXPECT_THAT(Ids(q), ElementsAre(zhao_, wang_));
  q.all_tags = 0b10001;
  EXPECT_THAT(Ids(q), ElementsAre(zhao_));
  q = All();
  q.sex = "female";
  EXPECT_THAT(Ids(q), ElementsAre(zhao_, li_));
  q = All();
  q.born_from = Day(1950, 3, 1);
  q.born_to = Day(1952, 7, 9);
  EXPECT_THAT(Ids(q), ElementsAre(wang_, li_));
  q = All();
  q.employment = {"delivery_rider", "ride_hailing_driver"};
  EXPECT_THAT(Ids(q), ElementsAre(chen_));
  q = All();
  q.name_contains = "秀";
  EXPECT_THAT(Ids(q), ElementsAre(li_));
  q = All();
  q.household_id = h2_;
  EXPECT_THAT(Ids(q), ElementsAre(wang_, li_));
  q = All();
  q.resident_id = zhao_;
  EXPECT_THAT(Ids(q), ElementsAre(zhao_));
  // Together: female veterans born before 1950 in 海连.
  q = All();
  q.sex = "female";
  q.all_tags = 0b10000;
  q.born_to = Day(1949, 12, 31);
  q.employment = {"retired"};
  EXPECT_THAT(Ids(q), ElementsAre(zhao_));
  q.name_contains = "王";
  EXPECT_TRUE(Ids(q).empty());
}

TEST_F(ResidentListTest, EveryOrder) {
  ResidentQuery q = All();
  q.order = ResidentOrder::kId;
  EXPECT_THAT(Ids(q), ElementsAre(wang_, li_, zhao_, chen_));
  q.order = ResidentOrder::kIdDesc;
  EXPECT_THAT(Ids(q), ElementsAre(chen_, zhao_, li_, wang_));
  q.order = ResidentOrder::kBirthDate;
  EXPECT_THAT(Ids(q), ElementsAre(zhao_, wang_, li_, chen_));
  q.order = ResidentOrder::kBirthDateDesc;
  EXPECT_THAT(Ids(q), ElementsAre(chen_, li_, wang_, zhao_));
  // By code point: 李 U+674E, 王 U+738B, 赵 U+8D75, 陈 U+9648.
  q.order = ResidentOrder::kName;
  EXPECT_THAT(Ids(q), ElementsAre(li_, wang_, zhao_, chen_));
  q.order = ResidentOrder::kNameDesc;
  EXPECT_THAT(Ids(q), ElementsAre(chen_, zhao_, wang_, li_));
  q.order = ResidentOrder::kUnit;  // 海连新村 (001) before 盐河小区 (002)
  EXPECT_THAT(Ids(q), ElementsAre(wang_, li_, chen_, zhao_));
}

TEST_F(ResidentListTest, RowsCarryMaskedDataNamesAndTheNewestVersion) {
  ResidentQuery q = All();
  q.resident_id = wang_;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(ResidentPage page, r.ListResidents(q));
    EXPECT_EQ(page.total, 1);
    if (page.rows.size() != 1) return InternalError("expected one row");
    const ResidentListRow& row = page.rows[0];
    EXPECT_TRUE(row.identity.id_number.empty());  // never decrypted for a list
    EXPECT_THAT(row.identity.id_number_masked, ::testing::StartsWith("320706********"));
    EXPECT_TRUE(row.version.phone.empty());
    EXPECT_EQ(row.version.phone_masked, "138****5678");
    EXPECT_EQ(row.unit_name, "海连新村");
    EXPECT_EQ(row.household_number, "0002");
    EXPECT_EQ(row.identity.birth_date, Day(1950, 3, 1));
    EXPECT_EQ(row.version.name, "王建国");
    ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> latest, r.LatestResidentVersionId(wang_));
    EXPECT_EQ(latest, row.latest_version_id);
    return OkStatus();
  }));
}

TEST_F(ResidentListTest, NewestVersionIdChangesWithEveryVersionEvenAFutureOne) {
  std::optional<int64_t> before, after;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(before, r.LatestResidentVersionId(wang_));
    return OkStatus();
  }));
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<ResidentVersion> history, w.ResidentHistory(wang_));
    ResidentVersion v = history.back();
    v.valid_from = Day(2027, 1, 1);
    v.change = "update";
    v.note = "from next year";
    return w.AddResidentVersion(v);
  }));
  ResidentQuery q = All();
  q.resident_id = wang_;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(after, r.LatestResidentVersionId(wang_));
    ALLEY_ASSIGN_OR_RETURN(ResidentPage page, r.ListResidents(q));
    EXPECT_EQ(page.rows.at(0).version.note, "");  // the version in force today
    EXPECT_EQ(page.rows.at(0).latest_version_id, *after);
    ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> unknown, r.LatestResidentVersionId(9999));
    EXPECT_FALSE(unknown.has_value());
    return OkStatus();
  }));
  ASSERT_TRUE(before && after);
  EXPECT_NE(*before, *after);
}

TEST_F(ResidentListTest, RemovedEntriesAreNeverListedOrScanned) {
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<ResidentVersion> history, w.ResidentHistory(chen_));
    ResidentVersion v = history.back();
    v.valid_from = Day(2026, 3, 1);
    v.change = "delete";
    v.status = "removed";
    ALLEY_RETURN_IF_ERROR(w.AddResidentVersion(v));
    ALLEY_ASSIGN_OR_RETURN(history, w.ResidentHistory(zhao_));
    v = history.back();
    v.valid_from = Day(2026, 3, 1);
    v.change = "death";
    v.status = "deceased";
    return w.AddResidentVersion(v);
  }));
  EXPECT_THAT(Ids(All()), ElementsAre(wang_, li_));
  ResidentQuery q = All();
  q.include_inactive = true;
  EXPECT_THAT(Ids(q), ElementsAre(zhao_, wang_, li_));
  q.include_removed = true;
  EXPECT_THAT(Ids(q), ElementsAre(chen_, zhao_, wang_, li_));
  int scanned = 0;
  ASSERT_OK(store_->Read([&](Reader& r) {
    return r.ScanResidents({std::string(kHailian), Day(2026, 6, 30), true},
                           [&](const ResidentRow& row) {
                             EXPECT_NE(row.version.status, "removed");
                             ++scanned;
                             return OkStatus();
                           });
  }));
  EXPECT_EQ(scanned, 3);
}

TEST_F(ResidentListTest, FactsForSummaries) {
  std::map<std::string, int> by_employment;
  int women = 0, veterans = 0, synthetic = 0;
  std::string oldest = "9999";
  ASSERT_OK(store_->Read([&](Reader& r) {
    return r.ScanResidentFacts({std::string(kHailian), Day(2026, 6, 30), false, false},
                               [&](const ResidentFacts& f) {
                                 ++by_employment[std::string(f.employment)];
                                 if (f.sex == "female") ++women;
                                 if (f.tags & 0b10000) ++veterans;
                                 if (f.synthetic) ++synthetic;
                                 oldest = std::min(oldest, std::string(f.birth_date));
                                 return OkStatus();
                               });
  }));
  EXPECT_EQ(by_employment["retired"], 3);
  EXPECT_EQ(by_employment["delivery_rider"], 1);
  EXPECT_EQ(women, 2);
  EXPECT_EQ(veterans, 2);
  EXPECT_EQ(synthetic, 0);
  EXPECT_EQ(oldest, "1938-01-20");
  // The scan stops with the callback's error.
  EXPECT_THAT(store_->Read([&](Reader& r) {
    return r.ScanResidentFacts({std::string(kHailian), Day(2026, 6, 30), false, false},
                               [](const ResidentFacts&) { return AbortedError("enough"); });
  }),
              StatusIs(StatusCode::kAborted));
}

TEST_F(ResidentListTest, ResidentByIdDecrypts) {
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<ResidentIdentity> who, r.ResidentById(wang_));
    EXPECT_TRUE(who.has_value());
    if (!who) return OkStatus();
    EXPECT_EQ(who->id_number.size(), 18u);
    EXPECT_EQ(core::MaskIdNumber(who->id_number), who->id_number_masked);
    ALLEY_ASSIGN_OR_RETURN(std::optional<ResidentIdentity> none, r.ResidentById(9999));
    EXPECT_FALSE(none.has_value());
    // The blind index finds the id without decrypting; a final 'x' finds 'X'.
    ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> found, r.ResidentIdByIdNumber(who->id_number));
    EXPECT_EQ(found, wang_);
    ALLEY_ASSIGN_OR_RETURN(found, r.ResidentIdByIdNumber("11010519491231002X"));
    EXPECT_FALSE(found.has_value());
    return OkStatus();
  }));
}

TEST_F(ResidentListTest, HouseholdsWithMembersHeadsAndText) {
  HouseholdQuery q;
  q.subtree_code = std::string(kHailian);
  q.as_of = Day(2026, 6, 30);
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(HouseholdPage page, r.ListHouseholds(q));
    EXPECT_EQ(page.total, 2);
    if (page.rows.size() != 2) return InternalError("expected two households");
    EXPECT_EQ(page.rows[0].household.number, "0001");
    EXPECT_EQ(page.rows[0].members, 1);
    EXPECT_EQ(page.rows[0].head_name, "赵敏");
    EXPECT_EQ(page.rows[0].head_id, zhao_);
    EXPECT_EQ(page.rows[0].unit_name, "盐河小区");
    EXPECT_EQ(page.rows[1].household.number, "0002");
    EXPECT_EQ(page.rows[1].members, 2);
    EXPECT_EQ(page.rows[1].head_name, "王建国");
    q.text = "建国";  // the head's name
    ALLEY_ASSIGN_OR_RETURN(page, r.ListHouseholds(q));
    EXPECT_EQ(page.total, 1);
    q.text = "秀英";  // a member who is not the head
    ALLEY_ASSIGN_OR_RETURN(page, r.ListHouseholds(q));
    EXPECT_EQ(page.total, 0);
    q.text = "0001";
    ALLEY_ASSIGN_OR_RETURN(page, r.ListHouseholds(q));
    EXPECT_EQ(page.total, 1);
    q.text.clear();
    q.subtree_code = std::string(kNewVillage);
    ALLEY_ASSIGN_OR_RETURN(page, r.ListHouseholds(q));
    EXPECT_EQ(page.total, 1);
    q.household_id = h1_;
    ALLEY_ASSIGN_OR_RETURN(page, r.ListHouseholds(q));
    EXPECT_EQ(page.total, 0);  // h1 lives in 盐河小区
    q.subtree_code = std::string(kHailian);
    q.offset = 1;
    ALLEY_ASSIGN_OR_RETURN(page, r.ListHouseholds(q));
    EXPECT_EQ(page.total, 1);
    EXPECT_TRUE(page.rows.empty());
    ALLEY_ASSIGN_OR_RETURN(int64_t members, r.CountActiveMembersFrom(h2_, Day(2026, 6, 30)));
    EXPECT_EQ(members, 2);
    return OkStatus();
  }));
}

TEST_F(ResidentListTest, DissolvedHouseholdsLeaveTheListAndAMemberCanJoinLater) {
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<HouseholdRow> h, w.HouseholdById(h1_));
    h->dissolved_on = Day(2026, 5, 1);
    ALLEY_RETURN_IF_ERROR(w.UpdateHousehold(*h));
    // 陈骁 joins 0001 from next year on: a member from then.
    ALLEY_ASSIGN_OR_RETURN(std::vector<ResidentVersion> history, w.ResidentHistory(chen_));
    ResidentVersion v = history.back();
    v.valid_from = Day(2027, 1, 1);
    v.household_id = h2_;
    return w.AddResidentVersion(v);
  }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<HouseholdRow> h, r.HouseholdById(h1_));
    EXPECT_EQ(h->dissolved_on, Day(2026, 5, 1));
    EXPECT_EQ(h->version, 2);
    HouseholdQuery q;
    q.subtree_code = std::string(kHailian);
    q.as_of = Day(2026, 6, 30);
    ALLEY_ASSIGN_OR_RETURN(HouseholdPage page, r.ListHouseholds(q));
    EXPECT_EQ(page.total, 1);
    ALLEY_ASSIGN_OR_RETURN(int64_t members, r.CountActiveMembersFrom(h2_, Day(2026, 6, 30)));
    EXPECT_EQ(members, 3);  // 陈骁's later version counts
    return OkStatus();
  }));
}

TEST_F(ResidentListTest, ChildrenWithTheirOwnCounts) {
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<UnitChildRow> street,
                           r.ChildUnitsWithCounts("320706006", Day(2026, 6, 30)));
    EXPECT_EQ(street.size(), 2u);
    if (street.size() != 2) return OkStatus();
    EXPECT_EQ(street[0].unit.code, kXinghua);
    EXPECT_EQ(street[0].children, 0);
    EXPECT_EQ(street[0].residents, 1);
    EXPECT_EQ(street[1].unit.code, kHailian);
    EXPECT_EQ(street[1].children, 2);
    EXPECT_EQ(street[1].residents, 4);
    ALLEY_ASSIGN_OR_RETURN(std::vector<UnitChildRow> hailian,
                           r.ChildUnitsWithCounts(kHailian, Day(2026, 6, 30)));
    EXPECT_EQ(hailian.size(), 2u);
    if (hailian.size() == 2) {
      EXPECT_EQ(hailian[0].residents, 2);
      EXPECT_EQ(hailian[1].residents, 2);
    }
    // Before anyone was registered.
    ALLEY_ASSIGN_OR_RETURN(street, r.ChildUnitsWithCounts("320706006", Day(2025, 12, 31)));
    EXPECT_EQ(street.at(1).residents, 0);
    ALLEY_ASSIGN_OR_RETURN(std::vector<UnitChildRow> none,
                           r.ChildUnitsWithCounts(kNewVillage, Day(2026, 6, 30)));
    EXPECT_TRUE(none.empty());
    return OkStatus();
  }));
}

TEST_F(ListQueriesTest, FacilitiesInsertUpdateCloseAndPage) {
  Open();
  FacilityRow f;
  f.unit_code = std::string(kHailian);
  f.type = "nursery";
  f.name = "海连托育园";
  f.capacity = 60;
  int64_t id = 0;
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(id, w.InsertFacility(f));
    FacilityRow canteen = f;
    canteen.type = "senior_canteen";
    canteen.name = "长者食堂";
    canteen.unit_code = std::string(kNewVillage);
    ALLEY_RETURN_IF_ERROR(w.InsertFacility(canteen).status());
    EXPECT_THAT(w.InsertFacility(f), StatusIs(StatusCode::kAlreadyExists, HasSubstr("海连托育园")));
    return OkStatus();
  }));
  auto page_of = [&](FacilityQuery q) {
    StatusOr<FacilityPage> page = FacilityPage{};
    EXPECT_OK(store_->Read([&](Reader& r) -> Status {
      page = r.ListFacilityPage(q);
      return page.status();
    }));
    return page.ok() ? *page : FacilityPage{};
  };
  FacilityQuery q;
  q.subtree_code = std::string(kHailian);
  FacilityPage page = page_of(q);
  EXPECT_EQ(page.total, 2);
  ASSERT_EQ(page.rows.size(), 2u);
  EXPECT_EQ(page.rows[0].facility.name, "海连托育园");  // by unit code: the community first
  EXPECT_EQ(page.rows[0].unit_name, "海连社区居委会");
  q.type = "senior_canteen";
  EXPECT_EQ(page_of(q).total, 1);
  q.type.clear();
  q.text = "托育";
  EXPECT_EQ(page_of(q).total, 1);
  q.text.clear();
  q.limit = 1;
  q.offset = 1;
  page = page_of(q);
  EXPECT_EQ(page.total, 2);
  ASSERT_EQ(page.rows.size(), 1u);
  EXPECT_EQ(page.rows[0].facility.name, "长者食堂");

  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<FacilityRow> stored, w.FacilityById(id));
    EXPECT_EQ(stored->version, 1);
    stored->capacity = 80;
    stored->closed_on = Day(2026, 6, 1);
    ALLEY_RETURN_IF_ERROR(w.UpdateFacility(*stored));
    FacilityRow clash = *stored;
    clash.closed_on.reset();
    clash.unit_code = std::string(kNewVillage);
    clash.name = "长者食堂";
    EXPECT_THAT(w.UpdateFacility(clash), StatusIs(StatusCode::kAlreadyExists));
    FacilityRow missing = *stored;
    missing.id = 9999;
    EXPECT_THAT(w.UpdateFacility(missing), StatusIs(StatusCode::kNotFound));
    return OkStatus();
  }));
  q = FacilityQuery{};
  q.subtree_code = std::string(kHailian);
  EXPECT_EQ(page_of(q).total, 1);  // closed: gone from the page
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<FacilityRow> open, r.ListFacilities(kHailian));
    EXPECT_EQ(open.size(), 1u);
    ALLEY_ASSIGN_OR_RETURN(std::optional<FacilityRow> closed, r.FacilityById(id));
    EXPECT_EQ(closed->version, 2);
    EXPECT_EQ(closed->capacity, 80);
    EXPECT_EQ(closed->closed_on, Day(2026, 6, 1));
    return OkStatus();
  }));
  // Saving it again by unit and name reopens it.
  ASSERT_OK(store_->Write([&](Writer& w) { return w.UpsertFacility(f).status(); }));
  EXPECT_EQ(page_of(q).total, 2);
}

// A database made before migration 3 gets the copies the lists sort and
// filter on.
TEST_F(ListQueriesTest, MigrationThreeFillsTheListCopies) {
  std::vector<Migration> before_three;
  for (const Migration& m : SqliteMigrations()) {
    if (m.version < 3) before_three.push_back(m);
  }
  int64_t head = 0, spouse = 0;
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> old, OpenSqliteStore(path_, before_three));
    ASSERT_OK(old->Write([&](Writer& w) -> Status {
      ALLEY_RETURN_IF_ERROR(w.UpsertUnits(Tree()));
      ALLEY_ASSIGN_OR_RETURN(int64_t h, AddHousehold(w, "0007", kNewVillage));
      (void)h;
      ResidentIdentity who;
      who.id_number = *core::MakeIdNumber("320706", Day(1950, 1, 1), 1, core::Sex::kMale);
      who.sex = "male";
      who.birth_date = Day(1950, 1, 1);
      ALLEY_ASSIGN_OR_RETURN(spouse, w.InsertResident(who));
      who.id_number = *core::MakeIdNumber("320706", Day(1960, 1, 1), 2, core::Sex::kFemale);
      who.sex = "female";
      who.birth_date = Day(1960, 1, 1);
      ALLEY_ASSIGN_OR_RETURN(head, w.InsertResident(who));
      return OkStatus();
    }));
  }
  // Version rows as schema 2 holds them (its AddResidentVersion is gone).
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  std::string sql =
      "INSERT INTO resident_version (resident_id, valid_from, change, status, name, "
      "community_code, unit_code, household_id, registration, employment, insurance) VALUES "
      "(" +
      std::to_string(spouse) +
      ", '2026-01-01', 'register', 'active', '甲', '320706006010', '320706006010001', NULL, "
      "'registered', 'retired', 'resident'), (" +
      std::to_string(head) +
      ", '2026-01-01', 'register', 'active', '乙', '320706006010', '320706006010001', 1, "
      "'registered', 'retired', 'resident')";
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);

  ASSERT_OK_AND_ASSIGN(store_, OpenStore(path_));
  EXPECT_EQ(store_->SchemaVersion(), SqliteMigrations().back().version);
  ResidentQuery q = All();
  int64_t total = 0;
  EXPECT_THAT(Ids(q, &total), ElementsAre(spouse, head));  // no household, then 0007
  q.sex = "female";
  q.born_from = Day(1960, 1, 1);
  EXPECT_THAT(Ids(q), ElementsAre(head));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(ResidentPage page, r.ListResidents(q));
    EXPECT_EQ(page.rows.at(0).household_number, "0007");
    return OkStatus();
  }));
}

}  // namespace
}  // namespace alley::store

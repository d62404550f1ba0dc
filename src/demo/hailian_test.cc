#include "demo/hailian.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/division.h"
#include "core/geo.h"
#include "core/id_number.h"
#include "core/status_matchers.h"
#include "demo/demo_test_util.h"
#include "registry/vocabulary.h"
#include "store/store.h"

namespace alley::demo {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

const core::Date kAsOf = *core::Date::FromYmd(2026, 6, 30);
const std::string kCommunity(kHailianCode);

using testing::AddHierarchy;
using testing::TempStore;
using testing::Unit;

StatusOr<std::vector<store::ResidentRow>> Residents(store::Store& store,
                                                    std::string_view subtree = kHailianCode) {
  std::vector<store::ResidentRow> rows;
  Status s = store.Read([&](store::Reader& r) {
    return r.ScanResidents({std::string(subtree), kAsOf, false},
                           [&](const store::ResidentRow& row) -> Status {
                             rows.push_back(row);
                             return OkStatus();
                           });
  });
  if (!s.ok()) return s;
  return rows;
}

// Everything a resident's record says except store ids, one line each.
std::vector<std::string> Ledger(const std::vector<store::ResidentRow>& rows) {
  std::vector<std::string> out;
  for (const store::ResidentRow& row : rows) {
    const store::ResidentVersion& v = row.version;
    std::ostringstream line;
    line << row.identity.id_number << '|' << row.identity.sex << '|'
         << row.identity.birth_date.ToString() << '|' << v.valid_from.ToString() << '|' << v.name
         << '|' << v.phone << '|' << v.unit_code << '|' << v.relation << '|' << v.building << '|'
         << v.entrance << '|' << v.room << '|' << v.registration << '|' << v.tags << '|'
         << v.employment << '|' << v.insurance;
    out.push_back(line.str());
  }
  return out;
}

DemoOptions Options(uint64_t seed = 1, int residents = kHailianResidents) {
  DemoOptions options;
  options.seed = seed;
  options.as_of = kAsOf;
  options.residents = residents;
  return options;
}

bool HasTag(const store::ResidentRow& row, registry::ResidentTag tag) {
  return (row.version.tags & registry::TagBit(tag)) != 0;
}

// 1[3-9] and nine more digits.
bool IsMobileNumber(std::string_view phone) {
  if (phone.size() != 11 || phone[0] != '1' || phone[1] < '3' || phone[1] > '9') return false;
  for (char c : phone) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int Age(const store::ResidentRow& row) { return core::AgeOn(row.identity.birth_date, kAsOf); }

TEST(HailianDemoTest, MissingCommunityIsAFailedPrecondition) {
  TempStore store("missing");
  ASSERT_OK(AddHierarchy(*store, /*with_community=*/false));
  EXPECT_THAT(BuildHailianDemo(*store, Options()),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("unit 320706006010 not found: run `alley import divisions` "
                                 "first")));
  ASSERT_OK_AND_ASSIGN(auto rows, Residents(*store, core::kNationCode));
  EXPECT_TRUE(rows.empty());
}

TEST(HailianDemoTest, OptionsOutOfRangeAreInvalid) {
  TempStore store("options");
  ASSERT_OK(AddHierarchy(*store));
  EXPECT_THAT(BuildHailianDemo(*store, Options(1, 0)), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(BuildHailianDemo(*store, Options(1, kMaxDemoResidents + 1)),
              StatusIs(StatusCode::kInvalidArgument));
  DemoOptions old = Options();
  old.as_of = *core::Date::FromYmd(1990, 1, 1);
  EXPECT_THAT(BuildHailianDemo(*store, old), StatusIs(StatusCode::kInvalidArgument));
}

// One demo built once and read by the tests below.
class HailianTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = new TempStore("shared");
    ALLEY_CHECK(AddHierarchy(**store_).ok(), "hierarchy");
    auto report = BuildHailianDemo(**store_, Options());
    ALLEY_CHECK(report.ok(), report.status().ToString());
    report_ = *report;
    auto rows = Residents(**store_);
    ALLEY_CHECK(rows.ok(), rows.status().ToString());
    rows_ = new std::vector<store::ResidentRow>(*std::move(rows));
    for (const store::ResidentRow& row : *rows_) {
      households_[*row.version.household_id].push_back(&row);
    }
  }
  static void TearDownTestSuite() {
    delete rows_;
    delete store_;
    households_.clear();
  }

  static TempStore* store_;
  static DemoReport report_;
  static std::vector<store::ResidentRow>* rows_;
  static std::map<int64_t, std::vector<const store::ResidentRow*>> households_;
};
TempStore* HailianTest::store_ = nullptr;
DemoReport HailianTest::report_;
std::vector<store::ResidentRow>* HailianTest::rows_ = nullptr;
std::map<int64_t, std::vector<const store::ResidentRow*>> HailianTest::households_;

TEST_F(HailianTest, CreatesTheCommunityWithItsCompoundsBuildingsAndFacilities) {
  EXPECT_EQ(report_.seed, 1u);
  EXPECT_EQ(report_.residents, kHailianResidents);
  EXPECT_EQ(rows_->size(), static_cast<size_t>(kHailianResidents));
  EXPECT_EQ(report_.households, static_cast<int64_t>(households_.size()));
  EXPECT_EQ(report_.compounds, 5);

  std::vector<store::UnitRow> compounds;
  std::vector<store::BuildingRow> buildings;
  std::vector<store::FacilityRow> facilities;
  ASSERT_OK(store_->get()->Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(compounds, r.ChildUnits(kCommunity));
    ALLEY_ASSIGN_OR_RETURN(buildings, r.ListBuildings(kCommunity));
    ALLEY_ASSIGN_OR_RETURN(facilities, r.ListFacilities(kCommunity));
    return OkStatus();
  }));

  ASSERT_EQ(compounds.size(), 5u);
  std::map<std::string, core::LatLon> centres;
  std::set<std::string> names;
  for (int i = 0; i < 5; ++i) {
    const store::UnitRow& u = compounds[static_cast<size_t>(i)];
    EXPECT_EQ(u.code, core::ChildCode(kCommunity, i + 1));
    EXPECT_EQ(u.level, core::UnitLevel::kCompound);
    EXPECT_TRUE(u.synthetic);
    names.insert(u.name);
    ASSERT_TRUE(u.lat && u.lon) << u.name;
    centres[u.code] = core::LatLon{*u.lat, *u.lon};
    EXPECT_LT(core::HaversineMeters(centres[u.code], kHailianCentre), 600) << u.name;
  }
  EXPECT_EQ(names.size(), 5u) << "compound names are distinct";

  EXPECT_EQ(static_cast<int64_t>(buildings.size()), report_.buildings);
  EXPECT_GE(buildings.size(), 30u);
  for (const store::BuildingRow& b : buildings) {
    EXPECT_TRUE(b.synthetic);
    EXPECT_TRUE(b.floors == 6 || b.floors == 18 || b.floors == 26) << b.floors;
    ASSERT_TRUE(centres.contains(b.unit_code)) << b.unit_code;
    EXPECT_LT(core::HaversineMeters({b.lat, b.lon}, centres[b.unit_code]), 400) << b.name;
  }

  EXPECT_EQ(static_cast<int64_t>(facilities.size()), report_.facilities);
  std::map<std::string, const store::FacilityRow*> by_type;
  for (const store::FacilityRow& f : facilities) {
    EXPECT_TRUE(f.synthetic);
    EXPECT_TRUE(registry::ParseFacilityType(f.type).has_value()) << f.type;
    EXPECT_GT(f.staff, 0) << f.name;
    ASSERT_TRUE(f.lat && f.lon) << f.name;
    EXPECT_LT(core::HaversineMeters({*f.lat, *f.lon}, kHailianCentre), 700) << f.name;
    by_type[f.type] = &f;
  }
  for (const char* type : {"senior_canteen", "nursery", "health_station", "rider_rest_station",
                           "elderly_day_care", "service_centre"}) {
    ASSERT_TRUE(by_type.contains(type)) << type;
  }
  EXPECT_EQ(by_type["senior_canteen"]->name, "海连社区老年食堂");
  EXPECT_EQ(by_type["health_station"]->name, "海连社区卫生服务站");
  EXPECT_EQ(by_type["nursery"]->capacity, 60);
}

TEST_F(HailianTest, EveryRecordIsSyntheticActiveAndInForce) {
  std::set<std::string> compounds;
  for (int i = 1; i <= 5; ++i) compounds.insert(core::ChildCode(kCommunity, i));
  for (const store::ResidentRow& row : *rows_) {
    const store::ResidentVersion& v = row.version;
    ASSERT_TRUE(row.identity.synthetic);
    EXPECT_EQ(v.change, "register");
    EXPECT_EQ(v.status, "active");
    EXPECT_EQ(v.community_code, kCommunity);
    EXPECT_TRUE(compounds.contains(v.unit_code)) << v.unit_code;
    ASSERT_TRUE(v.household_id.has_value());
    EXPECT_LE(v.valid_from, kAsOf);
    EXPECT_GE(v.valid_from, row.identity.birth_date);
    EXPECT_FALSE(v.name.empty());
    EXPECT_TRUE(registry::ParseRelation(v.relation).has_value()) << v.relation;
    EXPECT_TRUE(registry::ParseRegistration(v.registration).has_value()) << v.registration;
    EXPECT_TRUE(registry::ParseEmploymentForm(v.employment).has_value()) << v.employment;
    EXPECT_TRUE(registry::ParseInsurance(v.insurance).has_value()) << v.insurance;
    EXPECT_EQ(v.tags & ~0x3Fu, 0u);
  }
}

TEST_F(HailianTest, IdNumbersAreValidUniqueAndAgreeWithTheRecord) {
  std::set<std::string> ids;
  std::set<std::string> phones;
  int registered = 0;
  int registered_here = 0;
  int resident_only = 0;
  for (const store::ResidentRow& row : *rows_) {
    auto parsed = core::ParseIdNumber(row.identity.id_number, kAsOf);
    ASSERT_OK(parsed) << row.identity.id_number;
    EXPECT_EQ(parsed->birth_date, row.identity.birth_date);
    EXPECT_EQ(core::SexName(parsed->sex), row.identity.sex);
    EXPECT_TRUE(ids.insert(row.identity.id_number).second) << "duplicate ID number";
    if (!row.version.phone.empty()) {
      EXPECT_TRUE(IsMobileNumber(row.version.phone)) << row.version.phone;
      EXPECT_TRUE(phones.insert(row.version.phone).second) << "duplicate phone";
    }
    if (row.version.registration == "registered") {
      ++registered;
      if (row.identity.id_number.starts_with("320706")) ++registered_here;
    } else {
      ++resident_only;
      EXPECT_FALSE(row.identity.id_number.starts_with("320706"));
    }
  }
  const double n = static_cast<double>(rows_->size());
  EXPECT_GT(static_cast<double>(phones.size()), 0.7 * n);
  // Most registered residents were born here; 15-25% live here registered elsewhere.
  EXPECT_GT(registered_here, registered * 6 / 10);
  EXPECT_GE(resident_only / n, 0.15);
  EXPECT_LE(resident_only / n, 0.25);
}

TEST_F(HailianTest, AgesAndSexesFollowTheJiangsuCensus) {
  int64_t census = 0;
  for (const CensusAgeGroup& g : JiangsuCensus2020()) census += g.male + g.female;
  const double n = static_cast<double>(rows_->size());
  // Each (age group, sex) cell holds its census share of the residents, to
  // within one person (the rounding).
  for (const CensusAgeGroup& g : JiangsuCensus2020()) {
    int male = 0;
    int female = 0;
    for (const store::ResidentRow& row : *rows_) {
      int age = Age(row);
      if (age < g.min_age || age > g.max_age) continue;
      (row.identity.sex == "male" ? male : female)++;
    }
    EXPECT_NEAR(male, n * static_cast<double>(g.male) / static_cast<double>(census), 1.0)
        << g.label;
    EXPECT_NEAR(female, n * static_cast<double>(g.female) / static_cast<double>(census), 1.0)
        << g.label;
  }
  auto census_share = [&](int from, int to) {
    int64_t people = 0;
    for (const CensusAgeGroup& g : JiangsuCensus2020()) {
      if (g.min_age >= from && g.max_age <= to) people += g.male + g.female;
    }
    return static_cast<double>(people) / static_cast<double>(census);
  };
  auto demo_share = [&](int from, int to) {
    int people = 0;
    for (const store::ResidentRow& row : *rows_) people += Age(row) >= from && Age(row) <= to;
    return people / n;
  };
  EXPECT_NEAR(demo_share(60, 200), census_share(60, 200), 0.02);
  EXPECT_NEAR(demo_share(80, 200), census_share(80, 200), 0.01);
  EXPECT_NEAR(demo_share(0, 14), census_share(0, 14), 0.02);
  for (const store::ResidentRow& row : *rows_) {
    ASSERT_GE(Age(row), 0);
    ASSERT_LE(Age(row), 104);
  }
}

TEST_F(HailianTest, HouseholdsHaveOneHeadAConsistentFamilyAndOneAddress) {
  int64_t people = 0;
  std::set<std::string> addresses;
  for (const auto& [id, members] : households_) {
    people += static_cast<int64_t>(members.size());
    EXPECT_GE(members.size(), 1u);
    EXPECT_LE(members.size(), 6u);
    const store::ResidentRow* head = nullptr;
    int heads = 0;
    bool has_adult = false;
    for (const store::ResidentRow* m : members) {
      if (m->version.relation == "head") {
        head = m;
        ++heads;
      }
      has_adult = has_adult || Age(*m) >= 18;
    }
    ASSERT_EQ(heads, 1) << "household " << id;
    EXPECT_TRUE(has_adult) << "household " << id;
    const int head_age = Age(*head);
    EXPECT_TRUE(addresses
                    .insert(head->version.unit_code + head->version.building +
                            head->version.entrance + head->version.room)
                    .second)
        << "two households in one flat";
    for (const store::ResidentRow* m : members) {
      const store::ResidentVersion& v = m->version;
      EXPECT_EQ(v.unit_code, head->version.unit_code);
      EXPECT_EQ(v.building, head->version.building);
      EXPECT_EQ(v.entrance, head->version.entrance);
      EXPECT_EQ(v.room, head->version.room);
      const int age = Age(*m);
      if (v.relation == "spouse") {
        EXPECT_LE(std::abs(age - head_age), 12) << v.name;
        EXPECT_NE(m->identity.sex, head->identity.sex) << v.name;
        // The legal minimum ages of marriage: 22 for men, 20 for women.
        EXPECT_GE(age, m->identity.sex == "male" ? 22 : 20) << v.name;
        EXPECT_GE(head_age, head->identity.sex == "male" ? 22 : 20) << v.name;
      } else if (v.relation == "child") {
        EXPECT_GE(head_age - age, 20) << v.name;
        EXPECT_LE(head_age - age, 45) << v.name;
      } else if (v.relation == "parent") {
        EXPECT_GE(age - head_age, 20) << v.name;
        EXPECT_LE(age - head_age, 45) << v.name;
      } else if (v.relation == "grandchild") {
        EXPECT_GE(head_age - age, 40) << v.name;
      } else if (v.relation == "child_in_law") {
        EXPECT_GE(age, 20) << v.name;
      }
    }
  }
  EXPECT_EQ(people, kHailianResidents);
  const double average = static_cast<double>(people) / static_cast<double>(households_.size());
  EXPECT_NEAR(average, kJiangsuPersonsPerHousehold, 0.2);
}

TEST_F(HailianTest, LivingAloneMarksExactlyTheElderlyWhoLiveAlone) {
  int elderly = 0;
  int alone = 0;
  for (const auto& [id, members] : households_) {
    for (const store::ResidentRow* m : members) {
      bool expected = Age(*m) >= 60 && members.size() == 1;
      EXPECT_EQ(HasTag(*m, registry::ResidentTag::kLivingAlone), expected)
          << m->version.name << " aged " << Age(*m) << " in a household of " << members.size();
      elderly += Age(*m) >= 60;
      alone += expected;
    }
  }
  EXPECT_GT(alone, elderly / 12);
  EXPECT_LT(alone, elderly / 5);
}

TEST_F(HailianTest, EmploymentIncludesPlatformWorkersAtTheSurveyShare) {
  std::map<std::string, int> by_form;
  int employed = 0;
  int platform = 0;
  for (const store::ResidentRow& row : *rows_) {
    auto form = registry::ParseEmploymentForm(row.version.employment);
    ASSERT_TRUE(form.has_value());
    ++by_form[row.version.employment];
    const int age = Age(row);
    if (age < 3) {
      EXPECT_EQ(*form, registry::EmploymentForm::kNone);
    } else if (age < 18) {
      EXPECT_EQ(*form, registry::EmploymentForm::kStudent);
    }
    if (*form == registry::EmploymentForm::kRetired) {
      EXPECT_GE(age, 50);
    }
    bool works = *form == registry::EmploymentForm::kEmployee ||
                 *form == registry::EmploymentForm::kSelfEmployed ||
                 registry::IsPlatformWork(*form);
    employed += works;
    platform += registry::IsPlatformWork(*form);
    if (registry::IsPlatformWork(*form)) {
      EXPECT_GE(age, 18);
      EXPECT_LT(age, 60);
    }
  }
  // 84 of the 402 million workers of the ACFTU survey (21%).
  EXPECT_NEAR(static_cast<double>(platform) / employed, 0.21, 0.03);
  for (const char* form :
       {"delivery_rider", "ride_hailing_driver", "ecommerce_livestreaming", "other_platform",
        "employee", "self_employed", "unemployed", "retired", "student", "none"}) {
    EXPECT_GT(by_form[form], 0) << form;
  }
  EXPECT_GT(by_form["retired"], by_form["unemployed"]);
}

TEST_F(HailianTest, CareTagsAreRareButPresent) {
  std::map<registry::ResidentTag, int> count;
  for (const store::ResidentRow& row : *rows_) {
    for (auto tag : {registry::ResidentTag::kDisability, registry::ResidentTag::kSubsistence,
                     registry::ResidentTag::kSpecialHardship, registry::ResidentTag::kVeteran,
                     registry::ResidentTag::kLeftBehindChild}) {
      count[tag] += HasTag(row, tag);
    }
    if (HasTag(row, registry::ResidentTag::kLeftBehindChild)) {
      EXPECT_LT(Age(row), 16);
      EXPECT_EQ(row.version.relation, "grandchild");
    }
    EXPECT_FALSE(HasTag(row, registry::ResidentTag::kSubsistence) &&
                 HasTag(row, registry::ResidentTag::kSpecialHardship));
  }
  const int n = kHailianResidents;
  EXPECT_GT(count[registry::ResidentTag::kDisability], n / 100);
  EXPECT_LT(count[registry::ResidentTag::kDisability], n / 20);
  EXPECT_GT(count[registry::ResidentTag::kVeteran], n / 100);
  EXPECT_LT(count[registry::ResidentTag::kVeteran], n / 15);
  EXPECT_GT(count[registry::ResidentTag::kSubsistence], 0);
  EXPECT_LT(count[registry::ResidentTag::kSubsistence], n / 50);
  EXPECT_GT(count[registry::ResidentTag::kLeftBehindChild], 0);
  EXPECT_LT(count[registry::ResidentTag::kLeftBehindChild], n / 50);
  EXPECT_LT(count[registry::ResidentTag::kSpecialHardship], n / 200);
}

TEST_F(HailianTest, SameSeedGivesTheSameLedgerAndAnotherSeedAnother) {
  TempStore again("again");
  ASSERT_OK(AddHierarchy(*again));
  ASSERT_OK(BuildHailianDemo(*again, Options()));
  ASSERT_OK_AND_ASSIGN(auto same, Residents(*again));
  EXPECT_TRUE(Ledger(same) == Ledger(*rows_)) << "the same seed must give the same ledger";

  TempStore other("other");
  ASSERT_OK(AddHierarchy(*other));
  ASSERT_OK_AND_ASSIGN(DemoReport report, BuildHailianDemo(*other, Options(7)));
  EXPECT_EQ(report.seed, 7u);
  EXPECT_EQ(report.residents, kHailianResidents);
  ASSERT_OK_AND_ASSIGN(auto different, Residents(*other));
  ASSERT_EQ(different.size(), rows_->size());
  std::set<std::string> first_ids;
  for (const auto& row : *rows_) first_ids.insert(row.identity.id_number);
  int shared = 0;
  for (const auto& row : different) shared += first_ids.contains(row.identity.id_number);
  EXPECT_LT(shared, 50) << "another seed must give other people";
}

TEST(HailianDemoTest, RefreshReplacesTheDemoAndKeepsRealRecords) {
  TempStore store("refresh");
  ASSERT_OK(AddHierarchy(*store));
  // A compound and a resident that a community worker entered by hand.
  const std::string real_compound = core::ChildCode(kCommunity, 1);
  ASSERT_OK((*store).Write([&](store::Writer& w) -> Status {
    store::UnitRow u = Unit(real_compound, kCommunity, core::UnitLevel::kCompound, "居民自建小区");
    ALLEY_RETURN_IF_ERROR(w.UpsertUnits({u}));
    store::ResidentIdentity who;
    ALLEY_ASSIGN_OR_RETURN(
        who.id_number,
        core::MakeIdNumber("320706", *core::Date::FromYmd(1950, 3, 4), 7, core::Sex::kFemale));
    who.sex = "female";
    who.birth_date = *core::Date::FromYmd(1950, 3, 4);
    store::ResidentVersion v;
    ALLEY_ASSIGN_OR_RETURN(v.resident_id, w.InsertResident(who));
    v.valid_from = *core::Date::FromYmd(2020, 1, 1);
    v.change = "register";
    v.status = "active";
    v.name = "真实居民";
    v.community_code = kCommunity;
    v.unit_code = real_compound;
    v.registration = "registered";
    v.employment = "retired";
    v.insurance = "employee";
    return w.AddResidentVersion(v);
  }));

  constexpr int kResidents = 2000;
  ASSERT_OK_AND_ASSIGN(DemoReport first, BuildHailianDemo(*store, Options(3, kResidents)));
  ASSERT_OK_AND_ASSIGN(auto before, Residents(*store));
  ASSERT_OK_AND_ASSIGN(DemoReport second, BuildHailianDemo(*store, Options(3, kResidents)));
  ASSERT_OK_AND_ASSIGN(auto after, Residents(*store));
  EXPECT_EQ(after.size(), static_cast<size_t>(kResidents) + 1);
  EXPECT_TRUE(Ledger(before) == Ledger(after));
  EXPECT_EQ(first.households, second.households);
  EXPECT_EQ(first.buildings, second.buildings);

  ASSERT_OK((*store).Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::UnitRow> children, r.ChildUnits(kCommunity));
    EXPECT_EQ(children.size(), 6u);  // the real compound and the demo's five
    if (!children.empty()) {
      EXPECT_EQ(children[0].name, "居民自建小区");
      EXPECT_FALSE(children[0].synthetic);
    }
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::BuildingRow> buildings, r.ListBuildings(kCommunity));
    EXPECT_EQ(static_cast<int64_t>(buildings.size()), second.buildings);
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::FacilityRow> facilities,
                           r.ListFacilities(kCommunity));
    EXPECT_EQ(static_cast<int64_t>(facilities.size()), second.facilities);
    ALLEY_ASSIGN_OR_RETURN(int64_t households, r.CountHouseholds(kCommunity, kAsOf));
    EXPECT_EQ(households, second.households);
    return OkStatus();
  }));
  int real = 0;
  for (const auto& row : after) real += !row.identity.synthetic;
  EXPECT_EQ(real, 1);
}

TEST(HailianDemoTest, AFailedRefreshLeavesThePreviousDemo) {
  TempStore store("failed");
  ASSERT_OK(AddHierarchy(*store));
  ASSERT_OK_AND_ASSIGN(DemoReport small, BuildHailianDemo(*store, Options(1, 300)));
  ASSERT_LT(small.households, 200);
  ASSERT_OK_AND_ASSIGN(auto before, Residents(*store));
  // A real household that takes a number the full demo needs.
  ASSERT_OK((*store).Write([&](store::Writer& w) -> Status {
    store::HouseholdRow h;
    h.community_code = kCommunity;
    h.number = "HL-0200";
    h.unit_code = kCommunity;
    return w.InsertHousehold(h).status();
  }));
  EXPECT_THAT(BuildHailianDemo(*store, Options(1)), StatusIs(StatusCode::kAlreadyExists));
  ASSERT_OK_AND_ASSIGN(auto after, Residents(*store));
  EXPECT_EQ(after.size(), 300u);
  EXPECT_TRUE(Ledger(before) == Ledger(after));
}

TEST(HailianDemoTest, AnyPopulationSizeIsExact) {
  TempStore store("sizes");
  ASSERT_OK(AddHierarchy(*store));
  for (int residents : {1, 2, 3, 10, 57, 1000}) {
    ASSERT_OK_AND_ASSIGN(DemoReport report, BuildHailianDemo(*store, Options(11, residents)));
    EXPECT_EQ(report.residents, residents);
    ASSERT_OK_AND_ASSIGN(auto rows, Residents(*store));
    EXPECT_EQ(rows.size(), static_cast<size_t>(residents));
    std::map<int64_t, int> heads;
    for (const auto& row : rows) heads[*row.version.household_id] += row.version.relation == "head";
    EXPECT_EQ(static_cast<int64_t>(heads.size()), report.households);
    for (const auto& [id, count] : heads) EXPECT_EQ(count, 1) << residents;
  }
}

TEST(HailianDemoTest, AgesAreWholeYearsOnTheReferenceDate) {
  // A leap day as the reference date.
  TempStore store("leap");
  ASSERT_OK(AddHierarchy(*store));
  DemoOptions options = Options(5, 2000);
  options.as_of = *core::Date::FromYmd(2028, 2, 29);
  ASSERT_OK(BuildHailianDemo(*store, options));
  std::vector<store::ResidentRow> rows;
  ASSERT_OK((*store).Read([&](store::Reader& r) {
    return r.ScanResidents({kCommunity, options.as_of, false}, [&](const store::ResidentRow& row) {
      rows.push_back(row);
      return OkStatus();
    });
  }));
  ASSERT_EQ(rows.size(), 2000u);
  int babies = 0;
  for (const auto& row : rows) {
    EXPECT_LE(row.identity.birth_date, options.as_of);
    EXPECT_LE(row.version.valid_from, options.as_of);
    babies += core::AgeOn(row.identity.birth_date, options.as_of) == 0;
  }
  EXPECT_GT(babies, 0);
}

// The embedded census table equals the shared data file, number for number.
TEST(HailianDemoTest, EmbeddedCensusEqualsTheSharedDataFile) {
  const char* shared = std::getenv("ALLEY_SHARED_DATA");
  if (shared == nullptr || *shared == '\0') {
    GTEST_SKIP() << "ALLEY_SHARED_DATA is not set";
  }
  std::filesystem::path path =
      std::filesystem::path(shared) / "census" / "census2020_5yr_age_sex_national_jiangsu.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is not there";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  ASSERT_EQ(line, "area,age_group,total,male,female");
  std::vector<std::vector<std::string>> jiangsu;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> fields;
    std::stringstream split(line);
    for (std::string f; std::getline(split, f, ',');) fields.push_back(f);
    ASSERT_EQ(fields.size(), 5u) << line;
    if (fields[0] == "江苏") jiangsu.push_back(fields);
  }
  std::span<const CensusAgeGroup> groups = JiangsuCensus2020();
  ASSERT_EQ(jiangsu.size(), groups.size() + 1) << "21 groups and the total";
  int64_t male = 0;
  int64_t female = 0;
  for (size_t i = 0; i < groups.size(); ++i) {
    EXPECT_EQ(jiangsu[i][1], groups[i].label);
    EXPECT_EQ(std::stoll(jiangsu[i][3]), groups[i].male) << groups[i].label;
    EXPECT_EQ(std::stoll(jiangsu[i][4]), groups[i].female) << groups[i].label;
    EXPECT_EQ(std::stoll(jiangsu[i][2]), groups[i].male + groups[i].female) << groups[i].label;
    male += groups[i].male;
    female += groups[i].female;
  }
  EXPECT_EQ(jiangsu.back()[1], "total");
  EXPECT_EQ(std::stoll(jiangsu.back()[3]), male);
  EXPECT_EQ(std::stoll(jiangsu.back()[4]), female);
  EXPECT_EQ(male + female, 84748016);
}

}  // namespace
}  // namespace alley::demo

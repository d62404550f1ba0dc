#include "store/childcare_store.h"

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

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

core::Date D(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

class ChildcareStoreTest : public StoreTest {
 protected:
  int64_t Facility(const std::string& unit, const std::string& name, bool synthetic = false) {
    FacilityRow f;
    f.unit_code = unit;
    f.type = "nursery";
    f.name = name;
    f.capacity = 50;
    f.synthetic = synthetic;
    int64_t id = 0;
    EXPECT_OK(store_->Write([&](Writer& w) -> Status {
      ALLEY_ASSIGN_OR_RETURN(id, w.InsertFacility(f));
      return OkStatus();
    }));
    return id;
  }

  int64_t Resident(const std::string& unit, core::Date birth, bool synthetic = false,
                   core::Date from = D(2020, 1, 1)) {
    ResidentIdentity identity;
    StatusOr<std::string> number = core::MakeIdNumber("320706", birth, next_++, core::Sex::kMale);
    EXPECT_OK(number);
    identity.id_number = *number;
    identity.sex = "male";
    identity.birth_date = birth;
    identity.synthetic = synthetic;
    int64_t id = 0;
    EXPECT_OK(store_->Write([&](Writer& w) -> Status {
      ALLEY_ASSIGN_OR_RETURN(id, w.InsertResident(identity));
      ResidentVersion v;
      v.resident_id = id;
      v.valid_from = std::max(from, birth);
      v.change = "register";
      v.status = "active";
      v.name = "孩子" + std::to_string(id);
      v.community_code = NurseryCommunityOf(unit);
      v.unit_code = unit;
      v.registration = "registered";
      v.employment = "none";
      v.insurance = "unknown";
      return w.AddResidentVersion(v);
    }));
    return id;
  }

  NurseryClassRow Class(int64_t facility, const std::string& unit, std::string name,
                        std::string type = "younger", int capacity = 10, int caregivers = 2) {
    NurseryClassRow c;
    c.facility_id = facility;
    c.unit_code = unit;
    c.community_code = NurseryCommunityOf(unit);
    c.name = std::move(name);
    c.type = std::move(type);
    c.capacity = capacity;
    c.caregivers = caregivers;
    c.opened_on = D(2025, 9, 1);
    return c;
  }

  int64_t InsertClass(const NurseryClassRow& c) {
    int64_t id = 0;
    EXPECT_OK(store_->Write([&](Writer& w) -> Status {
      ALLEY_ASSIGN_OR_RETURN(id, InsertNurseryClass(w, c));
      return OkStatus();
    }));
    return id;
  }

  NurseryEnrolmentRow Enrolment(const NurseryClassRow& c, int64_t class_id, int64_t resident,
                                core::Date applied, std::string state = "waiting") {
    NurseryEnrolmentRow e;
    e.class_id = class_id;
    e.facility_id = c.facility_id;
    e.unit_code = c.unit_code;
    e.community_code = c.community_code;
    e.resident_id = resident;
    e.applied_on = applied;
    e.state = std::move(state);
    if (e.state == "enrolled" || e.state == "withdrawn") e.enrolled_on = applied;
    return e;
  }

  int64_t InsertEnrolmentRow(const NurseryEnrolmentRow& e) {
    int64_t id = 0;
    EXPECT_OK(store_->Write([&](Writer& w) -> Status {
      ALLEY_ASSIGN_OR_RETURN(id, InsertNurseryEnrolment(w, e));
      return OkStatus();
    }));
    return id;
  }

  template <typename T, typename F>
  T ReadOne(F f) {
    T out{};
    EXPECT_OK(store_->Read([&](Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(out, f(r));
      return OkStatus();
    }));
    return out;
  }

  int next_ = 0;
};

TEST_F(ChildcareStoreTest, ClassesKeepTheirStaffingHistory) {
  const int64_t f = Facility(kCompound, "海连托育园");
  NurseryClassRow row = Class(f, kCompound, "小一班", "younger", 12, 2);
  const int64_t id = InsertClass(row);
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(SetNurseryCaregivers(w, id, D(2025, 10, 1), 3));
    ALLEY_RETURN_IF_ERROR(SetNurseryCaregivers(w, id, D(2025, 11, 1), 1));
    return SetNurseryCaregivers(w, id, D(2025, 11, 1), 2);  // the same day: replaced
  }));
  auto staffing =
      ReadOne<std::vector<NurseryStaffingRow>>([&](Reader& r) { return NurseryStaffing(r, id); });
  ASSERT_EQ(staffing.size(), 3u);
  EXPECT_EQ(staffing[2].caregivers, 2);

  auto got =
      ReadOne<std::optional<NurseryClassRow>>([&](Reader& r) { return NurseryClassById(r, id); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->name, "小一班");
  EXPECT_EQ(got->community_code, kHailian);
  EXPECT_EQ(got->caregivers, 2);  // the newest figure
  EXPECT_EQ(got->opened_on, D(2025, 9, 1));
  for (const std::pair<core::Date, int>& day :
       {std::pair{D(2025, 9, 1), 2}, std::pair{D(2025, 10, 15), 3}, std::pair{D(2025, 11, 1), 2}}) {
    const core::Date on = day.first;
    const int expected = day.second;
    auto classes = ReadOne<std::vector<NurseryClassRow>>(
        [&](Reader& r) { return ListNurseryClasses(r, {.facility_id = f, .open_on = on}); });
    ASSERT_EQ(classes.size(), 1u) << on.ToString();
    EXPECT_EQ(classes[0].caregivers, expected) << on.ToString();
  }
  // Not open yet the day before it opens.
  EXPECT_TRUE(ReadOne<std::vector<NurseryClassRow>>([&](Reader& r) {
                return ListNurseryClasses(r, {.facility_id = f, .open_on = D(2025, 8, 31)});
              }).empty());
  EXPECT_THAT(store_->Write([&](Writer& w) { return InsertNurseryClass(w, row).status(); }),
              StatusIs(StatusCode::kAlreadyExists));
}

TEST_F(ChildcareStoreTest, AStaleClassUpdateIsAbortedAndClosingHidesIt) {
  const int64_t f = Facility(kHailian, "海连托育园");
  const int64_t id = InsertClass(Class(f, kHailian, "大一班", "older", 20, 3));
  auto row =
      *ReadOne<std::optional<NurseryClassRow>>([&](Reader& r) { return NurseryClassById(r, id); });
  NurseryClassRow first = row;
  first.capacity = 18;
  first.closed_on = D(2026, 1, 1);
  ASSERT_OK(store_->Write([&](Writer& w) { return UpdateNurseryClass(w, first); }));
  NurseryClassRow second = row;
  EXPECT_THAT(store_->Write([&](Writer& w) { return UpdateNurseryClass(w, second); }),
              StatusIs(StatusCode::kAborted, HasSubstr("now at version 2")));
  second.id = id + 10;
  EXPECT_THAT(store_->Write([&](Writer& w) { return UpdateNurseryClass(w, second); }),
              StatusIs(StatusCode::kNotFound));
  auto open = [&](core::Date on) {
    return ReadOne<std::vector<NurseryClassRow>>([&](Reader& r) {
             return ListNurseryClasses(r, {.subtree_code = std::string(kHailian), .open_on = on});
           })
        .size();
  };
  EXPECT_EQ(open(D(2025, 12, 31)), 1u);
  EXPECT_EQ(open(D(2026, 1, 1)), 0u);
  EXPECT_EQ(ReadOne<std::vector<NurseryClassRow>>(
                [&](Reader& r) { return ListNurseryClasses(r, {.facility_id = f}); })[0]
                .capacity,
            18);
}

TEST_F(ChildcareStoreTest, ClassesOfASubtreeStayInsideIt) {
  const int64_t hailian = Facility(kCompound, "海连托育园");
  const int64_t xinghua = Facility(kXinghua, "星化托育园");
  const int64_t street = Facility("320706006", "新海街道托育中心");
  InsertClass(Class(hailian, kCompound, "小一班"));
  InsertClass(Class(xinghua, kXinghua, "小一班"));
  InsertClass(Class(street, "320706006", "小一班"));
  auto facilities = [&](std::string code) {
    std::vector<int64_t> ids;
    for (const NurseryClassRow& c : ReadOne<std::vector<NurseryClassRow>>(
             [&](Reader& r) { return ListNurseryClasses(r, {.subtree_code = code}); })) {
      ids.push_back(c.facility_id);
    }
    return ids;
  };
  EXPECT_THAT(facilities(kHailian), ElementsAre(hailian));
  EXPECT_THAT(facilities(kCompound), ElementsAre(hailian));
  EXPECT_THAT(facilities(kXinghua), ElementsAre(xinghua));
  EXPECT_THAT(facilities("320706006"), ElementsAre(hailian, xinghua, street));
  EXPECT_THAT(facilities("0"), ElementsAre(hailian, xinghua, street));
  EXPECT_TRUE(facilities("320706006010002").empty());
}

TEST_F(ChildcareStoreTest, EnrolmentsListWithMaskedChildrenAndWaitingPlaces) {
  const int64_t f = Facility(kHailian, "海连托育园");
  const NurseryClassRow c = Class(f, kHailian, "小一班");
  const int64_t class_id = InsertClass(c);
  const int64_t a = Resident(kHailian, D(2024, 6, 1));
  const int64_t b = Resident(kHailian, D(2024, 7, 1));
  const int64_t x = Resident(kXinghua, D(2024, 8, 1));  // lives next door
  const int64_t enrolled = InsertEnrolmentRow(Enrolment(c, class_id, a, D(2025, 9, 1), "enrolled"));
  const int64_t second = InsertEnrolmentRow(Enrolment(c, class_id, x, D(2025, 9, 3)));
  const int64_t first = InsertEnrolmentRow(Enrolment(c, class_id, b, D(2025, 9, 2)));

  auto page = ReadOne<NurseryEnrolmentPage>(
      [&](Reader& r) { return ListNurseryEnrolments(r, {.facility_id = f, .limit = 10}); });
  EXPECT_EQ(page.total, 3);
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.items[0].enrolment.id, enrolled);
  EXPECT_EQ(page.items[0].waiting_position, 0);
  EXPECT_EQ(page.items[1].enrolment.id, first);
  EXPECT_EQ(page.items[1].waiting_position, 1);
  EXPECT_EQ(page.items[2].enrolment.id, second);
  EXPECT_EQ(page.items[2].waiting_position, 2);
  EXPECT_EQ(page.items[2].child_community, kXinghua);
  EXPECT_EQ(page.items[0].class_name, "小一班");
  EXPECT_EQ(page.items[0].birth_date, D(2024, 6, 1));
  EXPECT_THAT(page.items[0].id_number_masked, HasSubstr("********"));
  EXPECT_EQ(page.items[0].child_name, "孩子" + std::to_string(a));

  auto waiting = ReadOne<NurseryEnrolmentPage>([&](Reader& r) {
    return ListNurseryEnrolments(
        r, {.facility_id = f, .state = std::string("waiting"), .offset = 1, .limit = 1});
  });
  EXPECT_EQ(waiting.total, 2);
  ASSERT_EQ(waiting.items.size(), 1u);
  EXPECT_EQ(waiting.items[0].enrolment.id, second);

  // The order of application is the waiting list's.
  auto of_class = ReadOne<std::vector<NurseryEnrolmentRow>>(
      [&](Reader& r) { return NurseryEnrolmentsOfClass(r, class_id); });
  std::vector<int64_t> ids;
  ids.reserve(of_class.size());
  for (const NurseryEnrolmentRow& e : of_class) ids.push_back(e.id);
  EXPECT_THAT(ids, ElementsAre(enrolled, first, second));

  // Withdrawn: no longer open, and off the roster from its left_on.
  NurseryEnrolmentRow gone = of_class[0];
  gone.state = "withdrawn";
  gone.left_on = D(2025, 10, 1);
  gone.reason = "搬家";
  ASSERT_OK(store_->Write([&](Writer& w) { return UpdateNurseryEnrolment(w, gone); }));
  EXPECT_TRUE(ReadOne<std::vector<NurseryEnrolmentRow>>([&](Reader& r) {
                return OpenNurseryEnrolmentsOf(r, a);
              }).empty());
  EXPECT_EQ(ReadOne<std::vector<NurseryEnrolmentRow>>([&](Reader& r) {
              return OpenNurseryEnrolmentsOf(r, b);
            }).size(),
            1u);
  auto roster = [&](core::Date on) {
    return ReadOne<std::vector<NurseryRosterRow>>([&](Reader& r) {
      return NurseryEnrolledOn(r, {.subtree_code = std::string(kHailian)}, on);
    });
  };
  ASSERT_EQ(roster(D(2025, 9, 30)).size(), 1u);
  EXPECT_EQ(roster(D(2025, 9, 30))[0].birth_date, D(2024, 6, 1));
  EXPECT_TRUE(roster(D(2025, 10, 1)).empty());
  EXPECT_TRUE(roster(D(2025, 8, 31)).empty());
  gone.id = 999;
  EXPECT_THAT(store_->Write([&](Writer& w) { return UpdateNurseryEnrolment(w, gone); }),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(ChildcareStoreTest, AnInconsistentEnrolmentIsRefused) {
  const int64_t f = Facility(kHailian, "海连托育园");
  const NurseryClassRow c = Class(f, kHailian, "小一班");
  const int64_t class_id = InsertClass(c);
  const int64_t a = Resident(kHailian, D(2024, 6, 1));
  NurseryEnrolmentRow e = Enrolment(c, class_id, a, D(2025, 9, 1), "enrolled");
  e.enrolled_on.reset();  // enrolled, but since when?
  EXPECT_FALSE(
      store_->Write([&](Writer& w) { return InsertNurseryEnrolment(w, e).status(); }).ok());
  e = Enrolment(c, class_id, a, D(2025, 9, 1), "waiting");
  e.state = "admitted";
  EXPECT_FALSE(
      store_->Write([&](Writer& w) { return InsertNurseryEnrolment(w, e).status(); }).ok());
  EXPECT_EQ(ReadOne<std::vector<NurseryEnrolmentRow>>([&](Reader& r) {
              return NurseryEnrolmentsOfClass(r, class_id);
            }).size(),
            0u);
}

TEST_F(ChildcareStoreTest, InspectionsKeepItemsFindingsAndTheFollowUp) {
  const int64_t f = Facility(kHailian, "海连托育园");
  const int64_t other = Facility(kXinghua, "星化托育园");
  NurseryInspectionRow row;
  row.facility_id = f;
  row.unit_code = kHailian;
  row.community_code = kHailian;
  row.date = D(2026, 3, 1);
  row.inspector = "王检查";
  row.items = {{"消防设施", 80}, {"膳食管理", 55}};
  row.findings = {"膳食留样不足48小时", "消毒记录缺页"};
  row.remedy_deadline = D(2026, 4, 1);
  row.recorded_by = "cli:test";
  NurseryInspectionRow outside = row;
  outside.facility_id = other;
  outside.unit_code = kXinghua;
  outside.community_code = kXinghua;
  outside.findings.clear();
  outside.remedy_deadline.reset();
  std::vector<NurseryInspectionRow> rows = {row, outside};
  ASSERT_OK(store_->Write([&](Writer& w) { return InsertNurseryInspections(w, rows); }));
  ASSERT_GT(rows[0].id, 0);
  ASSERT_OK(store_->Write([&](Writer& w) {
    return SetNurseryInspectionFollowUp(w, rows[0].id, D(2026, 3, 20), "已整改");
  }));
  auto got = ReadOne<std::optional<NurseryInspectionRow>>(
      [&](Reader& r) { return NurseryInspectionById(r, rows[0].id); });
  ASSERT_TRUE(got.has_value());
  ASSERT_EQ(got->items.size(), 2u);
  EXPECT_EQ(got->items[1].item, "膳食管理");
  EXPECT_EQ(got->items[1].score, 55);
  EXPECT_THAT(got->findings, ElementsAre("膳食留样不足48小时", "消毒记录缺页"));
  EXPECT_EQ(got->follow_up, D(2026, 3, 20));
  EXPECT_EQ(got->follow_up_note, "已整改");
  auto hailian = ReadOne<std::vector<NurseryInspectionRow>>([&](Reader& r) {
    return ListNurseryInspections(r, {.subtree_code = std::string(kHailian)});
  });
  ASSERT_EQ(hailian.size(), 1u);
  EXPECT_EQ(hailian[0].id, rows[0].id);
  EXPECT_TRUE(ReadOne<std::vector<NurseryInspectionRow>>(
                  [&](Reader& r) { return ListNurseryInspections(r, {.facility_id = other}); })[0]
                  .findings.empty());
  // A score outside 0..100 never lands, nor the inspection with it.
  NurseryInspectionRow bad = row;
  bad.items = {{"消防设施", 101}};
  EXPECT_FALSE(
      store_->Write([&](Writer& w) { return InsertNurseryInspection(w, bad).status(); }).ok());
  EXPECT_EQ(ReadOne<std::vector<NurseryInspectionRow>>([&](Reader& r) {
              return ListNurseryInspections(r, {.facility_id = f});
            }).size(),
            1u);
  EXPECT_THAT(store_->Write([&](Writer& w) {
    return SetNurseryInspectionFollowUp(w, 999, D(2026, 3, 20), "");
  }),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(ChildcareStoreTest, CountsResidentsAndChildrenBornAfterADate) {
  Resident(kCompound, D(1980, 1, 1));
  Resident(kCompound, D(2023, 7, 2));  // under 3 on 2026-07-01
  Resident(kCompound, D(2023, 7, 1));  // exactly 3: not
  Resident(kHailian, D(2025, 1, 1));   // in the community, no compound
  Resident(kXinghua, D(2024, 1, 1));
  Resident(kXinghua, D(1990, 1, 1), false, D(2026, 8, 1));  // arrives later
  const core::Date on = D(2026, 7, 1);
  const core::Date after = on.AddYears(-3);
  auto counts = [&](std::string code, int group = 0) {
    return ReadOne<std::vector<ResidentsBornAfterRow>>(
        [&](Reader& r) { return CountResidentsBornAfter(r, code, on, after, group); });
  };
  auto street = counts("320706006");
  ASSERT_EQ(street.size(), 1u);
  EXPECT_EQ(street[0].residents, 5);
  EXPECT_EQ(street[0].born_after, 3);
  auto hailian = counts(kHailian);
  EXPECT_EQ(hailian[0].residents, 4);
  EXPECT_EQ(hailian[0].born_after, 2);
  auto compound = counts(kCompound);
  EXPECT_EQ(compound[0].residents, 3);
  EXPECT_EQ(compound[0].born_after, 1);
  auto by_community = counts("320706006", 12);
  ASSERT_EQ(by_community.size(), 2u);
  EXPECT_EQ(by_community[0].unit_code, kXinghua);
  EXPECT_EQ(by_community[0].residents, 1);
  EXPECT_EQ(by_community[1].unit_code, kHailian);
  EXPECT_EQ(by_community[1].born_after, 2);
  auto empty = counts("320706006010002");
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].residents, 0);
  EXPECT_EQ(empty[0].born_after, 0);
}

TEST_F(ChildcareStoreTest, SyntheticRowsGoWithTheDemoAndTheirFacilities) {
  const int64_t real = Facility(kHailian, "海连托育园");
  const int64_t demo = Facility(kHailian, "演示托育园", true);
  NurseryClassRow real_class = Class(real, kHailian, "小一班");
  NurseryClassRow demo_class = Class(real, kHailian, "演示班");
  demo_class.synthetic = true;
  NurseryClassRow in_demo = Class(demo, kHailian, "小一班");
  in_demo.synthetic = true;
  std::vector<NurseryClassRow> classes = {real_class, demo_class, in_demo};
  ASSERT_OK(store_->Write([&](Writer& w) { return InsertNurseryClasses(w, classes); }));
  const int64_t child = Resident(kHailian, D(2024, 6, 1), true);
  const int64_t real_child = Resident(kHailian, D(2024, 6, 2));
  std::vector<NurseryEnrolmentRow> enrolments = {
      Enrolment(real_class, classes[0].id, real_child, D(2025, 9, 1), "enrolled"),
      Enrolment(demo_class, classes[1].id, real_child, D(2025, 9, 1)),
      Enrolment(in_demo, classes[2].id, child, D(2025, 9, 1), "enrolled")};
  enrolments[2].synthetic = true;
  ASSERT_OK(store_->Write([&](Writer& w) { return InsertNurseryEnrolments(w, enrolments); }));

  ASSERT_OK(store_->Write([&](Writer& w) { return DeleteSyntheticChildcareUnder(w, kHailian); }));
  auto left = ReadOne<std::vector<NurseryClassRow>>(
      [&](Reader& r) { return ListNurseryClasses(r, {.subtree_code = std::string(kHailian)}); });
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, classes[0].id);
  // The ledger's own refresh takes the synthetic facility and child with
  // everything that hangs on them, without a foreign-key failure.
  NurseryClassRow again = Class(demo, kHailian, "小二班");
  const int64_t again_id = InsertClass(again);
  InsertEnrolmentRow(Enrolment(again, again_id, child, D(2025, 9, 1), "enrolled"));
  ASSERT_OK(store_->Write([&](Writer& w) { return w.DeleteSyntheticUnder(kHailian); }));
  EXPECT_EQ(ReadOne<std::vector<NurseryClassRow>>([&](Reader& r) {
              return ListNurseryClasses(r, {.subtree_code = std::string(kHailian)});
            }).size(),
            1u);
  EXPECT_EQ(ReadOne<std::vector<NurseryEnrolmentRow>>([&](Reader& r) {
              return NurseryEnrolmentsOfClass(r, classes[0].id);
            }).size(),
            1u);
}

}  // namespace
}  // namespace alley::store

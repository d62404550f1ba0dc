#include "services/childcare_service.h"

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
#include "services/childcare_json.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kHailian[] = "320706006010";
constexpr char kXinghua[] = "320706006009";
constexpr char kStreet[] = "320706006";

core::Date D(const char* text) { return *core::Date::Parse(text); }

const registry::audit::Actor kWang{"wang", "community_staff", kHailian};
const registry::audit::Actor kLi{"li", "community_staff", kXinghua};
const store::Timestamp kNow = std::chrono::floor<std::chrono::seconds>(
    std::chrono::sys_days(std::chrono::year(2026) / 7 / 1));

class ChildcareServiceTest : public registry::testing::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    ASSERT_OK(registry::ImportDivisions(*store_, WriteDivisions()).status());
    ASSERT_OK_AND_ASSIGN(
        store::UnitRow east,
        registry::AddUnit(*store_, kHailian, core::UnitLevel::kCompound, "海连东苑"));
    east_ = east.code;
    nursery_ = MakeFacility(east_, "nursery", "海连托育园");
    xinghua_nursery_ = MakeFacility(kXinghua, "nursery", "星化托育园");
  }

  int64_t MakeFacility(const std::string& unit, const std::string& type, const std::string& name) {
    registry::FacilityInput f{.unit_code = unit, .type = type, .name = name, .capacity = 40};
    StatusOr<registry::FacilityItem> made = registry::CreateFacility(*store_, f);
    EXPECT_OK(made);
    return made.ok() ? made->facility.id : 0;
  }

  int64_t Child(const std::string& unit, core::Date birth, std::string* id_number = nullptr) {
    registry::NewResident r;
    StatusOr<std::string> id = core::MakeIdNumber("320706", birth, next_++, core::Sex::kFemale);
    EXPECT_OK(id);
    r.id_number = id.ok() ? *id : "";
    if (id_number != nullptr) *id_number = r.id_number;
    r.name = "宝宝" + std::to_string(next_);
    r.unit_code = unit;
    r.effective = std::max(birth, D("2025-01-01"));
    StatusOr<registry::ResidentItem> made = registry::CreateResident(*store_, r, kToday);
    EXPECT_OK(made);
    return made.ok() ? made->id : 0;
  }

  int64_t Adult(const std::string& unit) { return Child(unit, D("1990-05-05")); }

  int64_t AddClass(std::string name, std::string type, int capacity, int caregivers,
                   core::Date opened = D("2025-06-01"), int64_t facility = 0) {
    NewNurseryClass c{.facility_id = facility == 0 ? nursery_ : facility,
                      .name = std::move(name),
                      .type = std::move(type),
                      .capacity = capacity,
                      .caregivers = caregivers,
                      .opened_on = opened};
    const bool xinghua = facility != 0 && facility == xinghua_nursery_;
    StatusOr<NurseryClassView> v = AddNurseryClass(
        *store_, c, kToday, xinghua ? kXinghua : kHailian, xinghua ? kLi : kWang, kNow);
    EXPECT_OK(v);
    return v.ok() ? v->row.id : 0;
  }

  StatusOr<NurseryApplyResult> Apply(int64_t class_id, int64_t child, const char* on,
                                     const std::string& within = kHailian, int64_t facility = 0) {
    return ApplyForNurseryPlace(*store_,
                                {.facility_id = facility == 0 ? nursery_ : facility,
                                 .class_id = class_id,
                                 .resident_id = child,
                                 .on = D(on)},
                                kToday, within, within == kHailian ? kWang : kLi, kNow);
  }

  int64_t AuditCount(std::string_view action, std::string_view object) {
    registry::audit::Filter f;
    f.action = std::string(action);
    f.object = std::string(object);
    StatusOr<store::AuditPage> page = registry::audit::Query(*store_, f);
    EXPECT_OK(page);
    return page.ok() ? page->total : -1;
  }

  std::string State(int64_t enrolment) {
    std::string state;
    EXPECT_OK(store_->Read([&](store::Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(auto row, store::NurseryEnrolmentById(r, enrolment));
      state = row ? row->state : "none";
      return OkStatus();
    }));
    return state;
  }

  const core::Date kToday = D("2026-07-01");
  std::string east_;
  int64_t nursery_ = 0;
  int64_t xinghua_nursery_ = 0;
  int next_ = 0;
};

TEST_F(ChildcareServiceTest, AClassKeepsWithinItsNormAndItsNursery) {
  NewNurseryClass c{
      .facility_id = nursery_, .name = "小一班", .type = "托小班", .capacity = 16, .caregivers = 3};
  EXPECT_THAT(AddNurseryClass(*store_, c, kToday, kHailian, kWang, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field capacity: must be 1 to 15")));
  c.capacity = 15;
  c.type = "kindergarten";
  EXPECT_THAT(AddNurseryClass(*store_, c, kToday, kHailian, kWang, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field type")));
  c.type = "younger";
  c.caregivers = -1;
  EXPECT_THAT(AddNurseryClass(*store_, c, kToday, kHailian, kWang, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field caregivers")));
  c.caregivers = 3;
  c.name = "  ";
  EXPECT_THAT(AddNurseryClass(*store_, c, kToday, kHailian, kWang, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field name")));
  c.name = "小一班";
  c.opened_on = kToday.AddDays(1);
  EXPECT_THAT(AddNurseryClass(*store_, c, kToday, kHailian, kWang, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("after today")));
  c.opened_on.reset();
  // Not a nursery; not in scope: the same answer as no such nursery.
  NewNurseryClass canteen = c;
  canteen.facility_id = MakeFacility(kHailian, "senior_canteen", "海连食堂");
  EXPECT_THAT(AddNurseryClass(*store_, canteen, kToday, kHailian, kWang, kNow),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(AddNurseryClass(*store_, c, kToday, kXinghua, kLi, kNow),
              StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(AuditCount(registry::audit::kCreate, "nursery_class"), 0);

  ASSERT_OK_AND_ASSIGN(NurseryClassView v,
                       AddNurseryClass(*store_, c, kToday, kHailian, kWang, kNow));
  EXPECT_EQ(v.row.type, "younger");
  EXPECT_EQ(v.row.unit_code, east_);
  EXPECT_EQ(v.row.community_code, kHailian);
  EXPECT_EQ(v.row.caregivers, 3);
  EXPECT_EQ(v.row.opened_on, kToday);
  EXPECT_EQ(v.free_places, 15);
  EXPECT_THAT(v.findings, IsEmpty());
  EXPECT_EQ(AuditCount(registry::audit::kCreate, "nursery_class"), 1);
  EXPECT_THAT(AddNurseryClass(*store_, c, kToday, kHailian, kWang, kNow),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("field name")));
  // The street sees it; Xinghua does not.
  ASSERT_OK_AND_ASSIGN(auto listed, ListNurseryClasses(*store_, nursery_, kToday, kStreet));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(NurseryClassJson(listed[0])["ratio"], "1:5");
  EXPECT_THAT(ListNurseryClasses(*store_, nursery_, kToday, kXinghua),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(ChildcareServiceTest, AFreedPlaceGoesToTheFirstWaitingChildWhoseAgeFits) {
  const int64_t infants = AddClass("乳儿一班", "infant", 1, 1);
  const int64_t a = Child(east_, D("2025-10-01"));  // 8 months on 2026-06-01
  const int64_t b = Child(east_, D("2025-11-15"));  // 6 months on 2026-06-02
  const int64_t c = Child(east_, D("2026-01-20"));  // 4 months on 2026-06-03: too young yet
  ASSERT_OK_AND_ASSIGN(NurseryApplyResult first, Apply(infants, a, "2026-06-01"));
  EXPECT_EQ(first.enrolment.row.enrolment.state, "enrolled");
  EXPECT_EQ(first.enrolment.age_months, 8);
  ASSERT_OK_AND_ASSIGN(NurseryApplyResult second, Apply(infants, b, "2026-06-03"));
  EXPECT_EQ(second.enrolment.row.enrolment.state, "waiting");
  EXPECT_EQ(second.enrolment.row.waiting_position, 1);
  ASSERT_OK_AND_ASSIGN(NurseryApplyResult third, Apply(infants, c, "2026-06-03"));
  EXPECT_EQ(third.enrolment.row.waiting_position, 2);

  // Events in date order; nothing ahead of today; one open application per child.
  const int64_t late = Child(east_, D("2025-12-01"));
  EXPECT_THAT(Apply(infants, late, "2026-06-02"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("before the last event")));
  EXPECT_THAT(Apply(infants, late, "2026-07-02"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("after today")));
  EXPECT_THAT(Apply(infants, b, "2026-06-04"), StatusIs(StatusCode::kAlreadyExists));
  const int64_t older = Child(east_, D("2024-01-01"));
  EXPECT_THAT(Apply(infants, older, "2026-06-04"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("past the class's")));
  // A Xinghua worker can neither see the nursery nor enrol into it; a Hailian
  // worker cannot enrol a child of Xinghua.
  const int64_t neighbour = Child(kXinghua, D("2025-10-10"));
  EXPECT_THAT(Apply(infants, neighbour, "2026-06-04", kXinghua), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(Apply(infants, neighbour, "2026-06-04"),
              StatusIs(StatusCode::kNotFound, HasSubstr("no resident")));
  EXPECT_THAT(WithdrawFromNursery(*store_, nursery_, first.enrolment.row.enrolment.id,
                                  D("2026-06-10"), "", kToday, kXinghua, kLi, kNow),
              StatusIs(StatusCode::kNotFound));

  // A leaves: B (of age) gets the place in the same transaction, not C.
  ASSERT_OK_AND_ASSIGN(NurseryWithdrawResult left,
                       WithdrawFromNursery(*store_, nursery_, first.enrolment.row.enrolment.id,
                                           D("2026-06-10"), "搬家", kToday, kHailian, kWang, kNow));
  EXPECT_EQ(left.enrolment.row.enrolment.state, "withdrawn");
  EXPECT_EQ(left.enrolment.row.enrolment.left_on, D("2026-06-10"));
  EXPECT_EQ(left.enrolment.row.enrolment.reason, "搬家");
  EXPECT_THAT(left.admitted, ElementsAre(second.enrolment.row.enrolment.id));
  EXPECT_EQ(State(second.enrolment.row.enrolment.id), "enrolled");
  EXPECT_EQ(State(third.enrolment.row.enrolment.id), "waiting");
  EXPECT_THAT(WithdrawFromNursery(*store_, nursery_, first.enrolment.row.enrolment.id,
                                  D("2026-06-11"), "", kToday, kHailian, kWang, kNow),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("already withdrawn")));
  // A waiting child's application is cancelled, freeing nothing.
  ASSERT_OK_AND_ASSIGN(NurseryWithdrawResult cancelled,
                       WithdrawFromNursery(*store_, nursery_, third.enrolment.row.enrolment.id,
                                           std::nullopt, "", kToday, kHailian, kWang, kNow));
  EXPECT_EQ(cancelled.enrolment.row.enrolment.state, "cancelled");
  EXPECT_THAT(cancelled.admitted, IsEmpty());
  // Every write left its record: 3 applications, 2 withdrawals, 1 admission.
  EXPECT_EQ(AuditCount(registry::audit::kCreate, "nursery_enrolment"), 3);
  EXPECT_EQ(AuditCount(registry::audit::kUpdate, "nursery_enrolment"), 3);
}

TEST_F(ChildcareServiceTest, ListsOfChildrenAreMaskedScopedAndAudited) {
  const int64_t infants = AddClass("乳儿一班", "infant", 2, 1);
  std::string id_number;
  const int64_t a = Child(east_, D("2025-10-01"), &id_number);
  ASSERT_OK(Apply(infants, a, "2026-06-01").status());
  const int64_t before = AuditCount(registry::audit::kBulkRead, "resident");
  ASSERT_OK_AND_ASSIGN(NurseryEnrolmentList list,
                       ListNurseryEnrolments(*store_, {.facility_id = nursery_, .as_of = kToday},
                                             kHailian, kWang, kNow));
  ASSERT_EQ(list.total, 1);
  const nlohmann::json j = NurseryEnrolmentJson(list.items[0]);
  EXPECT_EQ(j["child"]["id"], a);
  EXPECT_EQ(j["child"]["age_months"], 9);
  EXPECT_THAT(j.dump(), Not(HasSubstr(id_number)));
  EXPECT_EQ(j["child"]["id_number"], core::MaskIdNumber(id_number));
  EXPECT_EQ(AuditCount(registry::audit::kBulkRead, "resident"), before + 1);
  registry::audit::Filter f;
  f.action = std::string(registry::audit::kBulkRead);
  ASSERT_OK_AND_ASSIGN(store::AuditPage page, registry::audit::Query(*store_, f));
  EXPECT_EQ(page.items[0].records, "[" + std::to_string(a) + "]");
  EXPECT_EQ(page.items[0].username, "wang");

  EXPECT_THAT(ListNurseryEnrolments(*store_, {.facility_id = nursery_, .as_of = kToday}, kXinghua,
                                    kLi, kNow),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(ListNurseryEnrolments(*store_,
                                    {.facility_id = nursery_, .state = "admitted", .as_of = kToday},
                                    kHailian, kWang, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter state")));
  EXPECT_EQ(AuditCount(registry::audit::kBulkRead, "resident"), before + 1)
      << "a refused list is no read";
}

TEST_F(ChildcareServiceTest, MorePlacesFillFromTheListFewerCannotDropChildren) {
  const int64_t infants = AddClass("乳儿一班", "infant", 1, 1);
  const int64_t a = Child(east_, D("2025-10-01"));
  const int64_t b = Child(east_, D("2025-10-02"));
  ASSERT_OK(Apply(infants, a, "2026-06-01").status());
  ASSERT_OK_AND_ASSIGN(NurseryApplyResult waiting, Apply(infants, b, "2026-06-02"));
  ASSERT_OK_AND_ASSIGN(auto views, ListNurseryClasses(*store_, nursery_, kToday, kHailian));
  const int64_t version = views[0].row.version;

  EXPECT_THAT(ChangeNurseryClass(*store_, nursery_, infants, version + 1, {.capacity = 2}, kToday,
                                 kHailian, kWang, kNow),
              StatusIs(StatusCode::kAborted));
  EXPECT_THAT(ChangeNurseryClass(*store_, nursery_, infants, version, {.capacity = 11}, kToday,
                                 kHailian, kWang, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field capacity")));
  EXPECT_THAT(ChangeNurseryClass(*store_, nursery_, infants, version, {.close = true}, kToday,
                                 kHailian, kWang, kNow),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("withdraw them first")));
  EXPECT_THAT(ChangeNurseryClass(*store_, nursery_, infants, version,
                                 {.capacity = 2, .effective = D("2026-06-01")}, kToday, kHailian,
                                 kWang, kNow),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("before the last event")));
  ASSERT_OK_AND_ASSIGN(
      NurseryClassChanged changed,
      ChangeNurseryClass(*store_, nursery_, infants, version, {.capacity = 2, .caregivers = 2},
                         kToday, kHailian, kWang, kNow));
  EXPECT_THAT(changed.admitted, ElementsAre(waiting.enrolment.row.enrolment.id));
  EXPECT_EQ(changed.view.row.capacity, 2);
  EXPECT_EQ(changed.view.row.caregivers, 2);
  EXPECT_EQ(changed.view.row.version, version + 1);
  EXPECT_EQ(changed.view.enrolled, 2);
  EXPECT_EQ(State(waiting.enrolment.row.enrolment.id), "enrolled");
  EXPECT_THAT(ChangeNurseryClass(*store_, nursery_, infants, version + 1, {.capacity = 1}, kToday,
                                 kHailian, kWang, kNow),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("2 children enrolled")));
  EXPECT_THAT(ChangeNurseryClass(*store_, nursery_, infants, version + 1,
                                 {.caregivers = 3, .effective = D("2026-06-30")}, kToday, kHailian,
                                 kWang, kNow),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("latest staffing figure")));
  EXPECT_THAT(ChangeNurseryClass(*store_, nursery_, infants, version + 1, {.capacity = 3}, kToday,
                                 kXinghua, kLi, kNow),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(ChildcareServiceTest, FlagsFollowInspectionsRemediesAndRatios) {
  // Registered (first class) 2025-06-01: the first inspection was due by 2026-06-01.
  const int64_t infants = AddClass("乳儿一班", "infant", 4, 1);
  ASSERT_OK_AND_ASSIGN(ChildcareFlagReport flags,
                       ChildcareFlagsOn(*store_, kHailian, kToday, kHailian));
  ASSERT_EQ(flags.nurseries.size(), 1u);
  EXPECT_EQ(flags.nurseries[0].registered_on, D("2025-06-01"));
  ASSERT_EQ(flags.nurseries[0].flags.size(), 1u);
  EXPECT_EQ(flags.nurseries[0].flags[0].kind, OversightFlagKind::kInspectionOverdue);
  EXPECT_EQ(flags.nurseries[0].flags[0].days_overdue, 30);

  NewNurseryInspection in{.facility_id = nursery_,
                          .inspection = {.date = D("2026-03-01"),
                                         .inspector = "区卫健委 王",
                                         .items = {{"消防设施", 80}, {"膳食管理", 50}},
                                         .findings = {"膳食留样不足48小时"},
                                         .remedy_deadline = D("2026-04-01")}};
  EXPECT_THAT(RecordNurseryInspection(*store_, in, kToday, kXinghua, kLi, kNow),
              StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(NurseryInspectionView inspection,
                       RecordNurseryInspection(*store_, in, kToday, kHailian, kWang, kNow));
  EXPECT_EQ(*inspection.mean_score, 65.0);
  EXPECT_THAT(inspection.failed_items, ElementsAre("膳食管理"));
  EXPECT_TRUE(inspection.remedy_open);

  // Four infants need two caregivers at 1:3; the class has one.
  for (const char* birth : {"2025-09-01", "2025-09-02", "2025-09-03", "2025-09-04"}) {
    ASSERT_OK(Apply(infants, Child(east_, D(birth)), "2026-06-01").status());
  }
  ASSERT_OK_AND_ASSIGN(flags, ChildcareFlagsOn(*store_, kStreet, kToday, kStreet));
  ASSERT_EQ(flags.nurseries.size(), 1u);
  std::vector<OversightFlagKind> kinds;
  for (const OversightFlag& f : flags.nurseries[0].flags) kinds.push_back(f.kind);
  EXPECT_THAT(kinds,
              ElementsAre(OversightFlagKind::kRatioBreach, OversightFlagKind::kRemedyOverdue));
  EXPECT_EQ(flags.counts[static_cast<size_t>(OversightFlagKind::kRatioBreach)], 1);
  EXPECT_EQ(flags.flagged_nurseries, 1);
  const nlohmann::json j = ChildcareFlagsJson(flags);
  EXPECT_EQ(j["nurseries"][0]["flags"][0]["class_id"], infants);
  EXPECT_EQ(j["nurseries"][0]["flags"][1]["inspection"], "2026-03-01");
  EXPECT_EQ(j["counts"]["remedy_overdue"], 1);
  // The day before the enrolments, the class met its ratio.
  ASSERT_OK_AND_ASSIGN(flags, ChildcareFlagsOn(*store_, kHailian, D("2026-05-31"), kHailian));
  ASSERT_EQ(flags.nurseries[0].flags.size(), 1u);
  EXPECT_EQ(flags.nurseries[0].flags[0].kind, OversightFlagKind::kRemedyOverdue);

  // The follow-up clears the remedy; another caregiver clears the ratio.
  EXPECT_THAT(RecordNurseryFollowUp(*store_, nursery_, inspection.row.id, D("2026-02-01"), "",
                                    kToday, kHailian, kWang, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("before the inspection")));
  ASSERT_OK(RecordNurseryFollowUp(*store_, nursery_, inspection.row.id, D("2026-04-20"), "已整改",
                                  kToday, kHailian, kWang, kNow)
                .status());
  EXPECT_THAT(RecordNurseryFollowUp(*store_, nursery_, inspection.row.id, D("2026-04-21"), "",
                                    kToday, kHailian, kWang, kNow),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("was followed up")));
  ASSERT_OK_AND_ASSIGN(auto views, ListNurseryClasses(*store_, nursery_, kToday, kHailian));
  ASSERT_OK(ChangeNurseryClass(*store_, nursery_, infants, views[0].row.version, {.caregivers = 2},
                               kToday, kHailian, kWang, kNow)
                .status());
  ASSERT_OK_AND_ASSIGN(flags, ChildcareFlagsOn(*store_, kHailian, kToday, kHailian));
  EXPECT_THAT(flags.nurseries[0].flags, IsEmpty());
  EXPECT_EQ(flags.flagged_nurseries, 0);
  // Asked of a past day, the flags are that day's.
  ASSERT_OK_AND_ASSIGN(flags, ChildcareFlagsOn(*store_, kHailian, D("2026-04-10"), kHailian));
  ASSERT_EQ(flags.nurseries[0].flags.size(), 1u);
  EXPECT_EQ(flags.nurseries[0].flags[0].kind, OversightFlagKind::kRemedyOverdue);

  EXPECT_THAT(ChildcareFlagsOn(*store_, kHailian, kToday, kXinghua),
              StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(ChildcareFlagsOn(*store_, "320706006099", kToday, kStreet),
              StatusIs(StatusCode::kNotFound));
  // Xinghua's own report holds nothing of Hailian.
  ASSERT_OK_AND_ASSIGN(flags, ChildcareFlagsOn(*store_, kXinghua, kToday, kXinghua));
  EXPECT_THAT(flags.nurseries, IsEmpty());
  ASSERT_OK_AND_ASSIGN(auto inspections, ListNurseryInspections(*store_, nursery_, kHailian));
  ASSERT_EQ(inspections.size(), 1u);
  EXPECT_FALSE(inspections[0].remedy_open);
  EXPECT_THAT(ListNurseryInspections(*store_, nursery_, kXinghua), StatusIs(StatusCode::kNotFound));
}

TEST_F(ChildcareServiceTest, BalanceCountsPlacesChildrenAndResidentsPerUnit) {
  AddClass("乳儿一班", "infant", 10, 4);
  AddClass("小一班", "younger", 15, 3);
  const int64_t closed = AddClass("大一班", "older", 20, 3);
  ASSERT_OK_AND_ASSIGN(auto views, ListNurseryClasses(*store_, nursery_, kToday, kHailian));
  for (const NurseryClassView& v : views) {
    if (v.row.id == closed) {
      ASSERT_OK(ChangeNurseryClass(*store_, nursery_, closed, v.row.version,
                                   {.effective = D("2026-06-01"), .close = true}, kToday, kHailian,
                                   kWang, kNow)
                    .status());
    }
  }
  AddClass("混合班", "mixed", 18, 4, D("2025-06-01"), xinghua_nursery_);
  Child(east_, D("2024-01-01"));
  Child(east_, D("2025-12-01"));
  Child(kHailian, D("2023-07-01"));  // turns 3 on 2026-07-01
  for (int i = 0; i < 7; ++i) Adult(east_);
  Child(kXinghua, D("2025-02-02"));
  Adult(kXinghua);

  ASSERT_OK_AND_ASSIGN(ChildcareBalanceReport b,
                       ComputeUnitChildcareBalance(*store_, kHailian, kToday, kHailian));
  EXPECT_EQ(b.unit.balance.places, 25);
  EXPECT_EQ(b.unit.classes, 2);
  EXPECT_EQ(b.unit.nurseries, 1);
  EXPECT_EQ(b.unit.balance.children_under_3, 2);
  EXPECT_EQ(b.unit.balance.residents, 10);
  EXPECT_EQ(b.unit.balance.places_needed, 1);  // ceil(4.5 × 10 / 1000)
  EXPECT_EQ(b.unit.balance.gap, 0);
  ASSERT_EQ(b.children.size(), 1u);
  EXPECT_EQ(b.children[0].unit_code, east_);
  EXPECT_EQ(b.children[0].balance.residents, 9);  // one lives in the community itself
  EXPECT_EQ(b.children[0].balance.places, 25);
  // Before the closing, the third class's places counted too.
  ASSERT_OK_AND_ASSIGN(b,
                       ComputeUnitChildcareBalance(*store_, kHailian, D("2026-05-31"), kHailian));
  EXPECT_EQ(b.unit.balance.places, 45);

  ASSERT_OK_AND_ASSIGN(b, ComputeUnitChildcareBalance(*store_, kStreet, kToday, kStreet));
  EXPECT_EQ(b.unit.balance.places, 43);
  EXPECT_EQ(b.unit.balance.residents, 12);
  EXPECT_EQ(b.unit.balance.children_under_3, 3);
  ASSERT_EQ(b.children.size(), 3u);  // 星化, 海连, 朱庄村 by code
  EXPECT_EQ(b.children[0].unit_code, kXinghua);
  EXPECT_EQ(b.children[0].balance.places, 18);
  EXPECT_EQ(b.children[1].balance.places, 25);
  EXPECT_EQ(b.children[2].balance.residents, 0);
  EXPECT_FALSE(b.children[2].balance.places_per_1000.has_value());
  const nlohmann::json j = ChildcareBalanceJson(b);
  EXPECT_EQ(j["children"][1]["unit"], kHailian);
  EXPECT_EQ(j["children"][2]["places_per_1000"], nullptr);

  EXPECT_THAT(ComputeUnitChildcareBalance(*store_, kHailian, kToday, kXinghua),
              StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(ComputeUnitChildcareBalance(*store_, kStreet, kToday, kHailian),
              StatusIs(StatusCode::kPermissionDenied));
  ASSERT_OK_AND_ASSIGN(b, ComputeUnitChildcareBalance(*store_, kXinghua, kToday, kXinghua));
  EXPECT_EQ(b.unit.balance.places, 18);
  EXPECT_EQ(b.unit.balance.residents, 2);
}

TEST_F(ChildcareServiceTest, BulkRowsAreValidatedAndNeverOverfillAClass) {
  store::NurseryClassRow c;
  c.facility_id = nursery_;
  c.unit_code = east_;
  c.community_code = kHailian;
  c.name = "演示班";
  c.type = "infant";
  c.capacity = 1;
  c.caregivers = 1;
  c.opened_on = D("2025-06-01");
  c.synthetic = true;
  std::vector<store::NurseryClassRow> classes = {c};
  classes[0].capacity = 11;
  EXPECT_THAT(store_->Write([&](store::Writer& w) { return BulkAddNurseryClasses(w, classes); }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("class 0")));
  classes[0] = c;
  classes[0].unit_code = kHailian;  // not the nursery's unit
  EXPECT_THAT(store_->Write([&](store::Writer& w) { return BulkAddNurseryClasses(w, classes); }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not the nursery's")));
  classes[0] = c;
  ASSERT_OK(store_->Write([&](store::Writer& w) { return BulkAddNurseryClasses(w, classes); }));
  ASSERT_GT(classes[0].id, 0);

  auto enrolment = [&](int64_t child, const char* applied) {
    store::NurseryEnrolmentRow e;
    e.class_id = classes[0].id;
    e.facility_id = nursery_;
    e.unit_code = east_;
    e.community_code = kHailian;
    e.resident_id = child;
    e.applied_on = D(applied);
    e.state = "enrolled";
    e.enrolled_on = e.applied_on;
    e.synthetic = true;
    return e;
  };
  std::vector<store::NurseryEnrolmentRow> rows = {
      enrolment(Child(east_, D("2025-10-01")), "2026-05-01"),
      enrolment(Child(east_, D("2025-10-02")), "2026-05-02")};
  EXPECT_THAT(store_->Write([&](store::Writer& w) { return BulkAddNurseryEnrolments(w, rows); }),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("2 children on 2026-05-02")));
  rows[1].state = "waiting";
  EXPECT_THAT(store_->Write([&](store::Writer& w) { return BulkAddNurseryEnrolments(w, rows); }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("does not agree")));
  rows[1].enrolled_on.reset();
  ASSERT_OK(store_->Write([&](store::Writer& w) { return BulkAddNurseryEnrolments(w, rows); }));
  ASSERT_OK_AND_ASSIGN(auto views, ListNurseryClasses(*store_, nursery_, kToday, kHailian));
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0].enrolled, 1);
  EXPECT_EQ(views[0].waiting, 1);

  store::NurseryInspectionRow i;
  i.facility_id = nursery_;
  i.unit_code = east_;
  i.community_code = kHailian;
  i.date = D("2026-03-01");
  i.inspector = "演示";
  i.items = {{"消防设施", 90}};
  i.findings = {"灭火器过期"};  // and no remedy deadline
  std::vector<store::NurseryInspectionRow> inspections = {i};
  EXPECT_THAT(
      store_->Write([&](store::Writer& w) { return BulkAddNurseryInspections(w, inspections); }),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("inspection 0")));
  inspections[0].remedy_deadline = D("2026-03-15");
  ASSERT_OK(
      store_->Write([&](store::Writer& w) { return BulkAddNurseryInspections(w, inspections); }));
  ASSERT_OK_AND_ASSIGN(auto listed, ListNurseryInspections(*store_, nursery_, kHailian));
  EXPECT_EQ(listed.size(), 1u);
}

}  // namespace
}  // namespace alley::services

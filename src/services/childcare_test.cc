#include "services/childcare.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/status_matchers.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

core::Date D(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

TEST(ChildcareNormsTest, TableHoldsTheNationalFigures) {
  ASSERT_EQ(ClassNorms().size(), 4u);
  const ClassNorm& infant = NormFor(ClassType::kInfant);
  EXPECT_EQ(infant.name_zh, "乳儿班");
  EXPECT_EQ(infant.min_age_months, 6);
  EXPECT_EQ(infant.max_age_months, 12);
  EXPECT_EQ(infant.max_children, 10);
  EXPECT_EQ(infant.children_per_caregiver, 3);
  const ClassNorm& younger = NormFor(ClassType::kYounger);
  EXPECT_EQ(younger.name_zh, "托小班");
  EXPECT_EQ(younger.min_age_months, 12);
  EXPECT_EQ(younger.max_age_months, 24);
  EXPECT_EQ(younger.max_children, 15);
  EXPECT_EQ(younger.children_per_caregiver, 5);
  const ClassNorm& older = NormFor(ClassType::kOlder);
  EXPECT_EQ(older.name_zh, "托大班");
  EXPECT_EQ(older.min_age_months, 24);
  EXPECT_EQ(older.max_age_months, 36);
  EXPECT_EQ(older.max_children, 20);
  EXPECT_EQ(older.children_per_caregiver, 7);
  const ClassNorm& mixed = NormFor(ClassType::kMixed);
  EXPECT_EQ(mixed.name_zh, "混合班");
  EXPECT_EQ(mixed.min_age_months, 18);
  EXPECT_EQ(mixed.max_age_months, 36);
  EXPECT_EQ(mixed.max_children, 18);
  EXPECT_EQ(mixed.children_per_caregiver, 5);
  for (size_t i = 0; i < ClassNorms().size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(ClassNorms()[i].type), i);
    EXPECT_THAT(std::string(ClassNorms()[i].source), HasSubstr("第十九条"));
  }
}

TEST(ChildcareNormsTest, ParsesIdentifierOrChineseName) {
  EXPECT_EQ(ParseClassType("托小班"), ClassType::kYounger);
  EXPECT_EQ(ParseClassType("older"), ClassType::kOlder);
  EXPECT_EQ(ParseClassType("mixed"), ClassType::kMixed);
  EXPECT_EQ(ParseClassType("乳儿班"), ClassType::kInfant);
  EXPECT_EQ(ParseClassType("Infant"), std::nullopt);
  EXPECT_EQ(ParseClassType(""), std::nullopt);
}

TEST(ChildcareAgeTest, CountsCompletedMonths) {
  EXPECT_EQ(*AgeInMonths(D(2023, 5, 15), D(2024, 5, 14)), 11);
  EXPECT_EQ(*AgeInMonths(D(2023, 5, 15), D(2024, 5, 15)), 12);
  EXPECT_EQ(*AgeInMonths(D(2023, 5, 15), D(2023, 5, 15)), 0);
  // Born on the 31st: February has no 31st, so the first month ends on 1 March.
  EXPECT_EQ(*AgeInMonths(D(2024, 1, 31), D(2024, 2, 29)), 0);
  EXPECT_EQ(*AgeInMonths(D(2024, 1, 31), D(2024, 3, 1)), 1);
  EXPECT_EQ(*AgeInMonths(D(2024, 1, 31), D(2024, 3, 30)), 1);
  EXPECT_EQ(*AgeInMonths(D(2024, 1, 31), D(2024, 3, 31)), 2);
  EXPECT_THAT(AgeInMonths(D(2024, 1, 31), D(2024, 1, 30)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("before the birth")));
}

TEST(ChildcareClassForChildTest, BoundariesBelongToTheOlderClass) {
  const core::Date birth = D(2024, 1, 10);
  EXPECT_THAT(ClassForChild(birth, D(2024, 7, 9)),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("5 months")));
  EXPECT_EQ(*ClassForChild(birth, D(2024, 7, 10)), ClassType::kInfant);
  EXPECT_EQ(*ClassForChild(birth, D(2025, 1, 9)), ClassType::kInfant);
  EXPECT_EQ(*ClassForChild(birth, D(2025, 1, 10)), ClassType::kYounger);
  EXPECT_EQ(*ClassForChild(birth, D(2026, 1, 9)), ClassType::kYounger);
  EXPECT_EQ(*ClassForChild(birth, D(2026, 1, 10)), ClassType::kOlder);
  EXPECT_EQ(*ClassForChild(birth, D(2027, 1, 9)), ClassType::kOlder);
  EXPECT_THAT(ClassForChild(birth, D(2027, 1, 10)),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("36 months")));
  EXPECT_THAT(ClassForChild(birth, D(2024, 1, 9)), StatusIs(StatusCode::kInvalidArgument));
}

TEST(ChildcareAgeFitsTest, MixedClassTakesEighteenToThirtySixMonths) {
  EXPECT_FALSE(AgeFits(ClassType::kMixed, 17));
  EXPECT_TRUE(AgeFits(ClassType::kMixed, 18));
  EXPECT_TRUE(AgeFits(ClassType::kMixed, 35));
  EXPECT_FALSE(AgeFits(ClassType::kMixed, 36));
  EXPECT_FALSE(AgeFits(ClassType::kInfant, 12));
  EXPECT_TRUE(AgeFits(ClassType::kYounger, 12));
}

TEST(ChildcareCaregiversTest, RoundsUp) {
  EXPECT_EQ(CaregiversNeeded(ClassType::kInfant, 0), 0);
  EXPECT_EQ(CaregiversNeeded(ClassType::kInfant, 1), 1);
  EXPECT_EQ(CaregiversNeeded(ClassType::kInfant, 9), 3);
  EXPECT_EQ(CaregiversNeeded(ClassType::kInfant, 10), 4);  // 10 / 3 = 3.33
  EXPECT_EQ(CaregiversNeeded(ClassType::kYounger, 15), 3);
  EXPECT_EQ(CaregiversNeeded(ClassType::kYounger, 16), 4);
  EXPECT_EQ(CaregiversNeeded(ClassType::kOlder, 14), 2);
  EXPECT_EQ(CaregiversNeeded(ClassType::kOlder, 20), 3);  // 20 / 7 = 2.86
  EXPECT_EQ(CaregiversNeeded(ClassType::kMixed, 18), 4);  // 18 / 5 = 3.6
}

// 15 children of 18 months and one of 25 on 2025-06-01 in a 托小班.
ClassRoster CrowdedYoungerClass() {
  ClassRoster roster{
      .class_id = "c1", .type = ClassType::kYounger, .children = {}, .caregivers = 3};
  for (int i = 1; i <= 15; ++i)
    roster.children.push_back({"k" + std::to_string(i), D(2023, 12, 1)});
  roster.children.push_back({"k16", D(2023, 5, 1)});
  return roster;
}

TEST(ChildcareCheckClassTest, ReportsSizeRatioAndAge) {
  ASSERT_OK_AND_ASSIGN(std::vector<ClassFinding> findings,
                       CheckClass(CrowdedYoungerClass(), D(2025, 6, 1)));
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].kind, ClassFindingKind::kOverSize);
  EXPECT_EQ(findings[0].actual, 16);
  EXPECT_EQ(findings[0].required, 15);
  EXPECT_THAT(findings[0].message, HasSubstr("托小班 c1: 16 children, the limit is 15"));
  EXPECT_EQ(findings[1].kind, ClassFindingKind::kRatioBreach);
  EXPECT_EQ(findings[1].actual, 3);
  EXPECT_EQ(findings[1].required, 4);  // 16 / 5 = 3.2
  EXPECT_THAT(findings[1].message, HasSubstr("need 4 caregivers at 1:5, 3 on staff"));
  EXPECT_EQ(findings[2].kind, ClassFindingKind::kAgeOutsideClass);
  EXPECT_EQ(findings[2].child_id, "k16");
  EXPECT_EQ(findings[2].actual, 25);
  EXPECT_THAT(findings[2].message, HasSubstr("25 months old, outside the class's 12–24 months"));
}

TEST(ChildcareCheckClassTest, ClassWithinItsNormHasNoFindings) {
  ClassRoster roster = CrowdedYoungerClass();
  roster.children.pop_back();  // 15 children of 18 months, 3 caregivers: 1:5 exactly
  ASSERT_OK_AND_ASSIGN(std::vector<ClassFinding> findings, CheckClass(roster, D(2025, 6, 1)));
  EXPECT_THAT(findings, IsEmpty());
  ClassRoster empty{.class_id = "c2", .type = ClassType::kInfant, .children = {}, .caregivers = 0};
  ASSERT_OK_AND_ASSIGN(findings, CheckClass(empty, D(2025, 6, 1)));
  EXPECT_THAT(findings, IsEmpty());
}

TEST(ChildcareCheckClassTest, RatioOnlyBreach) {
  // 乳儿班: 4 children of 8 months need ceil(4 / 3) = 2 caregivers; 1 on staff.
  ClassRoster roster{.class_id = "r1", .type = ClassType::kInfant, .children = {}, .caregivers = 1};
  for (int i = 0; i < 4; ++i) roster.children.push_back({"b" + std::to_string(i), D(2024, 10, 1)});
  ASSERT_OK_AND_ASSIGN(std::vector<ClassFinding> findings, CheckClass(roster, D(2025, 6, 1)));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, ClassFindingKind::kRatioBreach);
  EXPECT_EQ(findings[0].required, 2);
}

TEST(ChildcareCheckClassTest, RefusesBadRosters) {
  ClassRoster roster = CrowdedYoungerClass();
  roster.caregivers = -1;
  EXPECT_THAT(CheckClass(roster, D(2025, 6, 1)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("caregivers")));
  roster = CrowdedYoungerClass();
  roster.children.push_back({"k3", D(2023, 12, 1)});
  EXPECT_THAT(CheckClass(roster, D(2025, 6, 1)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("k3 is listed twice")));
  roster = CrowdedYoungerClass();
  roster.children.push_back({"late", D(2025, 7, 1)});
  EXPECT_THAT(CheckClass(roster, D(2025, 6, 1)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("child late: born 2025-07-01")));
  roster = CrowdedYoungerClass();
  roster.children.push_back({"", D(2023, 12, 1)});
  EXPECT_THAT(CheckClass(roster, D(2025, 6, 1)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("child_id")));
}

std::vector<std::string> Ids(const std::vector<NurseryChild>& children) {
  std::vector<std::string> ids;
  ids.reserve(children.size());
  for (const NurseryChild& c : children) ids.push_back(c.child_id);
  return ids;
}

TEST(NurseryClassTest, CreateChecksCapacityAgainstTheNorm) {
  EXPECT_THAT(NurseryClass::Create("i1", ClassType::kInfant, 11),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("must be 1 to 10")));
  EXPECT_THAT(NurseryClass::Create("i1", ClassType::kInfant, 0),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(NurseryClass::Create("", ClassType::kInfant, 5),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("class_id")));
  ASSERT_OK_AND_ASSIGN(NurseryClass c, NurseryClass::Create("o1", ClassType::kOlder, 20));
  EXPECT_EQ(c.free_places(), 20);
}

TEST(NurseryClassTest, FreedPlaceGoesToFirstWaitingChildWhoseAgeFits) {
  ASSERT_OK_AND_ASSIGN(NurseryClass c, NurseryClass::Create("i1", ClassType::kInfant, 2));
  ASSERT_OK_AND_ASSIGN(EnrolmentResult a,
                       c.Apply({"A", D(2024, 8, 1)}, D(2025, 3, 1)));  // 7 months
  EXPECT_EQ(a.outcome, EnrolmentOutcome::kEnrolled);
  EXPECT_EQ(a.waiting_position, 0);
  ASSERT_OK_AND_ASSIGN(a, c.Apply({"B", D(2024, 7, 15)}, D(2025, 3, 1)));
  EXPECT_EQ(a.outcome, EnrolmentOutcome::kEnrolled);
  EXPECT_EQ(c.free_places(), 0);
  // C is 5 months old on 2025-03-02 (too young, and the class is full); D is 8.
  ASSERT_OK_AND_ASSIGN(a, c.Apply({"C", D(2024, 9, 20)}, D(2025, 3, 2)));
  EXPECT_EQ(a.outcome, EnrolmentOutcome::kWaitlisted);
  EXPECT_EQ(a.waiting_position, 1);
  ASSERT_OK_AND_ASSIGN(a, c.Apply({"D", D(2024, 6, 10)}, D(2025, 3, 3)));
  EXPECT_EQ(a.outcome, EnrolmentOutcome::kWaitlisted);
  EXPECT_EQ(a.waiting_position, 2);
  // A leaves on 2025-03-10: C is still 5 months old, so D (next on the list) gets the place.
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> admitted, c.Withdraw("A", D(2025, 3, 10)));
  EXPECT_THAT(admitted, ElementsAre("D"));
  EXPECT_THAT(Ids(c.waiting()), ElementsAre("C"));
  // B leaves on 2025-03-25: C turned 6 months on 2025-03-20.
  ASSERT_OK_AND_ASSIGN(admitted, c.Withdraw("B", D(2025, 3, 25)));
  EXPECT_THAT(admitted, ElementsAre("C"));
  EXPECT_THAT(Ids(c.enrolled()), ElementsAre("D", "C"));
  EXPECT_THAT(c.waiting(), IsEmpty());
}

TEST(NurseryClassTest, EarlierApplicantWhoCameOfAgeGoesFirst) {
  ASSERT_OK_AND_ASSIGN(NurseryClass c, NurseryClass::Create("i2", ClassType::kInfant, 1));
  ASSERT_OK_AND_ASSIGN(EnrolmentResult a, c.Apply({"E", D(2024, 6, 1)}, D(2025, 3, 1)));
  ASSERT_EQ(a.outcome, EnrolmentOutcome::kEnrolled);
  ASSERT_OK_AND_ASSIGN(a, c.Apply({"F", D(2024, 9, 20)}, D(2025, 3, 2)));  // 5 months
  ASSERT_EQ(a.outcome, EnrolmentOutcome::kWaitlisted);
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> admitted, c.Withdraw("E", D(2025, 3, 5)));
  EXPECT_THAT(admitted, IsEmpty());  // F is too young: the place stays free
  EXPECT_EQ(c.free_places(), 1);
  // G fits and F does not yet: G takes the free place, F keeps its turn.
  ASSERT_OK_AND_ASSIGN(a, c.Apply({"G", D(2024, 5, 1)}, D(2025, 3, 6)));
  EXPECT_EQ(a.outcome, EnrolmentOutcome::kEnrolled);
  EXPECT_THAT(Ids(c.waiting()), ElementsAre("F"));
  ASSERT_OK_AND_ASSIGN(admitted, c.Withdraw("G", D(2025, 3, 15)));
  EXPECT_THAT(admitted, IsEmpty());
  // On 2025-03-21 F is 6 months old: it gets the place before the new applicant I.
  ASSERT_OK_AND_ASSIGN(a, c.Apply({"I", D(2024, 8, 1)}, D(2025, 3, 21)));
  EXPECT_EQ(a.outcome, EnrolmentOutcome::kWaitlisted);
  EXPECT_EQ(a.waiting_position, 1);
  EXPECT_THAT(a.admitted_from_list, ElementsAre("F"));
  EXPECT_THAT(Ids(c.enrolled()), ElementsAre("F"));
  EXPECT_THAT(Ids(c.waiting()), ElementsAre("I"));
}

TEST(NurseryClassTest, FillPlacesAdmitsChildrenAsTheyComeOfAge) {
  ASSERT_OK_AND_ASSIGN(NurseryClass c, NurseryClass::Create("i3", ClassType::kInfant, 3));
  ASSERT_OK_AND_ASSIGN(EnrolmentResult a, c.Apply({"P", D(2024, 12, 5)}, D(2025, 3, 1)));
  ASSERT_EQ(a.outcome, EnrolmentOutcome::kWaitlisted);  // 2 months old
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> admitted, c.FillPlaces(D(2025, 6, 4)));
  EXPECT_THAT(admitted, IsEmpty());  // 5 months
  ASSERT_OK_AND_ASSIGN(admitted, c.FillPlaces(D(2025, 6, 5)));
  EXPECT_THAT(admitted, ElementsAre("P"));
}

TEST(NurseryClassTest, ChildPastTheRangeStaysListedButIsNeverAdmitted) {
  ASSERT_OK_AND_ASSIGN(NurseryClass c, NurseryClass::Create("y1", ClassType::kYounger, 1));
  ASSERT_OK(c.Apply({"M", D(2024, 1, 1)}, D(2025, 3, 1)).status());
  ASSERT_OK_AND_ASSIGN(EnrolmentResult a,
                       c.Apply({"J", D(2023, 4, 1)}, D(2025, 3, 1)));  // 23 months
  ASSERT_EQ(a.outcome, EnrolmentOutcome::kWaitlisted);
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> admitted, c.Withdraw("M", D(2025, 4, 10)));
  EXPECT_THAT(admitted, IsEmpty());  // J is 24 months now
  EXPECT_THAT(Ids(c.waiting()), ElementsAre("J"));
  ASSERT_OK(c.CancelApplication("J", D(2025, 4, 10)));
  EXPECT_THAT(c.waiting(), IsEmpty());
}

TEST(NurseryClassTest, RefusesBadEventsWithoutChangingState) {
  ASSERT_OK_AND_ASSIGN(NurseryClass c, NurseryClass::Create("i4", ClassType::kInfant, 1));
  ASSERT_OK(c.Apply({"A", D(2024, 8, 1)}, D(2025, 3, 10)).status());
  EXPECT_THAT(c.Apply({"A", D(2024, 8, 1)}, D(2025, 3, 10)),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("already enrolled")));
  ASSERT_OK(c.Apply({"B", D(2024, 8, 1)}, D(2025, 3, 10)).status());
  EXPECT_THAT(c.Apply({"B", D(2024, 8, 1)}, D(2025, 3, 10)),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("waiting list")));
  EXPECT_THAT(c.Apply({"Old", D(2024, 1, 1)}, D(2025, 3, 10)),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("14 months old")));
  EXPECT_THAT(c.Apply({"Z", D(2025, 4, 1)}, D(2025, 3, 10)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("born 2025-04-01")));
  EXPECT_THAT(c.Apply({"", D(2024, 8, 1)}, D(2025, 3, 10)), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(c.Apply({"Early", D(2024, 8, 1)}, D(2025, 3, 9)),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("date order")));
  EXPECT_THAT(c.Withdraw("A", D(2025, 3, 9)), StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(c.Withdraw("B", D(2025, 3, 11)),
              StatusIs(StatusCode::kNotFound, HasSubstr("not enrolled")));
  EXPECT_THAT(c.CancelApplication("A", D(2025, 3, 11)),
              StatusIs(StatusCode::kNotFound, HasSubstr("not on the waiting list")));
  EXPECT_THAT(c.FillPlaces(D(2025, 3, 1)), StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(Ids(c.enrolled()), ElementsAre("A"));
  EXPECT_THAT(Ids(c.waiting()), ElementsAre("B"));
}

NurseryInspection GoodInspection() {
  return NurseryInspection{.date = D(2024, 3, 1),
                           .inspector = "王检查",
                           .items = {{"消防设施", 80}, {"晨午检记录", 90}, {"膳食管理", 55}},
                           .findings = {"膳食留样不足48小时"},
                           .remedy_deadline = D(2024, 4, 1),
                           .follow_up = std::nullopt};
}

TEST(NurseryInspectionTest, ScoresAndFailedItems) {
  const NurseryInspection inspection = GoodInspection();
  ASSERT_OK(ValidateInspection(inspection));
  EXPECT_DOUBLE_EQ(*InspectionMeanScore(inspection), 75.0);  // (80 + 90 + 55) / 3
  EXPECT_EQ(InspectionMeanScore(NurseryInspection{}), std::nullopt);
  EXPECT_THAT(FailedChecklistItems(inspection), ElementsAre("膳食管理"));
  EXPECT_THAT(FailedChecklistItems(inspection, 85), ElementsAre("消防设施", "膳食管理"));
  EXPECT_THAT(FailedChecklistItems(inspection, 0), IsEmpty());
}

TEST(NurseryInspectionTest, ValidationNamesTheField) {
  NurseryInspection i = GoodInspection();
  i.inspector.clear();
  EXPECT_THAT(ValidateInspection(i),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("inspector")));
  i = GoodInspection();
  i.items.clear();
  EXPECT_THAT(ValidateInspection(i),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("at least one")));
  i = GoodInspection();
  i.items[1].score = 101;
  EXPECT_THAT(ValidateInspection(i),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("score must be 0 to 100, got 101")));
  i.items[1].score = -1;
  EXPECT_THAT(ValidateInspection(i), StatusIs(StatusCode::kInvalidArgument, HasSubstr("got -1")));
  i = GoodInspection();
  i.items.push_back({"消防设施", 70});
  EXPECT_THAT(ValidateInspection(i),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("listed twice")));
  i = GoodInspection();
  i.items.push_back({"", 70});
  EXPECT_THAT(ValidateInspection(i), StatusIs(StatusCode::kInvalidArgument, HasSubstr("no name")));
  i = GoodInspection();
  i.findings.emplace_back("");
  EXPECT_THAT(ValidateInspection(i),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("a finding is empty")));
  i = GoodInspection();
  i.remedy_deadline.reset();
  EXPECT_THAT(ValidateInspection(i),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("remedy_deadline: required")));
  i = GoodInspection();
  i.findings.clear();
  EXPECT_THAT(ValidateInspection(i),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("no findings to remedy")));
  i.remedy_deadline.reset();
  EXPECT_OK(ValidateInspection(i));
  i.follow_up = D(2024, 3, 5);
  EXPECT_THAT(ValidateInspection(i),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("no remedy to follow up")));
  i = GoodInspection();
  i.remedy_deadline = D(2024, 2, 28);
  EXPECT_THAT(ValidateInspection(i),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("before the inspection")));
  i = GoodInspection();
  i.follow_up = D(2024, 2, 1);
  EXPECT_THAT(ValidateInspection(i),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("follow_up")));
  i.follow_up = D(2024, 5, 1);  // after the deadline: a late remedy, still valid
  EXPECT_OK(ValidateInspection(i));
}

NurseryOversight Nursery() {
  return NurseryOversight{
      .nursery_id = "N1", .registered_on = D(2023, 1, 10), .classes = {}, .inspections = {}};
}

TEST(NurseryOversightTest, FirstInspectionIsDueOneYearAfterRegistration) {
  NurseryOversight n = Nursery();
  ASSERT_OK_AND_ASSIGN(std::vector<OversightFlag> flags, OversightFlagsOn(n, D(2024, 1, 10)));
  EXPECT_THAT(flags, IsEmpty());
  // An inspection after the date checked has not happened yet.
  n.inspections.push_back(GoodInspection());
  ASSERT_OK_AND_ASSIGN(flags, OversightFlagsOn(n, D(2024, 1, 11)));
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].kind, OversightFlagKind::kInspectionOverdue);
  EXPECT_EQ(flags[0].due, D(2024, 1, 10));
  EXPECT_EQ(flags[0].days_overdue, 1);
  EXPECT_THAT(flags[0].message, HasSubstr("registration on 2023-01-10"));
  // A six-month interval: due 2023-07-10, so 185 days overdue on 2024-01-11.
  ASSERT_OK_AND_ASSIGN(flags,
                       OversightFlagsOn(n, D(2024, 1, 11), {.inspection_interval_months = 6}));
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].due, D(2023, 7, 10));
  EXPECT_EQ(flags[0].days_overdue, 185);  // 21 + 31 + 30 + 31 + 30 + 31 + 11
}

TEST(NurseryOversightTest, IntervalEndsOnTheLastDayOfAShortMonth) {
  // Registered on 31 January with a one-month interval: due on the last day of February.
  NurseryOversight n{
      .nursery_id = "N2", .registered_on = D(2024, 1, 31), .classes = {}, .inspections = {}};
  const OversightPolicy monthly{.inspection_interval_months = 1};
  ASSERT_OK_AND_ASSIGN(std::vector<OversightFlag> flags,
                       OversightFlagsOn(n, D(2024, 2, 29), monthly));
  EXPECT_THAT(flags, IsEmpty());
  ASSERT_OK_AND_ASSIGN(flags, OversightFlagsOn(n, D(2024, 3, 1), monthly));
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].due, D(2024, 2, 29));
  EXPECT_EQ(flags[0].days_overdue, 1);
  n.registered_on = D(2023, 1, 31);
  ASSERT_OK_AND_ASSIGN(flags, OversightFlagsOn(n, D(2023, 3, 1), monthly));
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].due, D(2023, 2, 28));
  // Twelve months from 29 February: 28 February of the next year.
  n.registered_on = D(2024, 2, 29);
  ASSERT_OK_AND_ASSIGN(flags, OversightFlagsOn(n, D(2025, 3, 1)));
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].due, D(2025, 2, 28));
  EXPECT_EQ(flags[0].days_overdue, 1);
  // Due after the end of the calendar: never overdue, never a crash.
  n.registered_on = D(9999, 6, 1);
  ASSERT_OK_AND_ASSIGN(flags, OversightFlagsOn(n, D(9999, 12, 31)));
  EXPECT_THAT(flags, IsEmpty());
}

TEST(NurseryOversightTest, RemedyOverdueUntilTheFollowUp) {
  NurseryOversight n = Nursery();
  n.inspections.push_back(GoodInspection());  // 2024-03-01, remedy by 2024-04-01
  ASSERT_OK_AND_ASSIGN(std::vector<OversightFlag> flags, OversightFlagsOn(n, D(2024, 4, 1)));
  EXPECT_THAT(flags, IsEmpty());
  ASSERT_OK_AND_ASSIGN(flags, OversightFlagsOn(n, D(2024, 4, 2)));
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].kind, OversightFlagKind::kRemedyOverdue);
  EXPECT_EQ(flags[0].subject, "2024-03-01");
  EXPECT_EQ(flags[0].due, D(2024, 4, 1));
  EXPECT_EQ(flags[0].days_overdue, 1);
  n.inspections[0].follow_up = D(2024, 4, 15);
  ASSERT_OK_AND_ASSIGN(flags, OversightFlagsOn(n, D(2024, 4, 10)));
  ASSERT_EQ(flags.size(), 1u);  // the follow-up has not happened yet
  EXPECT_EQ(flags[0].days_overdue, 9);
  ASSERT_OK_AND_ASSIGN(flags, OversightFlagsOn(n, D(2024, 4, 15)));
  EXPECT_THAT(flags, IsEmpty());
  // The next inspection is due a year after this one.
  ASSERT_OK_AND_ASSIGN(flags, OversightFlagsOn(n, D(2025, 3, 1)));
  EXPECT_THAT(flags, IsEmpty());
  ASSERT_OK_AND_ASSIGN(flags, OversightFlagsOn(n, D(2025, 3, 2)));
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].kind, OversightFlagKind::kInspectionOverdue);
  EXPECT_THAT(flags[0].message, HasSubstr("last inspection on 2024-03-01"));
}

TEST(NurseryOversightTest, RatioBreachComesFirst) {
  NurseryOversight n = Nursery();
  ClassRoster ok{.class_id = "ok",
                 .type = ClassType::kOlder,
                 .children = {{"o", D(2021, 6, 1)}},
                 .caregivers = 1};
  ClassRoster short_staffed{
      .class_id = "r1", .type = ClassType::kInfant, .children = {}, .caregivers = 1};
  for (int i = 0; i < 4; ++i) {
    short_staffed.children.push_back({"b" + std::to_string(i), D(2023, 5, 1)});
  }
  n.classes = {ok, short_staffed};
  n.inspections.push_back(GoodInspection());
  ASSERT_OK_AND_ASSIGN(std::vector<OversightFlag> flags, OversightFlagsOn(n, D(2023, 12, 1)));
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].kind, OversightFlagKind::kRatioBreach);
  EXPECT_EQ(flags[0].subject, "r1");
  EXPECT_EQ(flags[0].due, D(2023, 12, 1));
  ASSERT_OK_AND_ASSIGN(flags, OversightFlagsOn(n, D(2025, 3, 2)));
  ASSERT_EQ(flags.size(), 3u);
  EXPECT_EQ(flags[0].kind, OversightFlagKind::kRatioBreach);
  EXPECT_EQ(flags[1].kind, OversightFlagKind::kInspectionOverdue);
  EXPECT_EQ(flags[2].kind, OversightFlagKind::kRemedyOverdue);
}

TEST(NurseryOversightTest, RefusesBadInput) {
  NurseryOversight n = Nursery();
  EXPECT_THAT(OversightFlagsOn(n, D(2023, 1, 9)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("before its registration")));
  EXPECT_THAT(OversightFlagsOn(n, D(2024, 1, 1), {.inspection_interval_months = 0}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("inspection_interval_months")));
  EXPECT_THAT(OversightFlagsOn(n, D(2024, 1, 1), {.inspection_interval_months = 121}),
              StatusIs(StatusCode::kInvalidArgument));
  n.inspections.push_back(GoodInspection());
  n.inspections[0].inspector.clear();
  EXPECT_THAT(OversightFlagsOn(n, D(2024, 5, 1)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("nursery N1: inspection of")));
  n = Nursery();
  n.classes.push_back(
      {.class_id = "x", .type = ClassType::kInfant, .children = {}, .caregivers = -2});
  EXPECT_THAT(OversightFlagsOn(n, D(2024, 1, 1)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("nursery N1: 乳儿班 x")));
}

TEST(ChildcareBalanceTest, HailianLikeUnitIsShortOfTheTarget) {
  ASSERT_OK_AND_ASSIGN(
      ChildcareBalance b,
      ComputeChildcareBalance({.places = 30, .children_under_3 = 150, .residents = 7266}));
  ASSERT_TRUE(b.places_per_child.has_value());
  EXPECT_DOUBLE_EQ(*b.places_per_child, 0.2);  // 30 / 150
  ASSERT_TRUE(b.places_per_1000.has_value());
  EXPECT_NEAR(*b.places_per_1000, 4.1288, 1e-4);  // 30 000 / 7266
  EXPECT_DOUBLE_EQ(b.target_per_1000, 4.5);
  EXPECT_EQ(b.places_needed, 33);  // 4.5 × 7266 / 1000 = 32.697, rounded up
  EXPECT_EQ(b.gap, 3);
  EXPECT_FALSE(b.meets_target);
}

TEST(ChildcareBalanceTest, ExactTargetIsMet) {
  ASSERT_OK_AND_ASSIGN(
      ChildcareBalance b,
      ComputeChildcareBalance({.places = 9, .children_under_3 = 60, .residents = 2000}));
  EXPECT_EQ(b.places_needed, 9);  // 4.5 × 2000 / 1000 = 9 exactly
  EXPECT_EQ(b.gap, 0);
  EXPECT_TRUE(b.meets_target);
  EXPECT_DOUBLE_EQ(*b.places_per_1000, 4.5);
  // A local target of 5.5: ceil(11) = 11, two places short.
  ASSERT_OK_AND_ASSIGN(
      b, ComputeChildcareBalance({.places = 9, .children_under_3 = 60, .residents = 2000}, 5.5));
  EXPECT_EQ(b.places_needed, 11);
  EXPECT_EQ(b.gap, 2);
  // More places than needed: no negative gap.
  ASSERT_OK_AND_ASSIGN(
      b, ComputeChildcareBalance({.places = 50, .children_under_3 = 40, .residents = 2000}));
  EXPECT_EQ(b.gap, 0);
  EXPECT_DOUBLE_EQ(*b.places_per_child, 1.25);
}

TEST(ChildcareBalanceTest, EmptyUnitHasNoRatios) {
  ASSERT_OK_AND_ASSIGN(ChildcareBalance b, ComputeChildcareBalance({}));
  EXPECT_EQ(b.places_per_child, std::nullopt);
  EXPECT_EQ(b.places_per_1000, std::nullopt);
  EXPECT_EQ(b.places_needed, 0);
  EXPECT_TRUE(b.meets_target);
}

TEST(ChildcareBalanceTest, RefusesBadCounts) {
  EXPECT_THAT(ComputeChildcareBalance({.places = -1, .children_under_3 = 0, .residents = 10}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field places")));
  EXPECT_THAT(ComputeChildcareBalance({.places = 1, .children_under_3 = 11, .residents = 10}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("more than the residents")));
  EXPECT_THAT(ComputeChildcareBalance({.places = 1, .children_under_3 = 1, .residents = 10}, 0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("above 0")));
  EXPECT_THAT(ComputeChildcareBalance({.places = 1, .children_under_3 = 1, .residents = 10}, 1e300),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("at most 1000")));
  EXPECT_THAT(ComputeChildcareBalance({.places = 1, .children_under_3 = 1, .residents = 10},
                                      std::numeric_limits<double>::quiet_NaN()),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST(NurseryClassTest, RestoreGoesOnFromTheKeptState) {
  // One place, taken; one child waiting.
  ASSERT_OK_AND_ASSIGN(NurseryClass c,
                       NurseryClass::Restore("i1", ClassType::kInfant, 1, {{"a", D(2023, 1, 1)}},
                                             {{"b", D(2023, 2, 1)}}, D(2023, 9, 1)));
  EXPECT_EQ(c.free_places(), 0);
  EXPECT_EQ(c.last_event(), D(2023, 9, 1));
  EXPECT_THAT(c.Withdraw("a", D(2023, 8, 31)),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("before the last event")));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> admitted, c.Withdraw("a", D(2023, 9, 2)));
  EXPECT_THAT(admitted, ElementsAre("b"));
  EXPECT_THAT(c.Apply({"b", D(2023, 2, 1)}, D(2023, 9, 3)), StatusIs(StatusCode::kAlreadyExists));
}

TEST(NurseryClassTest, RestoreRefusesAStateTheRulesCannotReach) {
  EXPECT_THAT(
      NurseryClass::Restore("i1", ClassType::kInfant, 1,
                            {{"a", D(2023, 1, 1)}, {"b", D(2023, 1, 2)}}, {}, D(2023, 9, 1)),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("2 children enrolled in 1")));
  EXPECT_THAT(NurseryClass::Restore("i1", ClassType::kInfant, 2, {{"a", D(2023, 1, 1)}},
                                    {{"a", D(2023, 1, 1)}}, D(2023, 9, 1)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("listed twice")));
  EXPECT_THAT(
      NurseryClass::Restore("i1", ClassType::kInfant, 2, {{"", D(2023, 1, 1)}}, {}, D(2023, 9, 1)),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("child_id")));
  EXPECT_THAT(NurseryClass::Restore("i1", ClassType::kInfant, 2, {{"a", D(2023, 10, 1)}}, {},
                                    D(2023, 9, 1)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("after the last event")));
  EXPECT_THAT(NurseryClass::Restore("i1", ClassType::kInfant, 11, {}, {}, std::nullopt),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("capacity")));
  ASSERT_OK_AND_ASSIGN(NurseryClass empty,
                       NurseryClass::Restore("i1", ClassType::kInfant, 2, {}, {}, std::nullopt));
  EXPECT_EQ(empty.last_event(), std::nullopt);
}

TEST(NurseryOversightTest, ClassOverSizeIsFlaggedBeforeItsRatioBreach) {
  NurseryOversight n = Nursery();
  ClassRoster crowded{
      .class_id = "big", .type = ClassType::kInfant, .children = {}, .caregivers = 3};
  for (int i = 0; i < 11; ++i) crowded.children.push_back({"c" + std::to_string(i), D(2023, 5, 1)});
  n.classes = {crowded};
  n.inspections.push_back(GoodInspection());
  ASSERT_OK_AND_ASSIGN(std::vector<OversightFlag> flags, OversightFlagsOn(n, D(2023, 12, 1)));
  ASSERT_EQ(flags.size(), 2u);
  EXPECT_EQ(flags[0].kind, OversightFlagKind::kClassOverSize);
  EXPECT_EQ(flags[0].subject, "big");
  EXPECT_EQ(flags[0].days_overdue, 0);
  EXPECT_THAT(flags[0].message, HasSubstr("the limit is 10"));
  EXPECT_EQ(flags[1].kind, OversightFlagKind::kRatioBreach);  // 11 need 4 at 1:3
  EXPECT_EQ(OversightFlagKindId(flags[0].kind), "class_over_size");
  EXPECT_EQ(OversightFlagKindId(flags[1].kind), "ratio_breach");
  EXPECT_EQ(OversightFlagKindId(OversightFlagKind::kInspectionOverdue), "inspection_overdue");
  EXPECT_EQ(OversightFlagKindId(OversightFlagKind::kRemedyOverdue), "remedy_overdue");
  EXPECT_EQ(ClassFindingKindId(ClassFindingKind::kOverSize), "over_size");
  EXPECT_EQ(ClassFindingKindId(ClassFindingKind::kAgeOutsideClass), "age_outside_class");
}

}  // namespace
}  // namespace alley::services

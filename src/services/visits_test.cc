#include "services/visits.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/status_matchers.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using registry::ResidentTag;
using registry::TagBit;
using ::testing::HasSubstr;

core::Date D(const char* text) { return *core::Date::Parse(text); }

// A person enrolled on 2026-01-05, born on `birth`, last visited on `last`.
VisitSubject Person(int64_t id, const char* birth, std::optional<const char*> last,
                    uint32_t tags = 0, std::optional<int64_t> worker = 7) {
  VisitSubject s{.resident_id = id,
                 .birth_date = D(birth),
                 .tags = tags,
                 .grid_worker_id = worker,
                 .enrolled_on = D("2026-01-05")};
  if (last.has_value()) s.last_visit = D(*last);
  return s;
}

VisitDue Due(const VisitSubject& s, const char* on, const VisitPolicy& policy = {}) {
  StatusOr<VisitDue> due = ComputeVisitDue(policy, s, D(on));
  EXPECT_OK(due);
  return due.ok() ? *due : VisitDue{};
}

TEST(VisitDueTest, WeeklyFromEightyFortnightlyFromSixty) {
  // 85 on 2026-06-01: due 7 days later.
  VisitDue old = Due(Person(1, "1941-03-02", "2026-06-01"), "2026-06-08");
  EXPECT_EQ(old.age, 85);
  EXPECT_EQ(old.interval_days, 7);
  EXPECT_EQ(old.due, D("2026-06-08"));
  EXPECT_FALSE(old.overdue);  // the due date itself is not late
  EXPECT_EQ(old.days_overdue, 0);
  VisitDue late = Due(Person(1, "1941-03-02", "2026-06-01"), "2026-06-10");
  EXPECT_TRUE(late.overdue);
  EXPECT_EQ(late.days_overdue, 2);

  // 70: due 14 days later, 2026-06-15; on 2026-06-30, 15 days overdue.
  VisitDue younger = Due(Person(2, "1956-01-20", "2026-06-01"), "2026-06-30");
  EXPECT_EQ(younger.interval_days, 14);
  EXPECT_EQ(younger.due, D("2026-06-15"));
  EXPECT_EQ(younger.days_overdue, 15);
  EXPECT_FALSE(younger.first_visit);
  EXPECT_EQ(younger.anchor, D("2026-06-01"));
}

TEST(VisitDueTest, TagsTightenTheSchedule) {
  EXPECT_EQ(
      Due(Person(1, "1956-01-20", "2026-06-01", TagBit(ResidentTag::kDisability)), "2026-06-02")
          .due,
      D("2026-06-08"));
  EXPECT_EQ(Due(Person(1, "1961-01-20", "2026-06-01", TagBit(ResidentTag::kSpecialHardship)),
                "2026-06-02")
                .interval_days,
            7);
  // A tag without a rule changes nothing.
  EXPECT_EQ(Due(Person(1, "1956-01-20", "2026-06-01", TagBit(ResidentTag::kVeteran)), "2026-06-02")
                .interval_days,
            14);
  // A policy rule looser than the band does not loosen it.
  VisitPolicy loose;
  loose.tag_rules = {{.tag = ResidentTag::kVeteran, .interval_days = 30}};
  EXPECT_EQ(
      Due(Person(1, "1941-01-20", "2026-06-01", TagBit(ResidentTag::kVeteran)), "2026-06-02", loose)
          .interval_days,
      7);
}

TEST(VisitDueTest, TheAgeAtTheLastVisitSetsTheInterval) {
  // Born 1946-06-10: 79 at the visit on 2026-06-01, 80 from 2026-06-10.
  VisitDue before = Due(Person(1, "1946-06-10", "2026-06-01"), "2026-06-12");
  EXPECT_EQ(before.age, 79);
  EXPECT_EQ(before.due, D("2026-06-15"));
  EXPECT_FALSE(before.overdue);
  VisitDue after = Due(Person(1, "1946-06-10", "2026-06-12"), "2026-06-12");
  EXPECT_EQ(after.age, 80);
  EXPECT_EQ(after.due, D("2026-06-19"));
}

TEST(VisitDueTest, YoungerThanEveryBandGetsTheLowestBand) {
  EXPECT_EQ(Due(Person(1, "1971-05-01", "2026-06-01"), "2026-06-02").interval_days, 14);
  VisitPolicy policy;
  policy.age_bands = {{.min_age = 90, .interval_days = 3}, {.min_age = 70, .interval_days = 10}};
  EXPECT_EQ(Due(Person(1, "1961-05-01", "2026-06-01"), "2026-06-02", policy).interval_days, 10);
  EXPECT_EQ(Due(Person(1, "1931-05-01", "2026-06-01"), "2026-06-02", policy).interval_days, 3);
}

TEST(VisitDueTest, TheFirstVisitIsDueSoonAfterEnrolment) {
  // Enrolled 2026-01-05, never visited: due 7 days later, 2026-01-12.
  VisitDue first = Due(Person(1, "1956-01-20", std::nullopt), "2026-01-20");
  EXPECT_TRUE(first.first_visit);
  EXPECT_EQ(first.anchor, D("2026-01-05"));
  EXPECT_EQ(first.due, D("2026-01-12"));
  EXPECT_EQ(first.days_overdue, 8);
  // A visit before the enrolment does not count.
  EXPECT_EQ(Due(Person(1, "1956-01-20", "2025-12-30"), "2026-01-20").due, D("2026-01-12"));
  // Within the interval when it is shorter than the first-visit days.
  VisitPolicy month;
  month.first_visit_within_days = 30;
  EXPECT_EQ(Due(Person(1, "1956-01-20", std::nullopt), "2026-01-06", month).due, D("2026-01-19"));
  // Enrolled after the date asked about: not due yet.
  VisitSubject later = Person(1, "1956-01-20", std::nullopt);
  later.enrolled_on = D("2026-03-01");
  VisitDue not_yet = Due(later, "2026-02-01");
  EXPECT_EQ(not_yet.due, D("2026-03-08"));
  EXPECT_FALSE(not_yet.overdue);
}

TEST(VisitDueTest, DueDatesCrossMonthsYearsAndLeapDays) {
  EXPECT_EQ(Due(Person(1, "1941-03-02", "2026-12-28"), "2026-12-28").due, D("2027-01-04"));
  EXPECT_EQ(Due(Person(1, "1941-03-02", "2028-02-22"), "2028-02-22").due, D("2028-02-29"));
  EXPECT_EQ(Due(Person(1, "1941-03-02", "2027-02-22"), "2027-02-22").due, D("2027-03-01"));
  // 2027-02-20 + 14 = 2027-03-06; on 2027-03-31, 25 days overdue.
  EXPECT_EQ(Due(Person(1, "1956-01-20", "2027-02-20"), "2027-03-31").days_overdue, 25);
}

TEST(VisitDueTest, BadInputIsRefused) {
  EXPECT_THAT(ComputeVisitDue({}, Person(1, "2026-07-01", std::nullopt), D("2026-06-01")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("birth_date")));
  EXPECT_THAT(ComputeVisitDue({}, Person(1, "1950-07-01", "2026-06-02"), D("2026-06-01")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("last_visit 2026-06-02")));
  VisitSubject s = Person(1, "1950-07-01", "2026-06-01");
  s.unanswered_attempts = -1;
  EXPECT_THAT(ComputeVisitDue({}, s, D("2026-06-01")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unanswered_attempts")));
  VisitPolicy bad;
  bad.age_bands.clear();
  EXPECT_THAT(ComputeVisitDue(bad, Person(1, "1950-07-01", "2026-06-01"), D("2026-06-01")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("age_bands")));
  EXPECT_THAT(ComputeVisitDue({}, Person(1, "1950-07-01", "9999-12-28"), D("9999-12-30")),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("9999-12-31")));
}

TEST(VisitPolicyTest, ValidateNamesTheField) {
  EXPECT_OK(ValidateVisitPolicy({}));
  VisitPolicy p;
  p.age_bands = {{.min_age = 60, .interval_days = 0}};
  EXPECT_THAT(ValidateVisitPolicy(p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("age_bands[0].interval_days")));
  p.age_bands = {{.min_age = 60, .interval_days = 14}, {.min_age = 151, .interval_days = 7}};
  EXPECT_THAT(ValidateVisitPolicy(p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("age_bands[1].min_age")));
  p.age_bands = {{.min_age = 60, .interval_days = 14}, {.min_age = 60, .interval_days = 7}};
  EXPECT_THAT(ValidateVisitPolicy(p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("also starts at age 60")));
  p = {};
  p.tag_rules.push_back({.tag = ResidentTag::kDisability, .interval_days = 3});
  EXPECT_THAT(ValidateVisitPolicy(p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("tag_rules[2]")));
  p = {};
  p.tag_rules[0].interval_days = 367;
  EXPECT_THAT(ValidateVisitPolicy(p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("tag_rules[0].interval_days")));
  p = {};
  p.first_visit_within_days = 0;
  EXPECT_THAT(ValidateVisitPolicy(p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("first_visit_within_days")));
}

TEST(VisitOutcomeTest, ParsedByIdentifierOrChineseName) {
  EXPECT_EQ(ParseVisitOutcome("不在家"), VisitOutcome::kNotAtHome);
  EXPECT_EQ(ParseVisitOutcome("hospitalised"), VisitOutcome::kHospitalised);
  EXPECT_EQ(ParseVisitOutcome("需要帮助"), VisitOutcome::kNeedsHelp);
  EXPECT_EQ(ParseVisitOutcome("asleep"), std::nullopt);
  EXPECT_EQ(VisitOutcomeId(VisitOutcome::kWell), "well");
  EXPECT_EQ(VisitOutcomeTerms().size(), 4u);
  EXPECT_TRUE(ResetsSchedule(VisitOutcome::kWell));
  EXPECT_TRUE(ResetsSchedule(VisitOutcome::kNeedsHelp));
  EXPECT_TRUE(ResetsSchedule(VisitOutcome::kHospitalised));
  EXPECT_FALSE(ResetsSchedule(VisitOutcome::kNotAtHome));
}

TEST(VisitRecordTest, ValidateNamesTheRule) {
  VisitRecord v{.resident_id = 1, .date = D("2026-06-01"), .visitor_id = 9};
  EXPECT_OK(ValidateVisitRecord(v, D("2026-06-01")));
  EXPECT_THAT(ValidateVisitRecord(v, D("2026-05-31")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("future")));
  v.outcome = VisitOutcome::kNeedsHelp;
  EXPECT_THAT(ValidateVisitRecord(v, D("2026-06-01")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("follow_up_needed")));
  v.follow_up_needed = true;
  EXPECT_OK(ValidateVisitRecord(v, D("2026-06-01")));
  v.visitor_id = 0;
  EXPECT_THAT(ValidateVisitRecord(v, D("2026-06-01")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("visitor_id")));
  v.visitor_name = "志愿者李";
  EXPECT_OK(ValidateVisitRecord(v, D("2026-06-01"))) << "a visitor who is not a user";
  v.visitor_id = -1;
  EXPECT_THAT(ValidateVisitRecord(v, D("2026-06-01")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("visitor_id")));
  v.visitor_id = 0;
  v.visitor_name = std::string(kMaxVisitorNameBytes + 1, 'x');
  EXPECT_THAT(ValidateVisitRecord(v, D("2026-06-01")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("visitor_name")));
  v.visitor_name.clear();
  v.visitor_id = 9;
  v.resident_id = -2;
  EXPECT_THAT(ValidateVisitRecord(v, D("2026-06-01")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("resident_id")));
  v.resident_id = 1;
  v.notes = std::string(kMaxVisitNotesBytes + 1, 'x');
  EXPECT_THAT(ValidateVisitRecord(v, D("2026-06-01")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("notes")));
}

TEST(VisitHistoryTest, NotAtHomeDoesNotResetTheSchedule) {
  std::vector<VisitRecord> visits = {
      {.resident_id = 1, .date = D("2026-06-09"), .outcome = VisitOutcome::kNotAtHome},
      {.resident_id = 1, .date = D("2026-06-01"), .outcome = VisitOutcome::kWell},
      {.resident_id = 1, .date = D("2026-06-10"), .outcome = VisitOutcome::kNotAtHome},
      {.resident_id = 1, .date = D("2026-05-20"), .outcome = VisitOutcome::kNotAtHome},
      {.resident_id = 1, .date = D("2026-06-20"), .outcome = VisitOutcome::kWell},  // after `on`
  };
  VisitHistory h = SummarizeVisits(visits, D("2026-06-15"));
  EXPECT_EQ(h.last_visit, D("2026-06-01"));
  EXPECT_EQ(h.unanswered_attempts, 2);
  EXPECT_EQ(h.last_attempt, D("2026-06-10"));

  // An 85-year-old last seen on 2026-06-01, with two unanswered doors since:
  // still overdue on 2026-06-15, by 7 days.
  VisitSubject s = Person(1, "1941-03-02", std::nullopt);
  s.last_visit = h.last_visit;
  s.unanswered_attempts = h.unanswered_attempts;
  VisitDue due = Due(s, "2026-06-15");
  EXPECT_EQ(due.due, D("2026-06-08"));
  EXPECT_EQ(due.days_overdue, 7);
  EXPECT_EQ(due.unanswered_attempts, 2);

  // A door unanswered in the morning and the person reached the same day.
  std::vector<VisitRecord> same_day = {
      {.resident_id = 1, .date = D("2026-06-05"), .outcome = VisitOutcome::kNotAtHome},
      {.resident_id = 1, .date = D("2026-06-05"), .outcome = VisitOutcome::kHospitalised},
  };
  VisitHistory reached = SummarizeVisits(same_day, D("2026-06-15"));
  EXPECT_EQ(reached.last_visit, D("2026-06-05"));
  EXPECT_EQ(reached.unanswered_attempts, 0);
  EXPECT_EQ(reached.last_attempt, std::nullopt);
  // Nobody ever reached.
  VisitHistory never = SummarizeVisits(
      std::vector<VisitRecord>{
          {.resident_id = 1, .date = D("2026-06-05"), .outcome = VisitOutcome::kNotAtHome}},
      D("2026-06-15"));
  EXPECT_EQ(never.last_visit, std::nullopt);
  EXPECT_EQ(never.unanswered_attempts, 1);
}

TEST(OverdueByWorkerTest, GroupedPerWorkerMostOverdueFirst) {
  // On 2026-06-30. 85-year-olds visited on D are due D + 7; 70-year-olds D + 14.
  const char* kOld = "1941-03-02";
  const char* kSeventy = "1956-01-20";
  std::vector<VisitSubject> people = {
      Person(10, kOld, "2026-06-21", 0, 7),             // due 06-28: 2 days overdue
      Person(11, kSeventy, "2026-06-06", 0, 7),         // due 06-20: 10
      Person(12, kOld, "2026-06-25", 0, 7),             // due 07-02: not overdue
      Person(13, kOld, "2026-06-13", 0, 3),             // due 06-20: 10
      Person(14, kOld, "2026-06-13", 0, std::nullopt),  // due 06-20: 10, no grid worker
      Person(15, kSeventy, "2026-05-27", 0, 9),         // due 06-10: 20
      Person(16, kSeventy, "2026-06-20", 0, 5),         // due 07-04: not overdue
      Person(17, kOld, "2026-06-13", 0, 7),             // due 06-20: 10
  };
  ASSERT_OK_AND_ASSIGN(std::vector<WorkerOverdue> groups,
                       OverdueByWorker({}, people, D("2026-06-30")));
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0].grid_worker_id, 9);
  EXPECT_EQ(groups[0].max_days_overdue, 20);
  EXPECT_EQ(groups[1].grid_worker_id, 3);
  EXPECT_EQ(groups[2].grid_worker_id, 7);
  EXPECT_EQ(groups[3].grid_worker_id, std::nullopt);
  EXPECT_EQ(groups[3].max_days_overdue, 10);
  std::vector<int64_t> ids;
  std::vector<int64_t> days;
  for (const VisitDue& d : groups[2].overdue) {
    ids.push_back(d.resident_id);
    days.push_back(d.days_overdue);
  }
  EXPECT_EQ(ids, (std::vector<int64_t>{11, 17, 10}));
  EXPECT_EQ(days, (std::vector<int64_t>{10, 10, 2}));

  people.push_back(Person(18, "2027-01-01", std::nullopt));
  EXPECT_THAT(OverdueByWorker({}, people, D("2026-06-30")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("resident 18: birth_date")));
  EXPECT_THAT(OverdueByWorker({.first_visit_within_days = -1}, {}, D("2026-06-30")),
              StatusIs(StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(auto none, OverdueByWorker({}, {}, D("2026-06-30")));
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace alley::services

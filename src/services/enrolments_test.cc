#include "services/enrolments.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/id_number.h"
#include "core/status_matchers.h"
#include "registry/audit.h"
#include "registry/residents.h"
#include "registry/test_util.h"
#include "registry/units.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kHailian[] = "320706006010";
constexpr char kXinghua[] = "320706006009";
constexpr char kStreet[] = "320706006";
const registry::audit::Actor kWorker = {"hailian", "community_staff", kHailian};
const registry::audit::Actor kOther = {"xinghua", "community_staff", kXinghua};
const store::Timestamp kNow{std::chrono::sys_days(std::chrono::year(2026) / 7 / 1)};

core::Date D(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

class EnrolmentsTest : public registry::testing::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    ASSERT_OK(registry::ImportDivisions(*store_, WriteDivisions()).status());
  }

  // A resident of `unit` born on `birth`, registered on 2020-01-01.
  int64_t Resident(const std::string& unit, core::Date birth, const std::string& employment) {
    registry::NewResident r;
    StatusOr<std::string> id_number =
        core::MakeIdNumber("320706", birth, next_++, core::Sex::kMale);
    EXPECT_OK(id_number);
    r.id_number = id_number.ok() ? *id_number : "";
    r.name = "居民" + std::to_string(next_);
    r.unit_code = unit;
    r.employment = employment;
    r.insurance = "flexible";
    r.effective = D(2020, 1, 1);
    StatusOr<registry::ResidentItem> made = registry::CreateResident(*store_, r, D(2026, 7, 1));
    EXPECT_OK(made);
    return made.ok() ? made->id : 0;
  }

  StatusOr<Enrolment> EnrolAs(int64_t resident, std::string programme, core::Date from,
                              std::string_view within = kHailian,
                              const registry::audit::Actor& by = kWorker) {
    NewEnrolment in;
    in.resident_id = resident;
    in.programme = std::move(programme);
    in.from = from;
    in.note = "每周三次";
    return Enrol(*store_, in, within, by, kNow);
  }

  int64_t AuditCount(std::string_view object) {
    registry::audit::Filter f;
    f.object = std::string(object);
    StatusOr<store::AuditPage> page = registry::audit::Query(*store_, f);
    EXPECT_OK(page);
    return page.ok() ? page->total : -1;
  }

  int next_ = 1;
};

TEST_F(EnrolmentsTest, ElderlyProgrammesNeedSixtyOnTheEnrolmentDate) {
  const int64_t r = Resident(kHailian, D(1966, 7, 15), "retired");
  EXPECT_THAT(EnrolAs(r, "canteen_meals", D(2026, 7, 14)),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("programme canteen_meals (助餐) is for residents aged 60 or more: "
                                 "the resident is 59 on 2026-07-14")));
  ASSERT_OK_AND_ASSIGN(Enrolment e, EnrolAs(r, "助餐", D(2026, 7, 15)));
  EXPECT_EQ(e.programme, "canteen_meals");
  EXPECT_EQ(e.programme_name, "助餐");
  EXPECT_EQ(e.group, ProgrammeGroup::kElderly);
  EXPECT_EQ(e.resident_id, r);
  EXPECT_EQ(e.unit_code, kHailian);
  EXPECT_EQ(e.community_code, kHailian);
  EXPECT_EQ(e.unit_name, "海连社区居委会");
  EXPECT_EQ(e.from, D(2026, 7, 15));
  EXPECT_TRUE(e.open());
  EXPECT_EQ(e.note, "每周三次");
  EXPECT_THAT(e.resident_name, HasSubstr("居民"));
  EXPECT_THAT(e.id_number_masked, HasSubstr("********"));
  // Every elderly-care programme follows the same rule.
  for (const char* p : {"home_care", "elderly_visits"}) {
    EXPECT_THAT(EnrolAs(Resident(kHailian, D(1990, 1, 1), "employee"), p, D(2026, 7, 1)),
                StatusIs(StatusCode::kFailedPrecondition, HasSubstr("aged 60 or more")))
        << p;
  }
}

TEST_F(EnrolmentsTest, PlatformProgrammesNeedAPlatformForm) {
  const int64_t retired = Resident(kHailian, D(1950, 1, 1), "retired");
  const int64_t rider = Resident(kHailian, D(1995, 3, 1), "delivery_rider");
  for (const char* p : {"rest_station", "insurance_enrolment", "legal_aid", "skills_training"}) {
    EXPECT_THAT(EnrolAs(retired, p, D(2026, 7, 1)),
                StatusIs(StatusCode::kFailedPrecondition,
                         HasSubstr("is for platform workers (employment delivery_rider, "
                                   "ride_hailing_driver, ecommerce_livestreaming, other_platform): "
                                   "the ledger gives the resident's employment on 2026-07-01 as "
                                   "\"retired\"")))
        << p;
    EXPECT_OK(EnrolAs(rider, p, D(2026, 7, 1)).status()) << p;
  }
  // A rider is not elderly.
  EXPECT_THAT(EnrolAs(rider, "home_care", D(2026, 7, 1)),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("aged 60 or more")));
}

TEST_F(EnrolmentsTest, EligibilityIsJudgedOnTheLedgerOfTheEnrolmentDate) {
  // Registered 2020-01-01: nothing before that.
  const int64_t r = Resident(kHailian, D(1960, 1, 1), "retired");
  EXPECT_THAT(EnrolAs(r, "home_care", D(2019, 12, 31)),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("not an active resident in the ledger on 2019-12-31")));
  EXPECT_OK(EnrolAs(r, "home_care", D(2020, 1, 1)).status());
}

TEST_F(EnrolmentsTest, OneOpenEnrolmentPerProgrammeAndPeriodsNeverOverlap) {
  const int64_t r = Resident(kHailian, D(1950, 1, 1), "retired");
  ASSERT_OK_AND_ASSIGN(Enrolment first, EnrolAs(r, "home_care", D(2026, 1, 1)));
  EXPECT_THAT(EnrolAs(r, "home_care", D(2026, 3, 1)),
              StatusIs(StatusCode::kAlreadyExists,
                       HasSubstr("already enrolled in home_care since 2026-01-01")));
  EXPECT_OK(EnrolAs(r, "canteen_meals", D(2026, 3, 1)).status()) << "another programme";
  ASSERT_OK_AND_ASSIGN(Enrolment ended, EndEnrolment(*store_, first.id, D(2026, 5, 1), "入住养老院",
                                                     kHailian, kWorker, kNow));
  EXPECT_FALSE(ended.open());
  EXPECT_EQ(ended.ended_on, D(2026, 5, 1));
  EXPECT_EQ(ended.end_reason, "入住养老院");
  EXPECT_TRUE(ended.InForceOn(D(2026, 4, 30)));
  EXPECT_FALSE(ended.InForceOn(D(2026, 5, 1)));
  EXPECT_THAT(EnrolAs(r, "home_care", D(2026, 4, 30)),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("was enrolled in home_care until 2026-05-01")));
  ASSERT_OK_AND_ASSIGN(Enrolment again, EnrolAs(r, "home_care", D(2026, 5, 1)));
  EXPECT_NE(again.id, first.id);
}

TEST_F(EnrolmentsTest, EndingChecksTheDateAndTheState) {
  const int64_t r = Resident(kHailian, D(1950, 1, 1), "retired");
  ASSERT_OK_AND_ASSIGN(Enrolment e, EnrolAs(r, "elderly_visits", D(2026, 3, 1)));
  EXPECT_THAT(
      EndEnrolment(*store_, e.id, D(2026, 2, 28), "", kHailian, kWorker, kNow),
      StatusIs(StatusCode::kInvalidArgument,
               HasSubstr("field on: 2026-02-28 is before the enrolment's start 2026-03-01")));
  EXPECT_THAT(
      EndEnrolment(*store_, e.id, D(2026, 4, 1), std::string(501, 'x'), kHailian, kWorker, kNow),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("field reason: at most 500 bytes")));
  // Ended on its first day: held on no day.
  ASSERT_OK_AND_ASSIGN(Enrolment ended,
                       EndEnrolment(*store_, e.id, D(2026, 3, 1), "", kHailian, kWorker, kNow));
  EXPECT_FALSE(ended.InForceOn(D(2026, 3, 1)));
  EXPECT_THAT(EndEnrolment(*store_, e.id, D(2026, 4, 1), "", kHailian, kWorker, kNow),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("already ended on 2026-03-01")));
  EXPECT_THAT(EndEnrolment(*store_, e.id + 100, D(2026, 4, 1), "", kHailian, kWorker, kNow),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(EnrolmentsTest, BadInputNamesTheFieldAndWritesNothing) {
  const int64_t r = Resident(kHailian, D(1950, 1, 1), "retired");
  EXPECT_THAT(EnrolAs(r, "yoga", D(2026, 7, 1)),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("field programme: unknown programme \"yoga\" (home_care, "
                                 "canteen_meals, elderly_visits, rest_station, "
                                 "insurance_enrolment, legal_aid, skills_training)")));
  NewEnrolment in{.resident_id = r, .programme = "home_care", .from = D(2026, 7, 1)};
  in.note = std::string(501, 'x');
  EXPECT_THAT(Enrol(*store_, in, kHailian, kWorker, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field note: at most 500 bytes")));
  in.note = "\xff\xfe";
  EXPECT_THAT(Enrol(*store_, in, kHailian, kWorker, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field note: not valid UTF-8")));
  EXPECT_THAT(EnrolAs(r + 1000, "home_care", D(2026, 7, 1)), StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(AuditCount("enrolment"), 0);
  ASSERT_OK_AND_ASSIGN(EnrolmentList list,
                       ListEnrolments(*store_, {.unit_code = kHailian, .status = "all"}));
  EXPECT_EQ(list.total, 0);
}

TEST_F(EnrolmentsTest, WritesAreAuditedWithTheirRecords) {
  const int64_t r = Resident(kHailian, D(1950, 1, 1), "retired");
  ASSERT_OK_AND_ASSIGN(Enrolment e, EnrolAs(r, "home_care", D(2026, 7, 1)));
  ASSERT_OK(EndEnrolment(*store_, e.id, D(2026, 8, 1), "", kHailian, kWorker, kNow).status());
  registry::audit::Filter f;
  f.object = "enrolment";
  ASSERT_OK_AND_ASSIGN(store::AuditPage page, registry::audit::Query(*store_, f));
  ASSERT_EQ(page.total, 2);
  EXPECT_EQ(page.items[0].action, "update");  // newest first
  EXPECT_EQ(page.items[1].action, "create");
  EXPECT_EQ(page.items[1].username, "hailian");
  EXPECT_EQ(page.items[1].records, "[" + std::to_string(e.id) + "]");
  EXPECT_THAT(page.items[1].detail, HasSubstr("programme=home_care"));
}

// A Xinghua worker never sees or writes Hailian's enrolments.
TEST_F(EnrolmentsTest, ScopeIsTheCallersUnit) {
  const int64_t hailian = Resident(kHailian, D(1950, 1, 1), "retired");
  const int64_t xinghua = Resident(kXinghua, D(1950, 1, 1), "retired");
  ASSERT_OK_AND_ASSIGN(Enrolment ours, EnrolAs(hailian, "home_care", D(2026, 7, 1)));
  ASSERT_OK_AND_ASSIGN(Enrolment theirs,
                       EnrolAs(xinghua, "home_care", D(2026, 7, 1), kXinghua, kOther));

  EXPECT_THAT(EnrolAs(hailian, "canteen_meals", D(2026, 7, 1), kXinghua, kOther),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(GetEnrolment(*store_, ours.id, kXinghua), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(EndEnrolment(*store_, ours.id, D(2026, 8, 1), "", kXinghua, kOther, kNow),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(ListEnrolments(*store_, {.unit_code = kHailian}, kXinghua),
              StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(ListEnrolments(*store_, {.unit_code = kStreet}, kXinghua),
              StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(EnrolmentsInForceUnder(*store_, kHailian, "", D(2026, 7, 1), kXinghua),
              StatusIs(StatusCode::kPermissionDenied));
  ASSERT_OK_AND_ASSIGN(EnrolmentList own,
                       ListEnrolments(*store_, {.unit_code = kXinghua}, kXinghua));
  ASSERT_EQ(own.total, 1);
  EXPECT_EQ(own.items[0].id, theirs.id);
  // Hailian's enrolment is untouched; the street sees both.
  ASSERT_OK_AND_ASSIGN(Enrolment still, GetEnrolment(*store_, ours.id, kHailian));
  EXPECT_TRUE(still.open());
  ASSERT_OK_AND_ASSIGN(EnrolmentList street, ListEnrolments(*store_, {.unit_code = kStreet}));
  EXPECT_EQ(street.total, 2);
}

TEST_F(EnrolmentsTest, ListsFilterAndPage) {
  const int64_t a = Resident(kHailian, D(1950, 1, 1), "retired");
  const int64_t b = Resident(kHailian, D(1940, 1, 1), "retired");
  ASSERT_OK_AND_ASSIGN(Enrolment a1, EnrolAs(a, "home_care", D(2026, 1, 1)));
  ASSERT_OK_AND_ASSIGN(Enrolment a2, EnrolAs(a, "canteen_meals", D(2026, 2, 1)));
  ASSERT_OK_AND_ASSIGN(Enrolment b1, EnrolAs(b, "canteen_meals", D(2026, 3, 1)));
  ASSERT_OK(EndEnrolment(*store_, a2.id, D(2026, 6, 1), "", kHailian, kWorker, kNow).status());

  auto ids = [](const EnrolmentList& l) {
    std::vector<int64_t> out;
    for (const Enrolment& e : l.items) out.push_back(e.id);
    return out;
  };
  ASSERT_OK_AND_ASSIGN(EnrolmentList open, ListEnrolments(*store_, {.unit_code = kHailian}));
  EXPECT_THAT(ids(open), ElementsAre(b1.id, a1.id));
  ASSERT_OK_AND_ASSIGN(EnrolmentList ended,
                       ListEnrolments(*store_, {.unit_code = kHailian, .status = "ended"}));
  EXPECT_THAT(ids(ended), ElementsAre(a2.id));
  ASSERT_OK_AND_ASSIGN(
      EnrolmentList meals,
      ListEnrolments(*store_, {.unit_code = kHailian, .programme = "助餐", .status = "all"}));
  EXPECT_THAT(ids(meals), ElementsAre(b1.id, a2.id));
  ASSERT_OK_AND_ASSIGN(
      EnrolmentList of_a,
      ListEnrolments(*store_, {.unit_code = kHailian, .resident_id = a, .status = "all"}));
  EXPECT_THAT(ids(of_a), ElementsAre(a2.id, a1.id));
  ASSERT_OK_AND_ASSIGN(
      EnrolmentList in_may,
      ListEnrolments(*store_,
                     {.unit_code = kHailian, .status = "all", .in_force_on = D(2026, 5, 31)}));
  EXPECT_THAT(ids(in_may), ElementsAre(b1.id, a2.id, a1.id));
  ASSERT_OK_AND_ASSIGN(
      EnrolmentList page2,
      ListEnrolments(*store_, {.unit_code = kHailian, .status = "all", .page = 2, .page_size = 2}));
  EXPECT_EQ(page2.total, 3);
  EXPECT_THAT(ids(page2), ElementsAre(a1.id));

  EXPECT_THAT(ListEnrolments(*store_, {.unit_code = kHailian, .programme = "yoga"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter programme")));
  EXPECT_THAT(ListEnrolments(*store_, {.unit_code = kHailian, .status = "closed"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter status")));
  EXPECT_THAT(ListEnrolments(*store_, {.unit_code = kHailian, .page = 0}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter page")));
  EXPECT_THAT(ListEnrolments(*store_, {.unit_code = "320706006099"}),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(EnrolmentsTest, OtherWorkflowsAskWhoIsEnrolled) {
  const int64_t a = Resident(kHailian, D(1950, 1, 1), "retired");
  const int64_t b = Resident(kXinghua, D(1950, 1, 1), "retired");
  ASSERT_OK_AND_ASSIGN(Enrolment e, EnrolAs(a, "canteen_meals", D(2026, 2, 1)));
  ASSERT_OK(EnrolAs(b, "canteen_meals", D(2026, 2, 1), kXinghua, kOther).status());
  ASSERT_OK(EndEnrolment(*store_, e.id, D(2026, 6, 1), "", kHailian, kWorker, kNow).status());
  ASSERT_OK_AND_ASSIGN(bool before, IsEnrolledOn(*store_, a, "canteen_meals", D(2026, 1, 31)));
  EXPECT_FALSE(before);
  ASSERT_OK_AND_ASSIGN(bool in_march, IsEnrolledOn(*store_, a, "助餐", D(2026, 3, 1)));
  EXPECT_TRUE(in_march);
  ASSERT_OK_AND_ASSIGN(bool in_june, IsEnrolledOn(*store_, a, "canteen_meals", D(2026, 6, 1)));
  EXPECT_FALSE(in_june);
  ASSERT_OK_AND_ASSIGN(bool other, IsEnrolledOn(*store_, a, "home_care", D(2026, 3, 1)));
  EXPECT_FALSE(other);
  EXPECT_THAT(IsEnrolledOn(*store_, a, "yoga", D(2026, 3, 1)),
              StatusIs(StatusCode::kInvalidArgument));

  ASSERT_OK_AND_ASSIGN(std::vector<Enrolment> march,
                       EnrolmentsInForceUnder(*store_, kStreet, "canteen_meals", D(2026, 3, 1)));
  EXPECT_EQ(march.size(), 2u);
  ASSERT_OK_AND_ASSIGN(std::vector<Enrolment> june,
                       EnrolmentsInForceUnder(*store_, kStreet, "canteen_meals", D(2026, 6, 1)));
  ASSERT_EQ(june.size(), 1u);
  EXPECT_EQ(june[0].resident_id, b);
  ASSERT_OK_AND_ASSIGN(std::vector<Enrolment> hailian,
                       EnrolmentsInForceUnder(*store_, kHailian, "", D(2026, 6, 1), kHailian));
  EXPECT_THAT(hailian, IsEmpty());
}

TEST(CheckEligibilityTest, IsPureAndNamesTheRule) {
  const Programme* visits = FindProgramme("elderly_visits");
  const Programme* training = FindProgramme("skills_training");
  ASSERT_NE(visits, nullptr);
  ASSERT_NE(training, nullptr);
  EXPECT_OK(CheckEligibility(*visits, D(1966, 2, 28), "retired", D(2026, 2, 28)));
  EXPECT_THAT(CheckEligibility(*visits, D(1966, 3, 1), "retired", D(2026, 2, 28)),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("the resident is 59")));
  EXPECT_OK(CheckEligibility(*training, D(2000, 1, 1), "ride_hailing_driver", D(2026, 1, 1)));
  EXPECT_OK(CheckEligibility(*training, D(2000, 1, 1), "网约车司机", D(2026, 1, 1)));
  EXPECT_THAT(CheckEligibility(*training, D(2000, 1, 1), "employee", D(2026, 1, 1)),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("\"employee\"")));
}

// Many enrolments in the caller's transaction: Enrol's rules one by one (a
// later one sees the earlier ones), with their ends, one audit record.
TEST_F(EnrolmentsTest, ABatchFollowsEnrolsRulesInOrder) {
  const int64_t elder = Resident(kHailian, D(1950, 1, 1), "retired");
  const int64_t rider = Resident(kHailian, D(1990, 1, 1), "delivery_rider");
  auto record = [&](std::vector<EnrolmentHistory> batch) -> StatusOr<int64_t> {
    int64_t n = 0;
    ALLEY_RETURN_IF_ERROR(store_->Write([&](store::Writer& w) -> Status {
      ALLEY_ASSIGN_OR_RETURN(
          n, RecordEnrolments(w, batch, /*synthetic=*/true, kHailian, kWorker, kNow));
      return OkStatus();
    }));
    return n;
  };
  const EnrolmentHistory care{
      .enrolment = {.resident_id = elder, .programme = "home_care", .from = D(2025, 1, 1)},
      .ended_on = D(2025, 6, 1),
      .end_reason = "入住养老机构"};
  const EnrolmentHistory again{
      .enrolment = {.resident_id = elder, .programme = "home_care", .from = D(2025, 5, 1)}};
  EXPECT_THAT(record({care, again}),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("enrolment 1: resident " + std::to_string(elder) +
                                 " was enrolled in home_care until 2025-06-01")));
  const EnrolmentHistory young{
      .enrolment = {.resident_id = rider, .programme = "canteen_meals", .from = D(2025, 1, 1)}};
  EXPECT_THAT(record({young}),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("enrolment 0: resident")));
  EnrolmentHistory backwards = care;
  backwards.ended_on = D(2024, 12, 31);
  EXPECT_THAT(record({backwards}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("enrolment 0: field ended_on")));
  EnrolmentHistory reason_only = again;
  reason_only.end_reason = "x";
  EXPECT_THAT(record({reason_only}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("enrolment 0: field reason")));
  EXPECT_EQ(AuditCount("enrolment"), 0);

  EnrolmentHistory later = again;
  later.enrolment.from = D(2025, 6, 1);
  const EnrolmentHistory station{
      .enrolment = {.resident_id = rider, .programme = "rest_station", .from = D(2025, 3, 1)}};
  ASSERT_OK_AND_ASSIGN(int64_t n, record({care, later, station}));
  EXPECT_EQ(n, 3);
  EXPECT_EQ(AuditCount("enrolment"), 1);
  ASSERT_OK_AND_ASSIGN(EnrolmentList all,
                       ListEnrolments(*store_, {.unit_code = kHailian, .status = "all"}));
  ASSERT_EQ(all.total, 3);
  int ended = 0;
  for (const Enrolment& e : all.items) {
    EXPECT_TRUE(e.synthetic);
    if (e.ended_on) {
      ++ended;
      EXPECT_EQ(e.end_reason, "入住养老机构");
    }
  }
  EXPECT_EQ(ended, 1);
}

}  // namespace
}  // namespace alley::services

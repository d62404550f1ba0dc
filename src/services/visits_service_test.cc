#include "services/visits_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "core/id_number.h"
#include "core/status_matchers.h"
#include "registry/accounts.h"
#include "registry/audit.h"
#include "registry/ledger.h"
#include "registry/residents.h"
#include "registry/test_util.h"
#include "registry/units.h"
#include "services/elderly_care_json.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kHailian[] = "320706006010";
constexpr char kXinghua[] = "320706006009";

core::Date D(const char* text) { return *core::Date::Parse(text); }

const registry::audit::Actor kWang{"wang", "grid_worker", kHailian};
const registry::audit::Actor kXinghuaStaff{"li", "community_staff", kXinghua};

class VisitsServiceTest : public registry::testing::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    ASSERT_OK(registry::ImportDivisions(*store_, WriteDivisions()).status());
    ASSERT_OK_AND_ASSIGN(
        store::UnitRow east,
        registry::AddUnit(*store_, kHailian, core::UnitLevel::kCompound, "海连东苑"));
    ASSERT_OK_AND_ASSIGN(
        store::UnitRow west,
        registry::AddUnit(*store_, kHailian, core::UnitLevel::kCompound, "海连西苑"));
    east_ = east.code;
    west_ = west.code;
  }

  int64_t AddUser(const std::string& name, registry::Role role, const std::string& unit) {
    registry::NewUser u{.username = name,
                        .display_name = "网格员" + name,
                        .role = role,
                        .unit_code = unit,
                        .password = "correct-horse-battery"};
    StatusOr<registry::User> made =
        registry::AddUser(*store_, u, {"cli:test", "", ""}, kNow, store::PasswordCost::kMinimum);
    EXPECT_OK(made);
    return made.ok() ? made->id : 0;
  }

  int64_t MakeResident(const std::string& unit, core::Date birth,
                       std::vector<std::string> tags = {"living_alone"},
                       core::Date effective = D("2026-01-01")) {
    registry::NewResident r;
    StatusOr<std::string> id = core::MakeIdNumber("320706", birth, next_++, core::Sex::kFemale);
    EXPECT_OK(id);
    r.id_number = id.ok() ? *id : "";
    r.name = "老人" + std::to_string(next_);
    r.unit_code = unit;
    r.tags = std::move(tags);
    r.phone = "13800001234";
    r.effective = effective;
    StatusOr<registry::ResidentItem> made = registry::CreateResident(*store_, r, kToday);
    EXPECT_OK(made);
    return made.ok() ? made->id : 0;
  }

  StatusOr<VisitItem> Visit(int64_t resident, const char* date, std::string outcome,
                            const std::string& within = kHailian) {
    NewVisit v{.resident_id = resident,
               .date = D(date),
               .outcome = std::move(outcome),
               .visitor_name = "网格员王"};
    v.follow_up_needed = v.outcome == "needs_help";
    return RecordVisit(*store_, v, kToday, within, kWang, kNow);
  }

  int64_t AuditCount(const std::string& action, const std::string& object) {
    registry::audit::Filter f;
    f.action = action;
    f.object = object;
    StatusOr<store::AuditPage> page = registry::audit::Query(*store_, f);
    EXPECT_OK(page);
    return page.ok() ? page->total : -1;
  }

  const core::Date kToday = D("2026-07-01");
  const store::Timestamp kNow = std::chrono::floor<std::chrono::seconds>(
      std::chrono::sys_days(std::chrono::year(2026) / 7 / 1));
  std::string east_, west_;
  int next_ = 0;
};

TEST_F(VisitsServiceTest, OverduePerGridWorkerMostOverdueFirst) {
  const int64_t east_worker = AddUser("zhao", registry::Role::kGridWorker, east_);
  const int64_t community_worker = AddUser("qian", registry::Role::kGridWorker, kHailian);
  AddUser("staff", registry::Role::kCommunityStaff, east_);  // not a grid worker

  const int64_t oldest = MakeResident(east_, D("1940-05-01"));   // 86: weekly
  const int64_t seventy = MakeResident(west_, D("1956-02-01"));  // 70: fortnightly
  const int64_t disabled = MakeResident(west_, D("1956-03-01"), {"living_alone", "disability"});
  const int64_t fine = MakeResident(east_, D("1956-04-01"));
  MakeResident(east_, D("1956-05-01"), {});  // not living alone
  MakeResident(east_, D("1970-05-01"));      // living alone, 56
  MakeResident(kXinghua, D("1940-05-01"));   // another community

  ASSERT_OK(Visit(oldest, "2026-06-20", "well").status());            // due 06-27: 4 days overdue
  ASSERT_OK(Visit(seventy, "2026-06-01", "well").status());           // due 06-15: 16 days
  ASSERT_OK(Visit(seventy, "2026-06-20", "not_at_home").status());    // does not reset
  ASSERT_OK(Visit(disabled, "2026-06-20", "hospitalised").status());  // weekly: 4 days
  ASSERT_OK(Visit(fine, "2026-06-25", "needs_help").status());        // due 07-09

  ASSERT_OK_AND_ASSIGN(
      OverdueList list,
      OverdueVisits(*store_, {.unit_code = kHailian, .on = kToday}, kHailian, kWang, kNow));
  EXPECT_EQ(list.on_schedule, 4);
  EXPECT_EQ(list.overdue, 3);
  ASSERT_EQ(list.groups.size(), 2u);
  // The community's worker covers the west compound, which has no worker of its own.
  EXPECT_EQ(list.groups[0].grid_worker_id, community_worker);
  EXPECT_EQ(list.groups[0].grid_worker_username, "qian");
  EXPECT_EQ(list.groups[0].max_days_overdue, 16);
  ASSERT_EQ(list.groups[0].people.size(), 2u);
  EXPECT_EQ(list.groups[0].people[0].due.resident_id, seventy);
  EXPECT_EQ(list.groups[0].people[0].due.days_overdue, 16);
  EXPECT_EQ(list.groups[0].people[0].due.unanswered_attempts, 1);
  EXPECT_EQ(list.groups[0].people[0].last_attempt, D("2026-06-20"));
  EXPECT_EQ(list.groups[0].people[0].last_visit, D("2026-06-01"));
  EXPECT_EQ(list.groups[0].people[1].due.resident_id, disabled);
  EXPECT_EQ(list.groups[0].people[1].due.interval_days, 7);
  EXPECT_EQ(list.groups[1].grid_worker_id, east_worker);
  ASSERT_EQ(list.groups[1].people.size(), 1u);
  EXPECT_EQ(list.groups[1].people[0].due.resident_id, oldest);
  EXPECT_EQ(list.groups[1].people[0].due.days_overdue, 4);
  EXPECT_EQ(list.groups[1].people[0].age, 86);

  const nlohmann::json j = OverdueListJson(list);
  EXPECT_EQ(j["groups"][0]["grid_worker"]["username"], "qian");
  EXPECT_EQ(j["groups"][0]["overdue"][0]["days_overdue"], 16);
  EXPECT_THAT(j.dump(), ::testing::Not(HasSubstr("13800001234")));
  EXPECT_THAT(j.dump(), ::testing::Not(HasSubstr("id_number")));

  // A past date: on 2026-06-20 the visits after it do not count. The one
  // visited on 06-25 had had no visit since enrolling on 01-01 (first visit
  // due 01-08: 163 days overdue); the 70-year-old was 5 days overdue.
  ASSERT_OK_AND_ASSIGN(OverdueList past,
                       OverdueVisits(*store_, {.unit_code = kHailian, .on = D("2026-06-20")},
                                     kHailian, kWang, kNow));
  EXPECT_EQ(past.overdue, 2);
  ASSERT_EQ(past.groups.size(), 2u);
  EXPECT_EQ(past.groups[0].grid_worker_id, east_worker);
  ASSERT_EQ(past.groups[0].people.size(), 1u);
  EXPECT_EQ(past.groups[0].people[0].due.resident_id, fine);
  EXPECT_TRUE(past.groups[0].people[0].due.first_visit);
  EXPECT_EQ(past.groups[0].people[0].due.days_overdue, 163);
  ASSERT_EQ(past.groups[1].people.size(), 1u);
  EXPECT_EQ(past.groups[1].people[0].due.resident_id, seventy);
  EXPECT_EQ(past.groups[1].people[0].due.days_overdue, 5);
}

TEST_F(VisitsServiceTest, NoGridWorkerLeavesThePersonUnassignedAndNewPeopleAreFirstVisitsDue) {
  const int64_t newly = MakeResident(east_, D("1950-01-01"), {"living_alone"}, D("2026-06-20"));
  ASSERT_OK_AND_ASSIGN(OverdueList none, OverdueVisits(*store_, {.unit_code = east_, .on = kToday},
                                                       kHailian, kWang, kNow));
  ASSERT_EQ(none.groups.size(), 1u);
  EXPECT_FALSE(none.groups[0].grid_worker_id.has_value());
  ASSERT_EQ(none.groups[0].people.size(), 1u);
  EXPECT_TRUE(none.groups[0].people[0].due.first_visit);
  EXPECT_EQ(none.groups[0].people[0].enrolled_on, D("2026-06-20"));
  EXPECT_EQ(none.groups[0].people[0].due.due, D("2026-06-27"));

  // Two workers of one compound both see the person.
  AddUser("zhao", registry::Role::kGridWorker, east_);
  AddUser("sun", registry::Role::kGridWorker, east_);
  ASSERT_OK_AND_ASSIGN(OverdueList two, OverdueVisits(*store_, {.unit_code = east_, .on = kToday},
                                                      kHailian, kWang, kNow));
  EXPECT_EQ(two.overdue, 1);
  ASSERT_EQ(two.groups.size(), 2u);
  EXPECT_EQ(two.groups[0].people[0].due.resident_id, newly);
  EXPECT_EQ(two.groups[1].people[0].due.resident_id, newly);
}

TEST_F(VisitsServiceTest, LivingAloneSinceTheTagWasSet) {
  const int64_t id = MakeResident(east_, D("1950-01-01"), {});
  ASSERT_OK(Visit(id, "2026-02-01", "well").status());
  registry::ResidentChange change;
  ASSERT_OK_AND_ASSIGN(registry::ResidentDetail r, registry::GetResidentById(*store_, id, kToday));
  change.change = "update";
  change.effective = D("2026-06-15");
  change.add_tags = {"living_alone"};
  ASSERT_OK(registry::UpdateResident(*store_, id, r.resident.version, change).status());
  ASSERT_OK_AND_ASSIGN(
      OverdueList list,
      OverdueVisits(*store_, {.unit_code = kHailian, .on = kToday}, kHailian, kWang, kNow));
  ASSERT_EQ(list.overdue, 1);
  const OverduePerson& p = list.groups[0].people[0];
  EXPECT_EQ(p.enrolled_on, D("2026-06-15"));
  EXPECT_TRUE(p.due.first_visit) << "the February visit was before living alone";
  EXPECT_FALSE(p.last_visit.has_value());
  EXPECT_EQ(p.due.due, D("2026-06-22"));
}

TEST_F(VisitsServiceTest, RecordVisitChecksTheVisitAndThePerson) {
  const int64_t old = MakeResident(east_, D("1950-01-01"));
  const int64_t young = MakeResident(east_, D("1980-01-01"));
  EXPECT_THAT(Visit(old, "2026-06-01", "fine"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field outcome")));
  EXPECT_THAT(Visit(old, "2026-07-02", "well"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("future")));
  NewVisit help{
      .resident_id = old, .date = D("2026-06-01"), .outcome = "需要帮助", .visitor_name = "志愿者"};
  EXPECT_THAT(RecordVisit(*store_, help, kToday, kHailian, kWang, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("follow_up_needed")));
  NewVisit nobody{.resident_id = old, .date = D("2026-06-01"), .outcome = "well"};
  EXPECT_THAT(RecordVisit(*store_, nobody, kToday, kHailian, kWang, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field visitor")));
  nobody.visitor_user_id = 9999;
  EXPECT_THAT(RecordVisit(*store_, nobody, kToday, kHailian, kWang, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("no user 9999")));
  EXPECT_THAT(Visit(young, "2026-06-01", "well"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("is 46")));
  EXPECT_THAT(Visit(424242, "2026-06-01", "well"), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(Visit(old, "2025-12-01", "well"), StatusIs(StatusCode::kNotFound))
      << "not in the ledger yet on that date";

  const int64_t user = AddUser("zhao", registry::Role::kGridWorker, east_);
  help.follow_up_needed = true;
  help.visitor_name.clear();
  help.visitor_user_id = user;
  help.notes = "需要送药";
  ASSERT_OK_AND_ASSIGN(VisitItem saved, RecordVisit(*store_, help, kToday, kHailian, kWang, kNow));
  EXPECT_GT(saved.visit.id, 0);
  EXPECT_EQ(saved.visit.outcome, "needs_help");
  EXPECT_EQ(saved.visit.visitor_name, "网格员zhao") << "the user's display name";
  EXPECT_EQ(saved.visit.visitor_user_id, user);
  EXPECT_EQ(saved.visit.unit_code, east_);
  EXPECT_EQ(saved.visit.recorded_by, "wang");
  EXPECT_EQ(AuditCount("create", "visit"), 1);
}

TEST_F(VisitsServiceTest, AnotherCommunityNeitherSeesNorWrites) {
  const int64_t old = MakeResident(east_, D("1950-01-01"));
  ASSERT_OK(Visit(old, "2026-06-01", "well").status());
  EXPECT_THAT(Visit(old, "2026-06-02", "well", kXinghua), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(
      OverdueVisits(*store_, {.unit_code = kHailian, .on = kToday}, kXinghua, kXinghuaStaff, kNow),
      StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(ListVisits(*store_, {.unit_code = kHailian}, kXinghua, kXinghuaStaff, kNow),
              StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(ListVisits(*store_, {.unit_code = kXinghua, .resident_id = old}, kXinghua,
                         kXinghuaStaff, kNow),
              StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(VisitList theirs,
                       ListVisits(*store_, {.unit_code = kXinghua}, kXinghua, kXinghuaStaff, kNow));
  EXPECT_EQ(theirs.total, 0);
  ASSERT_OK_AND_ASSIGN(
      OverdueList their_overdue,
      OverdueVisits(*store_, {.unit_code = kXinghua, .on = kToday}, kXinghua, kXinghuaStaff, kNow));
  EXPECT_EQ(their_overdue.on_schedule, 0);
  ASSERT_OK_AND_ASSIGN(VisitList ours,
                       ListVisits(*store_, {.unit_code = kHailian}, kHailian, kWang, kNow));
  EXPECT_EQ(ours.total, 1) << "the refused visit was not stored";
}

TEST_F(VisitsServiceTest, ListsShowNamesAndAreAudited) {
  const int64_t a = MakeResident(east_, D("1950-01-01"));
  const int64_t b = MakeResident(west_, D("1950-01-01"));
  ASSERT_OK(Visit(a, "2026-06-01", "well").status());
  ASSERT_OK(Visit(b, "2026-06-03", "not_at_home").status());
  ASSERT_OK(Visit(a, "2026-06-08", "well").status());
  ASSERT_OK_AND_ASSIGN(VisitList all,
                       ListVisits(*store_, {.unit_code = kHailian}, kHailian, kWang, kNow));
  EXPECT_EQ(all.total, 3);
  std::vector<std::string> dates;
  for (const VisitItem& v : all.items) dates.push_back(v.visit.date.ToString());
  EXPECT_THAT(dates, ElementsAre("2026-06-08", "2026-06-03", "2026-06-01"));
  EXPECT_EQ(all.items[1].resident_name.substr(0, 6), "老人");
  ASSERT_OK_AND_ASSIGN(
      VisitList of_a,
      ListVisits(*store_, {.unit_code = kHailian, .resident_id = a}, kHailian, kWang, kNow));
  EXPECT_EQ(of_a.total, 2);
  ASSERT_OK_AND_ASSIGN(VisitList west,
                       ListVisits(*store_, {.unit_code = west_}, kHailian, kWang, kNow));
  EXPECT_EQ(west.total, 1);
  EXPECT_EQ(AuditCount("bulk_read", "visit"), 3);
  ASSERT_OK(OverdueVisits(*store_, {.unit_code = kHailian, .on = kToday}, kHailian, kWang, kNow)
                .status());
  EXPECT_EQ(AuditCount("bulk_read", "visit_overdue"), 1);
  EXPECT_THAT(ListVisits(*store_, {.unit_code = kHailian, .page = 0}, kHailian, kWang, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter page")));
}

TEST_F(VisitsServiceTest, ManyVisitsInOneTransactionFollowRecordVisitsRules) {
  const int64_t old = MakeResident(east_, D("1940-05-01"));
  const int64_t young = MakeResident(east_, D("1980-05-01"), {});
  auto record = [&](std::vector<NewVisit> visits, std::string_view within = kHailian) {
    return store_->Write([&](store::Writer& w) {
      return RecordVisits(w, visits, kToday, /*synthetic=*/true, within, kWang, kNow);
    });
  };
  const NewVisit well{
      .resident_id = old, .date = D("2026-06-01"), .outcome = "well", .visitor_name = "网格员王"};
  NewVisit young_one = well;
  young_one.resident_id = young;
  EXPECT_THAT(record({well, young_one}),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("visit 1: visits are for residents aged 60 or more")));
  NewVisit unknown = well;
  unknown.outcome = "asleep";
  EXPECT_THAT(record({well, unknown}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("visit 1: field outcome")));
  NewVisit future = well;
  future.date = D("2026-07-02");
  EXPECT_THAT(record({future}), StatusIs(StatusCode::kInvalidArgument, HasSubstr("visit 0")));
  EXPECT_THAT(record({well}, kXinghua), StatusIs(StatusCode::kNotFound, HasSubstr("visit 0")));
  NewVisit before = well;
  before.date = D("2025-12-31");  // before the resident came into the ledger
  EXPECT_THAT(record({before}), StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(AuditCount("create", "visit"), 0);

  NewVisit second = well;
  second.date = D("2026-06-15");
  second.outcome = "not_at_home";
  ASSERT_OK(record({well, second}));
  EXPECT_EQ(AuditCount("create", "visit"), 1);
  ASSERT_OK_AND_ASSIGN(VisitList list,
                       ListVisits(*store_, {.unit_code = kHailian}, kHailian, kWang, kNow));
  ASSERT_EQ(list.total, 2);
  for (const VisitItem& v : list.items) {
    EXPECT_TRUE(v.visit.synthetic);
    EXPECT_EQ(v.visit.unit_code, east_);
  }
}

}  // namespace
}  // namespace alley::services

// The demo's year of activity (activity.h), read back through the services
// that show it: every workflow is there, plausible, marked synthetic, made
// again whole by a second run, and left as it was by a failed one.
#include "demo/activity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/division.h"
#include "core/id_number.h"
#include "core/status_matchers.h"
#include "demo/demo_test_util.h"
#include "demo/hailian.h"
#include "registry/vocabulary.h"
#include "services/canteen_service.h"
#include "services/care.h"
#include "services/childcare_service.h"
#include "services/enrolments.h"
#include "services/platform_service.h"
#include "services/programmes.h"
#include "services/timebank_service.h"
#include "services/visits_service.h"
#include "store/care_store.h"
#include "store/childcare_store.h"
#include "store/concerns_store.h"
#include "store/elderly_care_store.h"
#include "store/programmes_store.h"
#include "store/timebank_store.h"

namespace alley::demo {
namespace {

using ::alley::testing::StatusIs;
using testing::AddHierarchy;
using ::testing::HasSubstr;
using testing::TempStore;

const core::Date kAsOf = *core::Date::FromYmd(2026, 6, 30);
const core::Date kFirstDay = kAsOf.AddDays(-364);
const std::string kCommunity(kHailianCode);
const registry::audit::Actor kTester{.username = "test", .role = "", .scope_unit = ""};
const store::Timestamp kNow{std::chrono::seconds(1782806400)};  // 2026-07-01T08:00:00Z

DemoOptions Options(uint64_t seed = 1, int residents = kHailianResidents) {
  DemoOptions options;
  options.seed = seed;
  options.as_of = kAsOf;
  options.residents = residents;
  return options;
}

// How many rows of each workflow the store holds under the community.
struct Counts {
  int64_t concerns = 0;
  int64_t enrolments = 0;
  int64_t visits = 0;
  int64_t providers = 0;
  int64_t orders = 0;
  int64_t timebank = 0;
  int64_t nursery_classes = 0;
  int64_t nursery_applications = 0;
  int64_t inspections = 0;
  int64_t canteen_meals = 0;
  int64_t platform_workers = 0;
  friend bool operator==(const Counts&, const Counts&) = default;
};

StatusOr<int64_t> FacilityOf(store::Store& store, registry::FacilityType type) {
  int64_t id = 0;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::FacilityRow> all, r.ListFacilities(kCommunity));
    for (const store::FacilityRow& f : all) {
      if (f.type == registry::FacilityTypeId(type)) id = f.id;
    }
    return OkStatus();
  }));
  if (id == 0) return NotFoundError("no facility of that type");
  return id;
}

StatusOr<Counts> CountRows(store::Store& store) {
  Counts n;
  ALLEY_ASSIGN_OR_RETURN(int64_t canteen,
                         FacilityOf(store, registry::FacilityType::kSeniorCanteen));
  ALLEY_ASSIGN_OR_RETURN(int64_t nursery, FacilityOf(store, registry::FacilityType::kNursery));
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    store::ConcernQuery cq;
    cq.subtree_code = kCommunity;
    cq.limit = 1;
    ALLEY_ASSIGN_OR_RETURN(store::ConcernPage concerns, store::ListConcerns(r, cq));
    n.concerns = concerns.total;
    store::EnrolmentQuery eq;
    eq.subtree_code = kCommunity;
    eq.state = store::EnrolmentState::kAll;
    eq.limit = 1;
    ALLEY_ASSIGN_OR_RETURN(store::EnrolmentPage enrolments, store::ListEnrolments(r, eq));
    n.enrolments = enrolments.total;
    ALLEY_ASSIGN_OR_RETURN(store::VisitPage visits,
                           store::ListVisits(r, {.subtree_code = kCommunity, .limit = 1}));
    n.visits = visits.total;
    store::CareProviderQuery pq;
    pq.subtree_code = kCommunity;
    pq.limit = 1;
    ALLEY_ASSIGN_OR_RETURN(store::CareProviderPage providers, store::ListCareProviders(r, pq));
    n.providers = providers.total;
    store::HomeServiceOrderQuery oq;
    oq.subtree_code = kCommunity;
    oq.limit = 1;
    ALLEY_ASSIGN_OR_RETURN(store::HomeServiceOrderPage orders, store::ListHomeServiceOrders(r, oq));
    n.orders = orders.total;
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::TimeBankTransactionRow> timebank,
                           store::TimeBankTransactions(r, kCommunity));
    n.timebank = static_cast<int64_t>(timebank.size());
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryClassRow> classes,
                           store::ListNurseryClasses(r, {.facility_id = nursery}));
    n.nursery_classes = static_cast<int64_t>(classes.size());
    ALLEY_ASSIGN_OR_RETURN(store::NurseryEnrolmentPage applications,
                           store::ListNurseryEnrolments(r, {.facility_id = nursery, .limit = 1}));
    n.nursery_applications = applications.total;
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryInspectionRow> inspections,
                           store::ListNurseryInspections(r, {.facility_id = nursery}));
    n.inspections = static_cast<int64_t>(inspections.size());
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::CanteenMealRow> meals,
                           store::CanteenMealTotals(r, canteen, kFirstDay, kAsOf));
    for (const store::CanteenMealRow& m : meals) n.canteen_meals += m.meals;
    return OkStatus();
  }));
  ALLEY_ASSIGN_OR_RETURN(services::PlatformCoverage coverage,
                         services::PlatformCoverageOf(store, kCommunity, kAsOf));
  n.platform_workers = coverage.total.workers;
  return n;
}

// The default demo, built once and read by the tests below.
class ActivityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = new TempStore("activity");
    ALLEY_CHECK(AddHierarchy(**store_).ok(), "hierarchy");
    auto report = BuildHailianDemo(**store_, Options());
    ALLEY_CHECK(report.ok(), report.status().ToString());
    report_ = report->activity;
  }
  static void TearDownTestSuite() { delete store_; }

  static store::Store& Store() { return **store_; }

  static TempStore* store_;
  static ActivityReport report_;
};
TempStore* ActivityTest::store_ = nullptr;
ActivityReport ActivityTest::report_;

TEST_F(ActivityTest, EveryWorkflowHasAYearOfRecordsAsReported) {
  ASSERT_OK_AND_ASSIGN(Counts n, CountRows(Store()));
  EXPECT_EQ(n.concerns, report_.concerns);
  EXPECT_EQ(n.enrolments, report_.enrolments);
  EXPECT_EQ(n.visits, report_.visits);
  EXPECT_EQ(n.providers, report_.caregivers + report_.volunteers);
  EXPECT_EQ(n.orders, report_.home_service_orders);
  EXPECT_EQ(n.timebank, report_.timebank_transactions);
  EXPECT_EQ(n.nursery_classes, report_.nursery_classes);
  EXPECT_EQ(n.nursery_applications, report_.nursery_applications);
  EXPECT_EQ(n.inspections, report_.nursery_inspections);
  EXPECT_EQ(n.canteen_meals, report_.canteen_meals);
  EXPECT_EQ(n.platform_workers, report_.platform_workers);
  // Orders of magnitude for a community of 7,266.
  EXPECT_GT(report_.concerns, 1000);
  EXPECT_GT(report_.enrolments, 400);
  EXPECT_GT(report_.canteen_meals, 20000);
  EXPECT_GT(report_.visits, 3000);
  EXPECT_EQ(report_.caregivers, 8);
  EXPECT_GT(report_.volunteers, 20);
  EXPECT_GT(report_.home_service_orders, 1000);
  EXPECT_GT(report_.timebank_transactions, 500);
  EXPECT_EQ(report_.nursery_classes, 4);
  EXPECT_GT(report_.nursery_applications, 60);
  EXPECT_GE(report_.nursery_inspections, 2);
  EXPECT_GT(report_.platform_workers, 300);
}

TEST_F(ActivityTest, EveryRowIsSynthetic) {
  ASSERT_OK(Store().Read([&](store::Reader& r) -> Status {
    store::EnrolmentQuery eq;
    eq.subtree_code = kCommunity;
    eq.state = store::EnrolmentState::kAll;
    eq.limit = 100000;
    ALLEY_ASSIGN_OR_RETURN(store::EnrolmentPage enrolments, store::ListEnrolments(r, eq));
    for (const auto& e : enrolments.items) EXPECT_TRUE(e.enrolment.synthetic);
    ALLEY_ASSIGN_OR_RETURN(store::VisitPage visits,
                           store::ListVisits(r, {.subtree_code = kCommunity, .limit = 100000}));
    for (const store::VisitRow& v : visits.items) EXPECT_TRUE(v.synthetic);
    store::HomeServiceOrderQuery oq;
    oq.subtree_code = kCommunity;
    oq.limit = 100000;
    ALLEY_ASSIGN_OR_RETURN(store::HomeServiceOrderPage orders, store::ListHomeServiceOrders(r, oq));
    for (const store::HomeServiceOrderRow& o : orders.items) EXPECT_TRUE(o.synthetic);
    store::CareProviderQuery pq;
    pq.subtree_code = kCommunity;
    pq.limit = 1000;
    ALLEY_ASSIGN_OR_RETURN(store::CareProviderPage providers, store::ListCareProviders(r, pq));
    for (const store::CareProviderRow& p : providers.items) EXPECT_TRUE(p.synthetic);
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::TimeBankTransactionRow> timebank,
                           store::TimeBankTransactions(r, kCommunity));
    for (const store::TimeBankTransactionRow& t : timebank) EXPECT_TRUE(t.synthetic);
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryClassRow> classes,
                           store::ListNurseryClasses(r, {.subtree_code = kCommunity}));
    for (const store::NurseryClassRow& c : classes) EXPECT_TRUE(c.synthetic);
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryInspectionRow> inspections,
                           store::ListNurseryInspections(r, {.subtree_code = kCommunity}));
    for (const store::NurseryInspectionRow& i : inspections) EXPECT_TRUE(i.synthetic);
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::RestStationRow> stations,
                           store::RestStationsUnder(r, kCommunity));
    EXPECT_EQ(stations.size(), 1u);
    for (const store::RestStationRow& s : stations) EXPECT_TRUE(s.synthetic);
    return OkStatus();
  }));
}

TEST_F(ActivityTest, TheCanteenDependsOnSubsidyAndIsFarFromBreakingEven) {
  ASSERT_OK_AND_ASSIGN(int64_t canteen,
                       FacilityOf(Store(), registry::FacilityType::kSeniorCanteen));
  ASSERT_OK_AND_ASSIGN(
      services::CanteenFinances year,
      services::CanteenFinancesFor(Store(), canteen, kFirstDay, kAsOf, kCommunity));
  const services::CanteenReport& r = year.report;
  EXPECT_EQ(r.meals, report_.canteen_meals);
  // Open every day but the Spring Festival holiday.
  EXPECT_GT(r.days, 340);
  EXPECT_LT(r.days, 365);
  const double per_day = static_cast<double>(r.meals) / static_cast<double>(r.days);
  EXPECT_GT(per_day, 80);
  EXPECT_LT(per_day, 250);
  EXPECT_GT(r.elderly_meals, r.meals / 2);
  ASSERT_TRUE(r.subsidy_dependency.has_value());
  EXPECT_GT(*r.subsidy_dependency, 0.1);
  EXPECT_LT(*r.subsidy_dependency, 0.5);
  ASSERT_TRUE(r.average_price.has_value());
  EXPECT_GT(*r.average_price, 800);   // fen: above the food cost...
  EXPECT_LT(*r.average_price, 1500);  // ...below what other residents pay
  ASSERT_EQ(r.break_even_case, services::BreakEvenCase::kDefined);
  ASSERT_TRUE(r.break_even_meals_per_day.has_value());
  EXPECT_GT(*r.break_even_meals_per_day, 2 * per_day) << "far from sustaining itself";
  ASSERT_TRUE(r.self_sustaining_price.has_value());
  EXPECT_GT(*r.self_sustaining_price, 1200);
  EXPECT_LT(*r.self_sustaining_price, 2500);
  EXPECT_EQ(r.subsidy_by_payer.size(), 3u);  // district, street, charity
  EXPECT_EQ(year.settings_changed.size(), 1u) << "the food cost rose once";
  for (const char* g : {"elderly_60", "elderly_80", "assisted", "public"}) {
    EXPECT_GT(r.meals_by_group.at(g), 0) << g;
  }
  // A month reads its own costs.
  ASSERT_OK_AND_ASSIGN(services::CanteenFinances june,
                       services::CanteenFinancesFor(
                           Store(), canteen, *core::Date::FromYmd(2026, 6, 1), kAsOf, kCommunity));
  EXPECT_GT(june.report.fixed_cost, 2'000'000);  // fen: over 20,000 yuan a month
  EXPECT_LT(june.report.fixed_cost, 4'000'000);
}

TEST_F(ActivityTest, TheTimeBankLedgerIsClosedWithEveryKindOfTransaction) {
  ASSERT_OK_AND_ASSIGN(services::TimeBankBalances balances,
                       services::GetTimeBankBalances(Store(), kCommunity, std::nullopt));
  EXPECT_EQ(balances.total_minutes, 0);
  EXPECT_GT(balances.outstanding_minutes, 0);
  std::map<std::string, int> kinds;
  ASSERT_OK(Store().Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::TimeBankTransactionRow> rows,
                           store::TimeBankTransactions(r, kCommunity));
    for (const store::TimeBankTransactionRow& t : rows) ++kinds[t.kind];
    ALLEY_ASSIGN_OR_RETURN(store::PostingTotal total, store::StoredPostingTotal(r, kCommunity));
    EXPECT_EQ(total.minutes, 0);
    return OkStatus();
  }));
  EXPECT_GT(kinds["earn"], 100);
  EXPECT_GT(kinds["transfer"], 0);
  EXPECT_GT(kinds["redeem"], 0);
  EXPECT_EQ(kinds["reversal"], 1);
}

TEST_F(ActivityTest, OrdersGoThroughTheirLifecycleAndVolunteersEarnTheirHours) {
  std::map<std::string, int64_t> states;
  ASSERT_OK(Store().Read([&](store::Reader& r) -> Status {
    store::HomeServiceOrderQuery q;
    q.subtree_code = kCommunity;
    q.limit = 100000;
    ALLEY_ASSIGN_OR_RETURN(store::HomeServiceOrderPage orders, store::ListHomeServiceOrders(r, q));
    for (const store::HomeServiceOrderRow& o : orders.items) {
      ++states[o.state];
      const bool finished = o.state == "done" || o.state == "rated";
      if (finished && o.provider_type == "volunteer") {
        EXPECT_TRUE(o.earn_transaction_id.has_value()) << o.id;
      }
      if (o.state == "rated") {
        EXPECT_TRUE(o.stars.has_value());
      }
      if (o.service_date > kAsOf) {
        EXPECT_TRUE(o.state == "requested" || o.state == "assigned") << o.id;
      }
    }
    return OkStatus();
  }));
  EXPECT_GT(states["rated"], states["done"]);
  EXPECT_GT(states["done"], 0);
  EXPECT_GT(states["cancelled"], 0);
  EXPECT_LT(states["cancelled"], report_.home_service_orders / 10);
  EXPECT_GT(states["requested"] + states["assigned"], 0) << "some still open";
}

TEST_F(ActivityTest, EnrolmentsAreOfTheResidentsEachProgrammeServes) {
  ASSERT_OK_AND_ASSIGN(services::EnrolmentList all,
                       services::ListEnrolments(Store(), {.unit_code = kCommunity,
                                                          .status = "all",
                                                          .page_size = registry::kMaxPageSize}));
  std::map<std::string, int64_t> by_programme;
  int64_t ended = 0;
  for (int64_t page = 1; (page - 1) * registry::kMaxPageSize < all.total; ++page) {
    ASSERT_OK_AND_ASSIGN(services::EnrolmentList list,
                         services::ListEnrolments(Store(), {.unit_code = kCommunity,
                                                            .status = "all",
                                                            .page = page,
                                                            .page_size = registry::kMaxPageSize}));
    for (const services::Enrolment& e : list.items) {
      ++by_programme[e.programme];
      ended += e.ended_on.has_value();
      EXPECT_TRUE(e.synthetic);
      EXPECT_LE(e.from, kAsOf);
    }
  }
  for (const services::Programme& p : services::Programmes()) {
    EXPECT_GT(by_programme[std::string(p.id)], 0) << p.id;
  }
  EXPECT_GT(ended, 0);
  // Everyone on the visit schedule is enrolled in the visits programme.
  ASSERT_OK_AND_ASSIGN(services::OverdueList due,
                       services::OverdueVisits(Store(), {.unit_code = kCommunity, .on = kAsOf},
                                               kCommunity, kTester, kNow));
  EXPECT_EQ(by_programme["elderly_visits"], due.on_schedule);
}

TEST_F(ActivityTest, VisitsKeepTheScheduleWithSomeOverdueAtTheEnd) {
  ASSERT_OK_AND_ASSIGN(services::OverdueList due,
                       services::OverdueVisits(Store(), {.unit_code = kCommunity, .on = kAsOf},
                                               kCommunity, kTester, kNow));
  EXPECT_GT(due.on_schedule, 100);
  EXPECT_EQ(due.overdue, report_.visits_overdue);
  EXPECT_GT(due.overdue, 0);
  EXPECT_LT(due.overdue, due.on_schedule / 4) << "most are visited on time";
  // Roughly weekly or fortnightly: one to two visits a month per person.
  const double per_person =
      static_cast<double>(report_.visits) / static_cast<double>(due.on_schedule);
  EXPECT_GT(per_person, 20);
  EXPECT_LT(per_person, 60);
}

TEST_F(ActivityTest, TheNurseryKeepsTheNormsButForTheDeliberateFlags) {
  ASSERT_OK_AND_ASSIGN(services::ChildcareFlagReport flags,
                       services::ChildcareFlagsOn(Store(), kCommunity, kAsOf, kCommunity));
  ASSERT_EQ(flags.nurseries.size(), 1u);
  // In OversightFlagKind order: ratio breach, inspection overdue, remedy overdue, over size.
  EXPECT_EQ(flags.counts[0], 1) << "the caregiver on leave";
  EXPECT_EQ(flags.counts[1], 0);
  EXPECT_EQ(flags.counts[2], 1) << "the spot check's findings";
  EXPECT_EQ(flags.counts[3], 0);
  ASSERT_OK_AND_ASSIGN(int64_t nursery, FacilityOf(Store(), registry::FacilityType::kNursery));
  ASSERT_OK_AND_ASSIGN(std::vector<services::NurseryClassView> classes,
                       services::ListNurseryClasses(Store(), nursery, kAsOf, kCommunity));
  ASSERT_EQ(classes.size(), 4u);
  int enrolled = 0;
  int waiting = 0;
  std::set<std::string> types;
  for (const services::NurseryClassView& c : classes) {
    types.insert(c.row.type);
    EXPECT_LE(c.row.capacity, c.norm->max_children) << c.row.name;
    EXPECT_LE(c.enrolled, c.row.capacity) << c.row.name;
    enrolled += c.enrolled;
    waiting += c.waiting;
  }
  EXPECT_EQ(types, (std::set<std::string>{"infant", "younger", "older"}));
  EXPECT_GT(enrolled, 30);
  EXPECT_EQ(waiting, report_.nursery_waiting);
  EXPECT_GT(waiting, 0) << "a waiting list";
  ASSERT_OK_AND_ASSIGN(
      services::ChildcareBalanceReport balance,
      services::ComputeUnitChildcareBalance(Store(), kCommunity, kAsOf, kCommunity));
  EXPECT_EQ(balance.unit.balance.places, 60);
}

TEST_F(ActivityTest, PlatformWorkersHaveTheirPlatformsProtectionAndServices) {
  ASSERT_OK_AND_ASSIGN(services::PlatformCoverage coverage,
                       services::PlatformCoverageOf(Store(), kCommunity, kAsOf));
  const services::PlatformWorkerSummary& s = coverage.total;
  EXPECT_EQ(s.workers, report_.platform_workers);
  EXPECT_LT(s.platform_unknown, s.workers / 10);
  ASSERT_TRUE(s.injury_protection_share.has_value());
  EXPECT_GT(*s.injury_protection_share, 0.3);
  EXPECT_LT(*s.injury_protection_share, 0.9);
  ASSERT_TRUE(s.programme_reach_share.has_value());
  EXPECT_GT(*s.programme_reach_share, 0.1);
  for (const services::ProgrammeCount& p : s.by_programme) {
    if (p.programme_id == "rest_station") {
      EXPECT_GT(p.workers, 50);
    }
  }
  EXPECT_EQ(coverage.rest_stations, 1);
  EXPECT_EQ(coverage.rest_stations_with_hours, 1);
}

TEST(ActivityRefreshTest, RerunningTheDemoMakesTheSameActivityAgainNotTwice) {
  TempStore store("activity_again");
  ASSERT_OK(AddHierarchy(*store));
  ASSERT_OK_AND_ASSIGN(DemoReport first, BuildHailianDemo(*store, Options(3, 2000)));
  ASSERT_OK_AND_ASSIGN(Counts before, CountRows(*store));
  ASSERT_OK_AND_ASSIGN(DemoReport second, BuildHailianDemo(*store, Options(3, 2000)));
  ASSERT_OK_AND_ASSIGN(Counts after, CountRows(*store));
  EXPECT_TRUE(before == after);
  EXPECT_EQ(after.enrolments, second.activity.enrolments);
  EXPECT_EQ(first.activity.visits, second.activity.visits);
  EXPECT_EQ(first.activity.home_service_orders, second.activity.home_service_orders);
  EXPECT_EQ(first.activity.timebank_transactions, second.activity.timebank_transactions);
  EXPECT_EQ(first.activity.canteen_meals, second.activity.canteen_meals);
  ASSERT_OK_AND_ASSIGN(services::TimeBankBalances balances,
                       services::GetTimeBankBalances(*store, kCommunity, std::nullopt));
  EXPECT_EQ(balances.total_minutes, 0);
  // Another seed, another year.
  ASSERT_OK_AND_ASSIGN(DemoReport other, BuildHailianDemo(*store, Options(4, 2000)));
  EXPECT_NE(other.activity.canteen_meals, first.activity.canteen_meals);
}

TEST(ActivityRefreshTest, AFailedRefreshLeavesThePreviousActivity) {
  TempStore store("activity_failed");
  ASSERT_OK(AddHierarchy(*store));
  ASSERT_OK(BuildHailianDemo(*store, Options(5, 2000)));
  ASSERT_OK_AND_ASSIGN(Counts before, CountRows(*store));
  // A real transaction in the demo's time bank: its synthetic history can no
  // longer be removed without gaps, so the refresh is refused whole.
  int64_t account = 0;
  ASSERT_OK(store.get()->Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::TimeBankAccountRow> accounts,
                           store::TimeBankAccounts(r, kCommunity));
    for (const store::TimeBankAccountRow& a : accounts) {
      if (a.kind == "member") account = a.id;
    }
    return OkStatus();
  }));
  ASSERT_NE(account, 0);
  ASSERT_OK(
      services::EarnHours(*store, account, 60, kAsOf, "event:real", "", kCommunity, kTester, kNow));
  EXPECT_THAT(BuildHailianDemo(*store, Options(6, 2000)),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("real transactions")));
  ASSERT_OK_AND_ASSIGN(Counts after, CountRows(*store));
  ++before.timebank;  // the real one
  EXPECT_TRUE(before == after);
}

TEST(ActivityRefreshTest, ATimeBankOfRealTransactionsOnlyIsLeftAlone) {
  TempStore store("activity_real_bank");
  ASSERT_OK(AddHierarchy(*store));
  ASSERT_OK(BuildHailianDemo(*store, Options(7, 500)));
  // Every demo volunteer's hours come from the demo; a real bank is made by
  // a real volunteer's hours after the synthetic ones are gone.
  ASSERT_OK(store.get()->Write([](store::Writer& w) { return DeleteActivity(w, kCommunity); }));
  store::ResidentIdentity who;
  ASSERT_OK(store.get()->Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(
        who.id_number,
        core::MakeIdNumber("320706", *core::Date::FromYmd(1950, 3, 4), 9, core::Sex::kMale));
    who.sex = "male";
    who.birth_date = *core::Date::FromYmd(1950, 3, 4);
    ALLEY_ASSIGN_OR_RETURN(who.id, w.InsertResident(who));
    store::ResidentVersion v;
    v.resident_id = who.id;
    v.valid_from = *core::Date::FromYmd(2020, 1, 1);
    v.change = "register";
    v.status = "active";
    v.name = "真实志愿者";
    v.community_code = kCommunity;
    v.unit_code = kCommunity;
    v.registration = "registered";
    v.employment = "retired";
    v.insurance = "employee";
    return w.AddResidentVersion(v);
  }));
  ASSERT_OK(store.get()->Write([&](store::Writer& w) -> Status {
    store::UnitRow unit = testing::Unit(kCommunity, "320706006", core::UnitLevel::kCommunity,
                                        std::string(kHailianName));
    unit.lat = 34.6;
    unit.lon = 119.17;
    return w.UpsertUnits({unit});
  }));
  services::ProviderInput in;
  in.unit_code = kCommunity;
  in.resident_id = who.id;
  in.skills = {"companionship"};
  in.availability = {{services::Weekday::kMonday, 9 * 60, 11 * 60}};
  in.registered_on = *core::Date::FromYmd(2026, 1, 5);
  ASSERT_OK_AND_ASSIGN(services::ProviderItem volunteer,
                       services::RegisterProvider(*store, services::ProviderType::kVolunteer, in,
                                                  kCommunity, kTester, kNow));
  ASSERT_TRUE(volunteer.timebank_account_id.has_value());
  ASSERT_OK(services::EarnHours(*store, *volunteer.timebank_account_id, 90, kAsOf, "event:real", "",
                                kCommunity, kTester, kNow));
  ASSERT_OK_AND_ASSIGN(DemoReport again, BuildHailianDemo(*store, Options(7, 500)));
  EXPECT_EQ(again.activity.volunteers, 0);
  EXPECT_GT(again.activity.caregivers, 0);
  ASSERT_OK_AND_ASSIGN(Counts n, CountRows(*store));
  EXPECT_EQ(n.timebank, 1);
  EXPECT_EQ(n.providers, again.activity.caregivers + 1);
}

}  // namespace
}  // namespace alley::demo

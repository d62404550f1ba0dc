#include "services/platform_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/id_number.h"
#include "core/status_matchers.h"
#include "registry/audit.h"
#include "registry/facilities.h"
#include "registry/residents.h"
#include "registry/test_util.h"
#include "registry/units.h"
#include "services/enrolments.h"
#include "services/programmes_json.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kHailian[] = "320706006010";
constexpr char kXinghua[] = "320706006009";
constexpr char kVillage[] = "320706006201";
constexpr char kStreet[] = "320706006";
const registry::audit::Actor kWorker = {"hailian", "community_staff", kHailian};
const registry::audit::Actor kOther = {"xinghua", "community_staff", kXinghua};
const store::Timestamp kNow{std::chrono::sys_days(std::chrono::year(2026) / 7 / 1)};

core::Date D(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }
const core::Date kToday = D(2026, 7, 1);

class PlatformServiceTest : public registry::testing::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    ASSERT_OK(registry::ImportDivisions(*store_, WriteDivisions()).status());
  }

  int64_t Resident(const std::string& unit, const std::string& employment,
                   const std::string& insurance = "flexible") {
    registry::NewResident r;
    StatusOr<std::string> id_number =
        core::MakeIdNumber("320706", D(1995, 1, 1), next_++, core::Sex::kMale);
    EXPECT_OK(id_number);
    r.id_number = id_number.ok() ? *id_number : "";
    r.name = "骑手" + std::to_string(next_);
    r.unit_code = unit;
    r.employment = employment;
    r.insurance = insurance;
    r.effective = D(2020, 1, 1);
    StatusOr<registry::ResidentItem> made = registry::CreateResident(*store_, r, kToday);
    EXPECT_OK(made);
    return made.ok() ? made->id : 0;
  }

  StatusOr<PlatformWorkerItem> Update(int64_t id, const PlatformWorkerChange& change,
                                      std::optional<int64_t> version = std::nullopt,
                                      std::string_view within = kHailian) {
    return UpdatePlatformWorker(*store_, id, version, change, kToday, within, kWorker, kNow);
  }

  int64_t Station(const std::string& unit, const std::string& type = "rider_rest_station",
                  int capacity = 0) {
    registry::FacilityInput f;
    f.unit_code = unit;
    f.type = type;
    f.name = "驿站" + std::to_string(next_++);
    f.capacity = capacity;
    StatusOr<registry::FacilityItem> made = registry::CreateFacility(*store_, f);
    EXPECT_OK(made);
    return made.ok() ? made->facility.id : 0;
  }

  int next_ = 1;
};

TEST_F(PlatformServiceTest, RecordsNormalisedPlatformsAndInjuryProtection) {
  const int64_t r = Resident(kHailian, "delivery_rider");
  ASSERT_OK_AND_ASSIGN(PlatformWorkerItem before, GetPlatformWorker(*store_, r, kToday, kHailian));
  EXPECT_EQ(before.version, 0);
  EXPECT_THAT(before.platforms, IsEmpty());
  EXPECT_EQ(before.injury_protection, InjuryProtection::kUnknown);
  EXPECT_EQ(before.form, registry::EmploymentForm::kDeliveryRider);
  EXPECT_EQ(before.insurance, registry::Insurance::kFlexible);

  PlatformWorkerChange change;
  change.platforms = std::vector<std::string>{" 美团外卖 ", "美团众包", "蜂鸟", "本地跑腿"};
  change.injury_protection = "enrolled";
  change.injury_protection_since = D(2025, 7, 1);
  ASSERT_OK_AND_ASSIGN(PlatformWorkerItem w, Update(r, change, 0));
  EXPECT_EQ(w.version, 1);
  ASSERT_EQ(w.platforms.size(), 3u) << "two spellings of 美团 count once";
  EXPECT_EQ(w.platforms[0].key, "meituan");
  EXPECT_EQ(w.platforms[0].name, "美团");
  EXPECT_EQ(w.platforms[1].key, "eleme");
  EXPECT_EQ(w.platforms[2].name, "本地跑腿");
  EXPECT_EQ(w.injury_protection, InjuryProtection::kEnrolled);
  EXPECT_EQ(w.injury_protection_since, D(2025, 7, 1));

  // A stale version is refused; the current one goes through.
  PlatformWorkerChange only_platforms;
  only_platforms.platforms = std::vector<std::string>{"滴滴出行"};
  EXPECT_THAT(Update(r, only_platforms, 0), StatusIs(StatusCode::kAborted, HasSubstr("version 1")));
  ASSERT_OK_AND_ASSIGN(w, Update(r, only_platforms, 1));
  EXPECT_EQ(w.version, 2);
  ASSERT_EQ(w.platforms.size(), 1u);
  EXPECT_EQ(w.platforms[0].key, "didi");
  EXPECT_EQ(w.injury_protection, InjuryProtection::kEnrolled) << "unset fields are kept";
  EXPECT_EQ(w.injury_protection_since, D(2025, 7, 1));

  // The status changes without a date: today.
  PlatformWorkerChange lapsed;
  lapsed.injury_protection = "未参加";
  ASSERT_OK_AND_ASSIGN(w, Update(r, lapsed));
  EXPECT_EQ(w.injury_protection, InjuryProtection::kNotEnrolled);
  EXPECT_EQ(w.injury_protection_since, kToday);
  // Unknown has no date.
  PlatformWorkerChange unknown;
  unknown.injury_protection = "unknown";
  ASSERT_OK_AND_ASSIGN(w, Update(r, unknown));
  EXPECT_FALSE(w.injury_protection_since.has_value());

  registry::audit::Filter f;
  f.object = "platform_worker";
  ASSERT_OK_AND_ASSIGN(store::AuditPage page, registry::audit::Query(*store_, f));
  ASSERT_EQ(page.total, 4);
  EXPECT_EQ(page.items.back().action, "create");
  EXPECT_EQ(page.items.front().action, "update");
  EXPECT_EQ(page.items.front().records, "[" + std::to_string(r) + "]");
}

TEST_F(PlatformServiceTest, BadChangesNameTheFieldAndWriteNothing) {
  const int64_t r = Resident(kHailian, "ride_hailing_driver");
  auto refused = [&](const PlatformWorkerChange& c, std::string_view text) {
    EXPECT_THAT(Update(r, c), StatusIs(StatusCode::kInvalidArgument, HasSubstr(std::string(text))));
  };
  PlatformWorkerChange c;
  c.platforms = std::vector<std::string>{"美团", "  "};
  refused(c, "field platforms: \"  \": field platform: must not be empty");
  c.platforms = std::vector<std::string>{};
  for (int i = 0; i < 11; ++i) c.platforms->push_back("平台" + std::to_string(i));
  refused(c, "field platforms: at most 10 platforms, got 11");
  c = {};
  c.injury_protection = "maybe";
  refused(c, "field injury_protection: unknown status \"maybe\" (enrolled, not_enrolled, unknown)");
  c = {};
  c.injury_protection = "enrolled";
  c.injury_protection_since = D(2026, 7, 2);
  refused(c, "field injury_protection_since: 2026-07-02 is after today (2026-07-01)");
  c.injury_protection_since = D(2022, 6, 30);
  refused(c, "before the national pilot of occupational injury protection began (2022-07-01)");
  c.injury_protection = "unknown";
  c.injury_protection_since = D(2025, 1, 1);
  refused(c, "field injury_protection_since: an unknown injury protection has no date");
  ASSERT_OK_AND_ASSIGN(PlatformWorkerItem w, GetPlatformWorker(*store_, r, kToday));
  EXPECT_EQ(w.version, 0) << "nothing was written";
}

TEST_F(PlatformServiceTest, OnlyPlatformWorkersInsideTheScope) {
  const int64_t retired = Resident(kHailian, "retired");
  const int64_t outside = Resident(kXinghua, "delivery_rider");
  PlatformWorkerChange c;
  c.platforms = std::vector<std::string>{"美团"};
  EXPECT_THAT(Update(retired, c),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("is not a platform worker on 2026-07-01: the ledger gives the "
                                 "employment \"retired\"")));
  EXPECT_THAT(Update(outside, c), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(GetPlatformWorker(*store_, outside, kToday, kHailian),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(Update(outside + 1000, c), StatusIs(StatusCode::kNotFound));
  // Xinghua's own worker is theirs to change.
  ASSERT_OK(UpdatePlatformWorker(*store_, outside, std::nullopt, c, kToday, kXinghua, kOther, kNow)
                .status());
}

TEST_F(PlatformServiceTest, ListsTheLedgersPlatformWorkersWithTheirProgrammes) {
  const int64_t rider = Resident(kHailian, "delivery_rider");
  const int64_t driver = Resident(kHailian, "ride_hailing_driver", "none");
  Resident(kHailian, "employee");
  Resident(kXinghua, "delivery_rider");
  ASSERT_OK(Enrol(*store_, {.resident_id = rider, .programme = "rest_station", .from = kToday},
                  kHailian, kWorker, kNow)
                .status());
  ASSERT_OK(Enrol(*store_, {.resident_id = rider, .programme = "legal_aid", .from = kToday},
                  kHailian, kWorker, kNow)
                .status());
  PlatformWorkerChange c;
  c.platforms = std::vector<std::string>{"曹操出行"};
  ASSERT_OK(Update(driver, c).status());

  ASSERT_OK_AND_ASSIGN(
      PlatformWorkerList list,
      ListPlatformWorkers(*store_, {.unit_code = kHailian, .as_of = kToday}, kHailian));
  ASSERT_EQ(list.total, 2);
  ASSERT_EQ(list.items.size(), 2u);
  const PlatformWorkerItem& a = list.items[0].resident_id == rider ? list.items[0] : list.items[1];
  const PlatformWorkerItem& b = list.items[0].resident_id == rider ? list.items[1] : list.items[0];
  EXPECT_THAT(a.programmes, ElementsAre("rest_station", "legal_aid")) << "programmes.h order";
  EXPECT_EQ(a.version, 0);
  EXPECT_THAT(a.id_number_masked, HasSubstr("********"));
  EXPECT_EQ(b.resident_id, driver);
  ASSERT_EQ(b.platforms.size(), 1u);
  EXPECT_EQ(b.platforms[0].key, "caocao");
  EXPECT_EQ(b.version, 1);
  // Before the enrolments, no programme.
  ASSERT_OK_AND_ASSIGN(
      PlatformWorkerList earlier,
      ListPlatformWorkers(*store_, {.unit_code = kHailian, .as_of = kToday.AddDays(-1)}));
  for (const PlatformWorkerItem& w : earlier.items) EXPECT_THAT(w.programmes, IsEmpty());

  ASSERT_OK_AND_ASSIGN(
      PlatformWorkerList drivers,
      ListPlatformWorkers(*store_, {.unit_code = kHailian, .as_of = kToday, .form = "网约车司机"}));
  ASSERT_EQ(drivers.total, 1);
  EXPECT_EQ(drivers.items[0].resident_id, driver);
  EXPECT_THAT(
      ListPlatformWorkers(*store_, {.unit_code = kHailian, .as_of = kToday, .form = "retired"}),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter form")));
  EXPECT_THAT(ListPlatformWorkers(*store_, {.unit_code = kHailian, .as_of = kToday}, kXinghua),
              StatusIs(StatusCode::kPermissionDenied));
  ASSERT_OK_AND_ASSIGN(PlatformWorkerList street,
                       ListPlatformWorkers(*store_, {.unit_code = kStreet, .as_of = kToday}));
  EXPECT_EQ(street.total, 3);
}

TEST_F(PlatformServiceTest, CoveragePerUnitWithSharesMissingWithoutWorkers) {
  ASSERT_OK_AND_ASSIGN(
      store::UnitRow compound,
      registry::AddUnit(*store_, kHailian, core::UnitLevel::kCompound, "海连新苑"));
  const int64_t a = Resident(compound.code, "delivery_rider", "flexible");
  const int64_t b = Resident(kHailian, "delivery_rider", "none");
  const int64_t c = Resident(kHailian, "ecommerce_livestreaming", "employee");
  Resident(kXinghua, "ride_hailing_driver", "unknown");
  Resident(kHailian, "retired");
  PlatformWorkerChange injury;
  injury.injury_protection = "enrolled";
  injury.platforms = std::vector<std::string>{"美团", "饿了么"};
  ASSERT_OK(Update(a, injury).status());
  injury.platforms = std::vector<std::string>{"美团外卖"};
  ASSERT_OK(Update(b, injury).status());
  ASSERT_OK(Enrol(*store_, {.resident_id = c, .programme = "skills_training", .from = kToday},
                  kHailian, kWorker, kNow)
                .status());
  Station(kHailian, "rider_rest_station", 20);
  Station(kXinghua, "rider_rest_station", 8);

  ASSERT_OK_AND_ASSIGN(PlatformCoverage street, PlatformCoverageOf(*store_, kStreet, kToday));
  EXPECT_EQ(street.unit_name, "新海街道");
  EXPECT_EQ(street.total.workers, 4);
  ASSERT_EQ(street.units.size(), 2u);
  EXPECT_EQ(street.units[0].unit_code, kXinghua);
  EXPECT_EQ(street.units[0].unit_name, "星化社区居委会");
  EXPECT_EQ(street.units[0].summary.workers, 1);
  EXPECT_EQ(street.units[1].unit_code, kHailian);
  const PlatformWorkerSummary& h = street.units[1].summary;
  EXPECT_EQ(h.workers, 3);
  EXPECT_EQ(h.insured, 2);  // flexible and employee
  ASSERT_TRUE(h.insured_share.has_value());
  EXPECT_DOUBLE_EQ(*h.insured_share, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(h.injury_protection_share.value_or(-1), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(h.programme_reach_share.value_or(-1), 1.0 / 3.0);
  ASSERT_FALSE(h.by_platform.empty());
  EXPECT_EQ(h.by_platform[0].key, "meituan");
  EXPECT_EQ(h.by_platform[0].workers, 2);
  EXPECT_EQ(h.platform_unknown, 1);
  EXPECT_EQ(street.rest_stations, 2);
  EXPECT_EQ(street.rest_station_capacity, 28);
  EXPECT_EQ(street.rest_stations_with_hours, 0);

  // Inside Hailian: the compound and the community itself.
  ASSERT_OK_AND_ASSIGN(PlatformCoverage hailian,
                       PlatformCoverageOf(*store_, kHailian, kToday, kHailian));
  ASSERT_EQ(hailian.units.size(), 2u);
  EXPECT_EQ(hailian.units[0].unit_code, kHailian);
  EXPECT_EQ(hailian.units[0].summary.workers, 2);
  EXPECT_EQ(hailian.units[1].unit_code, compound.code);
  EXPECT_EQ(hailian.units[1].unit_name, "海连新苑");
  EXPECT_EQ(hailian.units[1].summary.workers, 1);
  EXPECT_EQ(hailian.rest_stations, 1);

  // No workers: no shares (never 0).
  ASSERT_OK_AND_ASSIGN(PlatformCoverage village, PlatformCoverageOf(*store_, kVillage, kToday));
  EXPECT_EQ(village.total.workers, 0);
  EXPECT_FALSE(village.total.insured_share.has_value());
  EXPECT_THAT(village.units, IsEmpty());
  const nlohmann::json j = PlatformCoverageJson(village);
  EXPECT_TRUE(j["insured_share"].is_null());
  EXPECT_TRUE(j["injury_protection_share"].is_null());
  EXPECT_TRUE(j["programme_reach_share"].is_null());
  EXPECT_EQ(j["rest_stations"]["count"], 0);

  // Scope.
  EXPECT_THAT(PlatformCoverageOf(*store_, kStreet, kToday, kXinghua),
              StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(PlatformCoverageOf(*store_, kHailian, kToday, kXinghua),
              StatusIs(StatusCode::kPermissionDenied));
  ASSERT_OK_AND_ASSIGN(PlatformCoverage own,
                       PlatformCoverageOf(*store_, kXinghua, kToday, kXinghua));
  EXPECT_EQ(own.total.workers, 1);
  EXPECT_EQ(own.rest_stations, 1);
  EXPECT_THAT(PlatformCoverageOf(*store_, "320706006099", kToday), StatusIs(StatusCode::kNotFound));
}

TEST_F(PlatformServiceTest, RestStationsKeepCapacityAndHoursOnTheirFacility) {
  const int64_t id = Station(kHailian);
  ASSERT_OK_AND_ASSIGN(RestStationItem s, GetRestStation(*store_, id, kHailian));
  EXPECT_FALSE(s.hours.has_value());
  const int64_t v = s.facility.version;
  nlohmann::json j = RestStationJson(s, *TimeOfDay::FromHm(9, 0));
  EXPECT_TRUE(j["open_now"].is_null());

  RestStationChange change;
  change.capacity = 15;
  change.hours = "8:00～12:00， 14:00-22:00";
  EXPECT_THAT(UpdateRestStation(*store_, id, v + 1, change, kHailian, kWorker, kNow),
              StatusIs(StatusCode::kAborted));
  ASSERT_OK_AND_ASSIGN(s, UpdateRestStation(*store_, id, v, change, kHailian, kWorker, kNow));
  EXPECT_EQ(s.facility.capacity, 15);
  EXPECT_EQ(s.facility.version, v + 1);
  ASSERT_TRUE(s.hours.has_value());
  EXPECT_EQ(FormatOpeningHours(*s.hours), "08:00-12:00,14:00-22:00");
  j = RestStationJson(s, *TimeOfDay::FromHm(9, 0));
  EXPECT_EQ(j["open_now"], true);
  EXPECT_EQ(j["hours"], "08:00-12:00,14:00-22:00");
  EXPECT_EQ(j["minutes_open_per_day"], 12 * 60);
  EXPECT_EQ(RestStationJson(s, *TimeOfDay::FromHm(13, 0))["open_now"], false);
  EXPECT_EQ(RestStationJson(s, *TimeOfDay::FromHm(22, 0))["open_now"], false);

  // The facility sees the same capacity and version.
  ASSERT_OK_AND_ASSIGN(registry::FacilityItem f, registry::GetFacility(*store_, id));
  EXPECT_EQ(f.facility.capacity, 15);
  EXPECT_EQ(f.facility.version, v + 1);

  // Hours alone still move the version.
  RestStationChange all_day;
  all_day.hours = "24小时";
  ASSERT_OK_AND_ASSIGN(
      s, UpdateRestStation(*store_, id, std::nullopt, all_day, kHailian, kWorker, kNow));
  EXPECT_EQ(s.facility.version, v + 2);
  EXPECT_EQ(s.facility.capacity, 15);
  EXPECT_EQ(MinutesOpenPerDay(*s.hours), 1440);

  registry::audit::Filter filter;
  filter.object = "rest_station";
  ASSERT_OK_AND_ASSIGN(store::AuditPage page, registry::audit::Query(*store_, filter));
  EXPECT_EQ(page.total, 2);
}

TEST_F(PlatformServiceTest, RestStationRefusals) {
  const int64_t id = Station(kHailian);
  const int64_t canteen = Station(kHailian, "senior_canteen");
  const int64_t outside = Station(kXinghua);
  RestStationChange c;
  c.capacity = 0;
  EXPECT_THAT(
      UpdateRestStation(*store_, id, std::nullopt, c, kHailian, kWorker, kNow),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("field capacity: must be 1..10000")));
  c.capacity = 10001;
  EXPECT_THAT(UpdateRestStation(*store_, id, std::nullopt, c, kHailian, kWorker, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field capacity")));
  c = {};
  c.hours = "22:00-21:00,20:00-23:00";
  EXPECT_THAT(UpdateRestStation(*store_, id, std::nullopt, c, kHailian, kWorker, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field hours: opening hours")));
  c.hours = "08:00-22:00";
  EXPECT_THAT(UpdateRestStation(*store_, canteen, std::nullopt, c, kHailian, kWorker, kNow),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("is a senior_canteen, not a rider_rest_station")));
  EXPECT_THAT(GetRestStation(*store_, outside, kHailian), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(UpdateRestStation(*store_, outside, std::nullopt, c, kHailian, kWorker, kNow),
              StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(registry::FacilityItem f, registry::GetFacility(*store_, id));
  ASSERT_OK(registry::CloseFacility(*store_, id, f.facility.version, kToday));
  EXPECT_THAT(GetRestStation(*store_, id, kHailian), StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(RestStationItem theirs, GetRestStation(*store_, outside, kXinghua));
  EXPECT_FALSE(theirs.hours.has_value()) << "nothing was written";
}

// The first records of many workers in the caller's transaction:
// UpdatePlatformWorker's rules, one audit record, synthetic rows.
TEST_F(PlatformServiceTest, ManyFirstRecordsFollowTheSingleUpdatesRules) {
  const int64_t rider = Resident(kHailian, "delivery_rider");
  const int64_t driver = Resident(kHailian, "ride_hailing_driver");
  const int64_t retired = Resident(kHailian, "retired");
  auto record = [&](std::vector<PlatformWorkerRecord> workers) -> StatusOr<int64_t> {
    int64_t n = 0;
    ALLEY_RETURN_IF_ERROR(store_->Write([&](store::Writer& w) -> Status {
      ALLEY_ASSIGN_OR_RETURN(n, RecordPlatformWorkers(w, workers, kToday, /*synthetic=*/true,
                                                      kHailian, kWorker, kNow));
      return OkStatus();
    }));
    return n;
  };
  const PlatformWorkerRecord meituan{.resident_id = rider,
                                     .platforms = {"美团外卖", "蜂鸟"},
                                     .injury_protection = "enrolled",
                                     .injury_protection_since = D(2023, 3, 1)};
  const PlatformWorkerRecord not_a_worker{.resident_id = retired, .platforms = {"滴滴"}};
  EXPECT_THAT(record({meituan, not_a_worker}),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("worker 1: resident " + std::to_string(retired) +
                                 " is not a platform worker")));
  PlatformWorkerRecord early = meituan;
  early.injury_protection_since = D(2022, 6, 30);
  EXPECT_THAT(record({early}), StatusIs(StatusCode::kInvalidArgument,
                                        HasSubstr("worker 0: field injury_protection_since")));
  const PlatformWorkerRecord dated_unknown{.resident_id = driver,
                                           .injury_protection = "unknown",
                                           .injury_protection_since = D(2024, 1, 1)};
  EXPECT_THAT(record({dated_unknown}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("an unknown injury protection")));
  EXPECT_THAT(record({meituan, meituan}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("listed twice")));
  const PlatformWorkerRecord didi{
      .resident_id = driver, .platforms = {"滴滴出行"}, .injury_protection = "not_enrolled"};
  ASSERT_OK_AND_ASSIGN(int64_t n, record({meituan, didi}));
  EXPECT_EQ(n, 2);
  EXPECT_THAT(record({didi}), StatusIs(StatusCode::kAlreadyExists, HasSubstr("worker 0")));
  ASSERT_OK_AND_ASSIGN(PlatformWorkerItem r, GetPlatformWorker(*store_, rider, kToday, kHailian));
  EXPECT_EQ(r.version, 1);
  ASSERT_EQ(r.platforms.size(), 2u);
  EXPECT_EQ(r.platforms[0].key, "meituan");
  EXPECT_EQ(r.injury_protection, InjuryProtection::kEnrolled);
  ASSERT_OK_AND_ASSIGN(PlatformWorkerItem d, GetPlatformWorker(*store_, driver, kToday, kHailian));
  EXPECT_EQ(d.injury_protection_since, kToday) << "a status without a date holds from today";
  registry::audit::Filter f;
  f.object = "platform_worker";
  ASSERT_OK_AND_ASSIGN(store::AuditPage audit, registry::audit::Query(*store_, f));
  EXPECT_EQ(audit.total, 1);
}

}  // namespace
}  // namespace alley::services

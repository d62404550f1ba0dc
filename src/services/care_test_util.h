// Test helpers for home services and the time bank: a temporary store with
// the small real hierarchy (registry/test_util.h), a located building in
// Hailian (海连) and in its neighbour Xinghua (星化), and residents made
// through the ledger's own functions.
#pragma once

#include <chrono>
#include <string>

#include "core/date.h"
#include "core/id_number.h"
#include "core/status_matchers.h"
#include "registry/audit.h"
#include "registry/residents.h"
#include "registry/test_util.h"
#include "registry/units.h"
#include "services/care.h"

namespace alley::services::testing {

inline constexpr char kHailian[] = "320706006010";
inline constexpr char kXinghua[] = "320706006009";
inline constexpr char kStreet[] = "320706006";

inline const registry::audit::Actor& HailianStaff() {
  static const registry::audit::Actor kActor = {"hailian", "community_staff", kHailian};
  return kActor;
}
inline const registry::audit::Actor& XinghuaStaff() {
  static const registry::audit::Actor kActor = {"xinghua", "community_staff", kXinghua};
  return kActor;
}

inline core::Date D(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

// 2026-07-01 10:00 in Beijing.
inline store::Timestamp T0() {
  return std::chrono::sys_days(std::chrono::year(2026) / 7 / 1) + std::chrono::hours(2);
}

class CareTest : public registry::testing::TempStoreTest {
 protected:
  // Building "1" of each community, 1 km apart (about 0.009 degrees of latitude).
  static constexpr double kHailianLat = 34.600;
  static constexpr double kHailianLon = 119.170;
  static constexpr double kXinghuaLat = 34.609;

  void SetUp() override {
    TempStoreTest::SetUp();
    ASSERT_OK(registry::ImportDivisions(*store_, WriteDivisions()).status());
    ASSERT_OK(store_->Write([&](store::Writer& w) -> Status {
      ALLEY_RETURN_IF_ERROR(
          w.InsertBuilding(
               {.unit_code = kHailian, .name = "1", .lat = kHailianLat, .lon = kHailianLon})
              .status());
      return w
          .InsertBuilding(
              {.unit_code = kXinghua, .name = "1", .lat = kXinghuaLat, .lon = kHailianLon})
          .status();
    }));
  }

  // A resident of `unit` in building "1", registered 2020-01-01.
  int64_t Resident(const std::string& unit, core::Date birth, const std::string& household = "",
                   const std::string& relation = "") {
    registry::NewResident r;
    StatusOr<std::string> id = core::MakeIdNumber("320706", birth, next_++, core::Sex::kFemale);
    EXPECT_OK(id);
    r.id_number = id.ok() ? *id : "";
    r.name = "居民" + std::to_string(next_);
    r.unit_code = unit;
    r.building = "1";
    r.household = household;
    r.relation = relation;
    r.effective = D(2020, 1, 1);
    StatusOr<registry::ResidentItem> made = registry::CreateResident(*store_, r, D(2026, 7, 1));
    EXPECT_OK(made);
    return made.ok() ? made->id : 0;
  }
  int64_t Elder(const std::string& unit = kHailian) { return Resident(unit, D(1940, 3, 1)); }
  int64_t Adult(const std::string& unit = kHailian) { return Resident(unit, D(1985, 3, 1)); }

  // Every day 08:00-18:00.
  static std::vector<WeeklyWindow> Daytime() {
    StatusOr<std::vector<WeeklyWindow>> w = ParseWeeklyWindows("mon-sun 08:00-18:00");
    return w.ok() ? *w : std::vector<WeeklyWindow>{};
  }

  // A caregiver `metres_north` north of Hailian's building "1".
  ProviderInput CaregiverIn(const std::string& unit = kHailian, double metres_north = 500) {
    ProviderInput in;
    in.unit_code = unit;
    in.lat = kHailianLat + metres_north / 111'195.0;  // metres per degree of latitude
    in.lon = kHailianLon;
    in.name = "护理员" + std::to_string(next_++);
    in.occupation = "elder_care_worker";
    in.availability = Daytime();
    in.certifications = {{"elder_care_worker", 4, "NO.1", D(2024, 1, 1), D(2029, 12, 31)}};
    in.registered_on = D(2025, 1, 1);
    return in;
  }

  ProviderInput VolunteerIn(int64_t resident) {
    ProviderInput in;
    in.resident_id = resident;
    in.skills = {"meal_delivery", "companionship", "cleaning"};
    in.availability = Daytime();
    in.registered_on = D(2025, 1, 1);
    return in;
  }

  ProviderItem Register(ProviderType type, const ProviderInput& in) {
    StatusOr<ProviderItem> p =
        RegisterProvider(*store_, type, in, core::kNationCode, HailianStaff(), T0());
    EXPECT_OK(p);
    return p.ok() ? *p : ProviderItem{};
  }

  OrderInput OrderFor(int64_t resident, std::string kind = "cleaning",
                      core::Date date = D(2026, 7, 6), int start_h = 9, int end_h = 10) {
    OrderInput in;
    in.resident_id = resident;
    in.kind = std::move(kind);
    in.slot = {.date = date, .start_min = start_h * 60, .end_min = end_h * 60};
    return in;
  }

  int next_ = 0;
};

}  // namespace alley::services::testing

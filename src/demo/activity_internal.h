// Inside the demo's activity (activity.h): what the workflows' generators
// share — the community as the demo has just written it, read once — and
// the generators themselves, one file per workflow:
//
//   activity_concerns.cc   residents' concerns
//   activity_elderly.cc    elderly-care enrolments, the senior canteen, visits
//   activity_care.cc       caregivers, volunteers, home-service orders, the time bank
//   activity_childcare.cc  the nursery's classes, applications and inspections
//   activity_platform.cc   platform workers, the rest station, their programmes
//
// Each generator draws from its own random stream (activity.cc forks them),
// so that a change to one workflow does not reshuffle the others, and writes
// through the services' checked bulk functions in the caller's transaction.
// Not part of the demo's interface: only src/demo includes this file.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/geo.h"
#include "core/random.h"
#include "core/status.h"
#include "demo/activity.h"
#include "registry/audit.h"
#include "registry/vocabulary.h"
#include "services/enrolments.h"
#include "store/store.h"

namespace alley::demo::internal {

using Instant = std::chrono::sys_seconds;

// Midnight at the start of `d` in China Standard Time (UTC+8).
Instant BeijingMidnight(core::Date d);
// `minute` minutes after midnight of `d`, China Standard Time.
Instant AtMinute(core::Date d, int minute);
int64_t Secs(Instant t);

// lo..hi, both included.
int UniformInt(core::Rng& rng, int lo, int hi);
// A date uniform in from..to, both included (`from` when to < from).
core::Date UniformDate(core::Rng& rng, core::Date from, core::Date to);
// The first day of the month of `d`.
core::Date MonthStart(core::Date d);
// The first day of the month after the month of `d`.
core::Date NextMonthStart(core::Date d);

// One synthetic resident in force on the reference date, as the generators
// need them.
struct Person {
  int64_t id = 0;
  core::Date birth;
  std::string sex;
  std::string name;
  std::string phone;
  std::string unit;  // the compound (or the community)
  std::string building;
  std::optional<int64_t> household;
  std::string relation;  // to the household head
  uint32_t tags = 0;
  std::string employment;
  std::string insurance;
  core::Date since;  // the first day of the ledger version in force (in the ledger from then)
  int age = 0;       // whole years on the reference date

  bool Has(registry::ResidentTag tag) const { return (tags & registry::TagBit(tag)) != 0; }
  std::optional<registry::EmploymentForm> Form() const {
    return registry::ParseEmploymentForm(employment);
  }
};

// The community as the demo has written it, in this transaction.
struct Community {
  std::string code;
  core::Date as_of;
  core::Date first_day;  // as_of − 364: the year of activity is first_day..as_of
  Instant end;           // the last second of as_of (China Standard Time)
  // When the demo records its activity: `end`, so that the rows are a pure
  // function of the seed, the date and the ledger.
  store::Timestamp now;
  registry::audit::Actor actor;
  std::vector<Person> people;                           // in the ledger's scan order
  std::map<int64_t, size_t> by_id;                      // resident id -> index into people
  std::map<int64_t, std::vector<size_t>> by_household;  // household id -> indices into people
  std::vector<store::UnitRow> compounds;                // the community's child units
  std::vector<store::FacilityRow> facilities;           // the synthetic ones, by unit and name
  // Building locations by (unit code, building name).
  std::map<std::pair<std::string, std::string>, core::LatLon> buildings;

  const Person* Find(int64_t id) const;
  // Where `p` lives: their building, else their unit's location, else nullopt.
  std::optional<core::LatLon> HomeOf(const Person& p) const;
  // The first synthetic facility of `type`, or nullptr.
  const store::FacilityRow* Facility(registry::FacilityType type) const;
};

// Reads the community the demo has just written (its synthetic residents in
// force on `as_of`, compounds and facilities).
StatusOr<Community> LoadCommunity(store::Writer& w, std::string_view community, core::Date as_of,
                                  const registry::audit::Actor& actor);

// ---- The generators, in the order activity.cc runs them ----

Status WriteConcerns(store::Writer& w, const Community& c, core::Rng& rng, ActivityReport& report);

// The elderly-care enrolments (home care, canteen meals, visits to those
// living alone) and the platform workers' programme enrolments: planned
// first, written together (one audit record), read by the later workflows.
struct EnrolmentPlan {
  std::vector<services::EnrolmentHistory> enrolments;
  // Indices into `enrolments` per programme id.
  std::map<std::string, std::vector<size_t>, std::less<>> by_programme;

  void Add(services::EnrolmentHistory e);
  // The enrolments of `programme`.
  std::vector<const services::EnrolmentHistory*> Of(std::string_view programme) const;
};
void PlanElderlyEnrolments(const Community& c, core::Rng& rng, EnrolmentPlan& plan);
void PlanPlatformEnrolments(const Community& c, core::Rng& rng, EnrolmentPlan& plan);

Status WriteCanteen(store::Writer& w, const Community& c, const EnrolmentPlan& plan, core::Rng& rng,
                    ActivityReport& report);
Status WriteVisits(store::Writer& w, const Community& c, core::Rng& rng, ActivityReport& report);
Status WriteHomeServices(store::Writer& w, const Community& c, const EnrolmentPlan& plan,
                         core::Rng& rng, ActivityReport& report);
Status WriteChildcare(store::Writer& w, const Community& c, core::Rng& rng, ActivityReport& report);
Status WritePlatformWorkers(store::Writer& w, const Community& c, core::Rng& rng,
                            ActivityReport& report);

}  // namespace alley::demo::internal

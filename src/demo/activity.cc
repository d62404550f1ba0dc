#include "demo/activity.h"

#include <utility>

#include "core/random.h"
#include "demo/activity_internal.h"
#include "services/enrolments.h"
#include "store/care_store.h"
#include "store/childcare_store.h"
#include "store/concerns_store.h"
#include "store/elderly_care_store.h"
#include "store/programmes_store.h"

namespace alley::demo {
namespace internal {

Instant BeijingMidnight(core::Date d) {
  return Instant(std::chrono::sys_days(std::chrono::days(d.days()))) - std::chrono::hours(8);
}

Instant AtMinute(core::Date d, int minute) {
  return BeijingMidnight(d) + std::chrono::minutes(minute);
}

int64_t Secs(Instant t) { return t.time_since_epoch().count(); }

int UniformInt(core::Rng& rng, int lo, int hi) {
  if (hi <= lo) return lo;
  return lo + static_cast<int>(rng.Uniform(static_cast<uint64_t>(hi - lo) + 1));
}

core::Date UniformDate(core::Rng& rng, core::Date from, core::Date to) {
  if (to <= from) return from;
  return from.AddDays(
      static_cast<int64_t>(rng.Uniform(static_cast<uint64_t>(to.days() - from.days()) + 1)));
}

core::Date MonthStart(core::Date d) { return d.AddDays(1 - d.day()); }

core::Date NextMonthStart(core::Date d) { return MonthStart(MonthStart(d).AddDays(31)); }

const Person* Community::Find(int64_t id) const {
  auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : &people[it->second];
}

std::optional<core::LatLon> Community::HomeOf(const Person& p) const {
  auto it = buildings.find({p.unit, p.building});
  if (it != buildings.end()) return it->second;
  for (const store::UnitRow& u : compounds) {
    if (u.code == p.unit && u.lat && u.lon) return core::LatLon{*u.lat, *u.lon};
  }
  return std::nullopt;
}

const store::FacilityRow* Community::Facility(registry::FacilityType type) const {
  const std::string_view id = registry::FacilityTypeId(type);
  for (const store::FacilityRow& f : facilities) {
    if (f.type == id && !f.closed_on) return &f;
  }
  return nullptr;
}

StatusOr<Community> LoadCommunity(store::Writer& w, std::string_view community, core::Date as_of,
                                  const registry::audit::Actor& actor) {
  Community c;
  c.code = std::string(community);
  c.as_of = as_of;
  c.first_day = as_of.AddDays(-364);
  c.end = BeijingMidnight(as_of.AddDays(1)) - std::chrono::seconds(1);
  c.now = c.end;
  c.actor = actor;
  store::ResidentFilter filter;
  filter.subtree_code = c.code;
  filter.as_of = as_of;
  ALLEY_RETURN_IF_ERROR(w.ScanResidents(filter, [&](const store::ResidentRow& r) -> Status {
    if (!r.identity.synthetic) return OkStatus();
    Person p;
    p.id = r.identity.id;
    p.birth = r.identity.birth_date;
    p.sex = r.identity.sex;
    p.name = r.version.name;
    p.phone = r.version.phone;
    p.unit = r.version.unit_code;
    p.building = r.version.building;
    p.household = r.version.household_id;
    p.relation = r.version.relation;
    p.tags = r.version.tags;
    p.employment = r.version.employment;
    p.insurance = r.version.insurance;
    p.since = r.version.valid_from;
    p.age = core::AgeOn(p.birth, as_of);
    c.by_id[p.id] = c.people.size();
    if (p.household) c.by_household[*p.household].push_back(c.people.size());
    c.people.push_back(std::move(p));
    return OkStatus();
  }));
  ALLEY_ASSIGN_OR_RETURN(c.compounds, w.ChildUnits(community));
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::BuildingRow> buildings, w.ListBuildings(community));
  for (const store::BuildingRow& b : buildings) {
    c.buildings[{b.unit_code, b.name}] = core::LatLon{b.lat, b.lon};
  }
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::FacilityRow> facilities, w.ListFacilities(community));
  for (store::FacilityRow& f : facilities) {
    if (f.synthetic) c.facilities.push_back(std::move(f));
  }
  return c;
}

void EnrolmentPlan::Add(services::EnrolmentHistory e) {
  by_programme[e.enrolment.programme].push_back(enrolments.size());
  enrolments.push_back(std::move(e));
}

std::vector<const services::EnrolmentHistory*> EnrolmentPlan::Of(std::string_view programme) const {
  std::vector<const services::EnrolmentHistory*> out;
  auto it = by_programme.find(programme);
  if (it == by_programme.end()) return out;
  out.reserve(it->second.size());
  for (size_t i : it->second) out.push_back(&enrolments[i]);
  return out;
}

}  // namespace internal

namespace {

// Streams of the random generator, one per workflow (stream 1, the concerns,
// as before the other workflows came).
constexpr uint64_t kStreamConcerns = 1;
constexpr uint64_t kStreamElderlyEnrolments = 2;
constexpr uint64_t kStreamPlatformEnrolments = 3;
constexpr uint64_t kStreamCanteen = 4;
constexpr uint64_t kStreamVisits = 5;
constexpr uint64_t kStreamHomeServices = 6;
constexpr uint64_t kStreamChildcare = 7;
constexpr uint64_t kStreamPlatformWorkers = 8;

}  // namespace

Status DeleteActivity(store::Writer& w, std::string_view community) {
  // Orders name providers and time-bank transactions; accounts name residents.
  ALLEY_RETURN_IF_ERROR(store::DeleteSyntheticCareUnder(w, community));
  ALLEY_RETURN_IF_ERROR(store::DeleteSyntheticChildcareUnder(w, community));
  ALLEY_RETURN_IF_ERROR(store::DeleteSyntheticElderlyCareUnder(w, community));
  ALLEY_RETURN_IF_ERROR(store::DeleteSyntheticProgrammesUnder(w, community));
  return store::DeleteSyntheticConcernsUnder(w, community);
}

StatusOr<ActivityReport> WriteActivity(store::Writer& w, std::string_view community,
                                       core::Date as_of, uint64_t seed,
                                       const registry::audit::Actor& actor) {
  using internal::Community;
  ALLEY_ASSIGN_OR_RETURN(Community c, internal::LoadCommunity(w, community, as_of, actor));
  const core::Rng root(seed);
  ActivityReport report;
  {
    core::Rng rng = root.Fork(kStreamConcerns);
    ALLEY_RETURN_IF_ERROR(internal::WriteConcerns(w, c, rng, report));
  }
  internal::EnrolmentPlan plan;
  {
    core::Rng elderly = root.Fork(kStreamElderlyEnrolments);
    internal::PlanElderlyEnrolments(c, elderly, plan);
    core::Rng platform = root.Fork(kStreamPlatformEnrolments);
    internal::PlanPlatformEnrolments(c, platform, plan);
    ALLEY_ASSIGN_OR_RETURN(
        report.enrolments,
        services::RecordEnrolments(w, plan.enrolments, /*synthetic=*/true, c.code, c.actor, c.now));
  }
  {
    core::Rng rng = root.Fork(kStreamCanteen);
    ALLEY_RETURN_IF_ERROR(internal::WriteCanteen(w, c, plan, rng, report));
  }
  {
    core::Rng rng = root.Fork(kStreamVisits);
    ALLEY_RETURN_IF_ERROR(internal::WriteVisits(w, c, rng, report));
  }
  {
    core::Rng rng = root.Fork(kStreamHomeServices);
    ALLEY_RETURN_IF_ERROR(internal::WriteHomeServices(w, c, plan, rng, report));
  }
  {
    core::Rng rng = root.Fork(kStreamChildcare);
    ALLEY_RETURN_IF_ERROR(internal::WriteChildcare(w, c, rng, report));
  }
  {
    core::Rng rng = root.Fork(kStreamPlatformWorkers);
    ALLEY_RETURN_IF_ERROR(internal::WritePlatformWorkers(w, c, rng, report));
  }
  return report;
}

}  // namespace alley::demo

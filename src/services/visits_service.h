// Visits to elderly people living alone (探访关爱) as grid workers make them:
// recording a visit, listing visits, and the overdue list per grid worker
// (visits.h has the schedule rules). The CLI (`alley visit ...`) and the HTTP
// API (/api/v1/visits) go through here.
//
//   NewVisit v{.resident_id = 17, .date = today, .outcome = "well"};
//   ALLEY_ASSIGN_OR_RETURN(VisitItem saved, RecordVisit(store, v, today, within, actor, now));
//   ALLEY_ASSIGN_OR_RETURN(OverdueList due,
//       OverdueVisits(store, {.unit_code = "320706006010", .on = today}, within, actor, now));
//
// Who is on the schedule: every resident of the unit's subtree who is in the
// ledger on `on`, aged 60 (kElderlyAge) or more and tagged living alone
// (registry::ResidentTag::kLivingAlone). Their enrolment date is the later of
// their 60th birthday and the first day of the unbroken run of ledger
// versions, up to `on`, that tag them living alone: a person newly found to
// live alone is first visited within the policy's first-visit days.
//
// Who is responsible: the grid workers (role grid_worker, not disabled)
// whose unit is the resident's unit or above it; of those, the ones of the
// deepest such unit (a grid's worker before the community's). Two workers of
// one grid each see the person in their list; a person whom no grid worker
// covers is in the list without a worker (grid_worker_id unset).
//
// Scope: `within` is the caller's unit. A resident outside it is kNotFound
// (ids cannot be probed); a unit named outside it is kPermissionDenied. A
// visit is one transaction with its audit record (object "visit"); lists
// append a bulk_read record naming the residents shown. Names are shown; ID
// numbers and phones never leave here.
//
// Thread safety: as the Store's.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "registry/audit.h"
#include "registry/paging.h"
#include "services/visits.h"
#include "store/elderly_care_store.h"
#include "store/store.h"

namespace alley::services {

struct NewVisit {
  int64_t resident_id = 0;
  core::Date date;
  std::string outcome;  // an identifier or Chinese name (VisitOutcomeTerms)
  bool follow_up_needed = false;
  std::string notes;
  // The visitor: a user (visitor_user_id), or someone named (a volunteer).
  // With a user and no name, the user's display name (or username) is kept.
  std::optional<int64_t> visitor_user_id;
  std::string visitor_name;
};

// A visit as shown: the stored row with the resident's name.
struct VisitItem {
  store::VisitRow visit;
  std::string resident_name;
};

// Records a visit. Errors: kInvalidArgument "field outcome: ..." (unknown),
// "field visitor: ..." (neither a user nor a name, or a user that does not
// exist), and ValidateVisitRecord's (a date after `today`, notes too long,
// needs_help without follow-up); kNotFound for a resident that does not
// exist, was removed, is not in the ledger on the date or lies outside
// `within`; kFailedPrecondition for a resident younger than 60 on the date,
// or not active on it.
StatusOr<VisitItem> RecordVisit(store::Store& store, const NewVisit& in, core::Date today,
                                std::string_view within, const registry::audit::Actor& actor,
                                store::Timestamp now);

// Records many visits inside the caller's write transaction (the demo's
// year of visits), with one audit record (object "visit", the count). Each
// is checked by RecordVisit's rules, with the same errors, prefixed "visit
// N" (0-based); rows are marked `synthetic`. Everything is checked before
// anything is written.
Status RecordVisits(store::Writer& w, std::span<const NewVisit> visits, core::Date today,
                    bool synthetic, std::string_view within, const registry::audit::Actor& actor,
                    store::Timestamp now);

struct VisitListQuery {
  std::string unit_code;  // the subtree (required)
  std::optional<int64_t> resident_id;
  std::optional<core::Date> from;
  std::optional<core::Date> to;
  int64_t page = 1;
  int64_t page_size = registry::kDefaultPageSize;
};

struct VisitList {
  std::vector<VisitItem> items;  // newest first
  int64_t total = 0;
};

// A page of the visits in `query.unit_code`'s subtree (by the resident's
// unit when visited), with a bulk_read audit record. Errors: ValidatePage's;
// kPermissionDenied for a unit outside `within`; kNotFound for an unknown
// unit, or a resident_id that is not a resident inside `within`.
StatusOr<VisitList> ListVisits(store::Store& store, const VisitListQuery& query,
                               std::string_view within, const registry::audit::Actor& actor,
                               store::Timestamp now);

struct OverdueQuery {
  std::string unit_code;  // the subtree (required)
  core::Date on;
  VisitPolicy policy;  // the defaults of visits.h unless set
};

// One overdue person.
struct OverduePerson {
  VisitDue due;
  std::string name;
  std::string unit_code;  // where they live on `on`
  std::string unit_name;
  std::string sex;
  int age = 0;  // on `on`
  core::Date enrolled_on;
  std::optional<core::Date> last_visit;    // the latest visit that counts
  std::optional<core::Date> last_attempt;  // the latest unanswered one since
};

// The overdue people of one grid worker (or of none).
struct OverdueGroup {
  std::optional<int64_t> grid_worker_id;
  std::string grid_worker_username;  // "" without a worker
  std::string grid_worker_name;
  std::string grid_worker_unit;
  int64_t max_days_overdue = 0;
  std::vector<OverduePerson> people;  // most overdue first
};

struct OverdueList {
  std::string unit_code;
  core::Date on;
  int64_t on_schedule = 0;           // people on the schedule
  int64_t overdue = 0;               // of them, overdue (each counted once)
  std::vector<OverdueGroup> groups;  // most overdue first (OverdueByWorker's order)
};

// Who is overdue on `query.on`, per grid worker (the rules in the module
// comment and visits.h), with a bulk_read audit record. Errors:
// kPermissionDenied for a unit outside `within`; kNotFound for an unknown
// unit; ValidateVisitPolicy's.
StatusOr<OverdueList> OverdueVisits(store::Store& store, const OverdueQuery& query,
                                    std::string_view within, const registry::audit::Actor& actor,
                                    store::Timestamp now);

// One person on the schedule on a date, for counts (indicators/elements.h):
// no name, no audit record.
struct ScheduledPerson {
  int64_t resident_id = 0;
  std::string unit_code;  // where they live on `on`
  VisitDue due;
};

// Everyone on the schedule of `unit_code`'s subtree on `on` (the module
// comment's rules; the grid worker left unset), by resident id, with when
// each is due and whether they are overdue on `on`. For aggregate counts
// only: it appends no audit record, so its caller must not show the people.
// Errors: ValidateVisitPolicy's; ComputeVisitDue's, prefixed "resident ID: ".
StatusOr<std::vector<ScheduledPerson>> VisitScheduleOn(store::Store& store,
                                                       std::string_view unit_code, core::Date on,
                                                       const VisitPolicy& policy);

}  // namespace alley::services

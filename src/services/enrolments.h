// Enrolments: a resident enrolled in one of the programmes of programmes.h
// (home care, canteen meals, visits to elderly people living alone; rest
// stations, help to enrol in insurance, legal aid, skills training) from a
// date, until an end date, with a note. The CLI (`alley programme ...`) and
// the HTTP API (/api/v1/enrolments) go through here; the other workflows
// (canteen meals, visits, home services) read enrolments through
// IsEnrolledOn and EnrolmentsInForceUnder.
//
//   NewEnrolment in{.resident_id = 17, .programme = "canteen_meals", .from = today};
//   ALLEY_ASSIGN_OR_RETURN(Enrolment e, Enrol(store, in, principal.unit_code, actor, now));
//   ALLEY_ASSIGN_OR_RETURN(bool eats, IsEnrolledOn(store, 17, "canteen_meals", today));
//
// Periods: an enrolment holds on the dates d with from <= d < ended_on; the
// end date is the first day no longer enrolled (as a ledger version's
// valid_to), so an enrolment ended on the day it began holds on no day.
// A resident has at most one open (not ended) enrolment per programme, and
// the periods of one programme never overlap.
//
// Eligibility (programmes.h's groups), checked on the enrolment date from
// the ledger: an elderly-care programme needs a resident aged kElderlyAge (60)
// or more; a platform-worker programme needs a platform employment form
// (registry::IsPlatformWork). Anyone else is refused with
// kFailedPrecondition naming the rule.
//
// Scope: `within` is the caller's unit. An enrolment belongs to the unit the
// resident lived in on its first day; one outside `within`, or a resident
// outside it, is kNotFound (ids cannot be probed); a unit named outside it is
// kPermissionDenied. Every write is one transaction with its audit record
// (object "enrolment"). Reads are not audited here: a caller that shows the
// names (a list) appends its bulk_read record (registry/audit.h).
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
#include "core/division.h"
#include "core/status.h"
#include "registry/audit.h"
#include "registry/paging.h"
#include "services/programmes.h"
#include "store/programmes_store.h"
#include "store/store.h"

namespace alley::services {

// The longest note or end reason, in bytes.
inline constexpr size_t kMaxEnrolmentNoteBytes = 500;

// Whether a resident born on `birth_date`, whose ledger record on `on` gives
// the employment form `employment` (an identifier), may be enrolled in
// `programme` on `on`. kFailedPrecondition naming the rule and what the
// ledger says ("programme canteen_meals (助餐) is for residents aged 60 or
// more: the resident is 45 on 2026-07-01"). Pure: the demo checks its
// synthetic enrolments with it.
Status CheckEligibility(const Programme& programme, core::Date birth_date,
                        std::string_view employment, core::Date on);

// An enrolment as shown.
struct Enrolment {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string resident_name;     // of the resident's newest ledger version
  std::string id_number_masked;  // "320706********0147"
  std::string programme;         // Programme::id
  std::string programme_name;    // Programme::name_zh
  ProgrammeGroup group = ProgrammeGroup::kElderly;
  std::string unit_code;  // where the resident lived on `from`
  std::string unit_name;
  std::string community_code;
  core::Date from;
  std::optional<core::Date> ended_on;  // nullopt while open
  std::string note;
  std::string end_reason;
  bool synthetic = false;

  bool open() const { return !ended_on.has_value(); }
  bool InForceOn(core::Date d) const { return from <= d && (!ended_on || d < *ended_on); }
};

struct NewEnrolment {
  int64_t resident_id = 0;
  std::string programme;  // an identifier or Chinese name (programmes.h)
  core::Date from;
  std::string note;
};

// Enrols `in.resident_id` in `in.programme` from `in.from` and returns the
// enrolment. Errors: kInvalidArgument "field programme: ..." (unknown),
// "field note: ..." (longer than kMaxEnrolmentNoteBytes, not UTF-8);
// kNotFound for a resident that does not exist, was removed or lives outside
// `within`; kFailedPrecondition when the resident is not in the ledger (not
// active) on `from`, lived outside `within` then, fails CheckEligibility, or
// was enrolled in the programme until a date after `from`; kAlreadyExists
// when the resident already has an open enrolment in it.
StatusOr<Enrolment> Enrol(store::Store& store, const NewEnrolment& in, std::string_view within,
                          const registry::audit::Actor& by, store::Timestamp now);

// An enrolment as it happened: its start and, when it has ended, its end.
struct EnrolmentHistory {
  NewEnrolment enrolment;
  std::optional<core::Date> ended_on;  // the first day no longer enrolled
  std::string end_reason;              // only with ended_on
};

// Records many enrolments inside the caller's write transaction (the demo's),
// one by one in the order given (so a later enrolment of the same resident
// and programme is checked against the earlier ones), with one audit record
// (object "enrolment", the count); rows are marked `synthetic`. Each is
// checked by Enrol's rules (and an end date not before the start, a reason
// only with an end date), with its errors prefixed "enrolment N" (0-based).
// Answers how many were recorded. On error the caller's transaction must
// roll back: the earlier enrolments of the batch are in it.
StatusOr<int64_t> RecordEnrolments(store::Writer& w, std::span<const EnrolmentHistory> enrolments,
                                   bool synthetic, std::string_view within,
                                   const registry::audit::Actor& by, store::Timestamp now);

// Ends enrolment `id` on `on` (the first day no longer enrolled) with an
// optional reason. Errors: kNotFound (no such enrolment, or outside
// `within`); kFailedPrecondition when it has already ended;
// kInvalidArgument "field on: ..." for a date before its start, "field
// reason: ..." as for a note.
StatusOr<Enrolment> EndEnrolment(store::Store& store, int64_t id, core::Date on,
                                 std::string_view reason, std::string_view within,
                                 const registry::audit::Actor& by, store::Timestamp now);

// Enrolment `id`; kNotFound when there is none or it lies outside `within`.
StatusOr<Enrolment> GetEnrolment(store::Store& store, int64_t id,
                                 std::string_view within = core::kNationCode);

struct EnrolmentListQuery {
  std::string unit_code;  // the subtree (required)
  std::string programme;  // an identifier or Chinese name; empty: any
  std::optional<int64_t> resident_id;
  std::string status = "open";            // "open", "ended" or "all"
  std::optional<core::Date> in_force_on;  // only those holding on this date
  int64_t page = 1;
  int64_t page_size = registry::kDefaultPageSize;
};

struct EnrolmentList {
  std::vector<Enrolment> items;  // newest start first
  int64_t total = 0;
};

// One page of the enrolments of `query.unit_code`'s subtree. Errors:
// kInvalidArgument "parameter programme: ..." / "parameter status: ...";
// ValidatePage's (registry/paging.h); kPermissionDenied for a unit outside
// `within`; kNotFound for an unknown unit.
StatusOr<EnrolmentList> ListEnrolments(store::Store& store, const EnrolmentListQuery& query,
                                       std::string_view within = core::kNationCode);

// Whether resident `resident_id` is enrolled in `programme` (identifier or
// Chinese name) on `on`. kInvalidArgument for an unknown programme. No scope:
// for the workflows that check an enrolment before recording a service.
StatusOr<bool> IsEnrolledOn(store::Store& store, int64_t resident_id, std::string_view programme,
                            core::Date on);

// Every enrolment in `programme` (empty: any) of `unit_code`'s subtree that
// holds on `on`, unpaged, newest start first. Errors as ListEnrolments.
StatusOr<std::vector<Enrolment>> EnrolmentsInForceUnder(
    store::Store& store, std::string_view unit_code, std::string_view programme, core::Date on,
    std::string_view within = core::kNationCode);

// The enrolment as shown, from its stored list row.
Enrolment ToEnrolment(const store::EnrolmentListRow& row);

}  // namespace alley::services

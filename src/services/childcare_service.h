// Childcare as a community office and the offices above it run it: the
// classes of nurseries (托育机构, facilities of type "nursery"), children of
// the ledger applying for places (enrolled at once, or put on the waiting
// list), withdrawals that give the freed place to the first waiting child
// whose age fits, inspections and their follow-ups, the oversight flags of
// every nursery of a unit on a date, and the balance of places against the
// children under 3 living there.
//
// The rules are childcare.h's (norms, NurseryClass, OversightFlagsOn,
// ComputeChildcareBalance); the rows are store/childcare_store.h's. This
// file applies the one to the other under the ledger's scope and audit rules:
//
//   NewNurseryClass c{.facility_id = 7, .name = "小一班", .type = "younger",
//                     .capacity = 15, .caregivers = 3};
//   ALLEY_ASSIGN_OR_RETURN(NurseryClassView v,
//       AddNurseryClass(store, c, today, principal.unit_code, ActorOf(principal), now));
//   ALLEY_ASSIGN_OR_RETURN(NurseryApplyResult a,
//       ApplyForNurseryPlace(store, {.facility_id = 7, .class_id = v.row.id, .resident_id = 42},
//                            today, principal.unit_code, actor, now));
//   ALLEY_ASSIGN_OR_RETURN(ChildcareFlagReport f, ChildcareFlagsOn(store, "320706006", today,
//   ...));
//
// Scope: `within` is the acting user's unit. A nursery is theirs when its
// unit is in that subtree; one outside (or closed, or not a nursery) is
// kNotFound when addressed by id, and so are its classes, enrolments and
// inspections, and a child (resident) outside it. A unit named outside it
// is kPermissionDenied.
//
// Writes: each is one transaction that also appends its audit record
// (objects "nursery_class", "nursery_enrolment", "nursery_inspection").
// Dates of events (applications, withdrawals, inspections, follow-ups,
// staffing changes) may not lie after `today`, and the events of a class
// come in date order (childcare.h): one dated before the class's last event
// is kFailedPrecondition.
//
// Personal data: lists of children carry the masked ID number only and
// append a bulk_read audit record (object "resident", the children's ids).
//
// Thread safety: as the Store's.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "registry/audit.h"
#include "services/childcare.h"
#include "store/childcare_store.h"
#include "store/store.h"

namespace alley::services {

inline constexpr size_t kMaxNurseryText = 200;     // names, inspector, reasons (bytes)
inline constexpr size_t kMaxNurseryNote = 2000;    // notes, findings (bytes)
inline constexpr size_t kMaxChecklistItems = 100;  // items of one inspection
inline constexpr size_t kMaxInspectionFindings = 100;
inline constexpr int kMaxCaregivers = 100;  // on one class's staff

// ---------------------------------------------------------------------------
// Classes

struct NewNurseryClass {
  int64_t facility_id = 0;
  std::string name;    // unique within the nursery
  std::string type;    // ClassNorm id or Chinese name: infant/乳儿班, younger, older, mixed
  int capacity = 0;    // places: 1..the norm's class size limit
  int caregivers = 0;  // on staff from opened_on: 0..kMaxCaregivers
  std::optional<core::Date> opened_on;  // default today
};

// A class as its nursery's page shows it on a date.
struct NurseryClassView {
  store::NurseryClassRow row;  // caregivers: on staff on `on`
  const ClassNorm* norm = nullptr;
  core::Date on;
  int enrolled = 0;  // children enrolled on `on`
  int waiting = 0;   // children waiting now
  int free_places = 0;
  int caregivers_needed = 0;           // for the children enrolled, at the norm's ratio
  std::vector<ClassFinding> findings;  // CheckClass on `on`: size, ratio, ages
};

// The classes of nursery `facility_id` open on `on`, by name, as of that day.
// kNotFound for a nursery that does not exist, is closed or is outside `within`.
StatusOr<std::vector<NurseryClassView>> ListNurseryClasses(store::Store& store, int64_t facility_id,
                                                           core::Date on, std::string_view within);

// Class `class_id` of nursery `facility_id` as of `on`. kNotFound for the
// nursery (as above) or a class that is not its own.
StatusOr<NurseryClassView> GetNurseryClass(store::Store& store, int64_t facility_id,
                                           int64_t class_id, core::Date on,
                                           std::string_view within);

// Adds a class. Errors: kNotFound (the nursery, as above); kInvalidArgument
// "field F: rule" (name, type, capacity above the norm's limit, caregivers,
// opened_on after today); kAlreadyExists for a name the nursery has.
StatusOr<NurseryClassView> AddNurseryClass(store::Store& store, const NewNurseryClass& in,
                                           core::Date today, std::string_view within,
                                           const registry::audit::Actor& actor,
                                           store::Timestamp now);

// A change to a class. Unset fields keep their value.
struct NurseryClassChange {
  std::optional<std::string> name;
  std::optional<int> capacity;    // not below the children enrolled; more places fill at once
  std::optional<int> caregivers;  // a new staffing figure from `effective`
  // When a staffing figure, a larger capacity or a closing takes effect:
  // default today, not after it, not before the class's last event or
  // latest staffing figure.
  std::optional<core::Date> effective;
  bool close = false;  // closes the class from `effective`: it must have no children
};

struct NurseryClassChanged {
  NurseryClassView view;
  std::vector<int64_t> admitted;  // enrolments admitted from the waiting list (more places)
};

// Changes class `class_id` of nursery `facility_id`. Errors: kNotFound (the
// nursery or the class); kAborted when `expected_version` is stale;
// kInvalidArgument as AddNurseryClass's; kFailedPrecondition for a capacity
// below the children enrolled, closing a class with children, a date before
// the last event or staffing figure, or a change to a closed class.
StatusOr<NurseryClassChanged> ChangeNurseryClass(store::Store& store, int64_t facility_id,
                                                 int64_t class_id, int64_t expected_version,
                                                 const NurseryClassChange& change, core::Date today,
                                                 std::string_view within,
                                                 const registry::audit::Actor& actor,
                                                 store::Timestamp now);

// ---------------------------------------------------------------------------
// Enrolments and the waiting list

// A child of the ledger applying for a place.
struct NurseryApplication {
  int64_t facility_id = 0;
  int64_t class_id = 0;
  int64_t resident_id = 0;
  std::optional<core::Date> on;  // the application date; default today
};

// One application as lists show it.
struct NurseryEnrolmentItem {
  store::NurseryEnrolmentListRow row;  // the child's ID number masked
  int age_months = 0;                  // on the date asked
};

struct NurseryApplyResult {
  NurseryEnrolmentItem enrolment;  // state "enrolled" or "waiting"
  // Earlier applicants given a free place first (they came of age), in
  // order: their enrolment ids.
  std::vector<int64_t> admitted_from_list;
};

// Applies for a place, in one transaction: earlier waiting children whose
// age now fits get free places first; then the child is enrolled when a
// place is free and its age fits the class, else waitlisted. Errors:
// kNotFound (the nursery, the class, or a child not active in the ledger
// on the date or outside `within`); kInvalidArgument (a date after today);
// kAlreadyExists (the child has an open application, here or elsewhere);
// kFailedPrecondition (the class is not open on the date, the child is past
// the class's age range, or the date is before the class's last event).
StatusOr<NurseryApplyResult> ApplyForNurseryPlace(store::Store& store,
                                                  const NurseryApplication& application,
                                                  core::Date today, std::string_view within,
                                                  const registry::audit::Actor& actor,
                                                  store::Timestamp now);

struct NurseryWithdrawResult {
  NurseryEnrolmentItem enrolment;  // now "withdrawn" (was enrolled) or "cancelled" (was waiting)
  std::vector<int64_t> admitted;   // enrolments given the freed place(s), in order
};

// Takes an application back on `on` (default today): an enrolled child
// leaves (left_on = on, the first day away) and the freed place goes to the
// first waiting children whose age fits, in the same transaction; a waiting
// child's application is cancelled. Errors: kNotFound (the nursery or the
// enrolment); kInvalidArgument (a date after today, a reason too long);
// kFailedPrecondition (already withdrawn or cancelled; a date before the
// class's last event).
StatusOr<NurseryWithdrawResult> WithdrawFromNursery(
    store::Store& store, int64_t facility_id, int64_t enrolment_id, std::optional<core::Date> on,
    std::string_view reason, core::Date today, std::string_view within,
    const registry::audit::Actor& actor, store::Timestamp now);

// Gives the free places of every open class of the nursery to waiting
// children whose age fits on `on` (run it as children come of age). Answers
// the enrolments admitted. Errors: as WithdrawFromNursery's.
StatusOr<std::vector<int64_t>> FillNurseryPlaces(store::Store& store, int64_t facility_id,
                                                 std::optional<core::Date> on, core::Date today,
                                                 std::string_view within,
                                                 const registry::audit::Actor& actor,
                                                 store::Timestamp now);

// The states a list may ask for.
inline constexpr std::array<std::string_view, 4> kNurseryEnrolmentStates = {
    "waiting", "enrolled", "withdrawn", "cancelled"};

struct NurseryEnrolmentListQuery {
  int64_t facility_id = 0;
  std::optional<int64_t> class_id;
  std::string state;  // one of kNurseryEnrolmentStates; empty: any
  core::Date as_of;   // for the children's ages
  int64_t page = 1;
  int64_t page_size = 20;  // 1..500
};

struct NurseryEnrolmentList {
  std::vector<NurseryEnrolmentItem> items;  // by class, state (enrolled, waiting, ...), date
  int64_t total = 0;
};

// A page of a nursery's applications; appends a bulk_read audit record of
// the children shown. Errors: kNotFound (the nursery; a class not its own);
// kInvalidArgument "parameter state: ..."; kOutOfRange for a bad page.
StatusOr<NurseryEnrolmentList> ListNurseryEnrolments(store::Store& store,
                                                     const NurseryEnrolmentListQuery& query,
                                                     std::string_view within,
                                                     const registry::audit::Actor& actor,
                                                     store::Timestamp now);

// ---------------------------------------------------------------------------
// Inspections

struct NewNurseryInspection {
  int64_t facility_id = 0;
  NurseryInspection inspection;  // date, inspector, items, findings, deadline, follow-up
  std::string note;
};

struct NurseryInspectionView {
  store::NurseryInspectionRow row;
  std::optional<double> mean_score;       // 0..100
  std::vector<std::string> failed_items;  // scored below the pass mark (60)
  bool remedy_open = false;               // findings with no follow-up yet
};

// Records an inspection. Errors: kNotFound (the nursery); kInvalidArgument
// (ValidateInspection's, a date or follow-up after today, texts too long,
// too many items or findings).
StatusOr<NurseryInspectionView> RecordNurseryInspection(store::Store& store,
                                                        const NewNurseryInspection& in,
                                                        core::Date today, std::string_view within,
                                                        const registry::audit::Actor& actor,
                                                        store::Timestamp now);

// Records the follow-up visit (复查) of an inspection with findings.
// Errors: kNotFound (the nursery or the inspection); kInvalidArgument (a
// date before the inspection or after today); kFailedPrecondition (no
// findings to follow up, or a follow-up already recorded).
StatusOr<NurseryInspectionView> RecordNurseryFollowUp(store::Store& store, int64_t facility_id,
                                                      int64_t inspection_id, core::Date on,
                                                      std::string_view note, core::Date today,
                                                      std::string_view within,
                                                      const registry::audit::Actor& actor,
                                                      store::Timestamp now);

// The inspections of a nursery, newest first. kNotFound as above.
StatusOr<std::vector<NurseryInspectionView>> ListNurseryInspections(store::Store& store,
                                                                    int64_t facility_id,
                                                                    std::string_view within);

// ---------------------------------------------------------------------------
// Oversight flags per nursery and per unit

struct NurseryFlags {
  int64_t facility_id = 0;
  std::string name;
  std::string unit_code;
  // The first class's opening (the nursery's 备案 as Alley knows it): the
  // first inspection is due one interval later.
  core::Date registered_on;
  std::optional<core::Date> last_inspection;  // on or before the date asked
  std::vector<OversightFlag> flags;           // OversightFlagsOn's order
  // The ids of the classes the flags name (their subject is the class name).
  std::map<std::string, int64_t> class_ids;
};

struct ChildcareFlagReport {
  std::string unit_code;
  core::Date on;
  OversightPolicy policy;
  // Every open nursery of the subtree with a class opened by `on`, flagged
  // or not, by unit and name.
  std::vector<NurseryFlags> nurseries;
  // Flags of each kind, in OversightFlagKind order.
  std::array<int64_t, 4> counts = {0, 0, 0, 0};
  int64_t flagged_nurseries = 0;
};

// The oversight flags on `on` of every nursery in `unit_code`'s subtree:
// ratio breach and class over size (the classes as they stood that day:
// their children and caregivers), inspection overdue, remedy overdue.
// Errors: kNotFound (unknown unit); kPermissionDenied (outside `within`);
// kInvalidArgument (a bad policy).
StatusOr<ChildcareFlagReport> ChildcareFlagsOn(store::Store& store, std::string_view unit_code,
                                               core::Date on, std::string_view within,
                                               const OversightPolicy& policy = {});

// ---------------------------------------------------------------------------
// Balance of places per unit

struct UnitChildcareBalance {
  std::string unit_code;
  std::string unit_name;
  int64_t nurseries = 0;  // open nurseries with an open class
  int64_t classes = 0;    // open classes
  ChildcareBalance balance;
};

struct ChildcareBalanceReport {
  core::Date as_of;
  UnitChildcareBalance unit;
  // Each direct child unit (a street's communities, a community's
  // compounds), by code. Places and residents directly in the unit itself
  // count in `unit` only.
  std::vector<UnitChildcareBalance> children;
};

// The balance of `unit_code`'s subtree on `as_of`: places (the capacities of
// the classes open that day in nurseries open that day) against the
// children under 3 (whole years, core::AgeOn) and the residents active in
// the ledger that day, with the places per 1,000 residents against the
// national target and the gap (ComputeChildcareBalance).
// Errors: kNotFound (unknown unit); kPermissionDenied (outside `within`).
StatusOr<ChildcareBalanceReport> ComputeUnitChildcareBalance(
    store::Store& store, std::string_view unit_code, core::Date as_of, std::string_view within,
    double target_per_1000 = kTargetPlacesPer1000);

// ---------------------------------------------------------------------------
// Bulk rows for the demo (and imports): validated, inserted in the caller's
// transaction, never audited one by one. Each sets the ids in its rows.

// Each class's type must be a norm id, its capacity within the norm, its
// caregivers 0..kMaxCaregivers and its nursery a nursery facility whose unit
// and community the row repeats. kInvalidArgument "class N: ..." naming the
// row (0-based) otherwise; nothing is left half-written by the caller's
// transaction.
Status BulkAddNurseryClasses(store::Writer& w, std::vector<store::NurseryClassRow>& rows);

// Each enrolment's class must exist, the row repeat its nursery, unit and
// community, the child be a resident born on or before applied_on, and the
// state agree with the dates (waiting: none; enrolled: enrolled_on;
// withdrawn: enrolled_on and left_on; cancelled: left_on). After the rows
// are in, no class may hold more children enrolled than its capacity on any
// enrolment date: kFailedPrecondition naming the class.
Status BulkAddNurseryEnrolments(store::Writer& w, std::vector<store::NurseryEnrolmentRow>& rows);

// Each inspection must pass ValidateInspection, name a nursery facility and
// repeat its unit and community.
Status BulkAddNurseryInspections(store::Writer& w, std::vector<store::NurseryInspectionRow>& rows);

}  // namespace alley::services

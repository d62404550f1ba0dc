// Childcare: nurseries (托育机构) for children under three, their classes,
// enrolments and waiting lists, their oversight, and the balance of places
// against need in a unit. Pure logic: the caller loads the facts (from the
// store) and keeps what these functions return.
//
//   ALLEY_ASSIGN_OR_RETURN(ClassType t, ClassForChild(birth, today));   // 托小班
//   ALLEY_ASSIGN_OR_RETURN(auto findings, CheckClass(roster, today));    // ratio, size, ages
//   ALLEY_ASSIGN_OR_RETURN(auto flags, OversightFlagsOn(nursery, today));
//   ALLEY_ASSIGN_OR_RETURN(ChildcareBalance b, ComputeChildcareBalance({.places = 120, ...}));
//
// The norms (one table, kClassNorms in childcare.cc; ClassNorms() here) come
// from the national standards issued together by the National Health
// Commission, 国卫人口发〔2019〕58号 (2019-10-08):
//   《托育机构设置标准（试行）》第十九条: class types by age — 乳儿班 6–12 months,
//     at most 10 children; 托小班 12–24 months, at most 15; 托大班 24–36 months,
//     at most 20; children of 18 months or more may be placed in a mixed class
//     (混合编班) of at most 18.
//   《托育机构设置标准（试行）》第二十条: caregivers (保育人员) to children no
//     lower than 1:3 in 乳儿班, 1:5 in 托小班, 1:7 in 托大班.
// The national text sets no ratio for a mixed class. Alley applies 1:5, the
// strictest ratio any child a mixed class may hold needs (its 18–24-month
// children are of 托小班 age); local standards are looser (Shenzhen's and Jilin's
// DB22/T 3539—2023 set 1:6 for 18–36 months). These figures were checked
// against secondary copies of the texts (the primary gov.cn pages were not
// reachable from here), which agree with each other.
// The places target: 每千人口拥有3岁以下婴幼儿托位数 4.5 by 2025, a main
// indicator of the 14th Five-Year Plan outline (《国民经济和社会发展第十四个五年
// 规划和2035年远景目标纲要》, up from 1.8 in 2020).
//
// Ages are whole months completed (AgeInMonths); a class's range includes its
// lower bound and excludes its upper one, so a child of exactly 12 months
// belongs to 托小班, not 乳儿班.
//
// Thread safety: functions are pure; a NurseryClass is a value with no
// synchronisation (one writer at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace alley::services {

// ---------------------------------------------------------------------------
// Class types and their norms

enum class ClassType : uint8_t {
  kInfant,   // 乳儿班, 6–12 months
  kYounger,  // 托小班, 12–24 months
  kOlder,    // 托大班, 24–36 months
  kMixed,    // 混合班, 18–36 months
};

// The national norm for one class type.
struct ClassNorm {
  ClassType type;
  std::string_view id;         // stable identifier: "infant", "younger", "older", "mixed"
  std::string_view name_zh;    // 乳儿班 ...
  int min_age_months;          // inclusive
  int max_age_months;          // exclusive
  int max_children;            // class size limit (设置标准 第十九条)
  int children_per_caregiver;  // the N of the ratio 1:N (设置标准 第二十条)
  std::string_view source;     // the clause(s) the figures come from
};

// Every class type's norm, in ClassType order.
std::span<const ClassNorm> ClassNorms();

// The norm of `type`.
const ClassNorm& NormFor(ClassType type);

// The class type with this identifier or Chinese name; nullopt if none.
std::optional<ClassType> ParseClassType(std::string_view id_or_name);

// Whole months completed between `birth` and `on`. A month is completed on the
// day of the month the child was born on, or on the 1st of the next month when
// that month is too short (born 31 January: one month old on 1 March, as
// AgeOn treats 29 February). kInvalidArgument when `on` is before `birth`.
StatusOr<int> AgeInMonths(core::Date birth, core::Date on);

// Whether a child of `age_months` belongs in a class of `type`.
bool AgeFits(ClassType type, int age_months);

// The single-age class (乳儿班, 托小班 or 托大班, never 混合班) for a child born on
// `birth`, on the date `on`. kOutOfRange when the child is under 6 months or 36
// months or older (no nursery class; kindergarten age from 36 months);
// kInvalidArgument when `on` is before `birth`.
StatusOr<ClassType> ClassForChild(core::Date birth, core::Date on);

// ---------------------------------------------------------------------------
// Checking a class against its norm

struct NurseryChild {
  std::string child_id;  // opaque, non-empty (a resident id, a record number)
  core::Date birth;
};

// A class as it stands: its children and the caregivers on its staff.
struct ClassRoster {
  std::string class_id;
  ClassType type = ClassType::kInfant;
  std::vector<NurseryChild> children;
  int caregivers = 0;  // 保育人员 assigned to the class
};

enum class ClassFindingKind : uint8_t {
  kRatioBreach,      // fewer caregivers than the ratio needs
  kOverSize,         // more children than the class size limit
  kAgeOutsideClass,  // a child whose age is outside the class's range
};

struct ClassFinding {
  ClassFindingKind kind;
  std::string child_id;  // kAgeOutsideClass: the child; empty otherwise
  int actual = 0;        // caregivers (ratio), children (size), the child's age in months (age)
  int required = 0;      // caregivers needed (ratio), the size limit (size); 0 for age
  std::string message;   // for a person: what, the figures, the clause
};

// The caregivers a class of `type` with `children` children needs:
// ceil(children / N) for the ratio 1:N; 0 for an empty class.
int CaregiversNeeded(ClassType type, int children);

// Checks `roster` on the date `on` against its norm. The findings come in the
// order size, ratio, then each child outside the age range in roster order;
// an empty vector means the class meets its norm.
// Errors: kInvalidArgument for a negative caregiver count, an empty or
// repeated child id, or a child born after `on`.
StatusOr<std::vector<ClassFinding>> CheckClass(const ClassRoster& roster, core::Date on);

// ---------------------------------------------------------------------------
// Enrolment and the waiting list

enum class EnrolmentOutcome : uint8_t { kEnrolled, kWaitlisted };

struct EnrolmentResult {
  EnrolmentOutcome outcome;
  int waiting_position = 0;  // kWaitlisted: 1-based place on the list; 0 when enrolled
  // Children already waiting who were given a free place first (they came of
  // age for the class since the last event), in order of application.
  std::vector<std::string> admitted_from_list;
};

// One class's places, enrolled children and waiting list (in order of
// application). Events (applications, withdrawals, cancellations, fills) must
// come in date order: one dated before the last event is refused, so the list
// order is always the order of the application dates.
//
// A waiting child whose age does not fit yet (too young) keeps its place on the
// list and is skipped until it fits; one that has grown past the class's range
// stays listed (for the caller to move or cancel) but is never admitted.
class NurseryClass {
 public:
  // A class with `capacity` places. kInvalidArgument for an empty id, or a
  // capacity outside 1..the norm's class size limit.
  static StatusOr<NurseryClass> Create(std::string class_id, ClassType type, int capacity);

  // A class as it was kept (in a store): its enrolled children in order of
  // admission, its waiting list in order of application and the date of its
  // last event (nullopt when it has had none), so that the next event goes on
  // from there. Errors: Create's; kInvalidArgument for a child with an empty
  // or repeated id (across both lists), more enrolled children than
  // `capacity`, or a child born after `last_event`.
  static StatusOr<NurseryClass> Restore(std::string class_id, ClassType type, int capacity,
                                        std::vector<NurseryChild> enrolled,
                                        std::vector<NurseryChild> waiting,
                                        std::optional<core::Date> last_event);

  // A child applies on `on`. Earlier applicants whose age now fits get free
  // places first; then the child is enrolled when a place is still free and
  // its age fits, and waitlisted otherwise.
  // Errors: kInvalidArgument (empty id, born after `on`), kAlreadyExists
  // (already enrolled or waiting here), kFailedPrecondition (past the class's
  // age range on `on`, so it could never be admitted; or `on` before the last
  // event).
  StatusOr<EnrolmentResult> Apply(const NurseryChild& child, core::Date on);

  // The child leaves the class on `on`; the freed place (and any other free
  // one) goes to the first waiting children whose age fits. Returns the
  // children admitted, in order. kNotFound when the child is not enrolled;
  // kFailedPrecondition when `on` is before the last event.
  StatusOr<std::vector<std::string>> Withdraw(std::string_view child_id, core::Date on);

  // Takes a waiting child off the list. kNotFound when it is not waiting;
  // kFailedPrecondition when `on` is before the last event.
  Status CancelApplication(std::string_view child_id, core::Date on);

  // Gives free places to waiting children whose age fits on `on`, in order of
  // application (run it as children come of age). Returns those admitted.
  // kFailedPrecondition when `on` is before the last event.
  StatusOr<std::vector<std::string>> FillPlaces(core::Date on);

  const std::string& class_id() const { return class_id_; }
  ClassType type() const { return type_; }
  int capacity() const { return capacity_; }
  int free_places() const { return capacity_ - static_cast<int>(enrolled_.size()); }
  const std::vector<NurseryChild>& enrolled() const { return enrolled_; }  // in order of admission
  const std::vector<NurseryChild>& waiting() const { return waiting_; }  // in order of application
  const std::optional<core::Date>& last_event() const { return last_event_; }

 private:
  NurseryClass(std::string class_id, ClassType type, int capacity)
      : class_id_(std::move(class_id)), type_(type), capacity_(capacity) {}
  Status CheckDate(core::Date on) const;
  std::vector<std::string> Fill(core::Date on);

  std::string class_id_;
  ClassType type_;
  int capacity_;
  std::vector<NurseryChild> enrolled_;
  std::vector<NurseryChild> waiting_;
  std::optional<core::Date> last_event_;
};

// ---------------------------------------------------------------------------
// Inspections

// Each checklist item is scored 0–100 rather than pass/fail: the score keeps
// the degree (WS/T 821—2023, the national quality assessment standard, scores
// its indicators in points too), and pass/fail follows from it with a pass
// mark (FailedChecklistItems).
inline constexpr int kMaxChecklistScore = 100;
// The customary pass mark of a 100-point scale (及格); callers may use another.
inline constexpr int kDefaultChecklistPassMark = 60;

struct ChecklistScore {
  std::string item;  // what was checked ("消防设施", "晨午检记录")
  int score = 0;     // 0..kMaxChecklistScore
};

struct NurseryInspection {
  core::Date date;
  std::string inspector;
  std::vector<ChecklistScore> items;  // at least one; item names unique
  std::vector<std::string> findings;  // problems found (问题), each non-empty
  // 整改期限: required when there are findings, absent when there are none;
  // on or after `date`.
  std::optional<core::Date> remedy_deadline;
  // 复查: the day the follow-up visit took place; only with a remedy deadline;
  // on or after `date` (it may fall after the deadline: a late remedy).
  std::optional<core::Date> follow_up;
};

// OK, or kInvalidArgument naming the field and the rule broken.
Status ValidateInspection(const NurseryInspection& inspection);

// The mean item score (0–100); nullopt when there are no items.
std::optional<double> InspectionMeanScore(const NurseryInspection& inspection);

// The items scored below `pass_mark`, in checklist order.
std::vector<std::string> FailedChecklistItems(const NurseryInspection& inspection,
                                              int pass_mark = kDefaultChecklistPassMark);

// ---------------------------------------------------------------------------
// Oversight flags

// How often a nursery must be inspected. The national norms fix no interval;
// one year matches the yearly cycle they do fix (the nursery's annual report
// of its work to the health department, staff's annual health checks), so that
// every year's report is met by at least one visit. Local rules may set
// another interval.
struct OversightPolicy {
  int inspection_interval_months = 12;  // 1..120
};

struct NurseryOversight {
  std::string nursery_id;
  core::Date registered_on;  // 备案: the first inspection is due one interval later
  std::vector<ClassRoster> classes;
  std::vector<NurseryInspection> inspections;  // any order
};

enum class OversightFlagKind : uint8_t {
  kRatioBreach,        // a class has fewer caregivers than its ratio needs
  kInspectionOverdue,  // no inspection within the interval
  kRemedyOverdue,      // a remedy deadline passed without a follow-up
  kClassOverSize,      // a class holds more children than its class size limit
};

// "ratio_breach", "inspection_overdue", "remedy_overdue", "class_over_size":
// stable identifiers for JSON and the command line.
std::string_view OversightFlagKindId(OversightFlagKind kind);
// "ratio_breach", "over_size", "age_outside_class".
std::string_view ClassFindingKindId(ClassFindingKind kind);

struct OversightFlag {
  OversightFlagKind kind;
  // ratio and size: the class id; remedy: the inspection's date; else empty
  std::string subject;
  // ratio and size: the date checked; overdue kinds: the date it was due by
  core::Date due;
  int64_t days_overdue = 0;  // days from `due` to the date checked; 0 for ratio and size
  std::string message;
};

// The flags of `nursery` on the date `on`, in the order: each class's
// findings in class order (over size, then ratio breach, as CheckClass
// orders them), inspection overdue, remedy overdue (inspection date order).
// Inspections dated after `on` are ignored (not yet happened); so is a
// follow-up dated after `on`. An inspection is overdue when `on` is after the
// last inspection (or the registration) plus the interval; a remedy when `on`
// is after its deadline with no follow-up on or before `on`.
// Errors: kInvalidArgument for `on` before the registration, an interval
// outside 1..120 months, an invalid inspection (ValidateInspection) or roster
// (CheckClass), each with the nursery, class or inspection named.
StatusOr<std::vector<OversightFlag>> OversightFlagsOn(const NurseryOversight& nursery,
                                                      core::Date on,
                                                      const OversightPolicy& policy = {});

// ---------------------------------------------------------------------------
// Balance of places per unit

// 每千人口拥有3岁以下婴幼儿托位数, the 14th Five-Year Plan target for 2025.
inline constexpr double kTargetPlacesPer1000 = 4.5;

struct ChildcareBalanceInput {
  int64_t places = 0;            // nursery places in the unit
  int64_t children_under_3 = 0;  // children under 3 living in the unit (from the ledger)
  int64_t residents = 0;         // residents of the unit
};

struct ChildcareBalance {
  int64_t places = 0;
  int64_t children_under_3 = 0;
  int64_t residents = 0;
  // places ÷ children under 3 (may exceed 1); nullopt when there are none.
  std::optional<double> places_per_child;
  // places × 1000 ÷ residents; nullopt when there are no residents.
  std::optional<double> places_per_1000;
  double target_per_1000 = kTargetPlacesPer1000;
  // The places the target asks of this unit: ceil(target × residents ÷ 1000).
  int64_t places_needed = 0;
  // places_needed − places when positive, else 0: the places to add.
  int64_t gap = 0;
  bool meets_target = true;  // gap == 0
};

// The balance of a unit. kInvalidArgument for a negative count, more children
// under 3 than residents, or a target outside (0, 1000].
StatusOr<ChildcareBalance> ComputeChildcareBalance(const ChildcareBalanceInput& input,
                                                   double target_per_1000 = kTargetPlacesPer1000);

}  // namespace alley::services

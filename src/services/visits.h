// Visits to elderly people living alone (探访关爱): the schedule each person
// is visited on, who is overdue, and the record of a visit.
//
// Every elderly person enrolled in the visits programme is visited at an
// interval that a configurable policy sets from the person's age and tags
// (by default weekly from 80, fortnightly from 60 to 79, weekly for a person
// with a disability or in special hardship, whatever the age). The next visit
// is due one interval after the last visit that counts, or, before any, within
// `first_visit_within_days` of enrolment; a person is overdue on a day after
// that date. The overdue list is grouped per grid worker, most overdue first.
//
//   VisitPolicy policy;  // the defaults below, or the programme's own
//   ALLEY_ASSIGN_OR_RETURN(VisitDue due, ComputeVisitDue(policy, subject, today));
//   if (due.overdue) ... due.days_overdue ...
//   ALLEY_ASSIGN_OR_RETURN(auto groups, OverdueByWorker(policy, subjects, today));
//
// Which visits count: a visit that established how the person is (well, needs
// help, in hospital) resets the schedule; a visit where nobody answered (not
// at home) does not. The visit exists to make sure that someone living alone
// is all right, and an unanswered door establishes nothing: for this group it
// is exactly the warning sign the programme is there to catch (a fall, an
// illness). So the person stays due, or overdue, until someone is reached, and
// the unanswered attempts since the last visit that counted are shown beside
// the due date so that the grid worker escalates (phone the family, the
// neighbours, the property office) rather than wait a full interval.
//
// Pure logic over values: the caller reads people, their enrolment and their
// visits from the store. Thread safety: functions of values only.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "registry/vocabulary.h"

namespace alley::services {

// People aged `min_age` or more (up to the next band) are visited every
// `interval_days`.
struct VisitAgeBand {
  int min_age = 0;
  int interval_days = 0;
};

// People carrying `tag` are visited at least every `interval_days`.
struct VisitTagRule {
  registry::ResidentTag tag = registry::ResidentTag::kDisability;
  int interval_days = 0;
};

// The schedule as data. A person's interval is the shorter of the age band's
// (the band with the highest min_age not above the person's age; younger than
// every band: the lowest band's, so that no one enrolled falls off the
// schedule) and every matching tag rule's.
struct VisitPolicy {
  // Defaults: fortnightly from 60 (the elderly age, services::kElderlyAge),
  // weekly from 80 (the "oldest old" whom civil-affairs visiting schemes for
  // people living alone usually visit weekly).
  std::vector<VisitAgeBand> age_bands = {{.min_age = 60, .interval_days = 14},
                                         {.min_age = 80, .interval_days = 7}};
  // Defaults: weekly for a disability (残疾) or special hardship (特困).
  std::vector<VisitTagRule> tag_rules = {
      {.tag = registry::ResidentTag::kDisability, .interval_days = 7},
      {.tag = registry::ResidentTag::kSpecialHardship, .interval_days = 7}};
  // A newly enrolled person is first visited within this many days of the
  // enrolment (or within the interval, when that is shorter).
  int first_visit_within_days = 7;
};

// The largest interval a policy may set: a year.
inline constexpr int kMaxVisitIntervalDays = 366;

// kInvalidArgument naming the field: no age band, an interval or the first-
// visit days outside 1..kMaxVisitIntervalDays, a min_age outside 0..150, two
// bands with the same min_age, two rules for the same tag.
Status ValidateVisitPolicy(const VisitPolicy& policy);

enum class VisitOutcome {
  kWell,          // 安好: seen and well
  kNeedsHelp,     // 需要帮助: seen, and needs something (follow-up required)
  kNotAtHome,     // 不在家: nobody answered; does not reset the schedule
  kHospitalised,  // 住院: in hospital, confirmed (visited there or by the family)
};
std::span<const registry::Term> VisitOutcomeTerms();  // in enum order
// By identifier ("not_at_home") or Chinese name ("不在家"); nullopt if neither.
std::optional<VisitOutcome> ParseVisitOutcome(std::string_view text);
std::string_view VisitOutcomeId(VisitOutcome outcome);
// Whether a visit with this outcome counts: every outcome but kNotAtHome.
bool ResetsSchedule(VisitOutcome outcome);

// One visit, as recorded by the visitor.
struct VisitRecord {
  int64_t resident_id = 0;  // the person visited
  core::Date date;
  int64_t visitor_id = 0;    // the user (grid worker, volunteer) who went; 0: not a user
  std::string visitor_name;  // who went, when not a user (a volunteer, a neighbour)
  VisitOutcome outcome = VisitOutcome::kWell;
  bool follow_up_needed = false;
  std::string notes;
};

// The longest notes a visit record keeps, in bytes.
inline constexpr size_t kMaxVisitNotesBytes = 2000;
// The longest visitor name, in bytes.
inline constexpr size_t kMaxVisitorNameBytes = 200;

// kInvalidArgument naming the field: resident_id not positive, visitor_id
// negative, or 0 without a visitor_name (nobody went), a visitor_name longer
// than kMaxVisitorNameBytes, a date after `today`, notes longer than
// kMaxVisitNotesBytes, or an outcome of kNeedsHelp without follow_up_needed
// (help that nobody follows up).
Status ValidateVisitRecord(const VisitRecord& visit, core::Date today);

// What a person's visits say for the schedule on `on`.
struct VisitHistory {
  std::optional<core::Date> last_visit;  // the latest visit that counts
  // Not-at-home visits dated after last_visit (all of them when none counts).
  int unanswered_attempts = 0;
  std::optional<core::Date> last_attempt;  // the latest of those
};

// Summarises one person's visits (in any order); visits dated after `on` are
// ignored, so that the schedule can be asked of a past date.
VisitHistory SummarizeVisits(std::span<const VisitRecord> visits, core::Date on);

// One person on the schedule.
struct VisitSubject {
  int64_t resident_id = 0;
  core::Date birth_date;
  uint32_t tags = 0;                      // registry::TagBit bits
  std::optional<int64_t> grid_worker_id;  // the assigned grid worker; nullopt: none
  core::Date enrolled_on;                 // the enrolment in the visits programme
  std::optional<core::Date> last_visit;   // VisitHistory::last_visit
  int unanswered_attempts = 0;            // VisitHistory::unanswered_attempts
};

struct VisitDue {
  int64_t resident_id = 0;
  std::optional<int64_t> grid_worker_id;
  // The age on the anchor date, which sets the interval: the schedule made at
  // a visit holds until the next visit (a person turning 80 moves to the
  // weekly schedule from the first visit after the birthday).
  int age = 0;
  int interval_days = 0;
  // The last visit that counts, or the enrolment when there is none since it.
  core::Date anchor;
  bool first_visit = false;  // no visit since enrolment: due within the first-visit days
  core::Date due;
  bool overdue = false;      // `on` is after `due` (on the due date itself: not yet)
  int64_t days_overdue = 0;  // on − due when overdue, else 0
  int unanswered_attempts = 0;
};

// When `subject` is next due and whether it is overdue on `on`. A last visit
// before the enrolment is ignored (a re-enrolment starts afresh). An
// enrolment after `on` gives a due date after `on`, never overdue.
// kInvalidArgument: the policy is invalid, the birth date or the last visit is
// after `on`, or unanswered_attempts < 0. kOutOfRange: the due date would be
// after 9999-12-31.
StatusOr<VisitDue> ComputeVisitDue(const VisitPolicy& policy, const VisitSubject& subject,
                                   core::Date on);

// The overdue people of one grid worker.
struct WorkerOverdue {
  std::optional<int64_t> grid_worker_id;  // nullopt: people with no grid worker
  std::vector<VisitDue> overdue;          // most overdue first, then by resident_id
  int64_t max_days_overdue = 0;
};

// Everyone in `subjects` overdue on `on`, grouped per grid worker. Groups come
// most overdue first (by max_days_overdue, then grid worker id, the group
// without a grid worker last among equals); a worker with no one overdue has
// no group. The first error of ComputeVisitDue, prefixed with "resident ID: ".
StatusOr<std::vector<WorkerOverdue>> OverdueByWorker(const VisitPolicy& policy,
                                                     std::span<const VisitSubject> subjects,
                                                     core::Date on);

}  // namespace alley::services

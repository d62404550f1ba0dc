#include "services/visits.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>

namespace alley::services {
namespace {

constexpr int kMaxAge = 150;

constexpr std::array<registry::Term, 4> kOutcomeTerms = {{
    {"well", "安好"},
    {"needs_help", "需要帮助"},
    {"not_at_home", "不在家"},
    {"hospitalised", "住院"},
}};

bool IntervalOk(int days) { return days >= 1 && days <= kMaxVisitIntervalDays; }

std::string IntervalRange() { return "1.." + std::to_string(kMaxVisitIntervalDays); }

// ComputeVisitDue without checking the policy.
StatusOr<VisitDue> DueUnderValidPolicy(const VisitPolicy& policy, const VisitSubject& subject,
                                       core::Date on) {
  if (subject.birth_date > on) {
    return InvalidArgumentError("birth_date " + subject.birth_date.ToString() + " is after " +
                                on.ToString());
  }
  if (subject.last_visit.has_value() && *subject.last_visit > on) {
    return InvalidArgumentError("last_visit " + subject.last_visit->ToString() + " is after " +
                                on.ToString());
  }
  if (subject.unanswered_attempts < 0) {
    return InvalidArgumentError("unanswered_attempts must not be negative, got " +
                                std::to_string(subject.unanswered_attempts));
  }
  VisitDue due;
  due.resident_id = subject.resident_id;
  due.grid_worker_id = subject.grid_worker_id;
  due.unanswered_attempts = subject.unanswered_attempts;
  due.first_visit = !subject.last_visit.has_value() || *subject.last_visit < subject.enrolled_on;
  due.anchor = due.first_visit ? subject.enrolled_on : *subject.last_visit;
  due.age = core::AgeOn(subject.birth_date, due.anchor);

  // The band with the highest min_age not above the age; the lowest band
  // when the person is younger than every band.
  const VisitAgeBand* band = nullptr;
  const VisitAgeBand* lowest = nullptr;
  for (const VisitAgeBand& b : policy.age_bands) {
    if (lowest == nullptr || b.min_age < lowest->min_age) lowest = &b;
    if (b.min_age <= due.age && (band == nullptr || b.min_age > band->min_age)) band = &b;
  }
  due.interval_days = (band != nullptr ? band : lowest)->interval_days;
  for (const VisitTagRule& rule : policy.tag_rules) {
    if ((subject.tags & registry::TagBit(rule.tag)) != 0) {
      due.interval_days = std::min(due.interval_days, rule.interval_days);
    }
  }
  const int step = due.first_visit ? std::min(due.interval_days, policy.first_visit_within_days)
                                   : due.interval_days;
  if (due.anchor.days() + step > core::Date::kMaxDays) {
    return OutOfRangeError("the next visit after " + due.anchor.ToString() +
                           " would be after 9999-12-31");
  }
  due.due = due.anchor.AddDays(step);
  due.overdue = on > due.due;
  due.days_overdue = due.overdue ? on.days() - due.due.days() : 0;
  return due;
}

}  // namespace

Status ValidateVisitPolicy(const VisitPolicy& policy) {
  if (policy.age_bands.empty()) {
    return InvalidArgumentError("age_bands: the policy needs at least one age band");
  }
  std::set<int> ages;
  for (size_t i = 0; i < policy.age_bands.size(); ++i) {
    const VisitAgeBand& b = policy.age_bands[i];
    const std::string where = "age_bands[" + std::to_string(i) + "]";
    if (b.min_age < 0 || b.min_age > kMaxAge) {
      return InvalidArgumentError(where + ".min_age must be in 0..150, got " +
                                  std::to_string(b.min_age));
    }
    if (!IntervalOk(b.interval_days)) {
      return InvalidArgumentError(where + ".interval_days must be in " + IntervalRange() +
                                  ", got " + std::to_string(b.interval_days));
    }
    if (!ages.insert(b.min_age).second) {
      return InvalidArgumentError(where + ": another band also starts at age " +
                                  std::to_string(b.min_age));
    }
  }
  std::set<registry::ResidentTag> tags;
  for (size_t i = 0; i < policy.tag_rules.size(); ++i) {
    const VisitTagRule& r = policy.tag_rules[i];
    const std::string where = "tag_rules[" + std::to_string(i) + "]";
    if (!IntervalOk(r.interval_days)) {
      return InvalidArgumentError(where + ".interval_days must be in " + IntervalRange() +
                                  ", got " + std::to_string(r.interval_days));
    }
    if (!tags.insert(r.tag).second) {
      return InvalidArgumentError(where + ": another rule is for the same tag");
    }
  }
  if (!IntervalOk(policy.first_visit_within_days)) {
    return InvalidArgumentError("first_visit_within_days must be in " + IntervalRange() + ", got " +
                                std::to_string(policy.first_visit_within_days));
  }
  return OkStatus();
}

std::span<const registry::Term> VisitOutcomeTerms() { return kOutcomeTerms; }

std::optional<VisitOutcome> ParseVisitOutcome(std::string_view text) {
  std::optional<size_t> i = registry::FindTerm(kOutcomeTerms, text);
  if (!i.has_value()) return std::nullopt;
  return static_cast<VisitOutcome>(*i);
}

std::string_view VisitOutcomeId(VisitOutcome outcome) {
  return kOutcomeTerms[static_cast<size_t>(outcome)].id;
}

bool ResetsSchedule(VisitOutcome outcome) { return outcome != VisitOutcome::kNotAtHome; }

Status ValidateVisitRecord(const VisitRecord& visit, core::Date today) {
  if (visit.resident_id <= 0) {
    return InvalidArgumentError("resident_id must be positive, got " +
                                std::to_string(visit.resident_id));
  }
  if (visit.visitor_id < 0 || (visit.visitor_id == 0 && visit.visitor_name.empty())) {
    return InvalidArgumentError("visitor_id must be positive, or a visitor_name given, got " +
                                std::to_string(visit.visitor_id));
  }
  if (visit.visitor_name.size() > kMaxVisitorNameBytes) {
    return InvalidArgumentError("visitor_name is " + std::to_string(visit.visitor_name.size()) +
                                " bytes, at most " + std::to_string(kMaxVisitorNameBytes));
  }
  if (visit.date > today) {
    return InvalidArgumentError("date " + visit.date.ToString() +
                                " is in the future: a visit is recorded once it has happened");
  }
  if (visit.notes.size() > kMaxVisitNotesBytes) {
    return InvalidArgumentError("notes are " + std::to_string(visit.notes.size()) +
                                " bytes, at most " + std::to_string(kMaxVisitNotesBytes));
  }
  if (visit.outcome == VisitOutcome::kNeedsHelp && !visit.follow_up_needed) {
    return InvalidArgumentError(
        "follow_up_needed: a visit that finds the person needs help must be followed up");
  }
  return OkStatus();
}

VisitHistory SummarizeVisits(std::span<const VisitRecord> visits, core::Date on) {
  VisitHistory h;
  for (const VisitRecord& v : visits) {
    if (v.date > on || !ResetsSchedule(v.outcome)) continue;
    if (!h.last_visit.has_value() || v.date > *h.last_visit) h.last_visit = v.date;
  }
  for (const VisitRecord& v : visits) {
    if (v.date > on || ResetsSchedule(v.outcome)) continue;
    if (h.last_visit.has_value() && v.date <= *h.last_visit) continue;
    ++h.unanswered_attempts;
    if (!h.last_attempt.has_value() || v.date > *h.last_attempt) h.last_attempt = v.date;
  }
  return h;
}

StatusOr<VisitDue> ComputeVisitDue(const VisitPolicy& policy, const VisitSubject& subject,
                                   core::Date on) {
  ALLEY_RETURN_IF_ERROR(ValidateVisitPolicy(policy));
  return DueUnderValidPolicy(policy, subject, on);
}

StatusOr<std::vector<WorkerOverdue>> OverdueByWorker(const VisitPolicy& policy,
                                                     std::span<const VisitSubject> subjects,
                                                     core::Date on) {
  ALLEY_RETURN_IF_ERROR(ValidateVisitPolicy(policy));
  // nullopt sorts first in a std::map; the order of groups is set below.
  std::map<std::optional<int64_t>, WorkerOverdue> groups;
  for (const VisitSubject& subject : subjects) {
    StatusOr<VisitDue> due = DueUnderValidPolicy(policy, subject, on);
    if (!due.ok()) {
      return due.status().WithContext("resident " + std::to_string(subject.resident_id));
    }
    if (!due->overdue) continue;
    WorkerOverdue& group = groups[subject.grid_worker_id];
    group.grid_worker_id = subject.grid_worker_id;
    group.max_days_overdue = std::max(group.max_days_overdue, due->days_overdue);
    group.overdue.push_back(*std::move(due));
  }
  std::vector<WorkerOverdue> out;
  out.reserve(groups.size());
  for (auto& [worker, group] : groups) {
    std::sort(group.overdue.begin(), group.overdue.end(), [](const VisitDue& a, const VisitDue& b) {
      if (a.days_overdue != b.days_overdue) return a.days_overdue > b.days_overdue;
      return a.resident_id < b.resident_id;
    });
    out.push_back(std::move(group));
  }
  std::sort(out.begin(), out.end(), [](const WorkerOverdue& a, const WorkerOverdue& b) {
    if (a.max_days_overdue != b.max_days_overdue) return a.max_days_overdue > b.max_days_overdue;
    if (a.grid_worker_id.has_value() != b.grid_worker_id.has_value()) {
      return a.grid_worker_id.has_value();  // the group without a worker last among equals
    }
    return a.grid_worker_id < b.grid_worker_id;
  });
  return out;
}

}  // namespace alley::services

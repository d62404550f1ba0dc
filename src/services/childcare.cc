#include "services/childcare.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <utility>

namespace alley::services {

namespace {

constexpr std::string_view kClauses = "托育机构设置标准（试行）第十九条、第二十条";

// The one table of norms (see the header for the sources).
constexpr std::array kClassNorms = {
    ClassNorm{ClassType::kInfant, "infant", "乳儿班", 6, 12, 10, 3, kClauses},
    ClassNorm{ClassType::kYounger, "younger", "托小班", 12, 24, 15, 5, kClauses},
    ClassNorm{ClassType::kOlder, "older", "托大班", 24, 36, 20, 7, kClauses},
    // No national ratio for a mixed class: 1:5, that of its youngest (托小班-age) children.
    ClassNorm{ClassType::kMixed, "mixed", "混合班", 18, 36, 18, 5,
              "托育机构设置标准（试行）第十九条; ratio 1:5 set by Alley (no national figure)"},
};

// The longest inspection interval accepted, in months (ten years).
constexpr int kMaxIntervalMonths = 120;

// The tolerance when rounding target × residents up to whole places, so that a
// product like 4.5 × 2000 / 1000 = 9 that floating point puts a hair above 9
// does not become 10.
constexpr double kRoundingSlack = 1e-9;

// A target above one place per resident means nothing (and would overflow the
// count of places needed).
constexpr double kMaxTargetPer1000 = 1000.0;

// The date `months` (≥ 0) months after `d`, the day clamped to the end of a
// shorter month (31 January + 1 month = 28 or 29 February); nullopt past
// 9999-12-31, the end of the Date range.
std::optional<core::Date> AddMonths(core::Date d, int months) {
  const int total = d.year() * 12 + (d.month() - 1) + months;
  const int year = total / 12;
  const int month = total % 12 + 1;
  if (year > 9999) return std::nullopt;
  return core::Date::FromYmd(year, month, std::min(d.day(), core::DaysInMonth(year, month)));
}

std::string Ratio(const ClassNorm& norm) {
  return "1:" + std::to_string(norm.children_per_caregiver);
}

std::string ClassLabel(const ClassNorm& norm, std::string_view class_id) {
  std::string label(norm.name_zh);
  if (!class_id.empty()) label += " " + std::string(class_id);
  return label;
}

std::string RangeText(const ClassNorm& norm) {
  return std::to_string(norm.min_age_months) + "–" + std::to_string(norm.max_age_months) +
         " months";
}

Status ValidateChild(const NurseryChild& child, core::Date on) {
  if (child.child_id.empty()) return InvalidArgumentError("field child_id: must not be empty");
  if (on < child.birth) {
    return InvalidArgumentError("child " + child.child_id + ": born " + child.birth.ToString() +
                                ", after " + on.ToString());
  }
  return OkStatus();
}

}  // namespace

std::span<const ClassNorm> ClassNorms() { return kClassNorms; }

const ClassNorm& NormFor(ClassType type) {
  const auto index = static_cast<size_t>(type);
  ALLEY_CHECK(index < kClassNorms.size(), "unknown ClassType");
  return kClassNorms[index];
}

std::optional<ClassType> ParseClassType(std::string_view id_or_name) {
  for (const ClassNorm& norm : kClassNorms) {
    if (norm.id == id_or_name || norm.name_zh == id_or_name) return norm.type;
  }
  return std::nullopt;
}

StatusOr<int> AgeInMonths(core::Date birth, core::Date on) {
  if (on < birth) {
    return InvalidArgumentError("date " + on.ToString() + " is before the birth " +
                                birth.ToString());
  }
  int months = (on.year() - birth.year()) * 12 + (on.month() - birth.month());
  // The month is completed on the birth day of the month; a day the month
  // lacks (the 31st of April) is reached only on the 1st of the next month.
  if (on.day() < birth.day()) --months;
  return months;
}

bool AgeFits(ClassType type, int age_months) {
  const ClassNorm& norm = NormFor(type);
  return age_months >= norm.min_age_months && age_months < norm.max_age_months;
}

StatusOr<ClassType> ClassForChild(core::Date birth, core::Date on) {
  ALLEY_ASSIGN_OR_RETURN(int age, AgeInMonths(birth, on));
  for (ClassType type : {ClassType::kInfant, ClassType::kYounger, ClassType::kOlder}) {
    if (AgeFits(type, age)) return type;
  }
  return OutOfRangeError("a child of " + std::to_string(age) + " months on " + on.ToString() +
                         " has no nursery class: classes take children of 6 to 36 months");
}

int CaregiversNeeded(ClassType type, int children) {
  if (children <= 0) return 0;
  const int n = NormFor(type).children_per_caregiver;
  return children / n + (children % n != 0 ? 1 : 0);
}

StatusOr<std::vector<ClassFinding>> CheckClass(const ClassRoster& roster, core::Date on) {
  const ClassNorm& norm = NormFor(roster.type);
  const std::string label = ClassLabel(norm, roster.class_id);
  if (roster.caregivers < 0) {
    return InvalidArgumentError(label + ": field caregivers: must not be negative, got " +
                                std::to_string(roster.caregivers));
  }
  std::set<std::string_view> seen;
  std::vector<int> ages;
  ages.reserve(roster.children.size());
  for (const NurseryChild& child : roster.children) {
    Status valid = ValidateChild(child, on);
    if (!valid.ok()) return valid.WithContext(label);
    if (!seen.insert(child.child_id).second) {
      return InvalidArgumentError(label + ": child " + child.child_id + " is listed twice");
    }
    ages.push_back(*AgeInMonths(child.birth, on));
  }

  std::vector<ClassFinding> findings;
  const int children = static_cast<int>(roster.children.size());
  if (children > norm.max_children) {
    findings.push_back({ClassFindingKind::kOverSize, "", children, norm.max_children,
                        label + ": " + std::to_string(children) + " children, the limit is " +
                            std::to_string(norm.max_children) + " (" + std::string(norm.source) +
                            ")"});
  }
  const int needed = CaregiversNeeded(roster.type, children);
  if (roster.caregivers < needed) {
    findings.push_back({ClassFindingKind::kRatioBreach, "", roster.caregivers, needed,
                        label + ": " + std::to_string(children) + " children need " +
                            std::to_string(needed) + " caregivers at " + Ratio(norm) + ", " +
                            std::to_string(roster.caregivers) + " on staff (" +
                            std::string(norm.source) + ")"});
  }
  for (size_t i = 0; i < roster.children.size(); ++i) {
    if (AgeFits(roster.type, ages[i])) continue;
    const NurseryChild& child = roster.children[i];
    findings.push_back({ClassFindingKind::kAgeOutsideClass, child.child_id, ages[i], 0,
                        label + ": child " + child.child_id + " is " + std::to_string(ages[i]) +
                            " months old, outside the class's " + RangeText(norm)});
  }
  return findings;
}

// ---------------------------------------------------------------------------
// NurseryClass

StatusOr<NurseryClass> NurseryClass::Create(std::string class_id, ClassType type, int capacity) {
  const ClassNorm& norm = NormFor(type);
  if (class_id.empty()) return InvalidArgumentError("field class_id: must not be empty");
  if (capacity < 1 || capacity > norm.max_children) {
    return InvalidArgumentError(ClassLabel(norm, class_id) + ": field capacity: must be 1 to " +
                                std::to_string(norm.max_children) + " (" +
                                std::string(norm.source) + "), got " + std::to_string(capacity));
  }
  return NurseryClass(std::move(class_id), type, capacity);
}

StatusOr<NurseryClass> NurseryClass::Restore(std::string class_id, ClassType type, int capacity,
                                             std::vector<NurseryChild> enrolled,
                                             std::vector<NurseryChild> waiting,
                                             std::optional<core::Date> last_event) {
  ALLEY_ASSIGN_OR_RETURN(NurseryClass c, Create(std::move(class_id), type, capacity));
  const std::string label = ClassLabel(NormFor(type), c.class_id_);
  if (static_cast<int>(enrolled.size()) > capacity) {
    return InvalidArgumentError(label + ": " + std::to_string(enrolled.size()) +
                                " children enrolled in " + std::to_string(capacity) + " places");
  }
  std::set<std::string_view> seen;
  for (const std::vector<NurseryChild>* list : {&enrolled, &waiting}) {
    for (const NurseryChild& child : *list) {
      if (child.child_id.empty()) {
        return InvalidArgumentError(label + ": field child_id: must not be empty");
      }
      if (!seen.insert(child.child_id).second) {
        return InvalidArgumentError(label + ": child " + child.child_id + " is listed twice");
      }
      if (last_event && *last_event < child.birth) {
        return InvalidArgumentError(label + ": child " + child.child_id + " was born " +
                                    child.birth.ToString() + ", after the last event " +
                                    last_event->ToString());
      }
    }
  }
  c.enrolled_ = std::move(enrolled);
  c.waiting_ = std::move(waiting);
  c.last_event_ = last_event;
  return c;
}

Status NurseryClass::CheckDate(core::Date on) const {
  if (last_event_ && on < *last_event_) {
    return FailedPreconditionError(ClassLabel(NormFor(type_), class_id_) + ": event dated " +
                                   on.ToString() + " is before the last event, " +
                                   last_event_->ToString() + "; events must come in date order");
  }
  return OkStatus();
}

std::vector<std::string> NurseryClass::Fill(core::Date on) {
  std::vector<std::string> admitted;
  for (auto it = waiting_.begin(); it != waiting_.end() && free_places() > 0;) {
    // Every waiting child was born on or before its application date, which
    // is not after `on` (events come in date order).
    if (AgeFits(type_, *AgeInMonths(it->birth, on))) {
      admitted.push_back(it->child_id);
      enrolled_.push_back(std::move(*it));
      it = waiting_.erase(it);
    } else {
      ++it;
    }
  }
  return admitted;
}

StatusOr<EnrolmentResult> NurseryClass::Apply(const NurseryChild& child, core::Date on) {
  const ClassNorm& norm = NormFor(type_);
  const std::string label = ClassLabel(norm, class_id_);
  Status valid = ValidateChild(child, on);
  if (!valid.ok()) return valid.WithContext(label);
  ALLEY_RETURN_IF_ERROR(CheckDate(on));
  auto same = [&](const NurseryChild& c) { return c.child_id == child.child_id; };
  if (std::any_of(enrolled_.begin(), enrolled_.end(), same)) {
    return AlreadyExistsError(label + ": child " + child.child_id + " is already enrolled");
  }
  if (std::any_of(waiting_.begin(), waiting_.end(), same)) {
    return AlreadyExistsError(label + ": child " + child.child_id +
                              " is already on the waiting list");
  }
  const int age = *AgeInMonths(child.birth, on);
  if (age >= norm.max_age_months) {
    return FailedPreconditionError(label + ": child " + child.child_id + " is " +
                                   std::to_string(age) + " months old on " + on.ToString() +
                                   ", past the class's " + RangeText(norm));
  }

  last_event_ = on;
  EnrolmentResult result{EnrolmentOutcome::kWaitlisted, 0, Fill(on)};
  if (free_places() > 0 && AgeFits(type_, age)) {
    enrolled_.push_back(child);
    result.outcome = EnrolmentOutcome::kEnrolled;
  } else {
    waiting_.push_back(child);
    result.waiting_position = static_cast<int>(waiting_.size());
  }
  return result;
}

StatusOr<std::vector<std::string>> NurseryClass::Withdraw(std::string_view child_id,
                                                          core::Date on) {
  ALLEY_RETURN_IF_ERROR(CheckDate(on));
  auto it = std::find_if(enrolled_.begin(), enrolled_.end(),
                         [&](const NurseryChild& c) { return c.child_id == child_id; });
  if (it == enrolled_.end()) {
    return NotFoundError(ClassLabel(NormFor(type_), class_id_) + ": child " +
                         std::string(child_id) + " is not enrolled");
  }
  enrolled_.erase(it);
  last_event_ = on;
  return Fill(on);
}

Status NurseryClass::CancelApplication(std::string_view child_id, core::Date on) {
  ALLEY_RETURN_IF_ERROR(CheckDate(on));
  auto it = std::find_if(waiting_.begin(), waiting_.end(),
                         [&](const NurseryChild& c) { return c.child_id == child_id; });
  if (it == waiting_.end()) {
    return NotFoundError(ClassLabel(NormFor(type_), class_id_) + ": child " +
                         std::string(child_id) + " is not on the waiting list");
  }
  waiting_.erase(it);
  last_event_ = on;
  return OkStatus();
}

StatusOr<std::vector<std::string>> NurseryClass::FillPlaces(core::Date on) {
  ALLEY_RETURN_IF_ERROR(CheckDate(on));
  last_event_ = on;
  return Fill(on);
}

// ---------------------------------------------------------------------------
// Inspections

Status ValidateInspection(const NurseryInspection& inspection) {
  const std::string where = "inspection of " + inspection.date.ToString();
  if (inspection.inspector.empty()) {
    return InvalidArgumentError(where + ": field inspector: must not be empty");
  }
  if (inspection.items.empty()) {
    return InvalidArgumentError(where + ": field items: at least one checklist item is needed");
  }
  std::set<std::string_view> names;
  for (const ChecklistScore& item : inspection.items) {
    if (item.item.empty()) {
      return InvalidArgumentError(where + ": field items: an item has no name");
    }
    if (!names.insert(item.item).second) {
      return InvalidArgumentError(where + ": field items: \"" + item.item + "\" is listed twice");
    }
    if (item.score < 0 || item.score > kMaxChecklistScore) {
      return InvalidArgumentError(where + ": item \"" + item.item + "\": score must be 0 to " +
                                  std::to_string(kMaxChecklistScore) + ", got " +
                                  std::to_string(item.score));
    }
  }
  for (const std::string& finding : inspection.findings) {
    if (finding.empty()) {
      return InvalidArgumentError(where + ": field findings: a finding is empty");
    }
  }
  if (!inspection.findings.empty() && !inspection.remedy_deadline) {
    return InvalidArgumentError(where +
                                ": field remedy_deadline: required when there are findings");
  }
  if (inspection.findings.empty() && inspection.remedy_deadline) {
    return InvalidArgumentError(where + ": field remedy_deadline: there are no findings to remedy");
  }
  if (inspection.remedy_deadline && *inspection.remedy_deadline < inspection.date) {
    return InvalidArgumentError(
        where + ": field remedy_deadline: " + inspection.remedy_deadline->ToString() +
        " is before the inspection");
  }
  if (inspection.follow_up) {
    if (!inspection.remedy_deadline) {
      return InvalidArgumentError(where + ": field follow_up: there is no remedy to follow up");
    }
    if (*inspection.follow_up < inspection.date) {
      return InvalidArgumentError(where + ": field follow_up: " + inspection.follow_up->ToString() +
                                  " is before the inspection");
    }
  }
  return OkStatus();
}

std::optional<double> InspectionMeanScore(const NurseryInspection& inspection) {
  if (inspection.items.empty()) return std::nullopt;
  int64_t total = 0;
  for (const ChecklistScore& item : inspection.items) total += item.score;
  return static_cast<double>(total) / static_cast<double>(inspection.items.size());
}

std::vector<std::string> FailedChecklistItems(const NurseryInspection& inspection, int pass_mark) {
  std::vector<std::string> failed;
  for (const ChecklistScore& item : inspection.items) {
    if (item.score < pass_mark) failed.push_back(item.item);
  }
  return failed;
}

// ---------------------------------------------------------------------------
// Oversight flags

std::string_view OversightFlagKindId(OversightFlagKind kind) {
  switch (kind) {
    case OversightFlagKind::kRatioBreach:
      return "ratio_breach";
    case OversightFlagKind::kInspectionOverdue:
      return "inspection_overdue";
    case OversightFlagKind::kRemedyOverdue:
      return "remedy_overdue";
    case OversightFlagKind::kClassOverSize:
      return "class_over_size";
  }
  ALLEY_CHECK(false, "unknown OversightFlagKind");
  return "";
}

std::string_view ClassFindingKindId(ClassFindingKind kind) {
  switch (kind) {
    case ClassFindingKind::kRatioBreach:
      return "ratio_breach";
    case ClassFindingKind::kOverSize:
      return "over_size";
    case ClassFindingKind::kAgeOutsideClass:
      return "age_outside_class";
  }
  ALLEY_CHECK(false, "unknown ClassFindingKind");
  return "";
}

StatusOr<std::vector<OversightFlag>> OversightFlagsOn(const NurseryOversight& nursery,
                                                      core::Date on,
                                                      const OversightPolicy& policy) {
  const std::string where = "nursery " + nursery.nursery_id;
  if (policy.inspection_interval_months < 1 ||
      policy.inspection_interval_months > kMaxIntervalMonths) {
    return InvalidArgumentError("field inspection_interval_months: must be 1 to " +
                                std::to_string(kMaxIntervalMonths) + ", got " +
                                std::to_string(policy.inspection_interval_months));
  }
  if (on < nursery.registered_on) {
    return InvalidArgumentError(where + ": date " + on.ToString() +
                                " is before its registration, " + nursery.registered_on.ToString());
  }
  for (const NurseryInspection& inspection : nursery.inspections) {
    Status valid = ValidateInspection(inspection);
    if (!valid.ok()) return valid.WithContext(where);
  }

  std::vector<OversightFlag> flags;
  for (const ClassRoster& roster : nursery.classes) {
    StatusOr<std::vector<ClassFinding>> findings = CheckClass(roster, on);
    if (!findings.ok()) return findings.status().WithContext(where);
    for (const ClassFinding& f : *findings) {
      if (f.kind == ClassFindingKind::kAgeOutsideClass) continue;
      const OversightFlagKind kind = f.kind == ClassFindingKind::kRatioBreach
                                         ? OversightFlagKind::kRatioBreach
                                         : OversightFlagKind::kClassOverSize;
      flags.push_back({kind, roster.class_id, on, 0, f.message});
    }
  }

  // Inspections that have happened by `on`, oldest first.
  std::vector<const NurseryInspection*> past;
  for (const NurseryInspection& inspection : nursery.inspections) {
    if (!(on < inspection.date)) past.push_back(&inspection);
  }
  std::stable_sort(
      past.begin(), past.end(),
      [](const NurseryInspection* a, const NurseryInspection* b) { return a->date < b->date; });

  const core::Date last = past.empty() ? nursery.registered_on : past.back()->date;
  // No due date inside the calendar: nothing can be overdue yet.
  const std::optional<core::Date> due_by = AddMonths(last, policy.inspection_interval_months);
  if (due_by && *due_by < on) {
    const core::Date due = *due_by;
    const std::string since = past.empty() ? "registration on " : "last inspection on ";
    flags.push_back({OversightFlagKind::kInspectionOverdue, "", due, on.days() - due.days(),
                     where + ": no inspection since the " + since + last.ToString() +
                         "; one was due by " + due.ToString()});
  }

  for (const NurseryInspection* inspection : past) {
    if (!inspection->remedy_deadline || !(*inspection->remedy_deadline < on)) continue;
    if (inspection->follow_up && !(on < *inspection->follow_up)) continue;
    const core::Date deadline = *inspection->remedy_deadline;
    flags.push_back({OversightFlagKind::kRemedyOverdue, inspection->date.ToString(), deadline,
                     on.days() - deadline.days(),
                     where + ": the findings of the inspection on " + inspection->date.ToString() +
                         " were to be remedied by " + deadline.ToString() +
                         ", and no follow-up has taken place"});
  }
  return flags;
}

// ---------------------------------------------------------------------------
// Balance

StatusOr<ChildcareBalance> ComputeChildcareBalance(const ChildcareBalanceInput& input,
                                                   double target_per_1000) {
  const std::array<std::pair<std::string_view, int64_t>, 3> counts = {{
      {"places", input.places},
      {"children_under_3", input.children_under_3},
      {"residents", input.residents},
  }};
  for (const auto& [field, value] : counts) {
    if (value < 0) {
      return InvalidArgumentError("field " + std::string(field) + ": must not be negative, got " +
                                  std::to_string(value));
    }
  }
  if (input.children_under_3 > input.residents) {
    return InvalidArgumentError(
        "field children_under_3: " + std::to_string(input.children_under_3) +
        " is more than the residents, " + std::to_string(input.residents));
  }
  if (!std::isfinite(target_per_1000) || target_per_1000 <= 0 ||
      target_per_1000 > kMaxTargetPer1000) {
    return InvalidArgumentError(
        "target places per 1,000 residents must be a number above 0 and "
        "at most 1000");
  }

  ChildcareBalance b;
  b.places = input.places;
  b.children_under_3 = input.children_under_3;
  b.residents = input.residents;
  b.target_per_1000 = target_per_1000;
  if (input.children_under_3 > 0) {
    b.places_per_child =
        static_cast<double>(input.places) / static_cast<double>(input.children_under_3);
  }
  if (input.residents > 0) {
    // Places per 1,000 residents: places × 1000 ÷ residents.
    b.places_per_1000 =
        static_cast<double>(input.places) * 1000.0 / static_cast<double>(input.residents);
  }
  const double exact = target_per_1000 * static_cast<double>(input.residents) / 1000.0;
  b.places_needed = static_cast<int64_t>(std::ceil(exact - kRoundingSlack));
  b.gap = std::max<int64_t>(0, b.places_needed - b.places);
  b.meets_target = b.gap == 0;
  return b;
}

}  // namespace alley::services

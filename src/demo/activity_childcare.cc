// Childcare in the demo: the community nursery's four classes by age band
// (乳儿班, two 托小班, 托大班) at the national class sizes and ratios
// (services/childcare.h), two years of applications from the community's
// children kept by services::NurseryClass (enrolled at once or put on the
// waiting list, moved up a class as they grow, leaving at three for
// kindergarten), and the district's inspections. Two deliberate flags for the
// oversight pages: a caregiver of one class on leave in the last days (a
// ratio breach), and the findings of the last inspection not yet remedied
// past their deadline (a remedy overdue).
//
// Shares and scores are assumptions of the demo, not statistics.

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "demo/activity_internal.h"
#include "services/childcare.h"
#include "services/childcare_service.h"
#include "store/childcare_store.h"

namespace alley::demo::internal {
namespace {

using services::ClassType;

struct ClassSpec {
  std::string_view name;
  ClassType type;
  int capacity;
  int caregivers;  // at the national ratio for a full class
};
constexpr std::array<ClassSpec, 4> kClasses = {{
    {"蓓蕾班", ClassType::kInfant, 10, 4},
    {"萌芽一班", ClassType::kYounger, 15, 3},
    {"萌芽二班", ClassType::kYounger, 15, 3},
    {"花朵班", ClassType::kOlder, 20, 3},
}};
constexpr int kOpenedDaysBeforeTheYear = 365;  // the nursery opened a year before the demo's year
constexpr double kApplyShare = 0.6;            // of the community's children under three
// When the parents apply, in months of age: mostly as parental leave ends.
constexpr std::array<double, 3> kApplyAgeWeights = {40, 45, 15};  // 6-11, 12-20, 21-30 months
constexpr std::array<std::pair<int, int>, 3> kApplyAges = {{{6, 11}, {12, 20}, {21, 30}}};
constexpr double kMovedAwayPerMonth = 0.012;  // of the enrolled children
constexpr double kGiveUpPerMonth = 0.1;       // of those waiting four months or more
constexpr int kLongWaitDays = 120;
constexpr int kOnLeaveDays = 12;  // the caregiver on leave, before the end

constexpr std::array<std::string_view, 2> kMoveReasons = {"随家庭迁出", "家长自行照料"};

// The inspections' checklist and what a low score finds.
struct ChecklistSpec {
  std::string_view item;
  std::string_view finding;
};
constexpr std::array<ChecklistSpec, 7> kChecklist = {{
    {"消防安全", "部分灭火器超过有效期，需更换"},
    {"卫生保健与晨午检", "晨午检记录不完整"},
    {"膳食营养与食品安全", "食品留样记录缺失两日"},
    {"保育人员资质与配比", "1名保育人员健康证过期"},
    {"设施设备安全", "户外活动区地垫破损"},
    {"安全管理与应急预案", "应急疏散演练未按季度开展"},
    {"家园共育", "家长开放日记录不全"},
}};
constexpr int kFindingBelow = 75;  // a score under this gives the item's finding
constexpr std::array<std::string_view, 2> kInspectors = {"海州区卫生健康委员会 张磊、李娜",
                                                         "海州区妇幼保健所 王敏"};

// A child's application as it goes.
struct Application {
  size_t class_index = 0;
  int64_t child = 0;
  core::Date applied_on;
  std::string state = "waiting";
  std::optional<core::Date> enrolled_on;
  std::optional<core::Date> left_on;
  std::string reason;
};

}  // namespace

Status WriteChildcare(store::Writer& w, const Community& c, core::Rng& rng,
                      ActivityReport& report) {
  const store::FacilityRow* nursery = c.Facility(registry::FacilityType::kNursery);
  if (nursery == nullptr) return OkStatus();
  const std::string community = store::NurseryCommunityOf(nursery->unit_code);
  const core::Date opened = c.first_day.AddDays(-kOpenedDaysBeforeTheYear);

  std::vector<store::NurseryClassRow> class_rows;
  std::vector<services::NurseryClass> classes;
  for (const ClassSpec& spec : kClasses) {
    store::NurseryClassRow row;
    row.facility_id = nursery->id;
    row.unit_code = nursery->unit_code;
    row.community_code = community;
    row.name = std::string(spec.name);
    row.type = std::string(services::NormFor(spec.type).id);
    row.capacity = spec.capacity;
    row.caregivers = spec.caregivers;
    row.opened_on = opened;
    row.synthetic = true;
    class_rows.push_back(std::move(row));
    ALLEY_ASSIGN_OR_RETURN(
        services::NurseryClass kept,
        services::NurseryClass::Create(std::string(spec.name), spec.type, spec.capacity));
    classes.push_back(std::move(kept));
  }

  // Who applies, and when: children who were under three at some time since
  // the opening, at 7 to 24 months (or once they came to live here).
  std::multimap<int64_t, const Person*> applicants;  // by day
  for (const Person& p : c.people) {
    StatusOr<int> at_opening = services::AgeInMonths(p.birth, std::max(opened, p.birth));
    if (!at_opening.ok() || *at_opening >= 34 || !rng.Bernoulli(kApplyShare)) continue;
    const auto [lo, hi] = kApplyAges[rng.Weighted(kApplyAgeWeights)];
    const int months = UniformInt(rng, lo, hi);
    core::Date day = p.birth.AddDays(int64_t{30} * months + months / 2);
    day = std::max({day, opened, p.since});
    if (day > c.as_of) continue;
    StatusOr<ClassType> type = services::ClassForChild(p.birth, day);
    if (!type.ok()) continue;
    applicants.emplace(day.days(), &p);
  }

  std::vector<Application> applications;
  std::map<int64_t, size_t> open;  // child -> its open application
  auto admit = [&](const std::vector<std::string>& children, core::Date day) {
    for (const std::string& id : children) {
      Application& a = applications[open.at(std::stoll(id))];
      a.state = "enrolled";
      a.enrolled_on = day;
    }
  };
  // The class of `type` with the shortest waiting list, then the most free places.
  auto class_for = [&](ClassType type) {
    size_t best = classes.size();
    for (size_t i = 0; i < classes.size(); ++i) {
      if (classes[i].type() != type) continue;
      if (best == classes.size() || classes[i].waiting().size() < classes[best].waiting().size() ||
          (classes[i].waiting().size() == classes[best].waiting().size() &&
           classes[i].free_places() > classes[best].free_places())) {
        best = i;
      }
    }
    return best;
  };
  auto apply = [&](int64_t child, core::Date birth, core::Date day) -> Status {
    StatusOr<ClassType> type = services::ClassForChild(birth, day);
    if (!type.ok()) return OkStatus();  // no longer of nursery age
    const size_t k = class_for(*type);
    if (k == classes.size()) return OkStatus();
    open[child] = applications.size();
    applications.push_back({.class_index = k, .child = child, .applied_on = day});
    ALLEY_ASSIGN_OR_RETURN(services::EnrolmentResult result,
                           classes[k].Apply({std::to_string(child), birth}, day));
    admit(result.admitted_from_list, day);
    if (result.outcome == services::EnrolmentOutcome::kEnrolled)
      admit({std::to_string(child)}, day);
    return OkStatus();
  };
  auto leave = [&](size_t k, int64_t child, core::Date day, std::string reason,
                   bool enrolled) -> Status {
    Application& a = applications[open.at(child)];
    a.state = enrolled ? "withdrawn" : "cancelled";
    a.left_on = day;
    a.reason = std::move(reason);
    open.erase(child);
    if (enrolled) {
      ALLEY_ASSIGN_OR_RETURN(std::vector<std::string> admitted,
                             classes[k].Withdraw(std::to_string(child), day));
      admit(admitted, day);
      return OkStatus();
    }
    return classes[k].CancelApplication(std::to_string(child), day);
  };

  for (core::Date day = opened; day <= c.as_of; day = day.AddDays(1)) {
    const bool month_start = day.day() == 1 && day > opened;
    for (size_t k = 0; k < classes.size(); ++k) {
      const services::ClassNorm& norm = services::NormFor(classes[k].type());
      // Grown out of the class (on the day): moved up, or off to kindergarten
      // at three; on the 1st, some move away.
      std::vector<services::NurseryChild> enrolled = classes[k].enrolled();
      for (const services::NurseryChild& child : enrolled) {
        const int64_t id = std::stoll(child.child_id);
        ALLEY_ASSIGN_OR_RETURN(int months, services::AgeInMonths(child.birth, day));
        if (months >= norm.max_age_months) {
          const bool three = months >= 36;
          ALLEY_RETURN_IF_ERROR(leave(k, id, day, three ? "满3周岁，升入幼儿园" : "升班", true));
          if (!three) ALLEY_RETURN_IF_ERROR(apply(id, child.birth, day));
        } else if (month_start && rng.Bernoulli(kMovedAwayPerMonth)) {
          ALLEY_RETURN_IF_ERROR(
              leave(k, id, day, std::string(kMoveReasons[rng.Uniform(kMoveReasons.size())]), true));
        }
      }
      if (!month_start) continue;
      std::vector<services::NurseryChild> waiting = classes[k].waiting();
      for (const services::NurseryChild& child : waiting) {
        const int64_t id = std::stoll(child.child_id);
        ALLEY_ASSIGN_OR_RETURN(int months, services::AgeInMonths(child.birth, day));
        const Application& a = applications[open.at(id)];
        if (months >= norm.max_age_months) {
          ALLEY_RETURN_IF_ERROR(leave(k, id, day, "已超出班级月龄，撤回申请", false));
        } else if (day.days() - a.applied_on.days() >= kLongWaitDays &&
                   rng.Bernoulli(kGiveUpPerMonth)) {
          ALLEY_RETURN_IF_ERROR(leave(k, id, day, "已入读其他托育机构", false));
        }
      }
    }
    if (month_start) {
      for (services::NurseryClass& k : classes) {
        ALLEY_ASSIGN_OR_RETURN(std::vector<std::string> admitted, k.FillPlaces(day));
        admit(admitted, day);
      }
    }
    auto [first, last] = applicants.equal_range(day.days());
    for (auto it = first; it != last; ++it) {
      if (open.contains(it->second->id)) continue;
      ALLEY_RETURN_IF_ERROR(apply(it->second->id, it->second->birth, day));
    }
  }

  ALLEY_RETURN_IF_ERROR(services::BulkAddNurseryClasses(w, class_rows));
  std::vector<store::NurseryEnrolmentRow> rows;
  rows.reserve(applications.size());
  for (const Application& a : applications) {
    store::NurseryEnrolmentRow row;
    row.class_id = class_rows[a.class_index].id;
    row.facility_id = nursery->id;
    row.unit_code = nursery->unit_code;
    row.community_code = community;
    row.resident_id = a.child;
    row.applied_on = a.applied_on;
    row.state = a.state;
    row.enrolled_on = a.enrolled_on;
    row.left_on = a.left_on;
    row.reason = a.reason;
    row.synthetic = true;
    if (a.state == "waiting") ++report.nursery_waiting;
    rows.push_back(std::move(row));
  }
  ALLEY_RETURN_IF_ERROR(services::BulkAddNurseryEnrolments(w, rows));
  report.nursery_classes = static_cast<int64_t>(class_rows.size());
  report.nursery_applications = static_cast<int64_t>(rows.size());

  // A caregiver of the class that needs most of them is on leave at the end:
  // one short of the ratio.
  size_t short_class = classes.size();
  int needed = 0;
  for (size_t k = 0; k < classes.size(); ++k) {
    const int n = services::CaregiversNeeded(classes[k].type(),
                                             static_cast<int>(classes[k].enrolled().size()));
    if (n > needed) {
      needed = n;
      short_class = k;
    }
  }
  if (short_class < classes.size() && needed >= 2) {
    ALLEY_RETURN_IF_ERROR(
        store::SetNurseryCaregivers(w, class_rows[short_class].id,
                                    std::max(opened, c.as_of.AddDays(-kOnLeaveDays)), needed - 1));
  }

  // Inspections: two yearly ones, remedied in time, and a spot check whose
  // findings are past their deadline without a follow-up.
  std::vector<store::NurseryInspectionRow> inspections;
  auto inspect = [&](core::Date date, bool spot) {
    if (date < opened || date > c.as_of) return;
    store::NurseryInspectionRow row;
    row.facility_id = nursery->id;
    row.unit_code = nursery->unit_code;
    row.community_code = community;
    row.date = date;
    row.inspector = std::string(kInspectors[rng.Uniform(kInspectors.size())]);
    std::array<int, kChecklist.size()> scores{};
    for (int& s : scores) {
      s = std::clamp(static_cast<int>(std::lround(rng.Normal(88, 6))), 60, 100);
    }
    if (spot) {  // the items the spot check came for
      scores[0] = UniformInt(rng, 50, 68);
      scores[1 + rng.Uniform(kChecklist.size() - 1)] = UniformInt(rng, 55, 72);
    }
    for (size_t i = 0; i < kChecklist.size(); ++i) {
      row.items.push_back({std::string(kChecklist[i].item), scores[i]});
      if (scores[i] < kFindingBelow) row.findings.emplace_back(kChecklist[i].finding);
    }
    if (!row.findings.empty()) {
      row.remedy_deadline = date.AddDays(spot ? 21 : 30);
      const core::Date follow_up = date.AddDays(UniformInt(rng, 10, 28));
      if (!spot && follow_up <= c.as_of) {
        row.follow_up = follow_up;
        row.follow_up_note = "复查：问题已整改到位";
      }
    }
    row.note = spot ? "专项检查（消防与卫生保健）" : "年度检查";
    row.recorded_by = c.actor.username;
    row.synthetic = true;
    inspections.push_back(std::move(row));
  };
  const core::Date first_inspection = opened.AddDays(UniformInt(rng, 120, 200));
  inspect(first_inspection, false);
  inspect(first_inspection.AddDays(UniformInt(rng, 330, 380)), false);
  inspect(c.as_of.AddDays(-UniformInt(rng, 45, 70)), true);
  std::sort(inspections.begin(), inspections.end(),
            [](const auto& a, const auto& b) { return a.date < b.date; });
  ALLEY_RETURN_IF_ERROR(services::BulkAddNurseryInspections(w, inspections));
  report.nursery_inspections = static_cast<int64_t>(inspections.size());
  return OkStatus();
}

}  // namespace alley::demo::internal

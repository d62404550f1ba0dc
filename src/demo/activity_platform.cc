// Platform workers (新就业形态劳动者) in the demo: the platforms each of the
// community's riders, drivers, sellers and couriers works for; their
// occupational-injury protection by the national pilot's platforms and dates
// (services/platform_workers.h: from 2022-07-01 曹操出行, 美团, 饿了么, 达达, 闪送,
// 货拉拉, 快狗打车 in Jiangsu; from 2025-07-01 滴滴, 顺丰同城, 满帮 and more); the
// services given to them as programmes (the rest station, help to enrol in
// insurance, legal aid, training); and the rest station's opening hours.
//
// Shares are assumptions of the demo, not statistics.

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "demo/activity_internal.h"
#include "services/platform_service.h"
#include "services/platform_workers.h"

namespace alley::demo::internal {
namespace {

using registry::EmploymentForm;

struct PlatformChoice {
  std::string_view name;
  double share;  // of the form's workers who work for it
};
// Delivery riders, ride-hailing drivers, e-commerce and live-streaming,
// other platform work (couriers, freight, domestic services).
constexpr std::array<PlatformChoice, 4> kRiderPlatforms = {
    {{"美团", 0.65}, {"饿了么", 0.5}, {"达达", 0.1}, {"闪送", 0.08}}};
constexpr std::array<PlatformChoice, 4> kDriverPlatforms = {
    {{"滴滴出行", 0.7}, {"曹操出行", 0.3}, {"T3出行", 0.15}, {"高德", 0.2}}};
constexpr std::array<PlatformChoice, 5> kSellerPlatforms = {
    {{"抖音", 0.55}, {"快手", 0.3}, {"淘宝", 0.3}, {"拼多多", 0.15}, {"小红书", 0.2}}};
constexpr std::array<PlatformChoice, 5> kOtherPlatforms = {
    {{"货拉拉", 0.3}, {"满帮", 0.15}, {"顺丰同城", 0.25}, {"快狗打车", 0.1}, {"京东", 0.2}}};
constexpr double kNoPlatformKnown = 0.05;

// The pilot's waves: platforms and the day each joined.
struct PilotPlatform {
  std::string_view name;
  int year;
  int month;
};
constexpr std::array<PilotPlatform, 10> kPilot = {{
    {"曹操出行", 2022, 7},
    {"美团", 2022, 7},
    {"饿了么", 2022, 7},
    {"达达", 2022, 7},
    {"闪送", 2022, 7},
    {"货拉拉", 2022, 7},
    {"快狗打车", 2022, 7},
    {"滴滴出行", 2025, 7},
    {"顺丰同城", 2025, 7},
    {"满帮", 2025, 7},
}};
constexpr double kEnrolledWherePiloted = 0.88;
constexpr double kUnknownProtection = 0.08;

// Programmes (assumptions): who uses the rest station, who is helped to
// enrol in insurance, who gets legal aid or training.
constexpr double kRestStationRider = 0.55;
constexpr double kRestStationDriver = 0.35;
constexpr double kRestStationOther = 0.3;
constexpr double kRestStationSeller = 0.08;
constexpr double kInsuranceHelpUninsured = 0.35;
constexpr double kInsuranceHelpFlexible = 0.08;
constexpr double kLegalAid = 0.025;
constexpr double kTraining = 0.10;

constexpr std::string_view kRestStationHours = "07:00-23:00";

std::vector<std::string> DrawPlatforms(EmploymentForm form, core::Rng& rng) {
  std::span<const PlatformChoice> choices;
  switch (form) {
    case EmploymentForm::kDeliveryRider:
      choices = kRiderPlatforms;
      break;
    case EmploymentForm::kRideHailingDriver:
      choices = kDriverPlatforms;
      break;
    case EmploymentForm::kEcommerceLivestreaming:
      choices = kSellerPlatforms;
      break;
    default:
      choices = kOtherPlatforms;
      break;
  }
  std::vector<std::string> out;
  if (rng.Bernoulli(kNoPlatformKnown)) return out;
  for (const PlatformChoice& p : choices) {
    if (rng.Bernoulli(p.share)) out.emplace_back(p.name);
  }
  if (out.empty()) out.emplace_back(choices.front().name);
  return out;
}

// The earliest day one of `platforms` joined the pilot, or nullopt.
std::optional<core::Date> PilotSince(const std::vector<std::string>& platforms) {
  std::optional<core::Date> since;
  for (const std::string& name : platforms) {
    for (const PilotPlatform& p : kPilot) {
      if (name != p.name) continue;
      const core::Date d = *core::Date::FromYmd(p.year, p.month, 1);
      if (!since || d < *since) since = d;
    }
  }
  return since;
}

std::string_view TrainingFor(EmploymentForm form) {
  switch (form) {
    case EmploymentForm::kDeliveryRider:
      return "电动车安全驾驶与应急救护培训";
    case EmploymentForm::kRideHailingDriver:
      return "新能源汽车维护与安全驾驶培训";
    case EmploymentForm::kEcommerceLivestreaming:
      return "电商直播运营培训";
    default:
      return "职业技能提升培训";
  }
}

// An enrolment of `p` in `programme` from a day in from..to, ended after
// min_days..max_days with `reason` (when that falls by the end).
void Enrol(const Community& c, const Person& p, std::string_view programme, core::Date from,
           core::Date to, std::string_view note, int min_days, int max_days,
           std::string_view reason, core::Rng& rng, EnrolmentPlan& plan) {
  from = std::max(from, p.since);
  if (from > c.as_of) return;
  services::EnrolmentHistory h;
  h.enrolment.resident_id = p.id;
  h.enrolment.programme = std::string(programme);
  h.enrolment.from = UniformDate(rng, from, std::clamp(to, from, c.as_of));
  h.enrolment.note = std::string(note);
  if (max_days > 0) {
    const core::Date end = h.enrolment.from.AddDays(UniformInt(rng, min_days, max_days));
    if (end <= c.as_of) {
      h.ended_on = end;
      h.end_reason = std::string(reason);
    }
  }
  plan.Add(std::move(h));
}

}  // namespace

void PlanPlatformEnrolments(const Community& c, core::Rng& rng, EnrolmentPlan& plan) {
  for (const Person& p : c.people) {
    const std::optional<EmploymentForm> form = p.Form();
    if (!form || !registry::IsPlatformWork(*form)) continue;
    double station = kRestStationOther;
    if (*form == EmploymentForm::kDeliveryRider) station = kRestStationRider;
    if (*form == EmploymentForm::kRideHailingDriver) station = kRestStationDriver;
    if (*form == EmploymentForm::kEcommerceLivestreaming) station = kRestStationSeller;
    if (rng.Bernoulli(station)) {
      Enrol(c, p, "rest_station", c.as_of.AddDays(-700), c.as_of, "驿站登记，可休息、充电、热饭", 0,
            0, "", rng, plan);
    }
    const double insurance = p.insurance == "none"       ? kInsuranceHelpUninsured
                             : p.insurance == "flexible" ? kInsuranceHelpFlexible
                                                         : 0;
    if (rng.Bernoulli(insurance)) {
      Enrol(c, p, "insurance_enrolment", c.first_day, c.as_of.AddDays(-10),
            "协助办理灵活就业人员社会保险参保", 20, 90, "已协助办理参保登记", rng, plan);
    }
    if (rng.Bernoulli(kLegalAid)) {
      Enrol(c, p, "legal_aid", c.first_day, c.as_of.AddDays(-10), "劳动报酬争议咨询", 20, 120,
            "纠纷已调解结案", rng, plan);
    }
    if (rng.Bernoulli(kTraining)) {
      Enrol(c, p, "skills_training", c.first_day, c.as_of.AddDays(-5), TrainingFor(*form), 14, 45,
            "培训结业", rng, plan);
    }
  }
}

Status WritePlatformWorkers(store::Writer& w, const Community& c, core::Rng& rng,
                            ActivityReport& report) {
  std::vector<services::PlatformWorkerRecord> workers;
  for (const Person& p : c.people) {
    const std::optional<EmploymentForm> form = p.Form();
    if (!form || !registry::IsPlatformWork(*form)) continue;
    services::PlatformWorkerRecord r;
    r.resident_id = p.id;
    r.platforms = DrawPlatforms(*form, rng);
    const std::optional<core::Date> pilot = PilotSince(r.platforms);
    if (rng.Bernoulli(kUnknownProtection)) {
      r.injury_protection = "unknown";
    } else if (pilot && *pilot <= c.as_of && rng.Bernoulli(kEnrolledWherePiloted)) {
      r.injury_protection = "enrolled";
      // Since they joined a piloted platform here, or the platform the pilot.
      const core::Date from = std::max({*pilot, p.since, c.as_of.AddDays(-1200)});
      r.injury_protection_since = UniformDate(rng, std::min(from, c.as_of), c.as_of);
    } else {
      r.injury_protection = "not_enrolled";
      r.injury_protection_since = std::max(p.since, c.first_day);
    }
    workers.push_back(std::move(r));
  }
  ALLEY_ASSIGN_OR_RETURN(report.platform_workers,
                         services::RecordPlatformWorkers(w, workers, c.as_of, /*synthetic=*/true,
                                                         c.code, c.actor, c.now));
  if (const store::FacilityRow* station = c.Facility(registry::FacilityType::kRiderRestStation)) {
    services::RestStationChange change;
    change.hours = std::string(kRestStationHours);
    ALLEY_RETURN_IF_ERROR(services::UpdateRestStation(w, station->id, std::nullopt, change, c.code,
                                                      c.actor, c.now, /*synthetic=*/true)
                              .status());
  }
  return OkStatus();
}

}  // namespace alley::demo::internal

// Elderly care in the demo's year: who is enrolled in home care, canteen
// meals and visits; the senior canteen's diner groups, meals, costs and
// subsidies; the grid workers' visits to the elderly who live alone.
//
// The canteen's figures are assumptions in the range that Chinese community
// senior canteens (社区老年助餐点) report: a set lunch at 10 yuan for elders of
// 60–79 and 8 yuan from 80, with 2–5 yuan a meal from the district's civil
// affairs and 1 yuan from the street; 4 yuan for subsistence and
// special-hardship elders, whom the district subsidises most; 15 yuan for
// other residents; food at 8–8.50 yuan a meal; six staff near the city's
// wages; community premises at a low rent. None is an official statistic.

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/workdays.h"
#include "demo/activity_internal.h"
#include "services/canteen_service.h"
#include "services/programmes.h"
#include "services/visits.h"
#include "services/visits_service.h"

namespace alley::demo::internal {
namespace {

using registry::ResidentTag;
using services::EnrolmentHistory;

constexpr int kElderlyAge = services::kElderlyAge;
constexpr int kOldestOldAge = 80;

// ---- Enrolments -------------------------------------------------------------

// Who takes part (assumptions): home care mostly for the oldest, the
// disabled and those in hardship; canteen meals for a few in ten; visits for
// everyone on the schedule (60+ living alone).
constexpr double kHomeCareBase = 0.02;
constexpr double kHomeCareOldestOld = 0.16;
constexpr double kHomeCareDisability = 0.35;
constexpr double kHomeCareAlone70 = 0.15;
constexpr double kHomeCareHardship = 0.45;
constexpr double kCanteen60to79 = 0.07;
constexpr double kCanteenOldestOld = 0.18;
constexpr double kCanteenHardship = 0.5;
constexpr double kCanteenAlone = 0.08;
constexpr double kStartedBeforeTheYear = 0.7;  // of the enrolments, ongoing at the year's start
constexpr double kEndedShare = 0.06;           // ended during the year

constexpr std::array<std::string_view, 3> kHomeCareEnds = {"入住养老机构", "由子女接回家中照料",
                                                           "本人申请停止服务"};
constexpr std::array<std::string_view, 2> kCanteenEnds = {"本人申请退出助餐", "随子女外出居住"};

bool Hardship(const Person& p) {
  return p.Has(ResidentTag::kSubsistence) || p.Has(ResidentTag::kSpecialHardship);
}

// The first day a person may be enrolled in an elderly programme: 60 and in
// the ledger.
core::Date ElderlyFrom(const Person& p) {
  core::Date sixty = p.birth.AddYears(kElderlyAge);
  while (core::AgeOn(p.birth, sixty) < kElderlyAge) sixty = sixty.AddDays(1);
  return std::max(sixty, p.since);
}

// An enrolment of `p` in `programme` from a date drawn in the person's window,
// ended with one of `ends` for some.
void Enrol(const Community& c, const Person& p, std::string_view programme, core::Date earliest,
           std::span<const std::string_view> ends, core::Rng& rng, EnrolmentPlan& plan) {
  if (earliest > c.as_of) return;
  EnrolmentHistory h;
  h.enrolment.resident_id = p.id;
  h.enrolment.programme = std::string(programme);
  if (ends.empty()) {
    h.enrolment.from = earliest;  // from the first day they qualified
  } else if (rng.Bernoulli(kStartedBeforeTheYear)) {
    h.enrolment.from = std::max(earliest, c.first_day.AddDays(-UniformInt(rng, 1, 1100)));
  } else {
    h.enrolment.from = std::max(earliest, UniformDate(rng, c.first_day, c.as_of.AddDays(-30)));
  }
  h.enrolment.from = std::min(h.enrolment.from, c.as_of);
  if (!ends.empty() && rng.Bernoulli(kEndedShare)) {
    const core::Date end =
        UniformDate(rng, std::max(h.enrolment.from.AddDays(30), c.first_day), c.as_of);
    if (end > h.enrolment.from && end <= c.as_of) {
      h.ended_on = end;
      h.end_reason = std::string(ends[rng.Uniform(ends.size())]);
    }
  }
  plan.Add(std::move(h));
}

}  // namespace

void PlanElderlyEnrolments(const Community& c, core::Rng& rng, EnrolmentPlan& plan) {
  for (const Person& p : c.people) {
    if (p.age < kElderlyAge) continue;
    const core::Date from = ElderlyFrom(p);
    const bool alone = p.Has(ResidentTag::kLivingAlone);
    double home = kHomeCareBase;
    if (p.age >= kOldestOldAge) home += kHomeCareOldestOld;
    if (p.Has(ResidentTag::kDisability)) home += kHomeCareDisability;
    if (alone && p.age >= 70) home += kHomeCareAlone70;
    if (Hardship(p)) home += kHomeCareHardship;
    if (rng.Bernoulli(home)) Enrol(c, p, "home_care", from, kHomeCareEnds, rng, plan);
    double canteen = p.age >= kOldestOldAge ? kCanteenOldestOld : kCanteen60to79;
    if (Hardship(p)) canteen += kCanteenHardship;
    if (alone) canteen += kCanteenAlone;
    if (rng.Bernoulli(canteen)) Enrol(c, p, "canteen_meals", from, kCanteenEnds, rng, plan);
    // Everyone on the visit schedule is enrolled from the day they came on it.
    if (alone) Enrol(c, p, "elderly_visits", from, {}, rng, plan);
  }
}

// ---- The canteen --------------------------------------------------------------

namespace {

using services::Fen;

constexpr std::string_view kDistrict = "海州区民政局";
constexpr std::string_view kStreet = "新海街道办事处";
constexpr std::string_view kCharity = "连云港市慈善总会";

// The diner groups: what each pays and who subsidises each meal (fen).
struct GroupSpec {
  std::string_view id;
  std::string_view name;
  bool elderly;
  Fen price;
  Fen district;  // per meal
  Fen street;
};
constexpr std::array<GroupSpec, 4> kGroups = {{
    {"elderly_60", "60–79岁老人", true, 1000, 200, 100},
    {"elderly_80", "80岁及以上老人", true, 800, 400, 100},
    {"assisted", "低保、特困老人", true, 400, 700, 100},
    {"public", "其他居民", false, 1500, 0, 0},
}};
constexpr size_t kAssisted = 2;
constexpr size_t kPublic = 3;

// Who comes on a day: an enrolled elder eats lunch on most working days,
// fewer at weekends and holidays; a few come back for dinner on working days.
constexpr double kLunchWorkday = 0.72;
constexpr double kLunchRestDay = 0.5;
constexpr double kDinnerWorkday = 0.22;
// Other residents per lunch and dinner at the default demo's size.
constexpr double kPublicLunchWorkday = 28;
constexpr double kPublicLunchRestDay = 18;
constexpr double kPublicDinnerWorkday = 8;

// Costs (fen): food per meal, and per month.
constexpr Fen kFoodPerMeal = 800;
constexpr Fen kFoodPerMealLater = 850;  // from about four months before the end: prices rose
constexpr Fen kStaffPerMonth = 2 * 450000 + 4 * 330000;  // two cooks, four helpers
constexpr Fen kRentPerMonth = 150000;                    // community premises, low rent
constexpr Fen kUtilitiesPerMonth = 240000;
constexpr Fen kUtilitiesSummer = 90000;  // air conditioning, June to August
constexpr Fen kUtilitiesWinter = 60000;  // heating, December to February
constexpr Fen kOtherPerMonth = 60000;    // disinfection, tableware, repairs
// Lump sums: a quarterly operating grant, one donation a year (fen).
constexpr Fen kOperatingGrant = 1200000;
constexpr Fen kDonation = 500000;

// `amount` for the days of month `start` within first..last (a month cut by
// the year's ends pays its share).
Fen Prorated(Fen amount, core::Date start, core::Date first, core::Date last) {
  const core::Date next = NextMonthStart(start);
  const core::Date from = std::max(start, first);
  const core::Date to = std::min(next.AddDays(-1), last);
  if (to < from) return 0;
  const int64_t days = to.days() - from.days() + 1;
  const int64_t month = next.days() - start.days();
  return amount * days / month;
}

int64_t Rounded(double x) { return std::max<int64_t>(0, std::llround(x)); }

}  // namespace

Status WriteCanteen(store::Writer& w, const Community& c, const EnrolmentPlan& plan, core::Rng& rng,
                    ActivityReport& report) {
  const store::FacilityRow* canteen = c.Facility(registry::FacilityType::kSeniorCanteen);
  if (canteen == nullptr) return OkStatus();
  services::CanteenHistory h;
  for (const GroupSpec& g : kGroups) {
    services::DinerGroupSetting s;
    s.id = std::string(g.id);
    s.name = std::string(g.name);
    s.eligible_elderly = g.elderly;
    s.price = g.price;
    if (g.district > 0)
      s.subsidies.push_back({.payer = std::string(kDistrict), .per_meal = g.district});
    if (g.street > 0) s.subsidies.push_back({.payer = std::string(kStreet), .per_meal = g.street});
    s.valid_from = c.first_day;
    h.groups.push_back(std::move(s));
  }

  // The diners: the canteen-meal enrolments, by the group each eats in.
  struct Diner {
    const Person* person;
    core::Date from;
    std::optional<core::Date> until;
  };
  std::vector<Diner> diners;
  for (const EnrolmentHistory* e : plan.Of("canteen_meals")) {
    if (const Person* p = c.Find(e->enrolment.resident_id)) {
      diners.push_back({p, e->enrolment.from, e->ended_on});
    }
  }
  const double scale = static_cast<double>(c.people.size()) / 7266.0;
  const core::WorkCalendar& calendar = core::OfficialWorkCalendar();
  for (core::Date d = c.first_day; d <= c.as_of; d = d.AddDays(1)) {
    const core::CalendarEntry* entry = calendar.Find(d);
    // Closed for the Spring Festival holiday.
    if (entry != nullptr && entry->kind == core::DayKind::kHoliday && entry->holiday == "春节") {
      continue;
    }
    const bool workday = calendar.IsWorkingDay(d);
    std::array<int64_t, kGroups.size()> lunch{};
    std::array<int64_t, kGroups.size()> dinner{};
    for (const Diner& diner : diners) {
      if (d < diner.from || (diner.until && d >= *diner.until)) continue;
      const Person& p = *diner.person;
      const size_t group = Hardship(p)                                ? kAssisted
                           : core::AgeOn(p.birth, d) >= kOldestOldAge ? 1
                                                                      : 0;
      if (rng.Bernoulli(workday ? kLunchWorkday : kLunchRestDay)) ++lunch[group];
      if (workday && rng.Bernoulli(kDinnerWorkday)) ++dinner[group];
    }
    const double public_lunch = (workday ? kPublicLunchWorkday : kPublicLunchRestDay) * scale;
    lunch[kPublic] = Rounded(rng.Normal(public_lunch, std::sqrt(public_lunch)));
    if (workday) {
      const double public_dinner = kPublicDinnerWorkday * scale;
      dinner[kPublic] = Rounded(rng.Normal(public_dinner, std::sqrt(public_dinner)));
    }
    for (size_t g = 0; g < kGroups.size(); ++g) {
      for (int64_t meals : {lunch[g], dinner[g]}) {
        if (meals == 0) continue;
        h.meals.push_back({.date = d, .group = std::string(kGroups[g].id), .meals = meals});
        report.canteen_meals += meals;
        ++report.canteen_counts;
      }
    }
  }

  // Costs: food per meal (a rate), then each month's staff, rent, utilities, other.
  h.costs.push_back({.date = c.first_day,
                     .kind = "food_per_meal",
                     .amount = kFoodPerMeal,
                     .note = "食材成本（每餐）"});
  const core::Date rise = MonthStart(c.as_of.AddDays(-120));
  if (rise > c.first_day) {
    h.costs.push_back({.date = rise,
                       .kind = "food_per_meal",
                       .amount = kFoodPerMealLater,
                       .note = "猪肉、蔬菜价格上涨，食材成本调整"});
  }
  for (core::Date m = MonthStart(c.first_day); m <= c.as_of; m = NextMonthStart(m)) {
    // Dated on the 10th (or the year's first or last day when the month is cut).
    const core::Date dated = std::clamp(m.AddDays(9), c.first_day, c.as_of);
    const int month = m.month();
    Fen utilities = kUtilitiesPerMonth;
    if (month >= 6 && month <= 8) utilities += kUtilitiesSummer;
    if (month == 12 || month <= 2) utilities += kUtilitiesWinter;
    const std::array<std::pair<std::string_view, Fen>, 4> monthly = {{{"staff", kStaffPerMonth},
                                                                      {"rent", kRentPerMonth},
                                                                      {"utilities", utilities},
                                                                      {"other", kOtherPerMonth}}};
    const std::array<std::string_view, 4> notes = {"厨师2名、帮厨及服务员4名工资社保",
                                                   "社区用房租金", "水电燃气费",
                                                   "消毒、餐具损耗及设备维修"};
    for (size_t k = 0; k < monthly.size(); ++k) {
      const Fen amount = Prorated(monthly[k].second, m, c.first_day, c.as_of);
      if (amount == 0) continue;
      h.costs.push_back({.date = dated,
                         .kind = std::string(monthly[k].first),
                         .amount = amount,
                         .note = std::string(notes[k])});
    }
    // The district's operating grant each quarter (January, April, July,
    // October), the charity's donation for the Double Ninth (October).
    if (month % 3 == 1) {
      h.lump_sums.push_back({.date = std::clamp(m.AddDays(19), c.first_day, c.as_of),
                             .payer = std::string(kDistrict),
                             .amount = kOperatingGrant,
                             .purpose = "老年助餐点季度运营补贴"});
    }
    if (month == 10) {
      h.lump_sums.push_back({.date = std::clamp(m.AddDays(14), c.first_day, c.as_of),
                             .payer = std::string(kCharity),
                             .amount = kDonation,
                             .purpose = "重阳节敬老助餐捐赠"});
    }
  }
  return services::RecordCanteenHistory(w, canteen->id, h, c.as_of, /*synthetic=*/true, c.code,
                                        c.actor, c.now);
}

// ---- Visits -------------------------------------------------------------------

namespace {

// The grid workers who visit, one per compound (invented names), and the
// volunteers who sometimes go instead.
constexpr std::array<std::string_view, 6> kGridWorkers = {
    "网格员 王丽", "网格员 陈军", "网格员 刘芳", "网格员 张伟", "网格员 赵静", "网格员 孙涛"};
constexpr std::array<std::string_view, 3> kVisitVolunteers = {"志愿者 李秀兰", "志愿者 周建国",
                                                              "志愿者 吴桂英"};
constexpr double kVolunteerVisit = 0.12;
// Outcomes of a visit: well, needs help, not at home, in hospital.
constexpr std::array<double, 4> kOutcomeWeights = {88, 4, 7, 1};
constexpr double kLateVisit = 0.12;   // a visit made after its due date
constexpr double kMissedLast = 0.02;  // someone whose latest visit has not been made yet
constexpr int kBehindDays = 10;       // the compound whose worker fell behind: no visits since

constexpr std::array<std::string_view, 5> kWellNotes = {
    "身体状况良好，家中安全", "精神较好，已提醒按时服药", "已检查燃气和电器使用安全",
    "老人反映近况良好，子女每周来电", "天气转凉，已提醒注意保暖"};
constexpr std::array<std::string_view, 4> kHelpNotes = {
    "反映腿脚不便，需要助浴服务", "家中水龙头漏水，需联系维修", "近日血压偏高，需协助就医",
    "独自在家情绪低落，需增加陪伴"};
constexpr std::string_view kNotAtHomeNote = "敲门无人应答，已电话联系家属";
constexpr std::string_view kHospitalNote = "因病住院治疗，家属陪护";

}  // namespace

Status WriteVisits(store::Writer& w, const Community& c, core::Rng& rng, ActivityReport& report) {
  const services::VisitPolicy policy;
  std::map<std::string, size_t> worker_of;  // compound code -> kGridWorkers index
  for (const store::UnitRow& u : c.compounds) {
    worker_of.emplace(u.code, worker_of.size() % kGridWorkers.size());
  }
  // The worker of the compound with the fewest people on the schedule fell
  // behind in the last days.
  std::map<std::string, int> on_schedule;
  for (const Person& p : c.people) {
    if (p.age >= kElderlyAge && p.Has(ResidentTag::kLivingAlone)) ++on_schedule[p.unit];
  }
  std::string behind;
  for (const auto& [unit, n] : on_schedule) {
    if (behind.empty() || n < on_schedule[behind]) behind = unit;
  }

  std::vector<services::NewVisit> visits;
  for (const Person& p : c.people) {
    if (p.age < kElderlyAge || !p.Has(ResidentTag::kLivingAlone)) continue;
    services::VisitSubject subject;
    subject.resident_id = p.id;
    subject.birth_date = p.birth;
    subject.tags = p.tags;
    subject.enrolled_on = ElderlyFrom(p);
    const std::string_view worker =
        kGridWorkers[worker_of.contains(p.unit) ? worker_of[p.unit] : 0];
    const core::Date stop = p.unit == behind ? c.as_of.AddDays(-kBehindDays) : c.as_of;
    const bool miss_last = rng.Bernoulli(kMissedLast);
    // Visits before the year are not generated: the schedule starts again
    // from a visit a little before its first day.
    core::Date day = std::max(subject.enrolled_on, c.first_day);
    if (day > subject.enrolled_on) subject.last_visit = day.AddDays(-UniformInt(rng, 0, 6));
    while (true) {
      StatusOr<services::VisitDue> due = services::ComputeVisitDue(policy, subject, day);
      if (!due.ok())
        return due.status().WithContext("visit schedule of resident " + std::to_string(p.id));
      // Mostly a day or two early, some late.
      core::Date next = rng.Bernoulli(kLateVisit) ? due->due.AddDays(UniformInt(rng, 1, 4))
                                                  : due->due.AddDays(-UniformInt(rng, 0, 2));
      next = std::max(next, day.AddDays(subject.last_visit ? 1 : 0));
      if (next > stop) break;
      if (miss_last && due->due.AddDays(7) > c.as_of) break;
      services::NewVisit v;
      v.resident_id = p.id;
      v.date = next;
      v.visitor_name = std::string(rng.Bernoulli(kVolunteerVisit)
                                       ? kVisitVolunteers[rng.Uniform(kVisitVolunteers.size())]
                                       : worker);
      switch (rng.Weighted(kOutcomeWeights)) {
        case 0:
          v.outcome = "well";
          v.notes = std::string(kWellNotes[rng.Uniform(kWellNotes.size())]);
          subject.last_visit = next;
          break;
        case 1:
          v.outcome = "needs_help";
          v.follow_up_needed = true;
          v.notes = std::string(kHelpNotes[rng.Uniform(kHelpNotes.size())]);
          subject.last_visit = next;
          break;
        case 2:
          v.outcome = "not_at_home";
          v.notes = std::string(kNotAtHomeNote);
          ++subject.unanswered_attempts;
          break;
        default:
          v.outcome = "hospitalised";
          v.notes = std::string(kHospitalNote);
          subject.last_visit = next;
          break;
      }
      if (v.outcome != "not_at_home") subject.unanswered_attempts = 0;
      visits.push_back(std::move(v));
      // After an unanswered door, try again within a few days.
      day = next.AddDays(visits.back().outcome == "not_at_home" ? 0 : 1);
      if (visits.back().outcome == "not_at_home") {
        const core::Date retry = next.AddDays(UniformInt(rng, 1, 3));
        if (retry <= stop && !(miss_last && retry.AddDays(7) > c.as_of)) {
          services::NewVisit again = visits.back();
          again.date = retry;
          again.outcome = "well";
          again.notes = std::string(kWellNotes[rng.Uniform(kWellNotes.size())]);
          visits.push_back(std::move(again));
          subject.last_visit = retry;
          subject.unanswered_attempts = 0;
          day = retry.AddDays(1);
        }
      }
    }
    StatusOr<services::VisitDue> end = services::ComputeVisitDue(policy, subject, c.as_of);
    if (end.ok() && end->overdue) ++report.visits_overdue;
  }
  report.visits = static_cast<int64_t>(visits.size());
  return services::RecordVisits(w, visits, c.as_of, /*synthetic=*/true, c.code, c.actor, c.now);
}

}  // namespace alley::demo::internal

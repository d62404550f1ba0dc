// Home services and the time bank in the demo's year: the community's
// caregivers (paid staff with their skill certificates) and volunteers
// (residents, with their skills and weekly availability); the orders of the
// elders enrolled in home care, each matched to the nearest provider who fits
// (services::MatchProviders) and taken through to done and rated, some
// cancelled, some still open; and the time bank, where the volunteers' hours
// for orders and community activities are credited, some given to an elderly
// parent, some redeemed, one reversed.
//
// Rates and shares are assumptions of the demo, not statistics.

#include <algorithm>
#include <array>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "demo/activity_internal.h"
#include "services/care.h"
#include "services/home_service.h"
#include "services/programmes.h"
#include "services/timebank.h"
#include "services/timebank_service.h"
#include "store/timebank_store.h"

namespace alley::demo::internal {
namespace {

using services::ServiceKind;
using services::Weekday;
using services::WeeklyWindow;

constexpr int Hm(int h, int m) { return h * 60 + m; }

// ---- Providers ------------------------------------------------------------------

// The caregivers of the community's day-care centre (invented names).
struct CaregiverSpec {
  std::string_view name;
  std::string_view occupation;
  int level;
  Weekday first_day;  // works first_day..last_day, 08:00-12:00 and 13:30-17:30
  Weekday last_day;
  int years;  // of work before registering here
};
constexpr std::array<CaregiverSpec, 8> kCaregivers = {{
    {"周红梅", "elder_care_worker", 4, Weekday::kMonday, Weekday::kFriday, 9},
    {"孙丽娟", "elder_care_worker", 4, Weekday::kMonday, Weekday::kFriday, 6},
    {"陈桂兰", "elder_care_worker", 3, Weekday::kMonday, Weekday::kSaturday, 12},
    {"王秀芳", "elder_care_worker", 5, Weekday::kTuesday, Weekday::kSaturday, 3},
    {"李春燕", "health_caregiver", 4, Weekday::kMonday, Weekday::kFriday, 5},
    {"刘建华", "medical_caregiver", 4, Weekday::kMonday, Weekday::kFriday, 7},
    {"赵敏", "elder_care_worker", 5, Weekday::kSaturday, Weekday::kSunday, 2},
    {"吴海燕", "elder_care_worker", 5, Weekday::kMonday, Weekday::kFriday, 1},
}};
constexpr size_t kExpiringCaregiver = 3;  // her certificate ran out 40 days before the end
constexpr size_t kNewCaregiver = 7;       // hired during the year
constexpr int kCertificateYears = 5;
constexpr int64_t kWorkMinutesPerYear = int64_t{1600} * 60;

// Volunteers: about 0.6% of residents, most of them retired.
constexpr double kVolunteersPerResident = 0.0062;

std::vector<WeeklyWindow> Windows(Weekday from, Weekday to,
                                  std::initializer_list<std::pair<int, int>> times) {
  std::vector<WeeklyWindow> out;
  for (int d = static_cast<int>(from); d <= static_cast<int>(to); ++d) {
    for (const auto& [start, end] : times) out.push_back({static_cast<Weekday>(d), start, end});
  }
  return out;
}

std::string CertificateNumber(core::Rng& rng) {
  std::string n = "3207";
  for (int i = 0; i < 10; ++i) n += static_cast<char>('0' + rng.Uniform(10));
  return n;
}

// A stored provider as the matching rules see it.
services::Provider PureProvider(const store::CareProviderRow& row) {
  services::Provider p;
  p.id = std::to_string(row.id);
  p.type = row.type == "caregiver" ? services::ProviderType::kCaregiver
                                   : services::ProviderType::kVolunteer;
  p.occupation = row.occupation;
  for (const store::CertificationRow& cert : row.certifications) {
    p.certifications.push_back({cert.occupation, cert.level, cert.issued, cert.expires});
  }
  for (const std::string& s : row.skills) {
    if (const services::ServiceKindInfo* k = services::FindServiceKind(s))
      p.skills.push_back(k->kind);
  }
  for (const store::WeeklyWindowRow& wr : row.availability) {
    p.availability.push_back({static_cast<Weekday>(wr.day), wr.start_min, wr.end_min});
  }
  p.location = {row.lat, row.lon};
  return p;
}

// ---- Orders -----------------------------------------------------------------------

struct KindSpec {
  ServiceKind kind;
  int minutes;
  std::array<int, 2> starts;  // two usual starting times
};
constexpr std::array<KindSpec, 6> kKinds = {{
    {ServiceKind::kMealDelivery, 30, {Hm(11, 0), Hm(17, 0)}},
    {ServiceKind::kCleaning, 120, {Hm(9, 0), Hm(14, 0)}},
    {ServiceKind::kBathing, 60, {Hm(9, 30), Hm(15, 0)}},
    {ServiceKind::kHospitalEscort, 180, {Hm(8, 0), Hm(13, 30)}},
    {ServiceKind::kHealthCheck, 30, {Hm(9, 0), Hm(15, 0)}},
    {ServiceKind::kCompanionship, 90, {Hm(9, 30), Hm(15, 0)}},
}};
// Orders a month per elder, before the needs below add theirs.
constexpr double kOrdersPerMonth = 1.2;
constexpr double kCancelled = 0.04;
constexpr double kRated = 0.72;
constexpr std::array<double, 5> kStarWeights = {0.5, 1.5, 6, 24, 68};  // 1..5 stars
constexpr std::array<std::string_view, 3> kCancelReasons = {"老人临时住院", "家属已安排照料",
                                                            "老人外出探亲"};
constexpr std::string_view kNobodyFree = "暂无可派服务人员，已与老人另约时间";
constexpr int kDaysAheadOpen = 7;         // orders for the week after the end stay open
constexpr double kStillRequested = 0.35;  // of those, not matched yet

// Kind weights for one elder: meals and bathing for the frail, company for
// those alone.
std::array<double, 6> KindWeights(const Person& p) {
  std::array<double, 6> w = {30, 20, 8, 6, 12, 15};
  if (p.age >= 80 || p.Has(registry::ResidentTag::kDisability)) {
    w[0] += 15;
    w[2] += 12;
  }
  if (p.Has(registry::ResidentTag::kLivingAlone)) w[5] += 15;
  return w;
}

struct PlannedOrder {
  services::OrderHistory history;
  const Person* resident = nullptr;
  core::LatLon home;     // where the order will be served (the resident's building)
  int64_t provider = 0;  // 0: none assigned
  bool finished = false;
};

// ---- The time bank ------------------------------------------------------------------

struct Activity {
  std::string_view name;
  int minutes;
};
// One a month, on the second Saturday, by month (January first).
constexpr std::array<Activity, 12> kActivities = {{
    {"春节送福进楼栋", 120},
    {"元宵节邻里活动", 120},
    {"学雷锋志愿服务日", 180},
    {"清明文明祭扫宣传", 120},
    {"社区环境整治", 180},
    {"端午包粽子敬老", 150},
    {"暑期防溺水宣传", 120},
    {"垃圾分类督导", 120},
    {"中秋慰问独居老人", 150},
    {"重阳节敬老活动", 180},
    {"反诈宣传进楼栋", 120},
    {"冬季义诊协助", 180},
}};
constexpr double kActivityTurnout = 0.35;
constexpr double kTransferShare = 0.4;  // of volunteers with an elderly relative at home
constexpr double kGoodsExchange = 0.3;  // of elderly members with hours

// A member's entries as the demo plans them, to keep every balance >= 0.
class Balances {
 public:
  void Add(int64_t resident, core::Date date, int64_t minutes) {
    entries_[resident].push_back({date, minutes});
  }
  // The most `resident` may spend on `date` without any running balance,
  // from then on, going below 0 (credits of a day count before its debits).
  int64_t Spendable(int64_t resident, core::Date date) const {
    auto it = entries_.find(resident);
    if (it == entries_.end()) return 0;
    std::vector<std::pair<core::Date, int64_t>> sorted = it->second;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
      return a.first < b.first || (a.first == b.first && a.second > b.second);
    });
    int64_t running = 0;
    size_t i = 0;
    for (; i < sorted.size() && sorted[i].first <= date; ++i) running += sorted[i].second;
    int64_t lowest = running;
    for (; i < sorted.size(); ++i) lowest = std::min(lowest, running += sorted[i].second);
    return std::max<int64_t>(0, lowest);
  }

 private:
  std::map<int64_t, std::vector<std::pair<core::Date, int64_t>>> entries_;
};

// The second Saturday of the month of `m`.
core::Date SecondSaturday(core::Date m) {
  core::Date d = MonthStart(m);
  while (services::WeekdayOf(d) != Weekday::kSaturday) d = d.AddDays(1);
  return d.AddDays(7);
}

// The caregivers of the day-care centre, who start from it.
std::vector<services::ProviderInput> Caregivers(const Community& c, core::Rng& rng) {
  const store::FacilityRow* base = c.Facility(registry::FacilityType::kElderlyDayCare);
  if (base == nullptr) base = c.Facility(registry::FacilityType::kServiceCentre);
  std::vector<services::ProviderInput> caregivers;
  if (base != nullptr && base->lat && base->lon) {
    for (size_t i = 0; i < kCaregivers.size(); ++i) {
      const CaregiverSpec& spec = kCaregivers[i];
      services::ProviderInput in;
      in.unit_code = c.code;
      in.name = std::string(spec.name);
      in.occupation = std::string(spec.occupation);
      in.availability =
          Windows(spec.first_day, spec.last_day, {{Hm(8, 0), Hm(12, 0)}, {Hm(13, 30), Hm(17, 30)}});
      in.lat = base->lat;
      in.lon = base->lon;
      in.registered_on = i == kNewCaregiver
                             ? UniformDate(rng, c.first_day.AddDays(60), c.first_day.AddDays(200))
                             : c.as_of.AddDays(-UniformInt(rng, 400, 1500));
      in.prior_minutes = spec.years * kWorkMinutesPerYear;
      store::CertificationRow cert;
      cert.occupation = std::string(spec.occupation);
      cert.level = spec.level;
      cert.number = CertificateNumber(rng);
      if (i == kExpiringCaregiver) {
        cert.expires = c.as_of.AddDays(-40);
        cert.issued = cert.expires.AddYears(-kCertificateYears).AddDays(1);
      } else {
        // Valid all year: issued before it (the new hire's before her start).
        cert.issued = std::min(c.first_day, in.registered_on).AddDays(-UniformInt(rng, 30, 1000));
        cert.expires = cert.issued.AddYears(kCertificateYears).AddDays(-1);
      }
      in.certifications.push_back(std::move(cert));
      in.note = "社区日间照料中心护理员";
      in.synthetic = true;
      caregivers.push_back(std::move(in));
    }
  }

  return caregivers;
}

// Volunteers: about 0.6% of residents, most of them retired.
std::vector<services::ProviderInput> Volunteers(const Community& c, core::Rng& rng) {
  std::vector<services::ProviderInput> volunteers;
  {
    std::vector<std::pair<size_t, double>> weights;
    double total = 0;
    for (size_t i = 0; i < c.people.size(); ++i) {
      const Person& p = c.people[i];
      if (p.age < 18 || p.age > 72) continue;
      double weight = 0;
      if (p.employment == "retired") weight = p.age >= 60 ? 3 : 2;
      if (p.employment == "employee" || p.employment == "self_employed") weight = 0.5;
      if (p.employment == "student") weight = 0.8;
      if (p.employment == "none") weight = 1;
      if (weight > 0) {
        weights.emplace_back(i, weight);
        total += weight;
      }
    }
    const double wanted = kVolunteersPerResident * static_cast<double>(c.people.size());
    for (const auto& [i, weight] : weights) {
      if (!rng.Bernoulli(weight * wanted / total)) continue;
      const Person& p = c.people[i];
      const bool retired = p.employment == "retired";
      services::ProviderInput in;
      in.resident_id = p.id;
      const std::array<std::pair<std::string_view, double>, 4> skills = {
          {{"meal_delivery", retired ? 0.6 : 0.5},
           {"companionship", retired ? 0.7 : 0.4},
           {"cleaning", retired ? 0.3 : 0.4},
           {"hospital_escort", retired ? 0.25 : 0.2}}};
      for (const auto& [skill, share] : skills) {
        if (rng.Bernoulli(share)) in.skills.emplace_back(skill);
      }
      if (in.skills.empty()) in.skills.emplace_back(retired ? "companionship" : "meal_delivery");
      if (retired) {
        if (rng.Bernoulli(0.7)) {
          auto morning = Windows(Weekday::kMonday, Weekday::kFriday, {{Hm(8, 30), Hm(11, 30)}});
          in.availability.insert(in.availability.end(), morning.begin(), morning.end());
        }
        if (in.availability.empty() || rng.Bernoulli(0.5)) {
          auto afternoon = Windows(Weekday::kMonday, Weekday::kFriday, {{Hm(14, 30), Hm(17, 0)}});
          in.availability.insert(in.availability.end(), afternoon.begin(), afternoon.end());
        }
      } else if (p.employment == "student") {
        in.availability = Windows(Weekday::kSaturday, Weekday::kSunday, {{Hm(9, 0), Hm(17, 0)}});
      } else {
        in.availability = Windows(Weekday::kSaturday, Weekday::kSunday,
                                  {{Hm(9, 0), Hm(12, 0)}, {Hm(14, 0), Hm(17, 30)}});
      }
      in.registered_on =
          std::max(p.since, UniformDate(rng, c.as_of.AddDays(-900), c.as_of.AddDays(-20)));
      in.registered_on = std::min(in.registered_on, c.as_of);
      in.note = retired ? "低龄老人志愿服务队" : "社区志愿服务队";
      in.synthetic = true;
      volunteers.push_back(std::move(in));
    }
  }
  return volunteers;
}

// The registered providers, as stored and as the matching rules see them.
struct Providers {
  std::vector<services::ProviderItem> items;
  std::vector<services::Provider> pure;                   // pure[i] is items[i]
  std::map<int64_t, const store::CareProviderRow*> rows;  // by id
};

// The orders of the elders in home care, by service day, each matched to the
// nearest provider who fits and taken through its life up to the end.
std::vector<PlannedOrder> PlanOrders(const Community& c, const EnrolmentPlan& plan,
                                     const Providers& providers, core::Rng& rng) {
  std::vector<PlannedOrder> orders;
  const core::Date last_day = c.as_of.AddDays(kDaysAheadOpen);
  for (const services::EnrolmentHistory* e : plan.Of("home_care")) {
    const Person* p = c.Find(e->enrolment.resident_id);
    if (p == nullptr) continue;
    const std::optional<core::LatLon> home = c.HomeOf(*p);
    if (!home) continue;
    double per_month = kOrdersPerMonth;
    if (p->age >= 80) per_month += 1.5;
    if (p->Has(registry::ResidentTag::kDisability)) per_month += 1.5;
    if (p->Has(registry::ResidentTag::kLivingAlone)) per_month += 1;
    per_month *= 0.5 + rng.UniformReal();
    const std::array<double, 6> kind_weights = KindWeights(*p);
    const core::Date from = std::max(e->enrolment.from, c.first_day);
    const core::Date to = e->ended_on ? std::min(e->ended_on->AddDays(-1), c.as_of) : last_day;
    for (core::Date d = from; d <= to; d = d.AddDays(1)) {
      if (!rng.Bernoulli(per_month / 30.4)) continue;
      const KindSpec& kind = kKinds[rng.Weighted(kind_weights)];
      PlannedOrder o;
      o.resident = p;
      o.home = *home;
      o.history.input.resident_id = p->id;
      o.history.input.kind = std::string(services::ServiceKindOf(kind.kind).id);
      const int start = kind.starts[rng.Uniform(kind.starts.size())];
      o.history.input.slot = {.date = d, .start_min = start, .end_min = start + kind.minutes};
      o.history.input.synthetic = true;
      o.history.requested_at =
          AtMinute(d.AddDays(-UniformInt(rng, 1, 3)), UniformInt(rng, Hm(8, 30), Hm(17, 30)));
      if (o.history.requested_at > c.end) continue;
      orders.push_back(std::move(o));
    }
  }
  std::stable_sort(orders.begin(), orders.end(), [](const PlannedOrder& a, const PlannedOrder& b) {
    const services::TimeSlot& x = a.history.input.slot;
    const services::TimeSlot& y = b.history.input.slot;
    return x.date < y.date || (x.date == y.date && x.start_min < y.start_min);
  });

  // Each order matched to the nearest provider who fits, then its life.
  std::map<int64_t, std::map<int64_t, std::vector<services::TimeSlot>>> held;  // provider, day
  std::vector<services::Provider> pool;
  for (PlannedOrder& o : orders) {
    services::OrderHistory& h = o.history;
    services::TimeSlot& slot = h.input.slot;
    const services::ServiceKindInfo* kind = services::FindServiceKind(h.input.kind);
    const int minutes = slot.end_min - slot.start_min;
    std::optional<int64_t> chosen;
    for (int attempt = 0; attempt < 2 && !chosen; ++attempt) {
      if (attempt == 1) {  // the other usual time of the day
        for (const KindSpec& k : kKinds) {
          if (k.kind == kind->kind) {
            slot.start_min = k.starts[0] == slot.start_min ? k.starts[1] : k.starts[0];
            slot.end_min = slot.start_min + minutes;
          }
        }
      }
      pool.clear();
      for (size_t i = 0; i < providers.items.size(); ++i) {
        const store::CareProviderRow& row = providers.items[i].provider;
        if (row.registered_on > slot.date) continue;
        pool.push_back(providers.pure[i]);
        pool.back().assignments = held[row.id][slot.date.days()];
      }
      const services::ServiceRequest request{.kind = kind->kind, .location = o.home, .slot = slot};
      StatusOr<std::vector<services::Candidate>> ranked = services::MatchProviders(request, pool);
      if (ranked.ok()) chosen = std::stoll(ranked->front().provider_id);
    }
    const Instant requested = h.requested_at;
    const Instant slot_start = AtMinute(slot.date, slot.start_min);
    auto add = [&](services::OrderChange change, Instant at) {
      if (at > c.end) return false;
      h.steps.push_back({std::move(change), at});
      return true;
    };
    if (!chosen) {
      if (slot.date <= c.as_of) {
        add(services::OrderChange::Cancel(std::string(kNobodyFree)),
            requested + std::chrono::minutes(UniformInt(rng, 60, 360)));
      }
      continue;
    }
    const bool cancel = rng.Bernoulli(kCancelled);
    if (cancel && rng.Bernoulli(0.5)) {
      add(services::OrderChange::Cancel(
              std::string(kCancelReasons[rng.Uniform(kCancelReasons.size())])),
          requested + std::chrono::minutes(UniformInt(rng, 20, 240)));
      continue;
    }
    // Some orders for the days after the end are still to be matched.
    if (slot.date > c.as_of && rng.Bernoulli(kStillRequested)) continue;
    const Instant assigned = requested + std::chrono::minutes(UniformInt(rng, 10, 180));
    if (!add(services::OrderChange::Assign(*chosen), assigned)) continue;
    o.provider = *chosen;
    held[*chosen][slot.date.days()].push_back(slot);
    if (cancel) {
      const Instant at = std::max(assigned + std::chrono::minutes(30),
                                  slot_start - std::chrono::minutes(UniformInt(rng, 60, 300)));
      if (add(services::OrderChange::Cancel(
                  std::string(kCancelReasons[rng.Uniform(kCancelReasons.size())])),
              at)) {
        std::vector<services::TimeSlot>& day = held[*chosen][slot.date.days()];
        day.pop_back();
        o.provider = 0;
      }
      continue;
    }
    const Instant started = slot_start + std::chrono::minutes(UniformInt(rng, 0, 8));
    const Instant finished =
        AtMinute(slot.date, slot.end_min) + std::chrono::minutes(UniformInt(rng, -3, 10));
    if (!add(services::OrderChange::Start(), started)) continue;
    if (!add(services::OrderChange::Finish(), finished)) continue;
    o.finished = true;
    if (rng.Bernoulli(kRated)) {
      add(services::OrderChange::Rate(static_cast<int>(rng.Weighted(kStarWeights)) + 1),
          finished + std::chrono::hours(UniformInt(rng, 2, 48)));
    }
  }
  return orders;
}

// The year of the time bank beyond the orders' earnings, which
// RecordHomeServiceHistory has posted: the monthly activities, gifts to
// elderly relatives, redemptions and one reversal.
Status WriteTimeBank(store::Writer& w, const Community& c, const Providers& providers,
                     const std::vector<PlannedOrder>& orders, const std::vector<int64_t>& ids,
                     core::Rng& rng, ActivityReport& report) {
  Balances balances;
  std::map<int64_t, core::Date> volunteer_since;  // resident -> registration
  for (const services::ProviderItem& v : providers.items) {
    if (v.provider.type != "volunteer") continue;
    volunteer_since[*v.provider.resident_id] = v.provider.registered_on;
  }
  // Caregiver orders done for each elder, oldest first: what hours may pay for.
  std::map<int64_t, std::vector<size_t>> caregiver_orders;
  for (size_t i = 0; i < orders.size(); ++i) {
    const PlannedOrder& o = orders[i];
    if (!o.finished || o.provider == 0) continue;
    const services::TimeSlot& slot = o.history.input.slot;
    if (providers.rows.at(o.provider)->type == "volunteer") {
      balances.Add(*providers.rows.at(o.provider)->resident_id, slot.date,
                   slot.end_min - slot.start_min);
      ++report.timebank_transactions;
    } else {
      caregiver_orders[o.resident->id].push_back(i);
    }
  }
  std::vector<services::TimeBankExchange> exchanges;
  // The monthly activities.
  std::optional<size_t> duplicate;  // an earn recorded twice, to be reversed
  for (core::Date m = MonthStart(c.first_day); m <= c.as_of; m = NextMonthStart(m)) {
    const core::Date day = SecondSaturday(m);
    if (day < c.first_day || day > c.as_of) continue;
    const Activity& a = kActivities[static_cast<size_t>(m.month() - 1)];
    for (const auto& [resident, since] : volunteer_since) {
      if (since > day || !rng.Bernoulli(kActivityTurnout)) continue;
      services::TimeBankExchange e;
      e.kind = services::TransactionKind::kEarn;
      e.resident_id = resident;
      e.minutes = a.minutes;
      e.date = day;
      e.reference = "community_activity:" + day.ToString() + ":" + std::to_string(resident);
      e.memo = std::string(a.name);
      balances.Add(resident, day, a.minutes);
      if (!duplicate && day.AddDays(3) <= c.as_of && rng.Bernoulli(0.2)) {
        // Signed in twice by mistake: the second earn is reversed three days later.
        services::TimeBankExchange twice = e;
        twice.reference += ":2";
        exchanges.push_back(e);
        duplicate = exchanges.size();
        exchanges.push_back(std::move(twice));
        services::TimeBankExchange reversal;
        reversal.kind = services::TransactionKind::kReversal;
        reversal.date = day.AddDays(3);
        reversal.memo = "活动签到重复登记，冲正";
        reversal.reverses_index = *duplicate;
        exchanges.push_back(std::move(reversal));
        continue;
      }
      exchanges.push_back(std::move(e));
    }
  }
  // Gifts: a younger volunteer gives hours to an elderly relative at home,
  // who may spend them on a caregiver's service.
  std::set<int64_t> receivers;
  for (const auto& [resident, since] : volunteer_since) {
    const Person* giver = c.Find(resident);
    if (giver == nullptr || giver->age >= services::kElderlyAge || !giver->household ||
        giver->relation == "other") {
      continue;
    }
    const Person* elder = nullptr;
    for (size_t k : c.by_household.at(*giver->household)) {
      const Person& q = c.people[k];
      if (q.id != giver->id && q.age >= services::kElderlyAge + 1 && q.relation != "other") {
        elder = &q;
        break;
      }
    }
    if (elder == nullptr || !rng.Bernoulli(kTransferShare)) continue;
    const core::Date day =
        UniformDate(rng, std::max({since, elder->since, c.first_day}).AddDays(30), c.as_of);
    if (day > c.as_of) continue;
    const int64_t minutes =
        std::min<int64_t>(balances.Spendable(resident, day), int64_t{30} * UniformInt(rng, 4, 12)) /
        30 * 30;
    if (minutes < 60) continue;
    services::TimeBankExchange e;
    e.kind = services::TransactionKind::kTransfer;
    e.resident_id = resident;
    e.to_resident_id = elder->id;
    e.minutes = minutes;
    e.date = day;
    e.memo = "转赠家中老人兑换居家服务";
    balances.Add(resident, day, -minutes);
    balances.Add(elder->id, day, minutes);
    receivers.insert(elder->id);
    exchanges.push_back(std::move(e));
  }
  // Redemptions: the receivers pay caregivers' services with the hours, the
  // elderly volunteers exchange some for goods at the time bank's counter.
  for (int64_t resident : receivers) {
    auto it = caregiver_orders.find(resident);
    if (it == caregiver_orders.end()) continue;
    for (size_t i : it->second) {
      const services::TimeSlot& slot = orders[i].history.input.slot;
      const int64_t minutes = slot.end_min - slot.start_min;
      if (balances.Spendable(resident, slot.date) < minutes) continue;
      services::TimeBankExchange e;
      e.kind = services::TransactionKind::kRedeem;
      e.resident_id = resident;
      e.minutes = minutes;
      e.date = slot.date;
      e.reference = "home_service_order:" + std::to_string(ids[i]);
      e.memo = "以时间抵扣上门服务";
      balances.Add(resident, slot.date, -minutes);
      exchanges.push_back(std::move(e));
    }
  }
  for (const auto& [resident, since] : volunteer_since) {
    const Person* p = c.Find(resident);
    if (p == nullptr || p->age < services::kElderlyAge + 1 || !rng.Bernoulli(kGoodsExchange)) {
      continue;
    }
    const core::Date day = UniformDate(rng, std::max(since, c.first_day).AddDays(60), c.as_of);
    if (day > c.as_of) continue;
    const int64_t minutes =
        std::min<int64_t>(balances.Spendable(resident, day), int64_t{30} * UniformInt(rng, 2, 6)) /
        30 * 30;
    if (minutes < 60) continue;
    services::TimeBankExchange e;
    e.kind = services::TransactionKind::kRedeem;
    e.resident_id = resident;
    e.minutes = minutes;
    e.date = day;
    e.reference = "goods_exchange:" + day.ToString() + ":" + std::to_string(resident);
    e.memo = "时间银行兑换点兑换米面油";
    balances.Add(resident, day, -minutes);
    exchanges.push_back(std::move(e));
  }
  // In date order, credits of a day before its debits; a reversal keeps
  // pointing at its original.
  std::vector<size_t> order(exchanges.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto rank = [](services::TransactionKind k) {
    switch (k) {
      case services::TransactionKind::kEarn:
        return 0;
      case services::TransactionKind::kTransfer:
        return 1;
      case services::TransactionKind::kRedeem:
        return 2;
      case services::TransactionKind::kReversal:
        return 3;
    }
    return 4;
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const services::TimeBankExchange& x = exchanges[a];
    const services::TimeBankExchange& y = exchanges[b];
    return x.date < y.date || (x.date == y.date && rank(x.kind) < rank(y.kind));
  });
  std::vector<size_t> position(exchanges.size());
  for (size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  std::vector<services::TimeBankExchange> sorted;
  sorted.reserve(exchanges.size());
  for (size_t i : order) {
    sorted.push_back(exchanges[i]);
    if (sorted.back().kind == services::TransactionKind::kReversal) {
      sorted.back().reverses_index = position[sorted.back().reverses_index];
    }
  }
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::TimeBankTransactionRow> posted,
                         services::RecordTimeBankExchanges(w, c.code, sorted, /*synthetic=*/true,
                                                           c.code, c.actor, c.now));
  report.timebank_transactions += static_cast<int64_t>(posted.size());
  return OkStatus();
}

}  // namespace

Status WriteHomeServices(store::Writer& w, const Community& c, const EnrolmentPlan& plan,
                         core::Rng& rng, ActivityReport& report) {
  // A time bank that holds real transactions is left alone: synthetic ones
  // beside them could never be removed (store::DeleteSyntheticCareUnder).
  ALLEY_ASSIGN_OR_RETURN(int64_t real_transactions, store::LastTimeBankNumber(w, c.code));
  const bool with_volunteers = real_transactions == 0;
  Providers providers;
  ALLEY_ASSIGN_OR_RETURN(providers.items,
                         services::RegisterProviders(w, services::ProviderType::kCaregiver,
                                                     Caregivers(c, rng), c.code, c.actor, c.now));
  report.caregivers = static_cast<int64_t>(providers.items.size());
  if (with_volunteers) {
    ALLEY_ASSIGN_OR_RETURN(std::vector<services::ProviderItem> volunteers,
                           services::RegisterProviders(w, services::ProviderType::kVolunteer,
                                                       Volunteers(c, rng), c.code, c.actor, c.now));
    report.volunteers = static_cast<int64_t>(volunteers.size());
    providers.items.insert(providers.items.end(), volunteers.begin(), volunteers.end());
  }
  if (providers.items.empty()) return OkStatus();
  for (const services::ProviderItem& item : providers.items) {
    providers.pure.push_back(PureProvider(item.provider));
    providers.rows[item.provider.id] = &item.provider;
  }
  const std::vector<PlannedOrder> orders = PlanOrders(c, plan, providers, rng);
  std::vector<services::OrderHistory> histories;
  histories.reserve(orders.size());
  for (const PlannedOrder& o : orders) histories.push_back(o.history);
  ALLEY_ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                         services::RecordHomeServiceHistory(w, histories, c.code, c.actor, c.now));
  report.home_service_orders = static_cast<int64_t>(ids.size());
  if (report.volunteers == 0) return OkStatus();
  return WriteTimeBank(w, c, providers, orders, ids, rng, report);
}

}  // namespace alley::demo::internal

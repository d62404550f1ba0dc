#include "indicators/elements.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "core/date.h"
#include "registry/vocabulary.h"
#include "services/canteen_service.h"
#include "services/concerns.h"
#include "services/visits.h"
#include "services/visits_service.h"
#include "store/care_store.h"
#include "store/childcare_store.h"
#include "store/elderly_care_store.h"
#include "store/timebank_store.h"

namespace alley::indicators {
namespace {

using store::IndicatorElementRow;
using store::IndicatorRow;
using store::IndicatorRuleRow;

// What a derived element counts.
enum class Derivation {
  kResidents,
  kMale,
  kFemale,
  kAgeAtLeast,  // residents aged `min_age` or more
  kAgeBetween,  // residents aged min_age..max_age
  kLivingAlone60,
  kPlatformWorkers,
  kHouseholds,
  kFacilityCapacity,  // the capacity of the open facilities of `facility_type`
  kFacilities,        // how many of them are open
  kConcernsReceived,
  kConcernsRespondedOnTime,
  kConcernsResolvedOnTime,
  kConcernsRated,
  kConcernsSatisfied,
  kVisitsMade,       // visits that count (every outcome but not_at_home) dated in the range
  kVisitsDue,        // people on the visits schedule on the last day
  kVisitsOnTime,     // of them, not overdue on the last day
  kCanteenMeals,     // meals served by the senior canteens in the range
  kCanteenRevenue,   // yuan, services/canteen.h's revenue
  kCanteenSubsidy,   // yuan, per-meal and lump-sum subsidies
  kCanteenCost,      // yuan, variable and fixed costs
  kNurseryEnrolled,  // children enrolled in the nurseries' classes on the last day
  kTimeBankHours,    // hours earned in the time banks (earn transactions, less reversed ones)
  kHomeServiceDone,  // home-service orders done (or done and rated) with a service date in the
                     // range
};

struct DerivedElement {
  std::string_view code;
  std::string_view name;
  std::string_view measure;
  std::string_view aggregation;  // across periods: stocks "last", flows "sum"
  Derivation derivation;
  int min_age = 0;
  int max_age = 0;
  std::string_view facility_type;
  std::string_view description;
};

constexpr std::array<DerivedElement, 31> kDerived = {{
    {"residents", "常住人口", "person", "last", Derivation::kResidents, 0, 0, "",
     "active residents of the ledger on the period's last day"},
    {"residents_male", "男性常住人口", "person", "last", Derivation::kMale, 0, 0, "", ""},
    {"residents_female", "女性常住人口", "person", "last", Derivation::kFemale, 0, 0, "", ""},
    {"children_0_2", "3岁以下婴幼儿", "person", "last", Derivation::kAgeBetween, 0, 2, "",
     "residents under 3 on the period's last day"},
    {"children_3_5", "3至5岁儿童", "person", "last", Derivation::kAgeBetween, 3, 5, "", ""},
    {"children_0_14", "0至14岁人口", "person", "last", Derivation::kAgeBetween, 0, 14, "", ""},
    {"residents_15_59", "15至59岁人口", "person", "last", Derivation::kAgeBetween, 15, 59, "", ""},
    {"residents_60_plus", "60岁及以上人口", "person", "last", Derivation::kAgeAtLeast, 60, 0, "",
     ""},
    {"residents_65_plus", "65岁及以上人口", "person", "last", Derivation::kAgeAtLeast, 65, 0, "",
     ""},
    {"residents_80_plus", "80岁及以上人口", "person", "last", Derivation::kAgeAtLeast, 80, 0, "",
     ""},
    {"living_alone_60_plus", "60岁及以上独居老人", "person", "last", Derivation::kLivingAlone60, 0,
     0, "", "residents aged 60 or more tagged living_alone"},
    {"platform_workers", "新就业形态劳动者", "person", "last", Derivation::kPlatformWorkers, 0, 0,
     "", "delivery riders, ride-hailing drivers, e-commerce and other platform workers"},
    {"households", "户数", "household", "last", Derivation::kHouseholds, 0, 0, "",
     "households with an active member on the period's last day"},
    {"nursery_places", "托育机构托位数", "place", "last", Derivation::kFacilityCapacity, 0, 0,
     "nursery", "the capacity of the open nurseries (托育机构)"},
    {"kindergarten_places", "幼儿园学位数", "place", "last", Derivation::kFacilityCapacity, 0, 0,
     "kindergarten", ""},
    {"senior_canteens", "老年助餐点数", "facility", "last", Derivation::kFacilities, 0, 0,
     "senior_canteen", "open senior canteens"},
    {"concerns_received", "受理诉求数", "concern", "sum", Derivation::kConcernsReceived, 0, 0, "",
     "concerns received in the period (services/concern_rates.h)"},
    {"concerns_responded_on_time", "按时响应诉求数", "concern", "sum",
     Derivation::kConcernsRespondedOnTime, 0, 0, "",
     "of those received, first responded by the deadline"},
    {"concerns_resolved_on_time", "按时办结诉求数", "concern", "sum",
     Derivation::kConcernsResolvedOnTime, 0, 0, "", "of those received, resolved by the deadline"},
    {"concerns_rated", "已评价诉求数", "concern", "sum", Derivation::kConcernsRated, 0, 0, "",
     "of those resolved, rated by the resident"},
    {"concerns_satisfied", "满意及基本满意诉求数", "concern", "sum", Derivation::kConcernsSatisfied,
     0, 0, "", "rated satisfied or basically satisfied"},
    {"visits_made", "探访关爱次数", "visit", "sum", Derivation::kVisitsMade, 0, 0, "",
     "visits to elderly people living alone in the period that reached them (not not_at_home)"},
    {"visits_due", "探访关爱对象数", "person", "last", Derivation::kVisitsDue, 0, 0, "",
     "people on the visits schedule (services/visits_service.h) on the period's last day "
     "(today while the period is not over)"},
    {"visits_on_time", "按时探访对象数", "person", "last", Derivation::kVisitsOnTime, 0, 0, "",
     "of those on the schedule, not overdue for a visit on that day"},
    {"canteen_meals", "老年助餐点供餐数", "meal", "sum", Derivation::kCanteenMeals, 0, 0, "",
     "meals served by the senior canteens in the period"},
    {"canteen_revenue", "老年助餐点餐费收入", "yuan", "sum", Derivation::kCanteenRevenue, 0, 0, "",
     "what diners paid (services/canteen.h)"},
    {"canteen_subsidy", "老年助餐点补贴", "yuan", "sum", Derivation::kCanteenSubsidy, 0, 0, "",
     "per-meal and lump-sum subsidies"},
    {"canteen_cost", "老年助餐点成本", "yuan", "sum", Derivation::kCanteenCost, 0, 0, "",
     "food per meal and the fixed costs of the period"},
    {"nursery_enrolled", "托育机构在托人数", "person", "last", Derivation::kNurseryEnrolled, 0, 0,
     "", "children enrolled in the nurseries' classes on the period's last day"},
    {"timebank_hours_earned", "时间银行存入时长", "hour", "sum", Derivation::kTimeBankHours, 0, 0,
     "", "hours volunteers earned in the community time banks (reversed ones excluded)"},
    {"home_service_orders_done", "居家服务完成订单数", "order", "sum", Derivation::kHomeServiceDone,
     0, 0, "", "home-service orders done or rated with a service date in the period"},
}};

const DerivedElement* FindDerived(std::string_view code) {
  for (const DerivedElement& d : kDerived) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

std::vector<IndicatorElementRow> MakeElements() {
  std::vector<IndicatorElementRow> rows;
  rows.reserve(kDerived.size() + 1);
  for (const DerivedElement& d : kDerived) {
    IndicatorElementRow e;
    e.code = d.code;
    e.name = d.name;
    e.measure = d.measure;
    e.aggregation = d.aggregation;
    e.source = "derived";
    e.description = d.description;
    e.builtin = true;
    rows.push_back(std::move(e));
  }
  IndicatorElementRow floor;
  floor.code = "elderly_care_floor_m2";
  floor.name = "社区养老服务设施建筑面积";
  floor.measure = "m2";
  floor.aggregation = "last";
  floor.source = "entered";
  floor.description = "floor space of the community's elderly-care facilities, square metres";
  floor.entered_by = "community office";
  floor.builtin = true;
  rows.push_back(std::move(floor));
  std::sort(
      rows.begin(), rows.end(),
      [](const IndicatorElementRow& a, const IndicatorElementRow& b) { return a.code < b.code; });
  return rows;
}

IndicatorRow Indicator(std::string code, std::string name, std::string formula, std::string measure,
                       std::string target_op = "", std::optional<double> target = std::nullopt,
                       std::string target_source = "") {
  IndicatorRow i;
  i.code = std::move(code);
  i.name = std::move(name);
  i.formula = std::move(formula);
  i.measure = std::move(measure);
  i.target_op = std::move(target_op);
  i.target = target;
  i.target_source = std::move(target_source);
  i.builtin = true;
  return i;
}

std::vector<IndicatorRow> MakeIndicators() {
  std::vector<IndicatorRow> rows = {
      Indicator("nursery_places_per_1000", "每千人口拥有3岁以下婴幼儿托位数",
                "nursery_places / residents * 1000", "place per 1,000 residents", ">=", 4.5,
                "14th Five-Year Plan (2021-2025) target for 2025: 4.5 places per 1,000 people"),
      Indicator("elderly_share_60", "60岁及以上人口占比", "residents_60_plus / residents * 100",
                "%"),
      Indicator("elderly_share_65", "65岁及以上人口占比", "residents_65_plus / residents * 100",
                "%"),
      Indicator("old_age_dependency", "老年抚养比",
                "residents_65_plus / (residents - children_0_14 - residents_65_plus) * 100", "%"),
      Indicator("elderly_care_floor_per_100_households", "每百户养老服务设施建筑面积",
                "elderly_care_floor_m2 / households * 100", "m2 per 100 households", ">=", 20,
                "State Council 2013 No. 35: new residential areas provide elderly-care "
                "facilities of at least 20 m2 per 100 households"),
      Indicator("concern_response_rate", "诉求响应率",
                "concerns_responded_on_time / concerns_received * 100", "%"),
      Indicator("concern_resolution_rate", "诉求解决率",
                "concerns_resolved_on_time / concerns_received * 100", "%"),
      Indicator("concern_satisfaction_rate", "诉求满意率",
                "concerns_satisfied / concerns_rated * 100", "%"),
      Indicator("visits_on_time_rate", "独居老人按时探访率", "visits_on_time / visits_due * 100",
                "%", ">=", 100, "every person on the schedule visited by the due date"),
      Indicator("canteen_cost_recovery", "老年助餐点成本覆盖率",
                "(canteen_revenue + canteen_subsidy) / canteen_cost * 100", "%", ">=", 100,
                "a canteen is sustainable when revenue and subsidies cover its costs"),
      Indicator("nursery_occupancy", "托位使用率", "nursery_enrolled / nursery_places * 100", "%"),
      Indicator("residents_growth_pct", "常住人口同比增长",
                "(residents / last_year(residents) - 1) * 100", "%"),
  };
  std::sort(rows.begin(), rows.end(),
            [](const IndicatorRow& a, const IndicatorRow& b) { return a.code < b.code; });
  return rows;
}

IndicatorRuleRow Rule(std::string code, std::string name, std::string condition) {
  IndicatorRuleRow r;
  r.code = std::move(code);
  r.name = std::move(name);
  r.condition = std::move(condition);
  r.builtin = true;
  return r;
}

std::vector<IndicatorRuleRow> MakeRules() {
  std::vector<IndicatorRuleRow> rows = {
      Rule("children_within_residents", "3岁以下婴幼儿不超过常住人口", "children_0_2 <= residents"),
      Rule("elderly_within_residents", "60岁及以上人口不超过常住人口",
           "residents_60_plus <= residents"),
      Rule("oldest_within_elderly", "80岁及以上人口不超过60岁及以上人口",
           "residents_80_plus <= residents_60_plus"),
      Rule("resolved_within_received", "按时办结数不超过受理数",
           "concerns_resolved_on_time <= concerns_received"),
  };
  std::sort(rows.begin(), rows.end(),
            [](const IndicatorRuleRow& a, const IndicatorRuleRow& b) { return a.code < b.code; });
  return rows;
}

// Adds `value` to `element` at `unit`.
class Tally {
 public:
  void Add(std::string_view element, std::string_view unit, double value) {
    cells_[{std::string(element), std::string(unit)}] += value;
  }
  void Ensure(std::string_view element, std::string_view unit) {
    cells_.try_emplace({std::string(element), std::string(unit)}, 0.0);
  }
  std::vector<DerivedValue> Take() {
    std::vector<DerivedValue> out;
    out.reserve(cells_.size());
    for (auto& [key, value] : cells_) out.push_back({key.first, key.second, value});
    return out;
  }

 private:
  std::map<std::pair<std::string, std::string>, double> cells_;
};

// The 12-digit community a ledger unit (compound, grid, community) lies in.
std::string_view CommunityOf(std::string_view unit_code) {
  return unit_code.size() >= 12 ? unit_code.substr(0, 12) : unit_code;
}

Status DeriveResidents(store::Store& store, std::string_view scope_code,
                       std::span<const DerivedElement* const> asked, core::Date on, Tally& tally,
                       std::set<std::string>& ledgers) {
  const uint32_t alone = registry::TagBit(registry::ResidentTag::kLivingAlone);
  // A household counts once, at the unit of the first member seen.
  std::set<int64_t> households;
  store::ResidentFilter filter;
  filter.subtree_code = std::string(scope_code);
  filter.as_of = on;
  filter.decrypt = false;
  return store.Read([&](store::Reader& r) {
    return r.ScanResidentFacts(filter, [&](const store::ResidentFacts& f) -> Status {
      ledgers.emplace(CommunityOf(f.unit_code));
      std::optional<int> age;
      if (StatusOr<core::Date> birth = core::Date::Parse(f.birth_date); birth.ok()) {
        age = core::AgeOn(*birth, on);
      }
      for (const DerivedElement* d : asked) {
        bool counts = false;
        switch (d->derivation) {
          case Derivation::kResidents:
            counts = true;
            break;
          case Derivation::kMale:
            counts = f.sex == "male";
            break;
          case Derivation::kFemale:
            counts = f.sex == "female";
            break;
          case Derivation::kAgeAtLeast:
            counts = age && *age >= d->min_age;
            break;
          case Derivation::kAgeBetween:
            counts = age && *age >= d->min_age && *age <= d->max_age;
            break;
          case Derivation::kLivingAlone60:
            counts = age && *age >= 60 && (f.tags & alone) != 0;
            break;
          case Derivation::kPlatformWorkers: {
            std::optional<registry::EmploymentForm> form =
                registry::ParseEmploymentForm(f.employment);
            counts = form && registry::IsPlatformWork(*form);
            break;
          }
          case Derivation::kHouseholds:
            counts = f.household_id && households.insert(*f.household_id).second;
            break;
          default:
            break;
        }
        if (counts) tally.Add(d->code, f.unit_code, 1);
      }
      return OkStatus();
    });
  });
}

Status DeriveFacilities(store::Store& store, std::string_view scope_code,
                        std::span<const DerivedElement* const> asked, core::Date on, Tally& tally) {
  return store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::FacilityRow> facilities,
                           r.ListFacilities(scope_code));
    for (const store::FacilityRow& f : facilities) {
      if (f.closed_on && *f.closed_on <= on) continue;
      for (const DerivedElement* d : asked) {
        if (d->facility_type != f.type) continue;
        if (d->derivation == Derivation::kFacilityCapacity) {
          tally.Add(d->code, f.unit_code, f.capacity);
        } else if (d->derivation == Derivation::kFacilities) {
          tally.Add(d->code, f.unit_code, 1);
        }
      }
    }
    return OkStatus();
  });
}

Status DeriveConcerns(store::Store& store, const core::Hierarchy& hierarchy,
                      std::string_view scope_code, std::span<const DerivedElement* const> asked,
                      DayRange days, services::Instant as_of, Tally& tally) {
  const services::ReportPeriod period{days.first, days.last};
  ALLEY_ASSIGN_OR_RETURN(
      services::ConcernFacts facts,
      services::LoadConcernFacts(store, hierarchy, scope_code, services::PeriodStart(period),
                                 services::PeriodEnd(period)));
  // One partition per unit, so that each unit's counts come from the
  // definitions' own code (ComputeConcernRates) in O(rows) over all units.
  std::map<int32_t, services::ConcernFacts> by_unit;
  for (size_t i = 0; i < facts.size(); ++i) {
    services::ConcernFacts& part = by_unit[facts.unit[i].value];
    part.unit.push_back(facts.unit[i]);
    part.received_at.push_back(facts.received_at[i]);
    part.responded_at.push_back(facts.responded_at[i]);
    part.resolved_at.push_back(facts.resolved_at[i]);
    part.response_deadline.push_back(facts.response_deadline[i]);
    part.resolution_deadline.push_back(facts.resolution_deadline[i]);
    part.rating.push_back(facts.rating[i]);
  }
  for (const auto& [index, part] : by_unit) {
    const core::UnitIndex unit{index};
    ALLEY_ASSIGN_OR_RETURN(services::ConcernRates rates,
                           services::ComputeConcernRates(part, hierarchy, unit, period, as_of));
    const services::ConcernCounts& c = rates.counts;
    const std::string_view code = hierarchy.Code(unit);
    for (const DerivedElement* d : asked) {
      std::optional<int64_t> n;
      switch (d->derivation) {
        case Derivation::kConcernsReceived:
          n = c.received;
          break;
        case Derivation::kConcernsRespondedOnTime:
          n = c.responded_on_time;
          break;
        case Derivation::kConcernsResolvedOnTime:
          n = c.resolved_on_time;
          break;
        case Derivation::kConcernsRated:
          n = c.rated;
          break;
        case Derivation::kConcernsSatisfied:
          n = c.satisfied + c.basically_satisfied;
          break;
        default:
          break;
      }
      if (n) tally.Add(d->code, code, static_cast<double>(*n));
    }
  }
  return OkStatus();
}

bool Asks(std::span<const DerivedElement* const> asked, Derivation first, Derivation last) {
  return std::any_of(asked.begin(), asked.end(), [&](const DerivedElement* d) {
    return d->derivation >= first && d->derivation <= last;
  });
}

void AddTo(std::span<const DerivedElement* const> asked, Derivation which, std::string_view unit,
           double value, Tally& tally) {
  for (const DerivedElement* d : asked) {
    if (d->derivation == which) tally.Add(d->code, unit, value);
  }
}

// Visits made in the range, and the schedule on its last day.
Status DeriveVisits(store::Store& store, std::string_view scope_code,
                    std::span<const DerivedElement* const> asked, DayRange days,
                    services::Instant as_of, Tally& tally) {
  if (Asks(asked, Derivation::kVisitsMade, Derivation::kVisitsMade)) {
    ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
      store::VisitQuery q;
      q.subtree_code = std::string(scope_code);
      q.from = days.first;
      q.to = days.last;
      q.limit = 5000;
      for (q.offset = 0;; q.offset += q.limit) {
        ALLEY_ASSIGN_OR_RETURN(store::VisitPage page, store::ListVisits(r, q));
        for (const store::VisitRow& v : page.items) {
          std::optional<services::VisitOutcome> outcome = services::ParseVisitOutcome(v.outcome);
          if (!outcome) {
            return DataLossError("visit " + std::to_string(v.id) + " has outcome " + v.outcome);
          }
          if (services::ResetsSchedule(*outcome)) {
            AddTo(asked, Derivation::kVisitsMade, v.unit_code, 1, tally);
          }
        }
        if (q.offset + q.limit >= page.total) break;
      }
      return OkStatus();
    }));
  }
  if (Asks(asked, Derivation::kVisitsDue, Derivation::kVisitsOnTime)) {
    // A period not over yet is counted as things stand today: on a later day
    // everyone would be overdue for visits nobody could have made yet.
    const core::Date today = core::Date::FromDays(
        std::chrono::floor<std::chrono::days>(as_of).time_since_epoch().count());
    ALLEY_ASSIGN_OR_RETURN(std::vector<services::ScheduledPerson> people,
                           services::VisitScheduleOn(store, scope_code, std::min(days.last, today),
                                                     services::VisitPolicy{}));
    for (const services::ScheduledPerson& p : people) {
      AddTo(asked, Derivation::kVisitsDue, p.unit_code, 1, tally);
      if (!p.due.overdue) AddTo(asked, Derivation::kVisitsOnTime, p.unit_code, 1, tally);
    }
  }
  return OkStatus();
}

// The senior canteens' finances over the range (services/canteen_service.h),
// at each canteen's unit, in yuan.
Status DeriveCanteens(store::Store& store, std::string_view scope_code,
                      std::span<const DerivedElement* const> asked, DayRange days, Tally& tally) {
  std::vector<store::FacilityRow> canteens;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::FacilityRow> facilities,
                           r.ListFacilities(scope_code));
    for (store::FacilityRow& f : facilities) {
      if (f.type != "senior_canteen" || (f.closed_on && *f.closed_on <= days.first)) continue;
      canteens.push_back(std::move(f));
    }
    return OkStatus();
  }));
  for (const store::FacilityRow& f : canteens) {
    StatusOr<services::CanteenFinances> finances =
        services::CanteenFinancesFor(store, f.id, days.first, days.last, scope_code);
    if (!finances.ok()) {
      return Status(finances.status().code(), "canteen " + std::to_string(f.id) + ": " +
                                                  std::string(finances.status().message()));
    }
    const services::CanteenReport& c = finances->report;
    AddTo(asked, Derivation::kCanteenMeals, f.unit_code, static_cast<double>(c.meals), tally);
    AddTo(asked, Derivation::kCanteenRevenue, f.unit_code, static_cast<double>(c.revenue) / 100,
          tally);
    AddTo(asked, Derivation::kCanteenSubsidy, f.unit_code, static_cast<double>(c.subsidy) / 100,
          tally);
    AddTo(asked, Derivation::kCanteenCost, f.unit_code, static_cast<double>(c.cost) / 100, tally);
  }
  return OkStatus();
}

// Children enrolled on the last day, at their nursery's unit.
Status DeriveNurseryEnrolled(store::Store& store, std::string_view scope_code,
                             std::span<const DerivedElement* const> asked, core::Date on,
                             Tally& tally) {
  return store.Read([&](store::Reader& r) -> Status {
    store::NurseryClassQuery where;
    where.subtree_code = std::string(scope_code);
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryClassRow> classes,
                           store::ListNurseryClasses(r, where));
    std::map<int64_t, std::string> unit_of;
    for (const store::NurseryClassRow& c : classes) unit_of[c.id] = c.unit_code;
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryRosterRow> roster,
                           store::NurseryEnrolledOn(r, where, on));
    for (const store::NurseryRosterRow& child : roster) {
      auto it = unit_of.find(child.class_id);
      if (it == unit_of.end()) continue;
      AddTo(asked, Derivation::kNurseryEnrolled, it->second, 1, tally);
    }
    return OkStatus();
  });
}

// Hours earned in the time banks and home-service orders done, in the range.
Status DeriveCommunityServices(store::Store& store, std::string_view scope_code,
                               std::span<const DerivedElement* const> asked, DayRange days,
                               Tally& tally) {
  return store.Read([&](store::Reader& r) -> Status {
    if (Asks(asked, Derivation::kTimeBankHours, Derivation::kTimeBankHours)) {
      ALLEY_ASSIGN_OR_RETURN(std::vector<store::TimeBankRow> banks,
                             store::TimeBanksIn(r, scope_code));
      for (const store::TimeBankRow& bank : banks) {
        ALLEY_ASSIGN_OR_RETURN(std::vector<store::TimeBankTransactionRow> history,
                               store::TimeBankTransactions(r, bank.community_code));
        std::set<int64_t> reversed;
        for (const store::TimeBankTransactionRow& t : history) {
          if (t.kind == "reversal") reversed.insert(t.reverses);
        }
        int64_t minutes = 0;
        for (const store::TimeBankTransactionRow& t : history) {
          if (t.kind != "earn" || reversed.contains(t.number) || t.date < days.first ||
              days.last < t.date) {
            continue;
          }
          for (const store::TimeBankPostingRow& p : t.postings) {
            if (p.minutes > 0) minutes += p.minutes;
          }
        }
        AddTo(asked, Derivation::kTimeBankHours, bank.community_code,
              static_cast<double>(minutes) / 60, tally);
      }
    }
    if (Asks(asked, Derivation::kHomeServiceDone, Derivation::kHomeServiceDone)) {
      for (const char* state : {"done", "rated"}) {
        store::HomeServiceOrderQuery q;
        q.subtree_code = std::string(scope_code);
        q.state = state;
        q.from = days.first;
        q.to = days.last;
        q.limit = 5000;
        for (q.offset = 0;; q.offset += q.limit) {
          ALLEY_ASSIGN_OR_RETURN(store::HomeServiceOrderPage page,
                                 store::ListHomeServiceOrders(r, q));
          for (const store::HomeServiceOrderRow& o : page.items) {
            AddTo(asked, Derivation::kHomeServiceDone, o.unit_code, 1, tally);
          }
          if (q.offset + q.limit >= page.total) break;
        }
      }
    }
    return OkStatus();
  });
}

}  // namespace

std::span<const IndicatorElementRow> BuiltinElements() {
  static const std::vector<IndicatorElementRow> kRows = MakeElements();
  return kRows;
}

std::span<const IndicatorRow> BuiltinIndicators() {
  static const std::vector<IndicatorRow> kRows = MakeIndicators();
  return kRows;
}

std::span<const IndicatorRuleRow> BuiltinRules() {
  static const std::vector<IndicatorRuleRow> kRows = MakeRules();
  return kRows;
}

StatusOr<int> SeedCatalogue(store::Writer& w) {
  int added = 0;
  std::set<std::string> have;
  ALLEY_ASSIGN_OR_RETURN(std::vector<IndicatorElementRow> elements,
                         store::ListIndicatorElements(w));
  for (const IndicatorElementRow& e : elements) have.insert(e.code);
  for (const IndicatorElementRow& e : BuiltinElements()) {
    if (have.contains(e.code)) continue;
    ALLEY_RETURN_IF_ERROR(store::PutIndicatorElement(w, e));
    ++added;
  }
  have.clear();
  ALLEY_ASSIGN_OR_RETURN(std::vector<IndicatorRow> indicators, store::ListIndicators(w));
  for (const IndicatorRow& i : indicators) have.insert(i.code);
  for (const IndicatorRow& i : BuiltinIndicators()) {
    if (have.contains(i.code)) continue;
    ALLEY_RETURN_IF_ERROR(store::PutIndicator(w, i));
    ++added;
  }
  have.clear();
  ALLEY_ASSIGN_OR_RETURN(std::vector<IndicatorRuleRow> rules, store::ListIndicatorRules(w));
  for (const IndicatorRuleRow& r : rules) have.insert(r.code);
  for (const IndicatorRuleRow& r : BuiltinRules()) {
    if (have.contains(r.code)) continue;
    ALLEY_RETURN_IF_ERROR(store::PutIndicatorRule(w, r));
    ++added;
  }
  return added;
}

bool IsDerivable(std::string_view code) { return FindDerived(code) != nullptr; }

StatusOr<std::vector<DerivedValue>> DeriveLedgerElements(store::Store& store,
                                                         const core::Hierarchy& hierarchy,
                                                         std::string_view scope_code,
                                                         std::span<const std::string> elements,
                                                         DayRange days, services::Instant as_of) {
  std::vector<const DerivedElement*> asked;
  if (elements.empty()) {
    asked.reserve(kDerived.size());
    for (const DerivedElement& d : kDerived) asked.push_back(&d);
  } else {
    asked.reserve(elements.size());
    for (const std::string& code : elements) {
      const DerivedElement* d = FindDerived(code);
      if (d == nullptr) {
        return InvalidArgumentError("data element " + code + " is entered, not derived");
      }
      asked.push_back(d);
    }
  }
  if (days.last < days.first) {
    return InvalidArgumentError("days: last " + days.last.ToString() + " is before first " +
                                days.first.ToString());
  }
  Tally tally;
  std::set<std::string> ledgers;
  ALLEY_RETURN_IF_ERROR(DeriveResidents(store, scope_code, asked, days.last, tally, ledgers));
  ALLEY_RETURN_IF_ERROR(DeriveFacilities(store, scope_code, asked, days.last, tally));
  if (Asks(asked, Derivation::kConcernsReceived, Derivation::kConcernsSatisfied)) {
    ALLEY_RETURN_IF_ERROR(DeriveConcerns(store, hierarchy, scope_code, asked, days, as_of, tally));
  }
  if (Asks(asked, Derivation::kVisitsMade, Derivation::kVisitsOnTime)) {
    ALLEY_RETURN_IF_ERROR(DeriveVisits(store, scope_code, asked, days, as_of, tally));
  }
  if (Asks(asked, Derivation::kCanteenMeals, Derivation::kCanteenCost)) {
    ALLEY_RETURN_IF_ERROR(DeriveCanteens(store, scope_code, asked, days, tally));
  }
  if (Asks(asked, Derivation::kNurseryEnrolled, Derivation::kNurseryEnrolled)) {
    ALLEY_RETURN_IF_ERROR(DeriveNurseryEnrolled(store, scope_code, asked, days.last, tally));
  }
  if (Asks(asked, Derivation::kTimeBankHours, Derivation::kHomeServiceDone)) {
    ALLEY_RETURN_IF_ERROR(DeriveCommunityServices(store, scope_code, asked, days, tally));
  }
  for (const std::string& community : ledgers) {
    std::optional<core::UnitIndex> c = hierarchy.Find(community);
    if (!c) {
      for (const DerivedElement* d : asked) tally.Ensure(d->code, community);
      continue;
    }
    for (core::UnitIndex u = *c; u < hierarchy.SubtreeEnd(*c); ++u) {
      for (const DerivedElement* d : asked) tally.Ensure(d->code, hierarchy.Code(u));
    }
  }
  return tally.Take();
}

}  // namespace alley::indicators

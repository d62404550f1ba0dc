#include "services/elderly_care_json.h"

#include <string>

namespace alley::services {

namespace {

using nlohmann::json;

json Yuan(Fen amount) { return YuanOf(amount); }

template <typename T>
json OrNull(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json DateOrNull(const std::optional<core::Date>& d) {
  return d ? json(d->ToString()) : json(nullptr);
}

json FenMap(const std::map<std::string, Fen>& m) {
  json out = json::object();
  for (const auto& [k, v] : m) out[k] = Yuan(v);
  return out;
}

}  // namespace

json DinerGroupJson(const store::CanteenGroupRow& g) {
  json subsidies = json::array();
  for (const store::CanteenGroupSubsidyRow& s : g.subsidies) {
    subsidies.push_back({{"payer", s.payer}, {"per_meal", Yuan(s.per_meal_fen)}});
  }
  return {{"id", g.group_key},
          {"name", g.name},
          {"eligible_elderly", g.eligible_elderly},
          {"price", Yuan(g.price_fen)},
          {"subsidies", subsidies},
          {"valid_from", g.valid_from.ToString()},
          {"synthetic", g.synthetic}};
}

json CanteenFinancesJson(const CanteenFinances& f) {
  const CanteenReport& r = f.report;
  const CanteenCosts& c = f.period.costs;
  json groups = json::array();
  for (const store::CanteenGroupRow& g : f.groups) groups.push_back(DinerGroupJson(g));
  json changed = json::array();
  for (const SettingChange& s : f.settings_changed) {
    changed.push_back({{"date", s.date.ToString()}, {"what", s.what}});
  }
  json meals_per_day = nullptr;
  if (r.days > 0) meals_per_day = static_cast<double>(r.meals) / static_cast<double>(r.days);
  return {
      {"facility",
       {{"id", f.facility.id}, {"name", f.facility.name}, {"unit", f.facility.unit_code}}},
      {"from", r.from.ToString()},
      {"to", r.to.ToString()},
      {"currency", "CNY"},
      {"money_unit", "yuan"},
      {"meals", r.meals},
      {"days", r.days},
      {"meals_per_day", meals_per_day},
      {"elderly_meals", r.elderly_meals},
      {"meals_by_group", r.meals_by_group},
      {"revenue", Yuan(r.revenue)},
      {"subsidy", Yuan(r.subsidy)},
      {"subsidy_by_payer", FenMap(r.subsidy_by_payer)},
      {"variable_cost", Yuan(r.variable_cost)},
      {"fixed_cost", Yuan(r.fixed_cost)},
      {"cost", Yuan(r.cost)},
      {"costs",
       {{"food_per_meal", Yuan(c.food_per_meal)},
        {"staff", Yuan(c.staff)},
        {"rent", Yuan(c.rent)},
        {"utilities", Yuan(c.utilities)},
        {"other", Yuan(c.other)}}},
      {"subsidy_dependency", OrNull(r.subsidy_dependency)},
      {"surplus", Yuan(r.surplus)},
      // fen per meal in the report; yuan here like every amount.
      {"average_price",
       r.average_price ? json(*r.average_price / static_cast<double>(kFenPerYuan)) : json(nullptr)},
      {"break_even_meals_per_day", OrNull(r.break_even_meals_per_day)},
      {"break_even_case", BreakEvenCaseId(r.break_even_case)},
      {"break_even_note", r.break_even_note},
      {"self_sustaining_price",
       r.self_sustaining_price ? Yuan(*r.self_sustaining_price) : json(nullptr)},
      {"groups", groups},
      {"settings_changed", changed},
  };
}

json MealRowJson(const store::CanteenMealRow& m) {
  return {{"id", m.id},
          {"facility_id", m.facility_id},
          {"date", m.date.ToString()},
          {"group", m.group_key},
          {"meals", m.meals},
          {"resident_id", OrNull(m.resident_id)},
          {"synthetic", m.synthetic}};
}

json CostRowJson(const store::CanteenCostRow& c) {
  return {{"id", c.id},
          {"facility_id", c.facility_id},
          {"date", c.date.ToString()},
          {"kind", c.kind},
          {"amount", Yuan(c.amount_fen)},
          {"note", c.note},
          {"synthetic", c.synthetic}};
}

json SubsidyRowJson(const store::CanteenSubsidyRow& s) {
  return {{"id", s.id},
          {"facility_id", s.facility_id},
          {"date", s.date.ToString()},
          {"payer", s.payer},
          {"amount", Yuan(s.amount_fen)},
          {"purpose", s.purpose},
          {"synthetic", s.synthetic}};
}

json VisitItemJson(const VisitItem& item) {
  const store::VisitRow& v = item.visit;
  return {{"id", v.id},
          {"resident_id", v.resident_id},
          {"resident_name", item.resident_name},
          {"community", v.community_code},
          {"unit", v.unit_code},
          {"date", v.date.ToString()},
          {"visitor_user_id", OrNull(v.visitor_user_id)},
          {"visitor", v.visitor_name},
          {"outcome", v.outcome},
          {"follow_up_needed", v.follow_up_needed},
          {"notes", v.notes},
          {"recorded_by", v.recorded_by},
          {"synthetic", v.synthetic}};
}

json OverdueListJson(const OverdueList& list) {
  json groups = json::array();
  for (const OverdueGroup& g : list.groups) {
    json people = json::array();
    for (const OverduePerson& p : g.people) {
      people.push_back({{"resident_id", p.due.resident_id},
                        {"name", p.name},
                        {"unit", p.unit_code},
                        {"unit_name", p.unit_name},
                        {"sex", p.sex},
                        {"age", p.age},
                        {"interval_days", p.due.interval_days},
                        {"enrolled_on", p.enrolled_on.ToString()},
                        {"first_visit", p.due.first_visit},
                        {"last_visit", DateOrNull(p.last_visit)},
                        {"due", p.due.due.ToString()},
                        {"days_overdue", p.due.days_overdue},
                        {"unanswered_attempts", p.due.unanswered_attempts},
                        {"last_attempt", DateOrNull(p.last_attempt)}});
    }
    json worker = nullptr;
    if (g.grid_worker_id) {
      worker = {{"id", *g.grid_worker_id},
                {"username", g.grid_worker_username},
                {"name", g.grid_worker_name},
                {"unit", g.grid_worker_unit}};
    }
    groups.push_back(
        {{"grid_worker", worker}, {"max_days_overdue", g.max_days_overdue}, {"overdue", people}});
  }
  return {{"unit", list.unit_code},
          {"on", list.on.ToString()},
          {"on_schedule", list.on_schedule},
          {"overdue", list.overdue},
          {"groups", groups}};
}

}  // namespace alley::services

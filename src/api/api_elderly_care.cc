// Senior canteens and visits to elderly people living alone (docs/http.md,
// "Senior canteens" and "Visits"). The domain (services/canteen_service.h,
// services/visits_service.h) checks the scope, validates and appends the
// audit records; these handlers read the request and shape the answer.
#include "api/api.h"
#include "api/params.h"
#include "services/canteen_service.h"
#include "services/elderly_care_json.h"
#include "services/visits_service.h"

namespace alley::api {

namespace {

// The most meal counts one request carries; a year of counts goes through
// several requests or `alley canteen meals import`.
constexpr size_t kMaxMealCountsPerRequest = 5000;

std::string Field(std::string_view name) { return "field " + std::string(name); }

StatusOr<std::optional<bool>> OptionalBool(const nlohmann::json& body, std::string_view name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return InvalidArgumentError(Field(name) + ": must be true or false");
  return std::optional<bool>(it->get<bool>());
}

// An amount of yuan: a number (12.5) or a string ("12.50").
StatusOr<services::Fen> Yuan(const nlohmann::json& value, std::string_view name) {
  StatusOr<services::Fen> fen = InvalidArgumentError("must be an amount of yuan");
  if (value.is_number()) {
    fen = services::FenOfYuan(value.get<double>());
  } else if (value.is_string()) {
    fen = services::ParseYuan(value.get<std::string>());
  } else {
    return InvalidArgumentError(Field(name) + ": must be an amount of yuan (a number)");
  }
  if (!fen.ok()) return InvalidArgumentError(Field(name) + ": " + fen.status().message());
  return fen;
}

// Field `key` of `body`, named `label` in errors (a list item's field is
// named with its place: "subsidies[0].per_meal").
StatusOr<services::Fen> RequiredYuan(const nlohmann::json& body, std::string_view key,
                                     std::string_view label) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    return InvalidArgumentError(Field(label) + ": is required");
  }
  return Yuan(*it, label);
}

// A date field, or `fallback` when absent.
StatusOr<core::Date> DateField(const nlohmann::json& body, std::string_view name,
                               core::Date fallback) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalString(body, name));
  if (!text || text->empty()) return fallback;
  StatusOr<core::Date> d = core::Date::Parse(*text);
  if (!d.ok()) return InvalidArgumentError(Field(name) + ": " + d.status().message());
  return d;
}

core::Date FirstOfMonth(core::Date d) { return d.AddDays(1 - d.day()); }

}  // namespace

StatusOr<HttpResponse> Api::CanteenReport(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "facility_id", "canteen"));
  ALLEY_ASSIGN_OR_RETURN(core::Date from, QueryDate(call, "from", FirstOfMonth(call.today)));
  ALLEY_ASSIGN_OR_RETURN(core::Date to, QueryDate(call, "to", call.today));
  if (to < from) {
    return InvalidArgumentError("parameter to: " + to.ToString() + " is before from " +
                                from.ToString());
  }
  ALLEY_ASSIGN_OR_RETURN(
      services::CanteenFinances f,
      services::CanteenFinancesFor(call.store, id, from, to, call.principal->unit_code));
  return JsonResponse(services::CanteenFinancesJson(f));
}

StatusOr<HttpResponse> Api::CanteenGroups(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "facility_id", "canteen"));
  ALLEY_ASSIGN_OR_RETURN(core::Date on, QueryDate(call, "on", call.today));
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::CanteenGroupRow> groups,
                         services::DinerGroupsOn(call.store, id, on, call.principal->unit_code));
  nlohmann::json items = nlohmann::json::array();
  for (const store::CanteenGroupRow& g : groups) items.push_back(services::DinerGroupJson(g));
  return JsonResponse({{"facility_id", id}, {"on", on.ToString()}, {"items", items}});
}

StatusOr<HttpResponse> Api::SetCanteenGroup(Call& call) {
  // The body is read first: its errors do not depend on the canteen.
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(
      OnlyKnownFields(body, {"name", "eligible_elderly", "price", "subsidies", "valid_from"}));
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "facility_id", "canteen"));
  services::DinerGroupSetting s;
  s.id = call.params.at("group");
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> name, OptionalString(body, "name"));
  s.name = name.value_or("");
  ALLEY_ASSIGN_OR_RETURN(std::optional<bool> eligible, OptionalBool(body, "eligible_elderly"));
  s.eligible_elderly = eligible.value_or(false);
  ALLEY_ASSIGN_OR_RETURN(s.price, RequiredYuan(body, "price", "price"));
  ALLEY_ASSIGN_OR_RETURN(s.valid_from, DateField(body, "valid_from", call.today));
  if (auto it = body.find("subsidies"); it != body.end() && !it->is_null()) {
    if (!it->is_array()) return InvalidArgumentError("field subsidies: must be a list");
    for (size_t i = 0; i < it->size(); ++i) {
      const nlohmann::json& item = (*it)[i];
      const std::string at = "subsidies[" + std::to_string(i) + "]";
      if (!item.is_object()) return InvalidArgumentError(Field(at) + ": must be an object");
      ALLEY_RETURN_IF_ERROR(OnlyKnownFields(item, {"payer", "per_meal"}));
      services::PerMealSubsidy p;
      StatusOr<std::string> payer = RequiredString(item, "payer");
      if (!payer.ok()) return InvalidArgumentError(Field(at + ".payer") + ": is required");
      p.payer = *payer;
      ALLEY_ASSIGN_OR_RETURN(p.per_meal, RequiredYuan(item, "per_meal", at + ".per_meal"));
      s.subsidies.push_back(std::move(p));
    }
  }
  ALLEY_ASSIGN_OR_RETURN(
      store::CanteenGroupRow row,
      services::SetDinerGroup(call.store, id, s, call.principal->unit_code,
                              registry::ActorOf(*call.principal), Seconds(call.now)));
  return JsonResponse(services::DinerGroupJson(row));
}

StatusOr<HttpResponse> Api::RecordCanteenMeals(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"date", "counts"}));
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "facility_id", "canteen"));
  ALLEY_ASSIGN_OR_RETURN(core::Date date, DateField(body, "date", call.today));
  auto counts = body.find("counts");
  if (counts == body.end() || !counts->is_array() || counts->empty()) {
    return InvalidArgumentError("field counts: must be a list of {group, meals}");
  }
  if (counts->size() > kMaxMealCountsPerRequest) {
    return InvalidArgumentError("field counts: " + std::to_string(counts->size()) +
                                " counts, at most " + std::to_string(kMaxMealCountsPerRequest) +
                                " per request");
  }
  std::vector<services::MealEntry> entries;
  for (size_t i = 0; i < counts->size(); ++i) {
    const nlohmann::json& item = (*counts)[i];
    const std::string at = "counts[" + std::to_string(i) + "]";
    if (!item.is_object()) return InvalidArgumentError(Field(at) + ": must be an object");
    ALLEY_RETURN_IF_ERROR(OnlyKnownFields(item, {"date", "group", "meals", "resident_id"}));
    services::MealEntry e;
    ALLEY_ASSIGN_OR_RETURN(e.date, DateField(item, "date", date));
    StatusOr<std::string> group = RequiredString(item, "group");
    if (!group.ok()) return InvalidArgumentError(Field(at + ".group") + ": is required");
    e.group = *group;
    StatusOr<std::optional<int64_t>> meals = OptionalInt(item, "meals");
    if (!meals.ok() || !meals->has_value()) {
      return InvalidArgumentError(Field(at + ".meals") + ": must be a whole number");
    }
    e.meals = **meals;
    StatusOr<std::optional<int64_t>> resident = OptionalInt(item, "resident_id");
    if (!resident.ok()) {
      return InvalidArgumentError(Field(at + ".resident_id") + ": must be a resident id");
    }
    e.resident_id = *resident;
    entries.push_back(std::move(e));
  }
  ALLEY_ASSIGN_OR_RETURN(
      std::vector<store::CanteenMealRow> rows,
      services::RecordMeals(call.store, id, entries, call.today, call.principal->unit_code,
                            registry::ActorOf(*call.principal), Seconds(call.now)));
  nlohmann::json items = nlohmann::json::array();
  int64_t meals = 0;
  for (const store::CanteenMealRow& m : rows) {
    items.push_back(services::MealRowJson(m));
    meals += m.meals;
  }
  return JsonResponse({{"stored", rows.size()}, {"meals", meals}, {"items", items}}, 201);
}

StatusOr<HttpResponse> Api::RecordCanteenCost(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"date", "kind", "amount", "note"}));
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "facility_id", "canteen"));
  services::CostEntry c;
  ALLEY_ASSIGN_OR_RETURN(c.date, DateField(body, "date", call.today));
  ALLEY_ASSIGN_OR_RETURN(c.kind, RequiredString(body, "kind"));
  ALLEY_ASSIGN_OR_RETURN(c.amount, RequiredYuan(body, "amount", "amount"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> note, OptionalString(body, "note"));
  c.note = note.value_or("");
  ALLEY_ASSIGN_OR_RETURN(
      store::CanteenCostRow row,
      services::RecordCost(call.store, id, c, call.principal->unit_code,
                           registry::ActorOf(*call.principal), Seconds(call.now)));
  return JsonResponse(services::CostRowJson(row), 201);
}

StatusOr<HttpResponse> Api::RecordCanteenSubsidy(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"date", "payer", "amount", "purpose"}));
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "facility_id", "canteen"));
  services::LumpSumEntry s;
  ALLEY_ASSIGN_OR_RETURN(s.date, DateField(body, "date", call.today));
  ALLEY_ASSIGN_OR_RETURN(s.payer, RequiredString(body, "payer"));
  ALLEY_ASSIGN_OR_RETURN(s.amount, RequiredYuan(body, "amount", "amount"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> purpose, OptionalString(body, "purpose"));
  s.purpose = purpose.value_or("");
  ALLEY_ASSIGN_OR_RETURN(
      store::CanteenSubsidyRow row,
      services::RecordLumpSumSubsidy(call.store, id, s, call.principal->unit_code,
                                     registry::ActorOf(*call.principal), Seconds(call.now)));
  return JsonResponse(services::SubsidyRowJson(row), 201);
}

StatusOr<HttpResponse> Api::CreateVisit(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(
      body, {"resident_id", "date", "outcome", "follow_up_needed", "notes", "visitor"}));
  services::NewVisit v;
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> resident, OptionalInt(body, "resident_id"));
  if (!resident) return InvalidArgumentError("field resident_id: is required");
  v.resident_id = *resident;
  ALLEY_ASSIGN_OR_RETURN(v.date, DateField(body, "date", call.today));
  ALLEY_ASSIGN_OR_RETURN(v.outcome, RequiredString(body, "outcome"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<bool> follow_up, OptionalBool(body, "follow_up_needed"));
  v.follow_up_needed = follow_up.value_or(false);
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> notes, OptionalString(body, "notes"));
  v.notes = notes.value_or("");
  // Someone named went (a volunteer), or else the user recording it.
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> visitor, OptionalString(body, "visitor"));
  if (visitor && !visitor->empty()) {
    v.visitor_name = *visitor;
  } else {
    v.visitor_user_id = call.principal->user_id;
  }
  ALLEY_ASSIGN_OR_RETURN(
      services::VisitItem item,
      services::RecordVisit(call.store, v, call.today, call.principal->unit_code,
                            registry::ActorOf(*call.principal), Seconds(call.now)));
  HttpResponse res = JsonResponse(services::VisitItemJson(item), 201);
  return res;
}

StatusOr<HttpResponse> Api::ListVisits(Call& call) {
  services::VisitListQuery q;
  q.unit_code = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, q.unit_code));
  if (std::optional<std::string> resident = QueryText(call, "resident")) {
    ALLEY_ASSIGN_OR_RETURN(int64_t id, QueryInt(call, "resident", 0, 1, INT64_MAX));
    q.resident_id = id;
  }
  if (QueryText(call, "from")) {
    ALLEY_ASSIGN_OR_RETURN(q.from, QueryDate(call, "from", call.today));
  }
  if (QueryText(call, "to")) {
    ALLEY_ASSIGN_OR_RETURN(q.to, QueryDate(call, "to", call.today));
  }
  ALLEY_ASSIGN_OR_RETURN(q.page, QueryInt(call, "page", 1, 1, INT64_MAX));
  ALLEY_ASSIGN_OR_RETURN(q.page_size, QueryInt(call, "page_size", registry::kDefaultPageSize, 1,
                                               registry::kMaxPageSize));
  ALLEY_ASSIGN_OR_RETURN(
      services::VisitList list,
      services::ListVisits(call.store, q, call.principal->unit_code,
                           registry::ActorOf(*call.principal), Seconds(call.now)));
  nlohmann::json items = nlohmann::json::array();
  for (const services::VisitItem& v : list.items) items.push_back(services::VisitItemJson(v));
  return JsonResponse(
      {{"items", items}, {"total", list.total}, {"page", q.page}, {"page_size", q.page_size}});
}

StatusOr<HttpResponse> Api::OverdueVisits(Call& call) {
  services::OverdueQuery q;
  q.unit_code = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, q.unit_code));
  ALLEY_ASSIGN_OR_RETURN(q.on, QueryDate(call, "on", call.today));
  ALLEY_ASSIGN_OR_RETURN(
      services::OverdueList list,
      services::OverdueVisits(call.store, q, call.principal->unit_code,
                              registry::ActorOf(*call.principal), Seconds(call.now)));
  return JsonResponse(services::OverdueListJson(list));
}

}  // namespace alley::api

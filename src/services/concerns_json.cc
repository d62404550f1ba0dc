#include "services/concerns_json.h"

#include <string>

#include "core/id_number.h"

namespace alley::services {
namespace {

using nlohmann::json;

std::string At(int64_t seconds) {
  return store::FormatTimestamp(store::Timestamp(std::chrono::seconds(seconds)));
}

json OptionalAt(const std::optional<int64_t>& seconds) {
  return seconds ? json(At(*seconds)) : json(nullptr);
}

json Rate(const std::optional<double>& rate) { return rate ? json(*rate) : json(nullptr); }

// "张先生" → "张**": the reporter is named only by the first character.
std::string MaskName(std::string_view name) {
  if (name.empty()) return "";
  size_t first = 1;
  const auto lead = static_cast<unsigned char>(name[0]);
  if (lead >= 0xF0) {
    first = 4;
  } else if (lead >= 0xE0) {
    first = 3;
  } else if (lead >= 0xC0) {
    first = 2;
  }
  if (first >= name.size()) return std::string(name);
  return std::string(name.substr(0, first)) + "**";
}

}  // namespace

json ConcernJson(const store::ConcernRow& c) {
  json j = {
      {"id", c.id},
      {"unit", c.unit_code},
      {"community", c.community_code},
      {"category", c.category},
      {"urgency", c.urgency},
      {"channel", c.channel},
      {"description", c.description},
      {"address", c.address},
      {"reporter_name", MaskName(c.reporter_name)},
      {"reporter_phone", c.reporter_phone_masked},
      {"state", c.state},
      {"responsible", c.responsible},
      {"assignee", c.assignee},
      {"received_at", At(c.received_at)},
      {"response_due", At(c.response_due)},
      {"resolution_due", At(c.resolution_due)},
      {"responded_at", OptionalAt(c.responded_at)},
      {"resolved_at", OptionalAt(c.resolved_at)},
      {"escalation", c.escalation},
      {"version", c.version},
      {"synthetic", c.synthetic},
  };
  j["lat"] = c.lat ? json(*c.lat) : json(nullptr);
  j["lon"] = c.lon ? json(*c.lon) : json(nullptr);
  j["rating"] = c.rating ? json(*c.rating) : json(nullptr);
  j["resident"] = c.resident_id ? json(*c.resident_id) : json(nullptr);
  return j;
}

json ConcernEventJson(const store::ConcernEventRow& e) {
  return {{"id", e.id},           {"at", At(e.at)},         {"event", e.event},
          {"from", e.from_state}, {"to_state", e.to_state}, {"actor", e.actor},
          {"target", e.target},   {"reason", e.reason},     {"note", e.note},
          {"rating", e.rating}};
}

json ConcernDetailJson(const ConcernDetail& detail) {
  json j = ConcernJson(detail.concern);
  json events = json::array();
  for (const store::ConcernEventRow& e : detail.events) events.push_back(ConcernEventJson(e));
  j["events"] = std::move(events);
  return j;
}

json ConcernRatesJson(const ConcernRates& r) {
  const ConcernCounts& c = r.counts;
  return {{"received", c.received},
          {"responded", c.responded},
          {"responded_on_time", c.responded_on_time},
          {"resolved", c.resolved},
          {"resolved_on_time", c.resolved_on_time},
          {"rated", c.rated},
          {"satisfied", c.satisfied},
          {"basically_satisfied", c.basically_satisfied},
          {"not_satisfied", c.not_satisfied},
          {"overdue_open", c.overdue_open},
          {"response_rate", Rate(r.response_rate)},
          {"resolution_rate", Rate(r.resolution_rate)},
          {"satisfaction_rate", Rate(r.satisfaction_rate)}};
}

json HotSpotJson(const HotSpot& h) {
  return {{"unit", h.unit_code}, {"category", h.category}, {"count", h.count}, {"open", h.open}};
}

json ConcernCategoriesJson() {
  json list = json::array();
  for (const ConcernCategory& c : ConcernCategories()) {
    list.push_back({{"id", c.id},
                    {"name", c.name_zh},
                    {"description", c.description_zh},
                    {"body", ResponsibleBodyId(c.body)},
                    {"body_name", ResponsibleBodyName(c.body)},
                    {"respond_within_hours", c.respond_within_h},
                    {"resolve_within_working_days", c.resolve_within_working_days}});
  }
  return list;
}

StatusOr<ConcernEvent> ConcernEventFrom(std::string_view event, std::string_view to,
                                        std::string_view reason, std::string_view note,
                                        std::string_view rating, int level) {
  StatusOr<ConcernEventKind> kind = ParseConcernEventKind(event);
  if (!kind.ok())
    return InvalidArgumentError("field event: " + std::string(kind.status().message()));
  ConcernEvent e;
  e.kind = *kind;
  e.to = std::string(to);
  e.reason = std::string(reason);
  e.note = std::string(note);
  e.escalation_level = level;
  if (!rating.empty()) {
    StatusOr<ConcernRating> r = ParseConcernRating(rating);
    if (!r.ok()) return InvalidArgumentError("field rating: " + std::string(r.status().message()));
    e.rating = *r;
  }
  return e;
}

}  // namespace alley::services

#include "api/json.h"

#include "registry/vocabulary.h"

namespace alley::api {

nlohmann::json ResidentItemJson(const registry::ResidentItem& r, std::string_view etag) {
  nlohmann::json household = nullptr;
  if (r.household_id) household = {{"id", *r.household_id}, {"number", r.household_number}};
  return {{"id", r.id},
          {"name", r.name},
          {"id_number", r.id_number_masked},
          {"phone", r.phone_masked},
          {"sex", r.sex},
          {"birth_date", r.birth_date.ToString()},
          {"age", r.age},
          {"unit", r.unit_code},
          {"unit_name", r.unit_name},
          {"community", r.community_code},
          {"household", household},
          {"relation", r.relation},
          {"building", r.building},
          {"entrance", r.entrance},
          {"room", r.room},
          {"registration", r.registration},
          {"tags", r.tags},
          {"employment", r.employment},
          {"insurance", r.insurance},
          {"status", r.status},
          {"note", r.note},
          {"synthetic", r.synthetic},
          {"valid_from", r.valid_from.ToString()},
          {"etag", etag}};
}

nlohmann::json ResidentVersionJson(const store::ResidentVersion& v) {
  std::vector<std::string> tags;
  std::span<const registry::Term> terms = registry::ResidentTagTerms();
  for (size_t i = 0; i < terms.size(); ++i) {
    if ((v.tags & (1u << i)) != 0) tags.emplace_back(terms[i].id);
  }
  return {{"valid_from", v.valid_from.ToString()},
          {"change", v.change},
          {"status", v.status},
          {"name", v.name},
          {"phone", v.phone_masked},
          {"community", v.community_code},
          {"unit", v.unit_code},
          {"relation", v.relation},
          {"building", v.building},
          {"entrance", v.entrance},
          {"room", v.room},
          {"registration", v.registration},
          {"tags", tags},
          {"employment", v.employment},
          {"insurance", v.insurance},
          {"note", v.note}};
}

nlohmann::json ResidentDetailJson(const registry::ResidentDetail& d, std::string_view etag) {
  nlohmann::json j = ResidentItemJson(d.resident, etag);
  nlohmann::json history = nlohmann::json::array();
  for (const store::ResidentVersion& v : d.history) history.push_back(ResidentVersionJson(v));
  j["history"] = history;
  return j;
}

}  // namespace alley::api

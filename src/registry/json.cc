#include "registry/json.h"

namespace alley::registry {

nlohmann::json UnitJson(const store::UnitRow& unit) {
  nlohmann::json j = {
      {"code", unit.code},
      {"name", unit.name},
      {"level", core::UnitLevelName(unit.level)},
      {"parent",
       unit.parent_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(unit.parent_code)},
      {"synthetic", unit.synthetic},
  };
  if (!unit.settlement.empty()) j["settlement"] = unit.settlement;
  if (unit.lat && unit.lon) j["location"] = {{"lat", *unit.lat}, {"lon", *unit.lon}};
  return j;
}

nlohmann::json SummaryJson(const UnitSummary& s) {
  nlohmann::json j = UnitJson(s.unit);
  nlohmann::json path = nlohmann::json::array();
  nlohmann::json path_codes = nlohmann::json::array();
  for (const store::UnitRow& u : s.path) {
    path.push_back(u.name);
    path_codes.push_back(u.code);
  }
  j["path"] = path;
  j["path_codes"] = path_codes;
  j["children"] = s.children;
  nlohmann::json levels = nlohmann::json::object();
  for (size_t i = 1; i < s.units_by_level.size(); ++i) {
    if (s.units_by_level[i] > 0 || i > static_cast<size_t>(s.unit.level)) {
      levels[std::string(core::UnitLevelName(static_cast<core::UnitLevel>(i)))] =
          s.units_by_level[i];
    }
  }
  j["units_below"] = levels;
  j["residents"] = s.residents;
  j["households"] = s.households;
  j["compounds"] = s.compounds;
  nlohmann::json bands = nlohmann::json::object();
  for (const auto& [band, count] : s.by_age_band) bands[band] = count;
  j["by_age_band"] = bands;
  nlohmann::json pyramid = nlohmann::json::object();
  for (const UnitSummary::AgeSexCount& b : s.by_age_band_sex) {
    pyramid[b.band] = {{"male", b.male}, {"female", b.female}};
  }
  j["by_age_band_sex"] = pyramid;
  j["by_sex"] = s.by_sex;
  j["by_tag"] = s.by_tag;
  j["by_employment"] = s.by_employment;
  j["facilities"] = s.facilities;
  j["facility_capacity"] = s.facility_capacity;
  j["synthetic_residents"] = s.synthetic_residents;
  j["as_of"] = s.as_of.ToString();
  return j;
}

}  // namespace alley::registry

#include "cli/output.h"

#include <cstdio>
#include <iostream>

#include "core/id_number.h"
#include "registry/vocabulary.h"

namespace alley::cli {

int ExitCode(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return 0;
    case StatusCode::kInvalidArgument:
      return 3;
    case StatusCode::kNotFound:
      return 4;
    case StatusCode::kAlreadyExists:
      return 5;
    case StatusCode::kFailedPrecondition:
      return 6;
    case StatusCode::kPermissionDenied:
      return 7;
    case StatusCode::kOutOfRange:
      return 8;
    case StatusCode::kUnavailable:
      return 9;
    case StatusCode::kDataLoss:
      return 10;
    case StatusCode::kInternal:
      return 11;
    case StatusCode::kUnauthenticated:
      return 12;
    case StatusCode::kResourceExhausted:
      return 13;
    case StatusCode::kAborted:
      return 14;
  }
  return 11;
}

int ReportError(const Status& status) {
  std::string line =
      "alley: " + std::string(StatusCodeName(status.code())) + ": " + status.message();
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::cerr << line << '\n';
  return ExitCode(status);
}

void PrintJson(const nlohmann::json& doc) {
  std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

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

nlohmann::json SummaryJson(const registry::UnitSummary& s) {
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
  j["by_sex"] = s.by_sex;
  j["by_tag"] = s.by_tag;
  j["by_employment"] = s.by_employment;
  j["facilities"] = s.facilities;
  j["facility_capacity"] = s.facility_capacity;
  j["synthetic_residents"] = s.synthetic_residents;
  j["as_of"] = s.as_of.ToString();
  return j;
}

namespace {
nlohmann::json VersionJson(const store::ResidentVersion& v) {
  return {
      {"valid_from", v.valid_from.ToString()},
      {"change", v.change},
      {"status", v.status},
      {"name", v.name},
      {"phone", core::MaskPhone(v.phone)},
      {"community", v.community_code},
      {"unit", v.unit_code},
      {"relation", v.relation},
      {"building", v.building},
      {"entrance", v.entrance},
      {"room", v.room},
      {"registration", v.registration},
      {"tags", registry::FormatTagList(v.tags)},
      {"employment", v.employment},
      {"insurance", v.insurance},
      {"note", v.note},
  };
}
}  // namespace

nlohmann::json ResidentJson(const registry::ResidentRecord& r) {
  nlohmann::json j = {
      {"id_number", core::MaskIdNumber(r.identity.id_number)},
      {"sex", r.identity.sex},
      {"birth_date", r.identity.birth_date.ToString()},
      {"synthetic", r.identity.synthetic},
      {"household", r.household_number},
  };
  j["current"] = r.current ? VersionJson(*r.current) : nlohmann::json(nullptr);
  nlohmann::json history = nlohmann::json::array();
  for (const store::ResidentVersion& v : r.history) history.push_back(VersionJson(v));
  j["history"] = history;
  return j;
}

}  // namespace alley::cli

// A test-only filter for access_reference.py: reads one instance as JSON on
// stdin, runs Alley's accessibility, unit means and equity on it, and writes
// the results as JSON on stdout, so that a plain numpy implementation of the
// textbook formulas can check them.
//
// In:  {"demand": [P_i], "supply": [S_j], "pairs": [[home, facility, time_ds], ...],
//       "unit": [u_i], "unit_count": n, "method": "2sfca|e2sfca|gaussian|gravity",
//       "threshold_ds": d0, "zones": [[upper_ds, weight], ...], "beta": β}
//       ("zones" and "beta" optional, "unit" and "unit_count" too)
// Out: {"home_access": [...], "facility_demand": [...], "facility_ratio": [...],
//       "reached_supply": x, "unreached_supply": x, "unit_mean": [x|null, ...],
//       "gini": x|null, "theil_t": {"total", "within", "between"}, "theil_l": {...}}
// or, on a refused instance, {"error": {"code", "message"}} and exit status 1.
#include <cstdint>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "planning/accessibility.h"
#include "planning/equity.h"

namespace {

using alley::Status;
using alley::StatusOr;
using nlohmann::json;
namespace planning = alley::planning;

json Optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json Theil(const planning::TheilResult& t) {
  return {{"total", Optional(t.total)},
          {"within", Optional(t.within)},
          {"between", Optional(t.between)}};
}

StatusOr<json> Run(const json& in) {
  const auto demand = in.at("demand").get<std::vector<double>>();
  const auto supply = in.at("supply").get<std::vector<double>>();
  std::vector<std::uint32_t> home;
  std::vector<std::uint32_t> facility;
  std::vector<planning::Deciseconds> time_ds;
  for (const json& p : in.at("pairs")) {
    home.push_back(p.at(0).get<std::uint32_t>());
    facility.push_back(p.at(1).get<std::uint32_t>());
    time_ds.push_back(p.at(2).get<planning::Deciseconds>());
  }
  planning::AccessOptions options;
  const std::string method = in.at("method").get<std::string>();
  const std::optional<planning::AccessMethod> parsed = planning::ParseAccessMethod(method);
  if (!parsed) return alley::InvalidArgumentError("method: unknown \"" + method + "\"");
  options.method = *parsed;
  options.threshold_ds = in.at("threshold_ds").get<planning::Deciseconds>();
  if (in.contains("zones")) {
    options.zones.clear();
    for (const json& z : in.at("zones")) {
      options.zones.push_back(
          {.upper_ds = z.at(0).get<planning::Deciseconds>(), .weight = z.at(1).get<double>()});
    }
  }
  if (in.contains("beta")) options.beta = in.at("beta").get<double>();

  ALLEY_ASSIGN_OR_RETURN(
      planning::AccessResult r,
      planning::ComputeAccessibility(demand, supply, {home, facility, time_ds}, options));
  json out = {{"home_access", r.home_access},
              {"facility_demand", r.facility_demand},
              {"facility_ratio", r.facility_ratio},
              {"reached_supply", r.reached_supply},
              {"unreached_supply", r.unreached_supply}};

  std::vector<std::uint32_t> unit;
  std::uint32_t unit_count = 0;
  if (in.contains("unit")) {
    unit = in.at("unit").get<std::vector<std::uint32_t>>();
    unit_count = in.at("unit_count").get<std::uint32_t>();
    ALLEY_ASSIGN_OR_RETURN(auto means,
                           planning::WeightedMeanByUnit(r.home_access, demand, unit, unit_count));
    json unit_mean = json::array();
    for (const auto& m : means) unit_mean.push_back(Optional(m));
    out["unit_mean"] = unit_mean;
  }
  ALLEY_ASSIGN_OR_RETURN(std::optional<double> gini, planning::WeightedGini(r.home_access, demand));
  out["gini"] = Optional(gini);
  ALLEY_ASSIGN_OR_RETURN(planning::TheilResult t,
                         planning::TheilT(r.home_access, demand, unit, unit_count));
  out["theil_t"] = Theil(t);
  ALLEY_ASSIGN_OR_RETURN(planning::TheilResult l,
                         planning::TheilL(r.home_access, demand, unit, unit_count));
  out["theil_l"] = Theil(l);
  return out;
}

int Main() {
  json in;
  try {
    in = json::parse(std::cin);
  } catch (const json::exception& e) {
    std::cout << json{{"error", {{"code", "invalid argument"}, {"message", e.what()}}}} << "\n";
    return 1;
  }
  StatusOr<json> out = [&]() -> StatusOr<json> {
    try {
      return Run(in);
    } catch (const json::exception& e) {
      return alley::InvalidArgumentError(std::string("instance: ") + e.what());
    }
  }();
  if (!out.ok()) {
    const Status s = out.status();
    std::cout << json{{"error",
                       {{"code", std::string(alley::StatusCodeName(s.code()))},
                        {"message", s.message()}}}}
              << "\n";
    return 1;
  }
  std::cout << out->dump() << "\n";
  return 0;
}

}  // namespace

int main() {
  try {
    return Main();
  } catch (...) {  // a failure to write the output: exit status 2, nothing to say
    return 2;
  }
}

// `alley plan norms` and `alley plan access`: the life circle's thresholds per
// facility type, and accessibility, coverage and equity on tables a user
// brings (demand per home, supply per facility, the travel times within
// reach: planning/access_tables.h) — the planner's stages 4–6 alone, without
// a network or a database.
//
//   alley plan norms [--json]
//   alley plan access --demand D.csv --supply S.csv --pairs P.csv
//       [--method e2sfca|2sfca|gaussian|gravity] [--type TYPE] [--minutes M]
//       [--beta B] [--out HOMES.csv] [--json]
//
// The threshold is --minutes when given, else the norm of --type (e.g. 300 m,
// 3,000 ds, for a kindergarten), else 15 minutes; E2SFCA's zones are its
// thirds. A home is covered when its nearest facility (its fastest pair) is
// within the threshold.
#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/output.h"
#include "cli/plan_commands.h"
#include "core/csv.h"
#include "planning/access_tables.h"
#include "planning/accessibility.h"
#include "planning/equity.h"
#include "planning/norms.h"
#include "registry/files.h"

namespace alley::cli {
namespace {

using nlohmann::json;

json Optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json NormJson(const planning::FacilityNorm& n) {
  return {{"type", registry::FacilityTypeId(n.type)},
          {"facility_zh", n.facility_zh},
          {"circle_minutes", planning::LifeCircleMinutes(n.circle)},
          {"distance_m", n.distance_m},
          {"walk_ds", n.walk_ds},
          {"walk_minutes", n.walk_minutes()},
          {"target", planning::TargetGroupId(n.target)},
          {"clause", n.clause},
          {"in_standard", n.in_standard}};
}

struct AccessArgs {
  std::string demand;
  std::string supply;
  std::string pairs;
  std::string method = "e2sfca";
  std::string type;
  std::optional<double> minutes;
  double beta = 1.0;
  std::string out;
  bool json = false;
};

json TheilJson(const planning::TheilResult& t) {
  return {{"total", Optional(t.total)},
          {"within", Optional(t.within)},
          {"between", Optional(t.between)}};
}

Status RunAccess(const AccessArgs& args) {
  const std::optional<planning::AccessMethod> method = planning::ParseAccessMethod(args.method);
  if (!method) {
    return InvalidArgumentError("--method: \"" + args.method +
                                "\" is not one of 2sfca, e2sfca, gaussian, gravity");
  }
  const planning::FacilityNorm* norm = nullptr;
  if (!args.type.empty()) {
    ALLEY_ASSIGN_OR_RETURN(norm, planning::FindFacilityNorm(args.type));
  }
  planning::AccessOptions options;
  options.method = *method;
  options.beta = args.beta;
  if (args.minutes) {
    // Minutes → deciseconds (× 600), to the nearest decisecond.
    const double ds = *args.minutes * planning::kDecisecondsPerMinute;
    if (!(ds >= 1 && ds < static_cast<double>(planning::kUnreachable))) {
      return InvalidArgumentError("--minutes: must be at least 0.1 s and finite");
    }
    options.threshold_ds = static_cast<planning::Deciseconds>(std::llround(ds));
  } else if (norm != nullptr) {
    options.threshold_ds = norm->walk_ds;
  }
  options.zones = planning::DecayZonesFor(options.threshold_ds);

  ALLEY_ASSIGN_OR_RETURN(std::string demand_text, registry::ReadFile(args.demand));
  ALLEY_ASSIGN_OR_RETURN(std::string supply_text, registry::ReadFile(args.supply));
  ALLEY_ASSIGN_OR_RETURN(std::string pairs_text, registry::ReadFile(args.pairs));
  ALLEY_ASSIGN_OR_RETURN(planning::AccessTables t,
                         planning::ParseAccessTables(demand_text, supply_text, pairs_text));
  ALLEY_ASSIGN_OR_RETURN(planning::AccessResult access,
                         planning::ComputeAccessibility(t.demand, t.supply, t.Pairs(), options));
  const std::vector<planning::Deciseconds> nearest = t.NearestDeciseconds();
  const auto unit_count = static_cast<std::uint32_t>(t.unit_names.size());
  ALLEY_ASSIGN_OR_RETURN(planning::CoverageResult coverage,
                         planning::ComputeCoverage({.nearest_ds = nearest,
                                                    .residents = t.demand,
                                                    .target = t.target,
                                                    .unit_of_home = t.unit_of_home,
                                                    .unit_count = unit_count},
                                                   options.threshold_ds));
  ALLEY_ASSIGN_OR_RETURN(std::optional<double> gini,
                         planning::WeightedGini(access.home_access, t.demand));
  ALLEY_ASSIGN_OR_RETURN(planning::TheilResult theil, planning::TheilT(access.home_access, t.demand,
                                                                       t.unit_of_home, unit_count));
  ALLEY_ASSIGN_OR_RETURN(planning::WorstServed worst,
                         planning::WorstServedShare(access.home_access, t.demand, 0.1));
  std::vector<std::optional<double>> unit_mean;
  if (unit_count > 0) {
    ALLEY_ASSIGN_OR_RETURN(unit_mean, planning::WeightedMeanByUnit(access.home_access, t.demand,
                                                                   t.unit_of_home, unit_count));
  }

  if (!args.out.empty()) {
    std::string csv(core::kUtf8Bom);
    core::AppendCsvRow(&csv, std::vector<std::string>{"home", "unit", "demand", "access",
                                                      "nearest_ds", "covered"});
    for (std::size_t i = 0; i < t.home_names.size(); ++i) {
      core::AppendCsvRow(&csv,
                         std::vector<std::string>{
                             t.home_names[i], unit_count > 0 ? t.unit_names[t.unit_of_home[i]] : "",
                             json(t.demand[i]).dump(), json(access.home_access[i]).dump(),
                             nearest[i] == planning::kUnreachable ? "" : std::to_string(nearest[i]),
                             nearest[i] <= options.threshold_ds ? "1" : "0"});
    }
    std::ofstream file(args.out, std::ios::binary | std::ios::trunc);
    file << csv;
    file.close();
    if (!file) return UnavailableError("--out: cannot write \"" + args.out + "\"");
  }

  json units = json::array();
  for (std::uint32_t u = 0; u < unit_count; ++u) {
    units.push_back({{"unit", t.unit_names[u]},
                     {"residents", coverage.units[u].residents.total},
                     {"mean_access", Optional(unit_mean[u])},
                     {"covered", Optional(coverage.units[u].residents.share)},
                     {"target_covered", Optional(coverage.units[u].target.share)}});
  }
  json doc = {{"method", planning::AccessMethodId(options.method)},
              {"type", norm != nullptr ? json(registry::FacilityTypeId(norm->type)) : json()},
              {"threshold_ds", options.threshold_ds},
              {"homes", t.home_names.size()},
              {"facilities", t.facility_names.size()},
              {"pairs", t.pair_home.size()},
              {"residents", coverage.overall.residents.total},
              {"reached_supply", access.reached_supply},
              {"unreached_supply", access.unreached_supply},
              {"covered", Optional(coverage.overall.residents.share)},
              {"target_covered", Optional(coverage.overall.target.share)},
              {"unserved", coverage.unserved.size()},
              {"gini", Optional(gini)},
              {"theil_t", TheilJson(theil)},
              {"worst_decile",
               {{"threshold", Optional(worst.threshold)},
                {"homes", worst.homes.size()},
                {"share", worst.share}}},
              {"units", units}};
  if (args.json) {
    PrintJson(doc);
    return OkStatus();
  }
  std::cout << doc["method"].get<std::string>() << " within " << options.threshold_ds
            << " ds: " << t.home_names.size() << " homes, " << t.facility_names.size()
            << " facilities, " << t.pair_home.size() << " pairs\n"
            << "covered " << doc["covered"].dump() << " of " << doc["residents"].dump()
            << " residents; " << coverage.unserved.size() << " homes unserved\n"
            << "gini " << doc["gini"].dump() << ", theil " << doc["theil_t"].dump()
            << "; worst decile at or below " << doc["worst_decile"]["threshold"].dump() << "\n";
  for (const json& u : units) std::cout << "  " << u.dump() << "\n";
  return OkStatus();
}

}  // namespace

void RegisterPlanAccess(CLI::App* plan, Context& context) {
  auto norms_json = std::make_shared<bool>(false);
  CLI::App* norms_cmd = plan->add_subcommand(
      "norms", "The 15-minute life circle's walking thresholds per facility type (GB 50180-2018)");
  norms_cmd->add_flag("--json", *norms_json, "print {\"items\": [...]}");
  norms_cmd->callback([&context, norms_json] {
    Run(context, [&]() -> Status {
      if (*norms_json) {
        json items = json::array();
        for (const planning::FacilityNorm& n : planning::FacilityNorms()) {
          items.push_back(NormJson(n));
        }
        PrintJson({{"items", items}});
        return OkStatus();
      }
      for (const planning::FacilityNorm& n : planning::FacilityNorms()) {
        std::cout << registry::FacilityTypeId(n.type) << "  " << n.facility_zh << "  "
                  << planning::LifeCircleMinutes(n.circle) << "-minute circle  " << n.distance_m
                  << " m (" << n.walk_minutes() << " min at 1.0 m/s)  for "
                  << planning::TargetGroupId(n.target) << "  (" << n.clause << ")\n";
      }
      return OkStatus();
    });
  });

  auto args = std::make_shared<AccessArgs>();
  CLI::App* access_cmd = plan->add_subcommand(
      "access",
      "Accessibility (2SFCA family, gravity), coverage and equity on tables you bring:\n"
      "demand (home,demand[,target][,unit]), supply (facility,supply) and pairs\n"
      "(home,facility,time_ds)");
  access_cmd->add_option("--demand", args->demand, "demand.csv: home,demand[,target][,unit]")
      ->required();
  access_cmd->add_option("--supply", args->supply, "supply.csv: facility,supply")->required();
  access_cmd->add_option("--pairs", args->pairs, "pairs.csv: home,facility,time_ds (deciseconds)")
      ->required();
  access_cmd->add_option("--method", args->method, "2sfca, e2sfca (default), gaussian, gravity");
  access_cmd->add_option("--type", args->type,
                         "a facility type: its norm's walking time is the threshold");
  access_cmd->add_option("--minutes", args->minutes, "the threshold in minutes (default 15)");
  access_cmd->add_option("--beta", args->beta, "the gravity model's distance friction (default 1)");
  access_cmd->add_option("--out", args->out,
                         "write home,unit,demand,access,nearest_ds,covered per home to this CSV");
  access_cmd->add_flag("--json", args->json, "print the summary as one JSON document");
  access_cmd->callback([&context, args] { Run(context, [&] { return RunAccess(*args); }); });
}

}  // namespace alley::cli

// `alley plan site`: siting on a cost table the user brings (the contract of
// issue 5; docs/cli.md, "Siting on a cost table").
#include <charconv>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/output.h"
#include "cli/plan_commands.h"
#include "planning/cost_table.h"
#include "planning/siting.h"

namespace alley::cli {
namespace {

using planning::SitingModel;
using planning::SitingResult;
using planning::SitingSolver;

struct SiteArgs {
  std::string costs, demand, model, p, radius, capacity;
  std::string time_limit = "60";
  bool exact = false;
  bool json = false;
};

StatusOr<SitingModel> ModelOption(const std::string& text) {
  if (text == "mclp") return SitingModel::kMclp;
  if (text == "pmedian") return SitingModel::kPMedian;
  if (text == "lscp") return SitingModel::kLscp;
  return InvalidArgumentError("--model: \"" + text + "\" is not one of mclp, pmedian, lscp");
}

StatusOr<int32_t> CountOption(const std::string& text, std::string_view option) {
  int32_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
    return InvalidArgumentError(std::string(option) + ": \"" + text + "\" is not a whole number");
  }
  return value;
}

StatusOr<double> NumberOption(const std::string& text, std::string_view option) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
    return InvalidArgumentError(std::string(option) + ": \"" + text + "\" is not a number");
  }
  if (!std::isfinite(value)) {
    return InvalidArgumentError(std::string(option) + ": \"" + text + "\" is not finite");
  }
  if (value < 0) return InvalidArgumentError(std::string(option) + ": " + text + " is negative");
  return value;
}

std::string Fixed(double x, int decimals) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << x;
  return out.str();
}

Status RunSite(const SiteArgs& args) {
  ALLEY_ASSIGN_OR_RETURN(SitingModel model, ModelOption(args.model));
  planning::SitingOptions options;
  options.model = model;
  options.solver = args.exact ? SitingSolver::kExact : SitingSolver::kHeuristic;
  if (model == SitingModel::kLscp) {
    // LSCP chooses how many sites: --p is accepted and not used.
  } else if (args.p.empty()) {
    return InvalidArgumentError("--p: required for the " + args.model + " model");
  } else {
    ALLEY_ASSIGN_OR_RETURN(options.p, CountOption(args.p, "--p"));
  }
  if (model == SitingModel::kPMedian) {
    if (!args.radius.empty()) {
      return InvalidArgumentError("--radius: the pmedian model takes no radius");
    }
  } else if (args.radius.empty()) {
    return InvalidArgumentError("--radius: required for the " + args.model + " model");
  } else {
    ALLEY_ASSIGN_OR_RETURN(options.radius, NumberOption(args.radius, "--radius"));
  }
  if (!args.capacity.empty() && model != SitingModel::kMclp) {
    return InvalidArgumentError("--capacity: only the mclp model takes capacities");
  }
  ALLEY_ASSIGN_OR_RETURN(options.time_limit_s, NumberOption(args.time_limit, "--time-limit"));

  ALLEY_ASSIGN_OR_RETURN(planning::CostTable table,
                         planning::ReadCostTable(args.costs, args.demand));
  if (!args.capacity.empty()) {
    ALLEY_RETURN_IF_ERROR(planning::ReadCapacities(args.capacity, &table));
  }
  ALLEY_ASSIGN_OR_RETURN(SitingResult result, planning::Solve(table.problem, options));

  std::vector<std::string> sites;
  sites.reserve(result.facilities.size());
  // Facilities are numbered by name, and result.facilities is ascending:
  // the sites come out in name order.
  for (int32_t j : result.facilities) sites.push_back(table.facilities[static_cast<size_t>(j)]);
  const bool covering = model != SitingModel::kPMedian;

  if (args.json) {
    nlohmann::json doc = {
        {"model", planning::SitingModelName(model)},
        {"solver", planning::SitingSolverName(result.solver)},
        {"optimal", result.optimal},
        {"sites", sites},
        {"objective", result.objective},
        {"clients", table.clients.size()},
        {"candidates", table.facilities.size()},
        {"total_weight", result.total_weight},
        {"seconds", result.seconds},
    };
    if (result.gap) doc["gap"] = *result.gap;
    if (covering) {
      doc["covered_weight"] = result.covered_weight;
      doc["uncovered_clients"] = result.uncovered_clients.size();
    } else {
      doc["mean_cost"] = result.mean_cost;
    }
    PrintJson(doc);
    return OkStatus();
  }
  std::cout << planning::SitingModelName(model) << " by "
            << planning::SitingSolverName(result.solver);
  if (result.solver == SitingSolver::kExact) {
    std::cout << (result.optimal ? " (optimal)"
                                 : " (not proven optimal, gap " +
                                       Fixed(100 * result.gap.value_or(0), 2) + "%)");
  }
  std::cout << ": " << sites.size() << " of " << table.facilities.size() << " candidates in "
            << Fixed(result.seconds, 3) << " s\n";
  std::cout << "sites:";
  for (const std::string& s : sites) std::cout << " " << s;
  std::cout << "\n";
  if (covering) {
    double share = result.total_weight > 0 ? result.covered_weight / result.total_weight : 0;
    std::cout << "covered weight " << result.covered_weight << " of " << result.total_weight << " ("
              << Fixed(100 * share, 1) << "%); " << result.uncovered_clients.size() << " of "
              << table.clients.size() << " clients uncovered\n";
  } else {
    std::cout << "mean cost " << result.mean_cost << " (demand-weighted; total " << result.objective
              << ")\n";
  }
  return OkStatus();
}

}  // namespace

void RegisterPlanSite(CLI::App* plan, Context& context) {
  auto args = std::make_shared<SiteArgs>();
  CLI::App* cmd = plan->add_subcommand(
      "site",
      "Choose sites on a cost table you bring (as spopt does): COSTS is long-form CSV\n"
      "client,facility,cost (complete: every client of DEMAND with every facility), DEMAND\n"
      "is client,weight. Models: mclp (cover the most weight within --radius with --p\n"
      "sites), pmedian (least demand-weighted cost with --p sites), lscp (fewest sites\n"
      "covering every client within --radius; --p is not used)");
  cmd->add_option("--costs", args->costs, "COSTS.csv: client,facility,cost")->required();
  cmd->add_option("--demand", args->demand, "DEMAND.csv: client,weight")->required();
  cmd->add_option("--model", args->model, "mclp, pmedian or lscp")->required();
  cmd->add_option("--p", args->p, "the number of sites (mclp, pmedian)");
  cmd->add_option("--radius", args->radius, "the covering cost (mclp, lscp), in COSTS' unit");
  cmd->add_flag("--exact", args->exact,
                "solve exactly with CBC (small instances) instead of the heuristic");
  cmd->add_option("--capacity", args->capacity,
                  "CAPACITY.csv: facility,capacity (mclp: capacitated covering; facilities "
                  "left out have no limit)");
  cmd->add_option("--time-limit", args->time_limit, "CBC's limit in seconds (default 60)");
  cmd->add_flag("--json", args->json,
                "print JSON: sites (in name order), objective, covered_weight and "
                "uncovered_clients (mclp, lscp) or mean_cost (pmedian), model, solver, optimal");
  cmd->callback([&context, args] { Run(context, [&]() -> Status { return RunSite(*args); }); });
}

}  // namespace alley::cli

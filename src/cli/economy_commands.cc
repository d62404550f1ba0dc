#include "cli/economy_commands.h"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "cli/account_commands.h"
#include "cli/output.h"
#include "indicators/economy.h"
#include "indicators/economy_import.h"
#include "indicators/economy_queries.h"
#include "registry/files.h"

namespace alley::cli {
namespace {

// A number of the answer, or "-" for null, with `digits` decimals.
std::string Num(const nlohmann::json& v, int digits) {
  if (v.is_null()) return "-";
  return fmt::format("{:.{}f}", v.get<double>(), digits);
}

std::string Names(const nlohmann::json& list) {
  std::string out;
  for (const auto& name : list) {
    if (!out.empty()) out += ", ";
    out += name.get<std::string>();
  }
  return out.empty() ? "none" : out;
}

void PrintContribution(const nlohmann::json& c) {
  std::cout << c["series"].get<std::string>() << " " << c["period"].get<std::string>()
            << " against " << c["previous_period"].get<std::string>() << ", growth "
            << c["growth"].get<std::string>() << "; national growth "
            << Num(c["national_growth_pct"], 2) << "% (from "
            << c["national_source"].get<std::string>() << ")\n";
  std::cout << fmt::format("{:>4}  {:<12} {:<6} {:>14} {:>14} {:>9} {:>14} {:>9}\n", "rank",
                           "region", "code", "level", "previous", "growth_%", "contribution_%",
                           "pull_pp");
  for (const auto& r : c["regions"]) {
    std::string rank = r["rank"].is_null() ? "-" : std::to_string(r["rank"].get<int>());
    std::string code = r["code"].get<std::string>();
    std::cout << fmt::format("{:>4}  {:<12} {:<6} {:>14} {:>14} {:>9} {:>14} {:>9}\n", rank,
                             r["region"].get<std::string>(), code.empty() ? "-" : code,
                             Num(r["level"], 2), Num(r["previous_level"], 2),
                             Num(r["growth_pct"], 2), Num(r["contribution_pct"], 2),
                             Num(r["pull_pp"], 4));
  }
  const auto& top = c["top"];
  std::cout << "top " << top["n"].get<int>() << ": contribution " << Num(top["contribution_pct"], 2)
            << "%, pull " << Num(top["pull_pp"], 4)
            << " pp; without a figure: " << Names(top["missing"]) << "\n";
}

void RegisterImportCommand(CLI::App& parent, Context& context) {
  auto file = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = parent.add_subcommand(
      "import",
      "Import figures from a long-form CSV (region,period,series,value; region by name or code,\n"
      "全国 the nation; period 2024, 2024Q3, 2024-07, ...; an empty value is missing). A bad row\n"
      "refuses the whole file; rows of the same region, period and series are replaced");
  cmd->add_option("FILE", *file, "the CSV file")->required();
  cmd->add_flag("--json", *json, "print the summary as JSON");
  cmd->callback([&context, file, json] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(std::string text, registry::ReadFile(*file));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      const int64_t now = Now().time_since_epoch().count();
      ALLEY_ASSIGN_OR_RETURN(indicators::EconomyImportResult r,
                             indicators::ImportEconomyCsv(*store, text, *file, now));
      if (*json) {
        PrintJson({{"rows", r.rows},
                   {"missing", r.missing},
                   {"series", r.series},
                   {"regions", r.regions},
                   {"unresolved", r.unresolved}});
        return OkStatus();
      }
      std::cout << "imported " << Thousands(r.rows) << " figures (" << Thousands(r.missing)
                << " missing) of " << r.series.size() << " series for " << r.regions.size()
                << " regions";
      if (!r.unresolved.empty()) {
        std::cout << "; kept by name, no code: " << nlohmann::json(r.unresolved).dump();
      }
      std::cout << "\n";
      return OkStatus();
    });
  });
}

void RegisterContributionCommand(CLI::App& parent, Context& context) {
  struct Args {
    std::string series, growth, period;
    int top = indicators::kDefaultTop;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand(
      "contribution",
      "Each region's growth, contribution to the national increase and pull on national growth\n"
      "(percentage points), ranked by level, with the sum of the top N");
  cmd->add_option("--series", args->series, "the series of levels (e.g. gdp)")->required();
  cmd->add_option("--growth", args->growth,
                  "the series of published real growth rates in percent (default: nominal growth "
                  "from the levels)");
  cmd->add_option("--period", args->period, "the period (2024, 2024Q3, ...)")->required();
  cmd->add_option("--top", args->top, "how many of the largest regions to sum (default 10)");
  cmd->add_flag("--json", args->json, "print the answer as JSON");
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(nlohmann::json c,
                             indicators::EconomyContribution(*store, args->series, args->growth,
                                                             args->period, args->top));
      if (args->json) {
        PrintJson(c);
      } else {
        PrintContribution(c);
      }
      return OkStatus();
    });
  });
}

void RegisterRankingCommand(CLI::App& parent, Context& context) {
  struct Args {
    std::string series, period;
    int top = indicators::kDefaultTop;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand(
      "ranking",
      "The regions ranked by a series, each one's share of the national total, and "
      "the share of the top N");
  cmd->add_option("--series", args->series, "the series")->required();
  cmd->add_option("--period", args->period, "the period (2024, 2024Q3, ...)")->required();
  cmd->add_option("--top", args->top, "how many of the largest regions to sum (default 10)");
  cmd->add_flag("--json", args->json, "print the answer as JSON");
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(nlohmann::json r, indicators::EconomyRanking(*store, args->series,
                                                                          args->period, args->top));
      if (args->json) {
        PrintJson(r);
        return OkStatus();
      }
      std::cout << r["series"].get<std::string>() << " " << r["period"].get<std::string>()
                << "; national " << Num(r["national"], 2) << " (from "
                << r["national_source"].get<std::string>() << ")\n";
      for (const auto& row : r["regions"]) {
        std::string rank = row["rank"].is_null() ? "-" : std::to_string(row["rank"].get<int>());
        std::cout << fmt::format("{:>4}  {:<12} {:>14} {:>8}%\n", rank,
                                 row["region"].get<std::string>(), Num(row["value"], 2),
                                 Num(row["share_pct"], 2));
      }
      std::cout << "top " << r["top"]["n"].get<int>() << ": " << Num(r["top"]["sum"], 2) << " = "
                << Num(r["top"]["share_pct"], 2)
                << "% of the nation; without a figure: " << Names(r["top"]["missing"]) << "\n";
      return OkStatus();
    });
  });
}

void RegisterSeriesCommand(CLI::App& parent, Context& context) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = parent.add_subcommand("series", "Which series, regions and periods are stored");
  cmd->add_flag("--json", *json, "print the answer as JSON");
  cmd->callback([&context, json] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(nlohmann::json s, indicators::EconomySeries(*store));
      if (*json) {
        PrintJson(s);
        return OkStatus();
      }
      if (s["series"].empty()) std::cout << "no series stored\n";
      for (const auto& row : s["series"]) {
        std::string periods;
        for (const auto& p : row["periods"])
          periods += (periods.empty() ? "" : " ") + p.get<std::string>();
        std::cout << row["series"].get<std::string>() << ": " << row["regions"].size()
                  << " regions, periods " << periods << ", " << row["values"].get<int64_t>()
                  << " figures (" << row["missing"].get<int64_t>() << " missing)\n";
      }
      return OkStatus();
    });
  });
}

void RegisterDistributionCommand(CLI::App& parent, Context& context) {
  struct Args {
    std::string series, period, weights, urban, rural;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand(
      "distribution",
      "How evenly a series is spread over the regions: quintile ratio, Gini, Theil T; with\n"
      "--urban and --rural the urban/rural gap per region");
  cmd->add_option("--series", args->series, "the series (e.g. income per head)")->required();
  cmd->add_option("--period", args->period, "the period (2024, 2024Q3, ...)")->required();
  cmd->add_option("--weights", args->weights, "a series of weights (e.g. population)");
  cmd->add_option("--urban", args->urban, "the urban series of a gap (with --rural)");
  cmd->add_option("--rural", args->rural, "the rural series of a gap (with --urban)");
  cmd->add_flag("--json", args->json, "print the answer as JSON");
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(nlohmann::json d, indicators::EconomyDistribution(
                                                   *store, args->series, args->period,
                                                   args->weights, args->urban, args->rural));
      if (args->json) {
        PrintJson(d);
        return OkStatus();
      }
      std::cout << d["series"].get<std::string>() << " " << d["period"].get<std::string>()
                << " over " << d["regions"].get<int64_t>() << " regions"
                << (args->weights.empty() ? "" : ", weighted by " + args->weights) << "\n"
                << "  mean " << Num(d["mean"], 2) << ", poorest 20% " << Num(d["bottom20_mean"], 2)
                << ", richest 20% " << Num(d["top20_mean"], 2) << "\n"
                << "  quintile ratio " << Num(d["quintile_ratio"], 3) << ", Gini "
                << Num(d["gini"], 4) << ", Theil T " << Num(d["theil_t"], 4) << "\n"
                << "  left out (missing): " << Names(d["missing"]) << "\n";
      if (d.contains("urban_rural")) {
        for (const auto& g : d["urban_rural"]) {
          std::cout << fmt::format("  {:<12} urban {:>12} rural {:>12} ratio {:>6} gap {:>12}\n",
                                   g["region"].get<std::string>(), Num(g["urban"], 2),
                                   Num(g["rural"], 2), Num(g["ratio"], 3), Num(g["difference"], 2));
        }
      }
      return OkStatus();
    });
  });
}

}  // namespace

void RegisterEconomy(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand(
      "economy", "Regional economics: series per region and period, growth, contribution, pull");
  cmd->require_subcommand(1);
  RegisterImportCommand(*cmd, context);
  RegisterSeriesCommand(*cmd, context);
  RegisterContributionCommand(*cmd, context);
  RegisterRankingCommand(*cmd, context);
  RegisterDistributionCommand(*cmd, context);
}

}  // namespace alley::cli

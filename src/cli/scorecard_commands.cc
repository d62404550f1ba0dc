#include "cli/scorecard_commands.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/account_commands.h"
#include "cli/output.h"
#include "core/division.h"
#include "indicators/scorecard.h"
#include "registry/units.h"

namespace alley::cli {
namespace {

using nlohmann::json;

std::string Num(const json& v) {
  if (v.is_null()) return "-";
  return fmt::format("{:.1f}", v.get<double>());
}

void RegisterDefine(CLI::App& parent, Context& context) {
  struct Args {
    store::ScorecardRow row;
    std::vector<std::string> items;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand(
      "define", "Define (or redefine) a scorecard: weighted indicators, each scored 0..100");
  cmd->add_option("CODE", a->row.code, "its code: [a-z][a-z0-9_.]*")->required();
  cmd->add_option("--name", a->row.name, "its name")->required();
  cmd->add_option("--description", a->row.description, "what it measures");
  cmd->add_option("--item", a->items,
                  "indicator:weight[:lower][:range], repeatable: lower = lower is better, "
                  "range = min-max over the units compared (default: the share of the "
                  "indicator's target met)")
      ->required();
  cmd->callback([&context, a] {
    Run(context, [&]() -> Status {
      a->row.items.clear();
      for (const std::string& text : a->items) {
        ALLEY_ASSIGN_OR_RETURN(store::ScorecardItemRow item, indicators::ParseScorecardItem(text));
        a->row.items.push_back(std::move(item));
      }
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_RETURN_IF_ERROR(indicators::DefineScorecard(*store, a->row));
      std::cout << "scorecard " << a->row.code << " defined (" << a->row.items.size()
                << " items)\n";
      return OkStatus();
    });
  });
}

void RegisterList(CLI::App& parent, Context& context) {
  auto as_json = std::make_shared<bool>(false);
  CLI::App* cmd = parent.add_subcommand("list", "The scorecards with their items");
  cmd->add_flag("--json", *as_json, "print JSON");
  cmd->callback([&context, as_json] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::vector<store::ScorecardRow> rows,
                             indicators::ListScorecardDefinitions(*store));
      json out = json::array();
      for (const store::ScorecardRow& r : rows) out.push_back(indicators::ScorecardJson(r));
      if (*as_json) {
        PrintJson({{"scorecards", out}});
        return OkStatus();
      }
      for (const store::ScorecardRow& r : rows) {
        std::cout << r.code << "  " << r.name << (r.builtin ? "  (built-in)" : "") << "\n";
        for (const store::ScorecardItemRow& i : r.items) {
          std::cout << fmt::format("  {:<32} weight {:<6} {} {}{}\n", i.indicator, i.weight,
                                   i.direction, i.scoring,
                                   i.target ? fmt::format(" target {}", *i.target) : "");
        }
      }
      return OkStatus();
    });
  });
}

void RegisterRank(CLI::App& parent, Context& context) {
  struct Args {
    std::string code;
    std::string unit;
    std::string level = "community";
    std::string period;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand(
      "rank",
      "Score every unit of a level inside a unit for a period, ranked, with the previous "
      "period's score and the change");
  cmd->add_option("CODE", a->code, "the scorecard")->required();
  cmd->add_option("--unit", a->unit, "the unit whose units are ranked")->required();
  cmd->add_option("--level", a->level, "the level ranked (default community)");
  cmd->add_option("--period", a->period, "2026, 2026Q2, 2026-05 ...")->required();
  cmd->add_flag("--json", a->json, "print JSON");
  cmd->callback([&context, a] {
    Run(context, [&]() -> Status {
      std::optional<core::UnitLevel> level = core::ParseUnitLevel(a->level);
      if (!level) return InvalidArgumentError("--level: unknown level \"" + a->level + "\"");
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(core::Hierarchy hierarchy, registry::LoadHierarchy(*store));
      ALLEY_ASSIGN_OR_RETURN(
          indicators::ScorecardRanking ranking,
          indicators::RankUnits(
              *store, hierarchy,
              {.scorecard = a->code, .scope = a->unit, .level = *level, .period = a->period},
              Now()));
      const json j = indicators::RankingJson(ranking);
      if (a->json) {
        PrintJson(j);
        return OkStatus();
      }
      std::cout << fmt::format("{} {}: {} units of {}, {} (previous {})\n", ranking.scorecard,
                               ranking.name, ranking.level, ranking.scope, ranking.period,
                               ranking.previous_period);
      std::cout << fmt::format("{:>4}  {:<15} {:<20} {:>6} {:>8} {:>7}  {}\n", "rank", "unit",
                               "name", "score", "previous", "change", "missing");
      for (const json& u : j["units"]) {
        std::string missing;
        for (const json& m : u["missing"]) {
          missing += (missing.empty() ? "" : ", ") + m.get<std::string>();
        }
        std::cout << fmt::format(
            "{:>4}  {:<15} {:<20} {:>6} {:>8} {:>7}  {}\n",
            u["rank"].is_null() ? std::string("-") : std::to_string(u["rank"].get<int>()),
            u["unit"].get<std::string>(), u["name"].get<std::string>(), Num(u["score"]),
            Num(u["previous_score"]), Num(u["change"]), missing);
      }
      return OkStatus();
    });
  });
}

}  // namespace

void RegisterScorecard(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand(
      "scorecard",
      "Performance scorecards: weighted indicators per unit, scored 0..100, ranked, with trends");
  cmd->require_subcommand(1);
  RegisterDefine(*cmd, context);
  RegisterList(*cmd, context);
  RegisterRank(*cmd, context);
}

}  // namespace alley::cli

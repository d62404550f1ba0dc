#include "cli/indicator_commands.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/account_commands.h"
#include "cli/arguments.h"
#include "cli/output.h"
#include "core/division.h"
#include "indicators/indicator_queries.h"
#include "registry/files.h"
#include "registry/units.h"

namespace alley::cli {
namespace {

using nlohmann::json;

std::string Num(const json& v) {
  if (v.is_null()) return "-";
  const double x = v.get<double>();
  if (x == static_cast<double>(static_cast<int64_t>(x)) && std::abs(x) < 1e15) {
    return std::to_string(static_cast<int64_t>(x));
  }
  return std::abs(x) < 1 ? fmt::format("{:.4f}", x) : fmt::format("{:.2f}", x);
}

// Opens the store with the built-in catalogue in it.
StatusOr<store::Store*> IndicatorStore(Context& context) {
  ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
  ALLEY_RETURN_IF_ERROR(indicators::EnsureCatalogue(*store));
  return store;
}

void PrintCatalogue(const json& c) {
  std::cout << "data elements (" << c["elements"].size() << "):\n";
  for (const auto& e : c["elements"]) {
    std::string how = e["aggregation"].get<std::string>();
    if (!e["weight"].get<std::string>().empty()) how += " by " + e["weight"].get<std::string>();
    std::cout << fmt::format("  {:<30} {:<8} {:<12} {}\n", e["code"].get<std::string>(),
                             e["source"].get<std::string>(), how, e["name"].get<std::string>());
  }
  std::cout << "indicators (" << c["indicators"].size() << "):\n";
  for (const auto& i : c["indicators"]) {
    std::string target;
    if (!i["target"].is_null()) {
      target = "  target " + i["target"]["op"].get<std::string>() + " " + Num(i["target"]["value"]);
    }
    std::cout << fmt::format("  {:<38} = {}{}\n    {}\n", i["code"].get<std::string>(),
                             i["formula"].get<std::string>(), target, i["name"].get<std::string>());
  }
  std::cout << "validation rules (" << c["rules"].size() << "):\n";
  for (const auto& r : c["rules"]) {
    std::cout << fmt::format("  {:<30} {}\n", r["code"].get<std::string>(),
                             r["condition"].get<std::string>());
  }
}

void PrintTable(const json& t) {
  std::vector<std::string> codes;
  for (const auto& c : t["columns"]) codes.push_back(c["code"].get<std::string>());
  std::cout << fmt::format("{:<18} {:<24} {:<10}", "unit", "name", "period");
  for (const std::string& code : codes) std::cout << fmt::format(" {:>16}", code.substr(0, 16));
  std::cout << "\n";
  for (const auto& row : t["rows"]) {
    std::cout << fmt::format("{:<18} {:<24} {:<10}", row["unit"].get<std::string>(),
                             row["name"].get<std::string>(), row["period"].get<std::string>());
    for (const std::string& code : codes) {
      std::string cell = Num(row["values"][code]);
      if (row["targets"].contains(code) && !row["targets"][code]["met"].get<bool>()) {
        cell += "!";
      }
      std::cout << fmt::format(" {:>16}", cell);
    }
    std::cout << "\n";
  }
  std::cout << "(- missing; ! short of the target)\n";
}

struct QueryArgs {
  std::vector<std::string> codes;
  std::string unit;
  std::vector<std::string> periods;
  std::string units = "children";
  bool json = false;
};

void AddQueryOptions(CLI::App* cmd, QueryArgs& a) {
  cmd->add_option("--unit", a.unit, "the unit (its code)")->required();
  cmd->add_option("--period", a.periods,
                  "periods of one kind: 2026, 2026Q3, 2026-07, 2026-W05, 2026-07-15, or a range "
                  "2026-01..2026-06 (repeatable)")
      ->required();
  cmd->add_option("--units", a.units,
                  "which units to answer for: scope, children (default) or a level (street, "
                  "community, ...) inside the unit");
  cmd->add_flag("--json", a.json, "print the answer as JSON");
}

void RegisterList(CLI::App& parent, Context& context) {
  auto json_flag = std::make_shared<bool>(false);
  CLI::App* cmd = parent.add_subcommand(
      "list", "The data elements, indicators and validation rules, built-in and defined");
  cmd->add_flag("--json", *json_flag, "print them as JSON");
  cmd->callback([&context, json_flag] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, IndicatorStore(context));
      ALLEY_ASSIGN_OR_RETURN(json c, indicators::CatalogueJson(*store));
      if (*json_flag) {
        PrintJson(c);
      } else {
        PrintCatalogue(c);
      }
      return OkStatus();
    });
  });
}

void RegisterElement(CLI::App& parent, Context& context) {
  auto row = std::make_shared<store::IndicatorElementRow>();
  row->aggregation = "sum";
  CLI::App* cmd = parent.add_subcommand(
      "element",
      "Define (or redefine) a data element that offices enter: one number per unit "
      "and period");
  cmd->add_option("CODE", row->code, "its code: [a-z][a-z0-9_.]*")->required();
  cmd->add_option("--name", row->name, "its name (e.g. 社区养老服务设施建筑面积)")->required();
  cmd->add_option("--aggregation", row->aggregation,
                  "how its values combine up the hierarchy and over periods: sum (default), "
                  "average, last, max, min");
  cmd->add_option("--weight", row->weight, "for an average: the element it is weighted by");
  cmd->add_option("--measure", row->measure, "what one of it is (person, m2, yuan, %)");
  cmd->add_option("--entered-by", row->entered_by, "who enters it (an office or a role)");
  cmd->add_option("--description", row->description, "what it counts");
  cmd->callback([&context, row] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, IndicatorStore(context));
      ALLEY_RETURN_IF_ERROR(indicators::DefineElement(*store, *row));
      std::cout << "data element " << row->code << " defined\n";
      return OkStatus();
    });
  });
}

void RegisterDefine(CLI::App& parent, Context& context) {
  struct Args {
    store::IndicatorRow row;
    std::string target;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand(
      "define",
      "Define (or redefine) an indicator: a formula over data elements, other "
      "indicators and constants, with an optional target");
  cmd->add_option("CODE", a->row.code, "its code: [a-z][a-z0-9_.]*")->required();
  cmd->add_option("--name", a->row.name, "its name")->required();
  cmd->add_option("--formula", a->row.formula,
                  "e.g. \"nursery_places / residents * 1000\" or "
                  "\"(income / last_year(income) - 1) * 100\" (docs/indicators.md)")
      ->required();
  cmd->add_option("--measure", a->row.measure, "its measure (%, place per 1,000 residents)");
  cmd->add_option("--target", a->target, "the target or norm: \">=4.5\", \"<= 10\"");
  cmd->add_option("--target-source", a->row.target_source, "where the target comes from");
  cmd->add_option("--description", a->row.description, "what it measures");
  cmd->callback([&context, a] {
    Run(context, [&]() -> Status {
      if (!a->target.empty()) {
        std::string_view t = a->target;
        size_t op_end = 0;
        while (op_end < t.size() && (t[op_end] == '>' || t[op_end] == '<' || t[op_end] == '=')) {
          ++op_end;
        }
        a->row.target_op = std::string(t.substr(0, op_end));
        std::string number(t.substr(op_end));
        ALLEY_ASSIGN_OR_RETURN(double value, ParseDouble(number, "--target"));
        a->row.target = value;
      }
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, IndicatorStore(context));
      ALLEY_RETURN_IF_ERROR(indicators::DefineIndicator(*store, a->row));
      std::cout << "indicator " << a->row.code << " defined\n";
      return OkStatus();
    });
  });
}

void RegisterRule(CLI::App& parent, Context& context) {
  auto row = std::make_shared<store::IndicatorRuleRow>();
  CLI::App* cmd = parent.add_subcommand(
      "rule", "Define (or redefine) a validation rule: a condition every unit's figures meet");
  cmd->add_option("CODE", row->code, "its code: [a-z][a-z0-9_.]*")->required();
  cmd->add_option("--name", row->name, "its name")->required();
  cmd->add_option("--condition", row->condition, "e.g. \"residents_60_plus <= residents\"")
      ->required();
  cmd->add_option("--description", row->description, "what it guards");
  cmd->callback([&context, row] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, IndicatorStore(context));
      ALLEY_RETURN_IF_ERROR(indicators::DefineRule(*store, *row));
      std::cout << "validation rule " << row->code << " defined\n";
      return OkStatus();
    });
  });
}

void RegisterRemove(CLI::App& parent, Context& context) {
  auto code = std::make_shared<std::string>();
  CLI::App* cmd = parent.add_subcommand(
      "remove", "Remove an indicator, a validation rule or a data element nothing reads");
  cmd->add_option("CODE", *code, "its code")->required();
  cmd->callback([&context, code] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, IndicatorStore(context));
      ALLEY_RETURN_IF_ERROR(indicators::RemoveDefinition(*store, *code));
      std::cout << *code << " removed\n";
      return OkStatus();
    });
  });
}

void RegisterEnter(CLI::App& parent, Context& context) {
  struct Args {
    indicators::ValueInput v;
    std::string value;
    bool missing = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand(
      "enter", "Enter one value of a data element for a unit and period (replacing any before)");
  cmd->add_option("ELEMENT", a->v.element, "the data element")->required();
  cmd->add_option("--unit", a->v.unit_code, "the unit (its code)")->required();
  cmd->add_option("--period", a->v.period, "the period (2026, 2026Q3, 2026-07, ...)")->required();
  CLI::Option* value = cmd->add_option("--value", a->value, "the value");
  CLI::Option* missing = cmd->add_flag("--missing", a->missing, "enter it as not known");
  value->excludes(missing);
  cmd->callback([&context, a] {
    Run(context, [&]() -> Status {
      if (a->value.empty() && !a->missing) {
        return InvalidArgumentError("give --value or --missing");
      }
      if (!a->missing) {
        ALLEY_ASSIGN_OR_RETURN(double v, ParseDouble(a->value, "--value"));
        a->v.value = v;
      }
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, IndicatorStore(context));
      ALLEY_RETURN_IF_ERROR(indicators::EnterValues(*store, {a->v}, core::kNationCode,
                                                    CliActor().username, "cli",
                                                    Now().time_since_epoch().count()));
      std::cout << a->v.element << " of " << a->v.unit_code << " in " << a->v.period
                << " entered\n";
      return OkStatus();
    });
  });
}

void RegisterImport(CLI::App& parent, Context& context) {
  auto file = std::make_shared<std::string>();
  auto json_flag = std::make_shared<bool>(false);
  CLI::App* cmd = parent.add_subcommand(
      "import",
      "Import values from a CSV with the columns element,unit,period,value (an empty "
      "value is entered as missing); every row is checked first, all or none");
  cmd->add_option("FILE", *file, "the CSV file")->required();
  cmd->add_flag("--json", *json_flag, "print the summary as JSON");
  cmd->callback([&context, file, json_flag] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(std::string text, registry::ReadFile(*file));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, IndicatorStore(context));
      ALLEY_ASSIGN_OR_RETURN(
          indicators::ValueImportResult r,
          indicators::ImportValuesCsv(*store, text, *file, core::kNationCode, CliActor().username,
                                      Now().time_since_epoch().count()));
      if (*json_flag) {
        PrintJson({{"rows", r.rows}, {"missing", r.missing}});
      } else {
        std::cout << "imported " << Thousands(r.rows) << " values (" << Thousands(r.missing)
                  << " entered as missing)\n";
      }
      return OkStatus();
    });
  });
}

void RegisterShow(CLI::App& parent, Context& context) {
  auto a = std::make_shared<QueryArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "show",
      "Indicators and data elements for a unit and its children (or a level) over "
      "periods, filled from the ledger and the entered values, with targets");
  cmd->add_option("CODES", a->codes, "indicators or data elements (default: every indicator)");
  AddQueryOptions(cmd, *a);
  cmd->callback([&context, a] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, IndicatorStore(context));
      ALLEY_ASSIGN_OR_RETURN(indicators::IndicatorQuery q,
                             indicators::MakeQuery(a->unit, a->codes, a->periods, a->units));
      ALLEY_ASSIGN_OR_RETURN(core::Hierarchy hierarchy, registry::LoadHierarchy(*store));
      ALLEY_ASSIGN_OR_RETURN(json t, indicators::IndicatorTableJson(*store, hierarchy, q, Now()));
      if (a->json) {
        PrintJson(t);
      } else {
        PrintTable(t);
      }
      return OkStatus();
    });
  });
}

void RegisterCheck(CLI::App& parent, Context& context) {
  auto a = std::make_shared<QueryArgs>();
  auto rules = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = parent.add_subcommand(
      "check",
      "Check the validation rules for a unit and its children (or a level) and list "
      "the violations with the figures read");
  cmd->add_option("--rule", *rules, "only this rule (repeatable)");
  AddQueryOptions(cmd, *a);
  cmd->callback([&context, a, rules] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, IndicatorStore(context));
      ALLEY_ASSIGN_OR_RETURN(indicators::IndicatorQuery q,
                             indicators::MakeQuery(a->unit, {}, a->periods, a->units));
      ALLEY_ASSIGN_OR_RETURN(core::Hierarchy hierarchy, registry::LoadHierarchy(*store));
      ALLEY_ASSIGN_OR_RETURN(json r,
                             indicators::RuleCheckJson(*store, hierarchy, q, *rules, Now()));
      if (a->json) {
        PrintJson(r);
        return OkStatus();
      }
      std::cout << r["checked"].get<int64_t>() << " checks, " << r["unchecked"].get<int64_t>()
                << " with a missing figure, " << r["violations"].size() << " violations\n";
      for (const auto& v : r["violations"]) {
        std::string inputs;
        for (const auto& [name, value] : v["inputs"].items()) {
          inputs += (inputs.empty() ? "" : ", ") + name + " = " + Num(value);
        }
        std::cout << fmt::format("  {} {} {}: {} ({})\n", v["unit"].get<std::string>(),
                                 v["unit_name"].get<std::string>(), v["period"].get<std::string>(),
                                 v["condition"].get<std::string>(), inputs);
      }
      return OkStatus();
    });
  });
}

void RegisterDistribution(CLI::App& parent, Context& context) {
  struct Args {
    QueryArgs q;
    std::string code, weight, group_by;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand(
      "distribution",
      "How evenly an indicator is spread over a unit's children (or a level): quintile ratio,\n"
      "Gini, Theil T with its within/between split");
  cmd->add_option("CODE", a->code, "the indicator or data element")->required();
  cmd->add_option("--weight", a->weight, "a data element to weigh the units by (e.g. residents)");
  cmd->add_option("--group-by", a->group_by,
                  "split Theil within/between: parent or settlement (urban/rural)");
  AddQueryOptions(cmd, a->q);
  cmd->callback([&context, a] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, IndicatorStore(context));
      ALLEY_ASSIGN_OR_RETURN(indicators::IndicatorQuery q,
                             indicators::MakeQuery(a->q.unit, {}, a->q.periods, a->q.units));
      ALLEY_ASSIGN_OR_RETURN(core::Hierarchy hierarchy, registry::LoadHierarchy(*store));
      ALLEY_ASSIGN_OR_RETURN(
          json d, indicators::IndicatorDistributionJson(*store, hierarchy, q, a->code, a->weight,
                                                        a->group_by, Now()));
      if (a->q.json) {
        PrintJson(d);
        return OkStatus();
      }
      std::cout << a->code << " " << d["period"].get<std::string>() << " over "
                << d["units"].get<int64_t>() << " units (" << d["missing"].get<int64_t>()
                << " without a figure)\n  mean " << Num(d["mean"]) << ", lowest 20% "
                << Num(d["bottom20_mean"]) << ", highest 20% " << Num(d["top20_mean"])
                << ", quintile ratio " << Num(d["quintile_ratio"]) << "\n  Gini " << Num(d["gini"])
                << ", Theil T " << Num(d["theil_t"]);
      if (!d["theil_within"].is_null()) {
        std::cout << " = within " << Num(d["theil_within"]) << " + between "
                  << Num(d["theil_between"]);
      }
      std::cout << "\n";
      return OkStatus();
    });
  });
}

}  // namespace

void RegisterIndicator(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand(
      "indicator",
      "Indicators: data elements per unit and period (derived from the ledger or entered),\n"
      "formulas over them with targets, validation rules, for any unit and period");
  cmd->require_subcommand(1);
  RegisterList(*cmd, context);
  RegisterElement(*cmd, context);
  RegisterDefine(*cmd, context);
  RegisterRule(*cmd, context);
  RegisterRemove(*cmd, context);
  RegisterEnter(*cmd, context);
  RegisterImport(*cmd, context);
  RegisterShow(*cmd, context);
  RegisterCheck(*cmd, context);
  RegisterDistribution(*cmd, context);
}

}  // namespace alley::cli

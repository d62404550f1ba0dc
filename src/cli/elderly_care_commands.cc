// `alley canteen ...` and `alley visit ...`: senior canteens and visits to
// elderly people living alone from the command line (docs/cli.md). The
// command line acts at the nation's scope as the operating-system user
// (CliActor), like every other command; the domain validates and audits.
#include "cli/elderly_care_commands.h"

#include <charconv>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/account_commands.h"
#include "cli/arguments.h"
#include "cli/output.h"
#include "core/division.h"
#include "core/id_number.h"
#include "registry/accounts.h"
#include "registry/files.h"
#include "services/canteen_service.h"
#include "services/elderly_care_json.h"
#include "services/visits_service.h"

namespace alley::cli {
namespace {

StatusOr<services::Fen> YuanOption(const std::string& text, std::string_view option) {
  StatusOr<services::Fen> fen = services::ParseYuan(text);
  if (!fen.ok()) return fen.status().WithContext(std::string(option));
  return fen;
}

// "NAME=VALUE" split at the last '='.
StatusOr<std::pair<std::string, std::string>> Pair(const std::string& text, std::string_view option,
                                                   std::string_view form) {
  const size_t eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    return InvalidArgumentError(std::string(option) + ": \"" + text + "\" is not " +
                                std::string(form));
  }
  return std::make_pair(text.substr(0, eq), text.substr(eq + 1));
}

void PrintGroup(const store::CanteenGroupRow& g) {
  std::cout << g.group_key << "  " << (g.name.empty() ? "-" : g.name) << "  "
            << services::FormatYuan(g.price_fen) << " yuan"
            << (g.eligible_elderly ? "  eligible elderly" : "") << "  from "
            << g.valid_from.ToString();
  for (const store::CanteenGroupSubsidyRow& s : g.subsidies) {
    std::cout << "  " << s.payer << " pays " << services::FormatYuan(s.per_meal_fen);
  }
  std::cout << "\n";
}

void PrintFinances(const services::CanteenFinances& f) {
  using services::FormatYuan;
  const services::CanteenReport& r = f.report;
  std::cout << f.facility.name << " (" << f.facility.id << "), " << r.from.ToString() << " to "
            << r.to.ToString() << "; amounts in yuan\n";
  std::cout << "meals " << r.meals << " on " << r.days << " days (elderly " << r.elderly_meals
            << ")\n";
  std::cout << "revenue " << FormatYuan(r.revenue) << ", subsidy " << FormatYuan(r.subsidy)
            << ", cost " << FormatYuan(r.cost) << " (food " << FormatYuan(r.variable_cost)
            << ", fixed " << FormatYuan(r.fixed_cost) << "), surplus " << FormatYuan(r.surplus)
            << "\n";
  std::cout << "subsidy dependency ";
  if (r.subsidy_dependency) {
    std::cout << std::fixed << std::setprecision(1) << *r.subsidy_dependency * 100 << "%";
  } else {
    std::cout << "-";
  }
  std::cout << "\nbreak-even without subsidy: ";
  if (r.break_even_meals_per_day) {
    std::cout << std::fixed << std::setprecision(1) << *r.break_even_meals_per_day
              << " meals a day";
  } else {
    std::cout << r.break_even_note;
  }
  if (r.self_sustaining_price) {
    std::cout << "; self-sustaining price " << FormatYuan(*r.self_sustaining_price);
  }
  std::cout << "\n";
  for (const services::SettingChange& s : f.settings_changed) {
    std::cout << "note: " << s.what << " changed on " << s.date.ToString() << " (the settings of "
              << r.to.ToString() << " apply to the whole period)\n";
  }
}

void RegisterCanteenGroup(CLI::App* canteen, Context& context) {
  CLI::App* group = canteen->add_subcommand("group", "Diner groups: price, subsidies per meal");
  group->require_subcommand(1);

  struct SetArgs {
    int64_t facility = 0;
    std::string id, name, price, from;
    bool elderly = false;
    std::vector<std::string> subsidies;
    bool json = false;
  };
  auto set = std::make_shared<SetArgs>();
  CLI::App* set_cmd = group->add_subcommand(
      "set", "Set a diner group's price and per-meal subsidies from a date (default today)");
  set_cmd->add_option("--facility", set->facility, "the canteen's facility id")->required();
  set_cmd->add_option("--id", set->id, "the group's id, e.g. elderly_80 ([a-z0-9_])")->required();
  set_cmd->add_option("--price", set->price, "what a diner pays per meal, yuan")->required();
  set_cmd->add_option("--name", set->name, "the group's name, e.g. 80岁以上老人");
  set_cmd->add_flag("--elderly", set->elderly, "an eligible elderly subsidy tier");
  set_cmd->add_option("--subsidy", set->subsidies, "PAYER=YUAN per meal (repeat for each payer)");
  set_cmd->add_option("--from", set->from, "the first day it holds (YYYY-MM-DD; default today)");
  set_cmd->add_flag("--json", set->json, "print the group as JSON");
  set_cmd->callback([&context, set] {
    Run(context, [&]() -> Status {
      services::DinerGroupSetting s{
          .id = set->id, .name = set->name, .eligible_elderly = set->elderly};
      ALLEY_ASSIGN_OR_RETURN(s.price, YuanOption(set->price, "--price"));
      ALLEY_ASSIGN_OR_RETURN(s.valid_from, DateOr(context, set->from, "--from"));
      for (const std::string& text : set->subsidies) {
        ALLEY_ASSIGN_OR_RETURN(auto pair, Pair(text, "--subsidy", "PAYER=YUAN"));
        services::PerMealSubsidy p{.payer = pair.first};
        ALLEY_ASSIGN_OR_RETURN(p.per_meal, YuanOption(pair.second, "--subsidy " + pair.first));
        s.subsidies.push_back(std::move(p));
      }
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          store::CanteenGroupRow row,
          services::SetDinerGroup(*store, set->facility, s, core::kNationCode, CliActor(), Now()));
      if (set->json) {
        PrintJson(services::DinerGroupJson(row));
      } else {
        PrintGroup(row);
      }
      return OkStatus();
    });
  });

  struct ListArgs {
    int64_t facility = 0;
    std::string on;
    bool json = false;
  };
  auto list = std::make_shared<ListArgs>();
  CLI::App* list_cmd = group->add_subcommand("list", "The diner groups in force on a date");
  list_cmd->add_option("--facility", list->facility, "the canteen's facility id")->required();
  list_cmd->add_option("--on", list->on, "the date (YYYY-MM-DD; default today)");
  list_cmd->add_flag("--json", list->json, "print one JSON document");
  list_cmd->callback([&context, list] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date on, DateOr(context, list->on, "--on"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          std::vector<store::CanteenGroupRow> groups,
          services::DinerGroupsOn(*store, list->facility, on, core::kNationCode));
      if (list->json) {
        nlohmann::json doc = nlohmann::json::array();
        for (const store::CanteenGroupRow& g : groups) doc.push_back(services::DinerGroupJson(g));
        PrintJson(doc);
        return OkStatus();
      }
      for (const store::CanteenGroupRow& g : groups) PrintGroup(g);
      return OkStatus();
    });
  });
}

void RegisterCanteenMeals(CLI::App* canteen, Context& context) {
  CLI::App* meals = canteen->add_subcommand("meals", "Meals served");
  meals->require_subcommand(1);

  struct AddArgs {
    int64_t facility = 0;
    std::string date;
    std::vector<std::string> counts;
    int64_t resident = 0;
    bool json = false;
  };
  auto add = std::make_shared<AddArgs>();
  CLI::App* add_cmd = meals->add_subcommand("add", "Record one day's meal counts");
  add_cmd->add_option("--facility", add->facility, "the canteen's facility id")->required();
  add_cmd->add_option("--date", add->date, "the day served (YYYY-MM-DD; default today)");
  add_cmd->add_option("--count", add->counts, "GROUP=MEALS (repeat for each group)")->required();
  add_cmd->add_option("--resident", add->resident,
                      "the elderly resident (Alley id) the meals were for; one --count only");
  add_cmd->add_flag("--json", add->json, "print the stored counts as JSON");
  add_cmd->callback([&context, add] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date date, DateOr(context, add->date, "--date"));
      if (add->resident != 0 && add->counts.size() != 1) {
        return InvalidArgumentError("--resident: give exactly one --count with it");
      }
      std::vector<services::MealEntry> entries;
      for (const std::string& text : add->counts) {
        ALLEY_ASSIGN_OR_RETURN(auto pair, Pair(text, "--count", "GROUP=MEALS"));
        services::MealEntry e{.date = date, .group = pair.first};
        const auto [end, ec] =
            std::from_chars(pair.second.data(), pair.second.data() + pair.second.size(), e.meals);
        if (ec != std::errc() || end != pair.second.data() + pair.second.size()) {
          return InvalidArgumentError("--count " + pair.first + ": \"" + pair.second +
                                      "\" is not a whole number of meals");
        }
        if (add->resident != 0) e.resident_id = add->resident;
        entries.push_back(std::move(e));
      }
      ALLEY_ASSIGN_OR_RETURN(core::Date today, context.Today());
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::vector<store::CanteenMealRow> rows,
                             services::RecordMeals(*store, add->facility, entries, today,
                                                   core::kNationCode, CliActor(), Now()));
      if (add->json) {
        nlohmann::json doc = nlohmann::json::array();
        for (const store::CanteenMealRow& m : rows) doc.push_back(services::MealRowJson(m));
        PrintJson(doc);
        return OkStatus();
      }
      int64_t total = 0;
      for (const store::CanteenMealRow& m : rows) total += m.meals;
      std::cout << "recorded " << total << " meals in " << rows.size() << " counts on "
                << date.ToString() << "\n";
      return OkStatus();
    });
  });

  struct ImportArgs {
    std::string file;
    int64_t facility = 0;
    bool json = false;
  };
  auto import = std::make_shared<ImportArgs>();
  CLI::App* import_cmd = meals->add_subcommand(
      "import",
      "Import meal counts from CSV (columns date, group, meals, optional resident_id): every\n"
      "row is checked first; on an error (FILE:LINE: reason) nothing is stored.");
  import_cmd->add_option("FILE", import->file, "the CSV file")->required();
  import_cmd->add_option("--facility", import->facility, "the canteen's facility id")->required();
  import_cmd->add_flag("--json", import->json, "print the counts as JSON");
  import_cmd->callback([&context, import] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(std::string text, registry::ReadFile(import->file));
      ALLEY_ASSIGN_OR_RETURN(core::Date today, context.Today());
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(services::MealImport report,
                             services::ImportMealsCsv(*store, import->facility, import->file, text,
                                                      today, core::kNationCode, CliActor(), Now()));
      if (import->json) {
        PrintJson({{"rows", report.rows}, {"meals", report.meals}});
      } else {
        std::cout << "imported " << report.rows << " meal counts, " << report.meals << " meals\n";
      }
      return OkStatus();
    });
  });
}

void RegisterCanteenMoney(CLI::App* canteen, Context& context) {
  CLI::App* cost = canteen->add_subcommand("cost", "Costs: food per meal, staff, rent, ...");
  cost->require_subcommand(1);
  struct CostArgs {
    int64_t facility = 0;
    std::string kind, amount, date, note;
    bool json = false;
  };
  auto c = std::make_shared<CostArgs>();
  CLI::App* cost_cmd = cost->add_subcommand(
      "add",
      "Record a cost. food_per_meal is a rate per meal in force from its date; staff, rent,\n"
      "utilities and other are amounts counted in every period holding their date.");
  cost_cmd->add_option("--facility", c->facility, "the canteen's facility id")->required();
  cost_cmd->add_option("--kind", c->kind, "food_per_meal, staff, rent, utilities or other")
      ->required();
  cost_cmd->add_option("--amount", c->amount, "yuan (per meal for food_per_meal)")->required();
  cost_cmd->add_option("--date", c->date, "its date (YYYY-MM-DD; default today)");
  cost_cmd->add_option("--note", c->note, "a note");
  cost_cmd->add_flag("--json", c->json, "print the cost as JSON");
  cost_cmd->callback([&context, c] {
    Run(context, [&]() -> Status {
      services::CostEntry entry{.kind = c->kind, .note = c->note};
      ALLEY_ASSIGN_OR_RETURN(entry.date, DateOr(context, c->date, "--date"));
      ALLEY_ASSIGN_OR_RETURN(entry.amount, YuanOption(c->amount, "--amount"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          store::CanteenCostRow row,
          services::RecordCost(*store, c->facility, entry, core::kNationCode, CliActor(), Now()));
      if (c->json) {
        PrintJson(services::CostRowJson(row));
      } else {
        std::cout << "recorded " << row.kind << " " << services::FormatYuan(row.amount_fen)
                  << " yuan on " << row.date.ToString() << "\n";
      }
      return OkStatus();
    });
  });

  CLI::App* subsidy = canteen->add_subcommand("subsidy", "Lump-sum subsidies");
  subsidy->require_subcommand(1);
  struct SubsidyArgs {
    int64_t facility = 0;
    std::string payer, amount, date, purpose;
    bool json = false;
  };
  auto s = std::make_shared<SubsidyArgs>();
  CLI::App* subsidy_cmd =
      subsidy->add_subcommand("add", "Record a lump-sum subsidy (a grant, a donation)");
  subsidy_cmd->add_option("--facility", s->facility, "the canteen's facility id")->required();
  subsidy_cmd->add_option("--payer", s->payer, "who pays, e.g. 街道办事处")->required();
  subsidy_cmd->add_option("--amount", s->amount, "yuan")->required();
  subsidy_cmd->add_option("--date", s->date, "its date (YYYY-MM-DD; default today)");
  subsidy_cmd->add_option("--purpose", s->purpose, "what it is for");
  subsidy_cmd->add_flag("--json", s->json, "print the subsidy as JSON");
  subsidy_cmd->callback([&context, s] {
    Run(context, [&]() -> Status {
      services::LumpSumEntry entry{.payer = s->payer, .purpose = s->purpose};
      ALLEY_ASSIGN_OR_RETURN(entry.date, DateOr(context, s->date, "--date"));
      ALLEY_ASSIGN_OR_RETURN(entry.amount, YuanOption(s->amount, "--amount"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(store::CanteenSubsidyRow row,
                             services::RecordLumpSumSubsidy(*store, s->facility, entry,
                                                            core::kNationCode, CliActor(), Now()));
      if (s->json) {
        PrintJson(services::SubsidyRowJson(row));
      } else {
        std::cout << "recorded " << services::FormatYuan(row.amount_fen) << " yuan from "
                  << row.payer << " on " << row.date.ToString() << "\n";
      }
      return OkStatus();
    });
  });
}

}  // namespace

void RegisterCanteen(CLI::App& app, Context& context) {
  CLI::App* canteen = app.add_subcommand(
      "canteen", "Senior canteens (老年助餐点): groups, meals, costs, subsidies, finances");
  canteen->require_subcommand(1);
  RegisterCanteenGroup(canteen, context);
  RegisterCanteenMeals(canteen, context);
  RegisterCanteenMoney(canteen, context);

  struct ReportArgs {
    int64_t facility = 0;
    std::string from, to;
    bool json = false;
  };
  auto report = std::make_shared<ReportArgs>();
  CLI::App* report_cmd = canteen->add_subcommand(
      "report",
      "A period's finances: meals, revenue, cost, subsidy, subsidy dependency, break-even\n"
      "meals per day and the self-sustaining price (docs/services.md). Amounts in yuan.");
  report_cmd->add_option("--facility", report->facility, "the canteen's facility id")->required();
  report_cmd->add_option("--from", report->from, "the first day (YYYY-MM-DD)")->required();
  report_cmd->add_option("--to", report->to, "the last day, included (YYYY-MM-DD)")->required();
  report_cmd->add_flag("--json", report->json, "print one JSON document");
  report_cmd->callback([&context, report] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date from, DateOr(context, report->from, "--from"));
      ALLEY_ASSIGN_OR_RETURN(core::Date to, DateOr(context, report->to, "--to"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          services::CanteenFinances f,
          services::CanteenFinancesFor(*store, report->facility, from, to, core::kNationCode));
      if (report->json) {
        PrintJson(services::CanteenFinancesJson(f));
      } else {
        PrintFinances(f);
      }
      return OkStatus();
    });
  });
}

void RegisterVisit(CLI::App& app, Context& context) {
  CLI::App* visit = app.add_subcommand(
      "visit", "Visits to elderly people living alone (探访关爱) and who is overdue");
  visit->require_subcommand(1);

  struct AddArgs {
    std::string resident, date, outcome, visitor, visitor_user, notes;
    bool follow_up = false;
    bool json = false;
  };
  auto add = std::make_shared<AddArgs>();
  CLI::App* add_cmd = visit->add_subcommand("add", "Record a visit");
  add_cmd->add_option("RESIDENT", add->resident, "the resident's ID number, or Alley id")
      ->required();
  add_cmd
      ->add_option(
          "--outcome", add->outcome,
          "well, needs_help, not_at_home or hospitalised (or 安好, 需要帮助, 不在家, 住院)")
      ->required();
  add_cmd->add_option("--date", add->date, "the day of the visit (YYYY-MM-DD; default today)");
  CLI::Option* name = add_cmd->add_option("--visitor", add->visitor, "who went (a name)");
  add_cmd->add_option("--visitor-user", add->visitor_user, "who went (a user name)")
      ->excludes(name);
  add_cmd->add_flag("--follow-up", add->follow_up,
                    "something to follow up (needs_help requires it)");
  add_cmd->add_option("--notes", add->notes, "notes");
  add_cmd->add_flag("--json", add->json, "print the visit as JSON");
  add_cmd->callback([&context, add] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      services::NewVisit v{.outcome = add->outcome,
                           .follow_up_needed = add->follow_up,
                           .notes = add->notes,
                           .visitor_name = add->visitor};
      ALLEY_ASSIGN_OR_RETURN(v.resident_id, ResidentArgument(*store, add->resident, "--resident"));
      ALLEY_ASSIGN_OR_RETURN(v.date, DateOr(context, add->date, "--date"));
      if (!add->visitor_user.empty()) {
        ALLEY_ASSIGN_OR_RETURN(registry::User user, registry::FindUser(*store, add->visitor_user));
        v.visitor_user_id = user.id;
      }
      ALLEY_ASSIGN_OR_RETURN(core::Date today, context.Today());
      ALLEY_ASSIGN_OR_RETURN(
          services::VisitItem item,
          services::RecordVisit(*store, v, today, core::kNationCode, CliActor(), Now()));
      if (add->json) {
        PrintJson(services::VisitItemJson(item));
      } else {
        std::cout << "recorded visit " << item.visit.id << " to " << item.resident_name << " on "
                  << item.visit.date.ToString() << ": " << item.visit.outcome << "\n";
      }
      return OkStatus();
    });
  });

  struct ListArgs {
    std::string unit, resident, from, to;
    int64_t page = 1;
    int64_t page_size = registry::kDefaultPageSize;
    bool json = false;
  };
  auto list = std::make_shared<ListArgs>();
  CLI::App* list_cmd = visit->add_subcommand("list", "Visits in a unit's subtree, newest first");
  list_cmd->add_option("--unit", list->unit, "the unit code")->required();
  list_cmd->add_option("--resident", list->resident, "one resident (ID number or Alley id)");
  list_cmd->add_option("--from", list->from, "visits on or after (YYYY-MM-DD)");
  list_cmd->add_option("--to", list->to, "visits on or before (YYYY-MM-DD)");
  list_cmd->add_option("--page", list->page, "the page (default 1)");
  list_cmd->add_option("--page-size", list->page_size, "visits per page (default 20, at most 500)");
  list_cmd->add_flag("--json", list->json, "print one JSON document");
  list_cmd->callback([&context, list] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      services::VisitListQuery q{
          .unit_code = list->unit, .page = list->page, .page_size = list->page_size};
      if (!list->resident.empty()) {
        ALLEY_ASSIGN_OR_RETURN(q.resident_id,
                               ResidentArgument(*store, list->resident, "--resident"));
      }
      if (!list->from.empty()) {
        ALLEY_ASSIGN_OR_RETURN(q.from, DateOr(context, list->from, "--from"));
      }
      if (!list->to.empty()) {
        ALLEY_ASSIGN_OR_RETURN(q.to, DateOr(context, list->to, "--to"));
      }
      ALLEY_ASSIGN_OR_RETURN(services::VisitList visits,
                             services::ListVisits(*store, q, core::kNationCode, CliActor(), Now()));
      if (list->json) {
        nlohmann::json items = nlohmann::json::array();
        for (const services::VisitItem& v : visits.items) {
          items.push_back(services::VisitItemJson(v));
        }
        PrintJson({{"items", items}, {"total", visits.total}});
        return OkStatus();
      }
      for (const services::VisitItem& v : visits.items) {
        std::cout << v.visit.date.ToString() << "  " << v.resident_name << " ("
                  << v.visit.resident_id << ")  " << v.visit.outcome << "  by "
                  << v.visit.visitor_name << (v.visit.follow_up_needed ? "  follow-up" : "")
                  << "\n";
      }
      std::cout << visits.total << " visits\n";
      return OkStatus();
    });
  });

  struct OverdueArgs {
    std::string unit, on;
    bool json = false;
  };
  auto overdue = std::make_shared<OverdueArgs>();
  CLI::App* overdue_cmd = visit->add_subcommand(
      "overdue",
      "Who is overdue for a visit, per grid worker, most overdue first: residents aged 60+\n"
      "living alone, weekly from 80 or with a disability or special hardship, else\n"
      "fortnightly (docs/services.md).");
  overdue_cmd->add_option("--unit", overdue->unit, "the unit code")->required();
  overdue_cmd->add_option("--on", overdue->on, "the date (YYYY-MM-DD; default today)");
  overdue_cmd->add_flag("--json", overdue->json, "print one JSON document");
  overdue_cmd->callback([&context, overdue] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      services::OverdueQuery q{.unit_code = overdue->unit};
      ALLEY_ASSIGN_OR_RETURN(q.on, DateOr(context, overdue->on, "--on"));
      ALLEY_ASSIGN_OR_RETURN(
          services::OverdueList result,
          services::OverdueVisits(*store, q, core::kNationCode, CliActor(), Now()));
      if (overdue->json) {
        PrintJson(services::OverdueListJson(result));
        return OkStatus();
      }
      std::cout << result.overdue << " of " << result.on_schedule << " overdue on "
                << result.on.ToString() << "\n";
      for (const services::OverdueGroup& g : result.groups) {
        std::cout << (g.grid_worker_id ? g.grid_worker_name + " (" + g.grid_worker_username + ")"
                                       : std::string("no grid worker"))
                  << ": " << g.people.size() << " overdue\n";
        for (const services::OverduePerson& p : g.people) {
          std::cout << "  " << p.name << " (" << p.due.resident_id << ")  " << p.age << "  due "
                    << p.due.due.ToString() << "  " << p.due.days_overdue << " days overdue";
          if (p.due.unanswered_attempts > 0) {
            std::cout << "  " << p.due.unanswered_attempts << " unanswered";
          }
          std::cout << "\n";
        }
      }
      return OkStatus();
    });
  });
}

}  // namespace alley::cli

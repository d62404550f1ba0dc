// `alley concern ...`: residents' concerns from the command line — take one
// in, list, show, move it on, escalate the overdue, the three rates, hot
// spots, the categories. The command line acts at the nation's scope as the
// operating-system user (CliActor), like every other command.
#include "cli/concern_commands.h"

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "cli/account_commands.h"
#include "cli/arguments.h"
#include "cli/output.h"
#include "core/division.h"
#include "services/concerns.h"
#include "services/concerns_json.h"

namespace alley::cli {
namespace {

using services::Instant;

// An instant given on the command line (--at, --as-of): YYYY-MM-DDTHH:MM:SSZ;
// empty: now.
StatusOr<Instant> InstantOr(const std::string& text, std::string_view option) {
  if (text.empty()) return Now();
  StatusOr<store::Timestamp> t = store::ParseTimestamp(text);
  if (!t.ok()) return t.status().WithContext(std::string(option));
  return *t;
}

void PrintConcernLine(const store::ConcernRow& c) {
  std::cout << c.id << "  "
            << store::FormatTimestamp(store::Timestamp(std::chrono::seconds(c.received_at))) << "  "
            << c.unit_code << "  " << c.category << "  " << c.state;
  if (!c.assignee.empty()) std::cout << " → " << c.assignee;
  if (c.escalation > 0) std::cout << "  escalated " << c.escalation;
  std::cout << "  " << c.description.substr(0, 60) << "\n";
}

void RegisterAdd(CLI::App* cmd, Context& context) {
  struct Args {
    services::NewConcern c;
    double lat = 0;
    double lon = 0;
    int64_t resident = 0;
    std::string at;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* sub = cmd->add_subcommand(
      "add", "Take a concern in; its category decides the body and the deadlines");
  sub->add_option("--unit", a->c.unit_code, "where: a community, compound or grid code")
      ->required();
  sub->add_option("--category", a->c.category, "a category (alley concern categories)")->required();
  sub->add_option("--channel", a->c.channel, "hotline, app, walk_in, patrol or open311")
      ->required();
  sub->add_option("--description", a->c.description, "what the resident reports")->required();
  sub->add_option("--urgency", a->c.urgency, "normal (default), urgent or emergency");
  sub->add_option("--address", a->c.address, "the address or place");
  CLI::Option* lat = sub->add_option("--lat", a->lat, "latitude, WGS-84");
  CLI::Option* lon = sub->add_option("--lon", a->lon, "longitude, WGS-84");
  sub->add_option("--reporter-name", a->c.reporter_name, "who reported it (shown masked)");
  sub->add_option("--reporter-phone", a->c.reporter_phone, "their phone (stored encrypted)");
  CLI::Option* resident = sub->add_option("--resident", a->resident, "the reporter's resident id");
  sub->add_option("--at", a->at, "when it was received, YYYY-MM-DDTHH:MM:SSZ (default now)");
  sub->add_flag("--json", a->json, "print the concern as JSON");
  sub->callback([&context, a, lat, lon, resident] {
    Run(context, [&]() -> Status {
      if (lat->count() > 0) a->c.lat = a->lat;
      if (lon->count() > 0) a->c.lon = a->lon;
      if (resident->count() > 0) a->c.resident_id = a->resident;
      const Instant now = Now();
      if (!a->at.empty()) {
        ALLEY_ASSIGN_OR_RETURN(a->c.received_at, InstantOr(a->at, "--at"));
      }
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          store::ConcernRow row,
          services::TakeConcern(*store, a->c, core::kNationCode, CliActor(), now));
      if (a->json) {
        PrintJson(services::ConcernJson(row));
      } else {
        std::cout
            << "concern " << row.id << " received: " << row.category << " → " << row.responsible
            << ", respond by "
            << store::FormatTimestamp(store::Timestamp(std::chrono::seconds(row.response_due)))
            << ", resolve by "
            << store::FormatTimestamp(store::Timestamp(std::chrono::seconds(row.resolution_due)))
            << "\n";
      }
      return OkStatus();
    });
  });
}

void RegisterList(CLI::App* cmd, Context& context) {
  struct Args {
    std::string unit, state, category, from, to, text;
    bool overdue = false;
    int64_t page = 1;
    int64_t page_size = 50;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* sub = cmd->add_subcommand("list", "Concerns of a unit's subtree, newest first");
  sub->add_option("--unit", a->unit, "the unit code (default: all)");
  sub->add_option("--state", a->state, "only this state (received, dispatched, ...)");
  sub->add_option("--category", a->category, "only this category");
  sub->add_option("--from", a->from, "received on or after this day, YYYY-MM-DD");
  sub->add_option("--to", a->to, "received on or before this day, YYYY-MM-DD");
  sub->add_flag("--overdue", a->overdue, "only open concerns past a deadline now");
  sub->add_option("--text", a->text, "only those whose description or address contains this");
  sub->add_option("--page", a->page, "the page, from 1");
  sub->add_option("--page-size", a->page_size, "concerns per page, 1-1000 (default 50)");
  sub->add_flag("--json", a->json, "print JSON: {\"items\": [...], \"total\": N}");
  sub->callback([&context, a] {
    Run(context, [&]() -> Status {
      if (a->page < 1) return InvalidArgumentError("--page: from 1");
      if (a->page_size < 1 || a->page_size > 1000) {
        return InvalidArgumentError("--page-size: 1 to 1000");
      }
      const Instant now = Now();
      store::ConcernQuery q;
      q.subtree_code = a->unit;
      if (!a->state.empty()) q.state = a->state;
      if (!a->category.empty()) q.category = a->category;
      if (!a->from.empty()) {
        ALLEY_ASSIGN_OR_RETURN(core::Date d, DateOption(a->from, "--from"));
        q.received_from = services::PeriodStart({d, d}).time_since_epoch().count();
      }
      if (!a->to.empty()) {
        ALLEY_ASSIGN_OR_RETURN(core::Date d, DateOption(a->to, "--to"));
        q.received_to = services::PeriodEnd({d, d}).time_since_epoch().count();
      }
      if (a->overdue) q.overdue_at = now.time_since_epoch().count();
      if (!a->text.empty()) q.text = a->text;
      q.limit = a->page_size;
      q.offset = (a->page - 1) * a->page_size;
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(store::ConcernPage page,
                             services::ListConcerns(*store, q, core::kNationCode, CliActor(), now));
      if (a->json) {
        nlohmann::json items = nlohmann::json::array();
        for (const store::ConcernRow& c : page.items) items.push_back(services::ConcernJson(c));
        PrintJson({{"items", items}, {"total", page.total}});
        return OkStatus();
      }
      for (const store::ConcernRow& c : page.items) PrintConcernLine(c);
      std::cout << page.items.size() << " of " << page.total << " concerns\n";
      return OkStatus();
    });
  });
}

void RegisterShow(CLI::App* cmd, Context& context) {
  struct Args {
    int64_t id = 0;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* sub = cmd->add_subcommand("show", "One concern with every event");
  sub->add_option("ID", a->id, "the concern's id")->required();
  sub->add_flag("--json", a->json, "print JSON");
  sub->callback([&context, a] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(services::ConcernDetail d,
                             services::GetConcern(*store, a->id, core::kNationCode));
      if (a->json) {
        PrintJson(services::ConcernDetailJson(d));
        return OkStatus();
      }
      PrintConcernLine(d.concern);
      for (const store::ConcernEventRow& e : d.events) {
        std::cout << "  " << store::FormatTimestamp(store::Timestamp(std::chrono::seconds(e.at)))
                  << "  " << e.event << "  " << e.from_state << " → " << e.to_state << "  by "
                  << e.actor;
        if (!e.target.empty()) std::cout << "  to " << e.target;
        if (!e.reason.empty()) std::cout << "  reason: " << e.reason;
        if (!e.note.empty()) std::cout << "  note: " << e.note;
        if (!e.rating.empty()) std::cout << "  rating: " << e.rating;
        std::cout << "\n";
      }
      return OkStatus();
    });
  });
}

// One subcommand per event of the state machine.
void RegisterEvents(CLI::App* cmd, Context& context) {
  struct EventHelp {
    const char* name;
    const char* help;
  };
  static constexpr EventHelp kEvents[] = {
      {"dispatch", "Send a received concern to a body (--to; default: its category's)"},
      {"accept", "The body acknowledges it: its response"},
      {"start", "The body starts work on it"},
      {"resolve", "The body reports a resolution (--note)"},
      {"rate", "The resident rates the resolution (--rating)"},
      {"reopen", "Dispute a resolution (--reason; --to another body)"},
      {"transfer", "Hand it to another body (--to, --reason)"},
      {"close", "End it without (further) rating (--reason)"},
  };
  for (const EventHelp& event : kEvents) {
    struct Args {
      int64_t id = 0;
      std::string to, reason, note, rating, at;
      bool json = false;
    };
    auto a = std::make_shared<Args>();
    const std::string name = event.name;
    CLI::App* sub = cmd->add_subcommand(name, event.help);
    sub->add_option("ID", a->id, "the concern's id")->required();
    sub->add_option("--to", a->to, "a body (urban_management, street_office, ...) or unit code");
    sub->add_option("--reason", a->reason, "why (transfer, reopen, close)");
    sub->add_option("--note", a->note, "what was done (resolve)");
    sub->add_option("--rating", a->rating, "satisfied, basically_satisfied or not_satisfied");
    sub->add_option("--at", a->at, "when, YYYY-MM-DDTHH:MM:SSZ (default now)");
    sub->add_flag("--json", a->json, "print the concern as JSON");
    sub->callback([&context, a, name] {
      Run(context, [&]() -> Status {
        ALLEY_ASSIGN_OR_RETURN(Instant at, InstantOr(a->at, "--at"));
        ALLEY_ASSIGN_OR_RETURN(
            services::ConcernEvent e,
            services::ConcernEventFrom(name, a->to, a->reason, a->note, a->rating, 0));
        ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
        ALLEY_ASSIGN_OR_RETURN(store::ConcernRow row,
                               services::MoveConcern(*store, a->id, std::nullopt, e,
                                                     core::kNationCode, CliActor(), at));
        if (a->json) {
          PrintJson(services::ConcernJson(row));
        } else {
          std::cout << "concern " << row.id << " " << row.state << "\n";
        }
        return OkStatus();
      });
    });
  }
}

void RegisterEscalate(CLI::App* cmd, Context& context) {
  struct Args {
    std::string unit, at;
  };
  auto a = std::make_shared<Args>();
  CLI::App* sub = cmd->add_subcommand(
      "escalate", "Escalate every open concern past a deadline (level 1: response, 2: resolution)");
  sub->add_option("--unit", a->unit, "only this unit's subtree (default: all)");
  sub->add_option("--at", a->at, "as if at this time, YYYY-MM-DDTHH:MM:SSZ (default now)");
  sub->callback([&context, a] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(Instant at, InstantOr(a->at, "--at"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      const std::string within = a->unit.empty() ? std::string(core::kNationCode) : a->unit;
      ALLEY_ASSIGN_OR_RETURN(int64_t n, services::EscalateOverdue(*store, within, CliActor(), at));
      std::cout << n << " concerns escalated\n";
      return OkStatus();
    });
  });
}

void RegisterRates(CLI::App* cmd, Context& context) {
  struct Args {
    std::string unit, from, to, as_of, level;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* sub = cmd->add_subcommand(
      "rates",
      "The three rates (response, resolution, satisfaction) of the concerns received in a\n"
      "period (docs/services.md has the definitions); --by-month LEVEL: per unit and month");
  sub->add_option("--unit", a->unit, "the unit code")->required();
  sub->add_option("--from", a->from, "the first day, YYYY-MM-DD")->required();
  sub->add_option("--to", a->to, "the last day, YYYY-MM-DD (included)")->required();
  sub->add_option("--as-of", a->as_of, "as things stood then, YYYY-MM-DDTHH:MM:SSZ (default now)");
  sub->add_option("--by-month", a->level,
                  "per unit of this level (street, community, ...) and per month");
  sub->add_flag("--json", a->json, "print JSON");
  sub->callback([&context, a] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date from, DateOption(a->from, "--from"));
      ALLEY_ASSIGN_OR_RETURN(core::Date to, DateOption(a->to, "--to"));
      ALLEY_ASSIGN_OR_RETURN(Instant as_of, InstantOr(a->as_of, "--as-of"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(core::Hierarchy h, registry::LoadHierarchy(*store));
      if (!a->level.empty()) {
        std::optional<core::UnitLevel> level = core::ParseUnitLevel(a->level);
        if (!level) return InvalidArgumentError("--by-month: \"" + a->level + "\" is not a level");
        ALLEY_ASSIGN_OR_RETURN(
            services::MonthlyConcernCounts m,
            services::MonthlyRatesFor(*store, h, a->unit, *level, services::YearMonth::Of(from),
                                      services::YearMonth::Of(to), as_of));
        nlohmann::json rows = nlohmann::json::array();
        for (size_t u = 0; u < m.units.size(); ++u) {
          for (int month = 0; month < m.month_count; ++month) {
            nlohmann::json row = services::ConcernRatesJson(m.RatesAt(u, month));
            row["unit"] = h.Code(m.units[u]);
            row["name"] = h.Name(m.units[u]);
            services::YearMonth ym = m.first_month;
            const int64_t ordinal = ym.Ordinal() + month;
            ym.year = static_cast<int>(ordinal / 12);
            ym.month = static_cast<int>(ordinal % 12) + 1;
            row["month"] = ym.ToString();
            if (!a->json) {
              std::cout << row["unit"].get<std::string>() << "  " << ym.ToString() << "  received "
                        << row["received"] << "  response " << row["response_rate"]
                        << "  resolution " << row["resolution_rate"] << "  satisfaction "
                        << row["satisfaction_rate"] << "\n";
            }
            rows.push_back(std::move(row));
          }
        }
        if (a->json) PrintJson({{"unit", a->unit}, {"level", a->level}, {"rows", rows}});
        return OkStatus();
      }
      ALLEY_ASSIGN_OR_RETURN(services::ConcernRates rates,
                             services::RatesFor(*store, h, a->unit, {from, to}, as_of));
      nlohmann::json doc = services::ConcernRatesJson(rates);
      doc["unit"] = a->unit;
      doc["from"] = from.ToString();
      doc["to"] = to.ToString();
      doc["as_of"] = store::FormatTimestamp(as_of);
      if (a->json) {
        PrintJson(doc);
        return OkStatus();
      }
      auto percent = [](const nlohmann::json& v) {
        if (v.is_null()) return std::string("—");
        char text[16];
        std::snprintf(text, sizeof text, "%.1f%%", v.get<double>() * 100);
        return std::string(text);
      };
      std::cout << "received " << rates.counts.received << ", response rate "
                << percent(doc["response_rate"]) << ", resolution rate "
                << percent(doc["resolution_rate"]) << ", satisfaction rate "
                << percent(doc["satisfaction_rate"]) << ", open and overdue "
                << rates.counts.overdue_open << "\n";
      return OkStatus();
    });
  });
}

void RegisterHotSpots(CLI::App* cmd, Context& context) {
  struct Args {
    std::string unit, from, to;
    size_t top = 10;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* sub = cmd->add_subcommand("hotspots", "Places × categories with the most concerns");
  sub->add_option("--unit", a->unit, "the unit code")->required();
  sub->add_option("--from", a->from, "the first day, YYYY-MM-DD")->required();
  sub->add_option("--to", a->to, "the last day, YYYY-MM-DD (included)")->required();
  sub->add_option("--top", a->top, "how many (default 10)");
  sub->add_flag("--json", a->json, "print JSON");
  sub->callback([&context, a] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date from, DateOption(a->from, "--from"));
      ALLEY_ASSIGN_OR_RETURN(core::Date to, DateOption(a->to, "--to"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::vector<services::HotSpot> spots,
                             services::HotSpots(*store, a->unit, {from, to}, a->top));
      nlohmann::json doc = nlohmann::json::array();
      for (const services::HotSpot& s : spots) {
        doc.push_back(services::HotSpotJson(s));
        if (!a->json) {
          std::cout << s.unit_code << "  " << s.category << "  " << s.count << " (" << s.open
                    << " open)\n";
        }
      }
      if (a->json) PrintJson(doc);
      return OkStatus();
    });
  });
}

}  // namespace

void RegisterConcern(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand("concern", "Residents' concerns (接诉即办)");
  cmd->require_subcommand(1);
  RegisterAdd(cmd, context);
  RegisterList(cmd, context);
  RegisterShow(cmd, context);
  RegisterEvents(cmd, context);
  RegisterEscalate(cmd, context);
  RegisterRates(cmd, context);
  RegisterHotSpots(cmd, context);
  CLI::App* categories =
      cmd->add_subcommand("categories", "The categories, their bodies and time limits (JSON)");
  categories->callback([] { PrintJson(services::ConcernCategoriesJson()); });
}

}  // namespace alley::cli

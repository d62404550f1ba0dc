// `alley plan ...`: the planner's pipeline (src/planning), one subcommand per
// stage so that each can be re-run alone, and `alley plan run` for the whole.
// Each stage's subcommands live in a file of their own and are registered on
// the `plan` command by RegisterPlan (plan_commands.cc).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace alley::cli {

// Registers `plan` and every stage's subcommands below it.
void RegisterPlan(CLI::App& app, Context& context);

// The stages' subcommands, each in its own file.
// `network`, `import-osm`, `export-graph`, `import-graph`, `reach`
// (plan_network_commands.cc).
void RegisterPlanNetwork(CLI::App* plan, Context& context);
// `plan project`: the population projection (plan_project_command.cc).
void RegisterPlanProject(CLI::App* plan, Context& context);

// `run`: the whole pipeline for a unit and a facility type (plan_run_command.cc).
void RegisterPlanRun(CLI::App* plan, Context& context);
// `plan site`: siting on a cost table the user brings (plan_site_command.cc).
void RegisterPlanSite(CLI::App* plan, Context& context);
// `plan norms` and `plan access` (plan_access_command.cc): the life circle's
// thresholds, and accessibility, coverage and equity on tables a user brings.
void RegisterPlanAccess(CLI::App* plan, Context& context);
// `plan candidates add|import|list`: candidate sites (plan_candidate_commands.cc).
void RegisterPlanCandidates(CLI::App* plan, Context& context);
// `plan access-network` (plan_access_network_command.cc): accessibility on the
// stored walking network for homes and facilities given on its vertices.
void RegisterPlanAccessNetwork(CLI::App* plan, Context& context);

}  // namespace alley::cli

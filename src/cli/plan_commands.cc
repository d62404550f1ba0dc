#include "cli/plan_commands.h"

namespace alley::cli {

void RegisterPlan(CLI::App& app, Context& context) {
  CLI::App* plan = app.add_subcommand(
      "plan",
      "Planning: the walking network, catchments, accessibility, coverage of the\n"
      "15-minute life circle, equity, siting of new facilities, population projection");
  plan->require_subcommand(1);
  RegisterPlanNetwork(plan, context);
  RegisterPlanProject(plan, context);
  RegisterPlanRun(plan, context);
  RegisterPlanSite(plan, context);
  RegisterPlanAccess(plan, context);
  RegisterPlanCandidates(plan, context);
  RegisterPlanAccessNetwork(plan, context);
}

}  // namespace alley::cli

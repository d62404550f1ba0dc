// `alley nursery ...` (nursery_commands.cc): childcare — nursery classes,
// applications and the waiting list, inspections, oversight flags and the
// balance of places per unit (services/childcare_service.h).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace alley::cli {

void RegisterNursery(CLI::App& app, Context& context);

}  // namespace alley::cli

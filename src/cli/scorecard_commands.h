// `alley scorecard ...`: performance scorecards, weighted indicators per unit
// ranked with their trend (indicators/scorecard.h), in scorecard_commands.cc.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace alley::cli {

void RegisterScorecard(CLI::App& app, Context& context);

}  // namespace alley::cli

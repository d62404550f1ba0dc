// `alley caregiver ...`, `alley volunteer ...`, `alley order ...` and
// `alley timebank ...` (care_commands.cc): home services and the time bank.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace alley::cli {

void RegisterCare(CLI::App& app, Context& context);

}  // namespace alley::cli

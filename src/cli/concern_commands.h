// `alley concern ...` (concern_commands.cc): residents' concerns.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace alley::cli {

void RegisterConcern(CLI::App& app, Context& context);

}  // namespace alley::cli

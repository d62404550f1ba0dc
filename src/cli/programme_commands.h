// `alley programme ...` (enrolments in the programmes of services/programmes.h)
// and `alley platform ...` (platform workers, their coverage, rider rest
// stations), in programme_commands.cc. They act as CliActor() at the nation's
// scope, like every command.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace alley::cli {

// Registers both `programme` and `platform`.
void RegisterProgrammes(CLI::App& app, Context& context);

}  // namespace alley::cli

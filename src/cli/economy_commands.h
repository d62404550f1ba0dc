// `alley economy ...`: regional series imported from CSV, growth, each
// region's contribution to and pull on national growth, rankings and
// distribution (indicators/economy_queries.h), in economy_commands.cc.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace alley::cli {

void RegisterEconomy(CLI::App& app, Context& context);

}  // namespace alley::cli

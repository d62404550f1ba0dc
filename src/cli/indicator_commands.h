// `alley indicator ...`: data elements (derived from the ledger or entered),
// indicators as formulas with targets, validation rules, values entered or
// imported, and the tables and checks for any unit and period
// (indicators/indicator_queries.h), in indicator_commands.cc.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace alley::cli {

void RegisterIndicator(CLI::App& app, Context& context);

}  // namespace alley::cli

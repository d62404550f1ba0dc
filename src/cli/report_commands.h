// `alley report ...`: report templates that fill themselves (一表通) —
// define or import a template, list them, fill one for a unit and period
// (text, JSON, CSV, XLSX) and measure the burden they remove
// (indicators/reports.h), in report_commands.cc.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace alley::cli {

void RegisterReport(CLI::App& app, Context& context);

}  // namespace alley::cli

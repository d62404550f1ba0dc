// `alley canteen ...` (senior canteens' groups, meals, costs, subsidies and
// report) and `alley visit ...` (visits to elderly people living alone and
// the overdue list), in elderly_care_commands.cc.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace alley::cli {

void RegisterCanteen(CLI::App& app, Context& context);
void RegisterVisit(CLI::App& app, Context& context);

}  // namespace alley::cli

// `alley user ...`, `alley audit ...` and `alley apikey ...` (account_commands.cc), and what the
// other commands need to leave an audit record: who runs the command, and when.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "registry/audit.h"
#include "store/store.h"

namespace alley::cli {

// The operating-system user running the command, as the actor of an audit
// record: "cli:root". Commands run by whoever can open the database file.
registry::audit::Actor CliActor();

// The current time, to the second.
store::Timestamp Now();

void RegisterUser(CLI::App& app, Context& context);
void RegisterAudit(CLI::App& app, Context& context);
void RegisterApiKey(CLI::App& app, Context& context);

}  // namespace alley::cli

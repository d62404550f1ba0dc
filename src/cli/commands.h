// The CLI's subcommands. Each registers its options on the app and, when
// chosen, runs against the store named by --db, setting Context::exit_code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

namespace alley::cli {

struct Context {
  std::string db;
  int exit_code = 0;

  // Opens the store once per process.
  StatusOr<store::Store*> Store();
  // Today in China Standard Time, or $ALLEY_TODAY (YYYY-MM-DD) when set, so
  // that scripts and tests can pin the date.
  StatusOr<core::Date> Today() const;

 private:
  std::unique_ptr<store::Store> store_;
};

// Runs a command's body: its error, if any, is reported on stderr and sets
// the exit code (ReportError); success leaves 0.
void Run(Context& context, const std::function<Status()>& body);

void RegisterCommands(CLI::App& app, Context& context);
// `alley serve` (serve_command.cc); `argv0` finds the front end beside the binary.
void RegisterServe(CLI::App& app, Context& context, const char* argv0);

}  // namespace alley::cli

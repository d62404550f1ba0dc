// alley: the command-line interface. One subcommand per job, each thin: parse
// the arguments, call the domain, print the result or one line of error.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"

namespace {

int Main(int argc, char** argv) {
  using alley::cli::Context;
  CLI::App app{
      "Alley: grassroots social governance and public-service planning.\n"
      "The resident ledger under the national administrative hierarchy, with the\n"
      "Hailian demo community. Read commands take --json."};
  app.set_version_flag("--version", std::string("alley 0.1.0"));
  app.require_subcommand(1);
  app.fallthrough();

  Context context;
  const char* env_db = std::getenv("ALLEY_DB");
  context.db = env_db != nullptr && *env_db != '\0' ? env_db : "alley.db";
  app.add_option("--db", context.db,
                 "the database: a SQLite file (default alley.db, or $ALLEY_DB)");

  alley::cli::RegisterCommands(app, context);
  alley::cli::RegisterServe(app, context, argv[0]);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    for (char& c : message) {
      if (c == '\n') c = ' ';
    }
    std::cerr << "alley: usage: " << message << " (see alley --help)\n";
    return alley::cli::kUsageExitCode;
  }
  return context.exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  // Alley's own code reports failures as Status values; an exception here is a
  // library's (say, out of memory) and ends the run with one line, not a crash.
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    return alley::cli::ReportError(alley::InternalError(e.what()));
  } catch (...) {
    return alley::cli::ReportError(alley::InternalError("unknown exception"));
  }
}

// `alley serve`: the HTTP API and the web front end (src/api/server.h).
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "api/server.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace alley::cli {

namespace {

// The built front end when --web is not given: web/dist beside the binary's
// source checkout (build/alley -> web/dist), else none.
std::string DefaultWebDir(const char* argv0) {
  std::error_code ec;
  const std::filesystem::path binary = std::filesystem::weakly_canonical(argv0, ec);
  for (std::filesystem::path dir = binary.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    const std::filesystem::path candidate = dir / "web" / "dist";
    if (std::filesystem::is_regular_file(candidate / "index.html", ec)) return candidate.string();
    if (dir == dir.parent_path()) break;
  }
  return "";
}

}  // namespace

void RegisterServe(CLI::App& app, Context& context, const char* argv0) {
  auto options = std::make_shared<api::ServeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve the JSON API under /api/v1 (docs/http.md), /healthz, /metrics and the web\n"
      "front end on one origin, until SIGTERM or SIGINT (requests in flight finish).");
  cmd->add_option("--port", options->port, "the TCP port (default 8080; 0 picks a free one)");
  cmd->add_option("--bind", options->bind, "the address to listen on (default 127.0.0.1)");
  cmd->add_option("--web", options->web_dir,
                  "the built front end (default: web/dist of this checkout, when built)");
  cmd->add_option("--threads", options->threads,
                  "worker threads (default: 4 per core, at least 8)");
  cmd->add_option("--access-log", options->access_log,
                  "where the access log goes: - for stderr (default), a file, or '' for none");
  cmd->add_option("--census-dir", options->census_dir,
                  "the census files of GET /api/v1/plan/project (default "
                  "$ALLEY_SHARED_DATA/census when set)");
  std::string fallback_web = DefaultWebDir(argv0);
  cmd->callback([&context, options, fallback_web] {
    options->db = context.db;
    if (options->web_dir.empty()) options->web_dir = fallback_web;
    if (const char* shared = std::getenv("ALLEY_SHARED_DATA");
        options->census_dir.empty() && shared != nullptr && *shared != '\0') {
      options->census_dir = (std::filesystem::path(shared) / "census").string();
    }
    // $ALLEY_TODAY pins the date for the server as for every command.
    std::unique_ptr<core::FakeClock> pinned;
    if (const char* today = std::getenv("ALLEY_TODAY"); today != nullptr && *today != '\0') {
      StatusOr<core::Date> date = context.Today();
      if (!date.ok()) {
        context.exit_code = ReportError(date.status());
        return;
      }
      pinned = std::make_unique<core::FakeClock>(*date);
      options->clock = pinned.get();
    }
    Status status = api::Serve(*options);
    context.exit_code = status.ok() ? 0 : ReportError(status);
  });
}

}  // namespace alley::cli

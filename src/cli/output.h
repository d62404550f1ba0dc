// How the CLI speaks: exit codes for each Status, one-line errors, JSON.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "registry/json.h"
#include "registry/ledger.h"
#include "registry/units.h"

namespace alley::cli {

// The exit code of a command that failed with `status` (docs/cli.md):
// 0 OK, 2 usage, 3 invalid argument, 4 not found, 5 already exists,
// 6 failed precondition, 7 permission denied, 8 out of range, 9 unavailable,
// 10 data loss, 11 internal, 12 unauthenticated, 13 resource exhausted,
// 14 aborted.
int ExitCode(const Status& status);
inline constexpr int kUsageExitCode = 2;

// Prints "alley: <kind>: <message>" as one line on stderr and returns the exit code.
int ReportError(const Status& status);

// `n` with commas between thousands: 7266 → "7,266".
std::string Thousands(int64_t n);

// Prints `doc` as one JSON document on stdout.
void PrintJson(const nlohmann::json& doc);

using registry::SummaryJson;
using registry::UnitJson;
nlohmann::json ResidentJson(const registry::ResidentRecord& record);

// Writes `text` to `path` whole: into a temporary file beside it (path +
// ".partial"), renamed over it only once complete, so that a failure never
// leaves half a file. kUnavailable naming the file when it cannot.
Status WriteFileWhole(const std::filesystem::path& path, const std::string& text);

}  // namespace alley::cli

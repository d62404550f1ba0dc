// Small file helpers for the domain's importers and exporters.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.h"

namespace alley::registry {

// The whole file as bytes. kNotFound when missing; kUnavailable when unreadable.
StatusOr<std::string> ReadFile(const std::filesystem::path& path);

// Writes `content` to `path` atomically: to a temporary file beside it, then
// renamed over it, so that a reader never sees half a file.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

}  // namespace alley::registry

namespace alley::registry {

// Turns a CSV reader's "line N: reason" into "FILE:N: reason", the form every
// import error takes; any other message becomes "FILE: message".
Status AtFile(std::string_view file, const Status& status);

}  // namespace alley::registry

#include "registry/files.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace alley::registry {

StatusOr<std::string> ReadFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return NotFoundError(path.string() + ": no such file");
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgumentError(path.string() + ": is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return UnavailableError(path.string() + ": cannot open: " + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return UnavailableError(path.string() + ": read failed");
  return std::move(buffer).str();
}

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return UnavailableError(path.string() + ": cannot write: " + std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      return UnavailableError(path.string() + ": write failed");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return UnavailableError(path.string() + ": cannot replace: " + ec.message());
  }
  return OkStatus();
}

}  // namespace alley::registry

namespace alley::registry {

Status AtFile(std::string_view file, const Status& status) {
  if (status.ok()) return status;
  std::string_view message = status.message();
  constexpr std::string_view kLine = "line ";
  if (message.starts_with(kLine)) {
    size_t digits = kLine.size();
    while (digits < message.size() && message[digits] >= '0' && message[digits] <= '9') ++digits;
    if (digits > kLine.size() && message.substr(digits).starts_with(":")) {
      return Status(status.code(),
                    std::string(file) + ":" + std::string(message.substr(kLine.size())));
    }
  }
  return status.WithContext(file);
}

}  // namespace alley::registry

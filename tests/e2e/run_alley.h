// Running the built `alley` binary from an end-to-end test: one command line,
// its exit code, stdout and stderr. Every e2e test of the CLI goes through it.
//
//   e2e::Result r = e2e::RunAlley(ALLEY_BINARY, dir, {"--db", db, "unit", "show", "0"});
//   EXPECT_EQ(r.exit_code, 0) << r.err;
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace alley::e2e {

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
  nlohmann::json Json() const { return nlohmann::json::parse(out); }
};

// `s` in single quotes for /bin/sh.
inline std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The lines of `text`, without their line ends.
inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Runs `binary args...` with `env` ("NAME=value ..." or "") before it, stdin
// from /dev/null, stdout and stderr through files in `dir`.
inline Result RunAlley(const std::string& binary, const std::filesystem::path& dir,
                       const std::vector<std::string>& args, const std::string& env = "") {
  std::string command = env + " " + Quote(binary);
  for (const std::string& a : args) command += " " + Quote(a);
  command +=
      " </dev/null >" + Quote((dir / "stdout").string()) + " 2>" + Quote((dir / "stderr").string());
  const int status = std::system(command.c_str());
  Result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = Slurp(dir / "stdout");
  r.err = Slurp(dir / "stderr");
  return r;
}

}  // namespace alley::e2e

// Runs the behaviour scenarios in tests/scenarios/*.scenario (format: the
// README there): each file on a fresh database, each `$` command through the
// real `alley` binary, its output compared line for line.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace alley {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// "a b \"c d\"" → {a, b, "c d"}.
std::vector<std::string> SplitArgs(const std::string& line) {
  std::vector<std::string> args;
  std::string current;
  bool quoted = false;
  bool any = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) args.push_back(current);
      current.clear();
      any = false;
    } else {
      current += c;
      any = true;
    }
  }
  if (any) args.push_back(current);
  return args;
}

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(ALLEY_SCENARIO_DIR)) {
    if (entry.path().extension() == ".scenario") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class ScenarioTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    // Apart from the e2e folder, which its fixture empties while these run.
    dir_ = fs::path(ALLEY_SCENARIO_WORK_DIR) / GetParam();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  struct Result {
    int exit_code;
    std::string out;
    std::string err;
  };

  Result Run(const std::vector<std::string>& args) {
    std::string command = "cd " + Quote(ALLEY_SCENARIO_DIR) + " && ALLEY_TODAY=2026-06-30 " +
                          Quote(ALLEY_BINARY) + " --db " + Quote((dir_ / "s.db").string());
    for (const std::string& a : args) command += " " + Quote(a);
    command += " >" + Quote((dir_ / "out").string()) + " 2>" + Quote((dir_ / "err").string());
    int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), Slurp(dir_ / "out"),
            Slurp(dir_ / "err")};
  }

  // The small test hierarchy (tests/data/divisions).
  void SetUpDivisions() {
    Result r = Run({"import", "divisions", ALLEY_TEST_DIVISIONS});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // Runs one command and compares it with its expected block.
  void Check(int line, const std::string& command, const std::vector<std::string>& expected) {
    SCOPED_TRACE(GetParam() + ".scenario:" + std::to_string(line) + ": $ " + command);
    Result r = Run(SplitArgs(command));
    if (!expected.empty() && expected.front().starts_with("! ")) {
      std::istringstream spec(expected.front().substr(2));
      int code = 0;
      spec >> code;
      std::string message;
      std::getline(spec, message);
      if (!message.empty() && message.front() == ' ') message.erase(0, 1);
      EXPECT_EQ(r.exit_code, code) << r.err;
      EXPECT_EQ(r.err, message + "\n");
      EXPECT_EQ(r.out, "");
      return;
    }
    std::string want;
    for (const std::string& l : expected) want += l + "\n";
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, want);
  }

  fs::path dir_;
};

TEST_P(ScenarioTest, Runs) {
  std::ifstream in(fs::path(ALLEY_SCENARIO_DIR) / (GetParam() + ".scenario"));
  ASSERT_TRUE(in);
  std::string line;
  int number = 0;
  int command_line = 0;
  std::string command;
  std::vector<std::string> expected;
  int commands = 0;
  auto flush = [&] {
    if (command.empty()) return;
    Check(command_line, command, expected);
    ++commands;
    command.clear();
    expected.clear();
  };
  while (std::getline(in, line)) {
    ++number;
    if (line.starts_with("#")) continue;
    if (line.starts_with("$ ")) {
      flush();
      command = line.substr(2);
      command_line = number;
    } else if (line.starts_with("setup ")) {
      flush();
      ASSERT_EQ(line, "setup divisions") << "line " << number << ": unknown setup";
      SetUpDivisions();
    } else if (line.empty()) {
      flush();
    } else {
      ASSERT_FALSE(command.empty()) << "line " << number << ": output without a command";
      expected.push_back(line);
    }
  }
  flush();
  EXPECT_GT(commands, 0) << "a scenario without commands tests nothing";
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioTest, ::testing::ValuesIn(ScenarioFiles()),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace alley

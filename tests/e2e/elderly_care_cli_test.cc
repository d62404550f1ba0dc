// End to end through the `alley` binary: a senior canteen's month recorded
// from the command line (groups, a CSV of meals, costs) answers the contract
// keys of `canteen report --json`; a bad CSV row is refused with FILE:LINE and
// stores nothing; a visit and the overdue list. A fresh database on the small
// test hierarchy (tests/data/divisions), the date pinned.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace alley {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

class ElderlyCareCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    // Beside ALLEY_E2E_DIR, not in it: the e2e fixture (prepare.cmake) empties
    // that folder when it runs, and these tests do not wait for it.
    dir_ = fs::path(ALLEY_E2E_DIR).parent_path() / "e2e-elderly-care" /
           (std::string(info->test_suite_name()) + "." + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ASSERT_EQ(Alley({"import", "divisions", ALLEY_TEST_DIVISIONS}).exit_code, 0);
    Result canteen = Alley({"facility", "add", "--unit", "320706006010", "--type", "senior_canteen",
                            "--name", "海连助餐点", "--json"});
    ASSERT_EQ(canteen.exit_code, 0) << canteen.err;
    canteen_ = std::to_string(nlohmann::json::parse(canteen.out)["id"].get<int64_t>());
  }

  Result Alley(const std::vector<std::string>& args) {
    std::string command = "ALLEY_TODAY=2026-07-01 " + Quote(ALLEY_BINARY) + " --db " +
                          Quote((dir_ / "test.db").string());
    for (const std::string& a : args) command += " " + Quote(a);
    command += " </dev/null >" + Quote((dir_ / "stdout").string()) + " 2>" +
               Quote((dir_ / "stderr").string());
    const int status = std::system(command.c_str());
    Result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = Slurp(dir_ / "stdout");
    r.err = Slurp(dir_ / "stderr");
    return r;
  }

  fs::path dir_;
  std::string canteen_;
};

TEST_F(ElderlyCareCliTest, AMonthOfTheCanteenAnswersTheContractKeys) {
  ASSERT_EQ(Alley({"canteen", "group", "set", "--facility", canteen_, "--id", "elderly_60",
                   "--elderly", "--price", "12", "--subsidy", "区民政局=3", "--from", "2026-01-01"})
                .exit_code,
            0);
  ASSERT_EQ(Alley({"canteen", "group", "set", "--facility", canteen_, "--id", "public", "--price",
                   "15.00", "--from", "2026-01-01"})
                .exit_code,
            0);
  std::string csv = "date,group,meals\n";
  for (int d = 1; d <= 30; ++d) {
    const std::string day = "2026-04-" + std::string(d < 10 ? "0" : "") + std::to_string(d);
    csv += day + ",elderly_60,60\n" + day + ",public,20\n";
  }
  Write(dir_ / "april.csv", csv);
  Result imported =
      Alley({"canteen", "meals", "import", (dir_ / "april.csv").string(), "--facility", canteen_});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("2400 meals"));
  for (const auto& [kind, amount] : std::vector<std::pair<std::string, std::string>>{
           {"food_per_meal", "9"}, {"staff", "12000"}, {"rent", "3000"}, {"utilities", "1500"}}) {
    ASSERT_EQ(Alley({"canteen", "cost", "add", "--facility", canteen_, "--kind", kind, "--amount",
                     amount, "--date", "2026-04-01"})
                  .exit_code,
              0);
  }
  Result report = Alley({"canteen", "report", "--facility", canteen_, "--from", "2026-04-01",
                         "--to", "2026-04-30", "--json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const nlohmann::json j = nlohmann::json::parse(report.out);
  // The worked example of docs/services.md, in yuan.
  EXPECT_EQ(j["meals"], 2400);
  EXPECT_DOUBLE_EQ(j["revenue"].get<double>(), 30600);
  EXPECT_DOUBLE_EQ(j["cost"].get<double>(), 38100);
  EXPECT_DOUBLE_EQ(j["subsidy"].get<double>(), 5400);
  EXPECT_NEAR(j["subsidy_dependency"].get<double>(), 0.141732, 1e-6);
  EXPECT_NEAR(j["break_even_meals_per_day"].get<double>(), 146.667, 1e-3);

  // A bad row: the file is refused whole.
  Write(dir_ / "may.csv", "date,group,meals\n2026-05-01,public,20\n2026-05-02,public,-1\n");
  Result bad =
      Alley({"canteen", "meals", "import", (dir_ / "may.csv").string(), "--facility", canteen_});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_THAT(bad.err, HasSubstr("may.csv:3: column meals"));
  Result may = Alley({"canteen", "report", "--facility", canteen_, "--from", "2026-05-01", "--to",
                      "2026-05-31", "--json"});
  ASSERT_EQ(may.exit_code, 0) << may.err;
  EXPECT_EQ(nlohmann::json::parse(may.out)["meals"], 0);
  EXPECT_EQ(Alley({"canteen", "report", "--facility", "999", "--from", "2026-05-01", "--to",
                   "2026-05-31"})
                .exit_code,
            4);
}

TEST_F(ElderlyCareCliTest, AVisitAndTheOverdueList) {
  // 张老人, born 1940-05-06, living alone (the ID number's check digit is right).
  Write(dir_ / "r.csv", "name,id_number,tags\n张老人,320706194005060010,living_alone\n");
  Result imported = Alley({"import", "residents", (dir_ / "r.csv").string(), "--unit",
                           "320706006010", "--effective", "2026-06-01"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  Result visit = Alley({"visit", "add", "320706194005060010", "--outcome", "安好", "--date",
                        "2026-06-20", "--visitor", "网格员王", "--json"});
  ASSERT_EQ(visit.exit_code, 0) << visit.err;
  EXPECT_EQ(nlohmann::json::parse(visit.out)["outcome"], "well");
  Result overdue = Alley({"visit", "overdue", "--unit", "320706006010", "--json"});
  ASSERT_EQ(overdue.exit_code, 0) << overdue.err;
  const nlohmann::json j = nlohmann::json::parse(overdue.out);
  EXPECT_EQ(j["overdue"], 1);
  ASSERT_EQ(j["groups"].size(), 1u);
  EXPECT_TRUE(j["groups"][0]["grid_worker"].is_null()) << "no grid worker in this database";
  EXPECT_EQ(j["groups"][0]["overdue"][0]["days_overdue"], 4) << "weekly at 86: due 06-27";
  EXPECT_THAT(overdue.out, ::testing::Not(HasSubstr("320706194005060010")));
  Result future = Alley({"visit", "add", "320706194005060010", "--outcome", "well", "--date",
                         "2026-07-02", "--visitor", "x"});
  EXPECT_EQ(future.exit_code, 3);
}

}  // namespace
}  // namespace alley

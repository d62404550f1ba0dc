// End-to-end tests of `alley plan site`: the built binary on cost tables
// written to a temporary folder, as a spopt user would bring them; the JSON
// it prints, its errors and exit codes (docs/cli.md). No database is needed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "run_alley.h"

namespace alley {
namespace {

namespace fs = std::filesystem;
using e2e::Result;
using e2e::Slurp;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class PlanSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(ALLEY_E2E_DIR) / (std::string(info->test_suite_name()) + "." + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // Five clients on a line at 0, 1, 2, 10, 11 (weights 1, 1, 1, 5, 5) and
    // candidates at 0, 1, 10, 20; the cost is the distance.
    Write("demand.csv", "client,weight\na,1\nb,1\nc,1\nd,5\ne,5\n");
    const std::vector<std::pair<std::string, int>> clients = {
        {"a", 0}, {"b", 1}, {"c", 2}, {"d", 10}, {"e", 11}};
    const std::vector<std::pair<std::string, int>> sites = {
        {"S20", 20}, {"S10", 10}, {"S01", 1}, {"S00", 0}};
    std::string costs = "client,facility,cost\n";
    for (const auto& [c, x] : clients) {
      for (const auto& [f, y] : sites) {
        costs += c + "," + f + "," + std::to_string(std::abs(x - y)) + "\n";
      }
    }
    Write("costs.csv", costs);
  }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  Result Alley(const std::vector<std::string>& args) {
    return e2e::RunAlley(ALLEY_BINARY, dir_, args);
  }

  // `plan site` on costs.csv and demand.csv with `more` arguments.
  Result Site(std::vector<std::string> more) {
    std::vector<std::string> args = {
        "plan", "site", "--costs", Path("costs.csv"), "--demand", Path("demand.csv")};
    args.insert(args.end(), more.begin(), more.end());
    return Alley(args);
  }

  fs::path dir_;
};

TEST_F(PlanSiteTest, MclpJson) {
  for (const char* exact : {"", "--exact"}) {
    std::vector<std::string> args = {"--model", "mclp", "--p", "1", "--radius", "1", "--json"};
    if (*exact != '\0') args.emplace_back(exact);
    Result r = Site(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json j = r.Json();
    EXPECT_THAT(j["sites"], ElementsAre("S10"));
    EXPECT_EQ(j["objective"], 10);
    EXPECT_EQ(j["covered_weight"], 10);
    EXPECT_EQ(j["uncovered_clients"], 3);
    EXPECT_EQ(j["model"], "mclp");
    EXPECT_EQ(j["solver"], *exact != '\0' ? "cbc" : "heuristic");
    EXPECT_EQ(j["optimal"], *exact != '\0');
    EXPECT_FALSE(j.contains("mean_cost"));
  }
  Result two = Site({"--model", "mclp", "--p", "2", "--radius", "1", "--json"});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_THAT(two.Json()["sites"], ElementsAre("S01", "S10"));  // name order
  EXPECT_EQ(two.Json()["uncovered_clients"], 0);
}

TEST_F(PlanSiteTest, PMedianJson) {
  Result r = Site({"--model", "pmedian", "--p", "2", "--exact", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = r.Json();
  EXPECT_THAT(j["sites"], ElementsAre("S01", "S10"));
  EXPECT_EQ(j["objective"], 7);
  EXPECT_DOUBLE_EQ(j["mean_cost"].get<double>(), 7.0 / 13);
  EXPECT_EQ(j["optimal"], true);
  EXPECT_EQ(j["solver"], "cbc");
  EXPECT_FALSE(j.contains("covered_weight"));
  Result h = Site({"--model", "pmedian", "--p", "1", "--json"});
  ASSERT_EQ(h.exit_code, 0) << h.err;
  EXPECT_THAT(h.Json()["sites"], ElementsAre("S10"));
  EXPECT_EQ(h.Json()["objective"], 32);
}

TEST_F(PlanSiteTest, LscpJson) {
  Result r = Site({"--model", "lscp", "--radius", "1", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.Json()["sites"], ElementsAre("S01", "S10"));
  EXPECT_EQ(r.Json()["objective"], 2);
  EXPECT_EQ(r.Json()["uncovered_clients"], 0);
  // A client no candidate reaches within 0.5.
  Result none = Site({"--model", "lscp", "--radius", "0.5"});
  EXPECT_EQ(none.exit_code, 6);
  EXPECT_THAT(none.err, HasSubstr("has no candidate facility within radius 0.5"));
}

TEST_F(PlanSiteTest, Capacity) {
  Write("capacity.csv", "facility,capacity\nS10,4\n");
  Result r = Site({"--model", "mclp", "--p", "1", "--radius", "1", "--capacity",
                   Path("capacity.csv"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // S10 now serves only 4 of d and e's 10: S01's 3 are not better, S00 has 2.
  EXPECT_THAT(r.Json()["sites"], ElementsAre("S10"));
  EXPECT_EQ(r.Json()["covered_weight"], 4);
  Result p2 = Site({"--model", "mclp", "--p", "2", "--radius", "1", "--capacity",
                    Path("capacity.csv"), "--exact", "--json"});
  ASSERT_EQ(p2.exit_code, 0) << p2.err;
  EXPECT_THAT(p2.Json()["sites"], ElementsAre("S01", "S10"));
  EXPECT_EQ(p2.Json()["covered_weight"], 7);
  Result wrong = Site({"--model", "pmedian", "--p", "1", "--capacity", Path("capacity.csv")});
  EXPECT_EQ(wrong.exit_code, 3);
  EXPECT_THAT(wrong.err, HasSubstr("--capacity: only the mclp model"));
}

TEST_F(PlanSiteTest, HeuristicWithinOnePercentOfCbc) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> coord(0, 100);
  std::string demand = "client,weight\n";
  std::string costs = "client,facility,cost\n";
  std::vector<std::pair<double, double>> sites(15);
  for (auto& s : sites) s = {coord(rng), coord(rng)};
  for (int i = 0; i < 60; ++i) {
    double x = coord(rng);
    double y = coord(rng);
    demand += "c" + std::to_string(i) + "," + std::to_string(1 + i % 7) + "\n";
    for (size_t j = 0; j < sites.size(); ++j) {
      double d = std::round(std::hypot(x - sites[j].first, y - sites[j].second));
      costs += "c" + std::to_string(i) + ",f" + std::to_string(j) + "," + std::to_string(d) + "\n";
    }
  }
  Write("demand.csv", demand);
  Write("costs.csv", costs);
  for (const std::vector<std::string>& model :
       {std::vector<std::string>{"--model", "pmedian", "--p", "4"},
        std::vector<std::string>{"--model", "mclp", "--p", "3", "--radius", "25"}}) {
    std::vector<std::string> heuristic = model;
    heuristic.emplace_back("--json");
    std::vector<std::string> exact = heuristic;
    exact.emplace_back("--exact");
    Result h = Site(heuristic);
    Result e = Site(exact);
    ASSERT_EQ(h.exit_code, 0) << h.err;
    ASSERT_EQ(e.exit_code, 0) << e.err;
    double ho = h.Json()["objective"];
    double eo = e.Json()["objective"];
    EXPECT_TRUE(e.Json()["optimal"].get<bool>());
    if (model[1] == "pmedian") {
      EXPECT_LE(ho, 1.01 * eo);
      EXPECT_GE(ho, eo - 1e-6);
    } else {
      EXPECT_GE(ho, 0.99 * eo);
      EXPECT_LE(ho, eo + 1e-6);
    }
  }
}

TEST_F(PlanSiteTest, ReadableText) {
  Result r = Site({"--model", "pmedian", "--p", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("pmedian by heuristic: 2 of 4 candidates"));
  EXPECT_THAT(r.out, HasSubstr("sites: S01 S10\n"));
  EXPECT_THAT(r.out, HasSubstr("mean cost 0.538462"));
  Result m = Site({"--model", "mclp", "--p", "1", "--radius", "1", "--exact"});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_THAT(m.out, StartsWith("mclp by cbc (optimal): 1 of 4 candidates"));
  EXPECT_THAT(m.out, HasSubstr("covered weight 10 of 13 (76.9%); 3 of 5 clients uncovered"));
}

TEST_F(PlanSiteTest, RefusesAnIncompleteOrInfiniteTable) {
  std::string costs = Slurp(dir_ / "costs.csv");
  // Without the pair (c, S10).
  std::string missing = costs;
  missing.erase(missing.find("c,S10,8\n"), 8);
  Write("costs.csv", missing);
  Result r = Site({"--model", "pmedian", "--p", "1", "--json"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, StartsWith("alley: invalid argument: " + Path("costs.csv") +
                                ": no cost for client \"c\" and facility \"S10\""));
  std::string infinite = costs;
  infinite.replace(infinite.find("c,S10,8\n"), 8, "c,S10,inf\n");
  Write("costs.csv", infinite);
  r = Site({"--model", "pmedian", "--p", "1"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr(Path("costs.csv") + ":11: column cost: \"inf\" is not finite"));
  Write("costs.csv", costs + "x,S10,1\n");
  r = Site({"--model", "pmedian", "--p", "1"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr(":22: column client: \"x\" is not a client of"));
  Write("costs.csv", costs + "a,S10,1\n");
  r = Site({"--model", "pmedian", "--p", "1"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr(":22: column facility: client \"a\" and facility \"S10\" are "
                               "listed twice (first on line 3)"));
  Write("costs.csv", costs + "a,S10,-1\n");
  r = Site({"--model", "pmedian", "--p", "1"});
  EXPECT_THAT(r.err, HasSubstr(":22: column cost: -1 is negative"));
}

TEST_F(PlanSiteTest, RefusesBadOptions) {
  auto check = [&](std::vector<std::string> args, int code, const std::string& message) {
    Result r = Site(std::move(args));
    EXPECT_EQ(r.exit_code, code) << r.err;
    EXPECT_THAT(r.err, HasSubstr(message));
  };
  check({"--model", "pcenter", "--p", "1"}, 3, "--model: \"pcenter\" is not one of");
  check({"--model", "mclp", "--p", "1"}, 3, "--radius: required for the mclp model");
  check({"--model", "lscp"}, 3, "--radius: required for the lscp model");
  check({"--model", "pmedian"}, 3, "--p: required for the pmedian model");
  check({"--model", "pmedian", "--p", "two"}, 3, "--p: \"two\" is not a whole number");
  check({"--model", "pmedian", "--p", "1", "--radius", "3"}, 3, "takes no radius");
  check({"--model", "mclp", "--p", "1", "--radius", "-1"}, 3, "--radius: -1 is negative");
  check({"--model", "mclp", "--p", "1", "--radius", "inf"}, 3, "--radius: \"inf\" is not finite");
  check({"--model", "pmedian", "--p", "0"}, 8, "p must be 1..4");
  check({"--model", "pmedian", "--p", "5"}, 8, "got 5");
  Result usage = Alley({"plan", "site", "--model", "pmedian", "--p", "1"});
  EXPECT_EQ(usage.exit_code, 2);
  Result missing = Alley({"plan", "site", "--costs", Path("nope.csv"), "--demand",
                          Path("demand.csv"), "--model", "pmedian", "--p", "1"});
  EXPECT_EQ(missing.exit_code, 4);
  EXPECT_THAT(missing.err, HasSubstr("nope.csv: no such file"));
}

}  // namespace
}  // namespace alley

// End to end through the `alley` binary: `alley plan norms` and `alley plan
// access` on three small tables written here, checked against figures worked
// by hand; a bad row and an unknown facility type are refused with their exit
// codes (docs/cli.md). No database is needed.
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

#include "../e2e/run_alley.h"

namespace alley {
namespace {

namespace fs = std::filesystem;
using e2e::Result;
using e2e::Slurp;
using ::testing::DoubleNear;
using ::testing::HasSubstr;

void Write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

class PlanAccessCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ =
        fs::path(ALLEY_TEST_WORK_DIR) / (std::string(info->test_suite_name()) + "." + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // Two units; home c is 3,500 ds from k2 only, past a kindergarten's 3,000.
    Write(dir_ / "demand.csv",
          "home,demand,target,unit\na,100,5,north\nb,300,0,south\nc,50,2,north\n");
    Write(dir_ / "supply.csv", "facility,supply\nk1,40\nk2,10\n");
    Write(dir_ / "pairs.csv", "home,facility,time_ds\na,k1,600\nb,k1,2500\na,k2,4000\nc,k2,3500\n");
  }

  Result Alley(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--db", (dir_ / "unused.db").string()};
    all.insert(all.end(), args.begin(), args.end());
    return e2e::RunAlley(ALLEY_BINARY, dir_, all);
  }

  std::vector<std::string> Tables() const {
    return {"plan",     "access",
            "--demand", (dir_ / "demand.csv").string(),
            "--supply", (dir_ / "supply.csv").string(),
            "--pairs",  (dir_ / "pairs.csv").string()};
  }

  fs::path dir_;
};

TEST_F(PlanAccessCliTest, NormsListEveryFacilityType) {
  const Result r = Alley({"plan", "norms", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["items"].size(), 8u);
  bool kindergarten = false;
  for (const auto& item : doc["items"]) {
    if (item["type"] == "kindergarten") {
      kindergarten = true;
      EXPECT_EQ(item["distance_m"], 300.0);
      EXPECT_EQ(item["walk_ds"], 3000);
      EXPECT_EQ(item["target"], "children_3_5");
      EXPECT_THAT(item["clause"].get<std::string>(), HasSubstr("GB 50180-2018"));
    }
  }
  EXPECT_TRUE(kindergarten);
}

TEST_F(PlanAccessCliTest, KindergartenCoverageAndEquityByHand) {
  std::vector<std::string> args = Tables();
  for (const char* a : {"--type", "kindergarten", "--method", "2sfca", "--json", "--out"}) {
    args.emplace_back(a);
  }
  args.push_back((dir_ / "homes.csv").string());
  const Result r = Alley(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  // k1 serves a and b (400 people, 40 places: 0.1 each); k2 reaches only c,
  // past 3,000 ds, so its 10 places serve nobody.
  EXPECT_EQ(doc["threshold_ds"], 3000);
  EXPECT_EQ(doc["residents"], 450.0);
  EXPECT_EQ(doc["reached_supply"], 40.0);
  EXPECT_EQ(doc["unreached_supply"], 10.0);
  EXPECT_THAT(doc["covered"].get<double>(), DoubleNear(400.0 / 450.0, 1e-12));
  EXPECT_THAT(doc["target_covered"].get<double>(), DoubleNear(5.0 / 7.0, 1e-12));
  EXPECT_EQ(doc["unserved"], 1);
  // One person in nine has 0, the rest the same: the Gini is 1/9.
  EXPECT_THAT(doc["gini"].get<double>(), DoubleNear(1.0 / 9.0, 1e-12));
  EXPECT_EQ(doc["worst_decile"]["threshold"], 0.0);
  ASSERT_EQ(doc["units"].size(), 2u);
  EXPECT_EQ(doc["units"][0]["unit"], "north");
  EXPECT_THAT(doc["units"][0]["mean_access"].get<double>(), DoubleNear(10.0 / 150.0, 1e-12));
  EXPECT_TRUE(doc["units"][1]["target_covered"].is_null());  // no children in the south
  const std::string homes = Slurp(dir_ / "homes.csv");
  EXPECT_THAT(homes, HasSubstr("home,unit,demand,access,nearest_ds,covered\r\n"));
  EXPECT_THAT(homes, HasSubstr("c,north,50.0,0.0,3500,0\r\n"));
}

TEST_F(PlanAccessCliTest, RefusesBadInputWithItsExitCode) {
  std::vector<std::string> args = Tables();
  args.emplace_back("--type");
  args.emplace_back("swimming_pool");
  Result r = Alley(args);
  EXPECT_EQ(r.exit_code, 4);  // not found
  EXPECT_THAT(r.err, HasSubstr("known types: senior_canteen"));

  Write(dir_ / "pairs.csv", "home,facility,time_ds\na,k1,600\nzz,k1,5\n");
  r = Alley(Tables());
  EXPECT_EQ(r.exit_code, 3);  // invalid argument
  EXPECT_THAT(r.err, HasSubstr("pairs.csv line 3: home \"zz\""));

  args = Tables();
  args.emplace_back("--method");
  args.emplace_back("3sfca");
  r = Alley(args);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("--method"));
}

}  // namespace
}  // namespace alley

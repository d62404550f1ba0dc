// End to end through the `alley` binary: `plan access-network` on the demo's
// walking network (a fresh database of the small test hierarchy). Its answer
// is checked against E2SFCA computed here, independently, from the times
// `plan reach` gives; and its refusals name the file and line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "run_alley.h"

namespace alley {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class PlanAccessNetworkTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::path(ALLEY_E2E_DIR).parent_path() /
           ("e2e-plan-access-network-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ok_ = Alley({"import", "divisions", ALLEY_TEST_DIVISIONS}).exit_code == 0 &&
          Alley({"demo"}).exit_code == 0;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  void SetUp() override { ASSERT_TRUE(ok_) << "the demo database could not be built"; }

  static e2e::Result Alley(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", (dir_ / "test.db").string()});
    return e2e::RunAlley(ALLEY_BINARY, dir_, args, "ALLEY_TODAY=2026-06-30");
  }
  static std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }

  static inline fs::path dir_;
  static inline bool ok_ = false;
};

// Stepwise E2SFCA at 15 minutes: (0, 3000] 1.00, (3000, 6000] 0.68, (6000, 9000] 0.22.
double Weight(int t) {
  if (t <= 3000) return 1.00;
  if (t <= 6000) return 0.68;
  if (t <= 9000) return 0.22;
  return 0;
}

TEST_F(PlanAccessNetworkTest, AgreesWithE2sfcaOnTheTimesOfReach) {
  // Two homes share vertex 0; vertex 624 is the grid's far corner.
  const std::vector<int> home_vertex = {0, 0, 312, 624, 100};
  const std::vector<double> demand = {10, 5, 7, 3, 0};
  const std::vector<int> facility_vertex = {0, 312, 320};
  const std::vector<double> supply = {20, 9, 4};
  std::string homes = "home,vertex,demand\n";
  for (std::size_t i = 0; i < home_vertex.size(); ++i) {
    homes += "h" + std::to_string(i) + "," + std::to_string(home_vertex[i]) + "," +
             std::to_string(static_cast<int>(demand[i])) + "\n";
  }
  std::string facilities = "facility,vertex,supply\n";
  for (std::size_t j = 0; j < facility_vertex.size(); ++j) {
    facilities += "f" + std::to_string(j) + "," + std::to_string(facility_vertex[j]) + "," +
                  std::to_string(static_cast<int>(supply[j])) + "\n";
  }
  const std::string homes_csv = Write("homes.csv", homes);
  const std::string facilities_csv = Write("facilities.csv", facilities);

  // The times, from `plan reach` at the same limit.
  const std::string sources = Write("sources.txt", "0\n312\n320\n");
  e2e::Result reach = Alley({"plan", "reach", "--sources", sources, "--limit", "9000"});
  ASSERT_EQ(reach.exit_code, 0) << reach.err;
  std::map<std::pair<int, int>, int> time;  // (source vertex, vertex) -> ds
  for (const std::string& row : e2e::Lines(reach.out)) {
    int s = 0, v = 0, w = 0;
    if (std::sscanf(row.c_str(), "%d,%d,%d", &s, &v, &w) == 3) time[{s, v}] = w;
  }
  std::vector<double> V(facility_vertex.size(), 0), R(facility_vertex.size(), 0);
  std::vector<double> expected(home_vertex.size(), 0);
  double reached_supply = 0;
  for (std::size_t j = 0; j < facility_vertex.size(); ++j) {
    for (std::size_t i = 0; i < home_vertex.size(); ++i) {
      auto it = time.find({facility_vertex[j], home_vertex[i]});
      if (it != time.end()) V[j] += demand[i] * Weight(it->second);
    }
    R[j] = V[j] > 0 ? supply[j] / V[j] : 0;
    if (V[j] > 0) reached_supply += supply[j];
  }
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < home_vertex.size(); ++i) {
    for (std::size_t j = 0; j < facility_vertex.size(); ++j) {
      auto it = time.find({facility_vertex[j], home_vertex[i]});
      if (it == time.end()) continue;
      ++pairs;
      expected[i] += Weight(it->second) * R[j];
    }
  }
  ASSERT_GT(pairs, 0u);
  ASSERT_LT(pairs, home_vertex.size() * facility_vertex.size());  // not all within reach

  const std::string out = (dir_ / "access.csv").string();
  e2e::Result r = Alley({"plan", "access-network", "--homes", homes_csv, "--facilities",
                         facilities_csv, "--out", out, "--json", "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["method"], "e2sfca");
  EXPECT_EQ(doc["threshold_ds"], 9000);
  EXPECT_EQ(doc["homes"], 5);
  EXPECT_EQ(doc["facilities"], 3);
  EXPECT_EQ(doc["pairs"], pairs);
  EXPECT_NEAR(doc["reached_supply"].get<double>(), reached_supply, 1e-9);
  EXPECT_NEAR(doc["demand_times_access"].get<double>(), reached_supply, 1e-9);
  EXPECT_TRUE(doc["seconds"].contains("searches_and_pairs"));

  const std::vector<std::string> rows = e2e::Lines(e2e::Slurp(out));
  ASSERT_EQ(rows.size(), home_vertex.size() + 1);
  EXPECT_EQ(rows[0], "home,access");
  for (std::size_t i = 0; i < home_vertex.size(); ++i) {
    const std::string& row = rows[i + 1];
    EXPECT_EQ(row.substr(0, row.find(',')), "h" + std::to_string(i));
    const double access = std::stod(row.substr(row.find(',') + 1));
    EXPECT_NEAR(access, expected[i], 1e-12 * std::max(1.0, expected[i])) << row;
  }
}

TEST_F(PlanAccessNetworkTest, RefusesBadRowsNamingFileAndLine) {
  const std::string facilities = Write("f.csv", "facility,vertex,supply\nf0,0,10\n");
  auto run = [&](const std::string& homes_text) {
    const std::string homes = Write("h.csv", homes_text);
    return Alley({"plan", "access-network", "--homes", homes, "--facilities", facilities});
  };
  e2e::Result r = run("home,vertex,demand\na,0,1\nb,625,1\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("h.csv:3: vertex 625 is not in the network (625 vertices"));
  r = run("home,vertex,demand\na,0,1\nb,x,1\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("h.csv:3: vertex \"x\" is not a vertex id"));
  r = run("home,vertex,demand\na,0,-1\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("h.csv:2: demand \"-1\" is not a number >= 0"));
  r = run("home,vertex,demand\na,0,1\na,1,1\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("h.csv:3: home \"a\" is given twice (first on line 2)"));
  r = run("home,demand\na,1\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("h.csv:1: missing column \"vertex\""));
  r = run("home,vertex,demand\na,0\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("h.csv:2: expected 3 fields, got 2"));
  const std::string homes = Write("ok.csv", "home,vertex,demand\na,0,1\n");
  r = Alley({"plan", "access-network", "--homes", homes, "--facilities", facilities, "--method",
             "nearest"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("--method: \"nearest\""));
}

}  // namespace
}  // namespace alley

// End to end through the `alley` binary: the planning pipeline on the Hailian
// demo (a fresh database of the small test hierarchy, the date pinned) — the
// demo's walking network, `plan export-graph`, `plan reach`, `plan
// import-graph`, `plan run` with and without proposed sites — and on the real
// Monaco extract (`plan import-osm`, skipped when ALLEY_SHARED_DATA is unset),
// including a truncated extract that must leave the stored network as it was.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "run_alley.h"

namespace alley {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class PlanRunTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::path(ALLEY_E2E_DIR).parent_path() / ("e2e-plan-run-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ok_ = Alley({"import", "divisions", ALLEY_TEST_DIVISIONS}).exit_code == 0 &&
          Alley({"demo"}).exit_code == 0;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  void SetUp() override { ASSERT_TRUE(ok_) << "the demo database could not be built"; }

  static e2e::Result Alley(std::vector<std::string> args, const std::string& db = "test.db") {
    args.insert(args.begin(), {"--db", (dir_ / db).string()});
    return e2e::RunAlley(ALLEY_BINARY, dir_, args, "ALLEY_TODAY=2026-06-30");
  }
  static nlohmann::json Json(std::vector<std::string> args) {
    e2e::Result r = Alley(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
  }

  static inline fs::path dir_;
  static inline bool ok_ = false;
};

TEST_F(PlanRunTest, TheDemoHasASyntheticWalkingNetwork) {
  nlohmann::json doc = Json({"plan", "network", "--json"});
  ASSERT_EQ(doc["networks"].size(), 1u);
  EXPECT_EQ(doc["networks"][0]["kind"], "walk");
  EXPECT_EQ(doc["networks"][0]["synthetic"], true);
  EXPECT_EQ(doc["networks"][0]["vertices"], 625);
}

TEST_F(PlanRunTest, ExportAndReachFollowTheContract) {
  const fs::path graph = dir_ / "graph";
  ASSERT_EQ(Alley({"plan", "export-graph", graph.string()}).exit_code, 0);
  const std::vector<std::string> nodes = e2e::Lines(e2e::Slurp(graph / "nodes.csv"));
  const std::vector<std::string> edges = e2e::Lines(e2e::Slurp(graph / "edges.csv"));
  ASSERT_EQ(nodes.size(), 626u);
  EXPECT_EQ(nodes[0], "id,lon,lat");
  EXPECT_THAT(nodes[1], ::testing::StartsWith("0,119."));
  EXPECT_EQ(edges[0], "u,v,w");

  std::ofstream(dir_ / "sources.txt") << "0\n624\n0\n";
  e2e::Result r =
      Alley({"plan", "reach", "--sources", (dir_ / "sources.txt").string(), "--limit", "1500"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> rows = e2e::Lines(r.out);
  ASSERT_GE(rows.size(), 3u);
  EXPECT_EQ(rows[0], "source,vertex,w");
  EXPECT_EQ(rows[1], "0,0,0");  // the source itself first, at 0
  std::set<std::string> sources;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const std::string w = rows[i].substr(rows[i].rfind(',') + 1);
    EXPECT_LE(std::stoi(w), 1500) << rows[i];
    sources.insert(rows[i].substr(0, rows[i].find(',')));
  }
  EXPECT_EQ(sources, (std::set<std::string>{"0", "624"}));  // 0 listed twice, answered once

  // Every edge of vertex 0 within the limit is in the answer at its weight.
  for (std::size_t i = 1; i < edges.size(); ++i) {
    if (!edges[i].starts_with("0,")) continue;
    const std::string v = edges[i].substr(2, edges[i].rfind(',') - 2);
    const std::string w = edges[i].substr(edges[i].rfind(',') + 1);
    if (std::stoi(w) <= 1500) {
      EXPECT_THAT(r.out, HasSubstr("0," + v + "," + w + "\n"));
    }
  }
}

TEST_F(PlanRunTest, ReachRefusesABadSourceNamingItsLine) {
  std::ofstream(dir_ / "bad.txt") << "3\nseven\n";
  e2e::Result r =
      Alley({"plan", "reach", "--sources", (dir_ / "bad.txt").string(), "--limit", "10"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("bad.txt:2: \"seven\" is not a vertex id"));
  std::ofstream(dir_ / "far.txt") << "625\n";
  r = Alley({"plan", "reach", "--sources", (dir_ / "far.txt").string(), "--limit", "10"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("far.txt:1: vertex 625 is not in the network"));
}

TEST_F(PlanRunTest, RunAnswersTheContractKeys) {
  nlohmann::json five = Json(
      {"plan", "run", "--unit", "320706006010", "--type", "nursery", "--minutes", "5", "--json"});
  nlohmann::json fifteen = Json(
      {"plan", "run", "--unit", "320706006010", "--type", "nursery", "--minutes", "15", "--json"});
  ASSERT_TRUE(five.is_object() && fifteen.is_object());
  EXPECT_EQ(five["residents"], 7266);
  const double covered = five["covered"];
  EXPECT_GT(covered, 0);
  EXPECT_LT(covered, 1);
  EXPECT_NEAR(five["unserved"].get<double>(), 7266 * (1 - covered), 0.5);
  EXPECT_GT(five["gini"].get<double>(), 0);
  EXPECT_LT(five["gini"].get<double>(), 1);
  // A longer walk covers at least as many.
  EXPECT_GE(fifteen["covered"].get<double>(), covered);
  EXPECT_EQ(five["units"].size(), 5u);  // the five compounds
  EXPECT_EQ(five["target_group"], "children_0_2");
}

TEST_F(PlanRunTest, ProposedSitesNeverCoverFewer) {
  nlohmann::json doc = Json({"plan", "run", "--unit", "320706006010", "--type", "nursery",
                             "--minutes", "5", "--sites", "2", "--json"});
  ASSERT_TRUE(doc.contains("proposal"));
  EXPECT_EQ(doc["proposal"]["sites"].size(), 2u);
  EXPECT_GE(doc["proposal"]["after"]["covered_target"].get<double>(),
            doc["covered_target"].get<double>());
  EXPECT_LE(doc["proposal"]["after"]["unserved"].get<double>(), doc["unserved"].get<double>());
  e2e::Result r =
      Alley({"plan", "run", "--unit", "320706006010", "--type", "nursery", "--sites", "7"});
  EXPECT_EQ(r.exit_code, 8) << r.err;  // more sites than the six candidates
}

TEST_F(PlanRunTest, RunRefusesBadInput) {
  EXPECT_EQ(Alley({"plan", "run", "--unit", "320706006010", "--type", "spaceport"}).exit_code, 3);
  EXPECT_EQ(Alley({"plan", "run", "--unit", "320706006010", "--type", "nursery", "--minutes", "0"})
                .exit_code,
            3);
  EXPECT_EQ(Alley({"plan", "run", "--unit", "999999999999", "--type", "nursery"}).exit_code, 4);
  // A database without a network.
  ASSERT_EQ(Alley({"import", "divisions", ALLEY_TEST_DIVISIONS}, "empty.db").exit_code, 0);
  e2e::Result r = Alley({"plan", "run", "--unit", "320706006010", "--type", "nursery"}, "empty.db");
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_THAT(r.err, HasSubstr("no walk network is stored"));
}

TEST_F(PlanRunTest, ImportGraphRoundTrips) {
  const fs::path graph = dir_ / "roundtrip";
  ASSERT_EQ(Alley({"plan", "export-graph", graph.string()}, "copy.db").exit_code, 6);
  ASSERT_EQ(Alley({"import", "divisions", ALLEY_TEST_DIVISIONS}, "copy.db").exit_code, 0);
  ASSERT_EQ(Alley({"plan", "export-graph", graph.string()}).exit_code, 0);
  ASSERT_EQ(Alley({"plan", "import-graph", graph.string()}, "copy.db").exit_code, 0);
  const fs::path again = dir_ / "again";
  ASSERT_EQ(Alley({"plan", "export-graph", again.string()}, "copy.db").exit_code, 0);
  EXPECT_EQ(e2e::Slurp(again / "edges.csv"), e2e::Slurp(graph / "edges.csv"));
  EXPECT_EQ(e2e::Slurp(again / "nodes.csv"), e2e::Slurp(graph / "nodes.csv"));
}

TEST_F(PlanRunTest, ImportOsmOfMonacoAndATruncatedFileKeepsIt) {
  const char* shared = std::getenv("ALLEY_SHARED_DATA");
  const fs::path pbf = shared ? fs::path(shared) / "osm" / "monaco.osm.pbf" : fs::path();
  if (pbf.empty() || !fs::exists(pbf)) GTEST_SKIP() << "no ../shared/data/osm/monaco.osm.pbf";
  ASSERT_EQ(Alley({"import", "divisions", ALLEY_TEST_DIVISIONS}, "monaco.db").exit_code, 0);
  e2e::Result r = Alley({"plan", "import-osm", pbf.string(), "--json"}, "monaco.db");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_GT(doc["vertices"].get<int>(), 10000);
  const std::string fingerprint = doc["fingerprint"];

  const std::string bytes = e2e::Slurp(pbf);
  std::ofstream(dir_ / "cut.osm.pbf", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  r = Alley({"plan", "import-osm", (dir_ / "cut.osm.pbf").string()}, "monaco.db");
  EXPECT_EQ(r.exit_code, 10) << r.err;  // data loss
  EXPECT_THAT(r.err, HasSubstr("cut.osm.pbf"));
  r = Alley({"plan", "network", "--json"}, "monaco.db");
  EXPECT_EQ(nlohmann::json::parse(r.out)["networks"][0]["fingerprint"], fingerprint);
}

}  // namespace
}  // namespace alley

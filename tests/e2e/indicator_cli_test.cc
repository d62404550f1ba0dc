// End to end through the `alley` binary: `alley indicator ...` on the Hailian
// demo (a fresh database of the small test hierarchy, the date pinned). The
// derived figures must be the ledger's own counts (`unit show`), compounds
// must add up to their community, entered values must fill formulas and
// targets, and bad input must be refused whole with the place and the reason.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_alley.h"

namespace alley {
namespace {

namespace fs = std::filesystem;
using e2e::Result;
using ::testing::HasSubstr;

constexpr char kHailian[] = "320706006010";
constexpr char kStreet[] = "320706006";

class IndicatorCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::path(ALLEY_E2E_DIR).parent_path() / ("e2e-indicator-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ok_ = Alley({"import", "divisions", ALLEY_TEST_DIVISIONS}).exit_code == 0 &&
          Alley({"demo"}).exit_code == 0;
  }

  static void TearDownTestSuite() { fs::remove_all(dir_); }

  void SetUp() override { ASSERT_TRUE(ok_) << "the demo database could not be built"; }

  static Result Alley(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--db", (dir_ / "test.db").string()};
    all.insert(all.end(), args.begin(), args.end());
    return e2e::RunAlley(ALLEY_BINARY, dir_, all, "ALLEY_TODAY=2026-06-30");
  }

  static fs::path Write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  // The row of `unit` in a table answer.
  static nlohmann::json Row(const nlohmann::json& table, const std::string& unit) {
    for (const auto& row : table["rows"]) {
      if (row["unit"] == unit) return row;
    }
    ADD_FAILURE() << "no row for " << unit;
    return nlohmann::json::object();
  }

  static inline fs::path dir_;
  static inline bool ok_ = false;
};

TEST_F(IndicatorCliTest, TheCatalogueHasTheBuiltInDefinitions) {
  Result r = Alley({"indicator", "list", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json c = r.Json();
  std::vector<std::string> indicators;
  for (const auto& i : c["indicators"]) indicators.push_back(i["code"]);
  EXPECT_THAT(indicators, ::testing::IsSupersetOf({"nursery_places_per_1000", "elderly_share_60",
                                                   "concern_resolution_rate"}));
  EXPECT_GE(c["rules"].size(), 3u);
}

TEST_F(IndicatorCliTest, DerivedFiguresAreTheLedgersOwnCounts) {
  Result unit = Alley({"unit", "show", kHailian, "--json"});
  ASSERT_EQ(unit.exit_code, 0) << unit.err;
  const nlohmann::json s = unit.Json();
  // The period ends on the day `unit show` counts on (ALLEY_TODAY).
  Result r = Alley({"indicator", "show", "residents", "residents_60_plus", "children_0_2",
                    "households", "--unit", kHailian, "--period", "2026-06", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json t = r.Json();
  const nlohmann::json hailian = Row(t, kHailian);
  EXPECT_EQ(hailian["values"]["residents"].get<int64_t>(), s["residents"].get<int64_t>());
  EXPECT_EQ(hailian["values"]["households"].get<int64_t>(), s["households"].get<int64_t>());
  EXPECT_EQ(hailian["values"]["children_0_2"].get<int64_t>(),
            s["by_age_band"]["0-2"].get<int64_t>());
  EXPECT_EQ(hailian["values"]["residents_60_plus"].get<int64_t>(),
            s["by_age_band"]["60-79"].get<int64_t>() + s["by_age_band"]["80+"].get<int64_t>());
  // The community, then its five compounds, which add up to it.
  ASSERT_EQ(t["rows"].size(), 6u);
  int64_t sum = 0;
  for (size_t i = 1; i < t["rows"].size(); ++i) {
    EXPECT_EQ(t["rows"][i]["level"], "compound");
    sum += t["rows"][i]["values"]["residents"].get<int64_t>();
  }
  EXPECT_EQ(sum, s["residents"].get<int64_t>());
}

TEST_F(IndicatorCliTest, EnteredValuesFillFormulasAndTargetsUpTheHierarchy) {
  Result bad = Alley({"indicator", "define", "floor_per_elder", "--name", "每位老人面积",
                      "--formula", "elderly_care_floor_m2 / (residents_60_plus"});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_THAT(bad.err, HasSubstr("field formula: column"));
  Result ok =
      Alley({"indicator", "define", "floor_per_elder", "--name", "每位老人面积", "--formula",
             "elderly_care_floor_m2 / residents_60_plus", "--target", ">=0.1"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;

  // A bad row refuses the whole file.
  const fs::path broken = Write("floor-bad.csv", std::string("element,unit,period,value\n") +
                                                     "elderly_care_floor_m2," + kHailian +
                                                     ",2026,300\n"
                                                     "elderly_care_floor_m2,320706006009,2026,"
                                                     "lots\n");
  Result refused = Alley({"indicator", "import", broken.string()});
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_THAT(refused.err, HasSubstr("floor-bad.csv:3: column value"));
  Result derived = Alley(
      {"indicator", "enter", "residents", "--unit", kHailian, "--period", "2026", "--value", "5"});
  EXPECT_EQ(derived.exit_code, 3);
  EXPECT_THAT(derived.err, HasSubstr("derived from the ledger"));

  Result before = Alley({"indicator", "show", "elderly_care_floor_m2", "--unit", kStreet,
                         "--period", "2026", "--units", "scope", "--json"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_TRUE(before.Json()["rows"][0]["values"]["elderly_care_floor_m2"].is_null());

  const fs::path good = Write("floor.csv", std::string("element,unit,period,value\n") +
                                               "elderly_care_floor_m2," + kHailian +
                                               ",2026,300\n"
                                               "elderly_care_floor_m2,320706006009,2026,\n");
  Result imported = Alley({"indicator", "import", good.string(), "--json"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.Json()["rows"], 2);
  EXPECT_EQ(imported.Json()["missing"], 1);

  Result r = Alley({"indicator", "show", "elderly_care_floor_m2", "floor_per_elder",
                    "residents_60_plus", "--unit", kStreet, "--period", "2026", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json t = r.Json();
  const nlohmann::json street = Row(t, kStreet);
  EXPECT_EQ(street["values"]["elderly_care_floor_m2"], 300);
  EXPECT_EQ(street["reporting"]["elderly_care_floor_m2"], 1);  // Xinghua's is missing
  const nlohmann::json hailian = Row(t, kHailian);
  const double per_elder = 300.0 / hailian["values"]["residents_60_plus"].get<double>();
  EXPECT_DOUBLE_EQ(hailian["values"]["floor_per_elder"].get<double>(), per_elder);
  EXPECT_EQ(hailian["targets"]["floor_per_elder"]["met"], per_elder >= 0.1);
  // Xinghua keeps no ledger here: its figures are missing, not 0.
  EXPECT_TRUE(Row(t, "320706006009")["values"]["floor_per_elder"].is_null());
}

TEST_F(IndicatorCliTest, RulesListTheUnitsThatBreakThem) {
  Result rule = Alley({"indicator", "rule", "few_children", "--name", "儿童少于老人", "--condition",
                       "children_0_2 * 1000 < residents_60_plus"});
  ASSERT_EQ(rule.exit_code, 0) << rule.err;
  Result r = Alley({"indicator", "check", "--unit", kHailian, "--period", "2026-06", "--rule",
                    "few_children", "--rule", "elderly_within_residents", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json c = r.Json();
  EXPECT_EQ(c["checked"], 12);  // 2 rules × (the community and its 5 compounds)
  ASSERT_FALSE(c["violations"].empty());
  for (const auto& v : c["violations"]) {
    EXPECT_EQ(v["rule"], "few_children");
    EXPECT_TRUE(v["inputs"].contains("children_0_2"));
  }
  Result unknown =
      Alley({"indicator", "check", "--unit", kHailian, "--period", "2026", "--rule", "nope"});
  EXPECT_EQ(unknown.exit_code, 4);
}

TEST_F(IndicatorCliTest, GrowthComparesWithTheSamePeriodLastYear) {
  Result r = Alley({"indicator", "show", "residents", "residents_growth_pct", "--unit", kHailian,
                    "--period", "2026-06", "--units", "scope", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Result last = Alley({"indicator", "show", "residents", "--unit", kHailian, "--period", "2025-06",
                       "--units", "scope", "--json"});
  ASSERT_EQ(last.exit_code, 0) << last.err;
  const double now = r.Json()["rows"][0]["values"]["residents"].get<double>();
  const nlohmann::json before = last.Json()["rows"][0]["values"]["residents"];
  const nlohmann::json growth = r.Json()["rows"][0]["values"]["residents_growth_pct"];
  if (before.is_null() || before.get<double>() == 0) {
    EXPECT_TRUE(growth.is_null());
  } else {
    EXPECT_DOUBLE_EQ(growth.get<double>(), (now / before.get<double>() - 1) * 100);
  }
}

}  // namespace
}  // namespace alley

// End-to-end tests of `alley economy import|series|contribution|ranking|
// distribution`: the built binary on a fresh database; the JSON contract of
// `contribution --json` (docs/cli.md, "Regional economics"), errors with their
// file, line and column and exit codes, and the published 2023–2024 provincial
// GDP (ALLEY_SHARED_DATA) turned into the long form.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "run_alley.h"

namespace alley {
namespace {

namespace fs = std::filesystem;
using e2e::Result;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr int kInvalidArgumentExit = 3;
constexpr int kNotFoundExit = 4;

class EconomyCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    // Beside ALLEY_E2E_DIR, not inside it: the e2e fixture's step empties
    // that folder, perhaps while this test runs.
    dir_ = fs::path(ALLEY_E2E_DIR).parent_path() /
           ("e2e-" + std::string(info->test_suite_name()) + "." + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "alley.db").string();
  }

  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }

  Result Alley(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--db", db_};
    all.insert(all.end(), args.begin(), args.end());
    return e2e::RunAlley(ALLEY_BINARY, dir_, all);
  }

  const nlohmann::json& Region(const nlohmann::json& answer, const std::string& name) {
    for (const auto& r : answer["regions"]) {
      if (r["region"] == name) return r;
    }
    ADD_FAILURE() << "no region " << name;
    static const nlohmann::json kNone;
    return kNone;
  }

  fs::path dir_;
  std::string db_;
};

constexpr char kSmall[] =
    "region,period,series,value\n"
    "A,2023,gdp,100\nA,2024,gdp,110\nB,2023,gdp,50\nB,2024,gdp,60\n"
    "全国,2023,gdp,200\n全国,2024,gdp,230\n"
    "A,2024,real,8\nB,2024,real,\n全国,2024,real,9\n";

TEST_F(EconomyCliTest, ContributionAnswersTheContract) {
  Result imported = Alley({"economy", "import", Write("small.csv", kSmall)});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("imported 9 figures (1 missing)"));
  Result r = Alley({"economy", "contribution", "--series", "gdp", "--growth", "real", "--period",
                    "2024", "--top", "2", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = r.Json();
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_THAT(keys,
              UnorderedElementsAre("series", "period", "previous_period", "growth",
                                   "national_growth_pct", "national_source", "regions", "top"));
  EXPECT_EQ(j["series"], "gdp");
  EXPECT_EQ(j["period"], "2024");
  EXPECT_EQ(j["previous_period"], "2023");
  EXPECT_EQ(j["growth"], "real");
  EXPECT_EQ(j["national_growth_pct"], 9.0);
  EXPECT_EQ(j["national_source"], "全国");
  ASSERT_EQ(j["regions"].size(), 2U);
  std::vector<std::string> region_keys;
  for (const auto& [k, v] : j["regions"][0].items()) region_keys.push_back(k);
  EXPECT_THAT(region_keys, UnorderedElementsAre("rank", "region", "code", "level", "previous_level",
                                                "growth_pct", "contribution_pct", "pull_pp"));
  const nlohmann::json& a = Region(j, "A");
  EXPECT_EQ(a["rank"], 1);
  EXPECT_DOUBLE_EQ(a["pull_pp"].get<double>(), 4.0);
  EXPECT_NEAR(a["contribution_pct"].get<double>(), 400.0 / 9.0, 1e-9);
  const nlohmann::json& b = Region(j, "B");
  EXPECT_TRUE(b["growth_pct"].is_null());
  EXPECT_TRUE(b["pull_pp"].is_null());
  EXPECT_TRUE(b["contribution_pct"].is_null());
  EXPECT_EQ(b["level"], 60.0);
  EXPECT_EQ(j["top"]["n"], 2);
  EXPECT_DOUBLE_EQ(j["top"]["pull_pp"].get<double>(), 4.0);
  EXPECT_THAT(j["top"]["missing"].get<std::vector<std::string>>(), ElementsAre("B"));

  // Without --growth: nominal, the share of the national increase.
  Result nominal =
      Alley({"economy", "contribution", "--series", "gdp", "--period", "2024", "--json"});
  ASSERT_EQ(nominal.exit_code, 0) << nominal.err;
  nlohmann::json n = nominal.Json();
  EXPECT_EQ(n["growth"], "nominal");
  EXPECT_DOUBLE_EQ(n["national_growth_pct"].get<double>(), 15.0);
  EXPECT_NEAR(Region(n, "B")["contribution_pct"].get<double>(), 100.0 / 3.0, 1e-9);
  EXPECT_EQ(n["top"]["n"], 10);

  // The text form is a table.
  Result text = Alley({"economy", "contribution", "--series", "gdp", "--period", "2024"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("contribution_%"));
  EXPECT_THAT(text.out, HasSubstr("national growth 15.00% (from 全国)"));
}

TEST_F(EconomyCliTest, ABadRowRefusesTheWholeFile) {
  std::string bad = Write("bad.csv", "region,period,series,value\nA,2024,gdp,1\nA,2024Q5,gdp,2\n");
  Result r = Alley({"economy", "import", bad});
  EXPECT_EQ(r.exit_code, kInvalidArgumentExit);
  EXPECT_THAT(r.err, HasSubstr(bad + ":3: column period: period \"2024Q5\""));
  Result value = Alley({"economy", "import",
                        Write("v.csv",
                              "region,period,series,value\n"
                              "A,2024,gdp,1\nA,2023,gdp,1,5\n")});
  EXPECT_EQ(value.exit_code, kInvalidArgumentExit);
  Result num =
      Alley({"economy", "import", Write("n.csv", "region,period,series,value\nA,2024,gdp,one\n")});
  EXPECT_EQ(num.exit_code, kInvalidArgumentExit);
  EXPECT_THAT(num.err, HasSubstr("n.csv:2: column value: \"one\" is not a number"));
  Result series = Alley({"economy", "series", "--json"});
  ASSERT_EQ(series.exit_code, 0) << series.err;
  EXPECT_TRUE(series.Json()["series"].empty());
}

TEST_F(EconomyCliTest, ErrorsOfTheQuestions) {
  ASSERT_EQ(Alley({"economy", "import", Write("small.csv", kSmall)}).exit_code, 0);
  Result unknown = Alley({"economy", "contribution", "--series", "fiscal", "--period", "2024"});
  EXPECT_EQ(unknown.exit_code, kNotFoundExit);
  EXPECT_THAT(unknown.err, HasSubstr("series fiscal"));
  Result period = Alley({"economy", "contribution", "--series", "gdp", "--period", "2024Q5"});
  EXPECT_EQ(period.exit_code, kInvalidArgumentExit);
  EXPECT_THAT(period.err, HasSubstr("period"));
  Result top =
      Alley({"economy", "contribution", "--series", "gdp", "--period", "2024", "--top", "0"});
  EXPECT_EQ(top.exit_code, kInvalidArgumentExit);
}

TEST_F(EconomyCliTest, ProvinceNamesMeetTheirCodes) {
  ASSERT_EQ(Alley({"import", "divisions", ALLEY_TEST_DIVISIONS}).exit_code, 0);
  ASSERT_EQ(Alley({"economy", "import",
                   Write("a.csv",
                         "region,period,series,value\n江苏,2024,gdp,3\n"
                         "全国,2024,gdp,10\n")})
                .exit_code,
            0);
  // The same province by its full name and by its code replaces the figure.
  ASSERT_EQ(Alley({"economy", "import",
                   Write("b.csv",
                         "region,period,series,value\n江苏省,2023,gdp,2\n"
                         "32,2024,gdp,4\n全国,2023,gdp,8\n")})
                .exit_code,
            0);
  Result r = Alley({"economy", "contribution", "--series", "gdp", "--period", "2024", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = r.Json();
  ASSERT_EQ(j["regions"].size(), 1U);
  EXPECT_EQ(j["regions"][0]["code"], "32");
  EXPECT_EQ(j["regions"][0]["level"], 4.0);
  EXPECT_EQ(j["regions"][0]["previous_level"], 2.0);
  EXPECT_DOUBLE_EQ(j["regions"][0]["contribution_pct"].get<double>(), 100.0);
  Result s = Alley({"economy", "series", "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.Json()["series"][0]["series"], "gdp");
  EXPECT_THAT(s.Json()["series"][0]["periods"].get<std::vector<std::string>>(),
              ElementsAre("2023", "2024"));
}

TEST_F(EconomyCliTest, Distribution) {
  ASSERT_EQ(Alley({"economy", "import",
                   Write("d.csv",
                         "region,period,series,value\n"
                         "A,2024,income,1\nB,2024,income,2\nC,2024,income,3\n"
                         "D,2024,income,4\nE,2024,income,5\nF,2024,income,\n"
                         "A,2024,urban,6\nA,2024,rural,3\n")})
                .exit_code,
            0);
  Result r = Alley({"economy", "distribution", "--series", "income", "--period", "2024", "--urban",
                    "urban", "--rural", "rural", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = r.Json();
  EXPECT_EQ(j["regions"], 5);
  EXPECT_THAT(j["missing"].get<std::vector<std::string>>(), ElementsAre("F"));
  EXPECT_DOUBLE_EQ(j["quintile_ratio"].get<double>(), 5.0);
  EXPECT_NEAR(j["gini"].get<double>(), 4.0 / 15.0, 1e-12);  // (n - 1) / (3n) for 1..5
  EXPECT_EQ(j["urban_rural"][0]["ratio"], 2.0);
  Result text = Alley({"economy", "distribution", "--series", "income", "--period", "2024"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("quintile ratio 5.000"));
}

// The published 2023 and 2024 GDP of the provinces, from the wide file to the
// long form the importer reads.
TEST_F(EconomyCliTest, ThePublishedProvincialGdpOf2024) {
  const char* shared = std::getenv("ALLEY_SHARED_DATA");
  if (shared == nullptr || *shared == '\0') GTEST_SKIP() << "ALLEY_SHARED_DATA is not set";
  fs::path wide = fs::path(shared) / "economy" / "china_provincial_gdp_2023_2024.csv";
  if (!fs::exists(wide)) GTEST_SKIP() << wide << " is not there";
  std::vector<std::string> lines = e2e::Lines(e2e::Slurp(wide));
  for (std::string& line : lines) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
  }
  ASSERT_FALSE(lines.empty());
  ASSERT_EQ(lines.front(), "region,gdp_2023_100m_yuan,gdp_2024_100m_yuan,real_growth_2024_pct");
  std::string long_form = "region,period,series,value\n";
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream in(line);
    for (std::string cell; std::getline(in, cell, ',');) f.push_back(cell);
    if (line.back() == ',') f.emplace_back();
    ASSERT_EQ(f.size(), 4U) << line;
    long_form += f[0] + ",2023,gdp," + f[1] + "\n" + f[0] + ",2024,gdp," + f[2] + "\n" + f[0] +
                 ",2024,real_growth," + f[3] + "\n";
  }
  Result imported = Alley({"economy", "import", Write("gdp_long.csv", long_form)});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  Result r = Alley({"economy", "contribution", "--series", "gdp", "--growth", "real_growth",
                    "--period", "2024", "--top", "10", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = r.Json();
  EXPECT_EQ(j["national_source"], "全国");
  EXPECT_DOUBLE_EQ(j["national_growth_pct"].get<double>(), 5.0);
  EXPECT_EQ(j["regions"].size(), 31U);
  EXPECT_EQ(j["regions"][0]["region"], "广东");
  const nlohmann::json& js = Region(j, "江苏");
  EXPECT_EQ(js["rank"], 2);
  EXPECT_NEAR(js["pull_pp"].get<double>(), 128222.2 * 5.8 / 1294271.7, 1e-12);
  EXPECT_NEAR(js["pull_pp"].get<double>(), 0.5746, 5e-5);
  EXPECT_NEAR(js["contribution_pct"].get<double>(), 11.492, 1e-3);
  for (const char* none : {"北京", "上海", "辽宁", "湖北", "海南", "四川", "贵州"}) {
    const nlohmann::json& region = Region(j, none);
    EXPECT_TRUE(region["growth_pct"].is_null()) << none;
    EXPECT_TRUE(region["pull_pp"].is_null()) << none;
    EXPECT_TRUE(region["contribution_pct"].is_null()) << none;
    EXPECT_FALSE(region["level"].is_null()) << none;
  }
  EXPECT_EQ(j["top"]["n"], 10);
  EXPECT_THAT(j["top"]["missing"].get<std::vector<std::string>>(),
              UnorderedElementsAre("四川", "湖北", "上海"));
  EXPECT_NEAR(j["top"]["pull_pp"].get<double>(), 2.3472, 1e-4);
  EXPECT_NEAR(j["top"]["contribution_pct"].get<double>(), 46.945, 1e-3);

  Result ranking =
      Alley({"economy", "ranking", "--series", "gdp", "--period", "2024", "--top", "10", "--json"});
  ASSERT_EQ(ranking.exit_code, 0) << ranking.err;
  // The ten largest provinces made 60.8% of the 2024 national GDP.
  EXPECT_NEAR(ranking.Json()["top"]["share_pct"].get<double>(), 820557.3 / 1349084 * 100, 1e-6);
}

}  // namespace
}  // namespace alley

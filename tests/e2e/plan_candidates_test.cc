// End-to-end tests of `alley plan candidates add|import|list` and of
// `facility add --crs gcj02`: the built binary on a fresh database of the
// small test hierarchy (tests/data/divisions); what it stores, the JSON it
// prints, its errors and exit codes (docs/cli.md, "Candidate sites").
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
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
using ::testing::HasSubstr;

constexpr char kHailian[] = "320706006010";
constexpr char kXinghua[] = "320706006009";

class PlanCandidatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(ALLEY_E2E_DIR) / (std::string(info->test_suite_name()) + "." + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "alley.db").string();
    Result r = Alley({"import", "divisions", ALLEY_TEST_DIVISIONS});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return Path(name);
  }

  // Runs alley on this test's database.
  Result Alley(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--db", db_};
    all.insert(all.end(), args.begin(), args.end());
    return e2e::RunAlley(ALLEY_BINARY, dir_, all);
  }

  nlohmann::json List(const std::string& unit) {
    Result r = Alley({"plan", "candidates", "list", "--unit", unit, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? r.Json()["candidates"] : nlohmann::json::array();
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(PlanCandidatesTest, AddAndList) {
  Result r =
      Alley({"plan", "candidates", "add", "--unit", kHailian, "--name", "东侧空地", "--lat", "34.6",
             "--lon", "119.17", "--capacity", "40", "--note", "vacant lot", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json site = r.Json();
  EXPECT_EQ(site["unit"], kHailian);
  EXPECT_EQ(site["name"], "东侧空地");
  EXPECT_EQ(site["lat"], 34.6);
  EXPECT_EQ(site["lon"], 119.17);
  EXPECT_EQ(site["capacity"], 40);
  EXPECT_EQ(site["note"], "vacant lot");
  EXPECT_EQ(site["synthetic"], false);

  // The same name again in the unit: exit 5; in another unit it is fine.
  Result again = Alley({"plan", "candidates", "add", "--unit", kHailian, "--name", "东侧空地",
                        "--lat", "34.61", "--lon", "119.18"});
  EXPECT_EQ(again.exit_code, 5);
  EXPECT_THAT(again.err, HasSubstr("东侧空地"));
  ASSERT_EQ(Alley({"plan", "candidates", "add", "--unit", kXinghua, "--name", "东侧空地", "--lat",
                   "34.61", "--lon", "119.18"})
                .exit_code,
            0);
  // An unknown unit: exit 6; a latitude out of range: exit 3.
  EXPECT_EQ(Alley({"plan", "candidates", "add", "--unit", "320706006999", "--name", "X", "--lat",
                   "34.6", "--lon", "119.17"})
                .exit_code,
            6);
  Result far = Alley({"plan", "candidates", "add", "--unit", kHailian, "--name", "X", "--lat",
                      "94.6", "--lon", "119.17"});
  EXPECT_EQ(far.exit_code, 3);
  EXPECT_THAT(far.err, HasSubstr("column lat"));

  EXPECT_EQ(List(kHailian).size(), 1u);
  EXPECT_EQ(List("320706006").size(), 2u);  // the street's subtree: both communities
}

TEST_F(PlanCandidatesTest, Gcj02IsConvertedBeforeStoring) {
  ASSERT_EQ(Alley({"plan", "candidates", "add", "--unit", kHailian, "--name", "gcj", "--lat",
                   "34.6", "--lon", "119.17", "--crs", "gcj02"})
                .exit_code,
            0);
  const nlohmann::json sites = List(kHailian);
  ASSERT_EQ(sites.size(), 1u);
  // GCJ-02 lies about 515 m east and 105 m south of WGS-84 here (geo_test.cc),
  // so the stored WGS-84 point is west and north of the one typed.
  const double lat = sites[0]["lat"], lon = sites[0]["lon"];
  EXPECT_GT(lat, 34.6 + 0.0005);
  EXPECT_LT(lat, 34.6 + 0.0015);
  EXPECT_LT(lon, 119.17 - 0.004);
  EXPECT_GT(lon, 119.17 - 0.007);

  Result bad = Alley({"plan", "candidates", "add", "--unit", kHailian, "--name", "bd", "--lat",
                      "34.6", "--lon", "119.17", "--crs", "bd09"});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_THAT(bad.err, HasSubstr("--crs"));

  // facility add takes --crs gcj02 too, with the same conversion.
  Result f = Alley({"facility", "add", "--unit", kHailian, "--type", "nursery", "--name", "N",
                    "--lat", "34.6", "--lon", "119.17", "--crs", "gcj02", "--json"});
  ASSERT_EQ(f.exit_code, 0) << f.err;
  EXPECT_DOUBLE_EQ(f.Json()["location"]["lat"].get<double>(), lat);
  EXPECT_DOUBLE_EQ(f.Json()["location"]["lon"].get<double>(), lon);
}

TEST_F(PlanCandidatesTest, ImportStoresEveryRow) {
  const std::string csv = Write("sites.csv",
                                "\xEF\xBB\xBFname,lon,lat,capacity,note,unit\r\n"
                                "北门,119.171,34.601,30,\"corner, north\",\r\n"
                                "南门,119.172,34.599,,,\r\n"
                                "北门,119.161,34.611,10,,320706006009\r\n");
  Result r = Alley({"plan", "candidates", "import", csv, "--unit", kHailian, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.Json()["added"].size(), 3u);
  const nlohmann::json hailian = List(kHailian);
  ASSERT_EQ(hailian.size(), 2u);
  EXPECT_EQ(hailian[0]["name"], "北门");  // by name (UTF-8 byte order)
  EXPECT_EQ(hailian[0]["note"], "corner, north");
  EXPECT_EQ(hailian[0]["capacity"], 30);
  EXPECT_EQ(hailian[0]["lat"], 34.601);
  EXPECT_EQ(hailian[1]["capacity"], 0);
  ASSERT_EQ(List(kXinghua).size(), 1u);
  EXPECT_EQ(List(kXinghua)[0]["capacity"], 10);
}

TEST_F(PlanCandidatesTest, ABadRowLeavesNothingWritten) {
  const std::string good = "name,lat,lon\nA,34.60,119.17\nB,34.61,119.18\n";
  // A bad value on line 4, after two good rows.
  Result bad = Alley({"plan", "candidates", "import", Write("bad.csv", good + "C,34.62,east\n"),
                      "--unit", kHailian});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_THAT(bad.err, HasSubstr("bad.csv:4: column lon: \"east\" is not a number of degrees"));
  EXPECT_TRUE(List(kHailian).empty());

  // A name twice in one unit, both lines named.
  Result dup = Alley({"plan", "candidates", "import", Write("dup.csv", good + "A,34.62,119.19\n"),
                      "--unit", kHailian});
  EXPECT_EQ(dup.exit_code, 3);
  EXPECT_THAT(dup.err, HasSubstr("dup.csv:4: column name: \"A\""));
  EXPECT_THAT(dup.err, HasSubstr("line 2"));
  EXPECT_TRUE(List(kHailian).empty());

  // A unit that does not exist, found only when storing: still all or none.
  Result unit = Alley({"plan", "candidates", "import",
                       Write("unit.csv",
                             "unit,name,lat,lon\n,A,34.6,119.17\n320706006999,"
                             "B,34.6,119.17\n"),
                       "--unit", kHailian});
  EXPECT_EQ(unit.exit_code, 6);
  EXPECT_THAT(unit.err, HasSubstr("unit.csv:3:"));
  EXPECT_TRUE(List(kHailian).empty());

  // A name the unit already has, from an earlier import: exit 5, nothing new.
  ASSERT_EQ(Alley({"plan", "candidates", "add", "--unit", kHailian, "--name", "B", "--lat", "34.6",
                   "--lon", "119.17"})
                .exit_code,
            0);
  Result exists =
      Alley({"plan", "candidates", "import", Write("good.csv", good), "--unit", kHailian});
  EXPECT_EQ(exists.exit_code, 5);
  EXPECT_THAT(exists.err, HasSubstr("good.csv:3:"));
  EXPECT_EQ(List(kHailian).size(), 1u);

  // Rows without a unit and no --unit; a missing column; an unterminated quote.
  Result no_unit = Alley({"plan", "candidates", "import", Write("nounit.csv", good)});
  EXPECT_EQ(no_unit.exit_code, 3);
  EXPECT_THAT(no_unit.err, HasSubstr("nounit.csv:2: column unit"));
  Result missing = Alley({"plan", "candidates", "import",
                          Write("missing.csv", "name,lat\nA,34.6\n"), "--unit", kHailian});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_THAT(missing.err, HasSubstr("missing column \"lon\""));
  Result quote = Alley({"plan", "candidates", "import",
                        Write("quote.csv", good + "\"C,34.6,119.17\n"), "--unit", kHailian});
  EXPECT_EQ(quote.exit_code, 3);
  EXPECT_THAT(quote.err, HasSubstr("quote.csv:4: unterminated quoted field"));
  EXPECT_EQ(List(kHailian).size(), 1u);
}

}  // namespace
}  // namespace alley

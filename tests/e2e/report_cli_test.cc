// End to end through the `alley` binary: reports that fill themselves on the
// Hailian demo (the date pinned) — the built-in templates, a value entered,
// `report fill` as JSON, CSV and XLSX (the workbook unzipped with python3's
// zipfile and its sheet XML read for the values), a template defined and one
// imported from JSON, a bad one refused, and `report burden`.
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
using ::testing::HasSubstr;

constexpr char kStreet[] = "320706006";
constexpr char kHailian[] = "320706006010";

class ReportCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::path(ALLEY_E2E_DIR).parent_path() / ("e2e-report-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ok_ = Alley({"import", "divisions", ALLEY_TEST_DIVISIONS}).exit_code == 0 &&
          Alley({"demo"}).exit_code == 0 &&
          Alley({"indicator", "enter", "elderly_care_floor_m2", "--unit", kHailian, "--period",
                 "2026", "--value", "420"})
                  .exit_code == 0;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  void SetUp() override { ASSERT_TRUE(ok_) << "the demo database could not be built"; }

  static e2e::Result Alley(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", (dir_ / "test.db").string()});
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

TEST_F(ReportCliTest, TheBuiltinTemplatesAreListed) {
  nlohmann::json doc = Json({"report", "list", "--json"});
  ASSERT_GE(doc["templates"].size(), 3u);
  std::vector<std::string> codes;
  for (const auto& t : doc["templates"]) codes.push_back(t["code"]);
  EXPECT_THAT(codes, ::testing::IsSupersetOf(
                         {"community_basic", "concerns_monthly", "population_structure"}));
  e2e::Result text = Alley({"report", "list"});
  EXPECT_THAT(text.out, HasSubstr("社区基本情况表"));
}

TEST_F(ReportCliTest, AReportFillsItselfAndExportsCsvAndXlsx) {
  const fs::path csv = dir_ / "basic.csv";
  const fs::path xlsx = dir_ / "basic.xlsx";
  nlohmann::json doc = Json({"report", "fill", "community_basic", "--unit", kStreet, "--period",
                             "2026", "--json", "--csv", csv.string(), "--xlsx", xlsx.string()});
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["unit"], kStreet);
  ASSERT_EQ(doc["columns"][0]["unit"], kStreet);
  size_t hailian = 0;
  for (size_t c = 0; c < doc["columns"].size(); ++c) {
    if (doc["columns"][c]["unit"] == kHailian) hailian = c;
  }
  ASSERT_GT(hailian, 0u);
  double residents = -1;
  for (const auto& row : doc["rows"]) {
    if (row["item"] == "residents") {
      EXPECT_EQ(row["cells"][hailian]["source"], "derived");
      residents = row["cells"][hailian]["value"].get<double>();
    }
    if (row["item"] == "elderly_care_floor_m2") {
      EXPECT_EQ(row["cells"][hailian]["source"], "entered");
      EXPECT_EQ(row["cells"][hailian]["value"], 420);
      EXPECT_EQ(row["cells"][0]["source"], "aggregated");
    }
  }
  EXPECT_GT(residents, 0);
  const nlohmann::json& b = doc["burden"];
  EXPECT_EQ(b["cells"].get<int64_t>(), b["filled"].get<int64_t>() + b["to_enter"].get<int64_t>() +
                                           b["unavailable"].get<int64_t>());
  EXPECT_GT(b["filled"].get<int64_t>(), 0);
  EXPECT_GT(b["to_enter"].get<int64_t>(), 0);  // the other communities' floor space

  const std::string csv_text = e2e::Slurp(csv);
  EXPECT_THAT(csv_text, HasSubstr("item,label,"));
  EXPECT_THAT(csv_text, HasSubstr("待填报: community office"));

  // The workbook: a zip whose sheet holds the title, the numbers as numbers,
  // and a comment naming who enters a missing cell.
  const fs::path script = dir_ / "unzip.py";
  {
    std::ofstream py(script);
    py << "import sys, zipfile\n"
          "z = zipfile.ZipFile(sys.argv[1])\n"
          "names = z.namelist()\n"
          "sheet = z.read('xl/worksheets/sheet1.xml').decode()\n"
          "strings = z.read('xl/sharedStrings.xml').decode()\n"
          "comments = ''.join(z.read(n).decode() for n in names if 'comments' in n and "
          "n.endswith('.xml'))\n"
          "print('SHEET', sheet)\nprint('STRINGS', strings)\nprint('COMMENTS', comments)\n";
  }
  e2e::Result unzip = e2e::RunAlley("python3", dir_, {script.string(), xlsx.string()});
  ASSERT_EQ(unzip.exit_code, 0) << unzip.err;
  EXPECT_THAT(unzip.out, HasSubstr("社区基本情况表"));
  EXPECT_THAT(unzip.out, HasSubstr("<v>420</v>"));  // a number cell, not a string
  EXPECT_THAT(unzip.out,
              HasSubstr("<v>" + std::to_string(static_cast<int64_t>(residents)) + "</v>"));
  EXPECT_THAT(unzip.out, HasSubstr("community office"));
  EXPECT_THAT(unzip.out, HasSubstr("elderly_care_floor_m2 for"));

  e2e::Result text =
      Alley({"report", "fill", "concerns_monthly", "--unit", kHailian, "--period", "2026"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("2026-12"));
  EXPECT_THAT(text.out, HasSubstr("cells:"));
}

TEST_F(ReportCliTest, TemplatesAreDefinedImportedAndChecked) {
  e2e::Result ok = Alley({"report", "define", "mine", "--name", "我的表", "--rows",
                          "residents,@sex", "--columns", "periods:2026Q1..2026Q2"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  nlohmann::json doc =
      Json({"report", "fill", "mine", "--unit", kHailian, "--period", "2026", "--json"});
  EXPECT_EQ(doc["columns"].size(), 2u);
  EXPECT_EQ(doc["rows"].size(), 3u);

  const fs::path file = dir_ / "t.json";
  std::ofstream(file) << R"({"code":"imported","name":"导入表","office":"区民政局",)"
                         R"("columns":"community","rows":["residents_60_plus",)"
                         R"({"item":"elderly_care_floor_m2","label":"面积"}]})";
  e2e::Result imported = Alley({"report", "import-template", file.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  doc = Json({"report", "fill", "imported", "--unit", kStreet, "--period", "2026", "--json"});
  EXPECT_EQ(doc["rows"][1]["label"], "面积");

  e2e::Result bad =
      Alley({"report", "define", "bad", "--name", "坏", "--rows", "bedz", "--columns", "children"});
  EXPECT_EQ(bad.exit_code, 3) << bad.err;
  EXPECT_THAT(bad.err, HasSubstr("rows[0]: unknown indicator or data element bedz"));
  e2e::Result unknown = Alley({"report", "fill", "nope", "--unit", kStreet, "--period", "2026"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_THAT(unknown.err, HasSubstr("report template nope"));
}

TEST_F(ReportCliTest, TheBurdenAddsUpOverTheTemplates) {
  nlohmann::json doc = Json({"report", "burden", "--unit", kStreet, "--period", "2026", "--json"});
  ASSERT_GE(doc["templates"].size(), 3u);
  int64_t cells = 0;
  for (const auto& t : doc["templates"]) cells += t["burden"]["cells"].get<int64_t>();
  EXPECT_EQ(doc["total"]["cells"], cells);
  ASSERT_FALSE(doc["total"]["filled_share"].is_null());
  e2e::Result text = Alley({"report", "burden", "--unit", kStreet, "--period", "2026"});
  EXPECT_THAT(text.out, HasSubstr("total"));
}

}  // namespace
}  // namespace alley

// End-to-end tests of the `alley` binary: each runs the real program on a real
// database, as a community worker's script would, and checks what it prints,
// its exit code and what the database then holds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
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
using ::testing::StartsWith;

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
  nlohmann::json Json() const { return nlohmann::json::parse(out); }
};

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
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

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(ALLEY_E2E_DIR) / (std::string(info->test_suite_name()) + "." + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  // Runs alley with `args` (the date pinned as in the fixture), `input` on its
  // standard input.
  Result Alley(const std::vector<std::string>& args, const std::string& input = "") {
    Write(dir_ / "stdin", input);
    std::string command = "ALLEY_TODAY=2026-06-30 " + Quote(ALLEY_BINARY);
    for (const std::string& a : args) command += " " + Quote(a);
    command += " <" + Quote((dir_ / "stdin").string());
    command += " >" + Quote((dir_ / "stdout").string()) + " 2>" + Quote((dir_ / "stderr").string());
    int status = std::system(command.c_str());
    Result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = Slurp(dir_ / "stdout");
    r.err = Slurp(dir_ / "stderr");
    return r;
  }

  // A private copy of the fixture database (hierarchy + demo), with its key
  // file beside it (copy_file keeps the mode, 0600).
  std::string FixtureCopy() {
    fs::path copy = dir_ / "alley.db";
    fs::copy_file(fs::path(ALLEY_E2E_DIR) / "fixture.db", copy,
                  fs::copy_options::overwrite_existing);
    fs::copy_file(fs::path(ALLEY_E2E_DIR) / "fixture.db.key", dir_ / "alley.db.key",
                  fs::copy_options::overwrite_existing);
    return copy.string();
  }
  std::string Fixture() { return (fs::path(ALLEY_E2E_DIR) / "fixture.db").string(); }

  // A copy of the small test hierarchy (tests/data/divisions), to read or spoil.
  fs::path SmallDivisions() {
    fs::path d = dir_ / "divisions";
    fs::copy(ALLEY_TEST_DIVISIONS, d, fs::copy_options::recursive);
    return d;
  }

  fs::path dir_;
};

TEST_F(CliTest, NationalHierarchyHasTheOfficialCounts) {
  Result r = Alley({"--db", Fixture(), "unit", "show", "0", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = r.Json();
  EXPECT_EQ(j["units_below"]["province"], 31);
  EXPECT_EQ(j["units_below"]["city"], 342);
  EXPECT_EQ(j["units_below"]["county"], 2978);
  EXPECT_EQ(j["units_below"]["street"], 41352);
  EXPECT_EQ(j["units_below"]["community"], 620573);
  EXPECT_EQ(j["children"], 31);
}

TEST_F(CliTest, HailianSummary) {
  Result r = Alley({"--db", Fixture(), "unit", "show", "320706006010", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = r.Json();
  EXPECT_EQ(j["code"], "320706006010");
  EXPECT_EQ(j["name"], "海连社区居委会");
  EXPECT_EQ(j["level"], "community");
  EXPECT_EQ(j["settlement"], "urban");
  EXPECT_EQ(j["path"],
            nlohmann::json({"江苏省", "连云港市", "海州区", "新海街道", "海连社区居委会"}));
  EXPECT_EQ(j["residents"], 7266);
  EXPECT_EQ(j["compounds"], 5);
  EXPECT_EQ(j["children"], 5);
  EXPECT_EQ(j["synthetic_residents"], 7266);
  int64_t by_age = 0;
  for (const std::string band : {"0-2", "3-5", "6-14", "15-59", "60-79", "80+"}) {
    ASSERT_TRUE(j["by_age_band"].contains(band)) << band;
    EXPECT_GT(j["by_age_band"][band].get<int64_t>(), 0) << band;
    by_age += j["by_age_band"][band].get<int64_t>();
  }
  EXPECT_EQ(by_age, 7266);
  EXPECT_EQ(j["by_sex"]["male"].get<int64_t>() + j["by_sex"]["female"].get<int64_t>(), 7266);
  int64_t men = 0;
  for (const auto& [band, split] : j["by_age_band_sex"].items()) {
    EXPECT_EQ(split["male"].get<int64_t>() + split["female"].get<int64_t>(),
              j["by_age_band"][band].get<int64_t>())
        << band;
    men += split["male"].get<int64_t>();
  }
  EXPECT_EQ(men, j["by_sex"]["male"].get<int64_t>());
  EXPECT_GT(j["by_tag"]["living_alone"].get<int64_t>(), 0);
  EXPECT_GT(j["households"].get<int64_t>(), 2000);
  EXPECT_LT(j["households"].get<int64_t>(), 4000);
  for (const std::string type :
       {"senior_canteen", "nursery", "health_station", "rider_rest_station"}) {
    EXPECT_GE(j["facilities"].value(type, 0), 1) << type;
  }
}

TEST_F(CliTest, ProvinceSummaryCoversItsSubtree) {
  Result r = Alley({"--db", Fixture(), "unit", "show", "32", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.Json()["residents"], 7266);
  EXPECT_EQ(r.Json()["path"], nlohmann::json({"江苏省"}));
  Result other = Alley({"--db", Fixture(), "unit", "show", "11", "--json"});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_EQ(other.Json()["residents"], 0);
}

TEST_F(CliTest, TextSummaryShowsThePath) {
  Result r = Alley({"--db", Fixture(), "unit", "show", "320706006010"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("江苏省 / 连云港市 / 海州区 / 新海街道 / 海连社区居委会\n"));
  EXPECT_THAT(r.out, HasSubstr("7,266 residents"));
}

TEST_F(CliTest, FindByNameFragment) {
  Result r = Alley({"--db", Fixture(), "unit", "find", "海连", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  bool found = false;
  for (const auto& m : r.Json()) {
    EXPECT_THAT(m["name"].get<std::string>(), HasSubstr("海连"));
    if (m["code"] == "320706006010") {
      found = true;
      EXPECT_EQ(m["path"].size(), 5u);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(CliTest, UnknownUnitIsOneLineAndExitCode4) {
  Result r = Alley({"--db", Fixture(), "unit", "show", "999999", "--json"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(r.err, "alley: not found: unit 999999 not found\n");
}

TEST_F(CliTest, HelpForEveryCommand) {
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"--help"},
                                             {"import", "divisions", "--help"},
                                             {"import", "residents", "--help"},
                                             {"export", "residents", "--help"},
                                             {"unit", "show", "--help"},
                                             {"unit", "find", "--help"},
                                             {"unit", "add", "--help"},
                                             {"unit", "list", "--help"},
                                             {"resident", "show", "--help"},
                                             {"resident", "change", "--help"},
                                             {"facility", "add", "--help"},
                                             {"facility", "list", "--help"},
                                             {"demo", "--help"},
                                             {"init", "--help"}}) {
    Result r = Alley(args);
    EXPECT_EQ(r.exit_code, 0) << args[0];
    EXPECT_THAT(r.out, HasSubstr("Usage")) << args[0];
  }
  Result bad = Alley({"unit", "frobnicate"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST_F(CliTest, AddCompoundAndGrid) {
  std::string db = FixtureCopy();
  Result r = Alley({"--db", db, "unit", "add", "--parent", "320706006010", "--kind", "compound",
                    "--name", "新建小区", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.Json()["code"], "320706006010006");
  EXPECT_EQ(r.Json()["level"], "compound");
  Result grid = Alley({"--db", db, "unit", "add", "--parent", "320706006010006", "--kind", "grid",
                       "--name", "第一网格", "--json"});
  ASSERT_EQ(grid.exit_code, 0) << grid.err;
  EXPECT_EQ(grid.Json()["code"], "320706006010006001");
  Result again = Alley({"--db", db, "unit", "add", "--parent", "320706006010", "--kind", "compound",
                        "--name", "新建小区"});
  EXPECT_EQ(again.exit_code, 5) << again.err;
  Result under_street = Alley(
      {"--db", db, "unit", "add", "--parent", "320706006", "--kind", "compound", "--name", "错误"});
  EXPECT_EQ(under_street.exit_code, 3) << under_street.err;
  Result list = Alley({"--db", db, "unit", "list", "320706006010", "--json"});
  ASSERT_EQ(list.exit_code, 0);
  EXPECT_EQ(list.Json().size(), 6u);
}

TEST_F(CliTest, SmallDivisionImportIsIdempotent) {
  std::string db = (dir_ / "small.db").string();
  fs::path d = SmallDivisions();
  for (int i = 0; i < 2; ++i) {
    Result r = Alley({"--db", db, "import", "divisions", d.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("3 communities and villages"));
  }
  Result show = Alley({"--db", db, "unit", "show", "0", "--json"});
  EXPECT_EQ(show.Json()["units_below"]["community"], 3);
}

TEST_F(CliTest, BrokenDivisionRowWritesNothing) {
  std::string db = (dir_ / "small.db").string();
  fs::path d = SmallDivisions();
  Write(d / "villages.csv",
        "code,name,streetCode,provinceCode,cityCode,areaCode\n"
        "320706006010,\"海连社区居委会\",320706006,32,3207,320706\n"
        "320706007001,\"无主社区\",320706007,32,3207,320706\n");
  Result r = Alley({"--db", db, "import", "divisions", d.string()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err, "alley: invalid argument: " + (d / "villages.csv").string() +
                       ":3: unknown parent 320706007 of 320706007001\n");
  Result show = Alley({"--db", db, "unit", "show", "32"});
  EXPECT_EQ(show.exit_code, 4);
}

TEST_F(CliTest, ExportImportRoundTrip) {
  fs::path first = dir_ / "hailian.csv";
  // From a copy: an export appends an audit record, and the fixture stays as prepared.
  Result out = Alley({"--db", FixtureCopy(), "export", "residents", "--unit", "320706006010", "-o",
                      first.string()});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  std::string csv = Slurp(first);
  ASSERT_THAT(csv, StartsWith("\xEF\xBB\xBFhousehold,relation,name,id_number"));

  std::string db = (dir_ / "fresh.db").string();
  ASSERT_EQ(Alley({"--db", db, "import", "divisions", SmallDivisions().string()}).exit_code, 0);
  Result in = Alley({"--db", db, "import", "residents", first.string(), "--unit", "320706006010"});
  ASSERT_EQ(in.exit_code, 0) << in.err;
  EXPECT_THAT(in.out, HasSubstr("7,266 registered"));

  fs::path second = dir_ / "again.csv";
  ASSERT_EQ(
      Alley({"--db", db, "export", "residents", "--unit", "320706006010", "-o", second.string()})
          .exit_code,
      0);
  EXPECT_TRUE(Slurp(second) == csv) << "the second export differs from the first";

  nlohmann::json a = Alley({"--db", Fixture(), "unit", "show", "320706006010", "--json"}).Json();
  nlohmann::json b = Alley({"--db", db, "unit", "show", "320706006010", "--json"}).Json();
  for (const char* key : {"residents", "households", "compounds", "by_age_band", "by_sex", "by_tag",
                          "by_employment"}) {
    EXPECT_EQ(a[key], b[key]) << key;
  }
  // Importing the same file again changes nothing.
  Result again =
      Alley({"--db", db, "import", "residents", first.string(), "--unit", "320706006010"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("7,266 unchanged"));
}

TEST_F(CliTest, BadRowIsNamedAndNothingIsWritten) {
  std::string db = (dir_ / "fresh.db").string();
  ASSERT_EQ(Alley({"--db", db, "import", "divisions", SmallDivisions().string()}).exit_code, 0);
  fs::path csv = dir_ / "roster.csv";
  // 11010519491231002X is GB 11643's own example; the second number's last
  // character is wrong.
  Write(csv,
        "name,id_number,household,relation,compound\n"
        "张三,11010519491231002X,0001,head,海连新村\n"
        "李四,110105194912310021,0001,spouse,海连新村\n");
  Result r = Alley({"--db", db, "import", "residents", csv.string(), "--unit", "320706006010"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err,
              StartsWith("alley: invalid argument: " + csv.string() + ":3: column id_number: "));
  Result show = Alley({"--db", db, "unit", "show", "320706006010", "--json"});
  EXPECT_EQ(show.Json()["residents"], 0);
  EXPECT_EQ(show.Json()["compounds"], 0);

  fs::path rejects = dir_ / "rejects.csv";
  Result skip = Alley({"--db", db, "import", "residents", csv.string(), "--unit", "320706006010",
                       "--skip-invalid", "--rejects", rejects.string()});
  ASSERT_EQ(skip.exit_code, 0) << skip.err;
  EXPECT_THAT(skip.out, HasSubstr("1 registered"));
  EXPECT_THAT(skip.out, HasSubstr("1 rejected"));
  std::string rejected = Slurp(rejects);
  EXPECT_THAT(rejected, HasSubstr("李四,110105194912310021"));
  EXPECT_THAT(rejected, HasSubstr(",3,\"column id_number: ID number check character is 1"));
  show = Alley({"--db", db, "unit", "show", "320706006010", "--json"});
  EXPECT_EQ(show.Json()["residents"], 1);
  EXPECT_EQ(show.Json()["compounds"], 1);
}

TEST_F(CliTest, DeathIsADatedChangeAndHistoryStays) {
  std::string db = FixtureCopy();
  Result csv = Alley({"--db", db, "export", "residents", "--unit", "320706006010"});
  ASSERT_EQ(csv.exit_code, 0);
  // The first data row's ID number (column 4).
  std::istringstream lines(csv.out);
  std::string header, row;
  std::getline(lines, header);
  std::getline(lines, row);
  std::vector<std::string> cols;
  std::stringstream fields(row);
  for (std::string f; std::getline(fields, f, ',');) cols.push_back(f);
  ASSERT_GE(cols.size(), 4u);
  std::string id = cols[3];

  auto residents_on = [&](const std::string& date) {
    return Alley({"--db", db, "unit", "show", "320706006010", "--json", "--as-of", date})
        .Json()["residents"]
        .get<int64_t>();
  };
  const int64_t february = residents_on("2026-02-28");
  Result change =
      Alley({"--db", db, "resident", "change", id, "--kind", "death", "--date", "2026-03-01"});
  ASSERT_EQ(change.exit_code, 0) << change.err;
  EXPECT_EQ(Alley({"--db", db, "unit", "show", "320706006010", "--json"}).Json()["residents"],
            7265);
  EXPECT_EQ(residents_on("2026-02-28"), february);  // the past is as it was
  nlohmann::json person = Alley({"--db", db, "resident", "show", id, "--json"}).Json();
  ASSERT_EQ(person["history"].size(), 2u);
  EXPECT_EQ(person["history"][1]["status"], "deceased");
  EXPECT_EQ(person["id_number"].get<std::string>().substr(6, 8), "********");
  Result late = Alley({"--db", db, "resident", "change", id, "--kind", "update", "--date",
                       "2026-04-01", "--add-tag", "veteran"});
  EXPECT_EQ(late.exit_code, 6) << late.err;
}

TEST_F(CliTest, DemoIsDeterministicAndRefreshesInPlace) {
  std::string db = FixtureCopy();
  Result before = Alley({"--db", db, "export", "residents", "--unit", "320706006010"});
  Result demo = Alley({"--db", db, "demo"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  EXPECT_THAT(demo.out, HasSubstr("海连社区居委会"));
  EXPECT_THAT(demo.out, HasSubstr("7,266 residents"));
  Result after = Alley({"--db", db, "export", "residents", "--unit", "320706006010"});
  EXPECT_TRUE(before.out == after.out) << "the same seed must give the same ledger";
  Result other = Alley({"--db", db, "demo", "--seed", "7", "--json"});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_EQ(other.Json()["residents"], 7266);
  EXPECT_EQ(other.Json()["compounds"], 5);
}

TEST_F(CliTest, FacilitiesAreAddedAndCounted) {
  std::string db = FixtureCopy();
  Result add = Alley({"--db", db, "facility", "add", "--unit", "320706006010", "--type", "幼儿园",
                      "--name", "海连幼儿园", "--lat", "34.6012", "--lon", "119.1708", "--capacity",
                      "180", "--staff", "20", "--json"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_EQ(add.Json()["type"], "kindergarten");
  Result list = Alley({"--db", db, "facility", "list", "--unit", "320706006010", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.Json().size(), 7u);  // the demo's six and this one
  nlohmann::json show = Alley({"--db", db, "unit", "show", "320706", "--json"}).Json();
  EXPECT_EQ(show["facilities"]["kindergarten"], 1);
  Result bad = Alley({"--db", db, "facility", "add", "--unit", "320706006010", "--type", "nursery",
                      "--name", "x", "--lat", "34.6"});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_THAT(bad.err, HasSubstr("give both lat and lon"));
}

TEST_F(CliTest, DatabaseThatIsNotAlleysIsRefused) {
  fs::path junk = dir_ / "junk.db";
  Write(junk, std::string(4096, 'x'));
  Result r = Alley({"--db", junk.string(), "unit", "show", "0"});
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_THAT(r.err, HasSubstr("not a SQLite database"));
}

TEST_F(CliTest, InitCreatesTheKeyFileWithMode0600) {
  std::string db = (dir_ / "new.db").string();
  Result init = Alley({"--db", db, "init"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_THAT(init.out, HasSubstr("key: created " + db + ".key (mode 0600)"));
  struct stat st {};
  ASSERT_EQ(::stat((db + ".key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string key = Slurp(db + ".key");
  EXPECT_EQ(key.size(), 65u);  // 64 hex characters and a newline

  Result again = Alley({"--db", db, "init"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("(kept)"));
  EXPECT_EQ(Slurp(db + ".key"), key);  // never overwritten

  fs::permissions(db + ".key", fs::perms::group_read, fs::perm_options::add);
  Result loose = Alley({"--db", db, "unit", "show", "0"});
  EXPECT_EQ(loose.exit_code, 6);
  EXPECT_THAT(loose.err, HasSubstr("chmod 600"));
}

TEST_F(CliTest, UserAddReadsThePasswordFromStdin) {
  std::string db = (dir_ / "small.db").string();
  ASSERT_EQ(Alley({"--db", db, "import", "divisions", SmallDivisions().string()}).exit_code, 0);
  Result add = Alley({"--db", db, "user", "add", "Wang.Li", "--role", "grid_worker", "--unit",
                      "320706006010", "--display-name", "王丽", "--password-stdin"},
                     "correct horse battery\n");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_THAT(add.out, HasSubstr("added wang.li (grid_worker, unit 320706006010)"));
  Result list = Alley({"--db", db, "user", "list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  nlohmann::json users = list.Json();
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0]["username"], "wang.li");
  EXPECT_EQ(users[0]["display_name"], "王丽");
  EXPECT_EQ(users[0]["state"], "active");

  Result taken = Alley(
      {"--db", db, "user", "add", "wang.li", "--role", "admin", "--unit", "0", "--password-stdin"},
      "another password\n");
  EXPECT_EQ(taken.exit_code, 5) << taken.err;
  Result short_password = Alley(
      {"--db", db, "user", "add", "zhao", "--role", "admin", "--unit", "0", "--password-stdin"},
      "short\n");
  EXPECT_EQ(short_password.exit_code, 3);
  EXPECT_THAT(short_password.err, HasSubstr("at least 8"));
  Result bad_role = Alley(
      {"--db", db, "user", "add", "zhao", "--role", "boss", "--unit", "0", "--password-stdin"},
      "long enough\n");
  EXPECT_EQ(bad_role.exit_code, 3);
  EXPECT_THAT(bad_role.err, HasSubstr("grid_worker, community_staff"));

  ASSERT_EQ(Alley({"--db", db, "user", "disable", "wang.li"}).exit_code, 0);
  EXPECT_EQ(Alley({"--db", db, "user", "list", "--json"}).Json()[0]["state"], "disabled");
  ASSERT_EQ(Alley({"--db", db, "user", "passwd", "wang.li", "--password-stdin"}, "new password\n")
                .exit_code,
            0);
  Result audit = Alley({"--db", db, "audit", "list", "--user", "cli:root", "--json"});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_GE(audit.Json()["total"], 3);
  Result verify = Alley({"--db", db, "audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_THAT(verify.out, HasSubstr("audit trail intact"));
}

TEST_F(CliTest, ExportIsAuditedAndTheFileHoldsNoClearIdNumber) {
  std::string db = FixtureCopy();
  fs::path csv = dir_ / "hailian.csv";
  Result before = Alley({"--db", db, "audit", "list", "--action", "export", "--json"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  Result out =
      Alley({"--db", db, "export", "residents", "--unit", "320706006010", "-o", csv.string()});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  Result audit = Alley({"--db", db, "audit", "list", "--action", "export", "--json"});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  nlohmann::json doc = audit.Json();
  ASSERT_EQ(doc["total"], before.Json()["total"].get<int>() + 1);
  EXPECT_EQ(doc["items"][0]["records"], "7266");
  EXPECT_EQ(doc["items"][0]["object"], "residents");
  EXPECT_THAT(doc["items"][0]["username"].get<std::string>(), StartsWith("cli:"));
  // A known ID number, in clear in the export, is nowhere in the database file.
  std::string text = Slurp(csv);
  size_t line2 = text.find('\n') + 1;
  std::string first_row = text.substr(line2, text.find('\n', line2) - line2);
  std::vector<std::string> fields;
  std::stringstream row(first_row);
  for (std::string f; std::getline(row, f, ',');) fields.push_back(f);
  ASSERT_GE(fields.size(), 4u);
  std::string id_number = fields[3];
  ASSERT_EQ(id_number.size(), 18u) << first_row;
  EXPECT_EQ(Slurp(db).find(id_number), std::string::npos);
  EXPECT_EQ(Slurp(Fixture()).find(id_number), std::string::npos);
}

}  // namespace
}  // namespace alley

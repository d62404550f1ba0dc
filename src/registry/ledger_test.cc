#include "registry/ledger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/csv.h"
#include "core/id_number.h"
#include "registry/test_util.h"
#include "registry/units.h"

namespace alley::registry {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Valid numbers built with the standard's check character.
std::string Id(int year, int month, int day, int sequence, core::Sex sex) {
  return *core::MakeIdNumber("320706", *core::Date::FromYmd(year, month, day), sequence, sex);
}

class LedgerTest : public testing::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    ASSERT_OK(ImportDivisions(*store_, WriteDivisions()));
    options_.unit_code = "320706006010";
    options_.today = *core::Date::FromYmd(2026, 6, 30);
    options_.effective = *core::Date::FromYmd(2026, 1, 1);
  }

  std::string Roster() {
    return "household,relation,name,id_number,phone,compound,building,entrance,room,tags,"
           "employment,insurance\n"
           "0001,head,王建国," +
           Id(1950, 3, 1, 11, core::Sex::kMale) +
           ",13812345678,海连新村,3,1,301,veteran,retired,employee\n"
           "0001,spouse,李秀英," +
           Id(1952, 7, 9, 12, core::Sex::kFemale) +
           ",,海连新村,3,1,301,,retired,resident\n"
           "0002,head,赵敏," +
           Id(1938, 1, 20, 13, core::Sex::kFemale) +
           ",,盐河小区,7,2,102,独居老人,retired,resident\n"
           "0003,head,陈骁," +
           Id(1995, 5, 5, 14, core::Sex::kMale) +
           ",15900001111,盐河小区,8,1,601,,delivery_rider,none\n";
  }

  std::string Export() {
    StatusOr<std::string> csv = ExportResidents(*store_, "320706006010", options_.today);
    EXPECT_OK(csv);
    return csv.ok() ? *csv : "";
  }

  ImportOptions options_;
};

TEST_F(LedgerTest, ImportsHouseholdsCompoundsAndTags) {
  ASSERT_OK_AND_ASSIGN(ImportReport r, ImportResidents(*store_, "r.csv", Roster(), options_));
  EXPECT_EQ(r.rows, 4);
  EXPECT_EQ(r.registered, 4);
  EXPECT_EQ(r.households_created, 3);
  EXPECT_EQ(r.compounds_created, 2);
  ASSERT_OK_AND_ASSIGN(UnitSummary s, SummarizeUnit(*store_, "320706006010", options_.today));
  EXPECT_EQ(s.residents, 4);
  EXPECT_EQ(s.households, 3);
  EXPECT_EQ(s.compounds, 2);
  EXPECT_EQ(s.by_tag["living_alone"], 1);
  EXPECT_EQ(s.by_tag["veteran"], 1);
  EXPECT_EQ(s.by_employment["delivery_rider"], 1);
  EXPECT_EQ(s.by_sex["female"], 2);
  EXPECT_EQ(s.by_age_band[5].second, 1);  // 赵敏, 88
  EXPECT_EQ(s.by_age_band[4].second, 2);  // 60-79
  // The pyramid splits each band by sex, and adds up to the bands.
  ASSERT_EQ(s.by_age_band_sex.size(), s.by_age_band.size());
  EXPECT_EQ(s.by_age_band_sex[5].band, "80+");
  EXPECT_EQ(s.by_age_band_sex[5].female, 1);  // 赵敏
  EXPECT_EQ(s.by_age_band_sex[5].male, 0);
  int64_t female = 0;
  for (size_t i = 0; i < s.by_age_band.size(); ++i) {
    EXPECT_EQ(s.by_age_band_sex[i].male + s.by_age_band_sex[i].female, s.by_age_band[i].second);
    female += s.by_age_band_sex[i].female;
  }
  EXPECT_EQ(female, s.by_sex["female"]);
}

TEST_F(LedgerTest, ExportImportsToTheSameLedger) {
  ASSERT_OK(ImportResidents(*store_, "r.csv", Roster(), options_));
  std::string first = Export();
  EXPECT_THAT(first, StartsWith(std::string(core::kUtf8Bom) + "household,relation,name"));
  ASSERT_OK_AND_ASSIGN(ImportReport again, ImportResidents(*store_, "e.csv", first, options_));
  EXPECT_EQ(again.unchanged, 4);
  EXPECT_EQ(again.updated, 0);
  EXPECT_EQ(Export(), first);
}

TEST_F(LedgerTest, ChangedRowBecomesADatedVersion) {
  ASSERT_OK(ImportResidents(*store_, "r.csv", Roster(), options_));
  std::string roster = Roster();
  roster.replace(roster.find("delivery_rider"), 14, "ride_hailing_driver");
  ImportOptions later = options_;
  later.effective = *core::Date::FromYmd(2026, 3, 1);
  ASSERT_OK_AND_ASSIGN(ImportReport r, ImportResidents(*store_, "r.csv", roster, later));
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(r.unchanged, 3);
  ASSERT_OK_AND_ASSIGN(UnitSummary feb,
                       SummarizeUnit(*store_, "32", *core::Date::FromYmd(2026, 2, 1)));
  EXPECT_EQ(feb.by_employment["delivery_rider"], 1);
  ASSERT_OK_AND_ASSIGN(UnitSummary mar, SummarizeUnit(*store_, "32", later.effective));
  EXPECT_EQ(mar.by_employment["ride_hailing_driver"], 1);
  EXPECT_EQ(mar.by_employment.count("delivery_rider"), 0u);
}

struct BadCsv {
  std::string name;
  std::string row;       // replaces the last line of the roster
  std::string expected;  // the error after "r.csv:5: "
};

class BadRowTest : public LedgerTest, public ::testing::WithParamInterface<BadCsv> {};

TEST_P(BadRowTest, NamesLineAndColumnAndWritesNothing) {
  ASSERT_OK(ImportResidents(*store_, "first.csv", Roster(), options_));
  std::string before = Export();
  std::string roster = Roster();
  roster.erase(roster.rfind("0003,"));
  // A new, valid row first, so that a half-written import would show.
  roster += "0004,head,新人," + Id(1990, 1, 1, 20, core::Sex::kMale) + ",,,,,,,employee,\n";
  roster += GetParam().row + "\n";
  EXPECT_THAT(ImportResidents(*store_, "r.csv", roster, options_),
              StatusIs(StatusCode::kInvalidArgument, "r.csv:6: " + GetParam().expected));
  EXPECT_EQ(Export(), before);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, BadRowTest,
    ::testing::Values(
        BadCsv{"checksum", "0005,head,甲,320706199001010001,,,,,,,,",
               "column id_number: ID number check character is 1, expected 0"},
        BadCsv{"length", "0005,head,甲,3207061990010100,,,,,,,,",
               "column id_number: ID number must be 18 characters, got 16"},
        BadCsv{"date", "0005,head,甲,320706199002300018,,,,,,,,",
               "column id_number: ID number birth date 19900230 does not exist"},
        BadCsv{"empty_name", "0005,head,," + Id(1990, 1, 1, 30, core::Sex::kMale) + ",,,,,,,,",
               "column name: empty"},
        BadCsv{"tag", "0005,head,甲," + Id(1990, 1, 1, 30, core::Sex::kMale) + ",,,,,,rich,,",
               "column tags: unknown tag \"rich\" (expected one of living_alone, disability, "
               "subsistence, special_hardship, veteran, left_behind_child)"},
        BadCsv{"employment",
               "0005,head,甲," + Id(1990, 1, 1, 30, core::Sex::kMale) + ",,,,,,,pilot,",
               "column employment: unknown value \"pilot\" (expected one of employee, "
               "self_employed, unemployed, retired, student, none, delivery_rider, "
               "ride_hailing_driver, ecommerce_livestreaming, other_platform)"},
        BadCsv{"phone", "0005,head,甲," + Id(1990, 1, 1, 30, core::Sex::kMale) + ",12ab,,,,,,,",
               "column phone: \"12ab\" has a character that is not a digit, '-', '+' or space"},
        BadCsv{"duplicate", "0005,head,甲," + Id(1990, 1, 1, 20, core::Sex::kMale) + ",,,,,,,,",
               "column id_number: the same person is already on line 5"},
        BadCsv{"two_heads", "0004,head,乙," + Id(1991, 1, 1, 31, core::Sex::kMale) + ",,,,,,,,",
               "column relation: household 0004 already has a head on line 5"},
        BadCsv{"width", "0005,head,甲", "expected 12 fields, got 3"},
        BadCsv{"future", "0005,head,甲," + Id(2027, 1, 1, 30, core::Sex::kMale) + ",,,,,,,,",
               "column id_number: ID number birth date 2027-01-01 is in the future"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST_F(LedgerTest, SkipInvalidWritesTheGoodRowsAndReportsTheRest) {
  std::string roster = Roster();
  roster += "0009,head,坏,320706199001010001,,,,,,,,\n";
  options_.skip_invalid = true;
  ASSERT_OK_AND_ASSIGN(ImportReport r, ImportResidents(*store_, "r.csv", roster, options_));
  EXPECT_EQ(r.registered, 4);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].line, 6);
  EXPECT_THAT(r.rejected[0].reason, StartsWith("column id_number:"));
  std::string rejects = FormatRejects(r);
  EXPECT_THAT(rejects, HasSubstr(",line,reason\r\n"));
  EXPECT_THAT(rejects, HasSubstr("0009,head,坏,320706199001010001"));
}

TEST_F(LedgerTest, UnitMustBeACommunityOrBelow) {
  options_.unit_code = "320706006";
  EXPECT_THAT(ImportResidents(*store_, "r.csv", Roster(), options_),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("is a street")));
  options_.unit_code = "320706006077";
  EXPECT_THAT(ImportResidents(*store_, "r.csv", Roster(), options_),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(LedgerTest, MissingAndUnknownColumns) {
  EXPECT_THAT(ImportResidents(*store_, "r.csv", "name,household\n甲,1\n", options_),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("r.csv:1: missing column")));
  EXPECT_THAT(ImportResidents(*store_, "r.csv", "name,id_number,shoe_size\n", options_),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown column")));
  EXPECT_THAT(ImportResidents(*store_, "r.csv", "", options_),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("empty")));
}

TEST_F(LedgerTest, SexAndBirthDateMustAgreeWithTheIdNumber) {
  std::string id = Id(1990, 1, 1, 30, core::Sex::kMale);
  EXPECT_THAT(ImportResidents(*store_, "r.csv", "name,id_number,sex\n甲," + id + ",女\n", options_),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("r.csv:2: column sex:")));
  EXPECT_THAT(ImportResidents(*store_, "r.csv",
                              "name,id_number,birth_date\n甲," + id + ",1990-01-02\n", options_),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("column birth_date:")));
  EXPECT_OK(ImportResidents(*store_, "r.csv",
                            "name,id_number,sex,birth_date\n甲," + id + ",male,1990-01-01\n",
                            options_));
}

TEST_F(LedgerTest, RecordChangeKeepsHistory) {
  ASSERT_OK(ImportResidents(*store_, "r.csv", Roster(), options_));
  ResidentChange move;
  move.id_number = Id(1995, 5, 5, 14, core::Sex::kMale);
  move.change = "move";
  move.effective = *core::Date::FromYmd(2026, 2, 1);
  move.household = "0001";
  move.relation = "other";
  ASSERT_OK(RecordChange(*store_, move));
  ASSERT_OK_AND_ASSIGN(ResidentRecord r,
                       GetResident(*store_, move.id_number, *core::Date::FromYmd(2026, 3, 1)));
  ASSERT_EQ(r.history.size(), 2u);
  EXPECT_EQ(r.household_number, "0001");
  EXPECT_EQ(r.current->building, "3");
  EXPECT_EQ(r.history[0].building, "8");
  ASSERT_OK_AND_ASSIGN(ResidentRecord old,
                       GetResident(*store_, move.id_number, *core::Date::FromYmd(2026, 1, 15)));
  EXPECT_EQ(old.household_number, "0003");

  ResidentChange death;
  death.id_number = Id(1938, 1, 20, 13, core::Sex::kFemale);
  death.change = "death";
  death.effective = *core::Date::FromYmd(2026, 4, 1);
  ASSERT_OK(RecordChange(*store_, death));
  death.change = "update";
  death.effective = *core::Date::FromYmd(2026, 5, 1);
  EXPECT_THAT(RecordChange(*store_, death),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("deceased")));
  ResidentChange unknown;
  unknown.id_number = "11010519491231002X";
  unknown.change = "update";
  unknown.effective = death.effective;
  EXPECT_THAT(RecordChange(*store_, unknown), StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(UnitSummary s,
                       SummarizeUnit(*store_, "32", *core::Date::FromYmd(2026, 6, 1)));
  EXPECT_EQ(s.residents, 3);
}

}  // namespace
}  // namespace alley::registry

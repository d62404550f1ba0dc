#include "core/id_number.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/status_matchers.h"

namespace alley::core {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

// The worked example printed in GB 11643-1999.
constexpr std::string_view kStandardExample = "11010519491231002X";

Date Ymd(int year, int month, int day) {
  std::optional<Date> date = Date::FromYmd(year, month, day);
  ALLEY_CHECK(date.has_value(), "test date does not exist");
  return *date;
}

// `first17` completed with its correct check character, so that a test of
// another rule is not failed by the checksum instead.
std::string WithCheck(std::string first17) {
  first17.push_back(IdNumberCheckChar(first17));
  return first17;
}

TEST(IdNumberCheckCharTest, StandardExampleWorkedByHand) {
  // The weights are 2^(17 - i) mod 11 for i = 0..16 (ISO 7064 MOD 11-2),
  // derived here rather than copied from the implementation.
  const std::string_view first17 = kStandardExample.substr(0, 17);
  int sum = 0;
  int weight = 1;  // 2^0, for the check position itself
  for (int i = 16; i >= 0; --i) {
    weight = weight * 2 % 11;
    sum += (first17[static_cast<size_t>(i)] - '0') * weight;
  }
  EXPECT_EQ(sum, 167);
  // The check value c satisfies (sum + c) mod 11 == 1, so c = (12 - 167 % 11) % 11 = 10: "X".
  EXPECT_EQ((12 - sum % 11) % 11, 10);
  EXPECT_EQ(IdNumberCheckChar(first17), 'X');
  // The standard's second example.
  EXPECT_EQ(IdNumberCheckChar("44052418800101001"), '4');
}

TEST(IdNumberCheckCharTest, RejectsBadInputAsAProgrammerError) {
  EXPECT_DEATH(IdNumberCheckChar("1101051949123100"), "17 digits");
  EXPECT_DEATH(IdNumberCheckChar("1101051949123100A"), "17 digits");
}

TEST(ParseIdNumberTest, DecodesTheStandardExample) {
  ASSERT_OK_AND_ASSIGN(IdNumber id, ParseIdNumber(kStandardExample));
  EXPECT_EQ(id.text, kStandardExample);
  EXPECT_EQ(id.region_code, "110105");
  EXPECT_EQ(id.birth_date, Ymd(1949, 12, 31));
  EXPECT_EQ(id.sex, Sex::kFemale);  // order code 002: even
}

TEST(ParseIdNumberTest, OddOrderCodeIsMale) {
  ASSERT_OK_AND_ASSIGN(IdNumber id, ParseIdNumber(WithCheck("32070619900101001")));
  EXPECT_EQ(id.sex, Sex::kMale);
  EXPECT_EQ(id.region_code, "320706");
  EXPECT_EQ(id.birth_date, Ymd(1990, 1, 1));
}

TEST(ParseIdNumberTest, LowerCaseXIsNormalised) {
  ASSERT_OK_AND_ASSIGN(IdNumber id, ParseIdNumber("11010519491231002x"));
  EXPECT_EQ(id.text, "11010519491231002X");
}

TEST(ParseIdNumberTest, WrongCheckCharacter) {
  EXPECT_THAT(ParseIdNumber("110105194912310021"),
              StatusIs(StatusCode::kInvalidArgument, "ID number check character is 1, expected X"));
  EXPECT_THAT(ParseIdNumber("32070619900101000X"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("check character is X, expected ")));
}

TEST(ParseIdNumberTest, WrongLength) {
  EXPECT_THAT(ParseIdNumber(""),
              StatusIs(StatusCode::kInvalidArgument, "ID number must be 18 characters, got 0"));
  // A first-generation 15-digit number.
  EXPECT_THAT(ParseIdNumber("110105491231002"),
              StatusIs(StatusCode::kInvalidArgument, "ID number must be 18 characters, got 15"));
  EXPECT_THAT(ParseIdNumber("11010519491231002X0"),
              StatusIs(StatusCode::kInvalidArgument, "ID number must be 18 characters, got 19"));
  // Characters, not bytes: 17 digits and one Chinese character are 20 bytes.
  EXPECT_THAT(ParseIdNumber("1101051949123100号"),
              StatusIs(StatusCode::kInvalidArgument, "ID number must be 18 characters, got 17"));
}

TEST(ParseIdNumberTest, NonDigitNamesItsPosition) {
  EXPECT_THAT(ParseIdNumber("110105A9491231002X"),
              StatusIs(StatusCode::kInvalidArgument, "ID number character 7 is not a digit"));
  EXPECT_THAT(ParseIdNumber("X10105194912310020"),
              StatusIs(StatusCode::kInvalidArgument, "ID number character 1 is not a digit"));
  EXPECT_THAT(ParseIdNumber("1101051949123100 X"),
              StatusIs(StatusCode::kInvalidArgument, "ID number character 17 is not a digit"));
  EXPECT_THAT(ParseIdNumber("11010519491231002Y"),
              StatusIs(StatusCode::kInvalidArgument, "ID number character 18 is not a digit or X"));
  // Full-width digits pasted from a word processor: 18 characters, 54 bytes.
  EXPECT_THAT(ParseIdNumber("１１０１０５１９４９１２３１００２Ｘ"),
              StatusIs(StatusCode::kInvalidArgument, "ID number character 1 is not a digit"));
  EXPECT_THAT(ParseIdNumber("11010519491231002号"),
              StatusIs(StatusCode::kInvalidArgument, "ID number character 18 is not a digit or X"));
  // Invalid UTF-8 is counted byte by byte and never crashes.
  EXPECT_THAT(ParseIdNumber(std::string("\x80") + "1010519491231002X"),
              StatusIs(StatusCode::kInvalidArgument, "ID number character 1 is not a digit"));
}

TEST(ParseIdNumberTest, ZeroRegionCode) {
  EXPECT_THAT(ParseIdNumber(WithCheck("00000019900101001")),
              StatusIs(StatusCode::kInvalidArgument, "ID number region code must not be 000000"));
}

TEST(ParseIdNumberTest, ImpossibleBirthDates) {
  EXPECT_THAT(
      ParseIdNumber(WithCheck("32070619900230001")),
      StatusIs(StatusCode::kInvalidArgument, "ID number birth date 19900230 does not exist"));
  EXPECT_THAT(
      ParseIdNumber(WithCheck("32070619901301001")),
      StatusIs(StatusCode::kInvalidArgument, "ID number birth date 19901301 does not exist"));
  EXPECT_THAT(
      ParseIdNumber(WithCheck("32070619900100001")),
      StatusIs(StatusCode::kInvalidArgument, "ID number birth date 19900100 does not exist"));
  // 29 February exists only in leap years.
  EXPECT_THAT(
      ParseIdNumber(WithCheck("32070620230229001")),
      StatusIs(StatusCode::kInvalidArgument, "ID number birth date 20230229 does not exist"));
  ASSERT_OK_AND_ASSIGN(IdNumber leap, ParseIdNumber(WithCheck("32070620240229001")));
  EXPECT_EQ(leap.birth_date, Ymd(2024, 2, 29));
  // The date is checked before the checksum: a mistyped date digit breaks
  // both, and the date is the more useful message.
  EXPECT_THAT(ParseIdNumber("320706199002300018"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("19900230 does not exist")));
}

TEST(ParseIdNumberTest, BirthBefore1900) {
  // The standard's own second example is an 1880 birth: valid in 1999, not a
  // living resident now.
  EXPECT_THAT(
      ParseIdNumber("440524188001010014"),
      StatusIs(StatusCode::kInvalidArgument, "ID number birth date 1880-01-01 is before 1900"));
  EXPECT_THAT(
      ParseIdNumber(WithCheck("32070618991231001")),
      StatusIs(StatusCode::kInvalidArgument, "ID number birth date 1899-12-31 is before 1900"));
  EXPECT_OK(ParseIdNumber(WithCheck("32070619000101001")));
}

TEST(ParseIdNumberTest, FutureBirthDateOnlyWhenTodayIsGiven) {
  const std::string id = WithCheck("32070620900101001");
  EXPECT_THAT(
      ParseIdNumber(id, Ymd(2026, 6, 30)),
      StatusIs(StatusCode::kInvalidArgument, "ID number birth date 2090-01-01 is in the future"));
  EXPECT_OK(ParseIdNumber(id));
  // Born today is not the future.
  EXPECT_OK(ParseIdNumber(id, Ymd(2090, 1, 1)));
  EXPECT_THAT(ParseIdNumber(id, Ymd(2089, 12, 31)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("in the future")));
}

TEST(MakeIdNumberTest, RoundTripsForBothSexes) {
  const Date birth = Ymd(1950, 3, 4);
  for (Sex sex : {Sex::kMale, Sex::kFemale}) {
    std::set<std::string> seen;
    for (int sequence = 0; sequence <= 499; ++sequence) {
      ASSERT_OK_AND_ASSIGN(std::string text, MakeIdNumber("320706", birth, sequence, sex));
      ASSERT_OK_AND_ASSIGN(IdNumber id, ParseIdNumber(text));
      EXPECT_EQ(id.text, text);
      EXPECT_EQ(id.region_code, "320706");
      EXPECT_EQ(id.birth_date, birth);
      EXPECT_EQ(id.sex, sex) << text;
      seen.insert(text);
    }
    EXPECT_EQ(seen.size(), 500u);
  }
}

TEST(MakeIdNumberTest, OrderCodeFollowsSequenceAndSex) {
  const Date birth = Ymd(1990, 1, 1);
  ASSERT_OK_AND_ASSIGN(std::string man0, MakeIdNumber("320706", birth, 0, Sex::kMale));
  EXPECT_EQ(man0.substr(0, 17), "32070619900101001");
  ASSERT_OK_AND_ASSIGN(std::string man499, MakeIdNumber("320706", birth, 499, Sex::kMale));
  EXPECT_EQ(man499.substr(14, 3), "999");
  ASSERT_OK_AND_ASSIGN(std::string woman1, MakeIdNumber("320706", birth, 1, Sex::kFemale));
  EXPECT_EQ(woman1.substr(14, 3), "002");
  ASSERT_OK_AND_ASSIGN(std::string woman499, MakeIdNumber("320706", birth, 499, Sex::kFemale));
  EXPECT_EQ(woman499.substr(14, 3), "998");
  ASSERT_OK_AND_ASSIGN(std::string woman0, MakeIdNumber("320706", birth, 0, Sex::kFemale));
  EXPECT_EQ(woman0.substr(14, 3), "000");
}

TEST(MakeIdNumberTest, RejectsBadArguments) {
  const Date birth = Ymd(1990, 1, 1);
  EXPECT_THAT(MakeIdNumber("320706", birth, -1, Sex::kMale),
              StatusIs(StatusCode::kOutOfRange, "ID number sequence -1 is outside 0..499"));
  EXPECT_THAT(MakeIdNumber("320706", birth, 500, Sex::kFemale),
              StatusIs(StatusCode::kOutOfRange, "ID number sequence 500 is outside 0..499"));
  EXPECT_THAT(MakeIdNumber("320706", Ymd(1899, 12, 31), 0, Sex::kMale),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("is before 1900")));
  EXPECT_THAT(MakeIdNumber("32070", birth, 0, Sex::kMale),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("must be 6 digits, got 5")));
  EXPECT_THAT(MakeIdNumber("32070a", birth, 0, Sex::kMale),
              StatusIs(StatusCode::kInvalidArgument, "region code must be 6 digits"));
  EXPECT_THAT(MakeIdNumber("000000", birth, 0, Sex::kMale),
              StatusIs(StatusCode::kInvalidArgument, "region code must not be 000000"));
}

TEST(MaskIdNumberTest, KeepsRegionAndLastFour) {
  EXPECT_EQ(MaskIdNumber(kStandardExample), "110105********002X");
  EXPECT_EQ(MaskIdNumber("32070619900101001x"), "320706********001x");
}

TEST(MaskIdNumberTest, HidesMalformedNumbersEntirely) {
  EXPECT_EQ(MaskIdNumber(""), "");
  EXPECT_EQ(MaskIdNumber("110105491231002"), "***************");
  EXPECT_EQ(MaskIdNumber("11010519491231002X0"), "*******************");
  EXPECT_EQ(MaskIdNumber("张三"), "**");
  // 18 bytes but not 18 ASCII characters: nothing is shown.
  EXPECT_EQ(MaskIdNumber("110105194912310号"), "****************");
}

TEST(SexTest, NamesAndParsing) {
  EXPECT_EQ(SexName(Sex::kMale), "male");
  EXPECT_EQ(SexName(Sex::kFemale), "female");
  for (std::string_view male : {"male", "Male", "MALE", "m", "M", "男"}) {
    EXPECT_EQ(ParseSex(male), Sex::kMale) << male;
  }
  for (std::string_view female : {"female", "Female", "FEMALE", "f", "F", "女"}) {
    EXPECT_EQ(ParseSex(female), Sex::kFemale) << female;
  }
  for (std::string_view other : {"", " male", "man", "x", "男性", "1"}) {
    EXPECT_EQ(ParseSex(other), std::nullopt) << other;
  }
}

TEST(MaskPhoneTest, KeepsHeadAndTail) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("138-1234-5678"), "138****5678");
  EXPECT_EQ(MaskPhone(""), "");
  EXPECT_EQ(MaskPhone("12345"), "*****");
}

}  // namespace
}  // namespace alley::core

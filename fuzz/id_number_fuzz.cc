// libFuzzer target: ID numbers, dates and sexes parsed from arbitrary bytes.
//
// Beyond "no crash", an accepted ID number must be what MakeIdNumber builds
// from the parts ParseIdNumber read, and an accepted date must print back as
// its input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/id_number.h"
#include "core/status.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ::alley::core::Date;
  using ::alley::core::IdNumber;
  using ::alley::core::Sex;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const Date today = *Date::FromYmd(2026, 6, 30);
  alley::StatusOr<IdNumber> id = alley::core::ParseIdNumber(text, today);
  alley::StatusOr<IdNumber> undated = alley::core::ParseIdNumber(text);
  ALLEY_CHECK(!id.ok() || undated.ok(), "a number valid today must be valid undated");
  const std::string masked = alley::core::MaskIdNumber(text);
  if (undated.ok()) {
    const std::string& number = undated->text;
    ALLEY_CHECK(number.size() == 18, "a valid number has 18 characters");
    ALLEY_CHECK(
        alley::core::IdNumberCheckChar(std::string_view(number).substr(0, 17)) == number[17],
        "a valid number has the right check character");
    ALLEY_CHECK(undated->birth_date.year() >= 1900, "birth before 1900");
    ALLEY_CHECK(masked.substr(6, 8) == "********", "masking left the birth date visible");
    const int order = (number[14] - '0') * 100 + (number[15] - '0') * 10 + (number[16] - '0');
    const int sequence = undated->sex == Sex::kMale ? (order - 1) / 2 : order / 2;
    alley::StatusOr<std::string> made = alley::core::MakeIdNumber(
        undated->region_code, undated->birth_date, sequence, undated->sex);
    ALLEY_CHECK(made.ok() && *made == number, "MakeIdNumber does not rebuild a parsed number");
    if (undated->birth_date <= today) {
      ALLEY_CHECK(id.ok(), "a past birth date was rejected as future");
    }
  }

  alley::StatusOr<Date> date = Date::Parse(text);
  if (date.ok()) {
    ALLEY_CHECK(date->ToString() == text, "a parsed date prints differently");
    ALLEY_CHECK(Date::FromDays(date->days()) == *date, "days() does not round-trip");
    (void)alley::core::AgeOn(*date, today);
    (void)date->AddYears(1).AddDays(-1);
  }
  (void)alley::core::ParseSex(text);
  return 0;
}

// Resident identity numbers (公民身份号码), GB 11643-1999.
//
// An ID number has 18 characters: a 6-digit region code (the address code of
// GB/T 2260 where the number was first issued), the birth date as YYYYMMDD, a
// 3-digit order code (odd for men, even for women) and a check character
// (0-9 or X) computed with ISO 7064 MOD 11-2. The number is personal data:
// show it with MaskIdNumber, never in full, outside the screens that need it.
//
//   StatusOr<IdNumber> id = ParseIdNumber("11010519491231002X", clock.Today());
//   if (!id.ok()) return id.status().WithContext("column id_number");
//   id->birth_date;  // 1949-12-31
//   id->sex;         // Sex::kFemale
//   MaskIdNumber(id->text);  // "110105********002X"
//
//   // Synthetic residents for demos and tests:
//   StatusOr<std::string> made = MakeIdNumber("320706", birth, 7, Sex::kFemale);
//
// The region code is not checked against a region table (codes change and old
// numbers keep theirs); callers that care look it up themselves.
// Thread safety: all functions are pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/status.h"

namespace alley::core {

enum class Sex { kMale, kFemale };

// "male" or "female": the spelling stored and exported.
std::string_view SexName(Sex sex);

// Reads male/female, M/F (ASCII letters in any case) and 男/女; nullopt for
// anything else, the empty string included. Callers trim.
std::optional<Sex> ParseSex(std::string_view text);

// A valid ID number and what it says about its holder.
struct IdNumber {
  std::string text;         // the 18 characters, a lower-case check 'x' made 'X'
  std::string region_code;  // the first 6 digits
  Date birth_date;
  Sex sex = Sex::kMale;
};

// Validates `text` (exactly as given: callers trim) and decodes it. When
// `today` is given, a birth date after it is rejected. kInvalidArgument whose
// message names the broken rule, checked in this order:
//   "ID number must be 18 characters, got 15"       (counted as UTF-8 characters)
//   "ID number character 7 is not a digit"          (characters 1..17)
//   "ID number character 18 is not a digit or X"
//   "ID number region code must not be 000000"
//   "ID number birth date 19900230 does not exist"
//   "ID number birth date 1899-12-31 is before 1900"
//   "ID number birth date 2090-01-01 is in the future"
//   "ID number check character is 5, expected X"
StatusOr<IdNumber> ParseIdNumber(std::string_view text, std::optional<Date> today = std::nullopt);

// The check character ('0'..'9' or 'X') for the first 17 characters of a
// number. `first17` must be exactly 17 ASCII digits (ALLEY_CHECK).
char IdNumberCheckChar(std::string_view first17);

// Builds a valid number for synthetic data. `sequence` in 0..499 picks the
// order code: 2 * sequence + 1 for a man (001..999), 2 * sequence for a woman
// (000..998), so each region, birth date and sex has 500 distinct numbers.
// kInvalidArgument when `region6` is not 6 digits or is 000000; kOutOfRange
// when `sequence` is outside 0..499 or `birth` is before 1900-01-01.
StatusOr<std::string> MakeIdNumber(std::string_view region6, Date birth, int sequence, Sex sex);

// For display and logs: an 18-character number keeps its region code and its
// last four characters, "110105********002X"; anything else (a malformed
// number) becomes one '*' per character, so nothing of it leaks.
std::string MaskIdNumber(std::string_view text);

// For display: a phone number keeps its first three and last four digits,
// "138****5678"; separators are dropped. Fewer than 8 digits: all '*'.
// An empty number stays empty.
std::string MaskPhone(std::string_view phone);

}  // namespace alley::core

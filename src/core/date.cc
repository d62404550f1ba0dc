#include "core/date.h"

#include <string>

namespace alley::core {
namespace {

constexpr int kMinYear = 0;
constexpr int kMaxYear = 9999;

// The calendar repeats every 400 years (an "era"), which holds 146097 days.
// Counting years from 1 March makes the leap day the last day of the counted
// year, so a day's position within its year needs no leap-year test. The
// approach is Howard Hinnant's "days_from_civil" / "civil_from_days"
// (https://howardhinnant.github.io/date_algorithms.html).
constexpr int64_t kDaysPerEra = 146097;
// Days from 0000-03-01 (the start of era 0) to 1970-01-01.
constexpr int64_t kEpochOffset = 719468;

struct Civil {
  int year;
  int month;
  int day;
};

// Floor division for a positive divisor.
constexpr int64_t FloorDiv(int64_t a, int64_t b) { return (a >= 0 ? a : a - (b - 1)) / b; }

int64_t DaysFromCivil(int year, int month, int day) {
  // The counted year starts in March: January and February belong to the
  // previous one.
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = FloorDiv(y, 400);
  const int64_t year_of_era = y - era * 400;                               // [0, 399]
  const int64_t month_from_march = (month + 9) % 12;                       // March = 0
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;  // [0, 365]
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  return era * kDaysPerEra + day_of_era - kEpochOffset;
}

Civil CivilFromDays(int64_t days) {
  const int64_t z = days + kEpochOffset;
  const int64_t era = FloorDiv(z, kDaysPerEra);
  const int64_t day_of_era = z - era * kDaysPerEra;  // [0, 146096]
  // Subtract the leap days seen so far in the era, so that dividing by 365
  // gives the year; the last day of the era (a leap day) needs the third term.
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // [0, 365]
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;                // [0, 11]
  const int64_t day = day_of_year - (153 * month_from_march + 2) / 5 + 1;      // [1, 31]
  const int64_t month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return Civil{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

// `text[pos, pos + n)` as a number when every character is an ASCII digit.
std::optional<int> Digits(std::string_view text, size_t pos, size_t n) {
  int value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

void AppendPadded(std::string* out, int value, size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) out->append(width - digits.size(), '0');
  out->append(digits);
}

// Echoes short, printable input in an error message; anything else is left
// out rather than copied into logs and reject files. (Strings are appended
// piece by piece: GCC 12 at -O3 misreports "literal" + std::string as an
// overlapping memcpy, -Wrestrict, GCC bug 105651.)
std::string Quoted(std::string_view text) {
  constexpr size_t kMaxEcho = 40;
  std::string out;
  if (text.size() > kMaxEcho) {
    out.append("a ").append(std::to_string(text.size())).append("-byte string");
    return out;
  }
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return "a string with control characters";
  }
  out.append("\"").append(text).append("\"");
  return out;
}

}  // namespace

std::optional<Date> Date::FromYmd(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  return Date(DaysFromCivil(year, month, day));
}

Date Date::FromDays(int64_t days) {
  ALLEY_CHECK(days >= kMinDays && days <= kMaxDays,
              "Date::FromDays: " + std::to_string(days) + " is outside 0000-01-01..9999-12-31");
  return Date(days);
}

StatusOr<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return InvalidArgumentError("expected YYYY-MM-DD, got " + Quoted(text));
  }
  std::optional<int> year = Digits(text, 0, 4);
  std::optional<int> month = Digits(text, 5, 2);
  std::optional<int> day = Digits(text, 8, 2);
  if (!year || !month || !day) {
    return InvalidArgumentError("expected YYYY-MM-DD, got " + Quoted(text));
  }
  if (*month < 1 || *month > 12) {
    return InvalidArgumentError("month " + std::to_string(*month) + " out of range");
  }
  std::optional<Date> date = FromYmd(*year, *month, *day);
  if (!date) return InvalidArgumentError(std::string(text) + " does not exist");
  return *date;
}

int Date::year() const { return CivilFromDays(days_).year; }
int Date::month() const { return CivilFromDays(days_).month; }
int Date::day() const { return CivilFromDays(days_).day; }

std::string Date::ToString() const {
  const Civil c = CivilFromDays(days_);
  std::string out;
  out.reserve(10);
  AppendPadded(&out, c.year, 4);
  out.push_back('-');
  AppendPadded(&out, c.month, 2);
  out.push_back('-');
  AppendPadded(&out, c.day, 2);
  return out;
}

Date Date::AddDays(int64_t n) const {
  // Compare before adding so that a huge `n` cannot overflow.
  ALLEY_CHECK(n <= kMaxDays - days_ && n >= kMinDays - days_,
              "Date::AddDays: " + ToString() + " + " + std::to_string(n) +
                  " days leaves 0000-01-01..9999-12-31");
  return Date(days_ + n);
}

Date Date::AddYears(int n) const {
  const Civil c = CivilFromDays(days_);
  const int64_t year = static_cast<int64_t>(c.year) + n;
  ALLEY_CHECK(year >= kMinYear && year <= kMaxYear, "Date::AddYears: " + ToString() + " + " +
                                                        std::to_string(n) +
                                                        " years leaves 0000-01-01..9999-12-31");
  const int y = static_cast<int>(year);
  const int day = c.day <= DaysInMonth(y, c.month) ? c.day : DaysInMonth(y, c.month);
  return Date(DaysFromCivil(y, c.month, day));
}

bool IsLeapYear(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  ALLEY_CHECK(month >= 1 && month <= 12,
              "DaysInMonth: month " + std::to_string(month) + " is not 1..12");
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

int AgeOn(Date birth, Date on) {
  if (on < birth) return 0;
  const Civil b = CivilFromDays(birth.days());
  const Civil o = CivilFromDays(on.days());
  int age = o.year - b.year;
  // Not yet reached this year's birthday. A 29 Feb birthday compares after
  // every 28 Feb, so in a common year it is reached on 1 March.
  if (o.month < b.month || (o.month == b.month && o.day < b.day)) --age;
  return age;
}

}  // namespace alley::core

#include "core/id_number.h"

#include <array>
#include <string>

namespace alley::core {
namespace {

constexpr size_t kLength = 18;
constexpr size_t kRegionLength = 6;
constexpr size_t kBirthOffset = 6;  // YYYYMMDD at characters 7..14
constexpr size_t kSexDigit = 16;    // the order code's last digit: odd = male
constexpr int kMinBirthYear = 1900;
constexpr int kMaxSequence = 499;
// Shown in full when masking: the region code and the last 4 characters.
constexpr size_t kMaskKeepHead = 6;
constexpr size_t kMaskKeepTail = 4;

// GB 11643-1999, 校验码 (ISO 7064 MOD 11-2): weight i is 2^(17 - i) mod 11,
// and the check character maps the weighted sum mod 11 as below.
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::array<char, 11> kCheckChars = {'1', '0', 'X', '9', '8', '7',
                                              '6', '5', '4', '3', '2'};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
bool IsAscii(char c) { return static_cast<unsigned char>(c) < 0x80; }

// The end of the character that starts at byte `i`: a lead byte takes the
// continuation bytes after it (at most 3); any other byte, a stray
// continuation byte included, is one character. Invalid UTF-8 thus still
// splits into the characters a person would count.
size_t CharacterEnd(std::string_view text, size_t i) {
  size_t end = i + 1;
  if (IsAscii(text[i]) || IsContinuationByte(text[i])) return end;
  while (end < text.size() && end - i < 4 && IsContinuationByte(text[end])) ++end;
  return end;
}

size_t CharacterCount(std::string_view text) {
  size_t n = 0;
  for (size_t i = 0; i < text.size(); i = CharacterEnd(text, i)) ++n;
  return n;
}

// Whether character `position` (1-based) may be `c` in an 18-character number.
bool Allowed(size_t position, char c) {
  return IsDigit(c) || (position == kLength && (c == 'X' || c == 'x'));
}

int DigitsValue(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::string Pad(int value, size_t width) {
  std::string digits = std::to_string(value);
  return std::string(width > digits.size() ? width - digits.size() : 0, '0') + digits;
}

Status Invalid(std::string_view reason) {
  return InvalidArgumentError(std::string("ID number ").append(reason));
}

// The first character of an 18-character `text` that is not allowed where it
// stands; `text` must have one.
Status CharacterError(std::string_view text) {
  size_t position = 0;
  for (size_t i = 0, end = 0; i < text.size(); i = end) {
    end = CharacterEnd(text, i);
    ++position;
    if (end - i == 1 && Allowed(position, text[i])) continue;
    if (position == kLength) return Invalid("character 18 is not a digit or X");
    return Invalid("character " + std::to_string(position) + " is not a digit");
  }
  ALLEY_CHECK(false, "CharacterError called for a well-formed ID number");
  return InternalError("unreachable");
}

}  // namespace

std::string_view SexName(Sex sex) { return sex == Sex::kMale ? "male" : "female"; }

std::optional<Sex> ParseSex(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lower == "male" || lower == "m" || lower == "男") return Sex::kMale;
  if (lower == "female" || lower == "f" || lower == "女") return Sex::kFemale;
  return std::nullopt;
}

char IdNumberCheckChar(std::string_view first17) {
  ALLEY_CHECK(
      first17.size() == kWeights.size(),
      "IdNumberCheckChar needs 17 digits, got " + std::to_string(first17.size()) + " characters");
  int sum = 0;
  for (size_t i = 0; i < kWeights.size(); ++i) {
    ALLEY_CHECK(IsDigit(first17[i]), "IdNumberCheckChar needs 17 digits");
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheckChars[static_cast<size_t>(sum % 11)];
}

StatusOr<IdNumber> ParseIdNumber(std::string_view text, std::optional<Date> today) {
  const size_t characters = CharacterCount(text);
  if (characters != kLength) {
    return Invalid("must be 18 characters, got " + std::to_string(characters));
  }
  // 18 characters in more than 18 bytes: some are not ASCII (full-width
  // digits pasted from a word processor).
  if (text.size() != kLength) return CharacterError(text);
  for (size_t i = 0; i < kLength; ++i) {
    if (!Allowed(i + 1, text[i])) return CharacterError(text);
  }
  IdNumber id;
  id.text = std::string(text);
  if (id.text.back() == 'x') id.text.back() = 'X';
  id.region_code = id.text.substr(0, kRegionLength);
  if (id.region_code == "000000") return Invalid("region code must not be 000000");

  const std::string_view birth(id.text.data() + kBirthOffset, 8);
  std::optional<Date> birth_date =
      Date::FromYmd(DigitsValue(birth.substr(0, 4)), DigitsValue(birth.substr(4, 2)),
                    DigitsValue(birth.substr(6, 2)));
  if (!birth_date) return Invalid("birth date " + std::string(birth) + " does not exist");
  if (birth_date->year() < kMinBirthYear) {
    return Invalid("birth date " + birth_date->ToString() + " is before " +
                   std::to_string(kMinBirthYear));
  }
  if (today && *birth_date > *today) {
    return Invalid("birth date " + birth_date->ToString() + " is in the future");
  }
  id.birth_date = *birth_date;

  const char expected = IdNumberCheckChar(std::string_view(id.text).substr(0, kLength - 1));
  if (id.text.back() != expected) {
    return Invalid("check character is " + std::string(1, id.text.back()) + ", expected " +
                   std::string(1, expected));
  }
  id.sex = (id.text[kSexDigit] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
  return id;
}

StatusOr<std::string> MakeIdNumber(std::string_view region6, Date birth, int sequence, Sex sex) {
  if (region6.size() != kRegionLength) {
    return InvalidArgumentError("region code must be 6 digits, got " +
                                std::to_string(region6.size()) + " characters");
  }
  for (char c : region6) {
    if (!IsDigit(c)) return InvalidArgumentError("region code must be 6 digits");
  }
  if (region6 == "000000") return InvalidArgumentError("region code must not be 000000");
  if (sequence < 0 || sequence > kMaxSequence) {
    return OutOfRangeError("ID number sequence " + std::to_string(sequence) + " is outside 0.." +
                           std::to_string(kMaxSequence));
  }
  if (birth.year() < kMinBirthYear) {
    return OutOfRangeError("ID number birth date " + birth.ToString() + " is before " +
                           std::to_string(kMinBirthYear));
  }
  // GB 11643-1999, 顺序码: odd order codes for men, even ones for women.
  const int order = sex == Sex::kMale ? 2 * sequence + 1 : 2 * sequence;
  std::string text(region6);
  text += Pad(birth.year(), 4) + Pad(birth.month(), 2) + Pad(birth.day(), 2);
  text += Pad(order, 3);
  text.push_back(IdNumberCheckChar(text));
  return text;
}

std::string MaskIdNumber(std::string_view text) {
  bool ascii = text.size() == kLength;
  for (char c : text) ascii = ascii && IsAscii(c);
  if (!ascii) return std::string(CharacterCount(text), '*');
  std::string masked(text);
  for (size_t i = kMaskKeepHead; i < kLength - kMaskKeepTail; ++i) masked[i] = '*';
  return masked;
}

std::string MaskPhone(std::string_view phone) {
  // Digits only: "+86 138-1234-5678" and "13812345678" mask alike.
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits += c;
  }
  constexpr size_t kKeepHead = 3;
  constexpr size_t kKeepTail = 4;
  if (digits.size() < kKeepHead + kKeepTail + 1) return std::string(digits.size(), '*');
  for (size_t i = kKeepHead; i < digits.size() - kKeepTail; ++i) digits[i] = '*';
  return digits;
}

}  // namespace alley::core
